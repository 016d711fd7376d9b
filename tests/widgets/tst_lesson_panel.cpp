// The lesson panel in the workbench: the list with progress, opening a lesson onto the canvas,
// reset and solution as undoable steps, hints one at a time, the goals ticked by a finished run
// (and not by a run under another load), the analysis goals following edits, check questions,
// progress kept across windows, and the offer of lesson 1 on a first start. The lessons are test
// fixtures of our own (tests/data/lessons), so these tests do not move with the chapter's text.

#include "../core/run/run_test_support.h"

#include "widgets/canvas/canvas_scene.h"
#include "widgets/canvas/component_item.h"
#include "widgets/editing/edit_commands.h"
#include "widgets/lessons/lesson_panel.h"
#include "widgets/main_window.h"

#include "lessons/goal_tracker.h"
#include "lessons/lesson.h"
#include "model/analysis.h"
#include "model/results_json.h"
#include "model/simulation_builder.h"
#include "run/simulation_controller.h"
#include "store/lesson_progress.h"

#include <QApplication>
#include <QContextMenuEvent>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>
#include <QUndoStack>

using namespace scalelab;
using widgets::LessonPanel;
using widgets::MainWindow;
using Mark = LessonPanel::Mark;

namespace {

const QString kLessons = QStringLiteral(SCALELAB_TEST_DATA "/lessons");
const QString kLesson = QStringLiteral("panel-one-server");
constexpr int kP95 = 0;         // goal: latency p95 at most 60 ms
constexpr int kUtilization = 1; // goal: web utilisation at most 60 %
constexpr int kSpof = 2;        // goal: at most one single point of failure

lessons::Lesson fixture()
{
    const lessons::LessonLoad loaded = lessons::loadLesson(kLessons + "/01-one-server");
    if (!loaded.lesson)
        qFatal("the fixture lesson does not load: %s",
               qPrintable(loaded.problems.value(0).toString()));
    return *loaded.lesson;
}

// A finished run of `m` as the controller hands it over, with the scenario's own settings.
std::shared_ptr<const run::RunRecord> runOf(const model::Model &m)
{
    QList<model::Problem> problems;
    const model::RunSettings settings = model::resolveSettings(m, {}, &problems);
    run::RunRecord record = testing::recordOf(m, settings.seed, settings.durationS, 20);
    record.settings = settings;
    return std::make_shared<const run::RunRecord>(std::move(record));
}

model::Model withWebCores(model::Model m, int cores)
{
    for (model::Component &c : m.components)
        if (c.id == "web")
            c.parameters.insert("cores", cores);
    return m;
}

// The results of a run as the panel reads them.
QJsonObject runResults(const model::Model &m)
{
    const auto record = runOf(m);
    return model::resultsToJson(record->results, record->model, model::analyze(m).spof);
}

QString itemText(LessonPanel *panel, int row)
{
    return panel->lessonList()->item(row)->text();
}

} // namespace

class TestLessonPanel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        qputenv("SCALELAB_LESSONS_DIR", kLessons.toLocal8Bit());
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("ScaleLabTest"));
        QCoreApplication::setApplicationName(QStringLiteral("ScaleLabLessonPanelTest"));
    }
    void init()
    {
        QFile::remove(store::LessonProgress::defaultPath());
        QSettings().clear();
        MainWindow::unsavedChangesAnswer = [] { return MainWindow::UnsavedChanges::Discard; };
        LessonPanel::solutionConfirmation = [] { return true; };
        LessonPanel::forgetConfirmation = [] { return true; };
    }
    void cleanupTestCase()
    {
        QFile::remove(store::LessonProgress::defaultPath());
        QSettings().clear();
    }

    void listShowsLessonsWithProgress()
    {
        MainWindow window;
        LessonPanel *panel = window.lessonPanel();
        QVERIFY(panel->catalogueProblems().isEmpty());
        QCOMPARE(panel->lessonList()->count(), 2);
        QCOMPARE(itemText(panel, 0), QStringLiteral("○  1. One busy server"));
        QCOMPARE(itemText(panel, 1), QStringLiteral("○  2. A spare server"));
        QVERIFY(panel->lessonList()
                    ->item(0)
                    ->data(Qt::AccessibleTextRole)
                    .toString()
                    .contains("not started"));
        QVERIFY(panel->openLesson("1"));
        panel->showCatalogue();
        QCOMPARE(itemText(panel, 0), QStringLiteral("◐  1. One busy server"));
        QVERIFY(panel->lessonList()
                    ->item(0)
                    ->data(Qt::AccessibleTextRole)
                    .toString()
                    .contains("started"));
        panel->checkRun(runOf(withWebCores(fixture().start, 3)));
        panel->showCatalogue();
        QCOMPARE(itemText(panel, 0), QStringLiteral("✓  1. One busy server"));
        QCOMPARE(itemText(panel, 1), QStringLiteral("○  2. A spare server"));
    }

    void loadProblemsAreListedNotFatal()
    {
        QTemporaryDir dir;
        QDir().mkpath(dir.filePath("01-good"));
        for (const QString &file : QDir(kLessons + "/01-one-server").entryList(QDir::Files))
            QFile::copy(kLessons + "/01-one-server/" + file, dir.filePath("01-good/") + file);
        QDir().mkpath(dir.filePath("02-broken"));
        QFile broken(dir.filePath("02-broken/lesson.json"));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("{\"format\": \"scalelab-lesson\", \"version\": 1, \"id\": ");
        broken.close();

        MainWindow window;
        LessonPanel *panel = window.lessonPanel();
        panel->loadCatalogue(dir.path());
        QCOMPARE(panel->lessonList()->count(), 1);
        QVERIFY2(panel->catalogueProblems().contains("02-broken"),
                 qPrintable(panel->catalogueProblems()));
        QVERIFY(panel->catalogueProblems().contains("could not be loaded"));

        panel->loadCatalogue(dir.filePath("no-such-folder"));
        QCOMPARE(panel->lessonList()->count(), 0);
        QVERIFY(panel->catalogueProblems().contains("no such folder of lessons"));
        QVERIFY(!panel->openLesson("1"));
    }

    void openingPutsTheStartOnTheCanvas()
    {
        MainWindow window;
        LessonPanel *panel = window.lessonPanel();
        // Unsaved work first: the window's own question decides.
        QVERIFY(pushEdit(window.undoStack(),
                         new widgets::AddComponentCommand(
                             window.document(),
                             {"mine", model::ComponentKind::WebServer, {}, {}, {}}, {10, 10})));
        const model::Model mine = window.document().model();
        MainWindow::unsavedChangesAnswer = [] { return MainWindow::UnsavedChanges::Cancel; };
        QVERIFY(!panel->openLesson(kLesson));
        QCOMPARE(window.document().model(), mine);
        QVERIFY(!panel->currentLesson());

        MainWindow::unsavedChangesAnswer = [] { return MainWindow::UnsavedChanges::Discard; };
        QSignalSpy opened(panel, &LessonPanel::lessonOpened);
        QVERIFY(panel->openLesson(kLesson));
        QCOMPARE(opened.count(), 1);
        QCOMPARE(window.document().model(), fixture().start);
        QCOMPARE(window.undoStack().count(), 0);
        QVERIFY(window.undoStack().isClean());
        QVERIFY(window.filePath().isEmpty()); // a new untitled document
        QVERIFY(window.scene()->componentItem("web"));
        QVERIFY(panel->showingLesson());
        QCOMPARE(panel->currentLesson()->id, kLesson);
        QVERIFY(panel->textView()->toPlainText().contains("Give it room"));
        QCOMPARE(panel->goalCount(), 3);
        QCOMPARE(panel->goalMark(kP95), Mark::Unchecked);
        QVERIFY(panel->goalDetail(kP95).contains("when a run ends"));
        QVERIFY(!panel->openLesson("no-such-lesson"));
    }

    void resetAndSolutionAreUndoable()
    {
        MainWindow window;
        LessonPanel *panel = window.lessonPanel();
        QVERIFY(panel->openLesson(kLesson));
        const lessons::Lesson lesson = fixture();
        // The learner's own design: a parameter changed and a component moved.
        QVERIFY(pushEdit(window.undoStack(),
                         new widgets::SetParameterCommand(window.document(), "web", "cores", 4)));
        QVERIFY(pushEdit(window.undoStack(),
                         new widgets::MoveComponentsCommand(window.document(),
                                                            {{"web", {220, 0}, {260, 140}}}, 1)));
        const model::Model mine = window.document().model();
        QCOMPARE(mine.layout.value("web"), QPointF(260, 140));
        const int steps = window.undoStack().count();

        LessonPanel::solutionConfirmation = [] { return false; };
        QVERIFY(!panel->showSolution());
        QCOMPARE(window.document().model(), mine);
        QCOMPARE(window.undoStack().count(), steps);

        LessonPanel::solutionConfirmation = [] { return true; };
        QVERIFY(panel->showSolution());
        QCOMPARE(window.document().model(), lesson.solution);
        QCOMPARE(window.undoStack().count(), steps + 1);
        QVERIFY(window.document().isModified());
        QCOMPARE(window.scene()->componentItem("web")->pos(), QPointF(220, 0));
        window.undoStack().undo();
        QCOMPARE(window.document().model(), mine); // layout included
        QCOMPARE(window.scene()->componentItem("web")->pos(), QPointF(260, 140));
        window.undoStack().redo();
        QCOMPARE(window.document().model(), lesson.solution);

        QVERIFY(panel->resetToStart());
        QCOMPARE(window.document().model(), lesson.start);
        QCOMPARE(window.undoStack().count(), steps + 2);
        QVERIFY(!panel->resetToStart()); // already there: no empty step
        QCOMPARE(window.undoStack().count(), steps + 2);
        window.undoStack().undo();
        QCOMPARE(window.document().model(), lesson.solution);
        window.undoStack().undo();
        QCOMPARE(window.document().model(), mine);
    }

    void hintsComeOneAtATimeAndAreRemembered()
    {
        {
            MainWindow window;
            LessonPanel *panel = window.lessonPanel();
            QVERIFY(panel->openLesson(kLesson));
            QCOMPARE(panel->hintsShown(), 0);
            QCOMPARE(panel->hintButton()->text(), QStringLiteral("Show a hint (1 of 3)"));
            QTest::mouseClick(panel->hintButton(), Qt::LeftButton);
            QCOMPARE(panel->shownHints(), QStringList{"1. Look at the web server's utilisation."});
            QCOMPARE(panel->hintButton()->text(), QStringLiteral("Show a hint (2 of 3)"));
            QVERIFY(panel->revealHint());
            QCOMPARE(panel->hintsShown(), 2);
            QCOMPARE(panel->shownHints().last(), QStringLiteral("2. It needs more cores."));
        }
        MainWindow window;
        LessonPanel *panel = window.lessonPanel();
        QVERIFY(panel->openLesson(kLesson));
        QCOMPARE(panel->hintsShown(), 2);
        QCOMPARE(panel->hintButton()->text(), QStringLiteral("Show a hint (3 of 3)"));
        QVERIFY(panel->revealHint());
        QCOMPARE(panel->hintButton()->text(), QStringLiteral("All 3 hints shown"));
        QVERIFY(!panel->hintButton()->isEnabled());
        QVERIFY(!panel->revealHint());
        QCOMPARE(panel->shownHints().size(), 3);
        // Another lesson has hints of its own.
        QVERIFY(panel->openLesson("panel-spare-server"));
        QCOMPARE(panel->hintsShown(), 0);
    }

    void progressCanBeForgotten()
    {
        MainWindow window;
        LessonPanel *panel = window.lessonPanel();
        QVERIFY(!panel->forgetProgress(kLesson)); // nothing kept yet: nothing to forget
        QVERIFY(panel->openLesson(kLesson));
        QVERIFY(panel->revealHint());
        QVERIFY(panel->answerQuestion(0, 0));
        QVERIFY(panel->progress().record(kLesson).started());
        // The list's context menu offers it: a right-click opens a menu holding the action.
        QStringList offered;
        QTimer::singleShot(0, [&offered] {
            if (auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget())) {
                for (QAction *action : menu->actions())
                    offered << action->text();
                menu->close();
            }
        });
        QWidget *viewport = panel->lessonList()->viewport();
        QContextMenuEvent rightClick(QContextMenuEvent::Mouse, QPoint(10, 10),
                                     viewport->mapToGlobal(QPoint(10, 10)));
        QApplication::sendEvent(viewport, &rightClick);
        QCOMPARE(offered, QStringList{QStringLiteral("Forget My Progress on This Lesson…")});

        LessonPanel::forgetConfirmation = [] { return false; };
        QVERIFY(!panel->forgetProgress(kLesson));
        QCOMPARE(panel->progress().record(kLesson).hintsShown, 1);

        LessonPanel::forgetConfirmation = [] { return true; };
        QVERIFY(panel->forgetProgress(kLesson));
        QVERIFY(!panel->progress().record(kLesson).started());
        QCOMPARE(panel->hintsShown(), 0); // the open lesson's page starts over too
        QVERIFY(itemText(panel, 0).startsWith(QStringLiteral("○")));
        // The design on the canvas is the learner's and stays.
        QVERIFY(!window.document().model().components.isEmpty());
    }

    void aFinishedRunTicksTheGoals()
    {
        MainWindow window;
        LessonPanel *panel = window.lessonPanel();
        QVERIFY(panel->openLesson(kLesson));
        const lessons::Lesson lesson = fixture();

        // The start misses both run goals, and says by how much.
        panel->checkRun(runOf(lesson.start));
        QCOMPARE(panel->goalMark(kP95), Mark::Missed);
        QCOMPARE(panel->goalMark(kUtilization), Mark::Missed);
        QCOMPARE(panel->goalMark(kSpof), Mark::Met);
        QVERIFY2(panel->goalDetail(kP95).startsWith("Missed by "),
                 qPrintable(panel->goalDetail(kP95)));
        QVERIFY2(panel->goalDetail(kUtilization).contains("percentage points"),
                 qPrintable(panel->goalDetail(kUtilization)));
        QVERIFY2(panel->runNote().contains("met 1 of 3 goals"), qPrintable(panel->runNote()));
        QVERIFY(panel->completionNote().isEmpty());

        // The figures are the engine's: the same as the lesson's own measurement of the start.
        QVERIFY(testing::waitUntil([&] { return panel->startResults(kLesson).has_value(); }));
        const QJsonObject start = *panel->startResults(kLesson);
        const QList<lessons::GoalCheck> expected = lessons::checkGoals(lesson, start);
        QVERIFY2(panel->goalDetail(kP95).contains(expected.at(kP95).verdict.mid(1)),
                 qPrintable(panel->goalDetail(kP95) + " / " + expected.at(kP95).verdict));

        // A design of the learner's own meets every goal: ticked, with before and after.
        const model::Model mine = withWebCores(lesson.start, 3);
        panel->checkRun(runOf(mine));
        for (int goal = 0; goal < panel->goalCount(); ++goal)
            QCOMPARE(panel->goalMark(goal), Mark::Met);
        const QString before = lessons::formatFigure(
            "latency_p95_ms", *lessons::measure(lesson.goals.at(kP95), start));
        const QString after = lessons::formatFigure(
            "latency_p95_ms", *lessons::measure(lesson.goals.at(kP95), runResults(mine)));
        QCOMPARE(panel->goalDetail(kP95),
                 "Met: before " + before + " (the lesson's start), after " + after + " (your run)");
        // A goal the start met already says so rather than repeat the figure.
        QVERIFY2(panel->goalDetail(kSpof).startsWith("Met: 1, as at the lesson's start"),
                 qPrintable(panel->goalDetail(kSpof)));
        QVERIFY(panel->runNote().contains("completed"));
        QVERIFY(panel->completionNote().startsWith("✓ Completed on"));
        QVERIFY2(panel->completionNote().contains("web utilization"),
                 qPrintable(panel->completionNote()));
        QVERIFY(panel->progress().record(kLesson).completed());
        QCOMPARE(panel->progress().record(kLesson).bestFigures.size(), 3);

        // The reference solution completes a lesson for a learner who found it, not for one who
        // was shown it.
        store::LessonProgress().forget(kLesson);
        panel->checkRun(runOf(lesson.solution));
        QVERIFY(panel->progress().record(kLesson).completed());
        store::LessonProgress().forget(kLesson);
        QVERIFY(panel->showSolution());
        QVERIFY(panel->progress().record(kLesson).solutionShownAt.isValid());
        panel->checkRun(runOf(lesson.solution));
        QCOMPARE(panel->goalMark(kP95), Mark::Met);
        QVERIFY2(panel->runNote().contains("shown to you"), qPrintable(panel->runNote()));
        QVERIFY(!panel->progress().record(kLesson).completed());
        // Its own design after that counts again.
        panel->checkRun(runOf(mine));
        QVERIFY(panel->progress().record(kLesson).completed());
    }

    void aRunOfTheWindowIsChecked()
    {
        MainWindow window;
        LessonPanel *panel = window.lessonPanel();
        QVERIFY(panel->openLesson(kLesson));
        QList<model::Problem> problems;
        const model::Model &m = window.document().model();
        window.controller()->setSpeed(0);
        window.controller()->load(m, model::resolveSettings(m, {}, &problems));
        window.controller()->run();
        QVERIFY(testing::waitUntil([&] { return panel->goalMark(kP95) == Mark::Missed; }));
        QCOMPARE(panel->goalMark(kUtilization), Mark::Missed);
    }

    void aRunUnderAnotherLoadDoesNotCount()
    {
        MainWindow window;
        LessonPanel *panel = window.lessonPanel();
        QVERIFY(panel->openLesson(kLesson));
        const lessons::Lesson lesson = fixture();
        panel->checkRun(runOf(lesson.start));
        QCOMPARE(panel->goalMark(kP95), Mark::Missed);

        // Fewer users make any design look good: it does not count.
        model::Model lighter = withWebCores(lesson.start, 2);
        lighter.components[0].parameters.insert("rate_rps", 20);
        panel->checkRun(runOf(lighter));
        QCOMPARE(panel->goalMark(kP95), Mark::Unchecked);
        QCOMPARE(panel->goalMark(kUtilization), Mark::Unchecked);
        QVERIFY2(panel->runNote().contains("does not count"), qPrintable(panel->runNote()));
        QVERIFY2(panel->runNote().contains("clients"), qPrintable(panel->runNote()));
        QVERIFY(!panel->progress().record(kLesson).completed());

        // Nor does a run of another duration or seed, or one steered while it ran.
        const model::Model mine = withWebCores(lesson.start, 3);
        auto reseeded = std::make_shared<run::RunRecord>(*runOf(mine));
        reseeded->settings.seed = 8;
        panel->checkRun(reseeded);
        QVERIFY2(panel->runNote().contains("duration or seed"), qPrintable(panel->runNote()));
        auto steered = std::make_shared<run::RunRecord>(*runOf(mine));
        steered->interfered = true;
        steered->loadScale = 0.5;
        panel->checkRun(steered);
        QVERIFY2(panel->runNote().contains("load control"), qPrintable(panel->runNote()));
        QVERIFY(!panel->progress().record(kLesson).completed());

        // The same design under the lesson's own load does.
        panel->checkRun(runOf(mine));
        QCOMPARE(panel->goalMark(kP95), Mark::Met);
        QVERIFY(panel->progress().record(kLesson).completed());
    }

    void aRunningRunShowsTheWindowWithoutTicking()
    {
        MainWindow window;
        LessonPanel *panel = window.lessonPanel();
        QVERIFY(panel->openLesson(kLesson));
        auto snapshot = std::make_shared<run::Snapshot>();
        snapshot->run = 3;
        snapshot->state = run::RunState::Running;
        snapshot->nowS = 12;
        snapshot->durationS = 20;
        snapshot->warmupS = 2;
        snapshot->components = {"users", "web"};
        snapshot->live.p95Ms = 123.4;
        snapshot->live.components.resize(2);
        snapshot->live.components[1].utilization = 0.87;
        panel->showSnapshot(snapshot);
        QCOMPARE(panel->goalMark(kP95), Mark::Live);
        QVERIFY2(panel->goalDetail(kP95).startsWith("Now 123 ms"),
                 qPrintable(panel->goalDetail(kP95)));
        QCOMPARE(panel->goalMark(kUtilization), Mark::Live);
        QVERIFY2(panel->goalDetail(kUtilization).startsWith("Now 87.0 %"),
                 qPrintable(panel->goalDetail(kUtilization)));
        QCOMPARE(panel->goalMark(kSpof), Mark::Met); // from the design, not the run
        QVERIFY(panel->runNote().startsWith("Running (12 of 20 s)"));
        // A window in which nothing was answered has no figure to show.
        auto empty = std::make_shared<run::Snapshot>(*snapshot);
        empty->live.p95Ms = std::numeric_limits<double>::quiet_NaN();
        panel->showSnapshot(empty);
        QVERIFY2(panel->goalDetail(kP95).startsWith("No figure in the latest window"),
                 qPrintable(panel->goalDetail(kP95)));
        // The end of the run ticks them.
        panel->checkRun(runOf(fixture().start));
        QCOMPARE(panel->goalMark(kP95), Mark::Missed);
    }

    void analysisGoalsFollowEveryEdit()
    {
        MainWindow window;
        LessonPanel *panel = window.lessonPanel();
        QVERIFY(panel->openLesson(kLesson));
        QCOMPARE(panel->goalMark(kSpof), Mark::Met);
        QVERIFY2(panel->goalDetail(kSpof).contains("web"), qPrintable(panel->goalDetail(kSpof)));
        // A database behind the one web server: two single points of failure.
        QVERIFY(pushEdit(
            window.undoStack(),
            new widgets::AddComponentCommand(
                window.document(), {"db", model::ComponentKind::Database, {}, {}, {}}, {440, 0})));
        QVERIFY(pushEdit(window.undoStack(),
                         new widgets::AddLinkCommand(window.document(), {"web", "db"})));
        QVERIFY(testing::waitUntil([&] { return panel->goalMark(kSpof) == Mark::Missed; }, 2000));
        QVERIFY2(panel->goalDetail(kSpof).contains("db"), qPrintable(panel->goalDetail(kSpof)));
        window.undoStack().undo();
        window.undoStack().undo();
        QVERIFY(testing::waitUntil([&] { return panel->goalMark(kSpof) == Mark::Met; }, 2000));
    }

    void questionsAreCheckedAndRemembered()
    {
        {
            MainWindow window;
            LessonPanel *panel = window.lessonPanel();
            QVERIFY(panel->openLesson(kLesson));
            QVERIFY(panel->answerText(0).isEmpty());
            QVERIFY(!panel->answerQuestion(0, 1));
            QVERIFY2(panel->answerText(0).startsWith("✗ Not quite."),
                     qPrintable(panel->answerText(0)));
            QVERIFY(panel->answerText(0).contains("the queue in front of it is what grows"));
            QVERIFY(panel->answerQuestion(1, 1));
            QVERIFY(panel->answerText(1).startsWith("✓ Right."));
            QVERIFY(!panel->answerQuestion(5, 0));
        }
        MainWindow window;
        LessonPanel *panel = window.lessonPanel();
        QVERIFY(panel->openLesson(kLesson));
        QVERIFY(panel->answerText(0).startsWith("✗ Not quite."));
        QVERIFY(panel->answerText(1).startsWith("✓ Right."));
        const store::LessonRecord record = panel->progress().record(kLesson);
        QCOMPARE(record.answers.value(0).choice, 1);
        QVERIFY(!record.answers.value(0).right);
        QVERIFY(record.answers.value(1).right);
    }

    void progressPersistsAcrossPanels()
    {
        {
            MainWindow window;
            LessonPanel *panel = window.lessonPanel();
            QVERIFY(panel->openLesson(kLesson));
            QVERIFY(panel->revealHint());
            panel->checkRun(runOf(withWebCores(fixture().start, 3)));
            QVERIFY(!panel->completionNote().isEmpty());
        }
        MainWindow window;
        LessonPanel *panel = window.lessonPanel();
        QCOMPARE(itemText(panel, 0), QStringLiteral("✓  1. One busy server"));
        QVERIFY(panel->openLesson(kLesson));
        QCOMPARE(panel->hintsShown(), 1);
        QVERIFY(panel->completionNote().startsWith("✓ Completed on"));
        // No run yet in this window: the goals wait for one.
        QCOMPARE(panel->goalMark(kP95), Mark::Unchecked);
    }

    void aFirstStartOffersLessonOne()
    {
        {
            MainWindow window;
            // Only the program's start offers it: a window alone keeps the lessons out of the way.
            QVERIFY(window.lessonsDock()->isHidden());
            QVERIFY(!window.lessonPanel()->firstLessonOffered());
            QVERIFY(window.offerFirstLesson());
            QVERIFY(!window.lessonsDock()->isHidden());
            LessonPanel *panel = window.lessonPanel();
            QVERIFY(panel->firstLessonOffered());
            QCOMPARE(panel->firstLessonButton()->text(),
                     QStringLiteral("Start lesson 1: One busy server"));
            QTest::mouseClick(panel->firstLessonButton(), Qt::LeftButton);
            QCOMPARE(panel->currentLesson()->id, kLesson);
            QVERIFY(!panel->firstLessonOffered());
            QCOMPARE(window.document().model(), fixture().start);
        }
        // A lesson was opened once: no offer again.
        MainWindow window;
        QVERIFY(!window.offerFirstLesson());
        QVERIFY(window.lessonsDock()->isHidden());
    }

    void theOfferCanBeDismissed()
    {
        {
            MainWindow window;
            QVERIFY(window.offerFirstLesson());
            auto *notNow = window.lessonPanel()->findChild<QPushButton *>("firstLessonDismiss");
            QVERIFY(notNow);
            QTest::mouseClick(notNow, Qt::LeftButton);
            QVERIFY(!window.lessonPanel()->firstLessonOffered());
        }
        MainWindow window;
        QVERIFY(!window.offerFirstLesson());
    }

    void aBrokenProgressFileIsSaidAndTheLessonsWork()
    {
        const QString path = store::LessonProgress::defaultPath();
        QDir().mkpath(QFileInfo(path).absolutePath());
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QByteArray("not a database at all\n").repeated(40));
        }
        MainWindow window;
        LessonPanel *panel = window.lessonPanel();
        QVERIFY(!panel->progress().isAvailable());
        auto *error = panel->findChild<QLabel *>("lessonProgressError");
        QVERIFY(error && !error->isHidden());
        QVERIFY2(error->text().contains("is not a SQLite database"), qPrintable(error->text()));
        QVERIFY(!window.offerFirstLesson()); // it cannot tell a first start
        QVERIFY(panel->openLesson(kLesson));
        QVERIFY(panel->revealHint());
        QCOMPARE(panel->hintsShown(), 1);
        panel->checkRun(runOf(withWebCores(fixture().start, 3)));
        QCOMPARE(panel->goalMark(kP95), Mark::Met);
        QFile::remove(path);
    }
};

QTEST_MAIN(TestLessonPanel)
#include "tst_lesson_panel.moc"
