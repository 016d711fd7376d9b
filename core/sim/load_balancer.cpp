#include "sim/load_balancer.h"

#include "sim/engine.h"
#include "sim/request.h"

#include <cmath>

namespace scalelab::sim {

LoadBalancer::LoadBalancer(std::string id, Config config)
    : Component(std::move(id), "load_balancer"), m_config(config)
{}

void LoadBalancer::start(Engine &engine)
{
    for (const std::uint32_t l : outLinks()) {
        const Component &target = engine.component(engine.link(l).to);
        // Instances not running yet (an autoscaled pool's spare room) join the rotation when a
        // health check first finds them up.
        for (int i = 0; i < target.instanceCount(); ++i)
            m_backends.push_back(Backend{l, i, target.instanceUp(i), 0, 0, 0});
    }
    if (m_config.healthInterval > 0)
        engine.schedule(m_config.healthInterval, index(), kHealthCheck);
}

void LoadBalancer::handle(Engine &engine, const Event &event)
{
    switch (event.kind) {
    case kArrive: {
        m_stats.arrive();
        if (m_failed) {
            if (m_standbyServing && !m_standby->m_failed) {
                engine.requests()[event.request].top().phase = kViaStandby;
                if (engine.sendDirect(event.request, index(), m_standby->index(), 0)) {
                    if (m_stats.inWindow(engine.now()))
                        ++m_handedOver;
                    return;
                }
            }
            m_stats.refuse(engine, event.request, false);
            return;
        }
        if (m_config.maxConnections > 0 && m_stats.inside() >= m_config.maxConnections) {
            m_stats.refuse(engine, event.request, true);
            return;
        }
        m_stats.enter(engine.now());
        const Time delay = m_config.service.mean > 0 ? m_config.service.sample(rng()) : 0;
        if (delay > 0)
            engine.schedule(engine.now() + delay, index(), kForward, event.request);
        else
            forward(engine, event.request);
        break;
    }
    case kForward:
        forward(engine, event.request);
        break;
    case kReply: {
        Request &r = engine.requests()[event.request];
        if (r.top().phase == kViaStandby) {
            engine.reply(event.request, event.aux);
            return;
        }
        Backend &b = m_backends[r.top().phase];
        --b.open;
        m_stats.answer(engine, event.request, m_failed ? 0 : event.aux);
        break;
    }
    case kTakeover:
        if (m_failed && event.aux == m_failures && m_standby && !m_standby->m_failed) {
            m_standbyServing = true;
            engine.stateChanged(m_standby->index(), "standby took over");
        }
        break;
    case kHealthCheck:
        for (Backend &b : m_backends) {
            const bool up = engine.component(engine.link(b.link).to).instanceUp(b.instance);
            if (up) {
                b.missedChecks = 0;
                if (!b.healthy) {
                    b.healthy = true;
                    engine.stateChanged(index(), "backend back in rotation");
                }
            } else if (++b.missedChecks >= m_config.unhealthyAfter && b.healthy) {
                b.healthy = false;
                engine.stateChanged(index(), "backend marked down by health checks");
            }
        }
        engine.schedule(engine.now() + m_config.healthInterval, index(), kHealthCheck);
        break;
    default:
        break;
    }
}

int LoadBalancer::choose(Engine &engine, std::uint32_t request)
{
    // Only random and ip_hash need the healthy backends as a list; the others scan in place.
    const bool needList =
        m_config.algorithm == Algorithm::Random || m_config.algorithm == Algorithm::IpHash;
    if (needList) {
        m_healthyScratch.clear();
        for (int i = 0; i < static_cast<int>(m_backends.size()); ++i)
            if (m_backends[static_cast<std::size_t>(i)].healthy)
                m_healthyScratch.push_back(i);
        if (m_healthyScratch.empty())
            return -1;
    }
    const auto n = m_healthyScratch.size();
    switch (m_config.algorithm) {
    case Algorithm::RoundRobin: {
        // Resume after the backend chosen last, so a backend leaving or returning does not reset
        // the rotation.
        const std::size_t size = m_backends.size();
        for (std::size_t k = 0, i = m_nextBackend; k < size; ++k, i = i + 1 == size ? 0 : i + 1) {
            if (m_backends[i].healthy) {
                m_nextBackend = (i + 1) % m_backends.size();
                return static_cast<int>(i);
            }
        }
        return -1;
    }
    case Algorithm::Random:
        return m_healthyScratch[rng().below(n)];
    case Algorithm::LeastConnections: {
        // Fewest open requests; ties go round the rotation so equal backends share the load.
        int best = -1;
        const std::size_t size = m_backends.size();
        for (std::size_t k = 0, i = m_nextBackend; k < size; ++k, i = i + 1 == size ? 0 : i + 1) {
            const Backend &b = m_backends[i];
            if (b.healthy && (best < 0 || b.open < m_backends[static_cast<std::size_t>(best)].open))
                best = static_cast<int>(i);
        }
        if (best >= 0)
            m_nextBackend = (static_cast<std::size_t>(best) + 1) % m_backends.size();
        return best;
    }
    case Algorithm::IpHash: {
        // The same user lands on the same backend while the set of healthy backends is unchanged.
        std::uint64_t h = engine.requests()[request].user * 0x9e3779b97f4a7c15ULL;
        h ^= h >> 29;
        return m_healthyScratch[h % n];
    }
    }
    return -1;
}

HopFact LoadBalancer::hopFact(const Engine &engine, const Observer::Hop &hop) const
{
    HopFact fact = Component::hopFact(engine, hop);
    const Request &r = engine.requests()[hop.request];
    // On a send the balancer's own frame lies under the backend's and holds the choice.
    if (hop.isReply || r.depth < 2)
        return fact;
    const std::size_t chosen = r.frames[r.depth - 2].phase;
    if (chosen >= m_backends.size())
        return fact;
    const Backend &b = m_backends[chosen];
    fact.code = HopFact::Code::BalancerPick;
    fact.instance = engine.component(hop.to).instanceCount() > 1 ? b.instance + 1 : 0;
    for (const Backend &other : m_backends)
        fact.healthy += other.healthy ? 1 : 0;
    fact.open = b.open - 1; // the count already includes this request
    static constexpr HopFact::Pick picks[] = {HopFact::Pick::RoundRobin, HopFact::Pick::Random,
                                              HopFact::Pick::LeastConnections,
                                              HopFact::Pick::IpHash};
    fact.pick = picks[static_cast<int>(m_config.algorithm)];
    return fact;
}

void LoadBalancer::forward(Engine &engine, std::uint32_t request)
{
    const int chosen = choose(engine, request);
    if (chosen < 0) { // no healthy backend: 503
        m_stats.answer(engine, request, 0);
        return;
    }
    Backend &b = m_backends[static_cast<std::size_t>(chosen)];
    engine.requests()[request].top().phase = static_cast<std::uint16_t>(chosen);
    ++b.open;
    if (m_stats.inWindow(engine.now()))
        ++b.sent;
    if (!engine.send(request, b.link, b.instance + 1)) {
        --b.open;
        m_stats.answer(engine, request, 0);
    }
}

bool LoadBalancer::probe(Time, Probe &out) const
{
    m_stats.probe(out);
    return true;
}

bool LoadBalancer::instanceUp(int) const
{
    return !m_failed || (m_standbyServing && !m_standby->m_failed);
}

bool LoadBalancer::fail(Engine &engine, int)
{
    m_failed = true;
    ++m_failures;
    engine.stateChanged(index(), "failed");
    if (m_standby)
        engine.schedule(engine.now() +
                            m_standby->m_config.healthInterval * m_standby->m_config.unhealthyAfter,
                        index(), kTakeover, 0, m_failures);
    return true;
}

bool LoadBalancer::recover(Engine &engine, int)
{
    m_failed = false;
    m_standbyServing = false;
    engine.stateChanged(index(), "recovered");
    return true;
}

void LoadBalancer::resetStatistics(Time now)
{
    m_stats.reset(now);
    for (Backend &b : m_backends)
        b.sent = 0;
    m_handedOver = 0;
}

void LoadBalancer::merge(const Component &other, Time otherNow)
{
    const auto &o = static_cast<const LoadBalancer &>(other);
    m_stats.merge(o.m_stats, otherNow);
    for (std::size_t i = 0; i < m_backends.size() && i < o.m_backends.size(); ++i)
        m_backends[i].sent += o.m_backends[i].sent;
    m_handedOver += o.m_handedOver;
}

double LoadBalancer::utilization(Time now) const
{
    if (m_config.maxConnections <= 0)
        return -1;
    return m_stats.concurrencyMean(now) / m_config.maxConnections;
}

LoadFact LoadBalancer::loadFact(Time now, double busy) const
{
    LoadFact fact = Component::loadFact(now, busy);
    fact.code = LoadFact::Code::Connections;
    return fact;
}

void LoadBalancer::report(Time now, Metrics &out) const
{
    m_stats.report(now, out);
    out.add("utilization", std::max(0.0, utilization(now)));
    int healthy = 0;
    for (const Backend &b : m_backends)
        healthy += b.healthy ? 1 : 0;
    out.add("backends_healthy", healthy);
    out.add("backends_total", static_cast<int>(m_backends.size()));
    if (m_standby)
        out.add("handed_to_standby", m_handedOver);
}

} // namespace scalelab::sim
