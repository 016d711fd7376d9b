#include "model_json.h"

#include "model_diagnostics.h"
#include "model_format.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace scalelab::model {

namespace {

// Writing: members in the order a person reads them, small objects on one line.

constexpr int kLineWidth = 100;

int rank(const QString &key)
{
    static const QStringList order = {
        QStringLiteral("format"),
        QStringLiteral("version"),
        QStringLiteral("name"),
        QStringLiteral("regions"),
        QStringLiteral("region_latency_ms"),
        QStringLiteral("components"),
        QStringLiteral("links"),
        QStringLiteral("scenario"),
        QStringLiteral("layout"),
        QStringLiteral("id"),
        QStringLiteral("type"),
        QStringLiteral("label"),
        QStringLiteral("region"),
        QStringLiteral("from"),
        QStringLiteral("to"),
        QStringLiteral("kind"),
        QStringLiteral("a"),
        QStringLiteral("b"),
        QStringLiteral("ms"),
        QStringLiteral("at_s"),
        QStringLiteral("action"),
        QStringLiteral("target"),
        QStringLiteral("duration_s"),
        QStringLiteral("warmup_s"),
        QStringLiteral("seed"),
        QStringLiteral("replications"),
        QStringLiteral("dist"),
        QStringLiteral("mean"),
        QStringLiteral("x"),
        QStringLiteral("y"),
        QStringLiteral("metric"),
        QStringLiteral("component"),
        QStringLiteral("above"),
        QStringLiteral("min"),
        QStringLiteral("max"),
    };
    const qsizetype index = order.indexOf(key);
    return index < 0 ? static_cast<int>(order.size()) : static_cast<int>(index);
}

QStringList orderedKeys(const QJsonObject &object)
{
    QStringList keys = object.keys(); // alphabetical
    std::stable_sort(keys.begin(), keys.end(),
                     [](const QString &a, const QString &b) { return rank(a) < rank(b); });
    // "events" is the last member of a scenario: a list reads best after the settings.
    if (keys.removeOne(QStringLiteral("events")))
        keys.append(QStringLiteral("events"));
    return keys;
}

QByteArray scalar(const QJsonValue &value)
{
    if (value.isDouble()) {
        const double number = value.toDouble();
        if (!std::isfinite(number))
            return "null";
        if (isWhole(number) && std::abs(number) < 9007199254740992.0)
            return QByteArray::number(static_cast<qint64>(number));
        return QByteArray::number(number, 'g', QLocale::FloatingPointShortest);
    }
    // QJsonDocument escapes strings, booleans and null exactly as JSON wants them.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

QByteArray oneLine(const QJsonValue &value)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        QByteArrayList parts;
        for (const QString &key : orderedKeys(object))
            parts << scalar(key) + ": " + oneLine(object.value(key));
        return '{' + parts.join(", ") + '}';
    }
    if (value.isArray()) {
        QByteArrayList parts;
        for (const QJsonValue &item : value.toArray())
            parts << oneLine(item);
        return '[' + parts.join(", ") + ']';
    }
    return scalar(value);
}

// Writes `value` whose first line already holds `prefix` characters at `indent` spaces; a value
// that fits the line stays on it, a larger one puts each member or element on a line of its own.
void write(const QJsonValue &value, int indent, qsizetype prefix, QByteArray &out,
           bool forceBreak = false)
{
    const QByteArray line = oneLine(value);
    if (!forceBreak &&
        (indent + prefix + line.size() < kLineWidth || (!value.isObject() && !value.isArray()))) {
        out += line;
        return;
    }
    const QByteArray inner(indent + 2, ' ');
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        const QStringList keys = orderedKeys(object);
        out += "{\n";
        for (qsizetype i = 0; i < keys.size(); ++i) {
            const QByteArray key = scalar(keys.at(i)) + ": ";
            out += inner + key;
            write(object.value(keys.at(i)), indent + 2, key.size(), out);
            out += i + 1 < keys.size() ? ",\n" : "\n";
        }
        out += QByteArray(indent, ' ') + '}';
        return;
    }
    const QJsonArray array = value.toArray();
    out += "[\n";
    for (qsizetype i = 0; i < array.size(); ++i) {
        out += inner;
        write(array.at(i), indent + 2, 0, out);
        out += i + 1 < array.size() ? ",\n" : "\n";
    }
    out += QByteArray(indent, ' ') + ']';
}

} // namespace

QJsonObject toJson(const Model &model)
{
    QJsonObject top;
    top.insert(QStringLiteral("format"), kFormat);
    top.insert(QStringLiteral("version"), kNewestVersion);
    top.insert(QStringLiteral("name"), model.name);

    if (!model.regions.isEmpty()) {
        QJsonArray regions;
        for (const Region &region : model.regions) {
            QJsonObject object{{QStringLiteral("id"), region.id}};
            if (!region.label.isEmpty())
                object.insert(QStringLiteral("label"), region.label);
            regions.append(object);
        }
        top.insert(QStringLiteral("regions"), regions);
    }
    if (!model.regionLatencies.isEmpty()) {
        QJsonArray latencies;
        for (const RegionLatency &latency : model.regionLatencies) {
            latencies.append(QJsonObject{{QStringLiteral("a"), latency.a},
                                         {QStringLiteral("b"), latency.b},
                                         {QStringLiteral("ms"), latency.ms}});
        }
        top.insert(QStringLiteral("region_latency_ms"), latencies);
    }

    QJsonArray components;
    for (const Component &component : model.components) {
        QJsonObject object = component.parameters;
        object.insert(QStringLiteral("id"), component.id);
        object.insert(QStringLiteral("type"), kindName(component.kind));
        if (!component.label.isEmpty())
            object.insert(QStringLiteral("label"), component.label);
        if (!component.region.isEmpty())
            object.insert(QStringLiteral("region"), component.region);
        components.append(object);
    }
    top.insert(QStringLiteral("components"), components);

    QJsonArray links;
    for (const Link &link : model.links) {
        QJsonObject object{{QStringLiteral("from"), link.from}, {QStringLiteral("to"), link.to}};
        if (link.kind == Link::Kind::Replication)
            object.insert(QStringLiteral("kind"), QStringLiteral("replication"));
        if (link.latencyMs != 0)
            object.insert(QStringLiteral("latency_ms"), link.latencyMs);
        links.append(object);
    }
    top.insert(QStringLiteral("links"), links);

    const Scenario &scenario = model.scenario;
    QJsonObject scenarioObject{{QStringLiteral("duration_s"), scenario.durationS},
                               {QStringLiteral("seed"), static_cast<double>(scenario.seed)}};
    if (scenario.warmupS)
        scenarioObject.insert(QStringLiteral("warmup_s"), *scenario.warmupS);
    if (scenario.replications != 1)
        scenarioObject.insert(QStringLiteral("replications"), scenario.replications);
    if (!scenario.events.isEmpty()) {
        QJsonArray events;
        for (const ScenarioEvent &event : scenario.events) {
            QJsonObject object = event.parameters;
            object.insert(QStringLiteral("at_s"), event.atS);
            object.insert(QStringLiteral("action"), event.action);
            if (!event.target.isEmpty())
                object.insert(QStringLiteral("target"), event.target);
            events.append(object);
        }
        scenarioObject.insert(QStringLiteral("events"), events);
    }
    top.insert(QStringLiteral("scenario"), scenarioObject);

    if (!model.layout.isEmpty()) {
        QJsonObject layout;
        for (auto it = model.layout.begin(); it != model.layout.end(); ++it) {
            layout.insert(it.key(), QJsonObject{{QStringLiteral("x"), it.value().x()},
                                                {QStringLiteral("y"), it.value().y()}});
        }
        top.insert(QStringLiteral("layout"), layout);
    }
    return top;
}

QByteArray serializeModel(const Model &model)
{
    QByteArray out;
    // The top level always breaks, so that format, version and name head the file line by line.
    write(toJson(model), 0, 0, out, true);
    out += '\n';
    return out;
}

} // namespace scalelab::model
