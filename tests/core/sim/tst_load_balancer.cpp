// The load balancer: each algorithm by its defining behaviour, health checks that notice a dead
// backend only after `unhealthy_after` missed checks, recovery, and the spike scenario action.

#include "sim_test_support.h"

#include "sim/client.h"
#include "sim/load_balancer.h"
#include "sim/simulation.h"
#include "sim/web_server.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <map>

namespace sim = scalelab::sim;
using namespace scalelab::testing;
using Algorithm = sim::LoadBalancer::Algorithm;

Q_DECLARE_METATYPE(Algorithm)

namespace {

struct Farm {
    std::unique_ptr<sim::Engine> engine;
    sim::Client *users = nullptr;
    sim::LoadBalancer *lb = nullptr;
    std::vector<std::uint32_t> webs; // component indices
};

// users -> lb -> one web component per entry of `serviceMs` (single core, exponential service).
Farm buildFarm(std::uint64_t seed, double rate, sim::LoadBalancer::Config lc,
               const std::vector<double> &serviceMs, double seconds)
{
    Farm f;
    f.engine = std::make_unique<sim::Engine>(seed);
    sim::Client::Config cc;
    cc.rateRps = rate;
    cc.users = 5000;
    auto users = std::make_unique<sim::Client>("users", cc);
    f.users = users.get();
    const auto u = f.engine->addComponent(std::move(users));
    auto lb = std::make_unique<sim::LoadBalancer>("lb", lc);
    f.lb = lb.get();
    const auto l = f.engine->addComponent(std::move(lb));
    f.engine->addLink(u, l, 0);
    for (std::size_t i = 0; i < serviceMs.size(); ++i) {
        sim::WebServer::Config wc;
        wc.service = sim::Distribution::exponential(serviceMs[i] * kNsPerMs);
        const auto w = f.engine->addComponent(
            std::make_unique<sim::WebServer>("web" + std::to_string(i + 1), wc));
        f.engine->addLink(l, w, 0);
        f.webs.push_back(w);
    }
    f.engine->setHorizon(0, sim::fromSeconds(seconds));
    return f;
}

double arrivalsAt(const Farm &f, std::size_t web)
{
    const sim::RunResults r = sim::collectResults(*f.engine, {});
    return metric(r, "web" + std::to_string(web + 1), "arrivals");
}

// Watches the balancer's choices as they happen.
class ChoiceWatcher : public sim::Observer {
public:
    ChoiceWatcher(sim::Engine &engine, const sim::LoadBalancer &lb) : m_engine(engine), m_lb(lb) {}

    void onHop(const Hop &hop) override
    {
        if (hop.isReply || hop.from != m_lb.index())
            return;
        const std::uint32_t request = hop.request, to = hop.to;
        ++choices;
        // Least connections: the chosen backend's count already includes this request.
        const auto &backends = m_lb.backends();
        int chosenOpen = -1, fewest = std::numeric_limits<int>::max();
        for (const auto &b : backends) {
            if (!b.healthy)
                continue;
            if (m_engine.link(b.link).to == to)
                chosenOpen = b.open - 1;
            else
                fewest = std::min(fewest, b.open);
        }
        if (chosenOpen > fewest)
            ++notFewest;
        // ip_hash: one user, one backend.
        const std::uint32_t user = m_engine.requests()[request].user;
        const auto [it, inserted] = targetOf.emplace(user, to);
        if (!inserted && it->second != to)
            ++userMoved;
    }

    std::uint64_t choices = 0, notFewest = 0, userMoved = 0;
    std::map<std::uint32_t, std::uint32_t> targetOf;

private:
    sim::Engine &m_engine;
    const sim::LoadBalancer &m_lb;
};

} // namespace

class TestLoadBalancer : public QObject {
    Q_OBJECT

private slots:
    void roundRobinIsExactlyEven();
    void roundRobinOverInstances();
    void randomIsBinomial();
    void leastConnections();
    void ipHashKeepsUsers();
    void healthChecks_data();
    void healthChecks();
    void noHealthyBackend();
    void spikeRaisesTheRate();
};

void TestLoadBalancer::roundRobinIsExactlyEven()
{
    Farm f = buildFarm(1, 300, {}, {2, 2, 2}, 100);
    f.engine->run();
    const double a = arrivalsAt(f, 0), b = arrivalsAt(f, 1), c = arrivalsAt(f, 2);
    QVERIFY(a > 9000);
    QVERIFY(a - c >= 0 && a - c <= 1); // in turn: the first gets the odd ones
    QVERIFY(a - b >= 0 && a - b <= 1);
    QVERIFY(b - c >= 0 && b - c <= 1);
    QCOMPARE(f.lb->backends().size(), std::size_t{3});
    for (std::size_t i = 0; i < 3; ++i)
        QCOMPARE(static_cast<double>(f.lb->backends()[i].sent), arrivalsAt(f, i));
}

void TestLoadBalancer::roundRobinOverInstances()
{
    // One web_server component of count 3: the balancer addresses each instance.
    auto e = std::make_unique<sim::Engine>(2);
    sim::Client::Config cc;
    cc.rateRps = 200;
    const auto u = e->addComponent(std::make_unique<sim::Client>("users", cc));
    auto lbOwned = std::make_unique<sim::LoadBalancer>("lb", sim::LoadBalancer::Config{});
    const sim::LoadBalancer *lb = lbOwned.get();
    const auto l = e->addComponent(std::move(lbOwned));
    sim::WebServer::Config wc;
    wc.capacity.instances = 3;
    wc.service = sim::Distribution::exponential(10 * kNsPerMs);
    const auto w = e->addComponent(std::make_unique<sim::WebServer>("web", wc));
    e->addLink(u, l, 0);
    e->addLink(l, w, 0);
    e->setHorizon(0, sim::fromSeconds(60));
    e->run();
    const auto &backends = lb->backends();
    QCOMPARE(backends.size(), std::size_t{3});
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < 3; ++i) {
        QCOMPARE(backends[i].instance, static_cast<int>(i));
        QVERIFY(backends[0].sent - backends[i].sent <= 1);
        total += backends[i].sent;
    }
    const sim::RunResults r = sim::collectResults(*e, {});
    QCOMPARE(metric(r, "web", "arrivals"), static_cast<double>(total));
    // Three single-core instances at 200/3 rps each: utilisation 2/3 over all of them
    // (its sd is sqrt(2 rho S / T) / 3 for the pooled busy time, under 0.005 here).
    QVERIFY(std::abs(metric(r, "web", "utilization") - 2.0 / 3) < 0.02);
}

void TestLoadBalancer::randomIsBinomial()
{
    sim::LoadBalancer::Config lc;
    lc.algorithm = Algorithm::Random;
    Farm f = buildFarm(3, 300, lc, {2, 2, 2}, 100);
    f.engine->run();
    double n = 0, counts[3];
    for (std::size_t i = 0; i < 3; ++i)
        n += counts[i] = arrivalsAt(f, i);
    double chi2 = 0;
    for (const double c : counts)
        chi2 += (c - n / 3) * (c - n / 3) / (n / 3);
    qInfo("random: %.0f %.0f %.0f, chi-square %.2f (2 degrees of freedom)", counts[0], counts[1],
          counts[2], chi2);
    QVERIFY(chi2 < 13.82); // the 0.1 % point
    // Not round robin in disguise: exactly even thirds would be a sign of it.
    QVERIFY(std::abs(counts[0] - counts[1]) > 1 || std::abs(counts[1] - counts[2]) > 1);
}

void TestLoadBalancer::leastConnections()
{
    // A slow backend (50 ms) and a fast one (5 ms): least connections sends each request to the
    // one with fewer open requests, so the slow one gets fewer.
    sim::LoadBalancer::Config lc;
    lc.algorithm = Algorithm::LeastConnections;
    Farm f = buildFarm(4, 60, lc, {50, 5}, 200);
    ChoiceWatcher watcher(*f.engine, *f.lb);
    f.engine->setObserver(&watcher, true);
    f.engine->run();
    const double slow = arrivalsAt(f, 0), fast = arrivalsAt(f, 1);
    qInfo("least connections: slow %.0f, fast %.0f", slow, fast);
    QCOMPARE(watcher.notFewest, std::uint64_t{0});
    QVERIFY(watcher.choices > 10000);
    QVERIFY(fast > 2 * slow);

    // Round robin, for contrast, splits evenly whatever the speeds.
    Farm rr = buildFarm(4, 60, {}, {50, 5}, 200);
    rr.engine->run();
    QVERIFY(std::abs(arrivalsAt(rr, 0) - arrivalsAt(rr, 1)) <= 1);
    const sim::RunResults lcr = sim::collectResults(*f.engine, {});
    const sim::RunResults rrr = sim::collectResults(*rr.engine, {});
    QVERIFY(lcr.summary.latencyMs.mean < rrr.summary.latencyMs.mean);
}

void TestLoadBalancer::ipHashKeepsUsers()
{
    sim::LoadBalancer::Config lc;
    lc.algorithm = Algorithm::IpHash;
    Farm f = buildFarm(5, 300, lc, {2, 2, 2}, 60);
    ChoiceWatcher watcher(*f.engine, *f.lb);
    f.engine->setObserver(&watcher, true);
    f.engine->run();
    QVERIFY(watcher.choices > 15000);
    QVERIFY(watcher.targetOf.size() > 4000); // most of the 5000 users came back several times
    QCOMPARE(watcher.userMoved, std::uint64_t{0});
    // The hash spreads the users: each backend holds about a third of them.
    std::map<std::uint32_t, int> usersPer;
    for (const auto &[user, target] : watcher.targetOf)
        ++usersPer[target];
    QCOMPARE(usersPer.size(), std::size_t{3});
    const double m = static_cast<double>(watcher.targetOf.size());
    for (const auto &[target, count] : usersPer)
        QVERIFY(std::abs(count - m / 3) < 4 * std::sqrt(m * 2 / 9));
}

void TestLoadBalancer::healthChecks_data()
{
    // The dead backend's share of the traffic until it is noticed. Least connections is the
    // exception: a dead backend refuses at once, so it never has an open request and looks the
    // least loaded of all (the "black hole"): it draws at least its third.
    QTest::addColumn<Algorithm>("algorithm");
    QTest::addColumn<double>("minShare");
    QTest::addColumn<double>("maxShare");
    QTest::newRow("round_robin") << Algorithm::RoundRobin << 1.0 / 3 << 1.0 / 3;
    QTest::newRow("random") << Algorithm::Random << 1.0 / 3 << 1.0 / 3;
    QTest::newRow("least_connections") << Algorithm::LeastConnections << 1.0 / 3 << 1.0;
    QTest::newRow("ip_hash") << Algorithm::IpHash << 1.0 / 3 << 1.0 / 3;
}

void TestLoadBalancer::healthChecks()
{
    // Three web servers (rho = 0.2 each) at 300 rps; web2 dies at 10.5 s. Checks every second,
    // two misses to mark it down: the checks at 11 s and 12 s miss, so for 1.5 s its share of
    // the traffic fails (a third: about 150 errors), then none. It comes back at 20.3 s and the
    // check at 21 s returns it to rotation.
    QFETCH(Algorithm, algorithm);
    QFETCH(double, minShare);
    QFETCH(double, maxShare);
    sim::LoadBalancer::Config lc;
    lc.algorithm = algorithm;
    lc.healthInterval = sim::fromSeconds(1);
    lc.unhealthyAfter = 2;
    const double rate = 300;
    Farm f = buildFarm(6, rate, lc, {2, 2, 2}, 40);
    const sim::Time failAt = sim::fromSeconds(10.5), recoverAt = sim::fromSeconds(20.3);
    sim::ScenarioAction fail;
    fail.type = sim::ScenarioAction::Type::Fail;
    fail.at = failAt;
    fail.target = f.webs[1];
    f.engine->addAction(fail);
    sim::ScenarioAction recover = fail;
    recover.type = sim::ScenarioAction::Type::Recover;
    recover.at = recoverAt;
    f.engine->addAction(recover);

    f.engine->runUntil(failAt - 1);
    QCOMPARE(f.users->statistics().errors, std::uint64_t{0});

    f.engine->runUntil(sim::fromSeconds(12) - 1);
    const std::uint64_t errorsBeforeDetection = f.users->statistics().errors;
    QVERIFY(f.lb->backends()[1].healthy); // one miss is not enough
    f.engine->runUntil(sim::fromSeconds(12));
    QVERIFY(!f.lb->backends()[1].healthy);
    const std::uint64_t errors = f.users->statistics().errors;
    QCOMPARE(errors, errorsBeforeDetection + 0); // nothing new at the detecting instant itself
    // A share of Poisson(rate * 1.5 s) arrivals (sd under sqrt(mean)), plus the handful in
    // web2 when it died (about rho / (1 - rho) = 0.25).
    const double low = rate * 1.5 * minShare, high = rate * 1.5 * maxShare;
    qInfo("errors before detection: %llu (expected %.0f to %.0f)",
          static_cast<unsigned long long>(errors), low, high);
    QVERIFY(static_cast<double>(errors) > low - 4 * std::sqrt(low));
    QVERIFY(static_cast<double>(errors) < high + 4 * std::sqrt(high) + 5);
    const double web2AtDetection = arrivalsAt(f, 1);

    f.engine->runUntil(recoverAt);
    QCOMPARE(f.users->statistics().errors, errors); // after detection: no new errors at all
    QCOMPARE(arrivalsAt(f, 1), web2AtDetection);    // and nothing sent to the dead backend
    QCOMPARE(metric(sim::collectResults(*f.engine, {}), "lb", "backends_healthy"), 2.0);

    f.engine->runUntil(sim::fromSeconds(21) - 1);
    QCOMPARE(arrivalsAt(f, 1), web2AtDetection); // recovered, but not yet seen to be
    f.engine->runUntil(sim::fromSeconds(21));
    QVERIFY(f.lb->backends()[1].healthy);
    f.engine->run();
    QCOMPARE(f.users->statistics().errors, errors);
    const double web2After = arrivalsAt(f, 1) - web2AtDetection;
    const double expectedAfter = rate / 3 * 19; // 21 s to 40 s
    // Poisson counts, and for ip_hash the users' split too (its sd is 2 % of the share).
    const double sd = std::sqrt(expectedAfter + std::pow(0.02 * expectedAfter, 2));
    QVERIFY2(std::abs(web2After - expectedAfter) < 4 * sd, qPrintable(QString::number(web2After)));
    const sim::RunResults r = sim::collectResults(*f.engine, {});
    QCOMPARE(metric(r, "lb", "backends_healthy"), 3.0);
    QCOMPARE(r.summary.errors, errors);
    QCOMPARE(metric(r, "web2", "errors"), static_cast<double>(errors));
}

void TestLoadBalancer::noHealthyBackend()
{
    // With every backend down and noticed, the balancer answers 503 itself at once.
    sim::LoadBalancer::Config lc;
    lc.healthInterval = sim::fromSeconds(1);
    lc.unhealthyAfter = 1;
    Farm f = buildFarm(7, 100, lc, {10, 10}, 10);
    sim::ScenarioAction fail;
    fail.type = sim::ScenarioAction::Type::Fail;
    fail.at = sim::fromSeconds(2.5);
    for (const std::uint32_t w : f.webs) {
        fail.target = w;
        f.engine->addAction(fail);
    }
    f.engine->runUntil(sim::fromSeconds(3));
    const double arrivals = arrivalsAt(f, 0) + arrivalsAt(f, 1);
    f.engine->run();
    QCOMPARE(arrivalsAt(f, 0) + arrivalsAt(f, 1), arrivals);
    const sim::RunResults r = sim::collectResults(*f.engine, {});
    QCOMPARE(metric(r, "lb", "backends_healthy"), 0.0);
    QVERIFY(r.summary.errors > 600); // 7 s at 100 rps and more
    QCOMPARE(r.summary.errors + r.summary.completed,
             static_cast<std::uint64_t>(metric(r, "users", "requests")));
}

void TestLoadBalancer::spikeRaisesTheRate()
{
    Farm f = buildFarm(8, 100, {}, {2, 2, 2}, 40);
    sim::ScenarioAction spike;
    spike.type = sim::ScenarioAction::Type::Spike;
    spike.at = sim::fromSeconds(20);
    spike.factor = 5;
    spike.duration = sim::fromSeconds(10);
    spike.target = f.users->index();
    f.engine->addAction(spike);
    auto requests = [&] { return static_cast<double>(f.users->statistics().requests); };
    f.engine->runUntil(sim::fromSeconds(20));
    const double before = requests();
    QVERIFY(std::abs(f.users->currentRate() - 500) < 1e-9);
    f.engine->runUntil(sim::fromSeconds(30));
    const double during = requests() - before;
    QVERIFY(std::abs(f.users->currentRate() - 100) < 1e-9);
    f.engine->run();
    const double after = requests() - before - during;
    qInfo("requests: %.0f in 20 s before, %.0f in the 10 s spike, %.0f in 10 s after", before,
          during, after);
    // Poisson counts: within 4 standard deviations of rate x time.
    QVERIFY(std::abs(before - 2000) < 4 * std::sqrt(2000.0));
    QVERIFY(std::abs(during - 5000) < 4 * std::sqrt(5000.0));
    QVERIFY(std::abs(after - 1000) < 4 * std::sqrt(1000.0));
}

QTEST_GUILESS_MAIN(TestLoadBalancer)
#include "tst_load_balancer.moc"
