#pragma once

#include "sim/engine.h"
#include "sim/metrics.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace scalelab::sim {

struct LatencySummary {
    double mean = 0, p50 = 0, p95 = 0, p99 = 0, p999 = 0, max = 0;
    double ci95 = 0; // half-width of the 95 % confidence interval of the mean
};

struct Summary {
    std::uint64_t requests = 0;
    std::uint64_t completed = 0;
    std::uint64_t errors = 0;
    double errorRate = 0;
    double throughputRps = 0;
    LatencySummary latencyMs;
};

struct ComponentResult {
    std::string id;
    std::string type;
    Metrics metrics;
    double utilization = -1;
};

// What a run measured, independent of any output format.
struct RunResults {
    std::uint64_t seed = 0;
    double durationS = 0;
    double warmupS = 0;
    int replications = 1;
    std::uint64_t events = 0;
    double wallS = 0;
    Summary summary;
    std::vector<ComponentResult> components; // in the order they were added
    std::string bottleneck;                  // empty when nothing has a capacity limit
    double bottleneckUtilization = 0;
    // What keeps the bottleneck busy; core/model/explanations says it in words. When nothing is
    // near its capacity, naming the busiest component "the bottleneck" would mislead, and the
    // words say so instead.
    LoadFact bottleneckFact;
    bool nothingNearCapacity = false;
};

// Builds one engine, ready to run, for a replication seed. Called from worker threads.
using EngineFactory = std::function<std::unique_ptr<Engine>(std::uint64_t seed)>;

// The seed of replication r: the model's seed itself for the first, so one replication gives
// exactly the results of a plain run with that seed.
std::uint64_t replicationSeed(std::uint64_t seed, int replication);

// Runs `replications` independent replications on up to `threads` threads (0: every core) and
// merges them in replication order, so the results do not depend on the thread count. The
// observer, if any, watches the first replication.
RunResults runReplications(const EngineFactory &factory, std::uint64_t seed, int replications,
                           Observer *observer = nullptr, int threads = 0);

// The results of one engine that has run (and into which others may have been merged).
// `replicationMeans` are the per-replication mean latencies (ns) for the confidence interval.
RunResults collectResults(const Engine &engine, const std::vector<double> &replicationMeans);

// The results of one engine that has run on its own, exactly as runReplications() reports a
// single replication: what the workbench's live run shows at its end.
RunResults resultsOf(const Engine &engine);

} // namespace scalelab::sim
