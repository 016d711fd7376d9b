#include "results_table.h"

#include <QJsonArray>
#include <QStringList>

#include <cmath>

namespace scalelab::app {

namespace {

// A plain text table: columns padded to their widest cell; numbers right-aligned.
class TextTable {
public:
    explicit TextTable(QStringList header) { m_rows.append(std::move(header)); }
    void add(QStringList row) { m_rows.append(std::move(row)); }
    QString render() const
    {
        QList<int> widths;
        for (const QStringList &row : m_rows)
            for (int i = 0; i < row.size(); ++i) {
                if (widths.size() <= i)
                    widths.append(0);
                widths[i] = std::max(widths[i], static_cast<int>(row[i].size()));
            }
        QString out;
        for (int r = 0; r < m_rows.size(); ++r) {
            QString line;
            for (int i = 0; i < m_rows[r].size(); ++i) {
                const QString &cell = m_rows[r][i];
                const bool left = i < 2 || r == 0;
                line += left ? cell.leftJustified(widths[i]) : cell.rightJustified(widths[i]);
                line += QStringLiteral("  ");
            }
            out += line.trimmed() + QLatin1Char('\n');
        }
        return out;
    }

private:
    QList<QStringList> m_rows;
};

QString fixed(const QJsonValue &v, int decimals)
{
    if (!v.isDouble())
        return QStringLiteral("-");
    return QString::number(v.toDouble(), 'f', decimals);
}

QString percent(const QJsonValue &v)
{
    if (!v.isDouble())
        return QStringLiteral("-");
    return QString::number(v.toDouble() * 100, 'f', 1) + QStringLiteral(" %");
}

QString count(const QJsonValue &v)
{
    return v.isDouble() ? QString::number(static_cast<qint64>(v.toDouble())) : QStringLiteral("-");
}

// The monthly cost line both tables end their summary with.
QString costLine(const QJsonValue &cost)
{
    if (!cost.isDouble())
        return QStringLiteral("Cost       - (no price table)\n");
    return QStringLiteral("Cost       %1 USD a month at list prices (assets/prices.json)\n")
        .arg(QString::number(cost.toDouble(), 'f', 0));
}

QString eventsText(double events)
{
    if (events >= 1e6)
        return QString::number(events / 1e6, 'f', 1) + QStringLiteral(" M");
    return QString::number(static_cast<qint64>(events));
}

// What a component's own mechanism measures, in a few words.
QString mechanismNote(const QJsonObject &c)
{
    QStringList notes;
    if (c.contains(QStringLiteral("hit_ratio")))
        notes << QStringLiteral("hit ratio %1").arg(percent(c.value(QStringLiteral("hit_ratio"))));
    if (c.contains(QStringLiteral("evictions")))
        notes << QStringLiteral("%1 evictions").arg(count(c.value(QStringLiteral("evictions"))));
    if (c.contains(QStringLiteral("backends_total")))
        notes << QStringLiteral("%1/%2 backends healthy")
                     .arg(count(c.value(QStringLiteral("backends_healthy"))),
                          count(c.value(QStringLiteral("backends_total"))));
    if (c.contains(QStringLiteral("imbalance")))
        notes << QStringLiteral("busiest shard %1 x the mean")
                     .arg(fixed(c.value(QStringLiteral("imbalance")), 2));
    if (c.value(QStringLiteral("rejected")).toDouble() > 0)
        notes << QStringLiteral("%1 rejected").arg(count(c.value(QStringLiteral("rejected"))));
    return notes.join(QStringLiteral(", "));
}

// The component ids of a results object in model order.
QStringList orderedIds(const QJsonObject &components, const QStringList &order)
{
    QStringList ids;
    for (const QString &id : order)
        if (components.contains(id))
            ids << id;
    for (auto it = components.begin(); it != components.end(); ++it)
        if (!ids.contains(it.key()))
            ids << it.key();
    return ids;
}

} // namespace

QString runTable(const QJsonObject &r, const QStringList &order)
{
    QString out;
    const double events = r.value(QStringLiteral("events")).toDouble();
    const int replications = r.value(QStringLiteral("replications")).toInt(1);
    out += QStringLiteral("%1\n").arg(r.value(QStringLiteral("model")).toString());
    out += QStringLiteral("seed %1, %2 s simulated after a %3 s warm-up, %4 replication%5; "
                          "%6 events in %7 s\n\n")
               .arg(r.value(QStringLiteral("seed")).toVariant().toString())
               .arg(r.value(QStringLiteral("duration_s")).toDouble() -
                    r.value(QStringLiteral("warmup_s")).toDouble())
               .arg(r.value(QStringLiteral("warmup_s")).toDouble())
               .arg(replications)
               .arg(replications == 1 ? QString() : QStringLiteral("s"))
               .arg(eventsText(events))
               .arg(fixed(r.value(QStringLiteral("wall_s")), 2));

    const QJsonObject s = r.value(QStringLiteral("summary")).toObject();
    const QJsonObject lat = s.value(QStringLiteral("latency_ms")).toObject();
    out += QStringLiteral("Requests   %1 sent, %2 completed, %3 errors (%4), %5 rps\n")
               .arg(count(s.value(QStringLiteral("requests"))),
                    count(s.value(QStringLiteral("completed"))),
                    count(s.value(QStringLiteral("errors"))),
                    percent(s.value(QStringLiteral("error_rate"))),
                    fixed(s.value(QStringLiteral("throughput_rps")), 1));
    out += QStringLiteral("Latency ms mean %1 ± %2, p50 %3, p95 %4, p99 %5, p99.9 %6, max %7\n\n")
               .arg(fixed(lat.value(QStringLiteral("mean")), 2),
                    fixed(lat.value(QStringLiteral("ci95")), 2),
                    fixed(lat.value(QStringLiteral("p50")), 2),
                    fixed(lat.value(QStringLiteral("p95")), 2),
                    fixed(lat.value(QStringLiteral("p99")), 2),
                    fixed(lat.value(QStringLiteral("p999")), 2),
                    fixed(lat.value(QStringLiteral("max")), 2));
    if (r.contains(QStringLiteral("cost_per_month")))
        out.insert(out.size() - 1, costLine(r.value(QStringLiteral("cost_per_month"))));

    TextTable table({QStringLiteral("component"), QStringLiteral("type"),
                     QStringLiteral("arrivals"), QStringLiteral("rps"), QStringLiteral("busy"),
                     QStringLiteral("queue"), QStringLiteral("wait ms"), QStringLiteral("resp ms"),
                     QStringLiteral("p99 ms"), QStringLiteral("errors"),
                     QStringLiteral("mechanism")});
    const QJsonObject components = r.value(QStringLiteral("components")).toObject();
    for (const QString &id : orderedIds(components, order)) {
        const QJsonObject c = components.value(id).toObject();
        const QString type = c.value(QStringLiteral("type")).toString();
        if (type == QLatin1String("client")) {
            table.add(
                {id, type, count(c.value(QStringLiteral("requests"))),
                 fixed(c.value(QStringLiteral("throughput_rps")), 1), QStringLiteral("-"),
                 QStringLiteral("-"), QStringLiteral("-"),
                 fixed(
                     c.value(QStringLiteral("latency_ms")).toObject().value(QStringLiteral("mean")),
                     2),
                 fixed(
                     c.value(QStringLiteral("latency_ms")).toObject().value(QStringLiteral("p99")),
                     2),
                 count(c.value(QStringLiteral("errors"))), QString()});
            continue;
        }
        const QJsonObject resp = c.value(QStringLiteral("response_ms")).toObject();
        table.add(
            {id, type, count(c.value(QStringLiteral("arrivals"))),
             fixed(c.value(QStringLiteral("throughput_rps")), 1),
             percent(c.value(QStringLiteral("utilization"))),
             fixed(c.value(QStringLiteral("queue_length_mean")), 2),
             fixed(c.value(QStringLiteral("wait_ms")).toObject().value(QStringLiteral("mean")), 2),
             fixed(resp.value(QStringLiteral("mean")), 2),
             fixed(resp.value(QStringLiteral("p99")), 2), count(c.value(QStringLiteral("errors"))),
             mechanismNote(c)});
    }
    out += table.render();

    const QJsonObject b = r.value(QStringLiteral("bottleneck")).toObject();
    if (!b.isEmpty())
        out += QStringLiteral("\nBottleneck: %1.\n")
                   .arg(b.value(QStringLiteral("explanation")).toString());
    const QJsonArray spof = r.value(QStringLiteral("spof")).toArray();
    if (!spof.isEmpty()) {
        QStringList ids;
        for (const QJsonValue &v : spof)
            ids << v.toString();
        out += QStringLiteral("Single points of failure: %1\n").arg(ids.join(QStringLiteral(", ")));
    }
    return out;
}

QString analysisTable(const QJsonObject &a, const QStringList &order)
{
    QString out;
    out += QStringLiteral("%1\nPredicted at %2 rps offered (utilisation and bottleneck laws, "
                          "M/M/c response)\n\n")
               .arg(a.value(QStringLiteral("model")).toString(),
                    fixed(a.value(QStringLiteral("offered_rps")), 1));
    TextTable table(
        {QStringLiteral("component"), QStringLiteral("type"), QStringLiteral("arrival rps"),
         QStringLiteral("demand ms"), QStringLiteral("servers"), QStringLiteral("busy"),
         QStringLiteral("capacity rps"), QStringLiteral("resp ms"), QStringLiteral("hit ratio")});
    const QJsonObject components = a.value(QStringLiteral("components")).toObject();
    for (const QString &id : orderedIds(components, order)) {
        const QJsonObject c = components.value(id).toObject();
        const QJsonValue capacity = c.value(QStringLiteral("capacity_rps"));
        table.add({id, c.value(QStringLiteral("type")).toString(),
                   fixed(c.value(QStringLiteral("arrival_rps")), 1),
                   fixed(c.value(QStringLiteral("demand_ms")), 2),
                   count(c.value(QStringLiteral("servers"))),
                   percent(c.value(QStringLiteral("utilization"))),
                   capacity.isDouble() ? fixed(capacity, 1) : QStringLiteral("unlimited"),
                   c.value(QStringLiteral("response_ms")).isNull()
                       ? QStringLiteral("saturated")
                       : fixed(c.value(QStringLiteral("response_ms")), 2),
                   c.contains(QStringLiteral("hit_ratio"))
                       ? percent(c.value(QStringLiteral("hit_ratio")))
                       : QStringLiteral("-")});
    }
    out += table.render();
    if (a.contains(QStringLiteral("cost_per_month")))
        out += QLatin1Char('\n') + costLine(a.value(QStringLiteral("cost_per_month")));
    const QJsonObject b = a.value(QStringLiteral("bottleneck")).toObject();
    if (!b.isEmpty())
        out +=
            QStringLiteral("\nPredicted bottleneck: %1.\nThe system saturates at about %2 rps.\n")
                .arg(b.value(QStringLiteral("explanation")).toString(),
                     fixed(b.value(QStringLiteral("max_throughput_rps")), 0));
    auto list = [](const QJsonArray &array) {
        QStringList items;
        for (const QJsonValue &v : array) {
            if (v.isArray()) {
                QStringList cycle;
                for (const QJsonValue &id : v.toArray())
                    cycle << id.toString();
                items << cycle.join(QStringLiteral(" -> "));
            } else {
                items << v.toString();
            }
        }
        return items;
    };
    const QStringList unreachable = list(a.value(QStringLiteral("unreachable")).toArray());
    const QStringList cycles = list(a.value(QStringLiteral("cycles")).toArray());
    const QStringList spof = list(a.value(QStringLiteral("spof")).toArray());
    out += QStringLiteral("\nUnreachable: %1\n")
               .arg(unreachable.isEmpty() ? QStringLiteral("none")
                                          : unreachable.join(QStringLiteral(", ")));
    out += QStringLiteral("Request cycles: %1\n")
               .arg(cycles.isEmpty() ? QStringLiteral("none") : cycles.join(QStringLiteral("; ")));
    out += QStringLiteral("Single points of failure: %1\n")
               .arg(spof.isEmpty() ? QStringLiteral("none") : spof.join(QStringLiteral(", ")));
    const QJsonObject reasons = a.value(QStringLiteral("spof_reasons")).toObject();
    for (const QString &id : spof)
        if (reasons.contains(id))
            out += QStringLiteral("  %1: %2\n").arg(id, reasons.value(id).toString());
    return out;
}

} // namespace scalelab::app
