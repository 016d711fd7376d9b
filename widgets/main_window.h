#pragma once

#include "model/architecture_document.h"

#include <QMainWindow>
#include <QUndoStack>

class QLabel;

namespace scalelab::widgets {

class CanvasScene;
class CanvasView;
class Inspector;
class Palette;

// The workbench window: the canvas in the middle, the palette and the inspector as docks, the
// undo history, and the file commands. It owns the document and the one undo stack.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);

    model::ArchitectureDocument &document() { return m_document; }
    QUndoStack &undoStack() { return m_undoStack; }
    CanvasScene *scene() const { return m_scene; }
    CanvasView *view() const { return m_view; }
    Inspector *inspector() const { return m_inspector; }
    QString filePath() const { return m_path; }

    // Opens a model file; on an error shows the loader's message and keeps the current model.
    bool openFile(const QString &path);
    bool saveFile(const QString &path); // atomically; the document becomes clean

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void newDocument();
    void open();
    bool save();
    bool saveAs();
    bool maybeSave();
    void exportDiagram(); // File > Export…: a picture of the canvas or a text diagram
    void updateTitle();
    void showMessage(const QString &text);

    model::ArchitectureDocument m_document;
    QUndoStack m_undoStack;
    CanvasScene *m_scene = nullptr;
    CanvasView *m_view = nullptr;
    Palette *m_palette = nullptr;
    Inspector *m_inspector = nullptr;
    QString m_path;
};

} // namespace scalelab::widgets
