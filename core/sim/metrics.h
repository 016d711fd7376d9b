#pragma once

#include "sim/statistics.h"

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace scalelab::sim {

// A figure a component reports, addressed by a dotted path ("wait_ms.mean"), so the engine can
// describe its results without knowing the JSON library the front ends use.
// A series is a list of (time in seconds, value) points, e.g. instances over time.
using Series = std::vector<std::pair<double, double>>;
// Records are a list of small objects, e.g. the alerts a monitor fired.
using RecordField = std::variant<double, std::string>;
using Record = std::vector<std::pair<std::string, RecordField>>;
using Records = std::vector<Record>;
using MetricValue = std::variant<std::int64_t, double, std::string, Series, Records>;

struct Metric {
    std::string path;
    MetricValue value;
};

class Metrics {
public:
    void add(std::string path, std::int64_t v) { m_items.push_back({std::move(path), v}); }
    void add(std::string path, std::uint64_t v)
    {
        m_items.push_back({std::move(path), static_cast<std::int64_t>(v)});
    }
    void add(std::string path, int v) { add(std::move(path), static_cast<std::int64_t>(v)); }
    void add(std::string path, double v) { m_items.push_back({std::move(path), v}); }
    void add(std::string path, std::string v)
    {
        m_items.push_back({std::move(path), std::move(v)});
    }

    void add(std::string path, Series v) { m_items.push_back({std::move(path), std::move(v)}); }

    void add(std::string path, Records v) { m_items.push_back({std::move(path), std::move(v)}); }

    // A latency histogram in milliseconds: prefix.mean, .p50, .p95, .p99, and with the tail also
    // .p999 and .max.
    enum class Tail { Without, With };
    void addLatency(const std::string &prefix, const LatencyHistogram &h, Tail tail);

    const std::vector<Metric> &items() const { return m_items; }
    const MetricValue *find(const std::string &path) const;
    double number(const std::string &path, double fallback = 0) const;

private:
    std::vector<Metric> m_items;
};

} // namespace scalelab::sim
