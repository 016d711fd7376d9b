// Caches: the KeyStore's eviction policies and TTL, the KeyIndex hash table, hit ratios of whole
// engines against Che's approximation (LRU) and the FIFO approximation of Martina, Garetto and
// Leonardi (FIFO, random), and cache-aside as the web server practises it.

#include "sim_test_support.h"

#include "sim/cache.h"
#include "sim/client.h"
#include "sim/database.h"
#include "sim/key_store.h"
#include "sim/simulation.h"
#include "sim/web_server.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <random>
#include <unordered_map>

namespace sim = scalelab::sim;
using namespace scalelab::testing;

Q_DECLARE_METATYPE(sim::KeyStore::Eviction)

namespace {

std::vector<double> zipfLaw(int n, double s)
{
    std::vector<double> p(static_cast<std::size_t>(n));
    double h = 0;
    for (int k = 1; k <= n; ++k)
        h += p[static_cast<std::size_t>(k) - 1] = std::pow(k, -s);
    for (double &x : p)
        x /= h;
    return p;
}

// Solves g(T) = target for an increasing g by bisection.
template <typename G> double solveIncreasing(G g, double target)
{
    double lo = 0, hi = 1;
    while (g(hi) < target)
        hi *= 2;
    for (int i = 0; i < 200; ++i) {
        const double mid = (lo + hi) / 2;
        (g(mid) < target ? lo : hi) = mid;
    }
    return (lo + hi) / 2;
}

// Che, Tung and Wang: LRU under independent references.
double cheLru(const std::vector<double> &p, double capacity)
{
    const double t = solveIncreasing(
        [&](double x) {
            double s = 0;
            for (const double pi : p)
                s += 1 - std::exp(-pi * x);
            return s;
        },
        capacity);
    double hit = 0;
    for (const double pi : p)
        hit += pi * (1 - std::exp(-pi * t));
    return hit;
}

// Martina, Garetto and Leonardi: FIFO (and random replacement, which has the same hit ratio).
double fifoApproximation(const std::vector<double> &p, double capacity)
{
    const double t = solveIncreasing(
        [&](double x) {
            double s = 0;
            for (const double pi : p)
                s += pi * x / (1 + pi * x);
            return s;
        },
        capacity);
    double hit = 0;
    for (const double pi : p)
        hit += pi * pi * t / (1 + pi * t);
    return hit;
}

// A client that sends exactly the requests it is told to, when it is told to.
class Driver : public sim::Component {
public:
    struct Shot {
        sim::Time at;
        sim::RequestKind kind;
        std::uint64_t key;
    };
    explicit Driver(std::vector<Shot> shots) : Component("driver", "driver"), m_shots(shots) {}

    void start(sim::Engine &engine) override
    {
        for (std::uint32_t i = 0; i < m_shots.size(); ++i)
            engine.schedule(m_shots[i].at, index(), sim::kFirstPrivate, 0, i);
    }
    void handle(sim::Engine &engine, const sim::Event &event) override
    {
        if (event.kind == sim::kFirstPrivate) {
            const std::uint32_t id = engine.requests().acquire();
            sim::Request &r = engine.requests()[id];
            r.kind = m_shots[event.aux].kind;
            r.key = m_shots[event.aux].key;
            r.operation = sim::Operation::Serve;
            r.depth = 1;
            r.frames[0] = sim::Frame{};
            r.frames[0].component = index();
            r.frames[0].arrivedAt = engine.now();
            engine.send(id, outLinks().front());
        } else if (event.kind == sim::kReply) {
            replies.push_back(event.aux);
            engine.requests().release(event.request);
        }
    }
    void resetStatistics(sim::Time) override {}
    void merge(const Component &, sim::Time) override {}
    void report(sim::Time, sim::Metrics &) const override {}
    double utilization(sim::Time) const override { return -1; }

    std::vector<std::uint32_t> replies;

private:
    std::vector<Shot> m_shots;
};

struct CacheAside {
    std::unique_ptr<sim::Engine> engine;
    sim::Cache *cache = nullptr;
    sim::Database *db = nullptr;
};

// web -> cache and web -> database; every step instantaneous unless a time is given.
CacheAside buildCacheAside(std::uint64_t seed, std::unique_ptr<sim::Component> users,
                           const sim::Cache::Config &kc, sim::Time dbTime = 0)
{
    CacheAside out;
    out.engine = std::make_unique<sim::Engine>(seed);
    sim::Engine &e = *out.engine;
    const auto u = e.addComponent(std::move(users));
    sim::WebServer::Config wc;
    wc.service = sim::Distribution::constant(0);
    wc.capacity.cores = 64;
    const auto web = e.addComponent(std::make_unique<sim::WebServer>("web", wc));
    auto cache = std::make_unique<sim::Cache>("cache", kc);
    out.cache = cache.get();
    const auto c = e.addComponent(std::move(cache));
    sim::Database::Config dc;
    dc.capacity.cores = 64;
    dc.read = sim::Distribution::constant(static_cast<double>(dbTime));
    dc.write = sim::Distribution::constant(static_cast<double>(dbTime));
    auto db = std::make_unique<sim::Database>("db", dc);
    out.db = db.get();
    const auto d = e.addComponent(std::move(db));
    e.addLink(u, web, 0);
    e.addLink(web, c, 0);
    e.addLink(web, d, 0);
    return out;
}

sim::Cache::Config cacheConfig(std::size_t keys, sim::KeyStore::Eviction eviction)
{
    sim::Cache::Config kc;
    kc.keys = keys;
    kc.eviction = eviction;
    kc.capacity.cores = 64;
    kc.service = sim::Distribution::constant(0);
    return kc;
}

} // namespace

class TestCache : public QObject {
    Q_OBJECT

private slots:
    void lruEvictsLeastRecentlyUsed();
    void fifoEvictsFirstInsertedEvenIfHit();
    void lfuEvictsLeastFrequentlyUsedThenLeastRecent();
    void randomEvictsAHeldKeyAndStaysFull();
    void ttlExpiresExactly();
    void eraseAndClear_data();
    void eraseAndClear();
    void keyIndexCollisions();
    void keyIndexAgainstReference();
    void hitRatioAgainstTheory_data();
    void hitRatioAgainstTheory();
    void readMissesReachTheDatabase();
    void writeDeletesTheKey();
    void flushEmptiesTheCache();
};

void TestCache::lruEvictsLeastRecentlyUsed()
{
    sim::RandomStream rng(1, "lru");
    sim::KeyStore s(3, sim::KeyStore::Eviction::Lru);
    QVERIFY(!s.put(1, 0, rng));
    QVERIFY(!s.put(2, 0, rng));
    QVERIFY(!s.put(3, 0, rng));
    QVERIFY(s.get(1, 0)); // 2 is now the least recently used
    QVERIFY(s.put(4, 0, rng));
    QVERIFY(!s.contains(2));
    QVERIFY(s.contains(1) && s.contains(3) && s.contains(4));
    QVERIFY(s.put(5, 0, rng)); // then 3
    QVERIFY(!s.contains(3));
    QVERIFY(!s.put(1, 0, rng)); // a refill of a held key refreshes it and evicts nothing
    QVERIFY(s.put(6, 0, rng));  // so 4 goes, not 1
    QVERIFY(!s.contains(4) && s.contains(1));
    QCOMPARE(s.size(), std::size_t{3});
    QVERIFY(!s.get(2, 0));
}

void TestCache::fifoEvictsFirstInsertedEvenIfHit()
{
    sim::RandomStream rng(1, "fifo");
    sim::KeyStore s(3, sim::KeyStore::Eviction::Fifo);
    s.put(1, 0, rng);
    s.put(2, 0, rng);
    s.put(3, 0, rng);
    QVERIFY(s.get(1, 0));
    QVERIFY(s.get(1, 0));
    QVERIFY(s.put(4, 0, rng));
    QVERIFY(!s.contains(1));    // first in, first out, however popular
    QVERIFY(!s.put(2, 0, rng)); // a refill keeps its place in line
    QVERIFY(s.put(5, 0, rng));
    QVERIFY(!s.contains(2));
    QVERIFY(s.contains(3) && s.contains(4) && s.contains(5));
}

void TestCache::lfuEvictsLeastFrequentlyUsedThenLeastRecent()
{
    sim::RandomStream rng(1, "lfu");
    sim::KeyStore s(3, sim::KeyStore::Eviction::Lfu);
    s.put(1, 0, rng);
    s.put(2, 0, rng);
    s.put(3, 0, rng);
    QVERIFY(s.get(3, 0));
    QVERIFY(s.get(1, 0));
    QVERIFY(s.get(1, 0));
    QVERIFY(s.get(2, 0));
    // Uses: 1 -> 3, 2 -> 2, 3 -> 2; 3 was used before 2, so 3 goes.
    QVERIFY(s.put(4, 0, rng));
    QVERIFY(!s.contains(3));
    // 4 has one use: it goes next, although it is the newest.
    QVERIFY(s.put(5, 0, rng));
    QVERIFY(!s.contains(4));
    QVERIFY(s.contains(1) && s.contains(2) && s.contains(5));
    // Now 5 (one use) then 2 (two) then 1 (three).
    QVERIFY(s.put(6, 0, rng));
    QVERIFY(!s.contains(5));
    QVERIFY(s.get(6, 0));
    QVERIFY(s.get(6, 0)); // 6 -> 3 uses, newer than 1's last use
    QVERIFY(s.put(7, 0, rng));
    QVERIFY(!s.contains(2));
    QVERIFY(s.put(8, 0, rng));
    QVERIFY(!s.contains(7)); // one use
    QVERIFY(s.put(9, 0, rng));
    QVERIFY(!s.contains(8));
    QVERIFY(s.contains(1) && s.contains(6) && s.contains(9));
}

void TestCache::randomEvictsAHeldKeyAndStaysFull()
{
    sim::RandomStream rng(7, "random");
    constexpr std::size_t capacity = 10;
    sim::KeyStore s(capacity, sim::KeyStore::Eviction::Random);
    std::vector<int> evictedFirstTen(capacity, 0);
    for (int trial = 0; trial < 2000; ++trial) {
        s.clear();
        for (std::uint64_t k = 0; k < capacity; ++k)
            QVERIFY(!s.put(k, 0, rng));
        QVERIFY(s.put(100, 0, rng));
        QCOMPARE(s.size(), capacity);
        QVERIFY(s.contains(100));
        int missing = 0;
        for (std::uint64_t k = 0; k < capacity; ++k)
            if (!s.contains(k)) {
                ++missing;
                ++evictedFirstTen[k];
            }
        QCOMPARE(missing, 1);
    }
    // Every held key is as likely to go: each count is Binomial(2000, 1/10), mean 200, sd 13.4.
    for (const int count : evictedFirstTen)
        QVERIFY2(std::abs(count - 200) < 5 * 13.4, qPrintable(QString::number(count)));
    for (std::uint64_t k = 1000; k < 3000; ++k) {
        s.put(k, 0, rng);
        QCOMPARE(s.size(), capacity);
    }
}

void TestCache::ttlExpiresExactly()
{
    sim::RandomStream rng(1, "ttl");
    const sim::Time ttl = sim::fromSeconds(30);
    sim::KeyStore s(10, sim::KeyStore::Eviction::Lru, ttl);
    const sim::Time t0 = sim::fromSeconds(5);
    s.put(42, t0, rng);
    QVERIFY(s.get(42, t0 + ttl - 1));
    QVERIFY(!s.get(42, t0 + ttl)); // expired at exactly t0 + ttl, and dropped
    QVERIFY(!s.contains(42));
    QCOMPARE(s.size(), std::size_t{0});
    // A refill renews the time to live; a hit does not.
    s.put(7, 0, rng);
    s.put(7, ttl / 2, rng);
    QVERIFY(s.get(7, ttl + ttl / 2 - 1));
    QVERIFY(!s.get(7, ttl + ttl / 2));
    // Without a TTL nothing expires.
    sim::KeyStore noTtl(10, sim::KeyStore::Eviction::Lru);
    noTtl.put(1, 0, rng);
    QVERIFY(noTtl.get(1, sim::kNever - 1));
}

void TestCache::eraseAndClear_data()
{
    QTest::addColumn<sim::KeyStore::Eviction>("eviction");
    QTest::newRow("lru") << sim::KeyStore::Eviction::Lru;
    QTest::newRow("fifo") << sim::KeyStore::Eviction::Fifo;
    QTest::newRow("lfu") << sim::KeyStore::Eviction::Lfu;
    QTest::newRow("random") << sim::KeyStore::Eviction::Random;
}

void TestCache::eraseAndClear()
{
    QFETCH(sim::KeyStore::Eviction, eviction);
    sim::RandomStream rng(3, "erase");
    sim::KeyStore s(4, eviction);
    for (std::uint64_t k = 1; k <= 4; ++k)
        s.put(k, 0, rng);
    QVERIFY(s.erase(2));
    QVERIFY(!s.erase(2));
    QVERIFY(!s.contains(2));
    QCOMPARE(s.size(), std::size_t{3});
    QVERIFY(!s.put(5, 0, rng)); // the erased key's room is free again
    QCOMPARE(s.size(), std::size_t{4});
    QVERIFY(s.put(6, 0, rng));
    QCOMPARE(s.size(), std::size_t{4});
    s.clear();
    QCOMPARE(s.size(), std::size_t{0});
    for (std::uint64_t k = 1; k <= 6; ++k)
        QVERIFY(!s.contains(k));
    // Still a working store after a clear: fill, overflow, erase everything.
    for (std::uint64_t k = 10; k < 30; ++k)
        s.put(k, 0, rng);
    QCOMPARE(s.size(), std::size_t{4});
    int held = 0;
    for (std::uint64_t k = 10; k < 30; ++k)
        if (s.contains(k)) {
            QVERIFY(s.erase(k));
            ++held;
        }
    QCOMPARE(held, 4);
    QCOMPARE(s.size(), std::size_t{0});
}

namespace {

// The KeyIndex's hash, to build keys that share a home cell.
std::uint64_t mix(std::uint64_t key)
{
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdULL;
    key ^= key >> 33;
    return key;
}

} // namespace

void TestCache::keyIndexCollisions()
{
    // A table of 64 cells (it grows past 32 entries); fill it with keys all homed at the last
    // cell so their chain wraps around the end, then erase from the middle of the chain.
    sim::KeyIndex index(32);
    const std::size_t mask = 63;
    std::vector<std::uint64_t> keys;
    for (std::uint64_t k = 1; keys.size() < 20; ++k)
        if ((mix(k) & mask) == mask)
            keys.push_back(k);
    // And some neighbours homed at cells 0 and 1, inside the wrapped chain.
    std::vector<std::uint64_t> neighbours;
    for (std::uint64_t k = 1; neighbours.size() < 8; ++k)
        if ((mix(k) & mask) <= 1)
            neighbours.push_back(k);
    std::unordered_map<std::uint64_t, std::uint32_t> reference;
    std::uint32_t value = 0;
    for (const auto k : keys) {
        index.insert(k, value);
        reference[k] = value++;
    }
    for (const auto k : neighbours) {
        index.insert(k, value);
        reference[k] = value++;
    }
    auto agree = [&] {
        if (index.size() != reference.size())
            return false;
        for (const auto k : keys)
            if (index.find(k) != (reference.count(k) ? reference[k] : sim::KeyIndex::kAbsent))
                return false;
        for (const auto k : neighbours)
            if (index.find(k) != (reference.count(k) ? reference[k] : sim::KeyIndex::kAbsent))
                return false;
        return true;
    };
    QVERIFY(agree());
    for (std::size_t i = 0; i < keys.size(); i += 3) {
        index.erase(keys[i]);
        reference.erase(keys[i]);
        QVERIFY(agree());
    }
    for (std::size_t i = 0; i < neighbours.size(); i += 2) {
        index.erase(neighbours[i]);
        reference.erase(neighbours[i]);
        QVERIFY(agree());
    }
    index.assign(keys[1], 999);
    reference[keys[1]] = 999;
    QVERIFY(agree());
    index.clear();
    reference.clear();
    QVERIFY(agree());
}

void TestCache::keyIndexAgainstReference()
{
    // Random inserts, erases and assigns over a small universe keep the table crowded, with long
    // chains and many wrap-arounds; after every operation it must agree with std::unordered_map.
    std::mt19937_64 gen(12345);
    sim::KeyIndex index(4);
    std::unordered_map<std::uint64_t, std::uint32_t> reference;
    constexpr std::uint64_t universe = 300;
    for (int op = 0; op < 60000; ++op) {
        const std::uint64_t key = gen() % universe;
        const auto v = static_cast<std::uint32_t>(gen() % 1000000);
        const bool present = reference.count(key) != 0;
        const int what = static_cast<int>(gen() % 3);
        if (!present && what != 2) {
            index.insert(key, v);
            reference[key] = v;
        } else if (present && what == 0) {
            index.assign(key, v);
            reference[key] = v;
        } else if (present) {
            index.erase(key);
            reference.erase(key);
        }
        if (op % 7 == 0 || op > 59000) {
            for (std::uint64_t k = 0; k < universe; ++k) {
                const auto it = reference.find(k);
                const std::uint32_t expected =
                    it == reference.end() ? sim::KeyIndex::kAbsent : it->second;
                if (index.find(k) != expected)
                    QFAIL(qPrintable(QStringLiteral("key %1 after op %2").arg(k).arg(op)));
            }
        }
        QCOMPARE(index.size(), reference.size());
    }
}

void TestCache::hitRatioAgainstTheory_data()
{
    QTest::addColumn<sim::KeyStore::Eviction>("eviction");
    QTest::addColumn<int>("capacity");
    QTest::newRow("lru 100") << sim::KeyStore::Eviction::Lru << 100;
    QTest::newRow("lru 1000") << sim::KeyStore::Eviction::Lru << 1000;
    QTest::newRow("fifo 100") << sim::KeyStore::Eviction::Fifo << 100;
    QTest::newRow("fifo 1000") << sim::KeyStore::Eviction::Fifo << 1000;
    QTest::newRow("random 1000") << sim::KeyStore::Eviction::Random << 1000;
}

void TestCache::hitRatioAgainstTheory()
{
    QFETCH(sim::KeyStore::Eviction, eviction);
    QFETCH(int, capacity);
    constexpr int keys = 10000;
    constexpr double s = 0.8;
    sim::Client::Config cc;
    cc.rateRps = 1000;
    cc.keyCount = keys;
    cc.zipf = s;
    // Every step takes no time, so the cache sees exactly the independent reference stream.
    CacheAside a = buildCacheAside(31, std::make_unique<sim::Client>("users", cc),
                                   cacheConfig(static_cast<std::size_t>(capacity), eviction));
    a.engine->setHorizon(sim::fromSeconds(100), sim::fromSeconds(1100));
    a.engine->run();
    const double hits = static_cast<double>(a.cache->hits());
    const double lookups = hits + static_cast<double>(a.cache->misses());
    const double measured = hits / lookups;

    const std::vector<double> p = zipfLaw(keys, s);
    const double theory = eviction == sim::KeyStore::Eviction::Lru ? cheLru(p, capacity)
                                                                   : fifoApproximation(p, capacity);
    // Both approximations are within a few thousandths for Zipf popularity at these sizes (and
    // docs/model.md's example holds LRU to 0.005); the sampling error of a million lookups is
    // sqrt(h(1-h)/n) < 0.0005, so 0.005 is the approximation's own error, not slack.
    const double se = std::sqrt(measured * (1 - measured) / lookups);
    qInfo("hit ratio measured %.4f theory %.4f (lookups %.0f, se %.5f)", measured, theory, lookups,
          se);
    QVERIFY(std::abs(measured - theory) <= 0.005);
    QCOMPARE(a.cache->store().size(), static_cast<std::size_t>(capacity));
    // The figure docs/model.md's "Example models" gives for lru-zipf.json.
    if (capacity == 100 && eviction == sim::KeyStore::Eviction::Lru)
        QVERIFY(std::abs(theory - 0.1566) < 0.0005);
}

void TestCache::readMissesReachTheDatabase()
{
    sim::Client::Config cc;
    cc.rateRps = 500;
    cc.keyCount = 5000;
    cc.zipf = 1.0;
    CacheAside a = buildCacheAside(41, std::make_unique<sim::Client>("users", cc),
                                   cacheConfig(200, sim::KeyStore::Eviction::Lru));
    a.engine->setHorizon(0, sim::fromSeconds(200));
    a.engine->run();
    const sim::RunResults done = sim::collectResults(*a.engine, {});
    const double misses = metric(done, "cache", "misses");
    QVERIFY(misses > 1000);
    QCOMPARE(metric(done, "db", "arrivals"), misses);
    QCOMPARE(metric(done, "cache", "fills"), misses);
    QCOMPARE(metric(done, "cache", "hits") + misses, metric(done, "users", "completed"));
}

void TestCache::writeDeletesTheKey()
{
    using K = sim::RequestKind;
    const sim::Time ms = sim::kNanosecondsPerMillisecond;
    std::vector<Driver::Shot> shots = {
        {10 * ms, K::Read, 1},  // miss, fill
        {20 * ms, K::Read, 1},  // hit
        {30 * ms, K::Write, 1}, // database, then the key is deleted
        {40 * ms, K::Read, 1},  // miss again, fill
        {50 * ms, K::Read, 1},  // hit
        {60 * ms, K::Read, 2},  // miss
    };
    auto driver = std::make_unique<Driver>(shots);
    Driver *d = driver.get();
    CacheAside a =
        buildCacheAside(51, std::move(driver), cacheConfig(10, sim::KeyStore::Eviction::Lru), ms);
    a.engine->setHorizon(0, 100 * ms);

    a.engine->runUntil(25 * ms);
    QCOMPARE(a.cache->misses(), std::uint64_t{1});
    QCOMPARE(a.cache->hits(), std::uint64_t{1});
    QVERIFY(a.cache->store().contains(1));
    a.engine->runUntil(35 * ms);
    QVERIFY(!a.cache->store().contains(1));
    QCOMPARE(a.db->version(1), std::uint64_t{1});
    a.engine->run();
    QCOMPARE(a.cache->misses(), std::uint64_t{3});
    QCOMPARE(a.cache->hits(), std::uint64_t{2});
    QVERIFY(a.cache->store().contains(1) && a.cache->store().contains(2));
    const sim::RunResults r = sim::collectResults(*a.engine, {});
    QCOMPARE(metric(r, "db", "arrivals"), 4.0); // three read misses and one write
    QCOMPARE(metric(r, "cache", "deletes"), 1.0);
    QCOMPARE(metric(r, "cache", "fills"), 3.0);
    QCOMPARE(d->replies.size(), shots.size());
    for (const std::uint32_t flags : d->replies)
        QVERIFY(flags & sim::ReplyOk);
}

void TestCache::flushEmptiesTheCache()
{
    sim::Client::Config cc;
    cc.rateRps = 1000;
    cc.keyCount = 2000;
    cc.zipf = 0.9;
    CacheAside a = buildCacheAside(61, std::make_unique<sim::Client>("users", cc),
                                   cacheConfig(500, sim::KeyStore::Eviction::Lru));
    const sim::Time at = sim::fromSeconds(10);
    sim::ScenarioAction flush;
    flush.type = sim::ScenarioAction::Type::Flush;
    flush.at = at;
    flush.target = a.cache->index();
    a.engine->addAction(flush);
    a.engine->setHorizon(0, sim::fromSeconds(20));

    a.engine->runUntil(at - 1);
    QCOMPARE(a.cache->store().size(), std::size_t{500});
    const std::uint64_t missesBefore = a.cache->misses();
    const std::uint64_t hitsBefore = a.cache->hits();
    a.engine->runUntil(at);
    QCOMPARE(a.cache->store().size(), std::size_t{0});
    // The next lookups of the hottest keys miss: over the next 50 ms far more misses than the
    // warm cache's rate.
    a.engine->runUntil(at + sim::fromMilliseconds(50));
    const double lookups =
        static_cast<double>(a.cache->misses() - missesBefore + a.cache->hits() - hitsBefore);
    const double missRatio = static_cast<double>(a.cache->misses() - missesBefore) / lookups;
    const double warmMissRatio =
        static_cast<double>(missesBefore) / static_cast<double>(missesBefore + hitsBefore);
    qInfo("miss ratio warm %.3f, first 50 ms after the flush %.3f", warmMissRatio, missRatio);
    QVERIFY(missRatio > warmMissRatio + 0.2);
    a.engine->run();
    QCOMPARE(a.cache->store().size(), std::size_t{500});
}

QTEST_GUILESS_MAIN(TestCache)
#include "tst_cache.moc"
