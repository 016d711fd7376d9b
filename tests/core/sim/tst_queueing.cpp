// Queueing theory against the engine: M/M/1, M/M/c (Erlang C), M/D/1 (Pollaczek-Khinchine),
// M/M/1/K blocking, concurrency limits, Little's law on every station and a random split.
// Tolerances are a few standard errors; the standard errors come from theory too: the asymptotic
// variance of a time average over a birth-death process (Whitt 1992),
//   sigma^2 = 2 * sum_j F_j^2 / (lambda_j pi_j),  F_j = sum_{i<=j} (f(i) - mean) pi_i,
// which for the M/M/1 number in system reduces to 2 rho (1 + rho) / (mu (1 - rho)^4).

#include "sim_test_support.h"

#include "sim/cache.h"
#include "sim/client.h"
#include "sim/database.h"
#include "sim/load_balancer.h"
#include "sim/simulation.h"
#include "sim/web_server.h"

#include <QtTest>

#include <cmath>
#include <functional>
#include <limits>

namespace sim = scalelab::sim;
using namespace scalelab::testing;

namespace {

struct Station {
    double rateRps = 80;
    int cores = 1;
    sim::Distribution service = sim::Distribution::exponential(10 * kNsPerMs);
    int maxConcurrency = 0;
    std::int64_t queueCapacity = -1;
};

// One client straight into one web server, nothing behind it.
sim::RunResults runStation(const Station &s, double seconds, std::uint64_t seed)
{
    auto factory = [s, seconds](std::uint64_t replicationSeed) {
        auto engine = std::make_unique<sim::Engine>(replicationSeed);
        sim::Client::Config cc;
        cc.rateRps = s.rateRps;
        const auto users = engine->addComponent(std::make_unique<sim::Client>("users", cc));
        sim::WebServer::Config wc;
        wc.capacity = {1, s.cores, s.maxConcurrency, s.queueCapacity};
        wc.service = s.service;
        const auto web = engine->addComponent(std::make_unique<sim::WebServer>("web", wc));
        engine->addLink(users, web, 0);
        engine->setHorizon(sim::fromSeconds(100), sim::fromSeconds(100 + seconds));
        return engine;
    };
    return sim::runReplications(factory, seed, 1);
}

// Checks one Markovian station (exponential service, Poisson arrivals) against its birth-death
// solution: utilisation, mean number waiting, mean wait, mean response, each within 4 standard
// errors. The standard error of a customer average (W, Wq) is taken as that of the matching time
// average (L, Lq) divided by lambda, by Little's law.
void checkMarkovStation(const sim::RunResults &r, double lambda, double serviceS, int servers,
                        int capacity, double seconds)
{
    const double mu = 1 / serviceS;
    const BirthDeath bd(lambda, mu, servers, capacity);
    const double blocking = capacity >= 0 ? bd.probability(capacity) : 0.0;
    const double accepted = lambda * (1 - blocking);
    auto present = [](int n) { return static_cast<double>(n); };
    auto waiting = [servers](int n) { return static_cast<double>(std::max(0, n - servers)); };
    auto busy = [servers](int n) { return static_cast<double>(std::min(n, servers)); };
    const double l = bd.mean(present), lq = bd.mean(waiting);
    const double seL = std::sqrt(bd.asymptoticVariance(present) / seconds);
    const double seLq = std::sqrt(bd.asymptoticVariance(waiting) / seconds);
    const double seU = std::sqrt(bd.asymptoticVariance(busy) / seconds) / servers;
    constexpr double k = 4;

    checkWithin("utilization", metric(r, "web", "utilization"), bd.mean(busy) / servers, k * seU);
    checkWithin("queue_length_mean (Lq)", metric(r, "web", "queue_length_mean"), lq, k * seLq);
    checkWithin("concurrency_mean (L)", metric(r, "web", "concurrency_mean"), l, k * seL);
    checkWithin("wait_ms.mean (Wq)", metric(r, "web", "wait_ms.mean"), lq / accepted * 1e3,
                k * seLq / accepted * 1e3);
    checkWithin("response_ms.mean (W)", metric(r, "web", "response_ms.mean"), l / accepted * 1e3,
                k * seL / accepted * 1e3);
    checkWithin("throughput_rps", metric(r, "web", "throughput_rps"), accepted,
                k * std::sqrt(lambda / seconds));
}

} // namespace

class TestQueueing : public QObject {
    Q_OBJECT

private slots:
    void birthDeathVarianceMatchesClosedForm();
    void mm1_data();
    void mm1();
    void mmc_data();
    void mmc();
    void md1();
    void blocking_data();
    void blocking();
    void maxConcurrency_data();
    void maxConcurrency();
    void littlesLawChain();
    void littlesLawBehindBalancer();
    void randomSplit();
};

void TestQueueing::birthDeathVarianceMatchesClosedForm()
{
    // The numerical route to the standard errors against Whitt's closed form for M/M/1.
    for (const double rho : {0.5, 0.8, 0.9}) {
        const BirthDeath bd(rho, 1, 1, -1);
        const double closed = 2 * rho * (1 + rho) / std::pow(1 - rho, 4);
        const double numeric = bd.asymptoticVariance([](int n) { return static_cast<double>(n); });
        QVERIFY(std::abs(numeric / closed - 1) < 1e-9);
    }
}

void TestQueueing::mm1_data()
{
    QTest::addColumn<double>("rho");
    QTest::addColumn<double>("seconds");
    // Run lengths chosen so that 4 standard errors of W are 1.4 %, 1.9 % and 2.6 %.
    QTest::newRow("rho=0.5") << 0.5 << 20000.0;
    QTest::newRow("rho=0.8") << 0.8 << 50000.0;
    QTest::newRow("rho=0.9") << 0.9 << 100000.0;
}

void TestQueueing::mm1()
{
    QFETCH(double, rho);
    QFETCH(double, seconds);
    const double serviceS = 0.010, lambda = rho / serviceS, mu = 1 / serviceS;
    Station s;
    s.rateRps = lambda;
    const sim::RunResults r = runStation(s, seconds, 11);

    checkMarkovStation(r, lambda, serviceS, 1, -1, seconds);
    // The closed forms, for the record: W = 1/(mu - lambda), Wq = rho W, Lq = lambda Wq.
    const double w = 1 / (mu - lambda);
    QVERIFY(std::abs(BirthDeath(lambda, mu, 1, -1).mean([](int n) { return double(n); }) / lambda -
                     w) < 1e-9 * w);

    // Sojourn times are exponential with mean W: the quantiles are W ln(1/(1-q)).
    checkWithin("response_ms.p50", metric(r, "web", "response_ms.p50"), w * std::log(2) * 1e3,
                0.02 * w * std::log(2) * 1e3);
    checkWithin("response_ms.p99", metric(r, "web", "response_ms.p99"), w * std::log(100) * 1e3,
                0.02 * w * std::log(100) * 1e3);
    // The users see the same thing: nothing else is on the way.
    QCOMPARE(r.summary.latencyMs.mean, metric(r, "web", "response_ms.mean"));
    QCOMPARE(r.summary.errors, std::uint64_t{0});
}

void TestQueueing::mmc_data()
{
    QTest::addColumn<int>("servers");
    QTest::addColumn<double>("lambda");
    QTest::addColumn<double>("seconds");
    QTest::newRow("M/M/2 rho=0.8") << 2 << 160.0 << 20000.0;
    QTest::newRow("M/M/4 rho=0.75") << 4 << 300.0 << 10000.0;
}

void TestQueueing::mmc()
{
    QFETCH(int, servers);
    QFETCH(double, lambda);
    QFETCH(double, seconds);
    const double serviceS = 0.010, mu = 1 / serviceS;
    Station s;
    s.rateRps = lambda;
    s.cores = servers;
    const sim::RunResults r = runStation(s, seconds, 12);
    checkMarkovStation(r, lambda, serviceS, servers, -1, seconds);

    // Erlang C agrees with the birth-death solution the checks used.
    const double wq = erlangC(servers, lambda / mu) / (servers * mu - lambda);
    const BirthDeath bd(lambda, mu, servers, -1);
    const double lq = bd.mean([servers](int n) { return double(std::max(0, n - servers)); });
    QVERIFY(std::abs(lq / lambda - wq) < 1e-9);
    qInfo("Erlang C: Wq = %.4f ms, W = %.4f ms", wq * 1e3, (wq + serviceS) * 1e3);
}

void TestQueueing::md1()
{
    // Pollaczek-Khinchine: Wq = rho S / (2 (1 - rho)). No birth-death chain here; M/D/1 varies
    // less than M/M/1 at the same load (its service variance is zero), so the M/M/1 standard
    // error bounds its own.
    const double rho = 0.8, serviceS = 0.010, lambda = rho / serviceS, seconds = 100000;
    Station s;
    s.rateRps = lambda;
    s.service = sim::Distribution::constant(serviceS * 1e9);
    const sim::RunResults r = runStation(s, seconds, 13);

    const double wq = rho * serviceS / (2 * (1 - rho));
    const BirthDeath mm1(lambda, 1 / serviceS, 1, -1);
    const double seL = std::sqrt(mm1.asymptoticVariance([](int n) { return double(n); }) / seconds);
    const double seW = seL / lambda;
    checkWithin("wait_ms.mean (Wq)", metric(r, "web", "wait_ms.mean"), wq * 1e3, 4 * seW * 1e3);
    checkWithin("response_ms.mean (W)", metric(r, "web", "response_ms.mean"), (wq + serviceS) * 1e3,
                4 * seW * 1e3);
    checkWithin("queue_length_mean", metric(r, "web", "queue_length_mean"), lambda * wq, 4 * seL);
    checkWithin("utilization", metric(r, "web", "utilization"), rho,
                4 * std::sqrt(rho * serviceS / seconds)); // Var(busy time) = lambda T S^2
    QCOMPARE(metric(r, "web", "service_ms.mean"), serviceS * 1e3);
}

void TestQueueing::blocking_data()
{
    QTest::addColumn<double>("rho");
    QTest::addColumn<int>("queueCapacity");
    QTest::newRow("M/M/1/1 rho=0.5") << 0.5 << 0;
    QTest::newRow("M/M/1/5 rho=0.9") << 0.9 << 4;
    QTest::newRow("M/M/1/10 rho=1.2") << 1.2 << 9;
}

void TestQueueing::blocking()
{
    QFETCH(double, rho);
    QFETCH(int, queueCapacity);
    const double serviceS = 0.010, lambda = rho / serviceS, seconds = 20000;
    const int k = queueCapacity + 1; // in the system: one in service, the rest waiting
    Station s;
    s.rateRps = lambda;
    s.queueCapacity = queueCapacity;
    const sim::RunResults r = runStation(s, seconds, 14);

    // M/M/1/K: P(block) = (1 - rho) rho^K / (1 - rho^(K+1)).
    const double pBlock = (1 - rho) * std::pow(rho, k) / (1 - std::pow(rho, k + 1));
    const BirthDeath bd(lambda, 1 / serviceS, 1, k);
    QVERIFY(std::abs(bd.probability(k) - pBlock) < 1e-12);
    const double arrivals = metric(r, "web", "arrivals");
    const double rejected = metric(r, "web", "rejected");
    // By PASTA the rejected fraction estimates the time fraction spent full; its error is that
    // of the time average plus the binomial thinning of the arrivals.
    const double var = bd.asymptoticVariance([k](int n) { return n == k ? 1.0 : 0.0; }) / seconds +
                       pBlock * (1 - pBlock) / arrivals;
    checkWithin("rejected fraction", rejected / arrivals, pBlock, 4 * std::sqrt(var));
    QCOMPARE(metric(r, "web", "errors"), rejected);
    QCOMPARE(static_cast<double>(r.summary.errors), rejected);
    checkMarkovStation(r, lambda, serviceS, 1, k, seconds);
}

void TestQueueing::maxConcurrency_data()
{
    QTest::addColumn<int>("cores");
    QTest::addColumn<int>("maxConcurrency");
    QTest::addColumn<double>("lambda");
    // Spare cores do not help when the slots are the limit: it behaves as M/M/slots.
    QTest::newRow("4 cores, 1 slot") << 4 << 1 << 80.0;
    QTest::newRow("4 cores, 2 slots") << 4 << 2 << 160.0;
    QTest::newRow("1 core, 3 slots") << 1 << 3 << 80.0;
}

void TestQueueing::maxConcurrency()
{
    QFETCH(int, cores);
    QFETCH(int, maxConcurrency);
    QFETCH(double, lambda);
    const double serviceS = 0.010, seconds = 30000;
    Station s;
    s.rateRps = lambda;
    s.cores = cores;
    s.maxConcurrency = maxConcurrency;
    const sim::RunResults r = runStation(s, seconds, 15);
    const int servers = std::min(cores, maxConcurrency);
    const BirthDeath bd(lambda, 1 / serviceS, servers, -1);
    auto present = [](int n) { return static_cast<double>(n); };
    auto waiting = [servers](int n) { return static_cast<double>(std::max(0, n - servers)); };
    const double seL = std::sqrt(bd.asymptoticVariance(present) / seconds);
    const double seLq = std::sqrt(bd.asymptoticVariance(waiting) / seconds);
    checkWithin("queue_length_mean (Lq)", metric(r, "web", "queue_length_mean"), bd.mean(waiting),
                4 * seLq);
    checkWithin("response_ms.mean (W)", metric(r, "web", "response_ms.mean"),
                bd.mean(present) / lambda * 1e3, 4 * seL / lambda * 1e3);
    // Utilisation is over all cores, busy or not.
    checkWithin("utilization", metric(r, "web", "utilization"), lambda * serviceS / cores,
                4 * std::sqrt(2 * lambda * serviceS * serviceS / seconds) / cores);
    QCOMPARE(metric(r, "web", "rejected"), 0.0);
}

namespace {

void checkLittle(const sim::RunResults &r, const std::string &id)
{
    const double l = metric(r, id, "concurrency_mean");
    const double lambdaW =
        metric(r, id, "throughput_rps") * metric(r, id, "response_ms.mean") / 1e3;
    qInfo("%-6s L = %.5f  lambda W = %.5f", id.c_str(), l, lambdaW);
    // Little's law holds on every sample path; what is left is the edge of the window (requests
    // inside at its start or end), a fraction of a per cent over these runs.
    QVERIFY2(l > 0 && std::abs(l - lambdaW) <= 0.005 * l, qPrintable(QString::fromStdString(id)));
}

} // namespace

void TestQueueing::littlesLawChain()
{
    auto factory = [](std::uint64_t seed) {
        auto e = std::make_unique<sim::Engine>(seed);
        sim::Client::Config cc;
        cc.rateRps = 300;
        cc.mix = {0, 0.9, 0.1, 0};
        cc.zipf = 0.8;
        const auto users = e->addComponent(std::make_unique<sim::Client>("users", cc));
        sim::WebServer::Config wc;
        wc.capacity = {2, 1, 0, -1};
        wc.service = sim::Distribution::exponential(2 * kNsPerMs);
        const auto web = e->addComponent(std::make_unique<sim::WebServer>("web", wc));
        sim::Cache::Config kc;
        kc.keys = 1000;
        kc.service = sim::Distribution::exponential(0.5 * kNsPerMs);
        const auto cache = e->addComponent(std::make_unique<sim::Cache>("cache", kc));
        sim::Database::Config dc;
        dc.capacity = {1, 4, 0, -1};
        dc.read = sim::Distribution::exponential(5 * kNsPerMs);
        dc.write = sim::Distribution::exponential(10 * kNsPerMs);
        const auto db = e->addComponent(std::make_unique<sim::Database>("db", dc));
        e->addLink(users, web, sim::fromMilliseconds(1));
        e->addLink(web, cache, sim::fromMilliseconds(0.5));
        e->addLink(web, db, sim::fromMilliseconds(1));
        e->setHorizon(sim::fromSeconds(20), sim::fromSeconds(2000));
        return e;
    };
    const sim::RunResults r = sim::runReplications(factory, 21, 1);
    for (const char *id : {"web", "cache", "db"})
        checkLittle(r, id);
    QCOMPARE(r.summary.errors, std::uint64_t{0});
}

void TestQueueing::littlesLawBehindBalancer()
{
    auto factory = [](std::uint64_t seed) {
        auto e = std::make_unique<sim::Engine>(seed);
        sim::Client::Config cc;
        cc.rateRps = 200;
        const auto users = e->addComponent(std::make_unique<sim::Client>("users", cc));
        sim::LoadBalancer::Config lc;
        lc.service = sim::Distribution::exponential(0.3 * kNsPerMs);
        const auto lb = e->addComponent(std::make_unique<sim::LoadBalancer>("lb", lc));
        sim::WebServer::Config wc;
        wc.capacity = {3, 1, 0, -1};
        wc.service = sim::Distribution::exponential(10 * kNsPerMs);
        const auto web = e->addComponent(std::make_unique<sim::WebServer>("web", wc));
        e->addLink(users, lb, sim::fromMilliseconds(1));
        e->addLink(lb, web, sim::fromMilliseconds(0.5));
        e->setHorizon(sim::fromSeconds(20), sim::fromSeconds(3000));
        return e;
    };
    const sim::RunResults r = sim::runReplications(factory, 22, 1);
    checkLittle(r, "lb");
    checkLittle(r, "web");
}

void TestQueueing::randomSplit()
{
    // A random split of a Poisson stream is two Poisson streams: each single-core server is an
    // M/M/1 at lambda/2.
    const double lambda = 160, serviceS = 0.010, seconds = 40000;
    auto factory = [&](std::uint64_t seed) {
        auto e = std::make_unique<sim::Engine>(seed);
        sim::Client::Config cc;
        cc.rateRps = lambda;
        const auto users = e->addComponent(std::make_unique<sim::Client>("users", cc));
        sim::LoadBalancer::Config lc;
        lc.algorithm = sim::LoadBalancer::Algorithm::Random;
        const auto lb = e->addComponent(std::make_unique<sim::LoadBalancer>("lb", lc));
        sim::WebServer::Config wc;
        wc.service = sim::Distribution::exponential(serviceS * 1e9);
        const auto a = e->addComponent(std::make_unique<sim::WebServer>("a", wc));
        const auto b = e->addComponent(std::make_unique<sim::WebServer>("b", wc));
        e->addLink(users, lb, 0);
        e->addLink(lb, a, 0);
        e->addLink(lb, b, 0);
        e->setHorizon(sim::fromSeconds(100), sim::fromSeconds(100 + seconds));
        return e;
    };
    const sim::RunResults r = sim::runReplications(factory, 23, 1);
    const double na = metric(r, "a", "arrivals"), nb = metric(r, "b", "arrivals");
    const double n = na + nb;
    checkWithin("share of a", na / n, 0.5, 4 * std::sqrt(0.25 / n));
    const double half = lambda / 2;
    for (const char *id : {"a", "b"}) {
        const BirthDeath bd(half, 1 / serviceS, 1, -1);
        const double seL =
            std::sqrt(bd.asymptoticVariance([](int k) { return double(k); }) / seconds);
        checkWithin(id, metric(r, id, "response_ms.mean"), 1e3 / (1 / serviceS - half),
                    4 * seL / half * 1e3);
    }
}

QTEST_GUILESS_MAIN(TestQueueing)
#include "tst_queueing.moc"
