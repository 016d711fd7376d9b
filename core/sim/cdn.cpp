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
        if (now >= m_stats.windowStart)
            ++m_stats.arrivals;
        ++m_present;
        m_stats.present.set(now, m_present);
        if (m_failed) {
            answer(engine, event.request, 0);
            return;
        }
        Request &r = engine.requests()[event.request];
        const bool counted = r.top().arrivedAt >= m_stats.windowStart;
        if (m_store.get(r.key, now)) {
            if (counted)
                ++m_stats.hits;
            r.top().generation = m_generation;
            engine.schedule(now + m_config.hit.sample(rng()), index(), kHitServed, event.request);
            return;
        }
        if (counted)
            ++m_stats.misses;
        if (m_origins.empty()) {
            // No origin linked: the edge is its own origin and has the object after one fetch.
            if (m_store.put(r.key, now, rng()) && counted)
                ++m_stats.evictions;
            r.top().generation = m_generation;
            engine.schedule(now + m_config.hit.sample(rng()), index(), kHitServed, event.request);
            return;
        }
        const std::uint32_t link = m_origins[m_nextOrigin];
        m_nextOrigin = (m_nextOrigin + 1) % m_origins.size();
        r.operation = Operation::Serve; // the origin serves the object as the user asked
        if (!engine.send(event.request, link))
            answer(engine, event.request, 0); // a partition or a request cycle
        break;
    }
    case kHitServed: {
        const bool lost = engine.requests()[event.request].top().generation != m_generation;
        answer(engine, event.request, lost ? 0u : (ReplyOk | ReplyHit));
        break;
    }
    case kReply: {
        // The origin answered a miss: keep the object for the next users, then relay it.
        const bool ok = (event.aux & ReplyOk) && !m_failed;
        if (ok) {
            const Request &r = engine.requests()[event.request];
            if (m_store.put(r.key, now, rng()) && r.top().arrivedAt >= m_stats.windowStart)
                ++m_stats.evictions;
        }
        answer(engine, event.request, ok ? std::uint32_t{ReplyOk} : 0u);
        break;
    }
    default:
        break;
    }
}

void Cdn::answer(Engine &engine, std::uint32_t request, std::uint32_t flags)
{
    const Time now = engine.now();
    const Time arrivedAt = engine.requests()[request].top().arrivedAt;
    --m_present;
    m_stats.present.set(now, m_present);
    if (arrivedAt >= m_stats.windowStart) {
        if (flags & ReplyOk) {
            ++m_stats.completed;
            m_stats.response.record(now - arrivedAt);
        } else {
            ++m_stats.errors;
        }
    }
    engine.reply(request, flags);
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

bool Cdn::probe(Time, Probe &out) const
{
    out.completed = m_stats.completed;
    out.errors = m_stats.errors;
    out.hits = m_stats.hits;
    out.misses = m_stats.misses;
    out.response = &m_stats.response;
    return true;
}

void Cdn::resetStatistics(Time now)
{
    const double merged = m_stats.mergedSeconds;
    m_stats = Statistics{};
    m_stats.windowStart = now;
    m_stats.mergedSeconds = merged;
    m_stats.present.set(now, m_present);
    m_stats.present.reset(now);
}

void Cdn::merge(const Component &other, Time otherNow)
{
    const auto &o = static_cast<const Cdn &>(other);
    m_stats.arrivals += o.m_stats.arrivals;
    m_stats.completed += o.m_stats.completed;
    m_stats.errors += o.m_stats.errors;
    m_stats.hits += o.m_stats.hits;
    m_stats.misses += o.m_stats.misses;
    m_stats.evictions += o.m_stats.evictions;
    m_stats.response.merge(o.m_stats.response);
    m_stats.present.merge(o.m_stats.present, otherNow);
    m_stats.mergedSeconds += toSeconds(otherNow - o.m_stats.windowStart);
}

std::string Cdn::explainLoad(Time) const
{
    const std::uint64_t lookups = m_stats.hits + m_stats.misses;
    const int percent =
        lookups
            ? static_cast<int>(
                  100.0 * static_cast<double>(m_stats.hits) / static_cast<double>(lookups) + 0.5)
            : 0;
    return id() + " serves " + std::to_string(percent) +
           " % of static requests from its edge; more capacity would keep more objects there";
}

void Cdn::report(Time now, Metrics &out) const
{
    const double seconds = toSeconds(now - m_stats.windowStart) + m_stats.mergedSeconds;
    const std::uint64_t lookups = m_stats.hits + m_stats.misses;
    out.add("arrivals", m_stats.arrivals);
    out.add("completed", m_stats.completed);
    out.add("errors", m_stats.errors);
    out.add("throughput_rps", seconds > 0 ? static_cast<double>(m_stats.completed) / seconds : 0.0);
    out.add("utilization", -1.0);
    out.add("concurrency_mean", m_stats.present.mean(now));
    out.add("hits", m_stats.hits);
    out.add("misses", m_stats.misses);
    out.add("hit_ratio",
            lookups ? static_cast<double>(m_stats.hits) / static_cast<double>(lookups) : 0.0);
    out.add("evictions", m_stats.evictions);
    out.add("keys_held", static_cast<std::uint64_t>(m_store.size()));
    const LatencyHistogram &h = m_stats.response;
    out.add("response_ms.mean", h.mean() / kNanosecondsPerMillisecond);
    out.add("response_ms.p50", toMilliseconds(h.quantile(0.50)));
    out.add("response_ms.p95", toMilliseconds(h.quantile(0.95)));
    out.add("response_ms.p99", toMilliseconds(h.quantile(0.99)));
}

} // namespace scalelab::sim
