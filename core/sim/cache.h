#pragma once

#include "sim/distribution.h"
#include "sim/hit_counters.h"
#include "sim/key_store.h"
#include "sim/server_pool.h"

namespace scalelab::sim {

// An in-memory cache (cache-aside): real keys in a KeyStore with an eviction policy and a TTL.
// Lookups, fills and deletes each cost a service time on one of its cores. Its hit ratio comes
// from the keys the clients ask for, its capacity and its policy.
class Cache : public ServerPool {
public:
    struct Config {
        Capacity capacity;
        Distribution service;
        std::size_t keys = 1000;
        KeyStore::Eviction eviction = KeyStore::Eviction::Lru;
        Time ttl = 0; // 0: no expiry
    };

    Cache(std::string id, Config config, std::string type = "cache");

    void resetStatistics(Time now) override;
    void merge(const Component &other, Time otherNow) override;
    void report(Time now, Metrics &out) const override;
    bool flush(Engine &engine) override;
    HopFact hopFact(const Engine &engine, const Observer::Hop &hop) const override;
    bool probe(Time now, Probe &out) const override;

    const KeyStore &store() const { return m_store; }
    std::uint64_t hits() const { return m_lookups.hits; }
    std::uint64_t misses() const { return m_lookups.misses; }

protected:
    Time serviceTime(Engine &engine, std::uint32_t request) override;
    void serviceDone(Engine &engine, std::uint32_t request) override;
    int workClass(const Request &request) const override;
    LoadFact::Work workNamed(int workClass) const override;

private:
    Config m_config;
    KeyStore m_store;
    HitCounters m_lookups;
    std::uint64_t m_fills = 0, m_deletes = 0;
};

} // namespace scalelab::sim
