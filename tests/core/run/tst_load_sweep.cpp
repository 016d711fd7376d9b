// The load sweep on M/M/1 (mm1.json: one core, exponential service of mean 10 ms, so mu = 100/s):
// below capacity the throughput follows the offered load and the mean time in the system climbs
// as 1/(mu - lambda); past capacity the throughput flattens at mu whatever is offered. The figures
// do not depend on the thread count, and Cancel stops a sweep early.

#include "model/model_json.h"
#include "run/load_sweep.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <atomic>
#include <cmath>
#include <thread>

using namespace scalelab;
using run::SweepPoint;
using run::SweepResult;
using run::SweepSettings;

namespace {

constexpr double kMu = 100; // per second

model::Model mm1()
{
    const model::LoadResult loaded =
        model::loadModelFile(QStringLiteral(SCALELAB_TEST_DATA "/mm1.json"));
    if (!loaded.ok())
        qFatal("%s", qPrintable(loaded.message()));
    return *loaded.model;
}

SweepSettings sweep(double from, double to, int steps, double durationS, int threads = 0)
{
    SweepSettings s;
    s.fromRps = from;
    s.toRps = to;
    s.steps = steps;
    s.run.durationS = durationS;
    s.run.warmupS = durationS / 20;
    s.run.seed = 7;
    s.threads = threads;
    return s;
}

QString describe(const SweepPoint &p)
{
    return QStringLiteral("offered %1: throughput %2, mean %3 ms (predicted %4)")
        .arg(p.offeredRps)
        .arg(p.throughputRps)
        .arg(p.meanMs)
        .arg(p.predictedMeanMs);
}

} // namespace

class TestLoadSweep : public QObject {
    Q_OBJECT

private slots:
    void ratesAreEvenlySpaced();
    void belowCapacityThroughputFollowsTheLoad();
    void pastCapacityThroughputFlattens();
    void resultsDoNotDependOnThreads();
    void cancelStopsEarly();
    void badSettingsAreRefused();
    void commandLineSweep();
};

void TestLoadSweep::ratesAreEvenlySpaced()
{
    QCOMPARE(run::sweepRates(sweep(10, 90, 5, 1)), (QList<double>{10, 30, 50, 70, 90}));
    QCOMPARE(run::sweepRates(sweep(50, 150, 2, 1)), (QList<double>{50, 150}));
}

// Throughput within 3 % of the offered rate; the mean time in the system rises with every step
// and agrees with 1/(mu - lambda), which the analysis predicts too.
void TestLoadSweep::belowCapacityThroughputFollowsTheLoad()
{
    const SweepResult r = run::runLoadSweep(mm1(), sweep(10, 80, 8, 20000));
    QVERIFY(r.problems.isEmpty());
    QVERIFY(!r.cancelled);
    QCOMPARE(r.points.size(), 8);
    QCOMPARE(r.bottleneck, QStringLiteral("web"));
    QVERIFY(std::abs(r.maxThroughputRps - kMu) < 1e-9);
    double previousMean = 0;
    for (const SweepPoint &p : r.points) {
        QVERIFY2(p.done, qPrintable(describe(p)));
        QVERIFY2(std::abs(p.throughputRps - p.offeredRps) < 0.03 * p.offeredRps,
                 qPrintable(describe(p)));
        const double theory = 1000 / (kMu - p.offeredRps);
        QVERIFY2(std::abs(p.predictedMeanMs - theory) < 1e-6 * theory, qPrintable(describe(p)));
        QCOMPARE(p.predictedThroughputRps, p.offeredRps);
        // 20 000 s holds about 200 relaxation times even at 80 % load: 5 % is several standard
        // errors of the mean there, and far more below it.
        QVERIFY2(std::abs(p.meanMs - theory) < 0.05 * theory, qPrintable(describe(p)));
        QVERIFY2(p.meanMs > previousMean, qPrintable(describe(p)));
        QVERIFY2(p.p99Ms > p.p95Ms && p.p95Ms > p.p50Ms, qPrintable(describe(p)));
        previousMean = p.meanMs;
        qInfo().noquote() << describe(p) << "theory" << theory;
        QCOMPARE(p.errorRate, 0.0);
    }
}

// Past mu the server is busy all the time: what it completes stays at mu (the knee) while the
// offered load keeps growing, as the bottleneck law predicts; below mu the same sweep tracks it.
void TestLoadSweep::pastCapacityThroughputFlattens()
{
    // Requests that arrived before the warm-up ends are not counted when they complete after
    // it; past capacity a backlog of (lambda - mu) * warm-up of them is served first, so the
    // warm-up is kept to 1 % of the run to keep that bias near 1 %.
    SweepSettings s = sweep(50, 200, 4, 2000);
    s.run.warmupS = 20;
    const SweepResult r = run::runLoadSweep(mm1(), s);
    QVERIFY(r.problems.isEmpty());
    const SweepPoint &below = r.points.at(0); // 50
    const SweepPoint &at150 = r.points.at(2);
    const SweepPoint &at200 = r.points.at(3);
    QVERIFY2(std::abs(below.throughputRps - 50) < 1.5, qPrintable(describe(below)));
    for (const SweepPoint *p : {&at150, &at200}) {
        QVERIFY2(std::abs(p->throughputRps - kMu) < 0.03 * kMu, qPrintable(describe(*p)));
        QCOMPARE(p->predictedThroughputRps, kMu);
        QVERIFY(std::isinf(p->predictedMeanMs));
        QVERIFY2(p->bottleneckUtilization > 0.99, qPrintable(describe(*p)));
    }
    // A third more load, no more throughput: flat within 3 %.
    QVERIFY2(std::abs(at200.throughputRps - at150.throughputRps) < 0.03 * kMu,
             qPrintable(describe(at150) + QLatin1String("; ") + describe(at200)));
    // ... and the latency is far past any steady state.
    QVERIFY(at200.meanMs > 10 * below.meanMs);
}

void TestLoadSweep::resultsDoNotDependOnThreads()
{
    const model::Model m = mm1();
    SweepSettings s = sweep(20, 95, 4, 1000, 1);
    s.run.replications = 2;
    const SweepResult one = run::runLoadSweep(m, s);
    s.threads = 2;
    const SweepResult two = run::runLoadSweep(m, s);
    s.threads = 3;
    const SweepResult three = run::runLoadSweep(m, s);
    for (const SweepResult *other : {&two, &three}) {
        QCOMPARE(other->points.size(), one.points.size());
        for (qsizetype i = 0; i < one.points.size(); ++i) {
            const SweepPoint &a = one.points.at(i);
            const SweepPoint &b = other->points.at(i);
            QCOMPARE(b.throughputRps, a.throughputRps);
            QCOMPARE(b.meanMs, a.meanMs);
            QCOMPARE(b.p50Ms, a.p50Ms);
            QCOMPARE(b.p95Ms, a.p95Ms);
            QCOMPARE(b.p99Ms, a.p99Ms);
            QCOMPARE(b.errorRate, a.errorRate);
            QCOMPARE(b.bottleneck, a.bottleneck);
        }
    }
    // The same seed at every point, but not the same figures: each point ran at its own load.
    QVERIFY(one.points.at(0).meanMs != one.points.at(1).meanMs);
}

void TestLoadSweep::cancelStopsEarly()
{
    const model::Model m = mm1();
    // Cancelled from the progress report after the first point, on one thread.
    std::atomic<bool> cancel{false};
    int reports = 0;
    const SweepResult r =
        run::runLoadSweep(m, sweep(10, 90, 6, 500, 1), &cancel, [&](int done, int total) {
            ++reports;
            QCOMPARE(total, 6);
            if (done == 1)
                cancel = true;
        });
    QVERIFY(r.cancelled);
    QCOMPARE(reports, 1);
    QVERIFY(r.points.at(0).done);
    for (qsizetype i = 1; i < r.points.size(); ++i)
        QVERIFY(!r.points.at(i).done);
    // Not cancelled, the same sweep reports every point.
    std::atomic<bool> never{false};
    int all = 0;
    QVERIFY(!run::runLoadSweep(m, sweep(10, 90, 6, 500, 1), &never, [&](int, int) {
                 ++all;
             }).cancelled);
    QCOMPARE(all, 6);

    // Cancelled in the middle of long points: it returns within a moment, not after the sweep.
    std::atomic<bool> stop{false};
    QElapsedTimer clock;
    clock.start();
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        stop = true;
    });
    const SweepResult long_ = run::runLoadSweep(m, sweep(10, 90, 4, 1e7, 2), &stop);
    canceller.join();
    QVERIFY(long_.cancelled);
    QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
    for (const SweepPoint &p : long_.points)
        QVERIFY(!p.done);
}

void TestLoadSweep::badSettingsAreRefused()
{
    SweepResult r = run::runLoadSweep(mm1(), sweep(0, 90, 4, 100));
    QVERIFY(!r.problems.isEmpty());
    QVERIFY(!r.points.at(1).done);
    r = run::runLoadSweep(mm1(), sweep(10, 90, 1, 100));
    QVERIFY(!r.problems.isEmpty());
    SweepSettings s = sweep(10, 90, 4, 100);
    s.run.warmupS = 200; // longer than the run
    r = run::runLoadSweep(mm1(), s);
    QVERIFY(!r.problems.isEmpty());
}

// `scalelab sweep` prints the same sweep as JSON, and refuses a sweep without its ends.
void TestLoadSweep::commandLineSweep()
{
    QProcess p;
    p.start(QStringLiteral(SCALELAB_BINARY),
            {QStringLiteral("sweep"), QStringLiteral(SCALELAB_TEST_DATA "/mm1.json"),
             QStringLiteral("--from"), QStringLiteral("20"), QStringLiteral("--to"),
             QStringLiteral("140"), QStringLiteral("--steps"), QStringLiteral("4"),
             QStringLiteral("--duration"), QStringLiteral("500"), QStringLiteral("--warmup"),
             QStringLiteral("5"), QStringLiteral("--json"), QStringLiteral("-")});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 0);
    const QJsonObject sweepObject = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    QCOMPARE(sweepObject.value(QStringLiteral("format")).toString(),
             QStringLiteral("scalelab-sweep"));
    QCOMPARE(sweepObject.value(QStringLiteral("max_throughput_rps")).toDouble(), kMu);
    const QJsonArray points = sweepObject.value(QStringLiteral("points")).toArray();
    QCOMPARE(points.size(), 4);
    // The same figures as the library's sweep with the same settings.
    SweepSettings s = sweep(20, 140, 4, 500);
    s.run.warmupS = 5;
    const SweepResult r = run::runLoadSweep(mm1(), s);
    for (int i = 0; i < 4; ++i)
        QCOMPARE(points.at(i).toObject().value(QStringLiteral("throughput_rps")).toDouble(),
                 r.points.at(i).throughputRps);
    QVERIFY(points.at(3)
                .toObject()
                .value(QStringLiteral("predicted"))
                .toObject()
                .value(QStringLiteral("mean_ms"))
                .isNull()); // past saturation: no finite prediction

    p.start(QStringLiteral(SCALELAB_BINARY),
            {QStringLiteral("sweep"), QStringLiteral(SCALELAB_TEST_DATA "/mm1.json"),
             QStringLiteral("--to"), QStringLiteral("140")});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 2);
    QVERIFY(p.readAllStandardError().contains("--from and --to are required"));
}

QTEST_GUILESS_MAIN(TestLoadSweep)
#include "tst_load_sweep.moc"
