// Replication and failover through the model file: a primary database ships its writes to its
// replicas over replication links, reads sent to it are served by the replicas, and a failed
// primary is replaced by a promoted replica after detection and promotion. Each test shows the
// effect with its cause and its absence without it.

#include "model_test_support.h"

#include "model/model_json.h"
#include "model/results_json.h"
#include "model/simulation_builder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>
#include <limits>
#include <string>

using namespace scalelab::model;
using scalelab::testing::loadRunnableModel;
using scalelab::testing::runScenario;
namespace sim = scalelab::sim;

namespace {

QJsonObject constant(double ms)
{
    return {{QStringLiteral("dist"), QStringLiteral("constant")}, {QStringLiteral("mean"), ms}};
}

QJsonObject exponential(double ms)
{
    return {{QStringLiteral("dist"), QStringLiteral("exponential")}, {QStringLiteral("mean"), ms}};
}

QJsonObject scenarioEvent(double atS, const QString &action, const QString &target)
{
    return {{QStringLiteral("at_s"), atS},
            {QStringLiteral("action"), action},
            {QStringLiteral("target"), target}};
}

// users -> web -> db, with `replicas` replicas r1, r2, ... joined to db by replication links.
// Every service time is constant and the tiers are lightly loaded, so queueing adds nothing and
// the figures come from the replication mechanism alone.
struct Setup {
    QString mode = QStringLiteral("async");
    QJsonObject delay = constant(50);
    int replicas = 2;
    double rate = 200;
    double writeShare = 0.2;
    double detectS = 2;
    double promoteS = 1;
    double durationS = 60;
    double warmupS = 5;
    int seed = 1;
    QJsonArray events;
};

Model buildModel(const Setup &s)
{
    const QJsonObject oneMs = constant(1);
    QJsonArray components{
        QJsonObject{{QStringLiteral("id"), QStringLiteral("users")},
                    {QStringLiteral("type"), QStringLiteral("client")},
                    {QStringLiteral("rate_rps"), s.rate},
                    {QStringLiteral("mix"), QJsonObject{{QStringLiteral("read"), 1 - s.writeShare},
                                                        {QStringLiteral("write"), s.writeShare}}},
                    {QStringLiteral("keys"),
                     QJsonObject{{QStringLiteral("count"), 1000}, {QStringLiteral("zipf"), 0.9}}}},
        QJsonObject{{QStringLiteral("id"), QStringLiteral("web")},
                    {QStringLiteral("type"), QStringLiteral("web_server")},
                    {QStringLiteral("cores"), 64},
                    {QStringLiteral("service_ms"), oneMs}},
        QJsonObject{
            {QStringLiteral("id"), QStringLiteral("db")},
            {QStringLiteral("type"), QStringLiteral("database")},
            {QStringLiteral("cores"), 8},
            {QStringLiteral("read_ms"), oneMs},
            {QStringLiteral("write_ms"), oneMs},
            {QStringLiteral("replication"),
             QJsonObject{{QStringLiteral("mode"), s.mode}, {QStringLiteral("delay_ms"), s.delay}}},
            {QStringLiteral("failover"), QJsonObject{{QStringLiteral("detect_s"), s.detectS},
                                                     {QStringLiteral("promote_s"), s.promoteS}}}}};
    QJsonArray links{QJsonObject{{QStringLiteral("from"), QStringLiteral("users")},
                                 {QStringLiteral("to"), QStringLiteral("web")}},
                     QJsonObject{{QStringLiteral("from"), QStringLiteral("web")},
                                 {QStringLiteral("to"), QStringLiteral("db")}}};
    for (int i = 1; i <= s.replicas; ++i) {
        const QString id = QStringLiteral("r%1").arg(i);
        components.append(QJsonObject{{QStringLiteral("id"), id},
                                      {QStringLiteral("type"), QStringLiteral("database")},
                                      {QStringLiteral("role"), QStringLiteral("replica")},
                                      {QStringLiteral("cores"), 8},
                                      {QStringLiteral("read_ms"), oneMs},
                                      {QStringLiteral("write_ms"), oneMs}});
        links.append(QJsonObject{{QStringLiteral("from"), QStringLiteral("db")},
                                 {QStringLiteral("to"), id},
                                 {QStringLiteral("kind"), QStringLiteral("replication")}});
    }
    const QJsonObject root{
        {QStringLiteral("format"), QStringLiteral("scalelab-model")},
        {QStringLiteral("version"), 1},
        {QStringLiteral("name"), QStringLiteral("replication")},
        {QStringLiteral("components"), components},
        {QStringLiteral("links"), links},
        {QStringLiteral("scenario"), QJsonObject{{QStringLiteral("duration_s"), s.durationS},
                                                 {QStringLiteral("warmup_s"), s.warmupS},
                                                 {QStringLiteral("seed"), s.seed},
                                                 {QStringLiteral("events"), s.events}}}};
    return loadRunnableModel(QJsonDocument(root).toJson());
}

sim::RunResults run(const Model &model)
{
    return runScenario(model, 1);
}

sim::RunResults run(const Setup &setup)
{
    return run(buildModel(setup));
}

const sim::Metrics &metricsOf(const sim::RunResults &results, const std::string &id)
{
    for (const sim::ComponentResult &c : results.components)
        if (c.id == id)
            return c.metrics;
    qFatal("no component %s", id.c_str());
}

double metric(const sim::RunResults &results, const std::string &id, const std::string &path)
{
    return metricsOf(results, id).number(path, std::numeric_limits<double>::quiet_NaN());
}

QString role(const sim::RunResults &results, const std::string &id)
{
    const sim::MetricValue *v = metricsOf(results, id).find("role");
    const auto *s = v ? std::get_if<std::string>(v) : nullptr;
    return s ? QString::fromStdString(*s) : QString();
}

// Reads a replica served: its arrivals are those reads plus the shipments it applied.
double readsServed(const sim::RunResults &results, const std::string &id)
{
    return metric(results, id, "arrivals") - metric(results, id, "writes_applied");
}

double staleReads(const sim::RunResults &results)
{
    return metric(results, "r1", "stale_reads") + metric(results, "r2", "stale_reads");
}

// Requests counted at a window edge (arrived, not answered yet) make counts that should match
// differ by a few.
constexpr double kEdge = 5;

} // namespace

class TestReplication : public QObject {
    Q_OBJECT

private slots:
    void lagFollowsTheShippingDelay_data();
    void lagFollowsTheShippingDelay();
    void lagGrowsWithTheDelay();
    void staleReadsNeedAsynchronousShipping();
    void readsGoToHealthyReplicas();
    void failoverStopsWritesUntilPromotion_data();
    void failoverStopsWritesUntilPromotion();
    void readsSurviveThePrimaryFailure();
    void lostWritesUnderAsyncFailover_data();
    void lostWritesUnderAsyncFailover();
    void lostWritesAreThoseNoReplicaReceived_data();
    void lostWritesAreThoseNoReplicaReceived();
    void resynchronisedReplicaHoldsWhatItMissed();
    void failedReplicaDoesNotHoldWritesBack_data();
    void failedReplicaDoesNotHoldWritesBack();
    void recoveredPrimaryRejoinsAsReplica();
    void syncWritesWaitForTheShipping_data();
    void syncWritesWaitForTheShipping();
    void sameSeedSameResults();
};

void TestReplication::lagFollowsTheShippingDelay_data()
{
    QTest::addColumn<QJsonObject>("delay");
    QTest::addColumn<double>("mean");
    QTest::addColumn<double>("meanTolerance");
    QTest::addColumn<double>("p99");
    QTest::addColumn<double>("p99Tolerance");
    // The lag is the shipping delay plus the 1 ms the replica needs to apply the write.
    QTest::newRow("no delay") << constant(0) << 1.0 << 0.05 << 1.0 << 0.05;
    QTest::newRow("constant 50 ms") << constant(50) << 51.0 << 0.5 << 51.0 << 0.5;
    // Exponential: p99 = 50 ln 100 + 1. About 27,000 writes per replica: the mean's standard
    // error is 0.3 ms and the p99's about 3 ms.
    QTest::newRow("exponential 50 ms")
        << exponential(50) << 51.0 << 1.5 << 50 * std::log(100.0) + 1 << 15.0;
}

void TestReplication::lagFollowsTheShippingDelay()
{
    QFETCH(QJsonObject, delay);
    QFETCH(double, mean);
    QFETCH(double, meanTolerance);
    QFETCH(double, p99);
    QFETCH(double, p99Tolerance);
    Setup s;
    s.delay = delay;
    s.rate = 1000;
    s.writeShare = 0.5;
    const sim::RunResults r = run(s);
    for (const std::string id : {"r1", "r2"}) {
        QVERIFY(metric(r, id, "writes_applied") > 25000);
        const double measuredMean = metric(r, id, "replication_lag_ms.mean");
        const double measuredP99 = metric(r, id, "replication_lag_ms.p99");
        QVERIFY2(std::abs(measuredMean - mean) <= meanTolerance,
                 qPrintable(QStringLiteral("%1 mean lag %2 ms, expected %3")
                                .arg(QString::fromStdString(id))
                                .arg(measuredMean)
                                .arg(mean)));
        QVERIFY2(std::abs(measuredP99 - p99) <= p99Tolerance,
                 qPrintable(QStringLiteral("%1 p99 lag %2 ms, expected %3")
                                .arg(QString::fromStdString(id))
                                .arg(measuredP99)
                                .arg(p99)));
    }
    // The primary applies nothing shipped: it reports no lag.
    QVERIFY(std::isnan(metric(r, "db", "replication_lag_ms.mean")));
}

void TestReplication::lagGrowsWithTheDelay()
{
    Setup shortDelay;
    shortDelay.delay = constant(10);
    Setup longDelay;
    longDelay.delay = constant(100);
    const double lagShort = metric(run(shortDelay), "r1", "replication_lag_ms.mean");
    const double lagLong = metric(run(longDelay), "r1", "replication_lag_ms.mean");
    QVERIFY2(std::abs(lagShort - 11) < 0.5, qPrintable(QString::number(lagShort)));
    QVERIFY2(std::abs(lagLong - 101) < 0.5, qPrintable(QString::number(lagLong)));
    QVERIFY(lagLong - lagShort > 85);
}

void TestReplication::staleReadsNeedAsynchronousShipping()
{
    // Asynchronous: the client hears "committed" while the write is still on its way, so reads
    // of that key on a replica are stale for the shipping delay; the longer the delay, the more.
    Setup async10;
    async10.delay = constant(10);
    Setup async100;
    async100.delay = constant(100);
    const double stale10 = staleReads(run(async10));
    const double stale100 = staleReads(run(async100));
    QVERIFY2(stale10 > 20, qPrintable(QString::number(stale10)));
    QVERIFY2(stale100 > 3 * stale10,
             qPrintable(QStringLiteral("%1 vs %2").arg(stale100).arg(stale10)));
    // Synchronous: the write is acknowledged only once every replica has applied it.
    Setup sync100 = async100;
    sync100.mode = QStringLiteral("sync");
    const sim::RunResults r = run(sync100);
    QVERIFY(metric(r, "r1", "writes_applied") > 1000);
    QCOMPARE(staleReads(r), 0.0);
}

void TestReplication::readsGoToHealthyReplicas()
{
    // Two healthy replicas: the primary takes only the writes, the replicas the reads in turn.
    {
        const sim::RunResults r = run(Setup{});
        const double writes = metric(r, "db", "arrivals");
        const double requests = metric(r, "web", "arrivals");
        QVERIFY(std::abs(writes - metric(r, "r1", "writes_applied")) <= kEdge);
        QVERIFY(std::abs(writes - metric(r, "r2", "writes_applied")) <= kEdge);
        // Binomial share of writes: 0.2 of ~11,000 requests, standard deviation ~42.
        QVERIFY2(std::abs(writes - 0.2 * requests) < 170,
                 qPrintable(QStringLiteral("%1 writes of %2").arg(writes).arg(requests)));
        const double r1 = readsServed(r, "r1");
        const double r2 = readsServed(r, "r2");
        QVERIFY2(std::abs(r1 - r2) <= kEdge,
                 qPrintable(QStringLiteral("%1 vs %2").arg(r1).arg(r2)));
        QVERIFY(std::abs(writes + r1 + r2 - requests) <= kEdge);
    }
    // No replica: the primary serves everything.
    {
        Setup s;
        s.replicas = 0;
        const sim::RunResults r = run(s);
        QVERIFY(std::abs(metric(r, "db", "arrivals") - metric(r, "web", "arrivals")) <= kEdge);
    }
    // Both replicas failed before the window: the primary serves the reads again, no error.
    {
        Setup s;
        s.events = {scenarioEvent(1, QStringLiteral("fail"), QStringLiteral("r1")),
                    scenarioEvent(1, QStringLiteral("fail"), QStringLiteral("r2"))};
        const sim::RunResults r = run(s);
        QVERIFY(std::abs(metric(r, "db", "arrivals") - metric(r, "web", "arrivals")) <= kEdge);
        QCOMPARE(metric(r, "r1", "arrivals"), 0.0);
        QCOMPARE(metric(r, "r2", "arrivals"), 0.0);
        QCOMPARE(r.summary.errors, std::uint64_t{0});
        QCOMPARE(role(r, "db"), QStringLiteral("primary"));
        QCOMPARE(role(r, "r1"), QStringLiteral("failed"));
    }
}

void TestReplication::failoverStopsWritesUntilPromotion_data()
{
    QTest::addColumn<bool>("fail");
    QTest::addColumn<double>("detectS");
    QTest::addColumn<double>("promoteS");
    QTest::newRow("no failure") << false << 2.0 << 1.0;
    QTest::newRow("detect 2 s, promote 1 s") << true << 2.0 << 1.0;
    QTest::newRow("detect 10 s, promote 5 s") << true << 10.0 << 5.0;
}

void TestReplication::failoverStopsWritesUntilPromotion()
{
    QFETCH(bool, fail);
    QFETCH(double, detectS);
    QFETCH(double, promoteS);
    Setup s;
    s.writeShare = 0.5; // 100 writes/s
    s.detectS = detectS;
    s.promoteS = promoteS;
    if (fail)
        s.events = {scenarioEvent(20, QStringLiteral("fail"), QStringLiteral("db"))};
    const sim::RunResults r = run(s);
    // Writes fail from the failure until a replica is promoted: a Poisson count of mean
    // rate x (detect + promote). Reads are served by the replicas all along.
    const double expected = fail ? 100 * (detectS + promoteS) : 0;
    const auto errors = static_cast<double>(r.summary.errors);
    QVERIFY2(std::abs(errors - expected) <= 4 * std::sqrt(expected) + 2,
             qPrintable(QStringLiteral("%1 errors, expected %2").arg(errors).arg(expected)));
    if (!fail) {
        QCOMPARE(role(r, "db"), QStringLiteral("primary"));
        QCOMPARE(metric(r, "db", "failovers"), 0.0);
        return;
    }
    // Writes succeed again after the promotion: through the promoted replica.
    QCOMPARE(role(r, "db"), QStringLiteral("failed"));
    QCOMPARE(metric(r, "db", "failovers"), 1.0);
    const QString r1 = role(r, "r1");
    const QString r2 = role(r, "r2");
    QVERIFY2((r1 == QLatin1String("primary")) != (r2 == QLatin1String("primary")),
             qPrintable(r1 + QLatin1Char(' ') + r2));
    const std::string promoted = r1 == QLatin1String("primary") ? "r1" : "r2";
    const std::string other = promoted == "r1" ? "r2" : "r1";
    QCOMPARE(role(r, other), QStringLiteral("replica"));
    // The other replica applies what the old primary shipped before failing and what the new
    // one ships after its promotion: 100/s for the 40 s - detect - promote left.
    const double afterPromotion = metric(r, other, "writes_applied") - metric(r, "db", "arrivals");
    const double expectedAfter = 100 * (40 - detectS - promoteS);
    QVERIFY2(std::abs(afterPromotion - expectedAfter) <= 4 * std::sqrt(expectedAfter) + 2 * kEdge,
             qPrintable(QStringLiteral("%1 writes after the promotion, expected %2")
                            .arg(afterPromotion)
                            .arg(expectedAfter)));
}

void TestReplication::readsSurviveThePrimaryFailure()
{
    Setup s;
    s.writeShare = 0;
    s.events = {scenarioEvent(20, QStringLiteral("fail"), QStringLiteral("db"))};
    // With replicas, reads never notice the primary's failure.
    const sim::RunResults withReplicas = run(s);
    QCOMPARE(withReplicas.summary.errors, std::uint64_t{0});
    QVERIFY(withReplicas.summary.completed > 10000);
    // Without, every read after the failure fails: 200/s for 40 s.
    s.replicas = 0;
    const sim::RunResults alone = run(s);
    const auto errors = static_cast<double>(alone.summary.errors);
    QVERIFY2(std::abs(errors - 8000) < 4 * std::sqrt(8000.0), qPrintable(QString::number(errors)));
}

void TestReplication::lostWritesUnderAsyncFailover_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<bool>("fail");
    QTest::addColumn<double>("expected");
    // 250 writes/s shipped with an exponential delay of mean 200 ms to one replica: the writes
    // in flight when the primary fails are Poisson of mean 250 x 0.2 = 50 (M/G/infinity).
    QTest::newRow("async, no failure") << QStringLiteral("async") << false << 0.0;
    QTest::newRow("async") << QStringLiteral("async") << true << 50.0;
    QTest::newRow("semi_sync") << QStringLiteral("semi_sync") << true << 0.0;
    QTest::newRow("sync") << QStringLiteral("sync") << true << 0.0;
}

void TestReplication::lostWritesUnderAsyncFailover()
{
    QFETCH(QString, mode);
    QFETCH(bool, fail);
    QFETCH(double, expected);
    Setup s;
    s.mode = mode;
    s.replicas = 1;
    s.rate = 250;
    s.writeShare = 1;
    s.delay = exponential(200);
    s.durationS = 40;
    if (fail)
        s.events = {scenarioEvent(20, QStringLiteral("fail"), QStringLiteral("db"))};
    const sim::RunResults r = run(s);
    const double lost = metric(r, "db", "lost_writes");
    QCOMPARE(metric(r, "db", "failovers"), fail ? 1.0 : 0.0);
    if (expected == 0) {
        QCOMPARE(lost, 0.0);
        return;
    }
    QVERIFY2(lost >= 0.3 * expected && lost <= 3 * expected, qPrintable(QString::number(lost)));
    QVERIFY2(std::abs(lost - expected) <= 4 * std::sqrt(expected),
             qPrintable(QString::number(lost)));
}

void TestReplication::lostWritesAreThoseNoReplicaReceived_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<int>("seed");
    QTest::addColumn<double>("expected");
    // Each shipment draws its own delay, so each of the three replicas receives the writes in
    // flight in its own order, and the one promoted lacks some writes another one received.
    // Under semi_sync every acknowledged write had reached a replica: after the promotion's
    // catch-up, none is lost. Acknowledged writes minus shipments received by the replica that
    // received most, as once counted, reports 21 to 34 of them lost for these seeds.
    for (int seed = 1; seed <= 5; ++seed)
        QTest::addRow("semi_sync, seed %d", seed) << QStringLiteral("semi_sync") << seed << 0.0;
    // Asynchronous: lost are the writes no replica had received. One committed t before the
    // failure has reached none of the three with probability exp(-3t / 200 ms): Poisson of mean
    // 250/s x 200/3 ms = 16.7, where the count against one replica reported 37 to 49.
    for (int seed = 1; seed <= 3; ++seed)
        QTest::addRow("async, seed %d", seed) << QStringLiteral("async") << seed << 250 * 0.2 / 3;
}

void TestReplication::lostWritesAreThoseNoReplicaReceived()
{
    QFETCH(QString, mode);
    QFETCH(int, seed);
    QFETCH(double, expected);
    Setup s;
    s.mode = mode;
    s.seed = seed;
    s.replicas = 3;
    s.rate = 250;
    s.writeShare = 1;
    s.delay = exponential(200);
    s.durationS = 40;
    s.events = {scenarioEvent(20, QStringLiteral("fail"), QStringLiteral("db"))};
    const sim::RunResults r = run(s);
    const double lost = metric(r, "db", "lost_writes");
    QCOMPARE(metric(r, "db", "failovers"), 1.0);
    if (expected == 0) {
        QCOMPARE(lost, 0.0);
        return;
    }
    QVERIFY2(lost > 0, qPrintable(QString::number(lost)));
    QVERIFY2(std::abs(lost - expected) <= 4 * std::sqrt(expected),
             qPrintable(QString::number(lost)));
}

void TestReplication::resynchronisedReplicaHoldsWhatItMissed()
{
    // The only replica is down from 10 s to 12 s, while ~500 writes are acknowledged without it,
    // and comes back resynchronised from the primary: it holds them though it never received
    // them. When the primary fails at 20 s, lost are only the writes in flight (Poisson of mean
    // 250/s x 200 ms = 50, as in lostWritesUnderAsyncFailover), not those ~500 as well.
    Setup s;
    s.replicas = 1;
    s.rate = 250;
    s.writeShare = 1;
    s.delay = exponential(200);
    s.durationS = 40;
    s.events = {scenarioEvent(10, QStringLiteral("fail"), QStringLiteral("r1")),
                scenarioEvent(12, QStringLiteral("recover"), QStringLiteral("r1")),
                scenarioEvent(20, QStringLiteral("fail"), QStringLiteral("db"))};
    const sim::RunResults r = run(s);
    QCOMPARE(metric(r, "db", "failovers"), 1.0);
    QCOMPARE(role(r, "r1"), QStringLiteral("primary"));
    // What the replica received falls short of what the primary acknowledged by the outage.
    const double notReceived = metric(r, "db", "arrivals") - metric(r, "r1", "writes_applied");
    QVERIFY2(notReceived > 400, qPrintable(QString::number(notReceived)));
    const double lost = metric(r, "db", "lost_writes");
    QVERIFY2(lost > 0 && std::abs(lost - 50) <= 4 * std::sqrt(50.0),
             qPrintable(QString::number(lost)));
}

void TestReplication::failedReplicaDoesNotHoldWritesBack_data()
{
    QTest::addColumn<QString>("mode");
    QTest::newRow("semi_sync") << QStringLiteral("semi_sync");
    QTest::newRow("sync") << QStringLiteral("sync");
}

void TestReplication::failedReplicaDoesNotHoldWritesBack()
{
    // Writes waiting for the only replica when it fails go on without it, as later writes do,
    // instead of holding their connection for ever. At 400 writes/s and ~52 ms per write, ~20
    // wait at any time.
    QFETCH(QString, mode);
    Setup s;
    s.mode = mode;
    s.replicas = 1;
    s.rate = 400;
    s.writeShare = 1;
    s.events = {scenarioEvent(20, QStringLiteral("fail"), QStringLiteral("r1"))};
    const sim::RunResults r = run(s);
    // Waiting writes hold the database's connections: the mean over the window is ~20 for
    // the 15 s before the failure and ~1 after, not ~20 for ever.
    QVERIFY2(metric(r, "db", "concurrency_mean") < 10,
             qPrintable(QString::number(metric(r, "db", "concurrency_mean"))));
    const double unanswered =
        static_cast<double>(r.summary.requests - r.summary.completed - r.summary.errors);
    QVERIFY2(unanswered <= kEdge, qPrintable(QString::number(unanswered)));
    // Without the failure, writes do wait for the replica.
    s.events = {};
    const sim::RunResults healthy = run(s);
    QVERIFY(metric(healthy, "db", "concurrency_mean") > 15);
    QVERIFY(healthy.summary.latencyMs.mean > 50);
}

void TestReplication::recoveredPrimaryRejoinsAsReplica()
{
    // The primary fails at 3 s, a replica is promoted at 5 s; the window starts at 10 s.
    Setup s;
    s.detectS = 1;
    s.promoteS = 1;
    s.durationS = 40;
    s.warmupS = 10;
    s.events = {scenarioEvent(3, QStringLiteral("fail"), QStringLiteral("db"))};
    const sim::RunResults stayedDown = run(s);
    QCOMPARE(role(stayedDown, "db"), QStringLiteral("failed"));
    QCOMPARE(metric(stayedDown, "db", "arrivals"), 0.0);
    s.events.append(scenarioEvent(7, QStringLiteral("recover"), QStringLiteral("db")));
    const sim::RunResults r = run(s);
    QCOMPARE(role(r, "db"), QStringLiteral("replica"));
    QCOMPARE(r.summary.errors, std::uint64_t{0});
    const std::string promoted = role(r, "r1") == QLatin1String("primary") ? "r1" : "r2";
    const std::string other = promoted == "r1" ? "r2" : "r1";
    QCOMPARE(role(r, promoted), QStringLiteral("primary"));
    // It applies what the new primary ships and serves reads again, in turn with the other
    // replica.
    QVERIFY(metric(r, "db", "writes_applied") > 1000);
    QVERIFY(std::abs(metric(r, "db", "writes_applied") - metric(r, other, "writes_applied")) <=
            kEdge);
    const double dbReads = readsServed(r, "db");
    const double otherReads = readsServed(r, other);
    QVERIFY(dbReads > 1000);
    QVERIFY2(std::abs(dbReads - otherReads) <= kEdge,
             qPrintable(QStringLiteral("%1 vs %2").arg(dbReads).arg(otherReads)));
}

void TestReplication::syncWritesWaitForTheShipping_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<double>("writeShare");
    QTest::addColumn<double>("latency");
    // Web 1 ms + write 1 ms; semi-sync adds the 50 ms shipping to the first replica, sync also
    // the 1 ms it needs to apply the write. Reads never wait for the shipping.
    QTest::newRow("async writes") << QStringLiteral("async") << 1.0 << 2.0;
    QTest::newRow("semi_sync writes") << QStringLiteral("semi_sync") << 1.0 << 52.0;
    QTest::newRow("sync writes") << QStringLiteral("sync") << 1.0 << 53.0;
    QTest::newRow("sync reads") << QStringLiteral("sync") << 0.0 << 2.0;
}

void TestReplication::syncWritesWaitForTheShipping()
{
    QFETCH(QString, mode);
    QFETCH(double, writeShare);
    QFETCH(double, latency);
    Setup s;
    s.mode = mode;
    s.writeShare = writeShare;
    s.durationS = 30;
    const sim::RunResults r = run(s);
    QVERIFY(r.summary.completed > 4000);
    QVERIFY2(std::abs(r.summary.latencyMs.mean - latency) < 0.2,
             qPrintable(QString::number(r.summary.latencyMs.mean)));
}

void TestReplication::sameSeedSameResults()
{
    Setup s;
    s.delay = exponential(50);
    s.durationS = 30;
    s.events = {scenarioEvent(10, QStringLiteral("fail"), QStringLiteral("db")),
                scenarioEvent(20, QStringLiteral("recover"), QStringLiteral("db"))};
    const auto resultsJson = [](const Setup &setup) {
        const Model model = buildModel(setup);
        QJsonObject json = resultsToJson(run(model), model, {});
        json.remove(QStringLiteral("wall_s")); // wall-clock figures differ from run to run
        json.remove(QStringLiteral("events_per_s"));
        return json;
    };
    const QJsonObject first = resultsJson(s);
    QCOMPARE(resultsJson(s), first);
    s.seed = 2;
    QVERIFY(resultsJson(s) != first);
}

QTEST_GUILESS_MAIN(TestReplication)
#include "tst_replication.moc"
