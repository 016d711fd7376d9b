#include "results_json.h"

#include "cost.h"
#include "explanations.h"

#include <QJsonArray>

#include <cmath>

namespace scalelab::model {

namespace {

QJsonValue number(double x)
{
    return std::isfinite(x) ? QJsonValue(x) : QJsonValue(QJsonValue::Null);
}

QJsonValue toJson(const sim::MetricValue &v)
{
    if (const auto *i = std::get_if<std::int64_t>(&v))
        return QJsonValue(static_cast<qint64>(*i));
    if (const auto *d = std::get_if<double>(&v))
        return number(*d);
    if (const auto *records = std::get_if<sim::Records>(&v)) {
        QJsonArray list;
        for (const sim::Record &record : *records) {
            QJsonObject o;
            for (const auto &[name, field] : record) {
                if (const auto *d = std::get_if<double>(&field))
                    o.insert(QString::fromStdString(name), number(*d));
                else
                    o.insert(QString::fromStdString(name),
                             QString::fromStdString(std::get<std::string>(field)));
            }
            list.append(o);
        }
        return list;
    }
    if (const auto *series = std::get_if<sim::Series>(&v)) {
        QJsonArray points;
        for (const auto &[t, y] : *series)
            points.append(QJsonArray{t, y});
        return points;
    }
    return QJsonValue(QString::fromStdString(std::get<std::string>(v)));
}

// Puts value at a dotted path inside object, creating the nested objects on the way.
void insertAt(QJsonObject &object, QStringView path, const QJsonValue &value)
{
    const qsizetype dot = path.indexOf(QLatin1Char('.'));
    if (dot < 0) {
        object.insert(path.toString(), value);
        return;
    }
    const QString head = path.left(dot).toString();
    QJsonObject child = object.value(head).toObject();
    insertAt(child, path.mid(dot + 1), value);
    object.insert(head, child);
}

// What each component used in the run, for its monthly price: its measured arrival rate (a DNS's
// lookups) and an autoscaled pool's mean instances.
QHash<QString, Usage> measuredUsage(const sim::RunResults &results)
{
    const double seconds =
        std::max(0.0, results.durationS - results.warmupS) * std::max(1, results.replications);
    QHash<QString, Usage> usage;
    for (const sim::ComponentResult &c : results.components) {
        Usage u;
        const double requests =
            c.metrics.find("lookups") ? c.metrics.number("lookups") : c.metrics.number("arrivals");
        u.requestsPerSecond = seconds > 0 ? requests / seconds : 0;
        if (c.metrics.find("instances_mean"))
            u.instances = c.metrics.number("instances_mean");
        usage.insert(QString::fromStdString(c.id), u);
    }
    return usage;
}

} // namespace

QJsonObject resultsToJson(const sim::RunResults &results, const Model &model,
                          const QStringList &spof)
{
    QJsonObject root;
    root.insert(QStringLiteral("format"), QStringLiteral("scalelab-results"));
    root.insert(QStringLiteral("version"), 1);
    root.insert(QStringLiteral("model"), model.name);
    root.insert(QStringLiteral("seed"), static_cast<qint64>(results.seed));
    root.insert(QStringLiteral("duration_s"), results.durationS);
    root.insert(QStringLiteral("warmup_s"), results.warmupS);
    root.insert(QStringLiteral("replications"), results.replications);
    root.insert(QStringLiteral("events"), static_cast<qint64>(results.events));
    root.insert(QStringLiteral("wall_s"), results.wallS);
    root.insert(QStringLiteral("events_per_s"),
                results.wallS > 0 ? static_cast<double>(results.events) / results.wallS : 0.0);

    const sim::Summary &s = results.summary;
    QJsonObject latency{{QStringLiteral("mean"), number(s.latencyMs.mean)},
                        {QStringLiteral("p50"), number(s.latencyMs.p50)},
                        {QStringLiteral("p95"), number(s.latencyMs.p95)},
                        {QStringLiteral("p99"), number(s.latencyMs.p99)},
                        {QStringLiteral("p999"), number(s.latencyMs.p999)},
                        {QStringLiteral("max"), number(s.latencyMs.max)},
                        {QStringLiteral("ci95"), number(s.latencyMs.ci95)}};
    root.insert(QStringLiteral("summary"),
                QJsonObject{{QStringLiteral("requests"), static_cast<qint64>(s.requests)},
                            {QStringLiteral("completed"), static_cast<qint64>(s.completed)},
                            {QStringLiteral("errors"), static_cast<qint64>(s.errors)},
                            {QStringLiteral("error_rate"), number(s.errorRate)},
                            {QStringLiteral("throughput_rps"), number(s.throughputRps)},
                            {QStringLiteral("latency_ms"), latency}});

    QJsonObject components;
    for (const sim::ComponentResult &c : results.components) {
        QJsonObject o;
        o.insert(QStringLiteral("type"), QString::fromStdString(c.type));
        for (const sim::Metric &m : c.metrics.items())
            insertAt(o, QString::fromStdString(m.path), toJson(m.value));
        // A component without a capacity limit (dns, cdn, a queue without capacity) has no busy
        // fraction: null, rather than a number that would read as "idle".
        if (o.value(QStringLiteral("utilization")).toDouble(0) < 0)
            o.insert(QStringLiteral("utilization"), QJsonValue(QJsonValue::Null));
        components.insert(QString::fromStdString(c.id), o);
    }
    root.insert(QStringLiteral("components"), components);

    if (!results.bottleneck.empty())
        root.insert(
            QStringLiteral("bottleneck"),
            QJsonObject{{QStringLiteral("component"), QString::fromStdString(results.bottleneck)},
                        {QStringLiteral("utilization"), number(results.bottleneckUtilization)},
                        {QStringLiteral("explanation"), Explanations::bottleneck(results)}});
    root.insert(QStringLiteral("spof"), QJsonArray::fromStringList(spof));

    QString priceError;
    const QHash<QString, double> costs = componentCosts(model, measuredUsage(results), &priceError);
    // Summed in model order: a hash's order changes from process to process, and so would the
    // last bits of a floating-point sum.
    double cost = 0;
    for (const Component &c : model.components)
        cost += costs.value(c.id);
    root.insert(QStringLiteral("cost_per_month"),
                priceError.isEmpty() ? number(cost) : QJsonValue(QJsonValue::Null));
    return root;
}

} // namespace scalelab::model
