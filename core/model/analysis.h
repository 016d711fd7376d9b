#pragma once

#include "model.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace scalelab::model {

// The analytic estimate for one component at the configured load: what `analyze` prints and what
// the canvas will show while editing, without running the engine.
struct ComponentEstimate {
    QString id;
    ComponentKind kind = ComponentKind::Client; // analysis JSON writes its name as "type"
    double arrivalRps = 0;   // requests per second reaching the component (all instances)
    double demandMs = 0;     // mean core time per request (service demand)
    int servers = 0;         // cores x instances serving it (0: not a queueing station)
    double utilization = 0;  // utilisation law: arrivalRps * demand / servers
    double capacityRps = 0;  // arrival rate at which utilisation reaches 1 (infinity when 0 demand)
    double responseMs = 0;   // M/M/c estimate of the time spent there (wait + service); inf if >= 1
    double hitRatio = -1;    // caches: Che's approximation under the clients' key popularity
    QString note;            // how the figure was obtained, for tooltips
    double costPerMonth = 0; // USD a month at this load (assets/prices.json)
};

// What sharding through one shard router means: how each strategy would reshuffle the keys if a
// shard were added, and how the router's load falls on its shards under the real key mapping.
struct ShardingEstimate {
    QString router;
    QString strategy;
    int shards = 0;
    // Share of the keys (or users) whose shard changes when one shard is added, from mapping a
    // sample of keys with n and n + 1 shards by the engine's own code.
    double movedHashMod = 0;
    double movedConsistentHash = 0;
    double movedRange = 0;
    QStringList shardIds;    // in link order
    QList<double> loadShare; // share of the router's requests each shard gets
    double imbalance = 0;    // the busiest shard's share over the mean share
};

struct Analysis {
    double offeredRps = 0;               // the clients' total rate (after a --rate override)
    QList<ComponentEstimate> estimates;  // in model order
    QStringList unreachable;             // components no client's requests can reach
    QList<QStringList> cycles;           // request cycles, each as the ids along it
    QStringList spof;                    // single points of failure, in model order
    QHash<QString, QString> spofReasons; // id -> why it is one (for badges and tooltips)
    QString bottleneck;                  // the component with the highest utilisation
    double bottleneckUtilization = 0;
    double maxThroughputRps = 0;      // bottleneck law: the offered rate that saturates it
    QString explanation;              // a sentence naming the bottleneck and what would help
    QList<ShardingEstimate> sharding; // one per shard router, in model order
    double costPerMonth = 0;          // USD a month at this load; NaN without a price table
};

// Graph checks (Boost.Graph) and the utilisation and bottleneck laws at the configured load.
// rateRps, when set, scales every client so that their rates add up to it (like `run --rate`).
Analysis analyze(const Model &model, std::optional<double> rateRps = std::nullopt);
QJsonObject toJson(const Analysis &analysis, const Model &model);

} // namespace scalelab::model
