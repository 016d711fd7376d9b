// Sends each request to the shard that owns its key (or user): a hot key makes a hot shard.

#include "kind_support.h"

#include "sim/shard_router.h"

#include <algorithm>

namespace scalelab::model::kinds {

namespace {

// A range router splits the key space [0, keys) (or the users, with shard_key user) into equal
// ranges: it is sized to the largest client's keys and to every client's users.
std::unique_ptr<sim::Component> build(const Component &c, const BuildContext &context)
{
    sim::ShardRouter::Config cfg;
    cfg.strategy = shardStrategyNamed(c.text(QStringLiteral("strategy")));
    cfg.virtualNodes = wholeNumber(c, QStringLiteral("virtual_nodes"), 100);
    cfg.byUser = c.text(QStringLiteral("shard_key")) == QLatin1String("user");
    cfg.keySpace = std::max<std::uint64_t>(1, cfg.byUser ? context.totalUsers : context.maxKeys);
    return std::make_unique<sim::ShardRouter>(c.id.toStdString(), cfg);
}

QStringList note(const Component &, const StationCapacity &)
{
    return {QCoreApplication::translate("ComponentKind",
                                        "Each shard gets the requests for the keys it owns: the "
                                        "engine's mapping applied to the clients' key "
                                        "popularity, so a hot key makes a hot shard.")};
}

QString spofReason(const Component &c)
{
    return QCoreApplication::translate("ComponentKind",
                                       "%1 is the only shard router: if it fails, no request "
                                       "reaches any shard. Add a second router linked from the "
                                       "web tier.")
        .arg(c.id);
}

ComponentKindSpec makeKind()
{
    ComponentKindSpec spec;
    spec.kind = ComponentKind::ShardRouter;
    spec.idStem = QStringLiteral("router");
    spec.type = makeType(
        QStringLiteral("shard_router"), QT_TRANSLATE_NOOP("ParameterTable", "Shard router"),
        QT_TRANSLATE_NOOP("ParameterTable",
                          "Sends each request to the shard that owns its key; a hot key makes a "
                          "hot shard."),
        {
            choice(QStringLiteral("strategy"),
                   {QStringLiteral("hash_mod"), QStringLiteral("consistent_hash"),
                    QStringLiteral("range")},
                   QStringLiteral("hash_mod"),
                   QT_TRANSLATE_NOOP("ParameterTable",
                                     "How keys map to shards: hash modulo the shard count, a "
                                     "consistent-hash ring, or key ranges.")),
            integer(QStringLiteral("virtual_nodes"), QStringLiteral("nodes"), 100, 1,
                    QT_TRANSLATE_NOOP("ParameterTable",
                                      "Points per shard on the consistent-hash ring; more points "
                                      "spread keys more evenly."),
                    100000),
            choice(QStringLiteral("shard_key"), {QStringLiteral("key"), QStringLiteral("user")},
                   QStringLiteral("key"),
                   QT_TRANSLATE_NOOP("ParameterTable",
                                     "What decides the shard: the data key or the user id.")),
        });
    spec.actions = {QStringLiteral("fail"), QStringLiteral("recover")};
    spec.build = build;
    spec.note = note;
    spec.spofReason = spofReason;
    return spec;
}

} // namespace

sim::ShardStrategy shardStrategyNamed(const QString &name)
{
    if (name == QLatin1String("consistent_hash"))
        return sim::ShardStrategy::ConsistentHash;
    if (name == QLatin1String("range"))
        return sim::ShardStrategy::Range;
    return sim::ShardStrategy::HashMod;
}

const ComponentKindSpec &shardRouterKind()
{
    static const ComponentKindSpec spec = makeKind();
    return spec;
}

} // namespace scalelab::model::kinds
