#pragma once

#include "model/architecture_document.h"

#include <QMainWindow>
#include <QTimer>
#include <QUndoStack>

#include <functional>

class QDockWidget;
class QLabel;
class QMenu;

namespace scalelab::run {
class SimulationController;
}

namespace scalelab::widgets {

class CanvasScene;
class CanvasView;
class Inspector;
class LessonPanel;
class Palette;
class RunBar;
class RunsPanel;

// The workbench window: the canvas in the middle, the palette and the inspector as docks, the
// undo history, and the file commands. It owns the document and the one undo stack.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    static constexpr char kModelMimeType[] = "application/x-scalelab-model";
    static constexpr int kMaxRecentFiles = 8;
    // The docks' arrangement as saved in the settings; a saved layout of another version is not
    // restored (the docks moved).
    static constexpr int kLayoutVersion = 2;

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    model::ArchitectureDocument &document() { return m_document; }
    QUndoStack &undoStack() { return m_undoStack; }
    CanvasScene *scene() const { return m_scene; }
    CanvasView *view() const { return m_view; }
    Inspector *inspector() const { return m_inspector; }
    // The live run behind the run bar, the overlays, the charts, the log and the trace; every
    // view of a run connects to its snapshotReady() and finished() signals.
    run::SimulationController *controller() const { return m_controller; }
    RunBar *runBar() const { return m_runBar; }
    // Every finished run of the document; saved with it when it is a project.
    RunsPanel *runsPanel() const { return m_runsPanel; }
    // The guided lessons, in a dock of their own.
    LessonPanel *lessonPanel() const { return m_lessonPanel; }
    QDockWidget *lessonsDock() const { return m_lessonsDock; }
    QString filePath() const { return m_path; }

    // View > Reset Layout: every dock where a first start puts it, sized for the window's size
    // so that the canvas has most of it.
    void applyDefaultLayout();

    // Opens a model file; on an error shows the loader's message and keeps the current model.
    bool openFile(const QString &path);
    bool saveFile(const QString &path); // atomically; the document becomes clean

    // The clipboard, through the model format, so that it pastes between two windows: the
    // selected components with their parameters, the links among them and their positions. A
    // selected link brings its two ends, so that copying a lone link copies both ends and it.
    bool copySelection();
    void cutSelection(); // copy and delete the selection, one step (a link's ends stay)
    bool paste();        // one step; the pasted items become the selection
    void duplicateSelection();
    // Adds a model fragment (JSON) as one step: colliding ids renamed, links rewritten to match,
    // positions offset by +30,+30. Refused (status bar message, nothing changes) unless the
    // loader accepts it.
    bool pasteFragment(const QByteArray &json);

    // The most recently opened or saved files, newest first, at most kMaxRecentFiles.
    static QStringList recentFiles();
    static void addRecentFile(const QString &path);
    static void clearRecentFiles();
    QMenu *recentMenu() const { return m_recentMenu; }

    // Autosave: while modified, the model is written to a recovery file every interval; the
    // file goes when the document is saved, becomes clean or the window closes cleanly.
    void setAutosaveInterval(int milliseconds) { m_autosave.setInterval(milliseconds); }
    QString recoveryFilePath() const { return m_recoveryPath; }
    bool writeRecoveryFile();
    static QString recoveryDirectory();
    // Offers the recovery files that a process no longer running left behind; a recovered model
    // becomes this window's modified, untitled document. Returns whether one was recovered.
    bool offerRecovery();
    // On a learner's first start (no lesson ever opened), shows the lessons with lesson 1
    // offered: not a dialog, nothing to dismiss before working. The program's start calls it;
    // tests that open files do not.
    bool offerFirstLesson();
    // Puts `model` on the canvas as a new untitled document, after offering to save the one
    // there (as New does); false when that was cancelled.
    bool newDocumentFrom(model::Model model);
    // Answers "Recover unsaved work?" for a file; unset, a message box asks. Tests set it.
    static std::function<bool(const QString &recoveryFile)> recoveryDecision;

    // The questions the file commands ask, each answered by a native dialog unless a test sets
    // its hook (as recoveryDecision above).
    enum class FileDialog { Open, SaveAs, Export };
    // Answers a file dialog: the chosen path, or empty for Cancel. `suggested` is where the
    // dialog would start; `filters` its choices of type, and `*chosenFilter` the one selected
    // (it starts as the dialog's default and may be changed, as a user picking another type).
    static std::function<QString(FileDialog dialog, const QString &suggested,
                                 const QStringList &filters, QString *chosenFilter)>
        fileDialogAnswer;
    // Answers "The model has changes that are not saved" before New, Open, Close or Quit.
    enum class UnsavedChanges { Save, Discard, Cancel };
    static std::function<UnsavedChanges()> unsavedChangesAnswer;
    // Receives a warning (a file that cannot be opened, saved or exported) instead of a message
    // box.
    static std::function<void(const QString &title, const QString &text)> warningShown;

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
    QString askForFile(FileDialog dialog, const QString &caption, const QString &suggested,
                       const QStringList &filters, QString *chosenFilter);
    void warn(const QString &title, const QString &text);
    // The components a copy takes: the selected ones and the ends of the selected links.
    QStringList copiedComponentIds() const;
    QList<int> selectedLinkIndices() const;
    void updateTitle();
    void showMessage(const QString &text);
    void updateRecentMenu();
    void removeRecoveryFile();
    int lessonsWidth() const;
    void sizeDefaultDocks();

    model::ArchitectureDocument m_document;
    QUndoStack m_undoStack;
    CanvasScene *m_scene = nullptr;
    CanvasView *m_view = nullptr;
    Palette *m_palette = nullptr;
    Inspector *m_inspector = nullptr;
    run::SimulationController *m_controller = nullptr;
    RunBar *m_runBar = nullptr;
    RunsPanel *m_runsPanel = nullptr;
    LessonPanel *m_lessonPanel = nullptr;
    QDockWidget *m_lessonsDock = nullptr;
    QString m_path;
    QMenu *m_recentMenu = nullptr;
    QAction *m_paletteNames = nullptr;
    bool m_layoutRestored = false; // the settings held a layout of this version
    QTimer m_autosave;
    QString m_recoveryPath;
};

} // namespace scalelab::widgets
