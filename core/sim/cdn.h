#pragma once

#include "sim/component.h"
#include "sim/distribution.h"
#include "sim/hit_counters.h"
#include "sim/key_store.h"
#include "sim/relay_statistics.h"

#include <vector>

namespace scalelab::sim {

// A content delivery network: edge servers that keep real objects (a KeyStore of request keys)
// near the users. A hit is answered after `hit` (the edge has many servers, so nothing queues);
// a miss is fetched from the origin downstream, stored (evicting by the policy) and relayed. Its
// hit ratio comes from the objects the users ask for, its capacity, its policy and its TTL.
class Cdn : public Component {
public:
    struct Config {
        std::size_t capacity = 10000; // objects
        KeyStore::Eviction eviction = KeyStore::Eviction::Lru;
        Time ttl = 0; // 0: objects never expire
        Distribution hit = Distribution::constant(5 * kNanosecondsPerMillisecond);
    };

    Cdn(std::string id, Config config);

    void start(Engine &engine) override;
    void handle(Engine &engine, const Event &event) override;
    void resetStatistics(Time now) override;
    void merge(const Component &other, Time otherNow) override;
    void report(Time now, Metrics &out) const override;
    double utilization(Time) const override { return -1; }
    LoadFact loadFact(Time now, double busy) const override;
    bool probe(Time now, Probe &out) const override;
    bool fail(Engine &engine, int instance) override;
    bool recover(Engine &engine, int instance) override;
    bool flush(Engine &engine) override;
    HopFact hopFact(const Engine &engine, const Observer::Hop &hop) const override;
    bool instanceUp(int) const override { return !m_failed; }

    const KeyStore &store() const { return m_store; }
    std::uint64_t hits() const { return m_lookups.hits; }
    std::uint64_t misses() const { return m_lookups.misses; }

private:
    enum : std::uint32_t { kHitServed = kFirstPrivate };

    Config m_config;
    KeyStore m_store;
    std::vector<std::uint32_t> m_origins; // links; misses take them in turn
    std::size_t m_nextOrigin = 0;
    bool m_failed = false;
    std::uint32_t m_generation = 0; // a failure forgets what was in flight at the edge
    RelayStatistics m_stats{RelayStatistics::Counting::ArrivedInWindow};
    HitCounters m_lookups;
};

} // namespace scalelab::sim
