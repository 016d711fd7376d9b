#include "sim/metrics.h"

namespace scalelab::sim {

const MetricValue *Metrics::find(const std::string &path) const
{
    for (const Metric &m : m_items)
        if (m.path == path)
            return &m.value;
    return nullptr;
}

void Metrics::addLatency(const std::string &prefix, const LatencyHistogram &h, Tail tail)
{
    add(prefix + ".mean", h.mean() / kNanosecondsPerMillisecond);
    add(prefix + ".p50", toMilliseconds(h.quantile(0.50)));
    add(prefix + ".p95", toMilliseconds(h.quantile(0.95)));
    add(prefix + ".p99", toMilliseconds(h.quantile(0.99)));
    if (tail == Tail::Without)
        return;
    add(prefix + ".p999", toMilliseconds(h.quantile(0.999)));
    add(prefix + ".max", toMilliseconds(h.max()));
}

double Metrics::number(const std::string &path, double fallback) const
{
    const MetricValue *v = find(path);
    if (!v)
        return fallback;
    if (const auto *i = std::get_if<std::int64_t>(v))
        return static_cast<double>(*i);
    if (const auto *d = std::get_if<double>(v))
        return *d;
    return fallback;
}

} // namespace scalelab::sim
