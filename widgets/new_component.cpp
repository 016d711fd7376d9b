#include "new_component.h"

#include "model/parameter_table.h"

#include <QHash>

#include <algorithm>
#include <cmath>

namespace scalelab::widgets {

QString idBase(const QString &type)
{
    static const QHash<QString, QString> bases = {
        {QStringLiteral("client"), QStringLiteral("users")},
        {QStringLiteral("load_balancer"), QStringLiteral("lb")},
        {QStringLiteral("web_server"), QStringLiteral("web")},
        {QStringLiteral("session_store"), QStringLiteral("sessions")},
        {QStringLiteral("database"), QStringLiteral("db")},
        {QStringLiteral("shard_router"), QStringLiteral("router")},
    };
    return bases.value(type, type);
}

model::Component newComponent(const QString &type, const QString &id)
{
    model::Component component;
    component.id = id;
    component.type = type;
    // Starting values for what has no default: a modest load and stores big enough to matter.
    static const QHash<QString, QJsonValue> starts = {
        {QStringLiteral("client.rate_rps"), 100},
        {QStringLiteral("cache.capacity"), 10000},
        {QStringLiteral("session_store.capacity"), 100000},
    };
    if (const model::ComponentTypeSpec *spec = model::componentType(type))
        for (const model::ParameterSpec &p : spec->parameters) {
            if (!p.required)
                continue;
            const QJsonValue start = starts.value(type + QLatin1Char('.') + p.name);
            if (!start.isUndefined())
                component.parameters.insert(p.name, start);
            else if (p.kind == model::ValueKind::Choice && !p.choices.isEmpty())
                component.parameters.insert(p.name, p.choices.first());
            else if (p.kind == model::ValueKind::Number || p.kind == model::ValueKind::Integer)
                component.parameters.insert(
                    p.name, std::isfinite(p.minimum) ? std::max(1.0, p.minimum + 1) : 1.0);
        }
    return component;
}

} // namespace scalelab::widgets
