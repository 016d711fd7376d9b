#pragma once

// What the analysis's parts share (analysis.cpp puts them together): the drawn graph, the load
// routed through it, and the figures each part estimates. Internal to core/model.

#include "analysis.h"
#include "component_kind.h"
#include "kinds/kind_support.h"
#include "model.h"

#include "sim/shard_router.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

namespace scalelab::model::internal {

using kinds::meanOf;

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();

// The request kinds of a client's mix, in docs/model.md's order.
enum Kind { Static, Read, Write, Job, KindCount };
inline constexpr std::array<const char *, KindCount> kKindNames = {"static", "read", "write",
                                                                   "job"};

// What a component spends its cores on: the bottleneck's explanation names the largest share.
enum Purpose { WorkStatic, WorkRead, WorkWrite, WorkJob, WorkSession, WorkReplication, WorkCount };

Purpose workOf(Kind kind);
bool isExponential(const Component &component, const QString &name);
double memberNumber(const Component &component, const QString &object, const QString &name,
                    double fallback);

// ---------------------------------------------------------------------------------------------
// The drawn graph (analysis_graph.cpp).

// The drawn graph, with monitors left out: they observe the system, no request passes them.
struct Topology {
    int n = 0;
    QHash<QString, int> index;
    std::vector<ComponentKind> kind;        // each component's, indexed like the graph
    std::vector<std::vector<int>> down;     // request downstreams, in link order
    std::vector<std::vector<int>> replicas; // replication targets
    std::vector<std::vector<int>> standbys; // load balancers standing by for this one
    std::vector<char> standby;              // a load balancer that stands by for a peer

    bool is(int component, ComponentKind k) const
    {
        return kind[static_cast<std::size_t>(component)] == k;
    }
    const std::vector<int> &downstream(int component) const
    {
        return down[static_cast<std::size_t>(component)];
    }
};

Topology topologyOf(const Model &model);
std::vector<int> webCalls(const Topology &t, int web, int failed, bool standbys);
std::vector<char> reachableFromClients(const Topology &t);
QList<QStringList> requestCycles(const Model &model, const Topology &t);
std::vector<char> articulationPoints(const Topology &t, const std::vector<char> &reached);
std::vector<char> touchedBy(const Topology &t, int client, Kind kind, int failed,
                            bool standbys = false);

// ---------------------------------------------------------------------------------------------
// Cache hit ratios (hit_ratio_estimate.cpp).

struct KeyLaw {
    double weight = 0; // lookups per second that follow this law
    double count = 0;  // keys 1..count
    double zipf = 0;   // p_i proportional to i^-zipf
};

double hitRatio(const std::vector<KeyLaw> &laws, double capacity, const QString &eviction);
// Sum of i^-s for i in [a, b) (the Zipf mass of a run of keys; sharding weighs runs by it).
double powerSum(double a, double b, double s);

// ---------------------------------------------------------------------------------------------
// Sharding (sharding_estimate.cpp).

struct ShardSetup {
    sim::ShardStrategy strategy = sim::ShardStrategy::HashMod;
    QString strategyName;
    int virtualNodes = 100;
    bool byUser = false;
    std::uint64_t keySpace = 1; // what a range router splits: as the simulation builder sizes it
};

ShardSetup shardSetup(const Model &model, const Component &router);
double movedShare(const ShardSetup &setup, sim::ShardStrategy strategy, int shards);
std::vector<double> shardShares(const sim::ShardMap &map, bool byUser, const KeyLaw &keys,
                                double firstUser, double users);
ShardingEstimate shardingEstimate(const Model &model, const Topology &t, int router,
                                  const std::vector<double> &routed);

// ---------------------------------------------------------------------------------------------
// Queueing formulas (queueing_formulas.cpp).

double erlangC(int servers, double load);
double mmcResponseMs(int servers, double arrivalRps, double serviceMs);

// ---------------------------------------------------------------------------------------------
// Routing the clients' load (load_routing.cpp).

struct Station {
    double arrival = 0;
    std::array<double, WorkCount> busyMs{}; // core milliseconds per second, by purpose
    std::vector<double> lookups;            // per client: cacheable lookups per second
    bool cut = false;                       // a request cycle through it was cut
};

struct ClientLoad {
    double rate = 0;
    std::array<double, KindCount> mix{};
    KeyLaw keys;
};

// The load on every component after routing, and the hit ratios it settled on.
struct RoutedLoad {
    std::vector<Station> stations;
    std::vector<std::vector<double>> routes; // a shard router: requests per second to each shard
    std::vector<double> hits;

    const Station &station(int i) const { return stations[static_cast<std::size_t>(i)]; }
    const std::vector<double> &routed(int i) const { return routes[static_cast<std::size_t>(i)]; }
    double hit(int i) const { return hits[static_cast<std::size_t>(i)]; }
};

std::vector<ClientLoad> clientLoads(const Model &model, const Topology &t,
                                    std::optional<double> rateRps);
RoutedLoad routeLoad(const Model &model, const Topology &topology,
                     const std::vector<ClientLoad> &clients);

// ---------------------------------------------------------------------------------------------
// Single points of failure (single_points_of_failure.cpp).

void findSinglePointsOfFailure(const Model &model, const Topology &t,
                               const std::vector<char> &reached,
                               const std::vector<ClientLoad> &clients, Analysis &analysis);

} // namespace scalelab::model::internal
