#pragma once

#include "sim/component.h"
#include "sim/relay_statistics.h"

#include <cstdint>
#include <vector>

namespace scalelab::sim {

enum class ShardStrategy { HashMod, ConsistentHash, Range };

// A 64-bit finalizer (splitmix64's): consecutive keys land far apart, so hashing the popularity
// ranks 0, 1, 2, ... scatters the hot keys instead of keeping them together.
constexpr std::uint64_t mixKey(std::uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// The consistent-hash ring: `virtualNodes` points per shard, each at the hash of (shard, point),
// sorted. A key belongs to the first point clockwise of its hash. A point depends only on its
// shard and number, so adding a shard leaves every other point where it was: only the keys that
// fall just before the new shard's points move.
class ShardRing {
public:
    ShardRing() = default;
    ShardRing(int shards, int virtualNodes);

    // The shard owning a key hash: a binary search, no allocation.
    int owner(std::uint64_t hash) const;
    bool empty() const { return m_points.empty(); }
    std::size_t size() const { return m_points.size(); }

private:
    std::vector<std::uint64_t> m_points; // sorted positions on the ring
    std::vector<std::uint32_t> m_shards; // the shard of each point
};

// Which shard of `shards` owns `key`: the mapping the router runs, kept pure so that the analysis
// can map keys with exactly the engine's code. `keySpace` is the size of [0, keySpace) the range
// strategy splits into equal contiguous ranges (keys at or past its end go to the last range);
// `ring` is used by consistent_hash and must have been built for `shards`.
int shardFor(ShardStrategy strategy, std::uint64_t key, int shards, std::uint64_t keySpace,
             const ShardRing &ring);

// A strategy with its shard count, key space and ring: one mapping, ready to use.
class ShardMap {
public:
    ShardMap() = default;
    ShardMap(ShardStrategy strategy, int shards, int virtualNodes, std::uint64_t keySpace);

    int shardOf(std::uint64_t key) const
    {
        return shardFor(m_strategy, key, m_shards, m_keySpace, m_ring);
    }
    int shards() const { return m_shards; }

private:
    ShardStrategy m_strategy = ShardStrategy::HashMod;
    int m_shards = 0;
    std::uint64_t m_keySpace = 1;
    ShardRing m_ring;
};

// Splits the data over shards: each request goes to the shard (a linked component, in link order)
// that owns its key, or its user with shard_key user, and the shard's reply is relayed. The router
// is a cheap process with no service time of its own; what it shows is the load each shard gets,
// which follows the popularity of the keys it owns: a hot key makes a hot shard.
class ShardRouter : public Component {
public:
    struct Config {
        ShardStrategy strategy = ShardStrategy::HashMod;
        int virtualNodes = 100;
        bool byUser = false;            // shard_key user
        std::uint64_t keySpace = 10000; // range: the keys (or users) split into equal ranges
    };

    ShardRouter(std::string id, Config config);

    void start(Engine &engine) override;
    void handle(Engine &engine, const Event &event) override;
    void resetStatistics(Time now) override;
    void merge(const Component &other, Time otherNow) override;
    void report(Time now, Metrics &out) const override;
    double utilization(Time) const override { return -1; }
    bool probe(Time now, Probe &out) const override;
    bool instanceUp(int) const override { return !m_failed; }
    bool fail(Engine &engine, int instance) override;
    bool recover(Engine &engine, int instance) override;
    HopFact hopFact(const Engine &engine, const Observer::Hop &hop) const override;

    // The busiest shard's requests over the mean shard's (1: even; 0 before any request).
    double imbalance() const;

private:
    Config m_config;
    ShardMap m_map;
    std::vector<std::uint32_t> m_shardLinks;
    std::vector<std::string> m_shardIds;
    bool m_failed = false;
    RelayStatistics m_stats{RelayStatistics::Counting::AnsweredInWindow};
    std::vector<std::uint64_t> m_perShard; // requests sent to each shard since the warm-up
};

} // namespace scalelab::sim
