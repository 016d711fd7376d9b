// The live run behind the workbench: commands from the window, snapshots back, and results that
// equal the command line's for one seed however the run was paced, paused or stepped.

#include "../model/model_test_support.h"
#include "run_test_support.h"

#include "run/simulation_controller.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QtTest>

#include <cmath>

using namespace scalelab;
using run::RunState;
using run::SimulationController;
using run::Snapshot;
using testing::waitUntil;

namespace {

QByteArray readData(const char *name)
{
    QFile f(QStringLiteral(SCALELAB_TEST_DATA "/") + QLatin1String(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", name);
    return f.readAll();
}

// Collects every snapshot, and the run's record when it finishes.
class Watcher : public QObject {
public:
    explicit Watcher(SimulationController &c)
    {
        connect(&c, &SimulationController::snapshotReady, this,
                [this](std::shared_ptr<const Snapshot> s) {
                    last = s;
                    ++count;
                    for (const sim::Sample &p : s->newSeries)
                        series << p;
                    for (const run::LogEntry &e : s->newLog)
                        log << e;
                });
        connect(&c, &SimulationController::finished, this,
                [this](std::shared_ptr<const run::RunRecord> r) { record = r; });
    }

    bool waitForState(RunState state)
    {
        return waitUntil([&] { return last && last->state == state; });
    }
    bool logHas(const QString &text) const
    {
        for (const run::LogEntry &e : log)
            if (e.text.contains(text))
                return true;
        return false;
    }

    std::shared_ptr<const Snapshot> last;
    std::shared_ptr<const run::RunRecord> record;
    QList<sim::Sample> series;
    QList<run::LogEntry> log;
    int count = 0;
};

// The results JSON without the wall-clock time, which no two runs share.
QJsonObject comparable(const sim::RunResults &r, const model::Model &m)
{
    QJsonObject o = model::resultsToJson(r, m, {});
    o.remove(QStringLiteral("wall_s"));
    o.remove(QStringLiteral("events_per_s"));
    QJsonObject run = o.value(QStringLiteral("run")).toObject();
    run.remove(QStringLiteral("wall_s"));
    o.insert(QStringLiteral("run"), run);
    return o;
}

model::RunSettings settingsOf(const model::Model &m)
{
    return model::resolveSettings(m, {}, nullptr);
}

// users -> one web server of one core at 10 ms (exponential): M/M/1 at `rate` rps.
model::Model oneServer(double rate, double durationS, quint64 seed)
{
    model::Model m = testing::loadRunnableModel(R"({
      "format": "scalelab-model", "version": 1,
      "components": [
        {"id": "users", "type": "client", "rate_rps": 1, "mix": {"read": 1}},
        {"id": "web", "type": "web_server", "cores": 1,
         "service_ms": {"dist": "exponential", "mean": 10}}
      ],
      "links": [{"from": "users", "to": "web"}],
      "scenario": {"warmup_s": 10}
    })");
    m.components[0].parameters.insert(QStringLiteral("rate_rps"), rate);
    m.scenario.durationS = durationS;
    m.scenario.seed = seed;
    return m;
}

// One web server behind a balancer, lightly loaded: 200 rps against 4 cores at 2 ms.
const QByteArray kLight = R"({
  "format": "scalelab-model", "version": 1,
  "components": [
    {"id": "users", "type": "client", "rate_rps": 200, "mix": {"read": 1}},
    {"id": "lb", "type": "load_balancer", "algorithm": "least_connections"},
    {"id": "web", "type": "web_server", "count": 2, "cores": 2,
     "service_ms": {"dist": "exponential", "mean": 2}},
    {"id": "cache", "type": "cache", "capacity": 100},
    {"id": "db", "type": "database", "read_ms": {"dist": "exponential", "mean": 1}}
  ],
  "links": [{"from": "users", "to": "lb", "latency_ms": 1}, {"from": "lb", "to": "web"},
            {"from": "web", "to": "cache"}, {"from": "web", "to": "db"}],
  "scenario": {"duration_s": 60, "warmup_s": 5, "seed": 3}
})";

} // namespace

class TestSimulationController : public QObject {
    Q_OBJECT

private slots:
    void loadsReadyAtZero()
    {
        SimulationController c;
        Watcher w(c);
        const model::Model m = testing::loadRunnableModel(kLight);
        c.load(m, settingsOf(m));
        QVERIFY(w.waitForState(RunState::Ready));
        QCOMPARE(w.last->nowS, 0.0);
        QCOMPARE(w.last->events, quint64(0));
        QCOMPARE(w.last->components, (QStringList{"users", "lb", "web", "cache", "db"}));
        QCOMPARE(w.last->durationS, 60.0);
    }

    // The heart of it: a live run, however it is driven, ends with the command line's numbers.
    void resultsEqualTheCommandLine_data()
    {
        QTest::addColumn<QString>("drive");
        QTest::newRow("flat out") << "run";
        QTest::newRow("paused and resumed") << "pause";
        QTest::newRow("stepped, then run") << "step";
        QTest::newRow("paced, then flat out") << "paced";
    }
    void resultsEqualTheCommandLine()
    {
        QFETCH(QString, drive);
        const model::Model m = testing::loadRunnableModel(readData("mm1.json"));
        const sim::RunResults cli = testing::runScenario(m, 1);

        SimulationController c;
        Watcher w(c);
        c.load(m, settingsOf(m));
        QVERIFY(w.waitForState(RunState::Ready));
        if (drive == QLatin1String("step")) {
            for (int i = 0; i < 500; ++i)
                c.step();
            QVERIFY(waitUntil([&] { return w.last->events == 500; }));
        } else if (drive == QLatin1String("paced")) {
            c.setSpeed(50); // 50 simulated seconds per wall second
            c.run();
            QVERIFY(waitUntil([&] { return w.last->nowS > 5; }));
            c.setSpeed(0);
        } else if (drive == QLatin1String("pause")) {
            c.run();
            QVERIFY(waitUntil([&] { return w.last->nowS > 100; }));
            c.pause();
            QVERIFY(w.waitForState(RunState::Paused));
            const double pausedAt = w.last->nowS;
            QTest::qWait(50);
            QCOMPARE(w.last->nowS, pausedAt); // the clock stands still while paused
        }
        c.run();
        QVERIFY(waitUntil([&] { return w.record != nullptr; }));
        QCOMPARE(w.last->state, RunState::Finished);
        QVERIFY(!w.record->interfered);
        QCOMPARE(comparable(w.record->results, m), comparable(cli, m));
        QCOMPARE(w.record->results.events, cli.events);
    }

    void stepIsOneEvent()
    {
        SimulationController c;
        Watcher w(c);
        const model::Model m = testing::loadRunnableModel(kLight);
        c.load(m, settingsOf(m));
        QVERIFY(w.waitForState(RunState::Ready));
        c.step();
        QVERIFY(waitUntil([&] { return w.last->events == 1; }));
        QCOMPARE(w.last->state, RunState::Paused);
        c.step();
        c.step();
        QVERIFY(waitUntil([&] { return w.last->events == 3; }));
        QTest::qWait(30);
        QCOMPARE(w.last->events, quint64(3));
    }

    void resetGoesBackToZero()
    {
        SimulationController c;
        Watcher w(c);
        const model::Model m = testing::loadRunnableModel(kLight);
        c.load(m, settingsOf(m));
        QVERIFY(w.waitForState(RunState::Ready));
        const quint64 firstRun = w.last->run;
        c.run();
        QVERIFY(waitUntil([&] { return w.last->nowS > 10; }));
        c.reset();
        QVERIFY(waitUntil([&] { return w.last->run != firstRun; }));
        QCOMPARE(w.last->state, RunState::Ready);
        QCOMPARE(w.last->nowS, 0.0);
        QCOMPARE(w.last->events, quint64(0));
    }

    // Chart points come at fixed instants of simulated time and measure what the users got.
    void seriesSampledAtFixedInstants()
    {
        SimulationController c;
        Watcher w(c);
        const model::Model m = testing::loadRunnableModel(kLight);
        c.load(m, settingsOf(m));
        QVERIFY(w.waitForState(RunState::Ready));
        c.run();
        QVERIFY(waitUntil([&] { return w.record != nullptr; }));
        const QList<sim::Sample> &series = w.record->series;
        QCOMPARE(w.series.size(), series.size()); // every point reached the window
        const double interval = w.record->seriesIntervalS;
        QCOMPARE(interval, 0.1); // 60 s in about 600 points
        QCOMPARE(series.size(), 600);
        for (int i = 0; i < series.size(); ++i)
            QCOMPARE(series[i].at, sim::fromSeconds(interval * (i + 1)));
        // After the warm-up the users' throughput averages their rate: 200 rps, and the web
        // tier (4 cores at 2 ms) is busy 200 x 0.002 / 4 = 10 % of the time.
        double throughput = 0, webBusy = 0;
        int n = 0;
        for (const sim::Sample &s : series) {
            if (s.at <= sim::fromSeconds(5))
                continue;
            throughput += s.throughputRps;
            webBusy += s.components[2].utilization;
            ++n;
        }
        QVERIFY(std::abs(throughput / n - 200) < 200 * 0.05);
        QVERIFY(std::abs(webBusy / n - 0.1) < 0.01);
        QCOMPARE(w.last->story.left(7), QStringLiteral("nothing"));
    }

    void loadControlChangesTheRate()
    {
        SimulationController c;
        Watcher w(c);
        const model::Model m = testing::loadRunnableModel(kLight);
        c.load(m, settingsOf(m));
        QVERIFY(w.waitForState(RunState::Ready));
        c.setSpeed(20);
        c.run();
        QVERIFY(waitUntil([&] { return w.last->nowS > 20; }));
        c.pause();
        QVERIFY(w.waitForState(RunState::Paused));
        const double switchedAt = w.last->nowS;
        c.setLoadScale(3);
        c.setSpeed(0);
        c.run();
        QVERIFY(waitUntil([&] { return w.record != nullptr; }));
        QVERIFY(w.record->interfered);
        QCOMPARE(w.last->loadScale, 3.0);
        double before = 0, after = 0;
        int nb = 0, na = 0;
        for (const sim::Sample &s : w.record->series) {
            const double t = sim::toSeconds(s.at);
            if (t > 6 && t < switchedAt - 0.2) {
                before += s.offeredRps;
                nb += s.throughputRps > 0;
            }
            if (t > switchedAt + 1) {
                after += s.throughputRps;
                ++na;
            }
        }
        QVERIFY(nb > 0 && na > 0);
        QCOMPARE(before / nb, 200.0); // what the clients were told before
        // Three times the rate after: 600 rps, within a few per cent over tens of seconds.
        QVERIFY2(std::abs(after / na - 600) < 600 * 0.05, qPrintable(QString::number(after / na)));
        QVERIFY(w.logHas(QStringLiteral("load set to 3")));
    }

    void injectedFaultsShowAndClear()
    {
        SimulationController c;
        Watcher w(c);
        const model::Model m = testing::loadRunnableModel(kLight);
        c.load(m, settingsOf(m));
        QVERIFY(w.waitForState(RunState::Ready));
        c.setSpeed(40);
        c.run();
        QVERIFY(waitUntil([&] { return w.last->nowS > 10; }));
        model::ScenarioEvent fail;
        fail.action = QStringLiteral("fail");
        fail.target = QStringLiteral("db");
        c.inject(fail);
        QVERIFY(waitUntil([&] { return w.logHas(QStringLiteral("you: fail db")); }));
        double failedAt = 0;
        for (const run::LogEntry &e : w.log)
            if (e.text == QLatin1String("you: fail db"))
                failedAt = e.atS;
        QVERIFY(waitUntil([&] { return w.last->live.components[4].instancesUp == 0; }));
        QVERIFY(waitUntil([&] { return w.last->nowS > failedAt + 5; }));
        model::ScenarioEvent recover = fail;
        recover.action = QStringLiteral("recover");
        c.inject(recover);
        const QString nonsense = QStringLiteral("flush");
        model::ScenarioEvent flushDb = fail;
        flushDb.action = nonsense; // a database has nothing to flush
        c.inject(flushDb);
        c.setSpeed(0);
        QVERIFY(waitUntil([&] { return w.record != nullptr; }));
        QVERIFY(w.record->interfered);
        QVERIFY(w.logHas(QStringLiteral("you: fail db")));
        QVERIFY(w.logHas(QStringLiteral("flush means nothing for db")));
        // Errors while the database was down, none in the healthy stretches on either side.
        double errorsBefore = 0, errorsDuring = 0, errorsAfter = 0;
        for (const sim::Sample &s : w.record->series) {
            const double t = sim::toSeconds(s.at);
            if (t > 6 && t < failedAt - 0.2)
                errorsBefore += s.errorRate;
            else if (t > failedAt + 1 && t < failedAt + 4)
                errorsDuring += s.errorRate;
            else if (t > 50)
                errorsAfter += s.errorRate;
        }
        QCOMPARE(errorsBefore, 0.0);
        QVERIFY(errorsDuring > 1);
        QCOMPARE(errorsAfter, 0.0);
    }

    // The bottleneck story follows the load: nothing near capacity at 40 % load, the web server
    // named once the load control pushes it near saturation, with the share the canvas shows.
    void storyFollowsTheLoad()
    {
        SimulationController c;
        Watcher w(c);
        const model::Model m = oneServer(40, 400, 2);
        c.load(m, settingsOf(m));
        QVERIFY(w.waitForState(RunState::Ready));
        c.setSpeed(100);
        c.run();
        QVERIFY(waitUntil([&] { return w.last->nowS > 30; }));
        QVERIFY2(w.last->story.startsWith(QStringLiteral("nothing is near its capacity")),
                 qPrintable(w.last->story));
        QVERIFY(w.last->bottleneck.isEmpty());
        QVERIFY(w.last->saturatedAtS.isEmpty());
        c.setLoadScale(2.45); // 98 rps against a capacity of 100
        c.setSpeed(0);
        QVERIFY(waitUntil([&] { return w.record != nullptr; }));
        QCOMPARE(w.last->bottleneck, QStringLiteral("web"));
        const QString share = QString::number(std::lround(w.last->bottleneckUtilization * 100));
        QVERIFY2(
            w.last->story.startsWith(QStringLiteral("web is busy %1 % of the time").arg(share)),
            qPrintable(w.last->story));
        QVERIFY(w.last->bottleneckUtilization > 0.9);
        QVERIFY(w.logHas(QStringLiteral("web is now the bottleneck")));
        QVERIFY(!w.last->saturatedAtS.isEmpty());
        QVERIFY(w.last->saturatedAtS.first() > 30);
    }

    // At a steady 70 % the short windows wander, but the story names the web server once and
    // never calls the system saturated.
    void storyIgnoresNoise()
    {
        SimulationController c;
        Watcher w(c);
        const model::Model m = oneServer(70, 300, 4);
        c.load(m, settingsOf(m));
        QVERIFY(w.waitForState(RunState::Ready));
        c.run();
        QVERIFY(waitUntil([&] { return w.record != nullptr; }));
        int named = 0;
        for (const run::LogEntry &e : w.log)
            named += e.text.contains(QStringLiteral("is now the bottleneck")) ? 1 : 0;
        QCOMPARE(named, 1);
        QVERIFY(w.last->saturatedAtS.isEmpty());
        // The windows themselves do wander well past the story's thresholds.
        double lowest = 1, highest = 0;
        for (const sim::Sample &s : w.record->series) {
            if (s.at <= sim::fromSeconds(10) || std::isnan(s.components[1].utilization))
                continue;
            lowest = std::min(lowest, s.components[1].utilization);
            highest = std::max(highest, s.components[1].utilization);
        }
        QVERIFY2(lowest < 0.4 && highest > 0.95,
                 qPrintable(QStringLiteral("%1 .. %2").arg(lowest).arg(highest)));
    }

    // Lesson 1's server at 70 %: a one-minute run samples every 0.1 s, and the sample at the
    // warm-up's end covers a sliver of time in which one request in service reads as 100 % busy.
    // That sliver must not call the system saturated.
    void warmUpsEndIsNoSaturation()
    {
        for (const quint64 seed : {1, 2, 3, 4, 5, 6}) {
            SimulationController c;
            Watcher w(c);
            const model::Model m = oneServer(70, 25, seed);
            c.load(m, settingsOf(m));
            QVERIFY(w.waitForState(RunState::Ready));
            c.run();
            QVERIFY(waitUntil([&] { return w.record != nullptr; }));
            QVERIFY2(w.last->saturatedAtS.isEmpty(),
                     qPrintable(QStringLiteral("seed %1: saturated at %2 s")
                                    .arg(seed)
                                    .arg(w.last->saturatedAtS.value(0))));
        }
    }

    // A traced request, hop by hop, against what the engine itself records.
    void traceFollowsOneRequest()
    {
        const QByteArray one = R"({
          "format": "scalelab-model", "version": 1,
          "components": [
            {"id": "users", "type": "client", "rate_rps": 50, "mix": {"read": 1}},
            {"id": "lb", "type": "load_balancer", "algorithm": "least_connections"},
            {"id": "web", "type": "web_server", "count": 3, "cores": 1,
             "service_ms": {"dist": "exponential", "mean": 5}}
          ],
          "links": [{"from": "users", "to": "lb", "latency_ms": 2},
                    {"from": "lb", "to": "web", "latency_ms": 1}],
          "scenario": {"duration_s": 30, "warmup_s": 1, "seed": 11}
        })";
        SimulationController c;
        Watcher w(c);
        const model::Model m = testing::loadRunnableModel(one);
        c.load(m, settingsOf(m));
        QVERIFY(w.waitForState(RunState::Ready));
        // Each step hop stops at the traced request's next hop: users>lb, lb>web, web>lb,
        // lb>users.
        int hops = 0;
        for (int i = 0; i < 4; ++i) {
            c.stepHop();
            QVERIFY(waitUntil([&] {
                return w.last->hopPause && w.last->state == RunState::Paused && w.last->trace &&
                       w.last->trace->hops.size() == hops + 1;
            }));
            ++hops;
        }
        const run::Trace &t = *w.last->trace;
        QVERIFY(t.finished);
        QVERIFY(t.ok);
        QCOMPARE(t.kind, QStringLiteral("read"));
        QCOMPARE(t.hops[0].from, QStringLiteral("users"));
        QCOMPARE(t.hops[1].to, QStringLiteral("web"));
        QVERIFY2(t.hops[1].explanation.startsWith(QStringLiteral("lb picked web instance ")),
                 qPrintable(t.hops[1].explanation));
        QVERIFY(t.hops[1].explanation.contains(QStringLiteral("least connections, ")));
        QVERIFY(t.hops[3].isReply);
        QCOMPARE(t.spans.size(), 3);
        const run::TraceSpan &client = t.spans[0], &lb = t.spans[1], &web = t.spans[2];
        const double eps = 1e-9;
        // The links' latencies, both ways: 2 ms to the balancer, 1 ms on to web.
        QVERIFY(std::abs(lb.arrivedS - (client.arrivedS + 0.002)) < eps);
        QVERIFY(std::abs(web.arrivedS - (t.hops[1].atS + 0.001)) < eps);
        // Web queued (maybe not at all), then served, then replied at once.
        QVERIFY(web.serviceStartS >= web.arrivedS - eps);
        QVERIFY(web.serviceS > 0);
        QVERIFY(std::abs(web.leftS - (web.serviceStartS + web.serviceS)) < eps);
        QVERIFY(std::abs(t.endS - (lb.leftS + 0.002)) < eps);
        QVERIFY(std::abs(client.leftS - t.endS) < eps);
        // The client measures the same end-to-end time: nothing else finished in this window
        // since one request at 50 rps is alone with high probability; check the trace's own sum.
        const double total = t.endS - t.startS;
        QVERIFY(std::abs(total - (0.002 + 0.001 + web.queueingS() + web.serviceS + 0.001 + 0.002 +
                                  (lb.leftS - web.leftS - 0.001))) < 1e-6);
        // The log tells each hop.
        QVERIFY(w.logHas(QStringLiteral("lb picked web instance")));
        QVERIFY(w.logHas(QStringLiteral("the traced read request completes")));
    }

    // A cache's reply says hit or miss, by the key.
    void traceExplainsACacheLookup()
    {
        SimulationController c;
        Watcher w(c);
        const model::Model m = testing::loadRunnableModel(kLight);
        c.load(m, settingsOf(m));
        QVERIFY(w.waitForState(RunState::Ready));
        c.traceNext(QStringLiteral("read"));
        c.run();
        QVERIFY(waitUntil([&] { return w.last->trace && w.last->trace->finished; }));
        bool lookup = false;
        QStringList told;
        for (const run::TraceHop &h : w.last->trace->hops) {
            told << h.explanation;
            if (h.from == QLatin1String("cache"))
                lookup = lookup || h.explanation.contains(QRegularExpression(
                                       QStringLiteral("^cache (hit|miss) on key \\d+$")));
        }
        QVERIFY2(lookup, qPrintable(told.join(QStringLiteral(" | "))));
        c.pause();
    }

    // Snapshots reach the window at a bounded rate, however fast the engine goes.
    void snapshotsAreBounded()
    {
        const model::Model m = testing::loadRunnableModel(readData("mm1.json"));
        SimulationController c;
        c.setSnapshotRate(20);
        Watcher w(c);
        c.load(m, settingsOf(m));
        QVERIFY(w.waitForState(RunState::Ready));
        QElapsedTimer timer;
        timer.start();
        c.run();
        QVERIFY(waitUntil([&] { return w.record != nullptr; }));
        const double seconds = timer.elapsed() / 1000.0;
        // At 20 a second, plus the forced ones (ready, start, finish).
        QVERIFY2(w.count <= 20 * seconds + 6,
                 qPrintable(QStringLiteral("%1 snapshots in %2 s").arg(w.count).arg(seconds)));
    }

    void destroyingWhileRunningIsSafe()
    {
        const model::Model m = testing::loadRunnableModel(readData("mm1.json"));
        auto c = std::make_unique<SimulationController>();
        Watcher w(*c);
        c->load(m, settingsOf(m));
        c->run();
        QVERIFY(waitUntil([&] { return w.last && w.last->nowS > 10; }));
        c.reset(); // joins the worker mid-run: a hang or a crash here fails the test
    }
};

QTEST_GUILESS_MAIN(TestSimulationController)
#include "tst_simulation_controller.moc"
