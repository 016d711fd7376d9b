// Sessions through the model file: with `sessions: local` a user's session lives on the web
// instance that created it, so a request served elsewhere logs the user out; with
// `sessions: store` every instance reads the session from a shared session store, whose
// capacity, flushes and failures decide who is logged out. Each test shows the effect with its
// cause and its absence without it.

#include "model_test_support.h"

#include "model/model_json.h"
#include "model/results_json.h"
#include "model/simulation_builder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace scalelab::model;
using namespace scalelab::testing;

namespace {

// users -> lb -> web (3 instances), and web -> store when the sessions live in a store. Service
// times are short and the tiers lightly loaded: the figures come from where sessions live.
struct Setup {
    QString algorithm = QStringLiteral("round_robin");
    QString sessions = QStringLiteral("local");
    double rate = 400;
    int users = 1000;
    int storeCapacity = 0; // sessions; 0: twice the users (ample)
    double durationS = 60;
    double warmupS = 20;
    QJsonArray events;
};

QJsonObject run(const Setup &s)
{
    QJsonArray components{QJsonObject{{QStringLiteral("id"), QStringLiteral("users")},
                                      {QStringLiteral("type"), QStringLiteral("client")},
                                      {QStringLiteral("rate_rps"), s.rate},
                                      {QStringLiteral("users"), s.users}},
                          QJsonObject{{QStringLiteral("id"), QStringLiteral("lb")},
                                      {QStringLiteral("type"), QStringLiteral("load_balancer")},
                                      {QStringLiteral("algorithm"), s.algorithm}},
                          QJsonObject{{QStringLiteral("id"), QStringLiteral("web")},
                                      {QStringLiteral("type"), QStringLiteral("web_server")},
                                      {QStringLiteral("count"), 3},
                                      {QStringLiteral("cores"), 4},
                                      {QStringLiteral("service_ms"), 1},
                                      {QStringLiteral("sessions"), s.sessions}}};
    QJsonArray links{QJsonObject{{QStringLiteral("from"), QStringLiteral("users")},
                                 {QStringLiteral("to"), QStringLiteral("lb")}},
                     QJsonObject{{QStringLiteral("from"), QStringLiteral("lb")},
                                 {QStringLiteral("to"), QStringLiteral("web")}}};
    if (s.sessions == QLatin1String("store")) {
        components.append(QJsonObject{
            {QStringLiteral("id"), QStringLiteral("store")},
            {QStringLiteral("type"), QStringLiteral("session_store")},
            {QStringLiteral("capacity"), s.storeCapacity > 0 ? s.storeCapacity : 2 * s.users},
            {QStringLiteral("cores"), 4}});
        links.append(QJsonObject{{QStringLiteral("from"), QStringLiteral("web")},
                                 {QStringLiteral("to"), QStringLiteral("store")}});
    }
    const QJsonObject root{
        {QStringLiteral("name"), QStringLiteral("sessions")},
        {QStringLiteral("components"), components},
        {QStringLiteral("links"), links},
        {QStringLiteral("scenario"), QJsonObject{{QStringLiteral("duration_s"), s.durationS},
                                                 {QStringLiteral("warmup_s"), s.warmupS},
                                                 {QStringLiteral("seed"), 1},
                                                 {QStringLiteral("events"), s.events}}}};
    return runComponents(QJsonDocument(root).toJson());
}

QJsonObject scenarioEvent(double atS, const char *action, const char *target, int instance = -1)
{
    QJsonObject e{{QStringLiteral("at_s"), atS},
                  {QStringLiteral("action"), QLatin1String(action)},
                  {QStringLiteral("target"), QLatin1String(target)}};
    if (instance >= 0)
        e.insert(QStringLiteral("instance"), instance);
    return e;
}

// Binomial standard deviation of a count of n trials with probability p.
double binomialSd(double n, double p)
{
    return std::sqrt(n * p * (1 - p));
}

} // namespace

class TestSessions : public QObject {
    Q_OBJECT

private slots:
    void localSessionsBehindRoundRobinAreLost();
    void localSessionsBehindIpHashStay();
    void ipHashRemapsUsersWhenAnInstanceFails();
    void storeKeepsSessionsWhateverTheInstance();
    void smallStoreEvictsSessions_data();
    void smallStoreEvictsSessions();
    void flushLogsEveryoneOut();
    void storeFailureFailsRequestsAndLosesSessions();
};

void TestSessions::localSessionsBehindRoundRobinAreLost()
{
    // 100 users at 200 rps: after a 10 s warm-up every user has a session somewhere. Round robin
    // sends a user's next request to one of the 3 instances almost at random (about 100 requests
    // pass in between), so 2 in 3 of the requests land away from the session.
    Setup s;
    s.rate = 200;
    s.users = 100;
    s.warmupS = 10;
    const QJsonObject c = run(s);
    const double arrivals = at(c, "web.arrivals");
    const double lost = at(c, "web.sessions_lost");
    QVERIFY(arrivals > 9000);
    const double expected = arrivals * 2 / 3;
    QVERIFY2(std::abs(lost - expected) < 5 * binomialSd(arrivals, 2.0 / 3),
             qPrintable(QStringLiteral("lost %1, expected %2").arg(lost).arg(expected)));
    QCOMPARE(at(c, "web.errors"), 0.0);

    // Without sessions nothing is reported.
    s.sessions = QStringLiteral("none");
    QVERIFY(
        !run(s).value(QStringLiteral("web")).toObject().contains(QStringLiteral("sessions_lost")));
}

void TestSessions::localSessionsBehindIpHashStay()
{
    // The same traffic hashed by user: each user always lands on the same instance.
    Setup s;
    s.algorithm = QStringLiteral("ip_hash");
    s.rate = 200;
    s.users = 100;
    s.warmupS = 10;
    const QJsonObject c = run(s);
    QVERIFY(at(c, "web.arrivals") > 9000);
    QCOMPARE(at(c, "web.sessions_lost"), 0.0);
}

void TestSessions::ipHashRemapsUsersWhenAnInstanceFails()
{
    // 2000 users at 400 rps (each user every 5 s); instance 1 fails at 30 s. Once the health
    // checks take it out, ip_hash hashes over the 2 healthy instances: every user of instance 1
    // moves, and so do half of the others (h mod 2 and h mod 3 disagree), 2/3 of the users in
    // all, each logged out once on their next request. The 60 s left let every user come back.
    Setup s;
    s.algorithm = QStringLiteral("ip_hash");
    s.users = 2000;
    s.warmupS = 25;
    s.durationS = 90;
    const QJsonObject healthy = run(s);
    QCOMPARE(at(healthy, "web.sessions_lost"), 0.0);

    s.events = {scenarioEvent(30, "fail", "web", 1)};
    const QJsonObject failed = run(s);
    const double lost = at(failed, "web.sessions_lost");
    const double expected = s.users * 2.0 / 3;
    QVERIFY2(std::abs(lost - expected) < 5 * binomialSd(s.users, 2.0 / 3),
             qPrintable(QStringLiteral("lost %1, expected %2").arg(lost).arg(expected)));
    // Until the health checks notice (at most 2 x 5 s), the failed instance's third of the
    // requests fails.
    const double errors = at(failed, "web.errors");
    QVERIFY2(errors > 0 && errors < s.rate * 10 / 3 + 5 * std::sqrt(s.rate * 10 / 3),
             qPrintable(QString::number(errors)));
}

void TestSessions::storeKeepsSessionsWhateverTheInstance()
{
    // Round robin scatters every user over the instances, and one instance fails: the sessions
    // live in an ample store, so nobody is logged out.
    Setup s;
    s.sessions = QStringLiteral("store");
    const QJsonObject c = run(s);
    QCOMPARE(at(c, "web.sessions_lost"), 0.0);
    QCOMPARE(at(c, "store.sessions_lost"), 0.0);
    QCOMPARE(at(c, "store.evictions"), 0.0);
    // Every request read its session: the store saw them all, nearly all hits.
    QVERIFY(at(c, "store.arrivals") >= at(c, "web.arrivals") - 5);
    QVERIFY(at(c, "store.hit_ratio") > 0.999);

    s.events = {scenarioEvent(30, "fail", "web", 1)};
    const QJsonObject failed = run(s);
    QVERIFY(at(failed, "web.errors") > 0); // the failure did happen
    QCOMPARE(at(failed, "web.sessions_lost"), 0.0);
    QCOMPARE(at(failed, "store.sessions_lost"), 0.0);
}

void TestSessions::smallStoreEvictsSessions_data()
{
    QTest::addColumn<int>("capacity");
    QTest::addColumn<double>("lostShare");
    // 1000 users chosen uniformly: an LRU set of C sessions hits with probability C / 1000, and
    // every miss is a returning user logged out (and an eviction).
    QTest::newRow("ample") << 2000 << 0.0;
    QTest::newRow("half the users") << 500 << 0.5;
    QTest::newRow("a quarter") << 250 << 0.75;
    QTest::newRow("a tenth") << 100 << 0.9;
}

void TestSessions::smallStoreEvictsSessions()
{
    QFETCH(int, capacity);
    QFETCH(double, lostShare);
    Setup s;
    s.sessions = QStringLiteral("store");
    s.storeCapacity = capacity;
    const QJsonObject c = run(s);
    const double lookups = at(c, "store.hits") + at(c, "store.misses");
    const double lost = at(c, "web.sessions_lost");
    QVERIFY(lookups > 15000);
    const double tolerance = 5 * binomialSd(lookups, lostShare) + 3;
    QVERIFY2(std::abs(lost - lostShare * lookups) < tolerance,
             qPrintable(QStringLiteral("lost %1 of %2, expected share %3")
                            .arg(lost)
                            .arg(lookups)
                            .arg(lostShare)));
    // The web tier and the store agree; a full store evicts on every miss.
    QVERIFY(std::abs(at(c, "store.sessions_lost") - lost) <= 3);
    if (lostShare > 0)
        QVERIFY(std::abs(at(c, "store.evictions") - at(c, "store.misses")) <= 1);
    QCOMPARE(at(c, "store.sessions_held"), std::min<double>(capacity, s.users));
}

void TestSessions::flushLogsEveryoneOut()
{
    // 1000 users at 400 rps, each returning at 0.4 rps. Without a flush nobody is logged out.
    Setup s;
    s.sessions = QStringLiteral("store");
    s.durationS = 42;
    QCOMPARE(at(run(s), "web.sessions_lost"), 0.0);

    // A flush at 40 s: a user is logged out on the first request after it. 2 s later
    // 1 - exp(-0.8) of the users have come back; 20 s later all of them have.
    s.events = {scenarioEvent(40, "flush", "store")};
    const double soon = at(run(s), "web.sessions_lost");
    const double share = 1 - std::exp(-0.4 * 2);
    QVERIFY2(std::abs(soon - s.users * share) < 5 * binomialSd(s.users, share),
             qPrintable(QStringLiteral("lost %1, expected %2").arg(soon).arg(s.users * share)));
    s.durationS = 60;
    const QJsonObject later = run(s);
    QVERIFY(std::abs(at(later, "web.sessions_lost") - s.users) <= 2);
    QVERIFY(std::abs(at(later, "store.sessions_lost") - s.users) <= 2);
    QCOMPARE(at(later, "web.errors"), 0.0);
}

void TestSessions::storeFailureFailsRequestsAndLosesSessions()
{
    // The store is down from 30 s to 40 s: every request needs its session, so all 400 rps fail
    // for those 10 s; it comes back empty, so every user is logged out once afterwards.
    Setup s;
    s.sessions = QStringLiteral("store");
    const QJsonObject healthy = run(s);
    QCOMPARE(at(healthy, "users.errors"), 0.0);

    s.events = {scenarioEvent(30, "fail", "store"), scenarioEvent(40, "recover", "store")};
    const QJsonObject c = run(s);
    const double errors = at(c, "users.errors");
    const double expected = s.rate * 10;
    QVERIFY2(std::abs(errors - expected) < 5 * std::sqrt(expected),
             qPrintable(QStringLiteral("errors %1, expected %2").arg(errors).arg(expected)));
    QVERIFY(std::abs(at(c, "web.sessions_lost") - s.users) <= 2);
}

QTEST_GUILESS_MAIN(TestSessions)
#include "tst_sessions.moc"
