#include "sim/sampler.h"

#include "sim/client.h"
#include "sim/engine.h"
#include "sim/probe_window.h"
#include "sim/statistics.h"

#include <cmath>

namespace scalelab::sim {

namespace {
bool isClient(const Component &c)
{
    return c.type() == "client";
}

double levelOf(double gauge)
{
    return std::isnan(gauge) ? ComponentSample::kNone : gauge;
}
} // namespace

Sampler::Sampler(const Engine &engine)
    : m_at(engine.now()), m_readings(engine.componentCount()), m_linkSent(engine.linkCount(), 0),
      m_latencyCounts(static_cast<std::size_t>(LatencyHistogram::kBucketCount), 0)
{
    for (std::uint32_t l = 0; l < engine.linkCount(); ++l)
        m_linkSent[l] = engine.link(l).sent;
}

Sample Sampler::take(const Engine &engine)
{
    const Time now = engine.now();
    // Across the warm-up's end the counters restarted from zero.
    const bool restarted = m_at < engine.warmup() && now >= engine.warmup();
    const Time from = restarted ? engine.warmup() : m_at;
    Sample s;
    s.at = now;
    s.windowS = toSeconds(now - from);
    const double seconds = s.windowS;
    s.components.resize(engine.componentCount());

    std::vector<std::uint64_t> latency(m_latencyCounts.size(), 0);
    std::uint64_t latencyTotal = 0;
    double latencySum = 0;
    Probe usersBefore, usersNow;

    for (std::uint32_t i = 0; i < engine.componentCount(); ++i) {
        const Component &c = engine.component(i);
        Reading &previous = m_readings[i];
        Reading current;
        current.has = c.probe(now, current.probe);
        if (current.probe.response) {
            current.responses = current.probe.response->count();
            current.responseSum = current.probe.response->sum();
        }
        const Reading zero;
        const Reading &before = restarted || !previous.has ? zero : previous;

        ComponentSample &out = s.components[i];
        out.instanceCount = c.instanceCount();
        out.instancesUp = 0;
        for (int k = 0; k < out.instanceCount; ++k)
            out.instancesUp += c.instanceUp(k) ? 1 : 0;
        out.backlog = levelOf(c.gauge("backlog", now));
        out.lagMs = levelOf(c.gauge("replication_lag_ms", now));
        out.instances = levelOf(c.gauge("instances", now));
        if (current.has) {
            const Probe &a = before.probe, &b = current.probe;
            if (b.capacityArea > 0)
                out.utilization = window::utilization(a, b);
            if (b.waitingArea > 0 || b.capacityArea > 0)
                out.queueLength = window::queueLength(a, b, seconds);
            out.throughputRps = window::throughputRps(a, b, seconds);
            if (seconds > 0)
                out.errorRate = window::errorRate(a, b);
            out.hitRatio = window::hitRatio(a, b);
            const std::uint64_t n = current.responses - before.responses;
            if (n > 0)
                out.meanResponseMs = (current.responseSum - before.responseSum) /
                                     static_cast<double>(n) / kNanosecondsPerMillisecond;
            if (isClient(c)) {
                usersBefore.completed += a.completed;
                usersBefore.errors += a.errors;
                usersNow.completed += b.completed;
                usersNow.errors += b.errors;
                if (b.response) {
                    const auto &counts = b.response->counts();
                    for (std::size_t k = 0; k < counts.size() && k < latency.size(); ++k)
                        latency[k] += counts[k];
                    latencyTotal += current.responses;
                    latencySum += current.responseSum;
                }
            }
        }
        if (isClient(c))
            s.offeredRps += static_cast<const Client &>(c).currentRate();
        previous = current;
    }

    s.throughputRps = window::throughputRps(usersBefore, usersNow, seconds);
    s.errorRate = seconds > 0 ? window::errorRate(usersBefore, usersNow) : ComponentSample::kNone;
    // The users' latency over the window: this reading of the histograms less the last.
    std::vector<std::uint64_t> windowCounts = latency;
    std::uint64_t windowTotal = latencyTotal;
    double windowSum = latencySum;
    if (!restarted) {
        for (std::size_t k = 0; k < windowCounts.size(); ++k)
            windowCounts[k] -= m_latencyCounts[k];
        windowTotal -= m_latencyTotal;
        windowSum -= m_latencySum;
    }
    if (windowTotal > 0) {
        s.meanMs = windowSum / static_cast<double>(windowTotal) / kNanosecondsPerMillisecond;
        s.p50Ms = toMilliseconds(LatencyHistogram::quantileOf(windowCounts, windowTotal, 0.5));
        s.p95Ms = toMilliseconds(LatencyHistogram::quantileOf(windowCounts, windowTotal, 0.95));
        s.p99Ms = toMilliseconds(LatencyHistogram::quantileOf(windowCounts, windowTotal, 0.99));
    }
    m_latencyCounts = std::move(latency);
    m_latencyTotal = latencyTotal;
    m_latencySum = latencySum;

    s.linkRps.resize(engine.linkCount(), 0);
    for (std::uint32_t l = 0; l < engine.linkCount(); ++l) {
        const std::uint64_t sent = engine.link(l).sent;
        // Link counters never restart: the window is the time since the last reading.
        const double linkSeconds = toSeconds(now - m_at);
        s.linkRps[l] =
            linkSeconds > 0 ? static_cast<double>(sent - m_linkSent[l]) / linkSeconds : 0;
        m_linkSent[l] = sent;
    }
    m_at = now;
    return s;
}

} // namespace scalelab::sim
