// Logging and metrics: watches other components and fires alerts over a threshold.

#include "kind_support.h"

#include "sim/monitor.h"

#include <QJsonArray>

namespace scalelab::model::kinds {

namespace {

std::unique_ptr<sim::Component> build(const Component &c, const BuildContext &context)
{
    sim::Monitor::Config cfg;
    for (const QJsonValue &v : c.value(QStringLiteral("alerts")).toArray()) {
        const QJsonObject a = v.toObject();
        const QString target = a.value(QStringLiteral("component")).toString();
        cfg.alerts.push_back({a.value(QStringLiteral("metric")).toString().toStdString(),
                              context.indexOf->value(target), target.toStdString(),
                              a.value(QStringLiteral("above")).toDouble()});
    }
    return std::make_unique<sim::Monitor>(c.id.toStdString(), std::move(cfg));
}

ComponentKindSpec makeKind()
{
    ComponentKindSpec spec;
    spec.kind = ComponentKind::Monitor;
    spec.idStem = QStringLiteral("monitor");
    spec.type = makeType(
        QStringLiteral("monitor"), QT_TRANSLATE_NOOP("ParameterTable", "Monitor"),
        QT_TRANSLATE_NOOP("ParameterTable",
                          "Records metrics and fires alerts when they cross a threshold."),
        {
            objectList(
                QStringLiteral("alerts"),
                {required(choice(QStringLiteral("metric"),
                                 {QStringLiteral("p50_ms"), QStringLiteral("p95_ms"),
                                  QStringLiteral("p99_ms"), QStringLiteral("mean_ms"),
                                  QStringLiteral("utilization"), QStringLiteral("queue_length"),
                                  QStringLiteral("error_rate"), QStringLiteral("throughput_rps"),
                                  QStringLiteral("hit_ratio"), QStringLiteral("instances"),
                                  QStringLiteral("backlog"), QStringLiteral("replication_lag_ms")},
                                 {},
                                 QT_TRANSLATE_NOOP("ParameterTable",
                                                   "What to watch: a response-time "
                                                   "percentile or mean over the last five "
                                                   "seconds, utilization, queue_length, "
                                                   "error_rate, throughput_rps, hit_ratio, "
                                                   "or the current instances, backlog or "
                                                   "replication_lag_ms."))),
                 required(componentId(QStringLiteral("component"),
                                      QT_TRANSLATE_NOOP("ParameterTable",
                                                        "The component whose metric is "
                                                        "watched."))),
                 required(makeSpec(QStringLiteral("above"), ValueKind::Number, {}, {},
                                   QT_TRANSLATE_NOOP("ParameterTable",
                                                     "The alert fires while the metric is "
                                                     "above this value.")))},
                QT_TRANSLATE_NOOP("ParameterTable",
                                  "Rules that fire when a component's metric goes above a "
                                  "threshold.")),
        });
    // Watching is not serving: failing a monitor would change nothing a run measures, so it
    // takes no action (the engine's monitor refuses them too).
    spec.canBeSinglePointOfFailure = false;
    spec.build = build;
    return spec;
}

} // namespace

const ComponentKindSpec &monitorKind()
{
    static const ComponentKindSpec spec = makeKind();
    return spec;
}

} // namespace scalelab::model::kinds
