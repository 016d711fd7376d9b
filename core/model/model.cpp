#include "model.h"

#include "component_kind.h"
#include "parameter_table.h"

#include <QJsonObject>

namespace scalelab::model {

namespace {

const ParameterSpec *specOf(ComponentKind kind, const QString &name)
{
    return findParameter(kindSpec(kind).type.parameters, name);
}

// The table marks "no default" with Undefined; a Null that slipped in means the same.
QJsonValue defaultOf(const ParameterSpec *spec)
{
    if (!spec || spec->defaultValue.isNull())
        return QJsonValue(QJsonValue::Undefined);
    return spec->defaultValue;
}

double distributionDefault(const QString &name, double fallback)
{
    const ParameterSpec *spec = findParameter(distributionParameters(), name);
    return spec ? spec->defaultValue.toDouble(fallback) : fallback;
}

Distribution::Kind kindOf(const QString &dist)
{
    if (dist == QLatin1String("exponential"))
        return Distribution::Kind::Exponential;
    if (dist == QLatin1String("uniform"))
        return Distribution::Kind::Uniform;
    if (dist == QLatin1String("lognormal"))
        return Distribution::Kind::Lognormal;
    if (dist == QLatin1String("erlang"))
        return Distribution::Kind::Erlang;
    return Distribution::Kind::Constant;
}

} // namespace

Distribution Distribution::fromJson(const QJsonValue &value)
{
    Distribution result;
    if (value.isDouble()) {
        result.kind = Kind::Constant;
        result.mean = value.toDouble();
        return result;
    }
    if (!value.isObject())
        return result;
    const QJsonObject object = value.toObject();
    result.kind = kindOf(object.value(QLatin1String("dist")).toString());
    result.mean = object.value(QLatin1String("mean")).toDouble(0);
    result.spread = object.value(QLatin1String("spread"))
                        .toDouble(distributionDefault(QStringLiteral("spread"), 0));
    result.cv =
        object.value(QLatin1String("cv")).toDouble(distributionDefault(QStringLiteral("cv"), 1));
    result.k = static_cast<int>(
        object.value(QLatin1String("k")).toDouble(distributionDefault(QStringLiteral("k"), 1)));
    return result;
}

QJsonValue Component::value(const QString &name) const
{
    const auto written = parameters.constFind(name);
    if (written != parameters.constEnd())
        return *written;
    return defaultOf(specOf(kind, name));
}

bool Component::has(const QString &name) const
{
    return !value(name).isUndefined();
}

double Component::number(const QString &name, double fallback) const
{
    return value(name).toDouble(fallback);
}

QString Component::text(const QString &name) const
{
    return value(name).toString();
}

Distribution Component::distribution(const QString &name) const
{
    return Distribution::fromJson(value(name));
}

QJsonValue Component::member(const QString &object, const QString &name) const
{
    const QJsonValue whole = parameters.value(object);
    if (whole.isObject()) {
        const QJsonObject written = whole.toObject();
        const auto found = written.constFind(name);
        if (found != written.constEnd())
            return *found;
    }
    // A partly written object still gets the table's default for each missing member.
    const ParameterSpec *spec = specOf(kind, object);
    return spec ? defaultOf(findParameter(spec->fields, name)) : QJsonValue(QJsonValue::Undefined);
}

int Model::indexOf(const QString &componentId) const
{
    for (qsizetype i = 0; i < components.size(); ++i) {
        if (components.at(i).id == componentId)
            return static_cast<int>(i);
    }
    return -1;
}

const Component *Model::find(const QString &componentId) const
{
    const int index = indexOf(componentId);
    return index < 0 ? nullptr : &components.at(index);
}

double Model::regionLatencyMs(const QString &regionA, const QString &regionB) const
{
    // Regionless components (dns, cdn, monitor) are everywhere, so they add nothing.
    if (regionA.isEmpty() || regionB.isEmpty() || regionA == regionB)
        return 0;
    for (const RegionLatency &latency : regionLatencies) {
        if ((latency.a == regionA && latency.b == regionB) ||
            (latency.a == regionB && latency.b == regionA))
            return latency.ms;
    }
    return 0;
}

} // namespace scalelab::model
