// Failover between the endpoints a web server links to, and what `analyze` says of it. A web
// server linked to two caches, session stores, queues or shard routers sends each call to the
// first one that is up, so when the first fails the second takes over: the analysis lists
// neither as a single point of failure, and failing the first leaves the users (nearly) without
// errors. Without the second, the analysis lists the first and failing it shows why. Two
// databases that are not one replica set are no such pair: the second does not hold the first
// one's data, so the web server uses the first only and the analysis says so.

#include "model_test_support.h"

#include "model/analysis.h"
#include "model/model_json.h"

#include <QTest>

#include <cmath>

using namespace scalelab::model;
using namespace scalelab::testing;

namespace {

// users -> web -> what `components` and `links` add; 60 s with a 10 s warm-up, so a failure at
// 30 s leaves 30 s of observation on each side of it but the warm-up's.
QByteArray model(const QByteArray &client, const QByteArray &web, const QByteArray &components,
                 const QByteArray &links, const QByteArray &events)
{
    QByteArray json = R"({
      "name": "failover",
      "components": [
        {"id": "users", "type": "client", CLIENT},
        {"id": "web", "type": "web_server", "cores": 8, "service_ms": 1 WEB},
        COMPONENTS
      ],
      "links": [{"from": "users", "to": "web"}, LINKS],
      "scenario": {"duration_s": 60, "warmup_s": 10, "seed": 1, "events": [EVENTS]}
    })";
    json.replace("CLIENT", client);
    json.replace("WEB", web);
    json.replace("COMPONENTS", components);
    json.replace("LINKS", links);
    json.replace("EVENTS", events);
    return json;
}

const QByteArray kFailAt30 = R"({"at_s": 30, "action": "fail", "target": "FIRST"})";

QByteArray failAt30(const char *target)
{
    return QByteArray(kFailAt30).replace("FIRST", target);
}

// 200 rps of reads and writes through a shard router (and router-2) to two shards.
QByteArray routerModel(bool standby, const QByteArray &events)
{
    return model(R"("rate_rps": 200, "mix": {"read": 0.5, "write": 0.5})", "",
                 QByteArray(R"({"id": "router", "type": "shard_router"},
                    {"id": "shard-a", "type": "database"},
                    {"id": "shard-b", "type": "database"})") +
                     (standby ? R"(, {"id": "router-2", "type": "shard_router"})" : ""),
                 QByteArray(R"({"from": "web", "to": "router"},
                    {"from": "router", "to": "shard-a"}, {"from": "router", "to": "shard-b"})") +
                     (standby ? R"(, {"from": "web", "to": "router-2"},
                    {"from": "router-2", "to": "shard-a"}, {"from": "router-2", "to": "shard-b"})"
                              : ""),
                 events);
}

// 200 rps, 90 % reads of 2000 keys (Zipf 1), cache-aside with room for 500 keys.
QByteArray cacheModel(bool standby, const QByteArray &events)
{
    return model(
        R"("rate_rps": 200, "mix": {"read": 0.9, "write": 0.1}, "keys": {"count": 2000, "zipf": 1})",
        "",
        QByteArray(R"({"id": "cache", "type": "cache", "capacity": 500},
                    {"id": "db", "type": "database"})") +
            (standby ? R"(, {"id": "cache-2", "type": "cache", "capacity": 500})" : ""),
        QByteArray(R"({"from": "web", "to": "cache"}, {"from": "web", "to": "db"})") +
            (standby ? R"(, {"from": "web", "to": "cache-2"})" : ""),
        events);
}

// 400 rps from 1000 users (each back every 2.5 s) whose sessions live in a store (and store-2).
QByteArray sessionModel(bool standby, const QByteArray &events)
{
    return model(
        R"("rate_rps": 400, "users": 1000)", R"(, "sessions": "store")",
        QByteArray(R"({"id": "store", "type": "session_store", "capacity": 2000})") +
            (standby ? R"(, {"id": "store-2", "type": "session_store", "capacity": 2000})" : ""),
        QByteArray(R"({"from": "web", "to": "store"})") +
            (standby ? R"(, {"from": "web", "to": "store-2"})" : ""),
        events);
}

// 200 rps, half of them jobs published to a queue (and jobs-2) that workers drain.
QByteArray queueModel(bool standby, const QByteArray &events)
{
    return model(R"("rate_rps": 200, "mix": {"read": 0.5, "job": 0.5})", "",
                 QByteArray(R"({"id": "jobs", "type": "queue"},
                    {"id": "workers", "type": "worker", "count": 2, "cores": 2, "service_ms": 10})") +
                     (standby ? R"(, {"id": "jobs-2", "type": "queue"})" : ""),
                 QByteArray(R"({"from": "web", "to": "jobs"}, {"from": "jobs", "to": "workers"})") +
                     (standby ? R"(, {"from": "web", "to": "jobs-2"},
                    {"from": "jobs-2", "to": "workers"})"
                              : ""),
                 events);
}

QStringList spofOf(const QByteArray &json)
{
    return analyze(loadModel(json)).spof;
}

double arrivalEstimate(const QByteArray &json, const QString &id)
{
    for (const ComponentEstimate &e : analyze(loadModel(json)).estimates) {
        if (e.id == id)
            return e.arrivalRps;
    }
    return std::nan("");
}

// Requests inside the failed component when it fails are answered with errors: at a few
// hundred requests per second and milliseconds each, a handful at most.
constexpr double kInFlight = 10;

// A Poisson count of mean `expected`: within five standard deviations (and the in-flight few).
void checkCount(const char *what, double measured, double expected)
{
    checkWithin(what, measured, expected, 5 * std::sqrt(expected) + kInFlight);
}

} // namespace

class TestFailover : public QObject {
    Q_OBJECT

private slots:
    void secondRouterTakesOver();
    void singleRouterIsASinglePointOfFailure();
    void secondCacheTakesOverCold();
    void singleCacheIsASinglePointOfFailure();
    void secondSessionStoreTakesOverButSessionsAreLost();
    void singleSessionStoreIsASinglePointOfFailure();
    void secondQueueTakesOver();
    void singleQueueIsASinglePointOfFailure();
    void secondDatabaseIsNoFailover();
};

void TestFailover::secondRouterTakesOver()
{
    const QByteArray healthy = routerModel(true, "");
    QVERIFY(!spofOf(healthy).contains(QStringLiteral("router")));
    QVERIFY(!spofOf(healthy).contains(QStringLiteral("router-2")));
    // It stands by: reachable, though nothing goes to it yet.
    QVERIFY(analyze(loadModel(healthy)).unreachable.isEmpty());
    // While router is up, router-2 only stands by, in the estimate and in the run.
    QCOMPARE(arrivalEstimate(healthy, QStringLiteral("router")), 200.0);
    QCOMPARE(arrivalEstimate(healthy, QStringLiteral("router-2")), 0.0);
    const QJsonObject quiet = runComponents(healthy);
    QCOMPARE(at(quiet, "router-2.arrivals"), 0.0);
    QCOMPARE(at(quiet, "users.errors"), 0.0);

    // router fails at 30 s: from then on router-2 gets every request, and the users see only
    // the few that were inside router.
    const QJsonObject c = runComponents(routerModel(true, failAt30("router")));
    checkWithin("users.errors", at(c, "users.errors"), 0, kInFlight);
    checkCount("router-2.arrivals", at(c, "router-2.arrivals"), 200 * 30);
    QCOMPARE(at(c, "router-2.errors"), 0.0);

    // It recovers at 45 s: the first one up is router again.
    const QJsonObject back = runComponents(routerModel(
        true, failAt30("router") + R"(, {"at_s": 45, "action": "recover", "target": "router"})"));
    checkWithin("users.errors", at(back, "users.errors"), 0, kInFlight);
    checkCount("router-2.arrivals", at(back, "router-2.arrivals"), 200 * 15);
}

void TestFailover::singleRouterIsASinglePointOfFailure()
{
    QVERIFY(spofOf(routerModel(false, "")).contains(QStringLiteral("router")));
    const QJsonObject c = runComponents(routerModel(false, failAt30("router")));
    checkCount("users.errors", at(c, "users.errors"), 200 * 30);
}

void TestFailover::secondCacheTakesOverCold()
{
    const QByteArray healthy = cacheModel(true, "");
    QVERIFY(!spofOf(healthy).contains(QStringLiteral("cache")));
    QVERIFY(!spofOf(healthy).contains(QStringLiteral("cache-2")));
    QVERIFY(analyze(loadModel(healthy)).unreachable.isEmpty());
    QCOMPARE(arrivalEstimate(healthy, QStringLiteral("cache-2")), 0.0);
    QCOMPARE(at(runComponents(healthy), "cache-2.arrivals"), 0.0);

    // cache fails at 30 s. A failed cache is a miss, never an error; what the second cache
    // changes is the database's load: it starts empty, fills from the misses, and soon hits
    // about as often as the first did.
    const QJsonObject with = runComponents(cacheModel(true, failAt30("cache")));
    const QJsonObject without = runComponents(cacheModel(false, failAt30("cache")));
    QCOMPARE(at(with, "users.errors"), 0.0);
    QCOMPARE(at(without, "users.errors"), 0.0);
    const double firstHits = at(with, "cache.hit_ratio");
    const double standbyHits = at(with, "cache-2.hit_ratio");
    qInfo("hit ratio: cache %.3f before the failure, cache-2 %.3f after it", firstHits,
          standbyHits);
    QVERIFY(at(with, "cache-2.hits") > 0);
    QVERIFY(standbyHits > 0.8 * firstHits);
    // Reads the database serves after the failure: the second cache's misses, against every
    // read without it (90 % of 200 rps for 30 s).
    const double dbWith = at(with, "db.arrivals");
    const double dbWithout = at(without, "db.arrivals");
    qInfo("database arrivals: %.0f with cache-2, %.0f without", dbWith, dbWithout);
    QVERIFY(dbWithout - dbWith > 0.8 * 180 * 30 * firstHits);
}

void TestFailover::singleCacheIsASinglePointOfFailure()
{
    QVERIFY(spofOf(cacheModel(false, "")).contains(QStringLiteral("cache")));
    // Every read falls through to the database once the cache is gone.
    const QJsonObject c = runComponents(cacheModel(false, failAt30("cache")));
    const QJsonObject healthy = runComponents(cacheModel(false, ""));
    QVERIFY(at(c, "db.arrivals") >
            at(healthy, "db.arrivals") + 0.8 * 180 * 30 * at(healthy, "cache.hit_ratio"));
}

void TestFailover::secondSessionStoreTakesOverButSessionsAreLost()
{
    const QByteArray healthy = sessionModel(true, "");
    QVERIFY(!spofOf(healthy).contains(QStringLiteral("store")));
    QVERIFY(!spofOf(healthy).contains(QStringLiteral("store-2")));
    QVERIFY(analyze(loadModel(healthy)).unreachable.isEmpty());
    QCOMPARE(arrivalEstimate(healthy, QStringLiteral("store-2")), 0.0);
    const QJsonObject quiet = runComponents(healthy);
    QCOMPARE(at(quiet, "store-2.arrivals"), 0.0);
    QCOMPARE(at(quiet, "web.sessions_lost"), 0.0);

    // store fails at 30 s: store-2 serves every lookup from then on, but it never held the
    // sessions: each of the 1000 users (all back within the 30 s left) is logged out once, and
    // both the web tier and store-2 count it.
    const QJsonObject c = runComponents(sessionModel(true, failAt30("store")));
    checkWithin("users.errors", at(c, "users.errors"), 0, kInFlight);
    checkCount("store-2.arrivals", at(c, "store-2.arrivals"), 400 * 30);
    checkWithin("web.sessions_lost", at(c, "web.sessions_lost"), 1000, 2);
    checkWithin("store-2.sessions_lost", at(c, "store-2.sessions_lost"), 1000, 2);
    QCOMPARE(at(c, "store-2.sessions_created"), at(c, "store-2.sessions_lost"));
}

void TestFailover::singleSessionStoreIsASinglePointOfFailure()
{
    QVERIFY(spofOf(sessionModel(false, "")).contains(QStringLiteral("store")));
    const QJsonObject c = runComponents(sessionModel(false, failAt30("store")));
    checkCount("users.errors", at(c, "users.errors"), 400 * 30);
}

void TestFailover::secondQueueTakesOver()
{
    const QByteArray healthy = queueModel(true, "");
    QVERIFY(!spofOf(healthy).contains(QStringLiteral("jobs")));
    QVERIFY(!spofOf(healthy).contains(QStringLiteral("jobs-2")));
    QVERIFY(analyze(loadModel(healthy)).unreachable.isEmpty());
    QCOMPARE(arrivalEstimate(healthy, QStringLiteral("jobs-2")), 0.0);
    QCOMPARE(at(runComponents(healthy), "jobs-2.arrivals"), 0.0);

    // jobs fails at 30 s: publishers move to jobs-2, whose jobs the same workers run.
    const QJsonObject c = runComponents(queueModel(true, failAt30("jobs")));
    checkWithin("users.errors", at(c, "users.errors"), 0, kInFlight);
    checkCount("jobs-2.arrivals", at(c, "jobs-2.arrivals"), 100 * 30);
    QVERIFY(at(c, "jobs-2.completed") >= at(c, "jobs-2.arrivals") - kInFlight);
}

void TestFailover::singleQueueIsASinglePointOfFailure()
{
    QVERIFY(spofOf(queueModel(false, "")).contains(QStringLiteral("jobs")));
    const QJsonObject c = runComponents(queueModel(false, failAt30("jobs")));
    checkCount("users.errors", at(c, "users.errors"), 100 * 30);
}

void TestFailover::secondDatabaseIsNoFailover()
{
    // web -> db and web -> db-2 with no replication between them: db-2 does not hold db's data,
    // so the web server reads and writes db only, and db stays a single point of failure. No
    // request ever reaches db-2, and the analysis says so.
    const auto databases = [](const QByteArray &events) {
        return model(R"("rate_rps": 200, "mix": {"read": 0.5, "write": 0.5})", "",
                     R"({"id": "db", "type": "database"}, {"id": "db-2", "type": "database"})",
                     R"({"from": "web", "to": "db"}, {"from": "web", "to": "db-2"})", events);
    };
    const Analysis analysis = analyze(loadModel(databases("")));
    QVERIFY(analysis.spof.contains(QStringLiteral("db")));
    QVERIFY(!analysis.spof.contains(QStringLiteral("db-2")));
    QCOMPARE(analysis.unreachable, QStringList{QStringLiteral("db-2")});
    for (const ComponentEstimate &e : analysis.estimates) {
        if (e.id == QLatin1String("db-2"))
            QCOMPARE(e.arrivalRps, 0.0);
    }
    const QJsonObject c = runComponents(databases(failAt30("db")));
    checkCount("users.errors", at(c, "users.errors"), 200 * 30);
    QCOMPARE(at(c, "db-2.arrivals"), 0.0);
}

QTEST_GUILESS_MAIN(TestFailover)
#include "tst_failover.moc"
