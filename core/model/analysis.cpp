#include "analysis.h"

#include "analysis_internal.h"
#include "cost.h"
#include "explanations.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace scalelab::model {

using namespace internal;

namespace {

// ---------------------------------------------------------------------------------------------
// Putting the figures together.

using Capacity = StationCapacity;

Capacity capacityOf(const Component &component)
{
    const ComponentKindSpec &kind = kindSpec(component.kind);
    return kind.capacity ? kind.capacity(component) : Capacity{};
}

// The core time a request would take when none arrives yet, so that capacity still means
// something on an idle component.
double nominalDemandMs(const Component &component)
{
    const ComponentKindSpec &kind = kindSpec(component.kind);
    return kind.nominalDemandMs ? kind.nominalDemandMs(component)
                                : meanOf(component, QStringLiteral("service_ms"), 0.2);
}

// The time a request spends in a component that is not a queueing station.
double delayMs(const Component &component)
{
    const ComponentKindSpec &kind = kindSpec(component.kind);
    return kind.delayMs ? kind.delayMs(component) : 0;
}

// How the figure was obtained: the kind's sentences, then those the analysis adds (each a
// sentence of its own, so that a translation of each reads on its own).
QString noteFor(const Component &component, const Capacity &capacity, const Station &station)
{
    const ComponentKindSpec &kind = kindSpec(component.kind);
    QStringList parts;
    if (kind.note)
        parts = kind.note(component, capacity);
    if (capacity.servers > 0 && !isExponential(component, kind.serviceParameter))
        parts << Explanations::waitOnlyIndicative();
    if (station.cut)
        parts << Explanations::cycleCut();
    return parts.join(QLatin1Char(' '));
}

// The situation of component i, as the engine's load fact states it for the same component: the
// advice follows what is already there.
AdviceContext adviceContextOf(const Model &model, const Topology &t, int i, Purpose work)
{
    AdviceContext context;
    context.work = static_cast<Work>(work);
    context.hasReplicas = !t.replicas[static_cast<std::size_t>(i)].empty();
    context.isReplica =
        model.components.at(i).text(QStringLiteral("role")) == QLatin1String("replica");
    for (int caller = 0; caller < t.n; ++caller) {
        const std::vector<int> &down = t.downstream(caller);
        if (std::find(down.begin(), down.end(), i) == down.end())
            continue;
        context.isShard = context.isShard || t.is(caller, ComponentKind::ShardRouter);
        for (const int callee : down)
            context.calledThroughCache =
                context.calledThroughCache || t.is(callee, ComponentKind::Cache);
    }
    return context;
}

// The bottleneck, what it spends its cores on most and what would help, as Explanations words it;
// the saturating rate is reported beside it (max_throughput_rps).
QString explain(const Model &model, const Topology &t, int i, const Station &station,
                double utilization)
{
    const Component &component = model.components.at(i);
    Purpose dominant = WorkRead;
    for (int w = 0; w < WorkCount; ++w) {
        if (station.busyMs[w] > station.busyMs[dominant])
            dominant = static_cast<Purpose>(w);
    }
    const QString help =
        Explanations::advice(component.kind, adviceContextOf(model, t, i, dominant));
    return Explanations::predictedBottleneck(component.id, component.kind,
                                             static_cast<Work>(dominant), utilization, help);
}

// Prices each component at its estimated usage (assets/prices.json).
void addCosts(const Model &model, Analysis &analysis)
{
    QString error;
    const QHash<QString, double> costs =
        componentCosts(model, estimatedUsage(model, analysis), &error);
    if (!error.isEmpty()) {
        analysis.costPerMonth = std::numeric_limits<double>::quiet_NaN();
        return;
    }
    analysis.costPerMonth = 0;
    for (ComponentEstimate &estimate : analysis.estimates) {
        estimate.costPerMonth = costs.value(estimate.id);
        analysis.costPerMonth += estimate.costPerMonth;
    }
}

} // namespace

Analysis analyze(const Model &model, std::optional<double> rateRps)
{
    Analysis analysis;
    const Topology t = topologyOf(model);
    const std::vector<char> reached = reachableFromClients(t);
    for (int i = 0; i < t.n; ++i) {
        if (!reached[static_cast<std::size_t>(i)] && !t.is(i, ComponentKind::Client) &&
            !t.is(i, ComponentKind::Monitor))
            analysis.unreachable << model.components.at(i).id;
    }
    analysis.cycles = requestCycles(model, t);

    const std::vector<ClientLoad> clients = clientLoads(model, t, rateRps);
    for (int i = 0; i < t.n; ++i) {
        if (t.is(i, ComponentKind::Client))
            analysis.offeredRps += clients[static_cast<std::size_t>(i)].rate;
    }
    findSinglePointsOfFailure(model, t, reached, clients, analysis);

    const RoutedLoad router = routeLoad(model, t, clients);
    int bottleneck = -1;
    for (int i = 0; i < t.n; ++i) {
        const Component &component = model.components.at(i);
        const Station &station = router.station(i);
        const Capacity capacity = capacityOf(component);
        ComponentEstimate estimate;
        estimate.id = component.id;
        estimate.kind = component.kind;
        estimate.arrivalRps = station.arrival;
        double busyMs = 0;
        for (const double ms : station.busyMs)
            busyMs += ms;
        if (capacity.servers > 0) {
            estimate.servers = capacity.servers;
            estimate.demandMs =
                station.arrival > 0 ? busyMs / station.arrival : nominalDemandMs(component);
            estimate.utilization = busyMs / (1000.0 * capacity.servers);
            estimate.capacityRps =
                estimate.demandMs > 0 ? 1000.0 * capacity.servers / estimate.demandMs : kInfinity;
            estimate.responseMs = mmcResponseMs(
                capacity.perInstance, station.arrival / capacity.instances, estimate.demandMs);
            if (estimate.utilization > 0 &&
                (bottleneck < 0 ||
                 estimate.utilization > analysis.estimates.at(bottleneck).utilization))
                bottleneck = i;
        } else {
            estimate.demandMs = delayMs(component);
            estimate.capacityRps = kInfinity;
            estimate.responseMs = estimate.demandMs;
        }
        if (t.is(i, ComponentKind::Cache) || t.is(i, ComponentKind::Cdn))
            estimate.hitRatio = router.hit(i);
        estimate.note = noteFor(component, capacity, station);
        analysis.estimates << estimate;
    }

    for (int i = 0; i < t.n; ++i)
        if (t.is(i, ComponentKind::ShardRouter))
            analysis.sharding << shardingEstimate(model, t, i, router.routed(i));
    addCosts(model, analysis);

    if (bottleneck < 0) {
        analysis.maxThroughputRps = kInfinity;
        analysis.explanation = Explanations::nothingPredictedBusy();
        return analysis;
    }
    const ComponentEstimate &worst = analysis.estimates.at(bottleneck);
    analysis.bottleneck = worst.id;
    analysis.bottleneckUtilization = worst.utilization;
    analysis.maxThroughputRps = analysis.offeredRps / worst.utilization;
    analysis.explanation =
        explain(model, t, bottleneck, router.station(bottleneck), worst.utilization);
    return analysis;
}

} // namespace scalelab::model
