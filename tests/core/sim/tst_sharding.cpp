// The shard router: each strategy's key-to-shard mapping (deterministic, balanced over uniform
// keys, what moves when a shard is added), the consistent-hash ring evening out as virtual nodes
// grow, and in the engine: range sharding's hot first shard, the hot shard a hot key makes under
// every strategy (and that uniform keys do not), routing by user, and a failed shard's errors.

#include "sim_test_support.h"

#include "sim/client.h"
#include "sim/database.h"
#include "sim/shard_router.h"
#include "sim/simulation.h"

#include <QtTest>

#include <algorithm>
#include <limits>
#include <map>
#include <numeric>

namespace sim = scalelab::sim;
using namespace scalelab::testing;
using Strategy = sim::ShardStrategy;

Q_DECLARE_METATYPE(Strategy)

namespace {

// Keys per shard when `keys` uniform keys 0 .. keys - 1 are mapped.
std::vector<double> spread(const sim::ShardMap &map, std::uint64_t keys)
{
    std::vector<double> counts(static_cast<std::size_t>(map.shards()), 0);
    for (std::uint64_t k = 0; k < keys; ++k)
        ++counts[static_cast<std::size_t>(map.shardOf(k))];
    return counts;
}

double maxOverMean(const std::vector<double> &counts)
{
    const double total = std::accumulate(counts.begin(), counts.end(), 0.0);
    return *std::max_element(counts.begin(), counts.end()) /
           (total / static_cast<double>(counts.size()));
}

struct Sharded {
    std::unique_ptr<sim::Engine> engine;
    sim::ShardRouter *router = nullptr;
};

// users -> router -> `shards` databases (8 cores, 1 ms reads: lightly loaded).
Sharded buildSharded(std::uint64_t seed, sim::ShardRouter::Config rc, double zipf, int shards,
                     double seconds, std::uint64_t keys = 10000)
{
    Sharded s;
    s.engine = std::make_unique<sim::Engine>(seed);
    sim::Client::Config cc;
    cc.rateRps = 2000;
    cc.keyCount = keys;
    cc.zipf = zipf;
    cc.users = 5000;
    const auto u = s.engine->addComponent(std::make_unique<sim::Client>("users", cc));
    rc.keySpace = rc.byUser ? cc.users : keys;
    auto router = std::make_unique<sim::ShardRouter>("router", rc);
    s.router = router.get();
    const auto r = s.engine->addComponent(std::move(router));
    s.engine->addLink(u, r, 0);
    for (int i = 0; i < shards; ++i) {
        sim::Database::Config dc;
        dc.capacity.cores = 8;
        dc.read = sim::Distribution::exponential(1 * kNsPerMs);
        dc.write = sim::Distribution::exponential(1 * kNsPerMs);
        const auto d = s.engine->addComponent(
            std::make_unique<sim::Database>("shard-" + std::to_string(i), dc));
        s.engine->addLink(r, d, 0);
    }
    s.engine->setHorizon(sim::fromSeconds(1), sim::fromSeconds(seconds));
    return s;
}

// Remembers which shard each user's and each key's requests went to.
class ShardWatcher : public sim::Observer {
public:
    ShardWatcher(sim::Engine &engine, std::uint32_t router) : m_engine(engine), m_router(router) {}

    void onHop(const Hop &hop) override
    {
        if (hop.isReply || hop.from != m_router)
            return;
        const std::uint32_t request = hop.request, to = hop.to;
        const sim::Request &r = m_engine.requests()[request];
        const auto [u, newUser] = shardOfUser.emplace(r.user, to);
        if (!newUser && u->second != to)
            ++userMoved;
        const auto [k, newKey] = shardOfKey.emplace(r.key, to);
        if (!newKey && k->second != to)
            ++keyMoved;
    }

    std::uint64_t userMoved = 0, keyMoved = 0;
    std::map<std::uint32_t, std::uint32_t> shardOfUser;
    std::map<std::uint64_t, std::uint32_t> shardOfKey;

private:
    sim::Engine &m_engine;
    std::uint32_t m_router;
};

} // namespace

class TestSharding : public QObject {
    Q_OBJECT

private slots:
    void mappingIsDeterministicAndBalanced_data();
    void mappingIsDeterministicAndBalanced();
    void virtualNodesEvenTheRing();
    void addingAShardMovesKeys_data();
    void addingAShardMovesKeys();
    void rangePutsTheHotKeysOnTheFirstShard();
    void hotKeyMakesAHotShard_data();
    void hotKeyMakesAHotShard();
    void userShardKeyRoutesByUser();
    void failedShardFailsItsKeysOnly();
};

void TestSharding::mappingIsDeterministicAndBalanced_data()
{
    QTest::addColumn<Strategy>("strategy");
    QTest::addColumn<int>("shards");
    QTest::addColumn<double>("maxImbalance");
    // hash_mod: binomial noise over 100 000 keys (under 1 % a shard, the largest of 7 about 2 %);
    // range: exact;
    // consistent_hash with 100 points a shard: each share varies by about 1/sqrt(100) = 10 %.
    QTest::newRow("hash_mod, 4") << Strategy::HashMod << 4 << 1.04;
    QTest::newRow("hash_mod, 7") << Strategy::HashMod << 7 << 1.04;
    QTest::newRow("range, 4") << Strategy::Range << 4 << 1.0001;
    QTest::newRow("range, 7") << Strategy::Range << 7 << 1.0001;
    QTest::newRow("consistent_hash, 4") << Strategy::ConsistentHash << 4 << 1.3;
    QTest::newRow("consistent_hash, 7") << Strategy::ConsistentHash << 7 << 1.35;
}

void TestSharding::mappingIsDeterministicAndBalanced()
{
    QFETCH(Strategy, strategy);
    QFETCH(int, shards);
    QFETCH(double, maxImbalance);
    constexpr std::uint64_t keys = 100000;
    const sim::ShardMap a(strategy, shards, 100, keys);
    const sim::ShardMap b(strategy, shards, 100, keys);
    for (std::uint64_t k = 0; k < keys; k += 7) {
        QCOMPARE(a.shardOf(k), b.shardOf(k));
        QVERIFY(a.shardOf(k) >= 0 && a.shardOf(k) < shards);
    }
    const std::vector<double> counts = spread(a, keys);
    QVERIFY(std::all_of(counts.begin(), counts.end(), [](double c) { return c > 0; }));
    QVERIFY2(maxOverMean(counts) <= maxImbalance, qPrintable(QString::number(maxOverMean(counts))));
}

void TestSharding::virtualNodesEvenTheRing()
{
    // With v points a shard, a shard's share of the ring is a sum of v arcs: its spread shrinks
    // like 1/sqrt(v). One point a shard leaves some shards with several times the mean.
    constexpr int shards = 8;
    constexpr std::uint64_t keys = 400000;
    std::vector<double> imbalance;
    for (const int v : {1, 10, 100, 1000})
        imbalance.push_back(
            maxOverMean(spread(sim::ShardMap(Strategy::ConsistentHash, shards, v, keys), keys)));
    qInfo("consistent_hash max/mean with 1, 10, 100, 1000 points a shard: %.3f %.3f %.3f %.3f",
          imbalance[0], imbalance[1], imbalance[2], imbalance[3]);
    for (std::size_t i = 1; i < imbalance.size(); ++i)
        QVERIFY(imbalance[i] < imbalance[i - 1]);
    QVERIFY(imbalance[0] > 1.5);
    QVERIFY(imbalance[3] < 1.1);
}

void TestSharding::addingAShardMovesKeys_data()
{
    QTest::addColumn<Strategy>("strategy");
    QTest::addColumn<int>("shards");
    QTest::addColumn<double>("expected");
    QTest::addColumn<double>("tolerance");
    // hash_mod: a key stays only when h mod n = h mod (n + 1): 1 in n + 1. Consistent hashing:
    // only the keys the new shard's points take, 1/(n + 1) on average, give or take the ring's
    // 10 % spread. Range: every boundary moves; the kept parts add up to exactly one half.
    for (const int n : {4, 8}) {
        QTest::addRow("hash_mod, %d", n) << Strategy::HashMod << n << n / (n + 1.0) << 0.01;
        QTest::addRow("consistent_hash, %d", n)
            << Strategy::ConsistentHash << n << 1 / (n + 1.0) << 0.35 / (n + 1.0);
        QTest::addRow("range, %d", n) << Strategy::Range << n << 0.5 << 0.001;
    }
}

void TestSharding::addingAShardMovesKeys()
{
    QFETCH(Strategy, strategy);
    QFETCH(int, shards);
    QFETCH(double, expected);
    QFETCH(double, tolerance);
    constexpr std::uint64_t keys = 200000;
    const sim::ShardMap before(strategy, shards, 100, keys);
    const sim::ShardMap after(strategy, shards + 1, 100, keys);
    std::uint64_t moved = 0, movedElsewhere = 0;
    for (std::uint64_t k = 0; k < keys; ++k) {
        if (before.shardOf(k) == after.shardOf(k))
            continue;
        ++moved;
        if (after.shardOf(k) != shards)
            ++movedElsewhere;
    }
    const double share = static_cast<double>(moved) / keys;
    QVERIFY2(std::abs(share - expected) <= tolerance,
             qPrintable(QStringLiteral("moved %1, expected %2").arg(share).arg(expected)));
    // Consistent hashing moves keys only to the new shard; hash_mod reshuffles among the old.
    if (strategy == Strategy::ConsistentHash)
        QCOMPARE(movedElsewhere, std::uint64_t{0});
    if (strategy == Strategy::HashMod)
        QVERIFY(movedElsewhere > moved / 2);
}

void TestSharding::rangePutsTheHotKeysOnTheFirstShard()
{
    const sim::ShardMap map(Strategy::Range, 4, 100, 10000);
    for (std::uint64_t k = 0; k < 2500; ++k)
        QCOMPARE(map.shardOf(k), 0);
    QCOMPARE(map.shardOf(2500), 1);
    QCOMPARE(map.shardOf(9999), 3);

    // Keys are popularity ranks: with skewed popularity the first range takes most requests,
    // with uniform popularity it does not.
    sim::ShardRouter::Config rc;
    rc.strategy = Strategy::Range;
    for (const double zipf : {1.0, 0.0}) {
        Sharded s = buildSharded(7, rc, zipf, 4, 10);
        s.engine->run();
        const sim::RunResults r = sim::collectResults(*s.engine, {});
        const double first = metric(r, "router", "shards.shard-0.arrivals");
        const double total = metric(r, "router", "arrivals");
        QCOMPARE(metric(r, "shard-0", "arrivals"), first);
        if (zipf > 0)
            QVERIFY2(first / total > 0.8, qPrintable(QString::number(first / total)));
        else
            QVERIFY2(std::abs(first / total - 0.25) < 0.02, qPrintable(QString::number(first)));
    }
}

void TestSharding::hotKeyMakesAHotShard_data()
{
    QTest::addColumn<Strategy>("strategy");
    QTest::newRow("hash_mod") << Strategy::HashMod;
    QTest::newRow("consistent_hash") << Strategy::ConsistentHash;
    QTest::newRow("range") << Strategy::Range;
}

void TestSharding::hotKeyMakesAHotShard()
{
    QFETCH(Strategy, strategy);
    sim::ShardRouter::Config rc;
    rc.strategy = strategy;
    rc.virtualNodes = 1000; // an even ring, so that only the keys' popularity can unbalance it
    // Zipf 1.2 over 10 000 keys: the hottest key alone gets 21 % of the requests, the next ones
    // 9 %, 6 %, 4 %...: the hottest key's shard gets well over the mean 25 % even when the next
    // keys land elsewhere, and uniform keys leave only binomial noise (of the keys each shard owns
    // and of the requests: about 2.5 % a shard).
    for (const double zipf : {1.2, 0.0}) {
        Sharded s = buildSharded(11, rc, zipf, 4, 10);
        s.engine->run();
        const sim::RunResults r = sim::collectResults(*s.engine, {});
        const double imbalance = metric(r, "router", "imbalance");
        double busiest = 0, least = 1e300, total = 0;
        for (int i = 0; i < 4; ++i) {
            const std::string shard = "shard-" + std::to_string(i);
            const double arrivals = metric(r, shard, "arrivals");
            QCOMPARE(metric(r, "router", "shards." + shard + ".arrivals"), arrivals);
            busiest = std::max(busiest, arrivals);
            least = std::min(least, arrivals);
            total += arrivals;
        }
        QCOMPARE(imbalance, busiest / (total / 4));
        qInfo("zipf %.1f: imbalance %.3f, busiest/least %.3f", zipf, imbalance, busiest / least);
        if (zipf > 0) {
            QVERIFY2(imbalance > 1.3, qPrintable(QString::number(imbalance)));
            QVERIFY(busiest > 1.5 * least);
        } else {
            QVERIFY2(imbalance < 1.1, qPrintable(QString::number(imbalance)));
        }
        QCOMPARE(metric(r, "router", "errors"), 0.0);
    }
}

void TestSharding::userShardKeyRoutesByUser()
{
    // The same hot keys: by key, the hot key's shard is hot and one user's requests land on
    // several shards; by user, every user stays on one shard and the load is even.
    for (const bool byUser : {true, false}) {
        sim::ShardRouter::Config rc;
        rc.byUser = byUser;
        Sharded s = buildSharded(13, rc, 1.2, 4, 6);
        ShardWatcher watcher(*s.engine, s.router->index());
        s.engine->setObserver(&watcher, true);
        s.engine->run();
        const double imbalance = s.router->imbalance();
        if (byUser) {
            QCOMPARE(watcher.userMoved, std::uint64_t{0});
            QVERIFY(watcher.keyMoved > 0);
            QVERIFY2(imbalance < 1.1, qPrintable(QString::number(imbalance)));
        } else {
            QCOMPARE(watcher.keyMoved, std::uint64_t{0});
            QVERIFY(watcher.userMoved > 0);
            QVERIFY2(imbalance > 1.3, qPrintable(QString::number(imbalance)));
        }
    }
}

void TestSharding::failedShardFailsItsKeysOnly()
{
    // Uniform keys over 4 shards: losing one fails about a quarter of the requests, and only
    // those; without the failure nothing fails.
    for (const bool fail : {true, false}) {
        Sharded s = buildSharded(17, sim::ShardRouter::Config{}, 0, 4, 6);
        if (fail) {
            sim::ScenarioAction a;
            a.type = sim::ScenarioAction::Type::Fail;
            a.target = 2; // shard-0 (users 0, router 1)
            s.engine->addAction(a);
        }
        s.engine->run();
        const sim::RunResults r = sim::collectResults(*s.engine, {});
        const double errors = metric(r, "router", "errors");
        const double arrivals = metric(r, "router", "arrivals");
        if (fail) {
            QVERIFY2(std::abs(errors / arrivals - 0.25) < 0.02,
                     qPrintable(QString::number(errors)));
            QCOMPARE(metric(r, "shard-1", "errors"), 0.0);
        } else {
            QCOMPARE(errors, 0.0);
        }
    }
}

QTEST_GUILESS_MAIN(TestSharding)
#include "tst_sharding.moc"
