// Single points of failure: components whose loss cuts what the clients' requests need.

#include "analysis_internal.h"
#include "explanations.h"

#include <QSet>

#include <algorithm>
#include <cmath>
#include <set>

namespace scalelab::model::internal {

QString spofReason(const Component &component, bool shard, const QStringList &cutOff)
{
    if (shard)
        return Explanations::onlyCopyOfShard(component.id);
    const ComponentKindSpec &kind = kindSpec(component.kind);
    QString reason =
        kind.spofReason ? kind.spofReason(component) : Explanations::noAlternative(component.id);
    // What is cut off is a sentence of its own after the reason, whoever words the reason.
    if (!cutOff.isEmpty())
        reason += QLatin1Char(' ') + Explanations::cutOff(cutOff);
    return reason;
}

// Whether the component survives losing one copy of itself.
bool redundant(const Model &model, const Topology &t, int i)
{
    const Component &component = model.components.at(i);
    if (component.number(QStringLiteral("count"), 1) > 1)
        return true;
    if (component.parameters.value(QStringLiteral("autoscale"))
            .toObject()
            .value(QLatin1String("min"))
            .toDouble(0) > 1)
        return true;
    const bool primary = component.text(QStringLiteral("role")) != QLatin1String("replica");
    if (t.is(i, ComponentKind::Database) && primary) {
        // A primary with a replica fails over to it (failover has defaults, so it is configured).
        for (const int v : t.replicas[static_cast<std::size_t>(i)]) {
            if (t.is(v, ComponentKind::Database))
                return true;
        }
    }
    return !t.standbys[static_cast<std::size_t>(i)].empty();
}

// What a component's request links lead to, itself included.
std::vector<char> reachFrom(const Topology &t, int start)
{
    std::vector<char> seen(static_cast<std::size_t>(t.n), 0);
    std::vector<int> stack{start};
    seen[static_cast<std::size_t>(start)] = 1;
    while (!stack.empty()) {
        const int v = stack.back();
        stack.pop_back();
        for (const int w : t.downstream(v)) {
            if (!seen[static_cast<std::size_t>(w)]) {
                seen[static_cast<std::size_t>(w)] = 1;
                stack.push_back(w);
            }
        }
    }
    return seen;
}

// A second region: a DNS answers with targets in two or more regions, and this component lies on
// the way behind some of them but not all, so when it fails the DNS sends its users to a region
// that does without it (after their cached answers expire).
bool anotherRegionServes(const Model &model, const Topology &t, int i)
{
    for (int d = 0; d < t.n; ++d) {
        if (!t.is(d, ComponentKind::Dns))
            continue;
        QSet<QString> regions;
        bool behindSome = false, avoidedBySome = false;
        for (const int target : t.downstream(d)) {
            const QString &region = model.components.at(target).region;
            if (!region.isEmpty())
                regions.insert(region);
            if (reachFrom(t, target)[static_cast<std::size_t>(i)])
                behindSome = true;
            else
                avoidedBySome = true;
        }
        if (regions.size() >= 2 && behindSome && avoidedBySome)
            return true;
    }
    return false;
}

void findSinglePointsOfFailure(const Model &model, const Topology &t,
                               const std::vector<char> &reached,
                               const std::vector<ClientLoad> &clients, Analysis &analysis)
{
    const std::vector<char> articulation = articulationPoints(t, reached);
    // Each client's request kinds, and which types of component each can touch when all is well.
    struct Route {
        int client;
        Kind kind;
        std::set<ComponentKind> types;
    };
    std::vector<Route> routes;
    for (int c = 0; c < t.n; ++c) {
        if (!t.is(c, ComponentKind::Client))
            continue;
        for (int kind = 0; kind < KindCount; ++kind) {
            if (clients[static_cast<std::size_t>(c)].mix[kind] <= 0)
                continue;
            Route route{c, static_cast<Kind>(kind), {}};
            const std::vector<char> seen = touchedBy(t, c, route.kind, -1);
            for (int v = 0; v < t.n; ++v) {
                if (seen[static_cast<std::size_t>(v)])
                    route.types.insert(t.kind[static_cast<std::size_t>(v)]);
            }
            routes.push_back(std::move(route));
        }
    }
    std::vector<char> shards(static_cast<std::size_t>(t.n), 0);
    for (int i = 0; i < t.n; ++i) {
        if (t.is(i, ComponentKind::ShardRouter)) {
            for (const int v : t.downstream(i))
                shards[static_cast<std::size_t>(v)] = 1;
        }
    }

    for (int i = 0; i < t.n; ++i) {
        const auto ui = static_cast<std::size_t>(i);
        if (!reached[ui] || !kindSpec(model.components.at(i).kind).canBeSinglePointOfFailure ||
            redundant(model, t, i))
            continue;
        // Losing it must leave the clients' requests of some kind without a type of component
        // they had (this catches the end of a chain, which is no articulation point).
        bool losesFunction = false;
        std::vector<char> stillReached(static_cast<std::size_t>(t.n), 0);
        for (const Route &route : routes) {
            const std::vector<char> seen = touchedBy(t, route.client, route.kind, i);
            std::set<ComponentKind> types;
            for (int v = 0; v < t.n; ++v) {
                if (seen[static_cast<std::size_t>(v)])
                    types.insert(t.kind[static_cast<std::size_t>(v)]);
            }
            losesFunction = losesFunction || types != route.types;
            // What is cut off is what nothing can reach any more, not what merely stands by.
            const std::vector<char> reachable = touchedBy(t, route.client, route.kind, i, true);
            for (int v = 0; v < t.n; ++v) {
                if (reachable[static_cast<std::size_t>(v)])
                    stillReached[static_cast<std::size_t>(v)] = 1;
            }
        }
        const bool shard = shards[ui] != 0;
        if (!losesFunction && !articulation[ui] && !shard)
            continue;
        if (!losesFunction && !shard && anotherRegionServes(model, t, i))
            continue;
        QStringList cutOff;
        for (int v = 0; v < t.n; ++v) {
            const auto uv = static_cast<std::size_t>(v);
            if (v != i && reached[uv] && !stillReached[uv] && !t.is(v, ComponentKind::Client))
                cutOff << model.components.at(v).id;
        }
        const Component &component = model.components.at(i);
        analysis.spof << component.id;
        analysis.spofReasons.insert(component.id, spofReason(component, shard, cutOff));
    }
}

} // namespace scalelab::model::internal
