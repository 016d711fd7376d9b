// The analysis as JSON: what `scalelab analyze --json` prints (docs/model.md).

#include "analysis.h"

#include <QJsonArray>

#include <cmath>

namespace scalelab::model {

namespace {

QJsonValue finite(double value)
{
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
}

} // namespace

QJsonObject toJson(const Analysis &analysis, const Model &model)
{
    QJsonObject components;
    for (const ComponentEstimate &estimate : analysis.estimates) {
        QJsonObject object{
            {QStringLiteral("type"), kindName(estimate.kind)},
            {QStringLiteral("arrival_rps"), finite(estimate.arrivalRps)},
            {QStringLiteral("demand_ms"), finite(estimate.demandMs)},
            {QStringLiteral("servers"), estimate.servers},
            {QStringLiteral("utilization"), finite(estimate.utilization)},
            {QStringLiteral("capacity_rps"), finite(estimate.capacityRps)},
            {QStringLiteral("response_ms"), finite(estimate.responseMs)},
        };
        if (estimate.hitRatio >= 0)
            object.insert(QStringLiteral("hit_ratio"), estimate.hitRatio);
        if (!estimate.note.isEmpty())
            object.insert(QStringLiteral("note"), estimate.note);
        object.insert(QStringLiteral("cost_per_month"), finite(estimate.costPerMonth));
        components.insert(estimate.id, object);
    }
    QJsonObject resharding;
    for (const ShardingEstimate &sharding : analysis.sharding) {
        QJsonObject load;
        for (int s = 0; s < sharding.shardIds.size(); ++s)
            load.insert(sharding.shardIds.at(s), sharding.loadShare.value(s));
        resharding.insert(
            sharding.router,
            QJsonObject{
                {QStringLiteral("strategy"), sharding.strategy},
                {QStringLiteral("shards"), sharding.shards},
                {QStringLiteral("moved_share_if_one_added"),
                 QJsonObject{{QStringLiteral("hash_mod"), sharding.movedHashMod},
                             {QStringLiteral("consistent_hash"), sharding.movedConsistentHash},
                             {QStringLiteral("range"), sharding.movedRange}}},
                {QStringLiteral("load_share"), load},
                {QStringLiteral("imbalance"), sharding.imbalance}});
    }
    QJsonArray cycles;
    for (const QStringList &cycle : analysis.cycles)
        cycles.append(QJsonArray::fromStringList(cycle));
    QJsonObject reasons;
    for (auto it = analysis.spofReasons.constBegin(); it != analysis.spofReasons.constEnd(); ++it)
        reasons.insert(it.key(), it.value());
    const QJsonObject bottleneck{
        {QStringLiteral("component"), analysis.bottleneck.isEmpty()
                                          ? QJsonValue(QJsonValue::Null)
                                          : QJsonValue(analysis.bottleneck)},
        {QStringLiteral("utilization"), finite(analysis.bottleneckUtilization)},
        {QStringLiteral("explanation"), analysis.explanation},
        {QStringLiteral("max_throughput_rps"), finite(analysis.maxThroughputRps)},
    };
    return QJsonObject{
        {QStringLiteral("format"), QStringLiteral("scalelab-analysis")},
        {QStringLiteral("version"), 1},
        {QStringLiteral("model"), model.name},
        {QStringLiteral("offered_rps"), finite(analysis.offeredRps)},
        {QStringLiteral("components"), components},
        {QStringLiteral("unreachable"), QJsonArray::fromStringList(analysis.unreachable)},
        {QStringLiteral("cycles"), cycles},
        {QStringLiteral("spof"), QJsonArray::fromStringList(analysis.spof)},
        {QStringLiteral("spof_reasons"), reasons},
        {QStringLiteral("bottleneck"), bottleneck},
        {QStringLiteral("resharding"), resharding},
        {QStringLiteral("cost_per_month"), finite(analysis.costPerMonth)},
    };
}

} // namespace scalelab::model
