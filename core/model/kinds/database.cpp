// A database keeping a version per key: a primary takes writes and ships them to its replicas.

#include "kind_support.h"

#include "sim/database.h"

namespace scalelab::model::kinds {

namespace {

std::unique_ptr<sim::Component> build(const Component &c, const BuildContext &)
{
    sim::Database::Config cfg;
    cfg.capacity = poolCapacity(c, QStringLiteral("max_connections"));
    cfg.capacity.instances = 1;
    cfg.read = toSim(c.distribution(QStringLiteral("read_ms")));
    cfg.write = toSim(c.distribution(QStringLiteral("write_ms")));
    cfg.replica = c.text(QStringLiteral("role")) == QLatin1String("replica");
    return std::make_unique<sim::Database>(c.id.toStdString(), cfg);
}

StationCapacity capacity(const Component &c)
{
    StationCapacity capacity;
    capacity.servers = coresOf(c, 4);
    capacity.perInstance = capacity.servers;
    return capacity;
}

double nominalDemandMs(const Component &c)
{
    return meanOf(c, QStringLiteral("read_ms"), 5);
}

QString advice(const AdviceContext &context)
{
    const bool replicated = context.hasReplicas || context.isReplica;
    if (context.work == Work::Replication)
        return QCoreApplication::translate("ComponentKind",
                                           "a replica applies every write of its primary: more "
                                           "cores or sharding would help");
    if (context.work != Work::Write) {
        // Callers that ask a cache first already have one: it needs to hold more.
        if (context.calledThroughCache)
            return replicated ? QCoreApplication::translate(
                                    "ComponentKind",
                                    "a cache that holds more of the popular keys, or more read "
                                    "replicas, would take reads off it")
                              : QCoreApplication::translate(
                                    "ComponentKind",
                                    "a cache that holds more of the popular keys, or read "
                                    "replicas, would take reads off it");
        return replicated
                   ? QCoreApplication::translate(
                         "ComponentKind", "more read replicas or a cache would take reads off it")
                   : QCoreApplication::translate(
                         "ComponentKind", "a cache or read replicas would take reads off it");
    }
    if (context.isShard)
        return QCoreApplication::translate(
            "ComponentKind",
            "a shard takes the writes of its own keys alone: if the other shards idle, a hot key "
            "or the shard key heats this one, and if all are busy, more shards would help");
    return QCoreApplication::translate("ComponentKind",
                                       "writes only scale by splitting the data: shard it");
}

QString spofReason(const Component &c)
{
    return QCoreApplication::translate("ComponentKind",
                                       "%1 holds the only copy of its data: if it fails, its "
                                       "reads and writes fail. Add a replica (a replication link) "
                                       "so it can fail over.")
        .arg(c.id);
}

ComponentKindSpec makeKind()
{
    ComponentKindSpec spec;
    spec.kind = ComponentKind::Database;
    spec.idStem = QStringLiteral("db");
    spec.type = makeType(
        QStringLiteral("database"), QT_TRANSLATE_NOOP("ParameterTable", "Database"),
        QT_TRANSLATE_NOOP("ParameterTable",
                          "Keeps a version per key; a primary takes writes and ships them to its "
                          "replicas, which serve reads and may lag behind."),
        {
            choice(QStringLiteral("role"), {QStringLiteral("primary"), QStringLiteral("replica")},
                   QStringLiteral("primary"),
                   QT_TRANSLATE_NOOP("ParameterTable",
                                     "A primary takes writes; a replica copies them from its "
                                     "primary over a replication link and serves reads.")),
            coresSpec(
                4, QT_TRANSLATE_NOOP("ParameterTable", "How many requests one database works on at "
                                                       "the same time; more wait in its queue.")),
            distribution(QStringLiteral("read_ms"), exponential(5),
                         QT_TRANSLATE_NOOP("ParameterTable", "Time one read needs on a core.")),
            distribution(QStringLiteral("write_ms"), exponential(10),
                         QT_TRANSLATE_NOOP("ParameterTable",
                                           "Time one write needs on a core, also on each replica "
                                           "that applies it.")),
            maxConnectionsSpec(),
            queueCapacitySpec(),
            object(QStringLiteral("replication"),
                   {choice(QStringLiteral("mode"),
                           {QStringLiteral("async"), QStringLiteral("semi_sync"),
                            QStringLiteral("sync")},
                           QStringLiteral("async"),
                           QT_TRANSLATE_NOOP("ParameterTable",
                                             "When a write is acknowledged: at once (async), after "
                                             "one replica has it (semi_sync) or all (sync).")),
                    distribution(QStringLiteral("delay_ms"), exponential(50),
                                 QT_TRANSLATE_NOOP("ParameterTable",
                                                   "How long a write takes to reach a replica."))},
                   QT_TRANSLATE_NOOP("ParameterTable",
                                     "How this primary ships its writes to its replicas.")),
            object(QStringLiteral("failover"),
                   {number(QStringLiteral("detect_s"), QStringLiteral("s"), 10, 0,
                           QT_TRANSLATE_NOOP("ParameterTable",
                                             "How long until a failed primary is noticed.")),
                    number(QStringLiteral("promote_s"), QStringLiteral("s"), 5, 0,
                           QT_TRANSLATE_NOOP("ParameterTable",
                                             "How long promoting the most advanced replica "
                                             "takes."))},
                   QT_TRANSLATE_NOOP("ParameterTable",
                                     "How a replica replaces a failed primary; unshipped "
                                     "acknowledged writes are lost.")),
        });
    spec.actions = {QStringLiteral("fail"), QStringLiteral("recover"), QStringLiteral("slow")};
    spec.build = build;
    spec.capacity = capacity;
    spec.nominalDemandMs = nominalDemandMs;
    spec.serviceParameter = QStringLiteral("read_ms");
    spec.note = stationNote;
    spec.advice = advice;
    spec.spofReason = spofReason;
    return spec;
}

} // namespace

const ComponentKindSpec &databaseKind()
{
    static const ComponentKindSpec spec = makeKind();
    return spec;
}

} // namespace scalelab::model::kinds
