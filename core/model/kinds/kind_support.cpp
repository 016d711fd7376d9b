#include "kind_support.h"

#include <QJsonArray>

#include <algorithm>

namespace scalelab::model::kinds {

ParameterSpec makeSpec(const QString &name, ValueKind kind, const QString &unit,
                       const QJsonValue &defaultValue, const char *help)
{
    ParameterSpec spec;
    spec.name = name;
    spec.kind = kind;
    spec.unit = unit;
    // QJsonValue{} is Null; the table says "no default" with Undefined, as the header promises.
    spec.defaultValue = defaultValue.isNull() ? QJsonValue(QJsonValue::Undefined) : defaultValue;
    spec.help = QString::fromUtf8(help);
    return spec;
}

// A real number of at least `minimum` (or greater than it when `exclusive`).
ParameterSpec number(const QString &name, const QString &unit, const QJsonValue &defaultValue,
                     double minimum, const char *help, bool exclusive)
{
    ParameterSpec spec = makeSpec(name, ValueKind::Number, unit, defaultValue, help);
    spec.minimum = minimum;
    spec.minimumExclusive = exclusive;
    return spec;
}

ParameterSpec positive(const QString &name, const QString &unit, const QJsonValue &defaultValue,
                       const char *help)
{
    return number(name, unit, defaultValue, 0, help, true);
}

// A share in (0, 1]: zero would mean "never", which no fraction in a model should say.
ParameterSpec fraction(const QString &name, const QJsonValue &defaultValue, const char *help)
{
    ParameterSpec spec = positive(name, {}, defaultValue, help);
    spec.maximum = 1;
    return spec;
}

ParameterSpec integer(const QString &name, const QString &unit, const QJsonValue &defaultValue,
                      double minimum, const char *help, double maximum)
{
    ParameterSpec spec = makeSpec(name, ValueKind::Integer, unit, defaultValue, help);
    spec.minimum = minimum;
    spec.maximum = maximum;
    return spec;
}

ParameterSpec choice(const QString &name, const QStringList &choices,
                     const QJsonValue &defaultValue, const char *help)
{
    ParameterSpec spec = makeSpec(name, ValueKind::Choice, {}, defaultValue, help);
    spec.choices = choices;
    return spec;
}

// A time law in milliseconds; the range applies to its mean.
ParameterSpec distribution(const QString &name, const QJsonValue &defaultValue, const char *help)
{
    ParameterSpec spec =
        makeSpec(name, ValueKind::Distribution, QStringLiteral("ms"), defaultValue, help);
    spec.minimum = 0;
    return spec;
}

ParameterSpec text(const QString &name, const char *help)
{
    return makeSpec(name, ValueKind::Text, {}, {}, help);
}

ParameterSpec componentId(const QString &name, const char *help)
{
    return makeSpec(name, ValueKind::ComponentId, {}, {}, help);
}

// The object's default is made of its members' defaults, so that reading it whole agrees with
// reading it member by member; an object with a member that has no default has none itself.
ParameterSpec object(const QString &name, const QList<ParameterSpec> &fields, const char *help)
{
    QJsonObject defaults;
    bool complete = true;
    for (const ParameterSpec &field : fields) {
        if (field.defaultValue.isUndefined())
            complete = false;
        else
            defaults.insert(field.name, field.defaultValue);
    }
    ParameterSpec spec =
        makeSpec(name, ValueKind::Object, {}, complete ? QJsonValue(defaults) : QJsonValue(), help);
    spec.fields = fields;
    return spec;
}

ParameterSpec objectList(const QString &name, const QList<ParameterSpec> &fields, const char *help)
{
    ParameterSpec spec = makeSpec(name, ValueKind::ObjectList, {}, {}, help);
    spec.fields = fields;
    return spec;
}

ParameterSpec required(ParameterSpec spec)
{
    spec.required = true;
    return spec;
}

QJsonObject exponential(double mean)
{
    return QJsonObject{{QStringLiteral("dist"), QStringLiteral("exponential")},
                       {QStringLiteral("mean"), mean}};
}

namespace {

const QStringList kEvictions = {QStringLiteral("lru"), QStringLiteral("fifo"),
                                QStringLiteral("lfu"), QStringLiteral("random")};

} // namespace

ParameterSpec evictionSpec(const char *help)
{
    return choice(QStringLiteral("eviction"), kEvictions, QStringLiteral("lru"), help);
}

ParameterSpec coresSpec(double defaultCores, const char *help)
{
    return integer(QStringLiteral("cores"), QStringLiteral("cores"), defaultCores, 1, help, 1024);
}

ParameterSpec countSpec(const char *help)
{
    return integer(QStringLiteral("count"), QStringLiteral("instances"), 1, 1, help, 100000);
}

ParameterSpec maxConnectionsSpec()
{
    return integer(QStringLiteral("max_connections"), QStringLiteral("connections"), {}, 1,
                   QT_TRANSLATE_NOOP("ParameterTable",
                                     "How many requests may be inside at once; further ones are "
                                     "rejected. Unlimited when not set."));
}

ParameterSpec queueCapacitySpec()
{
    return integer(QStringLiteral("queue_capacity"), QStringLiteral("requests"), {}, 0,
                   QT_TRANSLATE_NOOP("ParameterTable",
                                     "How many requests may wait for a slot; further ones are "
                                     "rejected. Unlimited when not set, 0 means no waiting."));
}

ParameterSpec ttlSpec(const QJsonValue &defaultValue, const char *help)
{
    return positive(QStringLiteral("ttl_s"), QStringLiteral("s"), defaultValue, help);
}

ComponentTypeSpec makeType(const QString &type, const char *title, const char *help,
                           const QList<ParameterSpec> &parameters)
{
    ComponentTypeSpec spec;
    spec.type = type;
    spec.title = QString::fromUtf8(title);
    spec.help = QString::fromUtf8(help);
    spec.parameters = parameters;
    return spec;
}

sim::Distribution toSim(const Distribution &d)
{
    constexpr double kNsPerMs = 1e6;
    sim::Distribution s;
    s.mean = d.mean * kNsPerMs;
    s.spread = d.spread * kNsPerMs;
    s.cv = d.cv;
    s.k = std::max(1, d.k);
    switch (d.kind) {
    case Distribution::Kind::Exponential:
        s.kind = sim::Distribution::Kind::Exponential;
        break;
    case Distribution::Kind::Constant:
        s.kind = sim::Distribution::Kind::Constant;
        break;
    case Distribution::Kind::Uniform:
        s.kind = sim::Distribution::Kind::Uniform;
        break;
    case Distribution::Kind::Lognormal:
        s.kind = sim::Distribution::Kind::Lognormal;
        break;
    case Distribution::Kind::Erlang:
        s.kind = sim::Distribution::Kind::Erlang;
        break;
    }
    return s;
}

int wholeNumber(const Component &c, const QString &name, int fallback)
{
    const QJsonValue v = c.value(name);
    return v.isDouble() ? static_cast<int>(v.toDouble()) : fallback;
}

sim::KeyStore::Eviction eviction(const QString &name)
{
    if (name == QLatin1String("fifo"))
        return sim::KeyStore::Eviction::Fifo;
    if (name == QLatin1String("lfu"))
        return sim::KeyStore::Eviction::Lfu;
    if (name == QLatin1String("random"))
        return sim::KeyStore::Eviction::Random;
    return sim::KeyStore::Eviction::Lru;
}

sim::ServerPool::Capacity poolCapacity(const Component &c, const QString &concurrencyName)
{
    sim::ServerPool::Capacity cap;
    cap.instances = wholeNumber(c, QStringLiteral("count"), 1);
    cap.cores = wholeNumber(c, QStringLiteral("cores"), 1);
    cap.maxConcurrency = wholeNumber(c, concurrencyName, 0);
    const QJsonValue queue = c.value(QStringLiteral("queue_capacity"));
    cap.queueCapacity = queue.isDouble() ? static_cast<std::int64_t>(queue.toDouble()) : -1;
    return cap;
}

double meanOf(const Component &component, const QString &name, double fallback)
{
    const QJsonValue value = component.value(name);
    if (value.isObject())
        return value.toObject().value(QLatin1String("mean")).toDouble(fallback);
    return value.toDouble(fallback);
}

int coresOf(const Component &component, double fallback)
{
    return std::max(1, static_cast<int>(component.number(QStringLiteral("cores"), fallback)));
}

QStringList hitRatioNote(const Component &component)
{
    QStringList parts;
    const QString policy = component.text(QStringLiteral("eviction"));
    if (policy == QLatin1String("lfu"))
        parts << QCoreApplication::translate("ComponentKind",
                                             "Hit ratio: LFU keeps the most popular keys, so it "
                                             "is their share of the lookups.");
    else if (policy == QLatin1String("fifo") || policy == QLatin1String("random"))
        parts << QCoreApplication::translate("ComponentKind",
                                             "Hit ratio: the approximation of Martina et al. for "
                                             "FIFO and random eviction (equal under independent "
                                             "references).");
    else
        parts << QCoreApplication::translate("ComponentKind",
                                             "Hit ratio: Che's approximation for LRU under the "
                                             "clients' key popularity.");
    parts << QCoreApplication::translate("ComponentKind",
                                         "TTL and keys deleted by writes are not in the estimate.");
    return parts;
}

QStringList stationNote(const Component &, const StationCapacity &capacity)
{
    if (capacity.servers <= 0)
        return {};
    return {QCoreApplication::translate("ComponentKind",
                                        "Utilisation law and M/M/c response over %1 servers.")
                .arg(capacity.servers)};
}

} // namespace scalelab::model::kinds
