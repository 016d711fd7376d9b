#include "sim/shard_router.h"

#include "sim/engine.h"
#include "sim/request.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace scalelab::sim {

namespace {

// Keeps the ring's points apart from the keys' own hashes: point (s, v) is not the hash of a
// small key.
constexpr std::uint64_t kRingSalt = 0x5ca1ab1e0ddba11ULL;

} // namespace

ShardRing::ShardRing(int shards, int virtualNodes)
{
    const int perShard = std::max(1, virtualNodes);
    std::vector<std::pair<std::uint64_t, std::uint32_t>> points;
    points.reserve(static_cast<std::size_t>(std::max(0, shards)) *
                   static_cast<std::size_t>(perShard));
    for (int s = 0; s < shards; ++s)
        for (int v = 0; v < perShard; ++v) {
            const std::uint64_t id = (static_cast<std::uint64_t>(s) << 32) |
                                     static_cast<std::uint64_t>(static_cast<std::uint32_t>(v));
            points.emplace_back(mixKey(id ^ kRingSalt), static_cast<std::uint32_t>(s));
        }
    // Ties (vanishingly rare) are broken by shard, so the ring does not depend on input order.
    std::sort(points.begin(), points.end());
    m_points.reserve(points.size());
    m_shards.reserve(points.size());
    for (const auto &[position, shard] : points) {
        m_points.push_back(position);
        m_shards.push_back(shard);
    }
}

int ShardRing::owner(std::uint64_t hash) const
{
    if (m_points.empty())
        return 0;
    auto it = std::lower_bound(m_points.begin(), m_points.end(), hash);
    if (it == m_points.end())
        it = m_points.begin(); // past the last point: round the ring to the first
    return static_cast<int>(m_shards[static_cast<std::size_t>(it - m_points.begin())]);
}

int shardFor(ShardStrategy strategy, std::uint64_t key, int shards, std::uint64_t keySpace,
             const ShardRing &ring)
{
    if (shards <= 1)
        return 0;
    const auto n = static_cast<std::uint64_t>(shards);
    switch (strategy) {
    case ShardStrategy::HashMod:
        return static_cast<int>(mixKey(key) % n);
    case ShardStrategy::ConsistentHash:
        return ring.owner(mixKey(key));
    case ShardStrategy::Range: {
        if (keySpace == 0 || key >= keySpace)
            return shards - 1;
        // Range i holds [i K / n, (i + 1) K / n): key k is in floor(k n / K).
        if (key <= std::numeric_limits<std::uint64_t>::max() / n)
            return static_cast<int>(key * n / keySpace);
        const double share = static_cast<double>(key) / static_cast<double>(keySpace);
        return std::min(shards - 1, static_cast<int>(share * static_cast<double>(n)));
    }
    }
    return 0;
}

ShardMap::ShardMap(ShardStrategy strategy, int shards, int virtualNodes, std::uint64_t keySpace)
    : m_strategy(strategy), m_shards(shards), m_keySpace(std::max<std::uint64_t>(1, keySpace))
{
    if (strategy == ShardStrategy::ConsistentHash)
        m_ring = ShardRing(shards, virtualNodes);
}

ShardRouter::ShardRouter(std::string id, Config config)
    : Component(std::move(id), "shard_router"), m_config(config)
{}

void ShardRouter::start(Engine &engine)
{
    m_shardLinks.clear();
    m_shardIds.clear();
    for (const std::uint32_t l : outLinks()) {
        m_shardLinks.push_back(l);
        m_shardIds.push_back(engine.component(engine.link(l).to).id());
    }
    m_map = ShardMap(m_config.strategy, static_cast<int>(m_shardLinks.size()),
                     m_config.virtualNodes, m_config.keySpace);
    m_perShard.assign(m_shardLinks.size(), 0);
}

void ShardRouter::handle(Engine &engine, const Event &event)
{
    switch (event.kind) {
    case kArrive: {
        const Time now = engine.now();
        m_stats.arrive();
        if (m_failed) {
            m_stats.refuse(engine, event.request, false);
            return;
        }
        m_stats.enter(now);
        if (m_shardLinks.empty()) { // no shard behind it: it answers itself
            m_stats.answer(engine, event.request, ReplyOk);
            return;
        }
        Request &r = engine.requests()[event.request];
        const int shard = m_map.shardOf(m_config.byUser ? r.user : r.key);
        if (m_stats.inWindow(r.top().arrivedAt))
            ++m_perShard[static_cast<std::size_t>(shard)];
        if (!engine.send(event.request, m_shardLinks[static_cast<std::size_t>(shard)]))
            m_stats.answer(engine, event.request, 0); // a partition or a request cycle
        break;
    }
    case kReply:
        m_stats.answer(engine, event.request, m_failed ? 0 : event.aux);
        break;
    default:
        break;
    }
}

double ShardRouter::imbalance() const
{
    const auto &counts = m_perShard;
    if (counts.empty())
        return 0;
    const std::uint64_t total = std::accumulate(counts.begin(), counts.end(), std::uint64_t{0});
    if (total == 0)
        return 0;
    const double mean = static_cast<double>(total) / static_cast<double>(counts.size());
    return static_cast<double>(*std::max_element(counts.begin(), counts.end())) / mean;
}

HopFact ShardRouter::hopFact(const Engine &engine, const Observer::Hop &hop) const
{
    HopFact fact = Component::hopFact(engine, hop);
    if (hop.isReply)
        return fact;
    static constexpr HopFact::Strategy strategies[] = {
        HopFact::Strategy::HashMod, HopFact::Strategy::ConsistentHash, HopFact::Strategy::Range};
    fact.code = HopFact::Code::ShardRoute;
    fact.strategy = strategies[static_cast<int>(m_config.strategy)];
    fact.byUser = m_config.byUser;
    return fact;
}

bool ShardRouter::probe(Time, Probe &out) const
{
    m_stats.probe(out);
    return true;
}

bool ShardRouter::fail(Engine &engine, int)
{
    m_failed = true;
    engine.stateChanged(index(), "failed");
    return true;
}

bool ShardRouter::recover(Engine &engine, int)
{
    m_failed = false;
    engine.stateChanged(index(), "recovered");
    return true;
}

void ShardRouter::resetStatistics(Time now)
{
    m_stats.reset(now);
    std::fill(m_perShard.begin(), m_perShard.end(), 0);
}

void ShardRouter::merge(const Component &other, Time otherNow)
{
    const auto &o = static_cast<const ShardRouter &>(other);
    m_stats.merge(o.m_stats, otherNow);
    if (m_perShard.size() < o.m_perShard.size())
        m_perShard.resize(o.m_perShard.size(), 0);
    for (std::size_t i = 0; i < o.m_perShard.size(); ++i)
        m_perShard[i] += o.m_perShard[i];
    if (m_shardIds.empty())
        m_shardIds = o.m_shardIds;
}

void ShardRouter::report(Time now, Metrics &out) const
{
    m_stats.report(now, out);
    for (std::size_t i = 0; i < m_perShard.size() && i < m_shardIds.size(); ++i)
        out.add("shards." + m_shardIds[i] + ".arrivals", m_perShard[i]);
    out.add("imbalance", imbalance());
}

} // namespace scalelab::sim
