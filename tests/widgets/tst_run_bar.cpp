// The run bar and the live canvas: the bar drives the controller as a learner would (run, pause,
// one step, reset, the load, the seed and duration), faults from a component's menu show on its
// item, the overlays draw the figures of the snapshot they are given, the link animation stops
// when switched off, and a run from the window gives the command line's results for its seed.

#include "../core/model/model_test_support.h"
#include "../core/run/run_test_support.h"

#include "widgets/canvas/canvas_scene.h"
#include "widgets/canvas/canvas_view.h"
#include "widgets/canvas/component_item.h"
#include "widgets/canvas/link_item.h"
#include "widgets/main_window.h"
#include "widgets/run/run_bar.h"
#include "widgets/run/run_timeline.h"

#include "model/model_json.h"
#include "model/results_json.h"
#include "run/simulation_controller.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <cmath>
#include <memory>

using namespace scalelab;
using run::RunState;
using testing::waitUntil;
using widgets::CanvasScene;
using widgets::ComponentItem;
using widgets::MainWindow;
using widgets::RunBar;

namespace {

// Three web servers behind a balancer, a cache, a primary in one region and its replica in
// another; a slow-down scheduled half way. Lightly loaded, so that runs are quick.
const QByteArray kModel = R"({
  "format": "scalelab-model", "version": 1, "name": "two regions",
  "regions": [{"id": "us"}, {"id": "eu"}],
  "components": [
    {"id": "users", "type": "client", "rate_rps": 200, "mix": {"read": 1}, "region": "us"},
    {"id": "lb", "type": "load_balancer", "region": "us"},
    {"id": "web", "type": "web_server", "count": 3, "cores": 2, "region": "us",
     "service_ms": {"dist": "exponential", "mean": 2}},
    {"id": "cache", "type": "cache", "capacity": 100, "region": "us"},
    {"id": "db", "type": "database", "region": "us"},
    {"id": "replica", "type": "database", "role": "replica", "region": "eu"}
  ],
  "links": [{"from": "users", "to": "lb"}, {"from": "lb", "to": "web"},
            {"from": "db", "to": "replica", "kind": "replication"},
            {"from": "web", "to": "cache"}, {"from": "web", "to": "db"}],
  "scenario": {"duration_s": 60, "warmup_s": 5, "seed": 3,
               "events": [{"at_s": 30, "action": "slow", "target": "web", "factor": 2}]}
})";

model::Model parsed(const QByteArray &json)
{
    const model::LoadResult loaded = model::parseModel(json);
    if (!loaded.ok())
        qFatal("%s", qPrintable(loaded.message()));
    return *loaded.model;
}

// A workbench window on a model, with the handles a test needs.
struct Workbench {
    explicit Workbench(const model::Model &model)
    {
        window.document().reset(model);
        bar = window.runBar();
        QObject::connect(window.controller(), &run::SimulationController::finished, &window,
                         [this](std::shared_ptr<const run::RunRecord> r) { record = r; });
        QObject::connect(window.controller(), &run::SimulationController::snapshotReady, &window,
                         [this](std::shared_ptr<const run::Snapshot> s) {
                             for (const run::LogEntry &e : s->newLog)
                                 log << e.text;
                         });
    }
    QAction *action(const char *name) const
    {
        return window.findChild<QAction *>(QLatin1String(name));
    }
    template <typename T> T *widget(const char *name) const
    {
        return window.findChild<T *>(QLatin1String(name));
    }
    void setSpeed(const QString &label)
    {
        auto *box = widget<QComboBox>("speedBox");
        box->setCurrentIndex(box->findText(label));
    }
    std::shared_ptr<const run::Snapshot> last() const { return bar->lastSnapshot(); }
    bool waitForState(RunState state)
    {
        return waitUntil([&] { return last() && last()->state == state; });
    }

    MainWindow window;
    RunBar *bar = nullptr;
    std::shared_ptr<const run::RunRecord> record;
    QStringList log;
};

// The results JSON without the wall-clock figures, which no two runs share.
QJsonObject comparable(const sim::RunResults &r, const model::Model &m)
{
    QJsonObject o = model::resultsToJson(r, m, {});
    o.remove(QStringLiteral("wall_s"));
    o.remove(QStringLiteral("events_per_s"));
    QJsonObject run = o.value(QStringLiteral("run")).toObject();
    run.remove(QStringLiteral("wall_s"));
    run.remove(QStringLiteral("events_per_s"));
    o.insert(QStringLiteral("run"), run);
    return o;
}

sim::ComponentSample sample(double utilization, double throughput)
{
    sim::ComponentSample s;
    s.utilization = utilization;
    s.throughputRps = throughput;
    s.queueLength = 0;
    s.errorRate = 0;
    s.meanResponseMs = 2;
    return s;
}

} // namespace

class TestRunBar : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("ScaleLabTest"));
        QCoreApplication::setApplicationName(QStringLiteral("ScaleLabRunBarTest"));
        QSettings().clear();
    }

    void barDrivesTheController()
    {
        Workbench w(parsed(kModel));
        QVERIFY(w.action("actionRun")->isEnabled());
        QVERIFY(!w.action("actionReset")->isEnabled()); // nothing loaded yet
        QCOMPARE(w.action("actionRun")->shortcut(), QKeySequence(Qt::Key_F5));
        QVERIFY(w.action("actionStep")->toolTip().contains(QLatin1String("F10")));
        w.setSpeed(QStringLiteral("10×"));

        w.action("actionRun")->trigger(); // loads the document, then runs
        QVERIFY(w.waitForState(RunState::Running));
        QCOMPARE(w.action("actionRun")->text(), QStringLiteral("Pause"));
        QVERIFY(waitUntil([&] { return w.last()->nowS > 0.5; }));

        w.action("actionRun")->trigger(); // the same action pauses
        QVERIFY(w.waitForState(RunState::Paused));
        QCOMPARE(w.action("actionRun")->text(), QStringLiteral("Continue"));
        const quint64 events = w.last()->events;
        const double at = w.last()->nowS;
        QVERIFY(w.widget<QLabel>("clockLabel")->text().startsWith(QLatin1String("t = ")));

        w.action("actionStep")->trigger();
        QVERIFY(waitUntil([&] { return w.last()->events != events; }));
        QTest::qWait(50);
        QCOMPARE(w.last()->events, events + 1);
        QVERIFY(w.last()->nowS >= at);
        QCOMPARE(w.last()->state, RunState::Paused);

        w.action("actionReset")->trigger();
        QVERIFY(waitUntil([&] { return w.last() && w.last()->state == RunState::Ready; }));
        QCOMPARE(w.last()->nowS, 0.0);
        QCOMPARE(w.last()->events, quint64(0));
        QCOMPARE(w.widget<widgets::RunTimeline>("runTimeline")->nowS(), 0.0);
        // The timeline carries the scenario's event and the warm-up.
        QCOMPARE(w.widget<widgets::RunTimeline>("runTimeline")->scenarioEvents().size(), 1);
        QCOMPARE(w.widget<widgets::RunTimeline>("runTimeline")->warmupS(), 5.0);
    }

    void loadControlReachesTheController()
    {
        Workbench w(parsed(kModel));
        w.widget<QDoubleSpinBox>("loadBox")->setValue(2); // before loading: carried into it
        w.setSpeed(QStringLiteral("1×"));
        w.action("actionRun")->trigger();
        QVERIFY(w.waitForState(RunState::Running));
        QVERIFY(waitUntil([&] { return w.last()->loadScale == 2; }));
        w.widget<QDoubleSpinBox>("loadBox")->setValue(3.5); // live
        QVERIFY(waitUntil([&] { return w.last()->loadScale == 3.5; }));
        QVERIFY(waitUntil([&] { return w.log.join('\n').contains(QLatin1String("3.5")); }));
    }

    void seedAndDurationOverrideTheScenario()
    {
        Workbench w(parsed(kModel));
        QCOMPARE(w.widget<QSpinBox>("seedBox")->value(), 3); // the scenario's, shown
        QCOMPARE(w.widget<QDoubleSpinBox>("durationBox")->value(), 60.0);
        w.widget<QSpinBox>("seedBox")->setValue(42);
        w.widget<QDoubleSpinBox>("durationBox")->setValue(4); // shorter than the warm-up
        w.setSpeed(QStringLiteral("Max"));
        w.action("actionRun")->trigger();
        QVERIFY(waitUntil([&] { return w.record != nullptr; }));
        QCOMPARE(w.record->settings.seed, quint64(42));
        QCOMPARE(w.record->settings.durationS, 4.0);
        QCOMPARE(w.record->settings.warmupS, 0.4); // a tenth of the run, not the scenario's 5 s
        QVERIFY(w.waitForState(RunState::Finished));
        QCOMPARE(w.action("actionRun")->text(), QStringLiteral("Run Again"));
        QVERIFY(!w.action("actionStep")->isEnabled());

        // Changed after the load: applied by the next reset, and said so meanwhile.
        w.widget<QSpinBox>("seedBox")->setValue(43);
        QVERIFY(!w.widget<QLabel>("staleLabel")->text().isEmpty());
        w.record.reset();
        w.action("actionRun")->trigger(); // run again: reloads with the new seed
        QVERIFY(waitUntil([&] { return w.record != nullptr; }));
        QCOMPARE(w.record->settings.seed, quint64(43));
        QVERIFY(w.widget<QLabel>("staleLabel")->text().isEmpty());
    }

    void faultFromTheMenuShowsOnTheItem()
    {
        Workbench w(parsed(kModel));
        CanvasScene *scene = w.window.scene();
        {
            // No run loaded: the live actions are there but disabled.
            std::unique_ptr<QMenu> menu(scene->componentMenu(QStringLiteral("web")));
            QVERIFY(menu->findChild<QAction *>(QStringLiteral("actionFail")));
            QVERIFY(!menu->findChild<QAction *>(QStringLiteral("actionFail"))->isEnabled());
        }
        w.setSpeed(QStringLiteral("10×"));
        w.action("actionRun")->trigger();
        QVERIFY(waitUntil([&] {
            return w.last() && w.last()->nowS > 0.3 &&
                   scene->componentItem(QStringLiteral("web"))->isLive();
        }));
        ComponentItem *web = scene->componentItem(QStringLiteral("web"));
        QVERIFY(!web->isFailed());

        std::unique_ptr<QMenu> menu(scene->componentMenu(QStringLiteral("web")));
        QVERIFY(!menu->findChild<QAction *>(QStringLiteral("actionFlush"))); // not a cache
        QVERIFY(menu->findChild<QAction *>(QStringLiteral("actionSlow")));
        QAction *fail = menu->findChild<QAction *>(QStringLiteral("actionFail"));
        QVERIFY(fail && fail->isEnabled());
        fail->trigger();
        QVERIFY(waitUntil([&] { return web->isFailed(); }));
        QCOMPARE(web->live().status, QStringLiteral("failed"));

        std::unique_ptr<QMenu> again(scene->componentMenu(QStringLiteral("web")));
        again->findChild<QAction *>(QStringLiteral("actionRecover"))->trigger();
        QVERIFY(waitUntil([&] { return web->isLive() && !web->isFailed(); }));

        // One instance of three: degraded, not failed.
        std::unique_ptr<QMenu> one(scene->componentMenu(QStringLiteral("web")));
        one->findChild<QAction *>(QStringLiteral("actionFailInstance"))->trigger();
        QVERIFY(waitUntil([&] { return web->isLive() && web->live().status == "2/3 up"; }));

        // A cache takes a flush; a slow-down asks its factor.
        std::unique_ptr<QMenu> cacheMenu(scene->componentMenu(QStringLiteral("cache")));
        QVERIFY(cacheMenu->findChild<QAction *>(QStringLiteral("actionFlush"))->isEnabled());
        cacheMenu->findChild<QAction *>(QStringLiteral("actionFlush"))->trigger();
        RunBar::slowFactorAnswer = [](const QString &) { return std::optional<double>(3); };
        std::unique_ptr<QMenu> slowMenu(scene->componentMenu(QStringLiteral("db")));
        slowMenu->findChild<QAction *>(QStringLiteral("actionSlow"))->trigger();
        RunBar::slowFactorAnswer = nullptr;
        QVERIFY(waitUntil([&] {
            const QString all = w.log.join('\n');
            return all.contains(QLatin1String("you: flush cache")) &&
                   all.contains(QLatin1String("you: slow db"));
        }));

        // Two regions: the Run menu partitions and heals them.
        QVERIFY(w.action("actionPartition")->isEnabled());
        RunBar::regionPairAnswer = [](const QStringList &regions, bool) {
            return std::optional(std::pair(regions.at(0), regions.at(1)));
        };
        w.action("actionPartition")->trigger();
        w.action("actionHeal")->trigger();
        RunBar::regionPairAnswer = nullptr;
        QVERIFY(waitUntil([&] {
            const QString all = w.log.join('\n');
            return all.contains(QLatin1String("you: partition us and eu")) &&
                   all.contains(QLatin1String("you: heal us and eu"));
        }));
    }

    void editingWhileRunningKeepsTheRunsCopy()
    {
        Workbench w(parsed(kModel));
        w.setSpeed(QStringLiteral("10×"));
        w.action("actionRun")->trigger();
        ComponentItem *web = w.window.scene()->componentItem(QStringLiteral("web"));
        QVERIFY(waitUntil([&] { return web->isLive(); }));
        QVERIFY(
            w.window.document().setParameter(QStringLiteral("web"), QStringLiteral("cores"), 4));
        QVERIFY(w.bar->modelChangedSinceLoad());
        QCOMPARE(w.widget<QLabel>("staleLabel")->text(),
                 QStringLiteral("model changed: Reset to apply"));
        // The canvas shows the estimate of the model as it is now; the run goes on.
        QTest::qWait(100);
        QVERIFY(!web->isLive());
        QCOMPARE(w.last()->state, RunState::Running);
        w.action("actionReset")->trigger(); // loads the edited model
        QVERIFY(!w.bar->modelChangedSinceLoad());
        QVERIFY(w.widget<QLabel>("staleLabel")->text().isEmpty());
        QVERIFY(w.waitForState(RunState::Ready));
    }

    void problemsStopTheLoad()
    {
        MainWindow window; // an empty model
        QSignalSpy messages(window.runBar(), &RunBar::message);
        QVERIFY(!window.runBar()->loadModel());
        QCOMPARE(messages.size(), 1);
        QVERIFY(messages.first().first().toString().startsWith(QLatin1String("Nothing to run")));
        QCOMPARE(window.controller()->state(), RunState::Empty);
        QVERIFY(!window.findChild<QAction *>(QStringLiteral("actionRun"))->isEnabled());
    }

    // Figures drawn are the snapshot's, formatted; links get the flow of their engine link
    // (a replication link is not one); the bottleneck is marked and its story told.
    void overlaysShowTheSnapshot()
    {
        model::ArchitectureDocument document;
        document.reset(parsed(kModel));
        QUndoStack stack;
        CanvasScene scene(document, stack);
        widgets::CanvasView view(&scene);
        QSignalSpy stories(&scene, &CanvasScene::storyChanged);

        auto s = std::make_shared<run::Snapshot>();
        s->run = 1;
        s->state = RunState::Running;
        s->nowS = 12;
        s->durationS = 60;
        s->components = {"users", "lb", "web", "cache", "db", "replica"};
        s->bottleneck = QStringLiteral("web");
        s->story = QStringLiteral("web is busy 87 % of the time serving reads");
        sim::ComponentSample users = sample(sim::ComponentSample::kNone, 199.6);
        users.errorRate = 0.023;
        sim::ComponentSample lb = sample(sim::ComponentSample::kNone, 1234);
        sim::ComponentSample web = sample(0.873, 45678);
        web.queueLength = 12.4;
        web.instanceCount = 3;
        web.instancesUp = 2;
        web.meanResponseMs = 400;
        web.instances = 2;
        sim::ComponentSample cache = sample(0.1, 3.25);
        cache.hitRatio = 0.921;
        sim::ComponentSample db = sample(0.5, 80);
        db.instancesUp = 0;
        db.lagMs = 0; // a primary: its lag tells nothing
        sim::ComponentSample replica = sample(0.2, 80);
        replica.lagMs = 12.3;
        s->live.components = {users, lb, web, cache, db, replica};
        s->live.linkRps = {200, 150, 100, 50}; // users→lb, lb→web, web→cache, web→db
        scene.showSnapshot(s);

        const ComponentItem *w = scene.componentItem(QStringLiteral("web"));
        QVERIFY(w->isLive());
        QCOMPARE(w->live().utilization, QStringLiteral("87 %"));
        QCOMPARE(w->live().throughput, QStringLiteral("46 k rps"));
        QCOMPARE(w->live().queue, QStringLiteral("q 12"));
        QCOMPARE(w->live().status, QStringLiteral("2/3 up"));
        QVERIFY(w->live().bottleneck);
        QVERIFY(!w->isFailed());
        QCOMPARE(scene.componentItem(QStringLiteral("lb"))->live().throughput,
                 QStringLiteral("1.2 k rps"));
        QVERIFY(scene.componentItem(QStringLiteral("lb"))->live().utilization.isEmpty());
        QCOMPARE(scene.componentItem(QStringLiteral("users"))->live().errors,
                 QStringLiteral("2.3 % errors"));
        QCOMPARE(scene.componentItem(QStringLiteral("users"))->live().throughput,
                 QStringLiteral("200 rps"));
        QCOMPARE(scene.componentItem(QStringLiteral("cache"))->live().mechanism,
                 QStringLiteral("hit 92 %"));
        QCOMPARE(scene.componentItem(QStringLiteral("cache"))->live().throughput,
                 QStringLiteral("3.3 rps"));
        QCOMPARE(scene.componentItem(QStringLiteral("replica"))->live().mechanism,
                 QStringLiteral("lag 12 ms"));
        QVERIFY(scene.componentItem(QStringLiteral("db"))->isFailed());
        QVERIFY(scene.componentItem(QStringLiteral("db"))->live().mechanism.isEmpty());
        // Powered instances are the figure of an autoscaled tier only.
        QVERIFY(w->live().mechanism.isEmpty());
        QVERIFY(document.setParameter(QStringLiteral("web"), QStringLiteral("autoscale"),
                                      QJsonObject{{QStringLiteral("max"), 6}}));
        scene.showSnapshot(s);
        QCOMPARE(w->live().mechanism, QStringLiteral("2 instances"));
        QVERIFY(!scene.componentItem(QStringLiteral("db"))->live().bottleneck);

        const QList<widgets::LinkItem *> &links = scene.linkItems();
        QCOMPARE(links.at(0)->flowRps(), 200.0);
        QCOMPARE(links.at(1)->flowRps(), 150.0);
        QCOMPARE(links.at(2)->flowRps(), 0.0); // replication: no engine link
        QCOMPARE(links.at(3)->flowRps(), 100.0);
        QCOMPARE(links.at(4)->flowRps(), 50.0);
        // Denser for more requests, slow callees redder than fast ones.
        QCOMPARE_LT(links.at(0)->dotSpacing(), links.at(4)->dotSpacing());
        QCOMPARE_GT(links.at(1)->flowColour().redF(), links.at(3)->flowColour().redF());

        QCOMPARE(stories.size(), 1); // told once: the same story again is no news
        QCOMPARE(stories.first().at(0).toString(), QStringLiteral("web"));
        QVERIFY(view.storyBanner()->text().contains(QLatin1String("Bottleneck: web")));
        QVERIFY(view.storyBanner()->text().contains(QLatin1String("busy 87 %")));

        // Back to the estimate.
        scene.clearSnapshot();
        QVERIFY(!w->isLive());
        QCOMPARE(links.at(0)->flowRps(), 0.0);
        QVERIFY(view.storyBanner()->isHidden());
    }

    void animationFollowsTheRunAndTheSetting()
    {
        model::ArchitectureDocument document;
        document.reset(parsed(kModel));
        QUndoStack stack;
        CanvasScene scene(document, stack);
        auto s = std::make_shared<run::Snapshot>();
        s->run = 1;
        s->state = RunState::Running;
        s->nowS = 1;
        s->components = {"users", "lb", "web", "cache", "db", "replica"};
        s->live.components.assign(6, sample(0.2, 10));
        s->live.linkRps = {10, 10, 5, 5};
        scene.setLinkAnimation(true);
        scene.showSnapshot(s);
        QVERIFY(scene.linkAnimationRunning());

        auto paused = std::make_shared<run::Snapshot>(*s);
        paused->state = RunState::Paused;
        scene.showSnapshot(paused);
        QVERIFY(!scene.linkAnimationRunning()); // paused: the dots stand still
        scene.showSnapshot(s);
        QVERIFY(scene.linkAnimationRunning());

        scene.setLinkAnimation(false);
        QVERIFY(!scene.linkAnimationRunning());
        scene.showSnapshot(s);
        QVERIFY(!scene.linkAnimationRunning()); // off: no timer, whatever arrives

        // The window's setting drives the scene and is remembered.
        {
            MainWindow window;
            QAction *animate = window.findChild<QAction *>(QStringLiteral("actionAnimateLinks"));
            QVERIFY(animate && animate->isCheckable());
            animate->setChecked(false);
            QVERIFY(!window.scene()->linkAnimation());
        }
        MainWindow again;
        QVERIFY(!again.findChild<QAction *>(QStringLiteral("actionAnimateLinks"))->isChecked());
        QVERIFY(!again.scene()->linkAnimation());
        again.findChild<QAction *>(QStringLiteral("actionAnimateLinks"))->setChecked(true);
    }

    // The window's run of one seed is the command line's run of that seed.
    void guiRunEqualsTheCommandLine()
    {
        const model::Model m = testing::loadTestModel(QStringLiteral("mm1.json"));
        Workbench w(m);
        w.widget<QSpinBox>("seedBox")->setValue(11);
        w.widget<QDoubleSpinBox>("durationBox")->setValue(3000);
        w.setSpeed(QStringLiteral("Max"));
        w.action("actionRun")->trigger();
        QVERIFY(waitUntil([&] { return w.record != nullptr; }, 60000));

        model::RunOverrides overrides;
        overrides.seed = 11;
        overrides.durationS = 3000;
        const model::RunSettings settings = model::resolveSettings(m, overrides, nullptr);
        QCOMPARE(w.record->settings.warmupS, settings.warmupS);
        const sim::RunResults cli = model::runModel(m, settings);
        QVERIFY(!w.record->interfered);
        QCOMPARE(comparable(w.record->results, m), comparable(cli, m));
        QCOMPARE(w.record->results.events, cli.events);
        // And another seed gives another run: the comparison can fail.
        overrides.seed = 12;
        const sim::RunResults other =
            model::runModel(m, model::resolveSettings(m, overrides, nullptr));
        QVERIFY(comparable(other, m) != comparable(w.record->results, m));
    }
};

QTEST_MAIN(TestRunBar)
#include "tst_run_bar.moc"
