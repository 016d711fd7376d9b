#include "sim/cdn.h"

#include "sim/engine.h"
#include "sim/request.h"

namespace scalelab::sim {

Cdn::Cdn(std::string id, Config config)
    : Component(std::move(id), "cdn"), m_config(config),
      m_store(config.capacity, config.eviction, config.ttl)
{}

void Cdn::start(Engine &)
{
    m_origins = outLinks();
}

void Cdn::handle(Engine &engine, const Event &event)
{
    const Time now = engine.now();
    switch (event.kind) {
    case kArrive: {
        m_stats.arrive();
        m_stats.enter(now);
        if (m_failed) {
            m_stats.answer(engine, event.request, 0);
            return;
        }
        Request &r = engine.requests()[event.request];
        const bool counted = m_stats.inWindow(r.top().arrivedAt);
        if (m_store.get(r.key, now)) {
            if (counted)
                ++m_lookups.hits;
            r.top().generation = m_generation;
            engine.schedule(now + m_config.hit.sample(rng()), index(), kHitServed, event.request);
            return;
        }
        if (counted)
            ++m_lookups.misses;
        if (m_origins.empty()) {
            // No origin linked: the edge is its own origin and has the object after one fetch.
            if (m_store.put(r.key, now, rng()) && counted)
                ++m_lookups.evictions;
            r.top().generation = m_generation;
            engine.schedule(now + m_config.hit.sample(rng()), index(), kHitServed, event.request);
            return;
        }
        const std::uint32_t link = m_origins[m_nextOrigin];
        m_nextOrigin = (m_nextOrigin + 1) % m_origins.size();
        r.operation = Operation::Serve; // the origin serves the object as the user asked
        if (!engine.send(event.request, link))
            m_stats.answer(engine, event.request, 0); // a partition or a request cycle
        break;
    }
    case kHitServed: {
        const bool lost = engine.requests()[event.request].top().generation != m_generation;
        m_stats.answer(engine, event.request, lost ? 0u : (ReplyOk | ReplyHit));
        break;
    }
    case kReply: {
        // The origin answered a miss: keep the object for the next users, then relay it.
        const bool ok = (event.aux & ReplyOk) && !m_failed;
        if (ok) {
            const Request &r = engine.requests()[event.request];
            if (m_store.put(r.key, now, rng()) && m_stats.inWindow(r.top().arrivedAt))
                ++m_lookups.evictions;
        }
        m_stats.answer(engine, event.request, ok ? std::uint32_t{ReplyOk} : 0u);
        break;
    }
    default:
        break;
    }
}

bool Cdn::fail(Engine &engine, int)
{
    m_failed = true;
    ++m_generation;
    engine.stateChanged(index(), "failed");
    return true;
}

bool Cdn::recover(Engine &engine, int)
{
    // The edge comes back cold: its objects are fetched from the origin again.
    m_failed = false;
    m_store.clear();
    engine.stateChanged(index(), "recovered");
    return true;
}

bool Cdn::flush(Engine &engine)
{
    m_store.clear();
    engine.stateChanged(index(), "flushed");
    return true;
}

HopFact Cdn::hopFact(const Engine &engine, const Observer::Hop &hop) const
{
    HopFact fact = Component::hopFact(engine, hop);
    if (!hop.isReply) // only a miss goes on to the origin
        fact.code = HopFact::Code::EdgeFetch;
    else if (hop.flags & ReplyHit)
        fact.code = HopFact::Code::EdgeHit;
    return fact;
}

bool Cdn::probe(Time, Probe &out) const
{
    m_stats.probe(out);
    m_lookups.probe(out);
    return true;
}

void Cdn::resetStatistics(Time now)
{
    m_stats.reset(now);
    m_lookups = HitCounters{};
}

void Cdn::merge(const Component &other, Time otherNow)
{
    const auto &o = static_cast<const Cdn &>(other);
    m_stats.merge(o.m_stats, otherNow);
    m_lookups.merge(o.m_lookups);
}

LoadFact Cdn::loadFact(Time now, double busy) const
{
    LoadFact fact = Component::loadFact(now, busy);
    fact.code = LoadFact::Code::EdgeHits;
    fact.edgeHits = m_lookups.hits;
    fact.edgeLookups = m_lookups.hits + m_lookups.misses;
    return fact;
}

void Cdn::report(Time now, Metrics &out) const
{
    m_stats.report(now, out);
    out.add("utilization", -1.0);
    m_lookups.report(out);
    out.add("keys_held", static_cast<std::uint64_t>(m_store.size()));
}

} // namespace scalelab::sim
