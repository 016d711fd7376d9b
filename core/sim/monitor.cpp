#include "sim/monitor.h"
#include "sim/probe_window.h"

#include "sim/engine.h"

#include <cmath>
#include <limits>

namespace scalelab::sim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool isPercentile(const std::string &metric)
{
    return metric == "p50_ms" || metric == "p95_ms" || metric == "p99_ms" || metric == "mean_ms";
}

bool isGauge(const std::string &metric)
{
    return metric == "instances" || metric == "backlog" || metric == "replication_lag_ms";
}

} // namespace

Monitor::Monitor(std::string id, Config config)
    : Component(std::move(id), "monitor"), m_config(std::move(config))
{
    for (const Alert &a : m_config.alerts) {
        Watch w;
        w.alert = a;
        w.ring.resize(static_cast<std::size_t>(m_config.window) + 1);
        m_watches.push_back(std::move(w));
    }
}

void Monitor::start(Engine &engine)
{
    if (!m_watches.empty())
        engine.schedule(engine.now() + m_config.period, index(), kSample);
}

void Monitor::handle(Engine &engine, const Event &event)
{
    if (event.kind == kArrive) {
        // A request sent to a monitor (a link drawn to it) gets an answer, as from any
        // component with nothing downstream, so it never hangs.
        engine.reply(event.request, ReplyOk);
        return;
    }
    if (event.kind != kSample)
        return;
    const Time now = engine.now();
    for (Watch &w : m_watches) {
        const double value = sample(engine, w);
        if (std::isnan(value))
            continue;
        w.samples.emplace_back(toSeconds(now), value);
        if (value > w.alert.above) {
            if (!w.firing) {
                w.firing = true;
                w.firedAt = toSeconds(now);
                w.peak = value;
                engine.stateChanged(index(), "alert: " + w.alert.componentId + " " +
                                                 w.alert.metric + " above threshold");
            }
            w.peak = std::max(w.peak, value);
        } else if (w.firing) {
            w.firing = false;
            m_fired.push_back({{"component", w.alert.componentId},
                               {"metric", w.alert.metric},
                               {"above", w.alert.above},
                               {"fired_at_s", w.firedAt},
                               {"cleared_at_s", toSeconds(now)},
                               {"peak", w.peak}});
            engine.stateChanged(index(),
                                "alert cleared: " + w.alert.componentId + " " + w.alert.metric);
        }
    }
    engine.schedule(now + m_config.period, index(), kSample);
}

double Monitor::sample(Engine &engine, Watch &w)
{
    const Time now = engine.now();
    const Component &target = engine.component(w.alert.component);
    const std::string &metric = w.alert.metric;
    if (isGauge(metric))
        return target.gauge(metric, now);

    const std::size_t slot = w.next;
    Reading &current = w.ring[slot];
    current.at = now;
    current.probe = Probe{};
    if (!target.probe(now, current.probe))
        return kNaN;
    if (isPercentile(metric) && current.probe.response) {
        current.counts = current.probe.response->counts();
        current.total = current.probe.response->count();
        current.sum = current.probe.response->sum();
    }
    const std::size_t size = w.ring.size();
    w.filled = std::min(w.filled + 1, size);
    w.next = (slot + 1) % size;
    if (w.filled < 2)
        return kNaN; // a window needs two readings
    const std::size_t oldestIndex = (slot + size - (w.filled - 1)) % size;
    const Reading &old = w.ring[oldestIndex];
    const Probe &a = old.probe;
    const Probe &b = current.probe;
    // Statistics restart at the end of the warm-up: a window across it starts from zero.
    const bool restarted = b.completed < a.completed || b.busyArea < a.busyArea;
    const Probe zero{};
    const Probe &from = restarted ? zero : a;
    // A window across the restart covers only the time since it.
    const double seconds = toSeconds(now - (restarted ? m_restartedAt : old.at));

    if (metric == "utilization")
        return window::utilization(from, b);
    if (metric == "queue_length")
        return window::queueLength(from, b, seconds);
    if (metric == "throughput_rps")
        return window::throughputRps(from, b, seconds);
    if (metric == "error_rate")
        return window::errorRate(from, b);
    if (metric == "hit_ratio")
        return window::hitRatio(from, b);
    if (isPercentile(metric)) {
        std::vector<std::uint64_t> counts = current.counts;
        std::uint64_t total = current.total;
        double sum = current.sum;
        if (!restarted && old.counts.size() == counts.size()) {
            for (std::size_t i = 0; i < counts.size(); ++i)
                counts[i] -= old.counts[i];
            total -= old.total;
            sum -= old.sum;
        }
        if (total == 0)
            return kNaN;
        if (metric == "mean_ms")
            return sum / static_cast<double>(total) / kNanosecondsPerMillisecond;
        const double q = metric == "p50_ms" ? 0.5 : metric == "p95_ms" ? 0.95 : 0.99;
        return toMilliseconds(LatencyHistogram::quantileOf(counts, total, q));
    }
    return kNaN;
}

void Monitor::report(Time now, Metrics &out) const
{
    Records alerts = m_fired;
    for (const Watch &w : m_watches)
        if (w.firing) // still firing at the end: no clearing time
            alerts.push_back({{"component", w.alert.componentId},
                              {"metric", w.alert.metric},
                              {"above", w.alert.above},
                              {"fired_at_s", w.firedAt},
                              {"peak", w.peak}});
    out.add("alerts_fired", static_cast<std::uint64_t>(alerts.size()));
    out.add("alerts", std::move(alerts));
    for (const Watch &w : m_watches)
        out.add("metrics." + w.alert.componentId + "." + w.alert.metric, w.samples);
    (void)now;
}

} // namespace scalelab::sim
