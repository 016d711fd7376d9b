#pragma once

#include "sim/component.h"
#include "sim/distribution.h"
#include "sim/relay_statistics.h"

#include <vector>

namespace scalelab::sim {

// Spreads requests over the instances of its downstream pools by an algorithm, and learns that a
// backend died only through health checks: until `unhealthyAfter` checks in a row have missed, a
// dead backend keeps receiving requests (and they fail).
class LoadBalancer : public Component {
public:
    enum class Algorithm { RoundRobin, Random, LeastConnections, IpHash };

    struct Config {
        Algorithm algorithm = Algorithm::RoundRobin;
        Distribution service;   // time spent in the balancer itself, ns
        int maxConnections = 0; // 0: no limit
        Time healthInterval = 5 * kNanosecondsPerSecond;
        int unhealthyAfter = 2;
    };

    struct Backend {
        std::uint32_t link = 0;
        int instance = 0;
        bool healthy = true;
        int missedChecks = 0;
        int open = 0;           // requests sent and not yet answered
        std::uint64_t sent = 0; // since the warm-up
    };

    LoadBalancer(std::string id, Config config);

    void start(Engine &engine) override;
    void handle(Engine &engine, const Event &event) override;
    void resetStatistics(Time now) override;
    void merge(const Component &other, Time otherNow) override;
    void report(Time now, Metrics &out) const override;
    double utilization(Time now) const override;
    LoadFact loadFact(Time now, double busy) const override;
    bool probe(Time now, Probe &out) const override;
    bool fail(Engine &engine, int instance) override;
    bool recover(Engine &engine, int instance) override;
    HopFact hopFact(const Engine &engine, const Observer::Hop &hop) const override;

    const std::vector<Backend> &backends() const { return m_backends; }
    // A standby balancer takes over this one's address when it fails, once the standby's own
    // health checks have noticed (unhealthy_after x interval later).
    void setStandby(LoadBalancer *standby) { m_standby = standby; }
    // Up while it serves, or while its standby serves for it.
    bool instanceUp(int instance) const override;

private:
    enum : std::uint32_t { kForward = kFirstPrivate, kHealthCheck, kTakeover };
    static constexpr std::uint16_t kViaStandby = UINT16_MAX; // frame phase of a handed-over request

    void forward(Engine &engine, std::uint32_t request);
    int choose(Engine &engine, std::uint32_t request);

    Config m_config;
    std::vector<Backend> m_backends;
    std::vector<int> m_healthyScratch;
    std::size_t m_nextBackend = 0;
    bool m_failed = false;
    LoadBalancer *m_standby = nullptr;
    bool m_standbyServing = false;
    std::uint32_t m_failures = 0; // tells a takeover timer of an earlier failure to do nothing
    std::uint64_t m_handedOver = 0;
    RelayStatistics m_stats{RelayStatistics::Counting::AnsweredInWindow,
                            RelayStatistics::Rejections::Reported};
};

} // namespace scalelab::sim
