// DNS and regions: geo DNS sends each region's users to their region's balancer; after that
// balancer fails, users keep their cached answer until its TTL runs out (errors decay over one
// TTL, rate x ttl / 2 in all), then pay the latency to the other region; a lookup costs its
// latency once per user per TTL; a partition between regions fails the hops across it until it
// heals.

#include "sim_test_support.h"

#include "sim/client.h"
#include "sim/dns.h"
#include "sim/load_balancer.h"
#include "sim/simulation.h"
#include "sim/web_server.h"

#include <QtTest>

#include <cmath>
#include <limits>

namespace sim = scalelab::sim;
using namespace scalelab::testing;
using Policy = sim::Dns::Policy;

namespace {

constexpr double kRegionLatencyMs = 40;
constexpr double kServiceMs = 2;
constexpr std::uint32_t kUsersPerRegion = 10000;

struct Setup {
    double rate = 200; // per region
    double ttlS = 10;
    Policy policy = Policy::Geo;
    double lookupMs = 0;
    double warmupS = 0;
    double endS = 40;
    double lbFailsAtS = -1; // the us balancer; < 0: never
};

struct World {
    std::unique_ptr<sim::Engine> engine;
    sim::Client *usersUs = nullptr;
    sim::Dns *dns = nullptr;
};

// Two regions, us and eu, 40 ms apart. Each has its users, a balancer and a web server (2 ms on
// plenty of cores); every user request goes through the DNS to a balancer.
World build(const Setup &s)
{
    World w;
    w.engine = std::make_unique<sim::Engine>(11);
    sim::Engine &e = *w.engine;
    e.setRegionCount(2);
    e.setRegionLatency(0, 1, sim::fromMilliseconds(kRegionLatencyMs));
    sim::Dns::Config dc;
    dc.ttl = sim::fromSeconds(s.ttlS);
    dc.policy = s.policy;
    dc.latency = sim::Distribution::constant(s.lookupMs * 1e6);
    dc.users = 2 * kUsersPerRegion;
    auto dns = std::make_unique<sim::Dns>("dns", dc);
    w.dns = dns.get();
    const auto d = e.addComponent(std::move(dns));
    const char *names[] = {"us", "eu"};
    for (int region = 0; region < 2; ++region) {
        const std::string name = names[region];
        sim::Client::Config cc;
        cc.rateRps = s.rate;
        cc.users = kUsersPerRegion;
        cc.firstUser = static_cast<std::uint32_t>(region) * kUsersPerRegion;
        auto client = std::make_unique<sim::Client>("users-" + name, cc);
        if (region == 0)
            w.usersUs = client.get();
        const auto u = e.addComponent(std::move(client));
        const auto lb = e.addComponent(
            std::make_unique<sim::LoadBalancer>("lb-" + name, sim::LoadBalancer::Config{}));
        sim::WebServer::Config wc;
        wc.capacity.cores = 32;
        wc.service = sim::Distribution::constant(kServiceMs * 1e6);
        const auto web = e.addComponent(std::make_unique<sim::WebServer>("web-" + name, wc));
        for (const auto c : {u, lb, web})
            e.setRegion(c, region);
        e.addLink(u, d, 0);
        e.addLink(lb, web, 0);
    }
    // The DNS answers with the balancers, in region order.
    e.addLink(d, 2, 0);
    e.addLink(d, 5, 0);
    if (s.lbFailsAtS >= 0) {
        sim::ScenarioAction fail;
        fail.type = sim::ScenarioAction::Type::Fail;
        fail.at = sim::fromSeconds(s.lbFailsAtS);
        fail.target = 2;
        e.addAction(fail);
    }
    e.setHorizon(sim::fromSeconds(s.warmupS), sim::fromSeconds(s.endS));
    return w;
}

sim::RunResults run(const Setup &s)
{
    World w = build(s);
    w.engine->run();
    return sim::collectResults(*w.engine, {});
}

} // namespace

class TestDns : public QObject {
    Q_OBJECT

private slots:
    void geoSendsUsersToTheirRegion();
    void roundRobinSharesTargets();
    void regionFailureCostsErrorsForOneTtl_data();
    void regionFailureCostsErrorsForOneTtl();
    void errorsScaleWithTheTtl();
    void afterTheTtlUsersPayTheRegionLatency();
    void lookupLatencyOncePerUserPerTtl();
    void dnsOutageHurtsAsCachedAnswersRunOut();
    void partitionFailsHopsAcrossUntilHealed_data();
    void partitionFailsHopsAcrossUntilHealed();
};

void TestDns::geoSendsUsersToTheirRegion()
{
    Setup s;
    s.warmupS = 5;
    const sim::RunResults r = run(s);
    QCOMPARE(metric(r, "dns", "answers.lb-us"), metric(r, "users-us", "requests"));
    QCOMPARE(metric(r, "dns", "answers.lb-eu"), metric(r, "users-eu", "requests"));
    QCOMPARE(metric(r, "lb-us", "arrivals"), metric(r, "users-us", "requests"));
    QCOMPARE(r.summary.errors, std::uint64_t{0});
    QCOMPARE(metric(r, "dns", "errors"), 0.0);
    // Nobody crosses the ocean: the latency is the web server's alone.
    QVERIFY(std::abs(metric(r, "users-us", "latency_ms.mean") - kServiceMs) < 0.05);
    QVERIFY(std::abs(metric(r, "users-eu", "latency_ms.mean") - kServiceMs) < 0.05);
}

void TestDns::roundRobinSharesTargets()
{
    // Round robin ignores regions: each user holds one balancer for a TTL, the users share both.
    Setup s;
    s.policy = Policy::RoundRobin;
    s.warmupS = 5;
    const sim::RunResults r = run(s);
    const double us = metric(r, "dns", "answers.lb-us");
    const double eu = metric(r, "dns", "answers.lb-eu");
    QVERIFY2(std::abs(us / (us + eu) - 0.5) < 0.03, qPrintable(QString::number(us / (us + eu))));
    QCOMPARE(r.summary.errors, std::uint64_t{0});
    // Half the users cross to the other region and back: 40 ms each way.
    const double expected = kServiceMs + kRegionLatencyMs;
    QVERIFY2(std::abs(metric(r, "users-us", "latency_ms.mean") - expected) < 0.05 * expected,
             qPrintable(QString::number(metric(r, "users-us", "latency_ms.mean"))));
}

void TestDns::regionFailureCostsErrorsForOneTtl_data()
{
    QTest::addColumn<double>("ttlS");
    QTest::newRow("ttl 10 s") << 10.0;
    QTest::newRow("ttl 30 s") << 30.0;
    QTest::newRow("ttl 60 s") << 60.0;
}

void TestDns::regionFailureCostsErrorsForOneTtl()
{
    // Users refresh their answer at instants spread evenly over a TTL: after the us balancer
    // fails at f, the share still holding it at f + x is 1 - x / ttl. Errors decay linearly over
    // one TTL and add up to rate x ttl / 2; three quarters of them come in the first half.
    QFETCH(double, ttlS);
    Setup s;
    s.ttlS = ttlS;
    s.lbFailsAtS = 10;
    s.endS = s.lbFailsAtS + ttlS + 10;
    World w = build(s);
    w.engine->runUntil(sim::fromSeconds(s.lbFailsAtS + ttlS / 2));
    const double firstHalf = static_cast<double>(w.usersUs->statistics().errors);
    w.engine->runUntil(sim::fromSeconds(s.lbFailsAtS + ttlS));
    const double total = static_cast<double>(w.usersUs->statistics().errors);
    w.engine->run();
    const sim::RunResults r = sim::collectResults(*w.engine, {});
    const double expected = s.rate * ttlS / 2;
    qInfo("ttl %.0f s: %.0f errors (expected %.0f), %.2f in the first half", ttlS, total, expected,
          firstHalf / total);
    QVERIFY2(std::abs(total - expected) < 0.08 * expected, qPrintable(QString::number(total)));
    QVERIFY2(std::abs(firstHalf / total - 0.75) < 0.05, qPrintable(QString::number(firstHalf)));
    // Once every cached answer has run out, nothing fails any more.
    QCOMPARE(metric(r, "users-us", "errors"), total);
    QCOMPARE(metric(r, "users-eu", "errors"), 0.0);
}

void TestDns::errorsScaleWithTheTtl()
{
    Setup s;
    s.lbFailsAtS = 10;
    s.ttlS = 10;
    s.endS = 30;
    const double shortTtl = metric(run(s), "users-us", "errors");
    s.ttlS = 60;
    s.endS = 80;
    const double longTtl = metric(run(s), "users-us", "errors");
    qInfo("errors: ttl 10 s %.0f, ttl 60 s %.0f (ratio %.2f)", shortTtl, longTtl,
          longTtl / shortTtl);
    QVERIFY(std::abs(longTtl / shortTtl - 6) < 0.6);
    s.lbFailsAtS = -1; // without the failure, nothing fails at all
    QCOMPARE(metric(run(s), "users-us", "errors"), 0.0);
}

void TestDns::afterTheTtlUsersPayTheRegionLatency()
{
    // Observed from one TTL after the failure on: no errors, every us user is answered with the
    // eu balancer, and pays the 40 ms to eu and back.
    Setup s;
    s.lbFailsAtS = 10;
    s.ttlS = 10;
    s.warmupS = s.lbFailsAtS + s.ttlS + 0.1;
    s.endS = s.warmupS + 20;
    const sim::RunResults r = run(s);
    QCOMPARE(metric(r, "users-us", "errors"), 0.0);
    QCOMPARE(metric(r, "dns", "answers.lb-us"), 0.0);
    // (Counted on arrival at the balancer, 40 ms after a us request left: a few at either end of
    // the window fall on the other side.)
    QVERIFY(std::abs(metric(r, "lb-eu", "arrivals") - metric(r, "users-us", "requests") -
                     metric(r, "users-eu", "requests")) < 20);
    const double expected = kServiceMs + 2 * kRegionLatencyMs;
    QVERIFY(std::abs(metric(r, "users-us", "latency_ms.mean") - expected) < 0.05);
    QVERIFY(std::abs(metric(r, "users-eu", "latency_ms.mean") - kServiceMs) < 0.05);
}

void TestDns::lookupLatencyOncePerUserPerTtl()
{
    // Each user asks at rate r = 200 / 10000 per second. Its first request in each TTL slot pays
    // the lookup: lookups per user per second are (1 - exp(-r ttl)) / ttl, and the mean latency
    // rises by lookup_ms x lookups / requests.
    // (Observed from one TTL on, when every user's slot began after the start.)
    Setup s;
    const double window = 100;
    for (const double ttl : {10.0, 100.0}) {
        s.ttlS = ttl;
        s.warmupS = ttl;
        s.endS = ttl + window;
        s.lookupMs = 50;
        const sim::RunResults slow = run(s);
        s.lookupMs = 0;
        const sim::RunResults free = run(s);
        const double perUser = s.rate / kUsersPerRegion;
        const double expected = 2 * kUsersPerRegion * window * (1 - std::exp(-perUser * ttl)) / ttl;
        const double lookups = metric(slow, "dns", "lookups");
        const double requests = metric(slow, "users-us", "requests");
        const double extra = metric(slow, "users-us", "latency_ms.mean") -
                             metric(free, "users-us", "latency_ms.mean");
        const double share = metric(slow, "dns", "lookups") / (2 * requests);
        qInfo("ttl %.0f s: %.0f lookups (expected %.0f), %.2f ms added (expected %.2f)", ttl,
              lookups, expected, extra, 50 * share);
        QVERIFY2(std::abs(lookups - expected) < 0.04 * expected,
                 qPrintable(QString::number(lookups)));
        QCOMPARE(metric(free, "dns", "lookups"), lookups); // the same lookups, free of charge
        QVERIFY2(std::abs(extra - 50 * share) < 0.1 * 50 * share,
                 qPrintable(QString::number(extra)));
    }
}

void TestDns::dnsOutageHurtsAsCachedAnswersRunOut()
{
    // The name service itself goes down at 10 s: cached answers keep working, and each user
    // fails from its next refresh on (its refresh finds nobody answering). The failing share grows
    // as x / ttl: over the first TTL the errors add up to rate x ttl / 2, and after it every
    // request fails.
    Setup s;
    s.ttlS = 10;
    s.endS = 30;
    World w = build(s);
    sim::ScenarioAction fail;
    fail.type = sim::ScenarioAction::Type::Fail;
    fail.at = sim::fromSeconds(10);
    fail.target = 0; // the dns
    w.engine->addAction(fail);
    w.engine->runUntil(sim::fromSeconds(10));
    QCOMPARE(w.usersUs->statistics().errors, std::uint64_t{0});
    w.engine->runUntil(sim::fromSeconds(20));
    const double ramp = static_cast<double>(w.usersUs->statistics().errors);
    const double before = static_cast<double>(w.usersUs->statistics().requests);
    w.engine->run();
    const double after = static_cast<double>(w.usersUs->statistics().requests) - before;
    const double lost = static_cast<double>(w.usersUs->statistics().errors) - ramp;
    qInfo("%.0f errors while the caches ran out (expected %.0f), then %.0f of %.0f", ramp,
          s.rate * s.ttlS / 2, lost, after);
    QVERIFY(std::abs(ramp - s.rate * s.ttlS / 2) < 0.08 * s.rate * s.ttlS / 2);
    QVERIFY(lost >= after - 2 && lost <= after);
}

void TestDns::partitionFailsHopsAcrossUntilHealed_data()
{
    QTest::addColumn<int>("cutA");
    QTest::addColumn<int>("cutB");
    QTest::addColumn<bool>("crossesPath");
    QTest::newRow("no partition") << -1 << -1 << false;
    QTest::newRow("us-eu cut, on the path") << 0 << 1 << true;
    QTest::newRow("us-ap cut, off the path") << 0 << 2 << false;
}

void TestDns::partitionFailsHopsAcrossUntilHealed()
{
    // us users call the eu balancer across the ocean; eu users call it at home. A partition
    // between us and eu from 20 s to 40 s fails every us request sent meanwhile, at once.
    QFETCH(int, cutA);
    QFETCH(int, cutB);
    QFETCH(bool, crossesPath);
    const double rate = 100;
    sim::Engine e(3);
    e.setRegionCount(3);
    e.setRegionLatency(0, 1, sim::fromMilliseconds(kRegionLatencyMs));
    sim::Client::Config cc;
    cc.rateRps = rate;
    const auto us = e.addComponent(std::make_unique<sim::Client>("users-us", cc));
    cc.firstUser = cc.users;
    const auto eu = e.addComponent(std::make_unique<sim::Client>("users-eu", cc));
    const auto lb =
        e.addComponent(std::make_unique<sim::LoadBalancer>("lb-eu", sim::LoadBalancer::Config{}));
    sim::WebServer::Config wc;
    wc.capacity.cores = 32;
    wc.service = sim::Distribution::constant(kServiceMs * 1e6);
    const auto web = e.addComponent(std::make_unique<sim::WebServer>("web-eu", wc));
    e.setRegion(us, 0);
    for (const auto c : {eu, lb, web})
        e.setRegion(c, 1);
    e.addLink(us, lb, 0);
    e.addLink(eu, lb, 0);
    e.addLink(lb, web, 0);
    if (cutA >= 0) {
        sim::ScenarioAction a;
        a.type = sim::ScenarioAction::Type::Partition;
        a.at = sim::fromSeconds(20);
        a.region = cutA;
        a.otherRegion = cutB;
        e.addAction(a);
        a.type = sim::ScenarioAction::Type::Heal;
        a.at = sim::fromSeconds(40);
        e.addAction(a);
    }
    e.setHorizon(0, sim::fromSeconds(60));
    e.runUntil(sim::fromSeconds(30));
    QCOMPARE(e.partitioned(0, 1), crossesPath);
    e.run();
    const sim::RunResults r = sim::collectResults(e, {});
    const double errors = metric(r, "users-us", "errors");
    const double expected = crossesPath ? rate * 20 : 0;
    qInfo("%.0f errors (expected about %.0f)", errors, expected);
    if (crossesPath)
        QVERIFY2(std::abs(errors - expected) < 0.1 * expected, qPrintable(QString::number(errors)));
    else
        QCOMPARE(errors, 0.0);
    QVERIFY(!e.partitioned(0, 1)); // healed
    QCOMPARE(metric(r, "users-eu", "errors"), 0.0);
    // Every request is answered or refused: none is left behind, only those still on the way
    // at the end (about rate x 82 ms).
    const double open =
        metric(r, "users-us", "requests") - metric(r, "users-us", "completed") - errors;
    QVERIFY(open >= 0 && open < 30);
    QVERIFY(e.requests().inFlight() < 60);
}

QTEST_GUILESS_MAIN(TestDns)
#include "tst_dns.moc"
