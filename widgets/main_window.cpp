#include "main_window.h"

#include "auto_layout.h"
#include "canvas_scene.h"
#include "canvas_view.h"
#include "diagram_renderer.h"
#include "inspector.h"
#include "palette.h"
#include "type_icons.h"

#include "model/diagram_export.h"
#include "model/model_json.h"
#include "store/project_file.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QGraphicsItem>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSaveFile>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <QUndoView>

namespace scalelab::widgets {

namespace {

const QString kProjectFilter = QStringLiteral("ScaleLab projects (*.scalelab)");
const QString kModelFilter = QStringLiteral("Models (*.json)");
const QString kOpenFilter = QStringLiteral("ScaleLab projects and models (*.scalelab *.json);;") +
                            kProjectFilter + QStringLiteral(";;") + kModelFilter +
                            QStringLiteral(";;All files (*)");

bool isProjectName(const QString &path)
{
    return path.endsWith(QLatin1String(".scalelab"), Qt::CaseInsensitive);
}

} // namespace

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setObjectName(QStringLiteral("workbench"));
    setWindowIcon(TypeIcons::icon(QStringLiteral("app")));
    model::Model empty;
    empty.name = QStringLiteral("Untitled");
    m_document.reset(empty);

    m_scene = new CanvasScene(m_document, m_undoStack, this);
    m_view = new CanvasView(m_scene, this);
    setCentralWidget(m_view);

    m_palette = new Palette(this);
    auto *paletteDock = new QDockWidget(QStringLiteral("Components"), this);
    paletteDock->setObjectName(QStringLiteral("paletteDock"));
    paletteDock->setWidget(m_palette);
    addDockWidget(Qt::LeftDockWidgetArea, paletteDock);

    m_inspector = new Inspector(m_document, m_undoStack, this);
    auto *inspectorDock = new QDockWidget(QStringLiteral("Inspector"), this);
    inspectorDock->setObjectName(QStringLiteral("inspectorDock"));
    inspectorDock->setWidget(m_inspector);
    addDockWidget(Qt::RightDockWidgetArea, inspectorDock);

    auto *history = new QUndoView(&m_undoStack, this);
    history->setEmptyLabel(QStringLiteral("<opened>"));
    auto *historyDock = new QDockWidget(QStringLiteral("Undo history"), this);
    historyDock->setObjectName(QStringLiteral("historyDock"));
    historyDock->setWidget(history);
    addDockWidget(Qt::RightDockWidgetArea, historyDock);
    historyDock->hide();

    connect(m_scene, &CanvasScene::message, this, &MainWindow::showMessage);
    connect(m_inspector, &Inspector::message, this, &MainWindow::showMessage);
    connect(m_scene, &CanvasScene::currentComponentChanged, m_inspector, &Inspector::setComponent);
    connect(m_palette, &Palette::typeActivated, this, [this](const QString &type) {
        m_scene->addComponentAt(type, m_view->mapToScene(m_view->viewport()->rect().center()));
    });
    connect(&m_undoStack, &QUndoStack::cleanChanged, this, [this](bool clean) {
        setWindowModified(!clean);
        if (clean)
            m_document.setClean();
    });

    createActions();
    auto *hint = new QLabel(
        QStringLiteral("Drag a type from the palette to add it · Shift+drag from one component "
                       "to another to connect · Alt+drag for replication"),
        this);
    hint->setStyleSheet(QStringLiteral("color: palette(mid);"));
    statusBar()->addPermanentWidget(hint);

    resize(1280, 800);
    resizeDocks({paletteDock, inspectorDock}, {190, 280}, Qt::Horizontal);
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    updateTitle();
    QTimer::singleShot(0, m_view, &CanvasView::fitToContents);
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(QStringLiteral("&File"));
    file->addAction(QStringLiteral("&New"), QKeySequence::New, this, &MainWindow::newDocument);
    file->addAction(QStringLiteral("&Open…"), QKeySequence::Open, this, &MainWindow::open);
    file->addAction(QStringLiteral("&Save"), QKeySequence::Save, this, &MainWindow::save);
    file->addAction(QStringLiteral("Save &As…"), QKeySequence::SaveAs, this, &MainWindow::saveAs);
    file->addAction(QStringLiteral("&Export…"), QKeySequence(Qt::CTRL | Qt::Key_E), this,
                    &MainWindow::exportDiagram);
    file->addSeparator();
    file->addAction(QStringLiteral("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *edit = menuBar()->addMenu(QStringLiteral("&Edit"));
    QAction *undo = m_undoStack.createUndoAction(this, QStringLiteral("&Undo"));
    undo->setShortcuts(QKeySequence::Undo);
    QAction *redo = m_undoStack.createRedoAction(this, QStringLiteral("&Redo"));
    redo->setShortcuts(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    QAction *remove =
        edit->addAction(QStringLiteral("&Delete"), m_scene, &CanvasScene::deleteSelection);
    remove->setShortcuts({QKeySequence::Delete, QKeySequence(Qt::Key_Backspace)});
    edit->addAction(QStringLiteral("Select &All"), QKeySequence::SelectAll, this, [this] {
        for (QGraphicsItem *item : m_scene->items())
            if (item->flags() & QGraphicsItem::ItemIsSelectable)
                item->setSelected(true);
    });

    QMenu *view = menuBar()->addMenu(QStringLiteral("&View"));
    view->addAction(QStringLiteral("&Fit to View"), QKeySequence(Qt::CTRL | Qt::Key_0), m_view,
                    &CanvasView::fitToContents);
    QAction *zoomIn = view->addAction(QStringLiteral("Zoom &In"), m_view, &CanvasView::zoomIn);
    zoomIn->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    view->addAction(QStringLiteral("Zoom &Out"), QKeySequence::ZoomOut, m_view,
                    &CanvasView::zoomOut);
    view->addSeparator();
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        view->addAction(dock->toggleViewAction());
}

void MainWindow::updateTitle()
{
    const QString name =
        m_path.isEmpty() ? QStringLiteral("Untitled") : QFileInfo(m_path).fileName();
    setWindowTitle(QStringLiteral("%1[*] — ScaleLab").arg(name));
    setWindowModified(!m_undoStack.isClean());
}

void MainWindow::showMessage(const QString &text)
{
    statusBar()->showMessage(text, 10000);
}

void MainWindow::newDocument()
{
    if (!maybeSave())
        return;
    model::Model empty;
    empty.name = QStringLiteral("Untitled");
    m_undoStack.clear();
    m_document.reset(empty);
    m_path.clear();
    updateTitle();
    m_view->fitToContents();
}

bool MainWindow::openFile(const QString &path)
{
    model::LoadResult loaded = store::loadAny(path);
    if (!loaded.ok()) {
        QMessageBox::warning(this, QStringLiteral("Cannot open %1").arg(QFileInfo(path).fileName()),
                             loaded.message());
        return false;
    }
    model::Model model = std::move(*loaded.model);
    completeLayout(model); // a model written by hand gets a layered drawing
    m_undoStack.clear();
    m_document.reset(std::move(model));
    m_path = path;
    updateTitle();
    m_view->fitToContents();
    // Again once the window has its final size (it may be opening right now).
    QTimer::singleShot(0, m_view, &CanvasView::fitToContents);
    showMessage(QStringLiteral("Opened %1").arg(QDir::toNativeSeparators(path)));
    return true;
}

void MainWindow::open()
{
    if (!maybeSave())
        return;
    const QString path = QFileDialog::getOpenFileName(
        this, QStringLiteral("Open model"), QFileInfo(m_path).absolutePath(), kOpenFilter);
    if (!path.isEmpty())
        openFile(path);
}

bool MainWindow::saveFile(const QString &path)
{
    QString error;
    if (isProjectName(path)) {
        store::ProjectFile::save(path, m_document.model(), &error);
    } else {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) ||
            file.write(model::serializeModel(m_document.model())) < 0 || !file.commit())
            error = QStringLiteral("%1: %2").arg(path, file.errorString());
    }
    if (!error.isEmpty()) {
        QMessageBox::warning(this, QStringLiteral("Cannot save"), error);
        return false;
    }
    m_path = path;
    m_undoStack.setClean();
    m_document.setClean();
    updateTitle();
    showMessage(QStringLiteral("Saved %1").arg(QDir::toNativeSeparators(path)));
    return true;
}

bool MainWindow::save()
{
    return m_path.isEmpty() ? saveAs() : saveFile(m_path);
}

bool MainWindow::saveAs()
{
    // A project is the workbench's own document; a plain model stays one unless asked otherwise.
    QString chosenFilter =
        m_path.isEmpty() || isProjectName(m_path) ? kProjectFilter : kModelFilter;
    QString path = QFileDialog::getSaveFileName(
        this, QStringLiteral("Save model"),
        m_path.isEmpty() ? QStringLiteral("model.scalelab") : m_path,
        kProjectFilter + QStringLiteral(";;") + kModelFilter, &chosenFilter);
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path +=
            chosenFilter == kModelFilter ? QStringLiteral(".json") : QStringLiteral(".scalelab");
    return saveFile(path);
}

bool MainWindow::maybeSave()
{
    if (m_undoStack.isClean())
        return true;
    const auto answer = QMessageBox::warning(
        this, QStringLiteral("Unsaved changes"),
        QStringLiteral("The model has changes that are not saved. Save them first?"),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::exportDiagram()
{
    // Each filter's first pattern is the extension a name without one gets.
    const QStringList filters = {
        QStringLiteral("PNG image (*.png)"),         QStringLiteral("SVG drawing (*.svg)"),
        QStringLiteral("PDF document (*.pdf)"),      QStringLiteral("Graphviz (*.dot *.gv)"),
        QStringLiteral("Mermaid (*.mmd *.mermaid)"), QStringLiteral("diagrams.net (*.drawio)"),
        QStringLiteral("ScaleLab model (*.json)")};
    const QString base =
        m_path.isEmpty() ? QStringLiteral("diagram") : QFileInfo(m_path).completeBaseName();
    const QString start = (m_path.isEmpty() ? QDir::homePath() : QFileInfo(m_path).absolutePath()) +
                          QLatin1Char('/') + base + QStringLiteral(".png");
    QString chosenFilter = filters.first();
    QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Export diagram"), start,
                                                filters.join(QStringLiteral(";;")), &chosenFilter);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty()) {
        const qsizetype star = chosenFilter.indexOf(QLatin1String("*."));
        path += chosenFilter.mid(star + 1).section(QLatin1Char(' '), 0, 0).remove(QLatin1Char(')'));
    }
    const std::optional<model::DiagramFormat> format = model::diagramFormatFromFileName(path);
    if (!format) {
        QMessageBox::warning(this, QStringLiteral("Cannot export"),
                             QStringLiteral("%1: cannot tell the format from the file name")
                                 .arg(QDir::toNativeSeparators(path)));
        return;
    }
    QString error;
    bool written = false;
    if (model::needsCanvas(*format)) {
        written = renderDiagramToFile(m_document.model(), *format, path, &error);
    } else {
        const QByteArray bytes = model::exportDiagram(m_document.model(), *format, &error);
        QSaveFile file(path);
        written = error.isEmpty() && file.open(QIODevice::WriteOnly) &&
                  file.write(bytes) == bytes.size() && file.commit();
        if (!written && error.isEmpty())
            error = QStringLiteral("%1: %2").arg(path, file.errorString());
    }
    if (!written) {
        QMessageBox::warning(this, QStringLiteral("Cannot export"), error);
        return;
    }
    showMessage(QStringLiteral("Exported %1").arg(QDir::toNativeSeparators(path)));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    event->accept();
}

} // namespace scalelab::widgets
