#include "cost.h"

#include "analysis.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>
#include <limits>

namespace scalelab::model {

namespace {

// The table is compiled into the library (qt_add_resources); a source tree's copy serves when the
// resource is missing, e.g. in a build that links the objects without their resources.
const QStringList kPlaces = {QStringLiteral(":/scalelab/prices.json"),
                             QStringLiteral(SCALELAB_ASSETS_DIR "/prices.json")};

struct Loaded {
    std::optional<PriceTable> table;
    QString error;
};

Loaded loadBuiltIn()
{
    QString errors;
    for (const QString &place : kPlaces) {
        QFile file(place);
        if (!file.open(QIODevice::ReadOnly)) {
            errors += QStringLiteral("%1: %2; ").arg(place, file.errorString());
            continue;
        }
        QString error;
        std::optional<PriceTable> table = PriceTable::fromJson(file.readAll(), &error);
        if (table)
            return {std::move(table), QString()};
        return {std::nullopt, QStringLiteral("%1: %2").arg(place, error)};
    }
    return {std::nullopt, QStringLiteral("no price table: ") + errors.chopped(2)};
}

double price(const QJsonObject &entry, const char *name)
{
    return entry.value(QLatin1String(name)).toDouble(0);
}

} // namespace

const PriceTable *PriceTable::builtIn(QString *error)
{
    static const Loaded loaded = loadBuiltIn();
    if (!loaded.table && error)
        *error = loaded.error;
    return loaded.table ? &*loaded.table : nullptr;
}

std::optional<PriceTable> PriceTable::fromJson(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        if (error)
            *error = parseError.error != QJsonParseError::NoError
                         ? parseError.errorString()
                         : QStringLiteral("the price table is not a JSON object");
        return std::nullopt;
    }
    const QJsonObject root = document.object();
    if (root.value(QLatin1String("format")).toString() != QLatin1String("scalelab-prices") ||
        !root.value(QLatin1String("types")).isObject()) {
        if (error)
            *error = QStringLiteral("not a scalelab-prices table with a \"types\" object");
        return std::nullopt;
    }
    PriceTable table;
    table.m_types = root.value(QLatin1String("types")).toObject();
    for (const QJsonValue &note : root.value(QLatin1String("notes")).toArray())
        table.m_notes << note.toString();
    table.m_secondsPerMonth = root.value(QLatin1String("seconds_per_month")).toDouble(2592000);
    return table;
}

double PriceTable::monthlyCost(const Component &component, const Usage &usage) const
{
    // prices.json is keyed by the type names a model file uses.
    const QJsonObject entry = m_types.value(kindName(component.kind)).toObject();
    // Pools that scale out have `count` instances; the other stations are one server each.
    const bool pool =
        component.kind == ComponentKind::WebServer || component.kind == ComponentKind::Worker;
    const double instances = usage.instances.value_or(
        pool ? std::max(1.0, component.number(QStringLiteral("count"), 1)) : 1.0);
    const double cores = component.has(QStringLiteral("cores"))
                             ? std::max(1.0, component.number(QStringLiteral("cores"), 1))
                             : 1.0;
    const double gb = component.number(QStringLiteral("capacity"), 0) * price(entry, "gb_per_unit");
    const double millionRequests = std::max(0.0, usage.requestsPerSecond) * m_secondsPerMonth / 1e6;
    const double alerts =
        static_cast<double>(component.value(QStringLiteral("alerts")).toArray().size());
    const double cost =
        price(entry, "flat") + price(entry, "per_instance") * instances +
        price(entry, "per_core") * cores * instances +
        price(entry, "per_extra_core") * (cores - 1) * instances + price(entry, "per_gb") * gb +
        price(entry, "per_million_requests") * millionRequests + price(entry, "per_alert") * alerts;
    return std::max(cost, price(entry, "minimum"));
}

QHash<QString, double> componentCosts(const Model &model, const QHash<QString, Usage> &usage,
                                      QString *error)
{
    QHash<QString, double> costs;
    const PriceTable *table = PriceTable::builtIn(error);
    if (!table)
        return costs;
    for (const Component &component : model.components)
        costs.insert(component.id, table->monthlyCost(component, usage.value(component.id)));
    return costs;
}

QHash<QString, Usage> estimatedUsage(const Model &model, const Analysis &analysis)
{
    double users = 0;
    for (const Component &component : model.components)
        if (component.kind == ComponentKind::Client)
            users += component.number(QStringLiteral("users"), 100000);
    QHash<QString, Usage> usage;
    for (const ComponentEstimate &estimate : analysis.estimates) {
        Usage u;
        u.requestsPerSecond = std::isfinite(estimate.arrivalRps) ? estimate.arrivalRps : 0;
        const Component *component = model.find(estimate.id);
        if (component && component->kind == ComponentKind::Dns && users > 0) {
            // A user looks the name up on its first request after its cached answer expired:
            // with Poisson requests at r per user, once per TTL with probability 1 - e^(-r ttl).
            const double ttl = component->number(QStringLiteral("ttl_s"), 60);
            if (ttl > 0)
                u.requestsPerSecond = users * -std::expm1(-u.requestsPerSecond * ttl / users) / ttl;
        }
        usage.insert(estimate.id, u);
    }
    return usage;
}

double monthlyCost(const Model &model, QString *error)
{
    if (!PriceTable::builtIn(error))
        return std::numeric_limits<double>::quiet_NaN();
    const Analysis analysis = analyze(model);
    return analysis.costPerMonth;
}

} // namespace scalelab::model
