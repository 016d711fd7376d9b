#include "sim/cache.h"

#include "sim/engine.h"

namespace scalelab::sim {

Cache::Cache(std::string id, Config config, std::string type)
    : ServerPool(std::move(id), std::move(type), config.capacity), m_config(config),
      m_store(config.keys, config.eviction, config.ttl)
{}

Time Cache::serviceTime(Engine &, std::uint32_t)
{
    return m_config.service.sample(rng());
}

void Cache::serviceDone(Engine &engine, std::uint32_t request)
{
    const Request &r = engine.requests()[request];
    const Time now = engine.now();
    const bool counted = r.top().arrivedAt >= statistics().windowStart;
    switch (r.operation) {
    case Operation::CacheSet:
        if (m_store.put(r.key, now, rng()) && counted)
            ++m_lookups.evictions;
        if (counted)
            ++m_fills;
        break;
    case Operation::CacheDelete:
        m_store.erase(r.key);
        if (counted)
            ++m_deletes;
        break;
    default: { // a lookup, whatever else the caller meant
        const bool hit = m_store.get(r.key, now);
        if (counted)
            ++(hit ? m_lookups.hits : m_lookups.misses);
        finish(engine, request, hit ? (ReplyOk | ReplyHit) : std::uint32_t{ReplyOk});
        return;
    }
    }
    finish(engine, request, ReplyOk);
}

HopFact Cache::hopFact(const Engine &engine, const Observer::Hop &hop) const
{
    HopFact fact = ServerPool::hopFact(engine, hop);
    const Request &r = engine.requests()[hop.request];
    const bool lookup = r.operation != Operation::CacheSet && r.operation != Operation::CacheDelete;
    if (hop.isReply && lookup && (hop.flags & ReplyOk))
        fact.code = (hop.flags & ReplyHit) ? HopFact::Code::CacheHit : HopFact::Code::CacheMiss;
    return fact;
}

int Cache::workClass(const Request &request) const
{
    return static_cast<int>(request.operation);
}

LoadFact::Work Cache::workNamed(int workClass) const
{
    static constexpr LoadFact::Work names[] = {LoadFact::Work::Lookups, LoadFact::Work::Lookups,
                                               LoadFact::Work::Fills, LoadFact::Work::Deletes};
    return workClass >= 0 && workClass < 4 ? names[workClass] : LoadFact::Work::Requests;
}

bool Cache::probe(Time now, Probe &out) const
{
    ServerPool::probe(now, out);
    m_lookups.probe(out);
    return true;
}

bool Cache::flush(Engine &engine)
{
    m_store.clear();
    engine.stateChanged(index(), "flushed");
    return true;
}

void Cache::resetStatistics(Time now)
{
    ServerPool::resetStatistics(now);
    m_lookups = HitCounters{};
    m_fills = m_deletes = 0;
}

void Cache::merge(const Component &other, Time otherNow)
{
    ServerPool::merge(other, otherNow);
    const auto &o = static_cast<const Cache &>(other);
    m_lookups.merge(o.m_lookups);
    m_fills += o.m_fills;
    m_deletes += o.m_deletes;
}

void Cache::report(Time now, Metrics &out) const
{
    ServerPool::report(now, out);
    m_lookups.report(out);
    out.add("fills", m_fills);
    out.add("deletes", m_deletes);
    out.add("keys_held", static_cast<std::uint64_t>(m_store.size()));
}

} // namespace scalelab::sim
