#include "widgets/main_window.h"

#include "widgets/canvas/canvas_scene.h"
#include "widgets/canvas/canvas_view.h"
#include "widgets/canvas/component_item.h"
#include "widgets/canvas/link_item.h"
#include "widgets/diagram/auto_layout.h"
#include "widgets/diagram/diagram_renderer.h"
#include "widgets/diagram/type_icons.h"
#include "widgets/editing/edit_commands.h"
#include "widgets/editing/inspector.h"
#include "widgets/editing/palette.h"
#include "widgets/lessons/lesson_panel.h"
#include "widgets/run/charts_dock.h"
#include "widgets/run/event_log_dock.h"
#include "widgets/run/run_bar.h"
#include "widgets/run/runs_panel.h"
#include "widgets/run/sweep_dialog.h"
#include "widgets/run/trace_panel.h"

#include "model/component_kind.h"
#include "model/diagram_export.h"
#include "model/model_json.h"
#include "run/simulation_controller.h"
#include "store/project_file.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDir>
#include <QDirIterator>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QGraphicsItem>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSet>

#include <QScreen>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <QUndoView>
#include <algorithm>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <csignal>
#include <limits>
#endif

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

const QString kRecentKey = QStringLiteral("recentFiles");
const QPointF kPasteOffset(30, 30);

// Whether the process that wrote a recovery file still runs: its file is then in use, not left
// behind by a crash.
bool processRunning(qint64 pid)
{
    if (pid <= 0)
        return false;
    if (pid == QCoreApplication::applicationPid())
        return true;
#ifdef Q_OS_UNIX
    if (pid > std::numeric_limits<pid_t>::max())
        return false;
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
#else
    return false;
#endif
}

// The pasted components in an order where each comes after the pasted ones it names (a standby
// after its active peer, a monitor after what it watches): each is added to a model that must
// stay valid, so a name may only point back. Otherwise the clipboard's order is kept.
QList<model::Component> referencesFirst(QList<model::Component> pending)
{
    QSet<QString> pasted;
    for (const model::Component &c : pending)
        pasted.insert(c.id);
    QList<model::Component> ordered;
    QSet<QString> placed;
    while (!pending.isEmpty()) {
        const auto ready = std::find_if(pending.begin(), pending.end(), [&](const auto &c) {
            const QStringList named = model::referencedIds(c);
            return std::all_of(named.begin(), named.end(), [&](const QString &id) {
                return id == c.id || !pasted.contains(id) || placed.contains(id);
            });
        });
        // A circle of names has no first member: its order cannot help, so keep the clipboard's.
        const auto next = ready == pending.end() ? pending.begin() : ready;
        placed.insert(next->id);
        ordered.append(*next);
        pending.erase(next);
    }
    return ordered;
}

// "web-3" -> "web": a renamed copy of a copy is web-4, not web-3-2.
QString idStem(const QString &id)
{
    static const QRegularExpression numbered(QStringLiteral("^(.+)-\\d+$"));
    const QRegularExpressionMatch match = numbered.match(id);
    return match.hasMatch() ? match.captured(1) : id;
}

// The selected components of `source` with the links among them, the selected links with both
// their ends, and these components' regions and positions: a model of its own, in the model
// format. Two components that came only as a link's ends bring no other link between them.
model::Model fragmentOf(const model::Model &source, const QStringList &ids, const QList<int> &links)
{
    QSet<QString> taken(ids.cbegin(), ids.cend());
    for (int i : links) {
        taken.insert(source.links.at(i).from);
        taken.insert(source.links.at(i).to);
    }
    model::Model fragment;
    fragment.name = QStringLiteral("Clipboard");
    QSet<QString> regions;
    for (const model::Component &c : source.components) {
        if (!taken.contains(c.id))
            continue;
        fragment.components.append(c);
        if (source.layout.contains(c.id))
            fragment.layout.insert(c.id, source.layout.value(c.id));
        if (!c.region.isEmpty())
            regions.insert(c.region);
    }
    for (const model::Region &region : source.regions)
        if (regions.contains(region.id))
            fragment.regions.append(region);
    for (qsizetype i = 0; i < source.links.size(); ++i) {
        const model::Link &link = source.links.at(i);
        if (links.contains(int(i)) || (ids.contains(link.from) && ids.contains(link.to)))
            fragment.links.append(link);
    }
    return fragment;
}

int g_windowSerial = 0;

} // namespace

std::function<bool(const QString &)> MainWindow::recoveryDecision;
std::function<QString(MainWindow::FileDialog, const QString &, const QStringList &, QString *)>
    MainWindow::fileDialogAnswer;
std::function<MainWindow::UnsavedChanges()> MainWindow::unsavedChangesAnswer;
std::function<void(const QString &, const QString &)> MainWindow::warningShown;

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setObjectName(QStringLiteral("workbench"));
    setWindowIcon(diagram::TypeIcons::icon(QStringLiteral("app")));
    model::Model empty;
    empty.name = QStringLiteral("Untitled");
    m_document.reset(empty);

    m_controller = new run::SimulationController(this);
    m_scene = new CanvasScene(m_document, m_undoStack, this);
    m_view = new CanvasView(m_scene, this);
    setCentralWidget(m_view);
    m_runBar = new RunBar(*m_controller, m_document, m_scene, this);
    addToolBar(Qt::TopToolBarArea, m_runBar);
    connect(m_runBar, &RunBar::message, this, &MainWindow::showMessage);
    // Why the design cannot run stays in view while it holds; passing messages do not hide it.
    auto *whyNot = new QLabel(statusBar());
    whyNot->setObjectName(QStringLiteral("whyNotRunnable"));
    whyNot->setText(m_runBar->whyNotRunnable());
    whyNot->setVisible(!whyNot->text().isEmpty());
    statusBar()->addPermanentWidget(whyNot);
    connect(m_runBar, &RunBar::whyNotRunnableChanged, whyNot, [whyNot](const QString &why) {
        whyNot->setText(why);
        whyNot->setVisible(!why.isEmpty());
    });

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

    // The run over time and what happened in it, tabbed together under the inspector
    // (applyDefaultLayout() places every dock).
    auto *chartsDock = new ChartsDock(this);
    chartsDock->setModelSource([this] { return &m_document.model(); });
    auto *eventLogDock = new EventLogDock(this);
    addDockWidget(Qt::RightDockWidgetArea, chartsDock);
    tabifyDockWidget(chartsDock, eventLogDock);
    chartsDock->raise();
    connect(m_controller, &run::SimulationController::snapshotReady, chartsDock,
            &ChartsDock::showSnapshot);
    connect(m_controller, &run::SimulationController::snapshotReady, eventLogDock,
            &EventLogDock::showSnapshot);
    // Another design altogether: the charts and the log of the last one's run would mislead.
    connect(&m_document, &model::ArchitectureDocument::modelReset, chartsDock, &ChartsDock::clear);
    connect(&m_document, &model::ArchitectureDocument::modelReset, eventLogDock,
            &EventLogDock::clear);
    connect(chartsDock, &ChartsDock::message, this, &MainWindow::showMessage);

    // Every finished run, kept with the document and compared two at a time.
    m_runsPanel = new RunsPanel(this);
    m_runsPanel->attach(m_controller);
    auto *runsDock = new QDockWidget(QStringLiteral("Runs"), this);
    runsDock->setObjectName(QStringLiteral("runsDock"));
    runsDock->setWidget(m_runsPanel);
    addDockWidget(Qt::RightDockWidgetArea, runsDock);
    tabifyDockWidget(eventLogDock, runsDock);
    chartsDock->raise();
    connect(m_runsPanel, &RunsPanel::message, this, &MainWindow::showMessage);

    // One request followed hop by hop, with the run's other views; it comes to the front by
    // itself when a trace starts.
    auto *traceDock = new TracePanel(m_controller, m_scene, this);
    addDockWidget(Qt::RightDockWidgetArea, traceDock);
    tabifyDockWidget(runsDock, traceDock);
    chartsDock->raise();
    connect(m_controller, &run::SimulationController::snapshotReady, traceDock,
            &TracePanel::showSnapshot);
    traceDock->setLoader([this] { return m_runBar->loadModel(); });

    // The lessons at the far left, read before the palette is reached for; hidden until asked
    // for (Help > Lessons) or offered on a first start.
    m_lessonPanel = new LessonPanel(m_document, m_undoStack, m_controller, this);
    m_lessonPanel->setDocumentStarter(
        [this](const model::Model &model) { return newDocumentFrom(model); });
    m_lessonsDock = new QDockWidget(QStringLiteral("Lessons"), this);
    m_lessonsDock->setObjectName(QStringLiteral("lessonsDock"));
    m_lessonsDock->setWidget(m_lessonPanel);
    addDockWidget(Qt::LeftDockWidgetArea, m_lessonsDock);
    splitDockWidget(m_lessonsDock, paletteDock, Qt::Horizontal);
    m_lessonsDock->hide();
    // A lesson is read top to bottom: the left docks take the window's whole height.
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    connect(m_lessonsDock, &QDockWidget::visibilityChanged, this,
            [this, paletteDock](bool visible) {
                // Wide enough for the text to read, whichever way the dock came up, and not at
                // the palette's expense.
                const int readable = lessonsWidth();
                if (visible && !m_lessonsDock->isFloating() && m_lessonsDock->width() < readable)
                    resizeDocks({m_lessonsDock, paletteDock},
                                {readable, m_palette->sizeHint().width()}, Qt::Horizontal);
            });
    connect(m_lessonPanel, &LessonPanel::message, this, &MainWindow::showMessage);
    // A whole design replaced (a lesson's start or solution, or the undo of that): show all of it.
    connect(&m_document, &model::ArchitectureDocument::modelReset, m_view,
            [this] { QTimer::singleShot(0, m_view, &CanvasView::fitToContents); });

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
        // Autosave only while there is something a crash would lose.
        if (clean) {
            m_autosave.stop();
            removeRecoveryFile();
        } else if (!m_autosave.isActive()) {
            m_autosave.start();
        }
    });

    // One file per window: the process id tells a crashed writer from a running one.
    m_recoveryPath =
        recoveryDirectory() +
        QStringLiteral("/%1-%2.json").arg(QCoreApplication::applicationPid()).arg(++g_windowSerial);
    m_autosave.setInterval(60 * 1000);
    connect(&m_autosave, &QTimer::timeout, this, &MainWindow::writeRecoveryFile);

    createActions();
    auto *hint = new QLabel(
        QStringLiteral("Drag a type from the palette to add it · Shift+drag from one component "
                       "to another to connect · Alt+drag for replication"),
        this);
    hint->setStyleSheet(QStringLiteral("color: palette(mid);"));
    statusBar()->addPermanentWidget(hint);

    // A first start fits the screen it opens on; later starts come back as they were left.
    QSize first(1280, 800);
    QRect area(QPoint(0, 0), first);
    if (const QScreen *screen = QGuiApplication::primaryScreen()) {
        area = screen->availableGeometry();
        // Room for the window manager's title bar, which the available area still includes.
        first = QSize(std::min(area.width(), 1600), std::min(area.height() - 32, 1000));
    }
    resize(first); // the default layout is chosen for this size
    applyDefaultLayout();
    move(area.center() - QPoint(first.width(), first.height()) / 2);
    QSettings settings;
    const bool placed =
        restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    // Until it is shown the window counts every dock as if none were tabbed, and would not
    // shrink to fit a laptop's screen: it takes its size once laid out.
    if (!placed)
        QTimer::singleShot(0, this, [this, first] {
            if (width() == first.width() && height() > first.height())
                resize(first);
        });
    // A layout saved by a version that placed its docks otherwise is left behind.
    m_layoutRestored =
        restoreState(settings.value(QStringLiteral("window/state")).toByteArray(), kLayoutVersion);
    if (m_layoutRestored)
        m_palette->setCompact(!settings.value(QStringLiteral("view/paletteNames")).toBool());
    m_paletteNames->setChecked(!m_palette->isCompact());
    updateTitle();
    QTimer::singleShot(0, m_view, &CanvasView::fitToContents);
}

void MainWindow::applyDefaultLayout()
{
    const auto dock = [this](const char *name) {
        return findChild<QDockWidget *>(QLatin1String(name));
    };
    QDockWidget *palette = dock("paletteDock");
    QDockWidget *inspector = dock("inspectorDock");
    QDockWidget *history = dock("historyDock");
    QDockWidget *charts = dock("chartsDock");
    QDockWidget *eventLog = dock("eventLogDock");
    QDockWidget *runs = dock("runsDock");
    QDockWidget *trace = dock("traceDock");
    for (QDockWidget *d : findChildren<QDockWidget *>())
        d->setFloating(false);
    // A laptop's window keeps the palette to a column of icons; a wide one names them.
    const bool narrow = width() < 1600;
    m_palette->setCompact(narrow);
    if (m_paletteNames)
        m_paletteNames->setChecked(!narrow);

    // Left: the lesson being read (when one is), then the palette. Right: what is selected
    // over the run's views. Nothing sits below the canvas, so it keeps the window's height.
    addDockWidget(Qt::LeftDockWidgetArea, m_lessonsDock);
    addDockWidget(Qt::LeftDockWidgetArea, palette);
    splitDockWidget(m_lessonsDock, palette, Qt::Horizontal);
    addDockWidget(Qt::RightDockWidgetArea, inspector);
    addDockWidget(Qt::RightDockWidgetArea, charts);
    splitDockWidget(inspector, charts, Qt::Vertical);
    tabifyDockWidget(inspector, history);
    tabifyDockWidget(charts, eventLog);
    tabifyDockWidget(eventLog, runs);
    tabifyDockWidget(runs, trace);
    for (QDockWidget *d : {palette, inspector, charts, eventLog, runs, trace})
        d->show();
    history->hide();
    inspector->raise();
    charts->raise();

    // Sized once the window has laid the docks out: sizes asked of a window not yet shown can
    // make it grow past the screen.
    if (isVisible())
        sizeDefaultDocks();
    else
        QTimer::singleShot(0, this, [this] {
            if (!m_layoutRestored)
                sizeDefaultDocks();
        });
}

void MainWindow::sizeDefaultDocks()
{
    QDockWidget *palette = findChild<QDockWidget *>(QStringLiteral("paletteDock"));
    QDockWidget *inspector = findChild<QDockWidget *>(QStringLiteral("inspectorDock"));
    QDockWidget *charts = findChild<QDockWidget *>(QStringLiteral("chartsDock"));
    const int right = std::clamp(width() / 5, 340, 400);
    resizeDocks({palette, inspector}, {m_palette->sizeHint().width(), right}, Qt::Horizontal);
    const int column = inspector->height() + charts->height();
    resizeDocks({inspector, charts}, {column * 45 / 100, column - column * 45 / 100}, Qt::Vertical);
    if (m_lessonsDock->isVisible())
        resizeDocks({m_lessonsDock}, {lessonsWidth()}, Qt::Horizontal);
}

int MainWindow::lessonsWidth() const
{
    // Wide enough for the text to read comfortably, and no more on a narrow window.
    const int readable = m_lessonPanel->fontMetrics().averageCharWidth() * 58;
    return std::min(readable, std::max(260, width() * 26 / 100));
}

MainWindow::~MainWindow()
{
    // The undo stack outlives the autosave timer (members go in reverse order) and tells of a
    // clean state as it empties itself: that must not reach the timer, already gone.
    m_undoStack.disconnect(this);
    removeRecoveryFile();
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(QStringLiteral("&File"));
    // Named, so that tests can choose them as a user would.
    file->addAction(QStringLiteral("&New"), QKeySequence::New, this, &MainWindow::newDocument)
        ->setObjectName(QStringLiteral("actionNew"));
    file->addAction(QStringLiteral("&Open…"), QKeySequence::Open, this, &MainWindow::open)
        ->setObjectName(QStringLiteral("actionOpen"));
    m_recentMenu = file->addMenu(QStringLiteral("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::updateRecentMenu);
    updateRecentMenu();
    file->addAction(QStringLiteral("&Save"), QKeySequence::Save, this, &MainWindow::save)
        ->setObjectName(QStringLiteral("actionSave"));
    file->addAction(QStringLiteral("Save &As…"), QKeySequence::SaveAs, this, &MainWindow::saveAs)
        ->setObjectName(QStringLiteral("actionSaveAs"));
    file->addAction(QStringLiteral("&Export…"), QKeySequence(Qt::CTRL | Qt::Key_E), this,
                    &MainWindow::exportDiagram)
        ->setObjectName(QStringLiteral("actionExport"));
    file->addSeparator();
    file->addAction(QStringLiteral("&Quit"), QKeySequence::Quit, this, &QWidget::close)
        ->setObjectName(QStringLiteral("actionQuit"));

    QMenu *edit = menuBar()->addMenu(QStringLiteral("&Edit"));
    QAction *undo = m_undoStack.createUndoAction(this, QStringLiteral("&Undo"));
    undo->setShortcuts(QKeySequence::Undo);
    QAction *redo = m_undoStack.createRedoAction(this, QStringLiteral("&Redo"));
    redo->setShortcuts(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction(QStringLiteral("Cu&t"), QKeySequence::Cut, this, &MainWindow::cutSelection);
    edit->addAction(QStringLiteral("&Copy"), QKeySequence::Copy, this, &MainWindow::copySelection);
    edit->addAction(QStringLiteral("&Paste"), QKeySequence::Paste, this, &MainWindow::paste);
    edit->addAction(QStringLiteral("D&uplicate"), QKeySequence(Qt::CTRL | Qt::Key_D), this,
                    &MainWindow::duplicateSelection);
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
    view->addAction(m_runBar->animateLinksAction());
    view->addSeparator();
    m_paletteNames = view->addAction(QStringLiteral("Palette &Names"));
    m_paletteNames->setObjectName(QStringLiteral("actionPaletteNames"));
    m_paletteNames->setCheckable(true);
    m_paletteNames->setStatusTip(
        QStringLiteral("Show each component type's name beside its icon in the palette"));
    connect(m_paletteNames, &QAction::toggled, this, [this](bool names) {
        m_palette->setCompact(!names);
        auto *dock = findChild<QDockWidget *>(QStringLiteral("paletteDock"));
        if (dock && isVisible())
            resizeDocks({dock}, {m_palette->sizeHint().width()}, Qt::Horizontal);
    });
    QAction *resetLayout =
        view->addAction(QStringLiteral("&Reset Layout"), this, &MainWindow::applyDefaultLayout);
    resetLayout->setObjectName(QStringLiteral("actionResetLayout"));
    resetLayout->setStatusTip(
        QStringLiteral("Put every panel back where it starts, sized so the canvas has most of "
                       "the window"));
    view->addSeparator();
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        view->addAction(dock->toggleViewAction());

    menuBar()->addMenu(m_runBar->menu());
    QMenu *help = menuBar()->addMenu(QStringLiteral("&Help"));
    QAction *lessonsAction = help->addAction(QStringLiteral("&Lessons"), this, [this] {
        m_lessonsDock->show();
        m_lessonsDock->raise();
        m_lessonPanel->setFocus();
    });
    lessonsAction->setShortcut(QKeySequence::HelpContents);
    lessonsAction->setObjectName(QStringLiteral("actionLessons"));
    lessonsAction->setStatusTip(
        QStringLiteral("The guided lessons: the chapter step by step, checked by the engine"));
    m_runBar->menu()->addSeparator();
    m_runBar->menu()
        ->addAction(QStringLiteral("Load &Sweep…"), this,
                    [this] {
                        auto *sweep = new SweepDialog(m_document.model(), this);
                        sweep->setAttribute(Qt::WA_DeleteOnClose);
                        sweep->show();
                    })
        ->setObjectName(QStringLiteral("actionLoadSweep"));
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

QString MainWindow::askForFile(FileDialog dialog, const QString &caption, const QString &suggested,
                               const QStringList &filters, QString *chosenFilter)
{
    if (fileDialogAnswer)
        return fileDialogAnswer(dialog, suggested, filters, chosenFilter);
    const QString filter = filters.join(QStringLiteral(";;"));
    return dialog == FileDialog::Open
               ? QFileDialog::getOpenFileName(this, caption, suggested, filter, chosenFilter)
               : QFileDialog::getSaveFileName(this, caption, suggested, filter, chosenFilter);
}

void MainWindow::warn(const QString &title, const QString &text)
{
    if (warningShown)
        warningShown(title, text);
    else
        QMessageBox::warning(this, title, text);
}

void MainWindow::newDocument()
{
    model::Model empty;
    empty.name = QStringLiteral("Untitled");
    newDocumentFrom(std::move(empty));
}

bool MainWindow::newDocumentFrom(model::Model model)
{
    if (!maybeSave())
        return false;
    diagram::completeLayout(model);
    m_undoStack.clear();
    m_document.reset(std::move(model));
    m_path.clear();
    m_runsPanel->setRuns({}, true);
    updateTitle();
    m_view->fitToContents();
    return true;
}

bool MainWindow::offerFirstLesson()
{
    if (!m_lessonPanel->offerFirstLesson())
        return false;
    m_lessonsDock->show();
    m_lessonsDock->raise();
    return true;
}

bool MainWindow::openFile(const QString &path)
{
    model::LoadResult loaded = store::loadAny(path);
    if (!loaded.ok()) {
        warn(QStringLiteral("Cannot open %1").arg(QFileInfo(path).fileName()), loaded.message());
        return false;
    }
    model::Model model = std::move(*loaded.model);
    diagram::completeLayout(model); // a model written by hand gets a layered drawing
    QString runsError;
    const bool project = store::ProjectFile::isProject(path);
    QList<store::StoredRun> runs =
        project ? store::ProjectFile::loadRuns(path, &runsError) : QList<store::StoredRun>();
    m_undoStack.clear();
    m_document.reset(std::move(model));
    m_runsPanel->setRuns(std::move(runs), project);
    if (!runsError.isEmpty())
        warn(QStringLiteral("Cannot read the runs"), runsError);
    m_path = path;
    addRecentFile(path);
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
    const QString path =
        askForFile(FileDialog::Open, QStringLiteral("Open model"), QFileInfo(m_path).absolutePath(),
                   kOpenFilter.split(QStringLiteral(";;")), nullptr);
    if (!path.isEmpty())
        openFile(path);
}

bool MainWindow::saveFile(const QString &path)
{
    QString error;
    if (isProjectName(path)) {
        store::ProjectFile::save(path, m_document.model(), m_runsPanel->history().runs(), &error);
    } else {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) ||
            file.write(model::serializeModel(m_document.model())) < 0 || !file.commit())
            error = QStringLiteral("%1: %2").arg(path, file.errorString());
    }
    if (!error.isEmpty()) {
        warn(QStringLiteral("Cannot save"), error);
        return false;
    }
    m_path = path;
    addRecentFile(path);
    m_runsPanel->setCanKeepRuns(isProjectName(path));
    if (isProjectName(path))
        m_runsPanel->markSaved();
    m_undoStack.setClean();
    m_document.setClean();
    removeRecoveryFile(); // the work is safe in its file now
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
    QString path = askForFile(FileDialog::SaveAs, QStringLiteral("Save model"),
                              m_path.isEmpty() ? QStringLiteral("model.scalelab") : m_path,
                              {kProjectFilter, kModelFilter}, &chosenFilter);
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path +=
            chosenFilter == kModelFilter ? QStringLiteral(".json") : QStringLiteral(".scalelab");
    return saveFile(path);
}

bool MainWindow::maybeSave()
{
    // Runs not yet saved count too, unless the document is a model file that cannot hold them.
    if (m_undoStack.isClean() &&
        (!m_runsPanel->hasUnsavedRuns() || (!m_path.isEmpty() && !isProjectName(m_path))))
        return true;
    UnsavedChanges answer = UnsavedChanges::Cancel;
    if (unsavedChangesAnswer) {
        answer = unsavedChangesAnswer();
    } else {
        // Say what would be lost: edits to the model, runs kept only in memory, or both.
        const QString what =
            m_undoStack.isClean() ? QStringLiteral("Some runs are not saved in the project yet.")
            : m_runsPanel->hasUnsavedRuns()
                ? QStringLiteral("The model has unsaved changes, and some runs are not saved yet.")
                : QStringLiteral("The model has changes that are not saved.");
        const auto button = QMessageBox::warning(
            this, QStringLiteral("Unsaved changes"), what + QStringLiteral(" Save them first?"),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
        answer = button == QMessageBox::Save      ? UnsavedChanges::Save
                 : button == QMessageBox::Discard ? UnsavedChanges::Discard
                                                  : UnsavedChanges::Cancel;
    }
    if (answer == UnsavedChanges::Save)
        return save(); // false when the Save As dialog is cancelled: nothing is dropped
    return answer == UnsavedChanges::Discard;
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
    QString path = askForFile(FileDialog::Export, QStringLiteral("Export diagram"), start, filters,
                              &chosenFilter);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty()) {
        const qsizetype star = chosenFilter.indexOf(QLatin1String("*."));
        path += chosenFilter.mid(star + 1).section(QLatin1Char(' '), 0, 0).remove(QLatin1Char(')'));
    }
    const std::optional<model::DiagramFormat> format = model::diagramFormatFromFileName(path);
    if (!format) {
        warn(QStringLiteral("Cannot export"),
             QStringLiteral("%1: cannot tell the format from the file name")
                 .arg(QDir::toNativeSeparators(path)));
        return;
    }
    QString error;
    bool written = false;
    if (model::needsCanvas(*format)) {
        written = diagram::renderDiagramToFile(m_document.model(), *format, path, &error);
    } else {
        const QByteArray bytes = model::exportDiagram(m_document.model(), *format, &error);
        QSaveFile file(path);
        written = error.isEmpty() && file.open(QIODevice::WriteOnly) &&
                  file.write(bytes) == bytes.size() && file.commit();
        if (!written && error.isEmpty())
            error = QStringLiteral("%1: %2").arg(path, file.errorString());
    }
    if (!written) {
        warn(QStringLiteral("Cannot export"), error);
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
    settings.setValue(QStringLiteral("window/state"), saveState(kLayoutVersion));
    settings.setValue(QStringLiteral("view/paletteNames"), !m_palette->isCompact());
    m_autosave.stop();
    removeRecoveryFile();
    event->accept();
}

QList<int> MainWindow::selectedLinkIndices() const
{
    QList<int> links;
    const QList<LinkItem *> &items = m_scene->linkItems(); // in model link order
    for (qsizetype i = 0; i < items.size(); ++i)
        if (items.at(i)->isSelected())
            links.append(int(i));
    return links;
}

QStringList MainWindow::copiedComponentIds() const
{
    const model::Model &m = m_document.model();
    const QStringList selected = m_scene->selectedComponentIds();
    const QList<int> links = selectedLinkIndices();
    QStringList ids;
    for (const model::Component &c : m.components) {
        bool taken = selected.contains(c.id);
        for (qsizetype k = 0; k < links.size() && !taken; ++k)
            taken = m.links.at(links.at(k)).from == c.id || m.links.at(links.at(k)).to == c.id;
        if (taken)
            ids.append(c.id);
    }
    return ids;
}

bool MainWindow::copySelection()
{
    const QStringList ids = copiedComponentIds();
    if (ids.isEmpty()) {
        showMessage(QStringLiteral("Nothing to copy: select components or links first"));
        return false;
    }
    const QByteArray json = model::serializeModel(
        fragmentOf(m_document.model(), m_scene->selectedComponentIds(), selectedLinkIndices()));
    // A fragment the loader would refuse (a parameter naming a component left behind) could
    // never be pasted: say so now rather than at paste.
    const model::LoadResult check = model::parseModel(json);
    if (!check.ok()) {
        showMessage(QStringLiteral("Cannot copy: %1").arg(check.message()));
        return false;
    }
    auto *mime = new QMimeData;
    mime->setData(QString::fromLatin1(kModelMimeType), json);
    mime->setText(QString::fromUtf8(json));
    QApplication::clipboard()->setMimeData(mime);
    showMessage(ids.size() == 1 ? QStringLiteral("Copied %1").arg(ids.first())
                                : QStringLiteral("Copied %1 components").arg(ids.size()));
    return true;
}

void MainWindow::cutSelection()
{
    if (!copySelection())
        return;
    m_undoStack.beginMacro(QStringLiteral("Cut"));
    m_scene->deleteSelection();
    m_undoStack.endMacro();
}

bool MainWindow::paste()
{
    const QMimeData *mime = QApplication::clipboard()->mimeData();
    QByteArray json;
    if (mime && mime->hasFormat(QString::fromLatin1(kModelMimeType)))
        json = mime->data(QString::fromLatin1(kModelMimeType));
    else if (mime && mime->hasText())
        json = mime->text().toUtf8();
    if (json.trimmed().isEmpty()) {
        showMessage(QStringLiteral("Nothing to paste: the clipboard holds no model"));
        return false;
    }
    return pasteFragment(json);
}

void MainWindow::duplicateSelection()
{
    if (copiedComponentIds().isEmpty()) {
        showMessage(QStringLiteral("Nothing to duplicate: select components or links first"));
        return;
    }
    pasteFragment(model::serializeModel(
        fragmentOf(m_document.model(), m_scene->selectedComponentIds(), selectedLinkIndices())));
}

bool MainWindow::pasteFragment(const QByteArray &json)
{
    const model::LoadResult loaded = model::parseModel(json, QStringLiteral("clipboard"));
    if (!loaded.ok()) {
        showMessage(
            QStringLiteral("Cannot paste: the clipboard is not a valid model (%1)")
                .arg(loaded.problems.isEmpty() ? QString() : loaded.problems.first().toString()));
        return false;
    }
    const model::Model &fragment = *loaded.model;
    if (fragment.components.isEmpty()) {
        showMessage(QStringLiteral("Cannot paste: the clipboard model has no components"));
        return false;
    }
    const model::Model &target = m_document.model();
    // Ids that collide with the document get fresh ones; the fragment's other ids are kept and
    // so must not be handed out again.
    QSet<QString> taken;
    for (const model::Component &c : fragment.components)
        if (target.indexOf(c.id) < 0)
            taken.insert(c.id);
    QHash<QString, QString> renamed;
    for (const model::Component &c : fragment.components) {
        if (target.indexOf(c.id) < 0)
            continue;
        const QString stem = idStem(c.id);
        QString id = m_document.uniqueId(stem);
        for (int n = 2; taken.contains(id) || target.indexOf(id) >= 0; ++n)
            id = QStringLiteral("%1-%2").arg(stem).arg(n);
        taken.insert(id);
        renamed.insert(c.id, id);
    }
    const auto newId = [&](const QString &id) { return renamed.value(id, id); };
    QSet<QString> regions;
    for (const model::Region &region : target.regions)
        regions.insert(region.id);

    QList<PasteCommand::Placed> components;
    QStringList ids;
    for (model::Component c : referencesFirst(fragment.components)) {
        const QPointF position = fragment.layout.value(c.id) + kPasteOffset;
        // Parameters that name a pasted component (standby_for, an alert's component) follow its
        // new id; which parameters those are, the component's kind says.
        c.parameters = model::withReferencesRenamed(c, renamed);
        c.id = newId(c.id);
        // Another document may not have the region: the component lands outside any.
        if (!regions.contains(c.region))
            c.region.clear();
        ids.append(c.id);
        components.append({c, position});
    }
    QList<model::Link> links;
    for (model::Link link : fragment.links) {
        link.from = newId(link.from);
        link.to = newId(link.to);
        links.append(link);
    }
    const QString text = ids.size() == 1 ? QStringLiteral("Paste %1").arg(ids.first())
                                         : QStringLiteral("Paste %1 components").arg(ids.size());
    QString error;
    if (!pushEdit(m_undoStack, new PasteCommand(m_document, components, links, text), &error)) {
        showMessage(QStringLiteral("Cannot paste: %1").arg(error));
        return false;
    }
    m_scene->clearSelection();
    for (const QString &id : std::as_const(ids))
        if (ComponentItem *item = m_scene->componentItem(id))
            item->setSelected(true);
    showMessage(text);
    return true;
}

QStringList MainWindow::recentFiles()
{
    return QSettings().value(kRecentKey).toStringList();
}

void MainWindow::addRecentFile(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList files = recentFiles();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > kMaxRecentFiles)
        files.removeLast();
    QSettings().setValue(kRecentKey, files);
}

void MainWindow::clearRecentFiles()
{
    QSettings().remove(kRecentKey);
}

void MainWindow::updateRecentMenu()
{
    // Files that went away since are forgotten rather than offered.
    QStringList files = recentFiles();
    const qsizetype before = files.size();
    files.removeIf([](const QString &file) { return !QFileInfo::exists(file); });
    if (files.size() != before)
        QSettings().setValue(kRecentKey, files);
    m_recentMenu->clear();
    for (qsizetype i = 0; i < files.size(); ++i) {
        const QString file = files.at(i);
        QAction *action = m_recentMenu->addAction(
            QStringLiteral("&%1 %2").arg(i + 1).arg(QFileInfo(file).fileName()), this,
            [this, file] {
                if (maybeSave())
                    openFile(file);
            });
        action->setToolTip(QDir::toNativeSeparators(file));
        action->setStatusTip(QDir::toNativeSeparators(file));
    }
    m_recentMenu->addSeparator();
    QAction *clear = m_recentMenu->addAction(QStringLiteral("&Clear Menu"), this, [this] {
        clearRecentFiles();
        updateRecentMenu();
    });
    clear->setEnabled(!files.isEmpty());
    m_recentMenu->setEnabled(true);
}

QString MainWindow::recoveryDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/recovery");
}

bool MainWindow::writeRecoveryFile()
{
    if (m_undoStack.isClean())
        return false;
    QDir().mkpath(recoveryDirectory());
    QSaveFile file(m_recoveryPath);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(model::serializeModel(m_document.model())) < 0 || !file.commit()) {
        showMessage(QStringLiteral("Autosave failed: %1").arg(file.errorString()));
        return false;
    }
    return true;
}

void MainWindow::removeRecoveryFile()
{
    if (!m_recoveryPath.isEmpty())
        QFile::remove(m_recoveryPath);
}

bool MainWindow::offerRecovery()
{
    const QDir directory(recoveryDirectory());
    const QFileInfoList files =
        directory.entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Time);
    bool recovered = false;
    for (const QFileInfo &info : files) {
        const qint64 pid = info.completeBaseName().section(QLatin1Char('-'), 0, 0).toLongLong();
        if (processRunning(pid))
            continue; // another window's autosave, alive and well
        const QString path = info.absoluteFilePath();
        if (recovered) {
            continue; // one window recovers one model; the others wait for the next start
        }
        const bool accept =
            recoveryDecision
                ? recoveryDecision(path)
                : QMessageBox::question(
                      this, QStringLiteral("Recover unsaved work?"),
                      QStringLiteral("ScaleLab did not close normally. Recover the unsaved work "
                                     "from %1?")
                          .arg(info.lastModified().toString(Qt::TextDate))) == QMessageBox::Yes;
        if (accept) {
            QFile file(path);
            const model::LoadResult loaded = file.open(QIODevice::ReadOnly)
                                                 ? model::parseModel(file.readAll(), path)
                                                 : model::LoadResult{};
            if (!loaded.ok()) {
                showMessage(QStringLiteral("Cannot recover: %1").arg(loaded.message()));
            } else {
                model::Model model = *loaded.model;
                diagram::completeLayout(model);
                m_undoStack.clear();
                m_document.reset(std::move(model));
                m_path.clear();
                m_undoStack.resetClean(); // modified: it was never saved
                updateTitle();
                m_view->fitToContents();
                writeRecoveryFile(); // now ours, under this process's name
                showMessage(QStringLiteral("Recovered unsaved work"));
                recovered = true;
            }
        }
        QFile::remove(path);
    }
    return recovered;
}

} // namespace scalelab::widgets
