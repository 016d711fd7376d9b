// The engine states facts and core/model/explanations says them in words: each fact gives the
// sentence the engine used to write, the engine's bottleneck and the analysis give the same advice
// for the same situation, and the results JSON carries the sentence of the run's own fact.

#include "model_test_support.h"

#include "model/analysis.h"
#include "model/explanations.h"

#include <QRegularExpression>
#include <QTest>

using namespace scalelab;
using namespace scalelab::testing;
using model::Explanations;
using sim::HopFact;
using sim::LoadFact;

Q_DECLARE_METATYPE(scalelab::sim::LoadFact)
Q_DECLARE_METATYPE(scalelab::sim::HopFact)

namespace {

LoadFact loadOf(LoadFact::Code code, const char *id, const char *type, double busy)
{
    LoadFact fact;
    fact.code = code;
    fact.component = id;
    fact.type = type;
    fact.busy = busy;
    return fact;
}

LoadFact pool(const char *id, const char *type, double busy, LoadFact::Work work, double share)
{
    LoadFact fact = loadOf(LoadFact::Code::BusyPool, id, type, busy);
    fact.work = work;
    fact.workShare = share;
    return fact;
}

LoadFact database(LoadFact::Work work, bool cache, bool replicas, bool shard)
{
    LoadFact fact = pool("db", "database", 0.93, work, 0.88);
    fact.calledThroughCache = cache;
    fact.hasReplicas = replicas;
    fact.isShard = shard;
    return fact;
}

LoadFact backlog(double mean, std::int64_t now, std::int64_t capacity, bool growing, bool refusing)
{
    LoadFact fact = loadOf(LoadFact::Code::Backlog, "jobs", "queue", 0);
    fact.backlogMean = mean;
    fact.backlogNow = now;
    fact.capacity = capacity;
    fact.growing = growing;
    fact.refusing = refusing;
    return fact;
}

HopFact hopOf(HopFact::Code code, const char *from, const char *to)
{
    HopFact fact;
    fact.code = code;
    fact.from = from;
    fact.to = to;
    fact.key = 4711;
    fact.user = 42;
    return fact;
}

HopFact send(sim::Operation operation, sim::RequestKind kind, int instance)
{
    HopFact fact = hopOf(HopFact::Code::Send, "web", "db");
    fact.operation = operation;
    fact.kind = kind;
    fact.instance = instance;
    return fact;
}

HopFact pick(HopFact::Pick how, int instance)
{
    HopFact fact = hopOf(HopFact::Code::BalancerPick, "lb", "web");
    fact.pick = how;
    fact.instance = instance;
    fact.healthy = 3;
    fact.open = 2;
    return fact;
}

HopFact route(bool byUser, HopFact::Strategy strategy)
{
    HopFact fact = hopOf(HopFact::Code::ShardRoute, "router", "shard-1");
    fact.byUser = byUser;
    fact.strategy = strategy;
    return fact;
}

// users -> web -> [cache] -> db or a replicated db; the database is the bottleneck by far.
QByteArray design(const QByteArray &mix, const QByteArray &tiers, const QByteArray &links)
{
    return R"({"format": "scalelab-model", "version": 1, "name": "advice",
      "components": [
        {"id": "users", "type": "client", "rate_rps": 400, "mix": )" +
           mix + R"(, "keys": {"count": 100000}},
        {"id": "web", "type": "web_server", "count": 4, "cores": 4,
         "service_ms": {"dist": "exponential", "mean": 1}},
        )" +
           tiers + R"(],
      "links": [{"from": "users", "to": "web"}, )" +
           links + R"(],
      "scenario": {"duration_s": 20, "warmup_s": 2, "seed": 1}})";
}

const QByteArray kDatabase =
    R"({"id": "db", "type": "database", "cores": 1, "read_ms": 5, "write_ms": 5})";
const QByteArray kCache = R"({"id": "cache", "type": "cache", "capacity": 100})";

// The part of a bottleneck sentence after its last "; ": the advice.
QString adviceIn(const QString &sentence)
{
    return sentence.mid(sentence.lastIndexOf(QStringLiteral("; ")) + 2);
}

} // namespace

class TestExplanations : public QObject {
    Q_OBJECT

private slots:
    void loadFactSentence_data()
    {
        QTest::addColumn<LoadFact>("fact");
        QTest::addColumn<QString>("sentence");
        using W = LoadFact::Work;
        QTest::newRow("busy") << loadOf(LoadFact::Code::Busy, "users", "client", 0.424)
                              << "users is busy 42 % of the time; more capacity there would help";
        QTest::newRow("pool, one class")
            << pool("web", "web_server", 0.8, W::StaticRequests, 1.0)
            << "web is busy 80 % of the time serving static requests; a CDN would take static "
               "requests off it, or add instances behind a load balancer or cores";
        QTest::newRow("pool, share") << pool("web", "web_server", 0.93, W::Reads, 0.8)
                                     << "web is busy 93 % of the time serving reads (80 % of its "
                                        "work); add instances behind a load balancer or cores";
        QTest::newRow("pool, jobs") << pool("web", "web_server", 0.9, W::Jobs, 0.6)
                                    << "web is busy 90 % of the time serving jobs (60 % of its "
                                       "work); a queue with workers would take the jobs off it";
        QTest::newRow("pool, idle")
            << pool("web", "web_server", 0, W::None, 0)
            << "web is busy 0 % of the time; add instances behind a load balancer or cores";
        QTest::newRow("database reads")
            << database(W::Reads, false, false, false)
            << "db is busy 93 % of the time serving reads (88 % of its work); a cache or read "
               "replicas would take reads off it";
        QTest::newRow("database reads, replicas")
            << database(W::Reads, false, true, false)
            << "db is busy 93 % of the time serving reads (88 % of its work); more read replicas "
               "or a cache would take reads off it";
        QTest::newRow("database reads, cache")
            << database(W::Reads, true, false, false)
            << "db is busy 93 % of the time serving reads (88 % of its work); a cache that holds "
               "more of the popular keys, or read replicas, would take reads off it";
        QTest::newRow("database reads, cache and replicas")
            << database(W::Reads, true, true, false)
            << "db is busy 93 % of the time serving reads (88 % of its work); a cache that holds "
               "more of the popular keys, or more read replicas, would take reads off it";
        QTest::newRow("database writes")
            << database(W::Writes, true, true, false)
            << "db is busy 93 % of the time serving writes (88 % of its work); writes only scale "
               "by splitting the data: shard it";
        QTest::newRow("shard writes")
            << database(W::Writes, false, false, true)
            << "db is busy 93 % of the time serving writes (88 % of its work); a shard takes the "
               "writes of its own keys alone: if the other shards idle, a hot key or the shard "
               "key heats this one, and if all are busy, more shards would help";
        QTest::newRow("cache") << pool("cache", "cache", 0.7, W::Lookups, 0.9)
                               << "cache is busy 70 % of the time serving lookups (90 % of its "
                                  "work); more cores or a second cache node would help";
        QTest::newRow("worker")
            << pool("workers", "worker", 0.99, W::Jobs, 1.0)
            << "workers is busy 99 % of the time serving jobs; jobs pile up in its queue when "
               "they arrive faster than it finishes them: add workers (count) or cores";
        QTest::newRow("session store")
            << pool("sessions", "session_store", 0.6, W::Reads, 0.75)
            << "sessions is busy 60 % of the time serving reads (75 % of its work); every "
               "request reads its session here: add cores";
        QTest::newRow("balancer") << loadOf(LoadFact::Code::Connections, "lb", "load_balancer",
                                            0.85)
                                  << "lb holds on average 85 % of its connection limit open; "
                                     "raise max_connections or add a second balancer";
        LoadFact edge = loadOf(LoadFact::Code::EdgeHits, "cdn", "cdn", -1);
        edge.edgeHits = 3;
        edge.edgeLookups = 4;
        QTest::newRow("cdn") << edge
                             << "cdn serves 75 % of static requests from its edge; more capacity "
                                "would keep more objects there";
        QTest::newRow("queue growing")
            << backlog(120.4, 900, 0, true, false)
            << "jobs holds 120 jobs on average (900 now); the backlog keeps growing: jobs arrive "
               "faster than the workers finish them, so add workers";
        QTest::newRow("queue full") << backlog(80, 100, 100, false, true)
                                    << "jobs holds 80 jobs on average (100 now, room for 100); it "
                                       "is full and refuses jobs: add workers to drain it";
        QTest::newRow("queue keeps up")
            << backlog(2.6, 1, 0, false, false)
            << "jobs holds 3 jobs on average (1 now); its workers keep up";
        QTest::newRow("dns") << loadOf(LoadFact::Code::NamesTheWay, "dns", "dns", -1)
                             << "dns only names the way; the load falls on the targets it answers "
                                "with";
    }
    void loadFactSentence()
    {
        QFETCH(LoadFact, fact);
        QFETCH(QString, sentence);
        QCOMPARE(Explanations::load(fact), sentence);
    }

    void nothingNearCapacity()
    {
        sim::RunResults results;
        results.bottleneck = "web";
        results.bottleneckUtilization = 0.024;
        results.bottleneckFact = pool("web", "web_server", 0.024, LoadFact::Work::Reads, 1);
        results.nothingNearCapacity = true;
        QCOMPARE(Explanations::bottleneck(results),
                 QStringLiteral("nothing is near its capacity yet: the busiest component, web, "
                                "is busy 2 % of the time"));
        results.nothingNearCapacity = false;
        QCOMPARE(Explanations::bottleneck(results), Explanations::load(results.bottleneckFact));
        results.bottleneck.clear();
        QVERIFY(Explanations::bottleneck(results).isEmpty());
    }

    // The ids a single point of failure cuts off, listed as English writes them.
    void lists()
    {
        QCOMPARE(Explanations::list({}), QString());
        QCOMPARE(Explanations::list({QStringLiteral("db")}), QStringLiteral("db"));
        QCOMPARE(Explanations::list({QStringLiteral("db"), QStringLiteral("cache")}),
                 QStringLiteral("db and cache"));
        QCOMPARE(Explanations::list(
                     {QStringLiteral("db"), QStringLiteral("cache"), QStringLiteral("jobs")}),
                 QStringLiteral("db, cache and jobs"));
        QCOMPARE(Explanations::cutOff({QStringLiteral("db"), QStringLiteral("cache")}),
                 QStringLiteral("Without it, db and cache cannot be reached."));
    }

    void hopFactSentence_data()
    {
        QTest::addColumn<HopFact>("fact");
        QTest::addColumn<QString>("sentence");
        using O = sim::Operation;
        using K = sim::RequestKind;
        QTest::newRow("send") << send(O::Serve, K::Write, 0)
                              << "web sends a write request for key 4711 to db";
        QTest::newRow("send to an instance")
            << send(O::CacheGet, K::Read, 2) << "web sends a lookup for key 4711 to db instance 2";
        QTest::newRow("send an invalidation")
            << send(O::CacheDelete, K::Write, 0) << "web sends a invalidation for key 4711 to db";
        QTest::newRow("answer") << hopOf(HopFact::Code::Answer, "db", "web") << "db answers web";
        HopFact failed = hopOf(HopFact::Code::Fail, "sessions", "web");
        failed.operation = O::SessionGet;
        QTest::newRow("fail") << failed << "sessions fails the session read back to web";
        QTest::newRow("round robin") << pick(HopFact::Pick::RoundRobin, 3)
                                     << "lb picked web instance 3: round robin, next in turn of 3 "
                                        "healthy";
        QTest::newRow("random") << pick(HopFact::Pick::Random, 0)
                                << "lb picked web: random among 3 healthy";
        QTest::newRow("least connections") << pick(HopFact::Pick::LeastConnections, 1)
                                           << "lb picked web instance 1: least connections, 2 open";
        QTest::newRow("ip hash") << pick(HopFact::Pick::IpHash, 2)
                                 << "lb picked web instance 2: ip_hash of user 42";
        QTest::newRow("cache hit")
            << hopOf(HopFact::Code::CacheHit, "cache", "web") << "cache hit on key 4711";
        QTest::newRow("cache miss")
            << hopOf(HopFact::Code::CacheMiss, "cache", "web") << "cache miss on key 4711";
        QTest::newRow("edge hit") << hopOf(HopFact::Code::EdgeHit, "cdn", "users")
                                  << "cdn hit on object 4711, served from the edge";
        QTest::newRow("edge fetch") << hopOf(HopFact::Code::EdgeFetch, "cdn", "web")
                                    << "cdn miss on object 4711: fetching it from web";
        QTest::newRow("route key") << route(false, HopFact::Strategy::ConsistentHash)
                                   << "router routes key 4711 to shard-1 by consistent_hash";
        QTest::newRow("route user")
            << route(true, HopFact::Strategy::Range) << "router routes user 42 to shard-1 by range";
    }
    void hopFactSentence()
    {
        QFETCH(HopFact, fact);
        QFETCH(QString, sentence);
        QCOMPARE(Explanations::hop(fact), sentence);
    }

    // A run's bottleneck fact and the analysis of the same model name the same advice, whatever
    // decides it: a cache in front, replicas, writes.
    void engineAndAnalysisAdviseAlike_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("advice");
        QTest::addColumn<QString>("bottleneck"); // what the id starts with
        QTest::newRow("reads") << design(R"({"read": 1})", kDatabase,
                                         R"({"from": "web", "to": "db"})")
                               << "a cache or read replicas would take reads off it"
                               << "db";
        QTest::newRow("reads behind a cache")
            << design(R"({"read": 1})", kCache + ", " + kDatabase,
                      R"({"from": "web", "to": "cache"}, {"from": "web", "to": "db"})")
            << "a cache that holds more of the popular keys, or read replicas, would take reads "
               "off it"
            << "db";
        QTest::newRow("writes") << design(R"({"write": 1})", kDatabase,
                                          R"({"from": "web", "to": "db"})")
                                << "writes only scale by splitting the data: shard it"
                                << "db";
        QTest::newRow("writes to shards")
            << design(R"({"write": 1})",
                      R"({"id": "router", "type": "shard_router"},
                         {"id": "shard-1", "type": "database", "cores": 1, "write_ms": 5},
                         {"id": "shard-2", "type": "database", "cores": 1, "write_ms": 5})",
                      R"({"from": "web", "to": "router"}, {"from": "router", "to": "shard-1"},
                         {"from": "router", "to": "shard-2"})")
            << "a shard takes the writes of its own keys alone: if the other shards idle, a hot "
               "key or the shard key heats this one, and if all are busy, more shards would help"
            << "shard-";
    }
    void engineAndAnalysisAdviseAlike()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, advice);
        QFETCH(QString, bottleneck);
        const model::Model m = loadRunnableModel(json);
        const sim::RunResults results = runScenario(m, 1);
        QVERIFY2(QString::fromStdString(results.bottleneck).startsWith(bottleneck),
                 results.bottleneck.c_str());
        QVERIFY(!results.nothingNearCapacity);
        const model::Analysis analysis = model::analyze(m);
        QVERIFY2(analysis.bottleneck.startsWith(bottleneck), qPrintable(analysis.bottleneck));
        const QString run = Explanations::bottleneck(results);
        QCOMPARE(adviceIn(run), advice);
        QCOMPARE(adviceIn(analysis.explanation), advice);
        QCOMPARE(Explanations::advice(QString::fromStdString(results.bottleneckFact.type),
                                      Explanations::adviceContext(results.bottleneckFact)),
                 advice);
    }

    // The results JSON says the sentence of the run's own fact, the one the workbench shows.
    void resultsJsonSaysTheRunsFact()
    {
        model::Model m = loadTestModel(QStringLiteral("mm1.json"));
        m.scenario.durationS = 200;
        m.scenario.warmupS = 20;
        const sim::RunResults results = runScenario(m, 1);
        QVERIFY(results.bottleneckFact.code == LoadFact::Code::BusyPool);
        QVERIFY(results.bottleneckFact.work == LoadFact::Work::StaticRequests);
        const QString sentence = Explanations::load(results.bottleneckFact);
        QVERIFY2(QRegularExpression(
                     QStringLiteral("^web is busy (7[5-9]|8[0-5]) % of the time serving "
                                    "static requests; a CDN would take static requests off "
                                    "it, or add instances behind a load balancer or cores$"))
                     .match(sentence)
                     .hasMatch(),
                 qPrintable(sentence));
        const QJsonObject json = model::resultsToJson(results, m, {});
        QCOMPARE(json.value(QStringLiteral("bottleneck"))
                     .toObject()
                     .value(QStringLiteral("explanation"))
                     .toString(),
                 sentence);
    }
};

QTEST_GUILESS_MAIN(TestExplanations)
#include "tst_explanations.moc"
