// An in-memory cache of real keys: its hit ratio emerges from capacity, eviction and popularity.

#include "kind_support.h"

#include "sim/cache.h"

namespace scalelab::model::kinds {

namespace {

std::unique_ptr<sim::Component> build(const Component &c, const BuildContext &)
{
    sim::Cache::Config cfg;
    cfg.capacity = poolCapacity(c, QString());
    cfg.capacity.instances = 1;
    cfg.service = toSim(c.distribution(QStringLiteral("service_ms")));
    cfg.keys = static_cast<std::size_t>(c.number(QStringLiteral("capacity"), 1));
    cfg.eviction = eviction(c.text(QStringLiteral("eviction")));
    const QJsonValue ttl = c.value(QStringLiteral("ttl_s"));
    cfg.ttl = ttl.isDouble() ? sim::fromSeconds(ttl.toDouble()) : 0;
    return std::make_unique<sim::Cache>(c.id.toStdString(), cfg);
}

StationCapacity capacity(const Component &c)
{
    StationCapacity capacity;
    capacity.servers = coresOf(c, 1);
    capacity.perInstance = capacity.servers;
    return capacity;
}

double nominalDemandMs(const Component &c)
{
    return meanOf(c, QStringLiteral("service_ms"), 0.2);
}

QStringList note(const Component &c, const StationCapacity &capacity)
{
    return hitRatioNote(c) << QCoreApplication::translate("ComponentKind",
                                                          "Each read is a lookup, each miss also "
                                                          "a fill, each write a delete; M/M/c "
                                                          "over %1 cores.")
                                  .arg(capacity.servers);
}

QString advice(const AdviceContext &)
{
    return QCoreApplication::translate("ComponentKind",
                                       "more cores or a second cache node would help");
}

QString spofReason(const Component &c)
{
    return QCoreApplication::translate("ComponentKind",
                                       "%1 is the only cache: if it fails, every read falls "
                                       "through to the database at once. Add a second cache "
                                       "linked from the web tier: it takes over (cold at first).")
        .arg(c.id);
}

ComponentKindSpec makeKind()
{
    ComponentKindSpec spec;
    spec.kind = ComponentKind::Cache;
    spec.idStem = QStringLiteral("cache");
    spec.type = makeType(
        QStringLiteral("cache"), QT_TRANSLATE_NOOP("ParameterTable", "Cache"),
        QT_TRANSLATE_NOOP("ParameterTable",
                          "Holds real keys in memory; its hit ratio emerges from its capacity, "
                          "eviction policy and the popularity of the keys."),
        {
            required(
                integer(QStringLiteral("capacity"), QStringLiteral("keys"), {}, 1,
                        QT_TRANSLATE_NOOP("ParameterTable", "How many keys the cache holds."))),
            evictionSpec(QT_TRANSLATE_NOOP(
                "ParameterTable", "Which key to drop when full: lru the least recently used, fifo "
                                  "the oldest, lfu the least often used, random any.")),
            ttlSpec({}, QT_TRANSLATE_NOOP("ParameterTable",
                                          "How long a cached key stays valid; forever when not "
                                          "set.")),
            coresSpec(1, QT_TRANSLATE_NOOP("ParameterTable",
                                           "How many requests one cache node works on at the same "
                                           "time; more wait in its queue.")),
            distribution(
                QStringLiteral("service_ms"), 0.2,
                QT_TRANSLATE_NOOP("ParameterTable", "How long one lookup or update takes.")),
        });
    spec.starts = {{QStringLiteral("capacity"), 10000}};
    spec.actions = {QStringLiteral("fail"), QStringLiteral("recover"), QStringLiteral("slow"),
                    QStringLiteral("flush")};
    spec.build = build;
    spec.capacity = capacity;
    spec.nominalDemandMs = nominalDemandMs;
    spec.serviceParameter = QStringLiteral("service_ms");
    spec.note = note;
    spec.advice = advice;
    spec.spofReason = spofReason;
    return spec;
}

} // namespace

const ComponentKindSpec &cacheKind()
{
    static const ComponentKindSpec spec = makeKind();
    return spec;
}

} // namespace scalelab::model::kinds
