#pragma once

#include "sim/component.h"
#include "sim/time.h"

#include <cstdint>
#include <limits>
#include <vector>

namespace scalelab::sim {

class Engine;

// What one component did over a sampling window, with its levels at the window's end. Figures
// a component does not have (a hit ratio for a web server) are NaN, and so is every windowed
// figure of an empty window (the sample taken the instant the warm-up restarts statistics).
struct ComponentSample {
    static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
    double utilization = kNone;    // busy share of its powered cores
    double queueLength = kNone;    // mean requests waiting
    double throughputRps = kNone;  // requests it completed per second
    double errorRate = kNone;      // errors among the requests it answered
    double hitRatio = kNone;       // caches and CDNs
    double meanResponseMs = kNone; // mean time a request spent there, service and waits
    double backlog = kNone;        // queues: jobs waiting now
    double lagMs = kNone;          // replicas: the last write's replication delay
    double instances = kNone;      // powered instances now (autoscaled tiers)
    int instanceCount = 1;
    int instancesUp = 1; // 0: failed; between 0 and instanceCount: degraded
};

// The whole system over a sampling window: what the users felt, and every component and link.
struct Sample {
    Time at = 0;
    double windowS = 0;       // the window's length, seconds of simulated time
    double offeredRps = 0;    // the clients' arrival rate now
    double throughputRps = 0; // requests completed for the users per second (NaN: empty window)
    double errorRate = 0;     // among the users' answered requests (NaN: empty window)
    double meanMs = ComponentSample::kNone;
    double p50Ms = ComponentSample::kNone;
    double p95Ms = ComponentSample::kNone;
    double p99Ms = ComponentSample::kNone;
    std::vector<ComponentSample> components; // in engine order
    std::vector<double> linkRps;             // requests sent along each link per second
};

// Reads every component's cumulative probe at an instant and turns the difference from the
// previous reading into a Sample. It only reads the engine, so sampling never changes a run.
// Statistics restart at the end of the warm-up: a window across it covers only the time since.
class Sampler {
public:
    explicit Sampler(const Engine &engine);

    Sample take(const Engine &engine);

private:
    struct Reading {
        Probe probe;
        bool has = false;
        std::uint64_t responses = 0;
        double responseSum = 0;
    };
    Time m_at = 0;
    std::vector<Reading> m_readings;
    std::vector<std::uint64_t> m_linkSent;
    std::vector<std::uint64_t> m_latencyCounts; // the clients' latency histograms, added up
    std::uint64_t m_latencyTotal = 0;
    double m_latencySum = 0;
};

} // namespace scalelab::sim
