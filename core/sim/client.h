#pragma once

#include "sim/component.h"
#include "sim/request.h"
#include "sim/statistics.h"
#include "sim/zipf_sampler.h"

#include <array>
#include <vector>

namespace scalelab::sim {

// The users: open arrivals (Poisson or evenly spaced) at a rate that may follow a profile; each
// request gets a kind from the mix, a key from the popularity law and a user id. It measures what
// the users feel: end-to-end latency and errors.
class Client : public Component {
public:
    struct Config {
        double rateRps = 0;
        bool poisson = true;
        std::vector<std::pair<Time, double>> profile;      // (at, rate_rps), in time order
        std::array<double, kRequestKinds> mix{0, 1, 0, 0}; // static, read, write, job weights
        std::uint64_t keyCount = 10000;
        double zipf = 0;
        std::uint32_t users = 100000;
        std::uint32_t firstUser = 0; // user ids are firstUser .. firstUser + users - 1, so that
                                     // two clients never share a user (sessions, ip_hash)
    };

    struct Statistics {
        std::uint64_t requests = 0;
        std::uint64_t completed = 0;
        std::uint64_t errors = 0;
        LatencyHistogram latency;
        BatchMeans batches;
        Time windowStart = 0;
        double mergedSeconds = 0;
    };

    Client(std::string id, Config config);

    void start(Engine &engine) override;
    void handle(Engine &engine, const Event &event) override;
    void resetStatistics(Time now) override;
    void merge(const Component &other, Time otherNow) override;
    void report(Time now, Metrics &out) const override;
    double utilization(Time) const override { return -1; }
    bool probe(Time now, Probe &out) const override;
    bool spike(Engine &engine, double factor) override;

    const Statistics &statistics() const { return m_stats; }
    double observedSeconds(Time now) const;
    double currentRate() const { return m_rate * m_spikeFactor * m_loadScale; }
    // The run bar's live load control: every rate, from the profile and spikes alike, times
    // `scale` from now on.
    void setLoadScale(Engine &engine, double scale);

private:
    enum : std::uint32_t { kNextArrival = kFirstPrivate, kRateChange };

    void scheduleNextArrival(Engine &engine);
    void issueRequest(Engine &engine);
    RequestKind drawKind();

    Config m_config;
    ZipfSampler m_keys;
    std::array<double, kRequestKinds> m_cumulativeMix{};
    double m_rate = 0;                       // current base rate from the profile
    double m_spikeFactor = 1;                // the spike scenario action
    double m_loadScale = 1;                  // the run bar's load control
    std::uint32_t m_generation = 0;          // invalidates a pending arrival when the rate changes
    std::uint32_t m_staticLink = UINT32_MAX; // to a CDN
    std::vector<std::uint32_t> m_otherLinks;
    std::size_t m_nextLink = 0;
    Time m_end = 0;
    Statistics m_stats;
};

} // namespace scalelab::sim
