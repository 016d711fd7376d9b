#include "sim/metrics.h"

namespace scalelab::sim {

const MetricValue *Metrics::find(const std::string &path) const
{
    for (const Metric &m : m_items)
        if (m.path == path)
            return &m.value;
    return nullptr;
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
