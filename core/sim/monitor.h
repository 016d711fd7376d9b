#pragma once

#include "sim/component.h"
#include "sim/statistics.h"

#include <string>
#include <vector>

namespace scalelab::sim {

// Logging and metrics: samples other components' metrics every second over a sliding window and
// fires an alert while a metric is above its threshold, clearing it when it falls back. It
// observes; it is not on any request's path.
class Monitor : public Component {
public:
    struct Alert {
        std::string metric; // p50_ms p95_ms p99_ms mean_ms utilization queue_length error_rate
                            // throughput_rps hit_ratio, or a gauge: instances backlog
                            // replication_lag_ms
        std::uint32_t component = 0;
        std::string componentId;
        double above = 0;
    };

    struct Config {
        std::vector<Alert> alerts;
        Time period = kNanosecondsPerSecond; // how often it samples
        int window = 5;                      // samples a windowed metric spans
    };

    Monitor(std::string id, Config config);

    void start(Engine &engine) override;
    void handle(Engine &engine, const Event &event) override;
    // Remembers when the observed components' statistics restart (the end of the warm-up).
    void resetStatistics(Time now) override { m_restartedAt = now; }
    void merge(const Component &, Time) override {}
    void report(Time now, Metrics &out) const override;
    double utilization(Time) const override { return -1; }

private:
    enum : std::uint32_t { kSample = kFirstPrivate };

    struct Reading {
        Time at = 0;
        Probe probe;
        std::vector<std::uint64_t> counts; // response histogram, for percentiles
        std::uint64_t total = 0;
        double sum = 0;
    };

    struct Watch {
        Alert alert;
        std::vector<Reading> ring; // the last `window` + 1 readings
        std::size_t next = 0;
        std::size_t filled = 0;
        Series samples;
        bool firing = false;
        double firedAt = 0;
        double peak = 0;
    };

    double sample(Engine &engine, Watch &watch);

    Config m_config;
    std::vector<Watch> m_watches;
    Records m_fired; // every firing, with its clearing time once it cleared
    Time m_restartedAt = 0;
};

} // namespace scalelab::sim
