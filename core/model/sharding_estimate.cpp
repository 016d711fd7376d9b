// Sharding: the engine's own key-to-shard mapping applied to the clients' keys.

#include "analysis_internal.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace scalelab::model::internal {

// ---------------------------------------------------------------------------------------------
// Sharding: the engine's own key-to-shard mapping (sim/shard_router.h) applied to the keys.

// Keys mapped one by one: the most popular of a key law, or a sample spread over a key space.
constexpr std::uint64_t kShardSample = 200000;

ShardSetup shardSetup(const Model &model, const Component &router)
{
    ShardSetup setup;
    setup.strategyName = router.text(QStringLiteral("strategy"));
    setup.strategy = kinds::shardStrategyNamed(setup.strategyName);
    setup.virtualNodes =
        std::max(1, static_cast<int>(router.number(QStringLiteral("virtual_nodes"), 100)));
    setup.byUser = router.text(QStringLiteral("shard_key")) == QLatin1String("user");
    double keys = 1;
    double users = 0;
    for (const Component &c : model.components) {
        if (c.kind != ComponentKind::Client)
            continue;
        keys = std::max(keys,
                        c.member(QStringLiteral("keys"), QStringLiteral("count")).toDouble(10000));
        users += c.number(QStringLiteral("users"), 100000);
    }
    setup.keySpace = static_cast<std::uint64_t>(std::max(1.0, setup.byUser ? users : keys));
    return setup;
}

// The share of the key space whose shard changes when one shard is added to `shards`: a sample
// of keys spread evenly over it, mapped with n and n + 1 shards.
double movedShare(const ShardSetup &setup, sim::ShardStrategy strategy, int shards)
{
    if (shards <= 0)
        return 0;
    const sim::ShardMap before(strategy, shards, setup.virtualNodes, setup.keySpace);
    const sim::ShardMap after(strategy, shards + 1, setup.virtualNodes, setup.keySpace);
    const std::uint64_t samples = std::min(setup.keySpace, kShardSample);
    std::uint64_t moved = 0;
    for (std::uint64_t j = 0; j < samples; ++j) {
        const std::uint64_t key = j * setup.keySpace / samples;
        moved += before.shardOf(key) != after.shardOf(key) ? 1 : 0;
    }
    return static_cast<double>(moved) / static_cast<double>(samples);
}

// The share of one client's requests each shard gets. Keys: the most popular keys mapped one by
// one with their Zipf weight, so a hot key makes a hot shard here too; the tail in small runs of
// neighbouring keys, each weighted by its exact mass and mapped by its middle key. Users
// (shard_key user): the client's users are equally likely, a sample of them is mapped.
std::vector<double> shardShares(const sim::ShardMap &map, bool byUser, const KeyLaw &keys,
                                double firstUser, double users)
{
    std::vector<double> share(static_cast<std::size_t>(std::max(0, map.shards())), 0);
    if (share.empty())
        return share;
    double total = 0;
    const auto add = [&](double key, double weight) {
        share[static_cast<std::size_t>(map.shardOf(static_cast<std::uint64_t>(key)))] += weight;
        total += weight;
    };
    if (byUser) {
        const double samples = std::min(std::max(1.0, users), static_cast<double>(kShardSample));
        for (double j = 0; j < samples; ++j)
            add(firstUser + std::floor(j * users / samples), 1);
    } else {
        const double count = std::max(1.0, keys.count);
        const double exact = std::min(count, static_cast<double>(kShardSample));
        for (double k = 0; k < exact; ++k)
            add(k, std::pow(k + 1, -keys.zipf)); // key k is popularity rank k + 1
        const double runs = static_cast<double>(kShardSample);
        for (double j = 0; j < runs && exact < count; ++j) {
            const double a = exact + std::floor(j * (count - exact) / runs);
            const double b = exact + std::floor((j + 1) * (count - exact) / runs);
            if (b > a)
                add(a + std::floor((b - a) / 2), powerSum(a + 1, b + 1, keys.zipf));
        }
    }
    for (double &x : share)
        x = total > 0 ? x / total : 0;
    return share;
}

ShardingEstimate shardingEstimate(const Model &model, const Topology &t, int router,
                                  const std::vector<double> &routed)
{
    const ShardSetup setup = shardSetup(model, model.components.at(router));
    ShardingEstimate estimate;
    estimate.router = model.components.at(router).id;
    estimate.strategy = setup.strategyName;
    estimate.shards = static_cast<int>(t.downstream(router).size());
    estimate.movedHashMod = movedShare(setup, sim::ShardStrategy::HashMod, estimate.shards);
    estimate.movedConsistentHash =
        movedShare(setup, sim::ShardStrategy::ConsistentHash, estimate.shards);
    estimate.movedRange = movedShare(setup, sim::ShardStrategy::Range, estimate.shards);
    double total = 0;
    for (const double rps : routed)
        total += rps;
    double busiest = 0;
    for (std::size_t s = 0; s < t.downstream(router).size(); ++s) {
        const double share = total > 0 && s < routed.size() ? routed[s] / total : 0;
        estimate.shardIds << model.components.at(t.downstream(router)[s]).id;
        estimate.loadShare << share;
        busiest = std::max(busiest, share);
    }
    estimate.imbalance = total > 0 && estimate.shards > 0 ? busiest * estimate.shards : 0;
    return estimate;
}

} // namespace scalelab::model::internal
