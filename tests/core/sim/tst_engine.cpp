// The engine's machinery: the future event set, determinism and random streams, the Zipf sampler,
// the statistics, warm-up removal, replications, and the ways of running (paced, step by step).

#include "sim_test_support.h"

#include "sim/cache.h"
#include "sim/client.h"
#include "sim/database.h"
#include "sim/future_event_set.h"
#include "sim/load_balancer.h"
#include "sim/random_stream.h"
#include "sim/simulation.h"
#include "sim/statistics.h"
#include "sim/web_server.h"
#include "sim/zipf_sampler.h"

#include <QtTest>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <thread>

namespace sim = scalelab::sim;
using namespace scalelab::testing;

namespace {

// A small but complete system: every mechanism draws random numbers somewhere.
std::unique_ptr<sim::Engine> buildSystem(std::uint64_t seed, double seconds = 60)
{
    auto e = std::make_unique<sim::Engine>(seed);
    sim::Client::Config cc;
    cc.rateRps = 400;
    cc.mix = {0, 0.8, 0.15, 0.05};
    cc.zipf = 0.9;
    const auto users = e->addComponent(std::make_unique<sim::Client>("users", cc));
    sim::LoadBalancer::Config lc;
    lc.algorithm = sim::LoadBalancer::Algorithm::Random;
    const auto lb = e->addComponent(std::make_unique<sim::LoadBalancer>("lb", lc));
    sim::WebServer::Config wc;
    wc.capacity = {2, 2, 0, -1};
    wc.service = sim::Distribution::exponential(3 * kNsPerMs);
    wc.job = sim::Distribution::exponential(20 * kNsPerMs);
    const auto web = e->addComponent(std::make_unique<sim::WebServer>("web", wc));
    sim::Cache::Config kc;
    kc.keys = 300;
    kc.eviction = sim::KeyStore::Eviction::Random;
    kc.service = sim::Distribution::exponential(0.2 * kNsPerMs);
    const auto cache = e->addComponent(std::make_unique<sim::Cache>("cache", kc));
    sim::Database::Config dc;
    dc.read = sim::Distribution::exponential(4 * kNsPerMs);
    dc.write = sim::Distribution::exponential(8 * kNsPerMs);
    const auto db = e->addComponent(std::make_unique<sim::Database>("db", dc));
    e->addLink(users, lb, sim::fromMilliseconds(1));
    e->addLink(lb, web, 0);
    e->addLink(web, cache, sim::fromMilliseconds(0.3));
    e->addLink(web, db, sim::fromMilliseconds(0.5));
    e->setHorizon(sim::fromSeconds(seconds / 10), sim::fromSeconds(seconds));
    return e;
}

std::unique_ptr<sim::Engine> buildMm1(std::uint64_t seed, double lambda, double seconds,
                                      double warmup)
{
    auto e = std::make_unique<sim::Engine>(seed);
    sim::Client::Config cc;
    cc.rateRps = lambda;
    const auto users = e->addComponent(std::make_unique<sim::Client>("users", cc));
    sim::WebServer::Config wc;
    wc.service = sim::Distribution::exponential(10 * kNsPerMs);
    const auto web = e->addComponent(std::make_unique<sim::WebServer>("web", wc));
    e->addLink(users, web, 0);
    e->setHorizon(sim::fromSeconds(warmup), sim::fromSeconds(seconds));
    return e;
}

bool sameMetrics(const sim::RunResults &a, const sim::RunResults &b)
{
    if (a.components.size() != b.components.size() || a.events != b.events)
        return false;
    for (std::size_t i = 0; i < a.components.size(); ++i) {
        const auto &x = a.components[i].metrics.items();
        const auto &y = b.components[i].metrics.items();
        if (x.size() != y.size())
            return false;
        for (std::size_t k = 0; k < x.size(); ++k)
            if (x[k].path != y[k].path || x[k].value != y[k].value) // doubles compared exactly
                return false;
    }
    return a.summary.latencyMs.mean == b.summary.latencyMs.mean &&
           a.summary.latencyMs.p99 == b.summary.latencyMs.p99 &&
           a.summary.latencyMs.ci95 == b.summary.latencyMs.ci95 &&
           a.summary.completed == b.summary.completed;
}

class EventRecorder : public sim::Observer {
public:
    void onEvent(const sim::Event &e) override { events.push_back(e); }
    std::vector<sim::Event> events;
};

} // namespace

class TestEngine : public QObject {
    Q_OBJECT

private slots:
    void futureEventSetOrder();
    void futureEventSetFifoAfterHeap();
    void futureEventSetRandomised();
    void determinism();
    void replicationsIndependentOfThreads();
    void randomStreamsByName();
    void commonRandomNumbers();
    void zipfExactProbabilities_data();
    void zipfExactProbabilities();
    void zipfTenMillionKeys();
    void histogramQuantiles();
    void tallyTimeWeightedBatchMeans();
    void warmupRemoval();
    void replicationsCoverTheory();
    void stopHaltsARun();
    void stepping();
};

void TestEngine::futureEventSetOrder()
{
    sim::FutureEventSet fes;
    QVERIFY(fes.empty());
    std::uint64_t seq = 0;
    const sim::Time times[] = {50, 10, 30, 10, 70, 30, 10, 5, 90, 50};
    for (const sim::Time t : times)
        fes.push({t, seq++, 0, 0, 0, 0}, 0);
    QCOMPARE(fes.size(), std::size_t{10});
    sim::Event previous{-1, 0, 0, 0, 0, 0};
    while (!fes.empty()) {
        const sim::Time peek = fes.peekTime();
        const sim::Event e = fes.pop();
        QCOMPARE(e.time, peek);
        QVERIFY(e.time > previous.time ||
                (e.time == previous.time && e.sequence > previous.sequence));
        previous = e;
    }
}

void TestEngine::futureEventSetFifoAfterHeap()
{
    // At t = 0 three events are scheduled for t = 5: they go to the heap. At t = 5 two more are
    // scheduled for the same instant: they go to the FIFO and must leave after the heap's three,
    // yet before anything later.
    sim::FutureEventSet fes;
    fes.push({5, 0, 0, 0, 0, 0}, 0);
    fes.push({7, 1, 0, 0, 0, 0}, 0);
    fes.push({5, 2, 0, 0, 0, 0}, 0);
    fes.push({5, 3, 0, 0, 0, 0}, 0);
    sim::Event e = fes.pop();
    QCOMPARE(e.sequence, std::uint64_t{0});
    const sim::Time now = e.time;
    fes.push({5, 4, 0, 0, 0, 0}, now); // FIFO
    fes.push({5, 5, 0, 0, 0, 0}, now); // FIFO
    QCOMPARE(fes.peekTime(), sim::Time{5});
    for (const std::uint64_t expected : {2, 3}) {
        e = fes.pop();
        QCOMPARE(e.sequence, expected);
    }
    fes.push({5, 6, 0, 0, 0, 0}, now); // FIFO while the FIFO is being drained
    fes.push({6, 7, 0, 0, 0, 0}, now); // heap
    for (const std::uint64_t expected : {4, 5, 6, 7, 1}) {
        e = fes.pop();
        QCOMPARE(e.sequence, expected);
    }
    QVERIFY(fes.empty());
}

void TestEngine::futureEventSetRandomised()
{
    // Drive the set as the engine does, with many zero delays, and check the order exactly.
    sim::RandomStream rng(9, "fes");
    sim::FutureEventSet fes;
    std::uint64_t seq = 0;
    sim::Time now = 0;
    for (int i = 0; i < 100; ++i)
        fes.push({static_cast<sim::Time>(rng.below(50)), seq++, 0, 0, 0, 0}, now);
    sim::Event previous{-1, 0, 0, 0, 0, 0};
    std::uint64_t popped = 0;
    while (!fes.empty() && popped < 300000) {
        const sim::Event e = fes.pop();
        ++popped;
        if (!(e.time > previous.time ||
              (e.time == previous.time && e.sequence > previous.sequence)))
            QFAIL(qPrintable(QStringLiteral("out of order at pop %1").arg(popped)));
        previous = e;
        now = e.time;
        const int children = seq < 200000 ? static_cast<int>(rng.below(3)) : 0;
        for (int c = 0; c < children; ++c) {
            const std::uint64_t r = rng.below(4);
            const sim::Time delay = r < 2 ? 0 : static_cast<sim::Time>(rng.below(20));
            fes.push({now + delay, seq++, 0, 0, 0, 0}, now);
        }
    }
    QVERIFY(fes.empty());
    QCOMPARE(popped, seq);
}

void TestEngine::determinism()
{
    const sim::RunResults a =
        sim::runReplications([](std::uint64_t s) { return buildSystem(s); }, 77, 1);
    const sim::RunResults b =
        sim::runReplications([](std::uint64_t s) { return buildSystem(s); }, 77, 1);
    const sim::RunResults c =
        sim::runReplications([](std::uint64_t s) { return buildSystem(s); }, 78, 1);
    QVERIFY(a.summary.completed > 10000);
    QVERIFY(sameMetrics(a, b));
    QVERIFY(!sameMetrics(a, c));
    QVERIFY(metric(a, "cache", "hits") != metric(c, "cache", "hits"));
    QVERIFY(a.summary.latencyMs.mean != c.summary.latencyMs.mean);
}

void TestEngine::replicationsIndependentOfThreads()
{
    auto factory = [](std::uint64_t s) { return buildSystem(s, 20); };
    const sim::RunResults one = sim::runReplications(factory, 5, 3, nullptr, 1);
    const sim::RunResults two = sim::runReplications(factory, 5, 3, nullptr, 2);
    QCOMPARE(one.replications, 3);
    QVERIFY(sameMetrics(one, two));
    // The first replication uses the seed itself: one replication is a plain run.
    QCOMPARE(sim::replicationSeed(5, 0), std::uint64_t{5});
    QVERIFY(sim::replicationSeed(5, 1) != sim::replicationSeed(5, 2));
    auto plain = factory(5);
    plain->run();
    const sim::RunResults direct = sim::collectResults(*plain, {});
    const sim::RunResults single = sim::runReplications(factory, 5, 1);
    QVERIFY(sameMetrics(direct, single));
}

void TestEngine::randomStreamsByName()
{
    sim::RandomStream a1(1, "web"), a2(1, "web"), b(1, "cache"), c(2, "web");
    bool allEqual = true, anyEqualB = false, anyEqualC = false;
    for (int i = 0; i < 1000; ++i) {
        const std::uint64_t x = a1.next();
        allEqual = allEqual && x == a2.next();
        anyEqualB = anyEqualB || x == b.next();
        anyEqualC = anyEqualC || x == c.next();
    }
    QVERIFY(allEqual);
    QVERIFY(!anyEqualB);
    QVERIFY(!anyEqualC);
    // Streams of neighbouring names are uncorrelated: |r| well inside 4/sqrt(n).
    constexpr int n = 200000;
    sim::RandomStream u(1, "web1"), v(1, "web2");
    double su = 0, sv = 0, suu = 0, svv = 0, suv = 0;
    for (int i = 0; i < n; ++i) {
        const double x = u.uniform(), y = v.uniform();
        QVERIFY(x >= 0 && x < 1);
        su += x;
        sv += y;
        suu += x * x;
        svv += y * y;
        suv += x * y;
    }
    const double cov = suv / n - su / n * sv / n;
    const double r = cov / std::sqrt((suu / n - su * su / n / n) * (svv / n - sv * sv / n / n));
    QVERIFY2(std::abs(r) < 4 / std::sqrt(double(n)), qPrintable(QString::number(r)));
    QVERIFY(std::abs(su / n - 0.5) < 4 * std::sqrt(1.0 / 12 / n));
    // below(n) is unbiased: a chi-square over 7 cells (6 degrees of freedom, 0.1 % point 22.46).
    std::array<int, 7> cells{};
    for (int i = 0; i < 70000; ++i)
        ++cells[static_cast<std::size_t>(u.below(7))];
    double chi2 = 0;
    for (const int k : cells)
        chi2 += (k - 10000.0) * (k - 10000.0) / 10000.0;
    QVERIFY2(chi2 < 22.46, qPrintable(QString::number(chi2)));
}

void TestEngine::commonRandomNumbers()
{
    // Adding a component leaves the others' draws alone: the same client sees the same arrivals.
    auto build = [](bool extra) {
        auto e = std::make_unique<sim::Engine>(3);
        sim::Client::Config cc;
        cc.rateRps = 100;
        if (extra)
            e->addComponent(std::make_unique<sim::Client>("others", cc));
        e->addComponent(std::make_unique<sim::Client>("users", cc));
        e->setHorizon(0, sim::fromSeconds(100));
        e->run();
        return sim::collectResults(*e, {});
    };
    const sim::RunResults alone = build(false), together = build(true);
    QCOMPARE(metric(alone, "users", "requests"), metric(together, "users", "requests"));
    QVERIFY(metric(together, "others", "requests") != metric(together, "users", "requests"));
}

void TestEngine::zipfExactProbabilities_data()
{
    QTest::addColumn<double>("s");
    QTest::newRow("s=0 (uniform)") << 0.0;
    QTest::newRow("s=0.8") << 0.8;
    QTest::newRow("s=1.2") << 1.2;
}

void TestEngine::zipfExactProbabilities()
{
    QFETCH(double, s);
    constexpr int n = 50;
    constexpr int draws = 1000000;
    const sim::ZipfSampler zipf(n, s);
    QCOMPARE(zipf.size(), std::uint64_t{n});
    sim::RandomStream rng(17, "zipf");
    std::vector<double> counts(n, 0);
    for (int i = 0; i < draws; ++i) {
        const std::uint64_t k = zipf.sample(rng);
        QVERIFY(k >= 1 && k <= n);
        ++counts[k - 1];
    }
    double h = 0;
    for (int k = 1; k <= n; ++k)
        h += std::pow(k, -s);
    double chi2 = 0;
    for (int k = 1; k <= n; ++k) {
        const double expected = draws * std::pow(k, -s) / h;
        chi2 += (counts[static_cast<std::size_t>(k) - 1] - expected) *
                (counts[static_cast<std::size_t>(k) - 1] - expected) / expected;
    }
    // 49 degrees of freedom: the 0.1 % point of chi-square is 85.35. A sampler off by a single
    // per cent on the head would score in the hundreds with a million draws.
    qInfo("chi-square %.2f (49 degrees of freedom)", chi2);
    QVERIFY(chi2 < 85.35);
}

void TestEngine::zipfTenMillionKeys()
{
    // No table: the sampler is a handful of doubles whatever n is, and it samples at once.
    static_assert(sizeof(sim::ZipfSampler) <= 64);
    constexpr std::uint64_t n = 10'000'000;
    const auto built = std::chrono::steady_clock::now();
    const sim::ZipfSampler zipf(n, 0.99);
    sim::RandomStream rng(4, "big");
    constexpr int draws = 2000000;
    std::uint64_t ones = 0, twos = 0, tail = 0;
    for (int i = 0; i < draws; ++i) {
        const std::uint64_t k = zipf.sample(rng);
        QVERIFY(k >= 1 && k <= n);
        ones += k == 1;
        twos += k == 2;
        tail += k > n / 2;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - built).count();
    QVERIFY2(seconds < 2, qPrintable(QString::number(seconds)));
    double h = 0, upper = 0;
    for (std::uint64_t k = 1; k <= n; ++k) {
        const double w = std::pow(static_cast<double>(k), -0.99);
        h += w;
        if (k > n / 2)
            upper += w;
    }
    auto check = [&](double observed, double p) {
        const double se = std::sqrt(p * (1 - p) / draws);
        QVERIFY2(std::abs(observed / draws - p) < 4 * se,
                 qPrintable(QStringLiteral("%1 vs %2").arg(observed / draws).arg(p)));
    };
    check(static_cast<double>(ones), 1 / h);
    check(static_cast<double>(twos), std::pow(2, -0.99) / h);
    check(static_cast<double>(tail), upper / h);
}

void TestEngine::histogramQuantiles()
{
    sim::RandomStream rng(8, "histogram");
    sim::LatencyHistogram h;
    std::vector<sim::Time> values;
    for (int i = 0; i < 200000; ++i) {
        // Log-uniform over nine decades, 1 ns to 1 s, so every octave of buckets is exercised.
        const auto v = static_cast<sim::Time>(std::exp(rng.uniform() * std::log(1e9)));
        values.push_back(v);
        h.record(v);
    }
    std::sort(values.begin(), values.end());
    QCOMPARE(h.count(), std::uint64_t{values.size()});
    QCOMPARE(h.max(), values.back());
    double sum = 0;
    for (const sim::Time v : values)
        sum += static_cast<double>(v);
    QVERIFY(std::abs(h.mean() - sum / values.size()) <= 1e-9 * h.mean());
    for (const double q : {0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 0.9999, 1.0}) {
        const auto rank = static_cast<std::size_t>(std::ceil(q * values.size()));
        const double exact = static_cast<double>(values[std::max<std::size_t>(rank, 1) - 1]);
        const double estimate = static_cast<double>(h.quantile(q));
        QVERIFY2(std::abs(estimate - exact) <= 0.01 * exact,
                 qPrintable(QStringLiteral("q %1: %2 vs %3").arg(q).arg(estimate).arg(exact)));
    }
    // Below 256 ns the buckets are exact.
    sim::LatencyHistogram small;
    for (sim::Time v = 0; v < 256; ++v)
        small.record(v);
    QCOMPARE(small.quantile(0.5), sim::Time{127});
    QCOMPARE(small.quantile(1.0), sim::Time{255});
    // Merging is adding.
    sim::LatencyHistogram a, b;
    for (std::size_t i = 0; i < values.size(); ++i)
        (i % 2 ? a : b).record(values[i]);
    a.merge(b);
    QCOMPARE(a.count(), h.count());
    QCOMPARE(a.quantile(0.99), h.quantile(0.99));
    QCOMPARE(a.max(), h.max());
    a.reset();
    QCOMPARE(a.count(), std::uint64_t{0});
    QCOMPARE(a.quantile(0.5), sim::Time{0});
}

void TestEngine::tallyTimeWeightedBatchMeans()
{
    // Tally: Welford against the two-pass formulas, and a merge equals one tally of everything.
    sim::RandomStream rng(2, "tally");
    std::vector<double> xs;
    sim::Tally all, left, right;
    for (int i = 0; i < 1001; ++i) {
        const double x = 1e6 + rng.exponential(5); // a large offset tests the numerics
        xs.push_back(x);
        all.add(x);
        (i < 300 ? left : right).add(x);
    }
    double mean = 0;
    for (const double x : xs)
        mean += x / xs.size();
    double var = 0;
    for (const double x : xs)
        var += (x - mean) * (x - mean) / (xs.size() - 1);
    QVERIFY(std::abs(all.mean() - mean) < 1e-6);
    QVERIFY(std::abs(all.variance() / var - 1) < 1e-6);
    left.merge(right);
    QCOMPARE(left.count(), all.count());
    QVERIFY(std::abs(left.mean() - mean) < 1e-6);
    QVERIFY(std::abs(left.variance() / var - 1) < 1e-6);

    // TimeWeighted: 2 for 10 ns, 5 for 30 ns, 0 for 60 ns -> (20 + 150) / 100.
    sim::TimeWeighted tw;
    tw.set(0, 2);
    tw.set(10, 5);
    tw.add(40, -5);
    QCOMPARE(tw.mean(100), 1.7);
    // A reset forgets the past and keeps the level; then 3 for 50 ns after 0 for 50 ns.
    tw.set(100, 3);
    tw.reset(100);
    QCOMPARE(tw.mean(150), 3.0);
    tw.set(150, 0);
    QCOMPARE(tw.mean(200), 1.5);
    sim::TimeWeighted other; // another replication: 1 for 100 ns
    other.set(0, 1);
    tw.merge(other, 100);
    QCOMPARE(tw.mean(200), (150.0 + 100.0) / 200.0);

    // BatchMeans: twenty batches of 10 ns, batch b holding the value b.
    sim::BatchMeans bm;
    bm.start(0, 200);
    for (int b = 0; b < sim::BatchMeans::kBatches; ++b) {
        bm.add(b * 10, b);
        bm.add(b * 10 + 9, b);
    }
    const std::vector<double> averages = bm.batchAverages();
    QCOMPARE(averages.size(), std::size_t{20});
    for (int b = 0; b < 20; ++b)
        QCOMPARE(averages[static_cast<std::size_t>(b)], double(b));
    // The values 0..19: sd = sqrt(35), t(19) = 2.093.
    QVERIFY(std::abs(bm.halfWidth95() - 2.093 * std::sqrt(35.0 / 20)) < 1e-9);
    QCOMPARE(sim::studentT975(1), 12.706);
    QCOMPARE(sim::studentT975(30), 2.042);
    QCOMPARE(sim::halfWidth95({4.0}), 0.0);
}

void TestEngine::warmupRemoval()
{
    // M/M/1 at rho = 0.5 with a spike (rho = 1.5 for two seconds) before the warm-up ends: the
    // backlog (about 100 requests) is gone within seconds, so nothing of it may show. The same
    // spike after the warm-up shows plainly.
    const double lambda = 50, seconds = 400, warmup = 30;
    auto run = [&](double spikeAt) {
        auto e = buildMm1(19, lambda, warmup + seconds, warmup);
        sim::ScenarioAction spike;
        spike.type = sim::ScenarioAction::Type::Spike;
        spike.at = sim::fromSeconds(spikeAt);
        spike.factor = 3;
        spike.duration = sim::fromSeconds(2);
        spike.target = 0;
        e->addAction(spike);
        e->run();
        return sim::collectResults(*e, {});
    };
    const sim::RunResults before = run(10), after = run(100);
    // requests in the window: Poisson(lambda T) without the spike.
    const double n = lambda * seconds;
    QVERIFY(std::abs(metric(before, "users", "requests") - n) < 4 * std::sqrt(n));
    QVERIFY(metric(after, "users", "requests") - n > 80); // 2 s at +100 rps
    QVERIFY(std::abs(metric(before, "web", "arrivals") - n) < 4 * std::sqrt(n));
    // W = 1 / (mu - lambda) = 20 ms; M/M/1 sigma^2_L = 2 rho (1 + rho) / (mu (1 - rho)^4).
    const double seW = std::sqrt(2 * 0.5 * 1.5 / (100 * std::pow(0.5, 4)) / seconds) / lambda;
    const double w = before.summary.latencyMs.mean;
    qInfo("mean latency: spike in the warm-up %.2f ms, after it %.2f ms (theory 20 +- %.2f)", w,
          after.summary.latencyMs.mean, 4 * seW * 1e3);
    QVERIFY(std::abs(w - 20) < 4 * seW * 1e3);
    QVERIFY(after.summary.latencyMs.mean > 20 + 4 * seW * 1e3);
    QVERIFY(std::abs(metric(before, "web", "utilization") - 0.5) <
            4 * std::sqrt(2 * 0.5 * 0.01 / seconds));
}

void TestEngine::replicationsCoverTheory()
{
    // Four independent replications of M/M/1 at rho = 0.8: the 95 % interval of the mean
    // latency (Student's t over the replication means) covers W = 50 ms.
    auto factory = [](std::uint64_t s) { return buildMm1(s, 80, 2100, 100); };
    const sim::RunResults r = sim::runReplications(factory, 2024, 4);
    QCOMPARE(r.replications, 4);
    const double mean = r.summary.latencyMs.mean, ci = r.summary.latencyMs.ci95;
    qInfo("4 replications: %.3f +- %.3f ms (theory 50)", mean, ci);
    QVERIFY(ci > 0 && ci < 5);
    QVERIFY(std::abs(mean - 50) <= ci);

    // The merge adds the replications up: arrivals sum, utilisation is the pooled average.
    double arrivals = 0, busy = 0, observed = 0;
    std::vector<double> means;
    for (int k = 0; k < 4; ++k) {
        auto e = factory(sim::replicationSeed(2024, k));
        e->run();
        const sim::RunResults one = sim::collectResults(*e, {});
        arrivals += metric(one, "web", "arrivals");
        busy += metric(one, "web", "utilization") * 2000;
        observed += 2000;
        means.push_back(one.summary.latencyMs.mean);
    }
    QCOMPARE(metric(r, "web", "arrivals"), arrivals);
    QVERIFY(std::abs(metric(r, "web", "utilization") - busy / observed) < 1e-9);
    QVERIFY(std::abs(ci - sim::halfWidth95(means)) < 1e-6);
}

void TestEngine::stopHaltsARun()
{
    // A run of months takes minutes; stop() from another thread ends it at once.
    auto e = buildMm1(1, 80, 1e7, 1);
    std::thread runner([&] { e->run(); });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto t0 = std::chrono::steady_clock::now();
    e->stop();
    runner.join();
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    QVERIFY(wall < 1);
    QVERIFY(e->now() < e->end());
    QVERIFY(!e->finished());
    // stop() holds until cleared; then the run can go on.
    const std::uint64_t events = e->eventsProcessed();
    e->runUntil(e->now() + sim::fromSeconds(1));
    QCOMPARE(e->eventsProcessed(), events);
    e->clearStop();
    const sim::Time later = e->now() + sim::fromSeconds(20);
    e->runUntil(later);
    QCOMPARE(e->now(), later);
    QVERIFY(e->eventsProcessed() > events);
}

void TestEngine::stepping()
{
    auto e = buildMm1(6, 80, 1, 0);
    EventRecorder recorder;
    e->setObserver(&recorder, true);
    for (std::uint64_t i = 1; i <= 50; ++i) {
        QVERIFY(e->step());
        QCOMPARE(e->eventsProcessed(), i);
        QCOMPARE(recorder.events.size(), std::size_t(i));
        QCOMPARE(e->now(), recorder.events.back().time);
    }
    const std::uint32_t web = 1;
    for (int i = 0; i < 20; ++i) {
        const std::size_t seen = recorder.events.size();
        QVERIFY(e->stepUntilComponent(web));
        QVERIFY(recorder.events.size() > seen);
        QCOMPARE(recorder.events.back().target, web); // it stops right after the web's event
        for (std::size_t k = seen; k + 1 < recorder.events.size(); ++k)
            QVERIFY(recorder.events[k].target != web);
    }
    // Events come in time order, and none after the end.
    while (e->step()) {
    }
    QVERIFY(!e->step());
    QVERIFY(e->finished());
    for (std::size_t k = 1; k < recorder.events.size(); ++k)
        QVERIFY(recorder.events[k].time >= recorder.events[k - 1].time);
    QVERIFY(recorder.events.back().time <= e->end());
    QVERIFY(!e->stepUntilComponent(web));
    QCOMPARE(e->now(), e->end());

    // A run taken step by step ends exactly as a plain run: same events, same figures.
    auto stepped = buildMm1(6, 80, 30, 3);
    while (stepped->step()) {
    }
    auto plain = buildMm1(6, 80, 30, 3);
    plain->run();
    QCOMPARE(stepped->eventsProcessed(), plain->eventsProcessed());
    QVERIFY(sameMetrics(sim::collectResults(*stepped, {}), sim::collectResults(*plain, {})));
}

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
