#pragma once

#include "sim/component.h"
#include "sim/distribution.h"
#include "sim/relay_statistics.h"
#include "sim/request.h"

#include <string>
#include <vector>

namespace scalelab::sim {

// The name service in front of the system: its downstreams are its answers (typically one load
// balancer per region). Users cache an answer for the TTL, so after a target fails they keep
// going to it until their cached answer runs out.
//
// Every request passes through here and goes on to the answer its user has cached. Caching needs
// no memory per user: user u refreshes its answer at the instants phase_u + k * ttl (phase_u a
// hash of u), so its answer at time t is the one the name service gave at its last refresh
// r_u(t). The service keeps a short history of its health view and of its own outages (one entry
// per change) and finds r_u's answer by binary search: a refresh that fell in an outage leaves
// the user without an address until its next refresh. Only the lookup latency needs per-user state:
// the last refresh epoch each user has paid a lookup for, two bytes a user.
class Dns : public Component {
public:
    enum class Policy { Geo, RoundRobin };

    struct Config {
        Time ttl = 60 * kNanosecondsPerSecond; // 0: every request looks the name up
        Policy policy = Policy::Geo;
        Distribution latency;    // one lookup, paid on a user's first request after a refresh
        std::uint32_t users = 0; // user ids behind it are 0 .. users - 1 (all clients')
        Time checkInterval = kNanosecondsPerSecond;
    };

    Dns(std::string id, Config config);

    void start(Engine &engine) override;
    void handle(Engine &engine, const Event &event) override;
    void resetStatistics(Time now) override;
    void merge(const Component &other, Time otherNow) override;
    void report(Time now, Metrics &out) const override;
    double utilization(Time) const override { return -1; }
    LoadFact loadFact(Time now, double busy) const override;
    bool probe(Time now, Probe &out) const override;
    bool fail(Engine &engine, int instance) override;
    bool recover(Engine &engine, int instance) override;
    bool instanceUp(int) const override { return !m_failed; }

    // The instant user `user` last refreshed its cached answer, at or before `now`.
    Time refreshInstant(std::uint32_t user, Time now) const;
    std::uint64_t lookups() const { return m_lookups; }

private:
    enum : std::uint32_t { kHealthCheck = kFirstPrivate, kLookupDone };
    using HealthMask = std::uint64_t; // bit i: answer i is healthy (answers beyond 64: always)

    struct Target {
        std::uint32_t link = 0;
        std::uint32_t component = 0;
        int region = -1;
        std::string id;         // the target component's, for the report
        std::uint64_t sent = 0; // since the warm-up
    };
    struct HealthChange {
        Time at = 0;
        HealthMask healthy = 0;
        bool answering = true; // false while the name service itself is down
    };

    Time phaseOf(std::uint32_t user) const;
    HealthMask observeHealth(Engine &engine) const;
    void checkHealth(Engine &engine);
    const HealthChange &stateAt(Time at) const;
    int answerFor(const Engine &engine, const Request &request, HealthMask mask,
                  std::int64_t epoch) const;

    Config m_config;
    std::vector<Target> m_targets;
    std::vector<HealthChange> m_history;    // in time order; the oldest still needed comes first
    std::vector<std::uint16_t> m_epochSeen; // per user: last refresh epoch looked up, +1 (0: none)
    bool m_failed = false;
    RelayStatistics m_stats{RelayStatistics::Counting::ArrivedInWindow};
    std::uint64_t m_lookups = 0; // since the warm-up
};

} // namespace scalelab::sim
