#include "sim/client.h"

#include "sim/engine.h"

#include <cmath>

namespace scalelab::sim {

const char *requestKindName(RequestKind kind)
{
    static constexpr const char *names[] = {"static", "read", "write", "job"};
    return names[static_cast<int>(kind)];
}

Client::Client(std::string id, Config config)
    : Component(std::move(id), "client"), m_config(std::move(config)),
      m_keys(m_config.keyCount, m_config.zipf), m_rate(m_config.rateRps)
{
    double total = 0;
    for (const double w : m_config.mix)
        total += w;
    double running = 0;
    for (int i = 0; i < kRequestKinds; ++i) {
        running += total > 0 ? m_config.mix[static_cast<std::size_t>(i)] / total : (i == 1);
        m_cumulativeMix[static_cast<std::size_t>(i)] = running;
    }
    m_cumulativeMix.back() = 1.0; // no rounding gap at the top
}

void Client::start(Engine &engine)
{
    m_end = engine.end();
    for (const std::uint32_t l : outLinks()) {
        if (engine.component(engine.link(l).to).type() == "cdn")
            m_staticLink = l;
        else
            m_otherLinks.push_back(l);
    }
    for (std::uint32_t i = 0; i < m_config.profile.size(); ++i)
        engine.schedule(m_config.profile[i].first, index(), kRateChange, 0, i);
    scheduleNextArrival(engine);
}

void Client::scheduleNextArrival(Engine &engine)
{
    const double rate = currentRate();
    if (rate <= 0)
        return;
    const double meanGapNs = 1e9 / rate;
    const double gap = m_config.poisson ? rng().exponential(meanGapNs) : meanGapNs;
    engine.schedule(engine.now() + static_cast<Time>(std::llround(gap)), index(), kNextArrival, 0,
                    m_generation);
}

RequestKind Client::drawKind()
{
    if (m_cumulativeMix[0] >= 1.0)
        return RequestKind::Static;
    const double u = rng().uniform();
    int k = 0;
    while (k < kRequestKinds - 1 && u >= m_cumulativeMix[static_cast<std::size_t>(k)])
        ++k;
    return static_cast<RequestKind>(k);
}

void Client::issueRequest(Engine &engine)
{
    const Time now = engine.now();
    const std::uint32_t id = engine.requests().acquire();
    Request &r = engine.requests()[id];
    r.kind = drawKind();
    // Keys are ranks of popularity, 0 the most popular.
    r.key = m_keys.sample(rng()) - 1;
    r.user = m_config.firstUser + static_cast<std::uint32_t>(rng().below(m_config.users));
    r.operation = Operation::Serve;
    r.traced = engine.claimTrace(r.kind);
    r.region = static_cast<std::int16_t>(engine.region(index()));
    r.depth = 1;
    Frame &f = r.frames[0];
    f = Frame{};
    f.component = index();
    f.arrivedAt = now;
    f.mark = now;
    if (now >= m_stats.windowStart)
        ++m_stats.requests;

    std::uint32_t link = UINT32_MAX;
    if (r.kind == RequestKind::Static && m_staticLink != UINT32_MAX) {
        link = m_staticLink;
    } else if (!m_otherLinks.empty()) {
        link = m_otherLinks[m_nextLink];
        m_nextLink = (m_nextLink + 1) % m_otherLinks.size();
    }
    if (link == UINT32_MAX) {
        // Nothing downstream: the client has nobody to ask; it answers itself at once.
        engine.schedule(now, index(), kReply, id, ReplyOk);
        return;
    }
    if (!engine.send(id, link)) {
        // The first hop crosses a partition: the user gets an error at once.
        if (now >= m_stats.windowStart)
            ++m_stats.errors;
        engine.requests().release(id);
    }
}

void Client::handle(Engine &engine, const Event &event)
{
    switch (event.kind) {
    case kNextArrival:
        if (event.aux != m_generation)
            return; // superseded by a rate change
        issueRequest(engine);
        scheduleNextArrival(engine);
        break;
    case kRateChange:
        m_rate = m_config.profile[event.aux].second;
        ++m_generation;
        scheduleNextArrival(engine);
        break;
    case kReply: {
        const Request &r = engine.requests()[event.request];
        const Time now = engine.now();
        if (r.createdAt() >= m_stats.windowStart) {
            if (event.aux & ReplyOk) {
                ++m_stats.completed;
                const Time latency = now - r.createdAt();
                m_stats.latency.record(latency);
                m_stats.batches.add(now, static_cast<double>(latency));
            } else {
                ++m_stats.errors;
            }
        }
        engine.requests().release(event.request);
        break;
    }
    default:
        break;
    }
}

bool Client::probe(Time, Probe &out) const
{
    out.completed = m_stats.completed;
    out.errors = m_stats.errors;
    out.response = &m_stats.latency;
    return true;
}

bool Client::spike(Engine &engine, double factor)
{
    m_spikeFactor = factor;
    ++m_generation;
    scheduleNextArrival(engine);
    engine.stateChanged(index(), factor == 1.0 ? "load back to normal" : "load spike");
    return true;
}

void Client::setLoadScale(Engine &engine, double scale)
{
    if (scale == m_loadScale)
        return;
    m_loadScale = scale;
    // Poisson arrivals are memoryless: drawing the next gap afresh at the new rate is exact.
    ++m_generation;
    scheduleNextArrival(engine);
}

void Client::resetStatistics(Time now)
{
    Statistics fresh;
    fresh.windowStart = now;
    fresh.batches.start(now, m_end);
    m_stats = std::move(fresh);
}

void Client::merge(const Component &other, Time otherNow)
{
    const auto &c = static_cast<const Client &>(other);
    m_stats.requests += c.m_stats.requests;
    m_stats.completed += c.m_stats.completed;
    m_stats.errors += c.m_stats.errors;
    m_stats.latency.merge(c.m_stats.latency);
    m_stats.mergedSeconds += c.observedSeconds(otherNow);
}

double Client::observedSeconds(Time now) const
{
    return toSeconds(now - m_stats.windowStart) + m_stats.mergedSeconds;
}

void Client::report(Time now, Metrics &out) const
{
    const double seconds = observedSeconds(now);
    out.add("requests", m_stats.requests);
    out.add("completed", m_stats.completed);
    out.add("errors", m_stats.errors);
    out.add("throughput_rps", perSecond(m_stats.completed, seconds));
    out.addLatency("latency_ms", m_stats.latency, Metrics::Tail::With);
}

} // namespace scalelab::sim
