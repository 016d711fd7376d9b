#include "explanations.h"

#include "sim/simulation.h"

#include <cmath>

namespace scalelab::model {

namespace {

// The engine's sentences rounded percentages two ways; each fact keeps its own, so that a
// sentence reads as it always did next to the number the results print.
QString percentRounded(double share)
{
    return QString::number(std::lround(share * 100));
}

QString percentTruncated(double share)
{
    return QString::number(static_cast<int>(share * 100 + 0.5));
}

// The analysis prints its percentages as its table does, beside the figures it estimates.
QString percentPredicted(double share)
{
    return QString::number(std::round(share * 100), 'f', 0);
}

// What a component predicted busy spends its cores on, as the analysis accounts it.
QString workPhrase(ComponentKind kind, Work work)
{
    switch (work) {
    case Work::Static:
        return Explanations::tr("serving static requests");
    case Work::Read:
        return kind == ComponentKind::Cache ? Explanations::tr("serving reads and filling misses")
                                            : Explanations::tr("serving reads");
    case Work::Write:
        return kind == ComponentKind::Cache ? Explanations::tr("deleting keys after writes")
                                            : Explanations::tr("serving writes");
    case Work::Job:
        return Explanations::tr("running jobs");
    case Work::Session:
        return Explanations::tr("looking up sessions");
    case Work::Replication:
        return Explanations::tr("applying its primary's writes");
    }
    return Explanations::tr("serving requests");
}

QString workName(sim::LoadFact::Work work)
{
    using W = sim::LoadFact::Work;
    switch (work) {
    case W::StaticRequests:
        return Explanations::tr("static requests");
    case W::Reads:
        return Explanations::tr("reads");
    case W::Writes:
        return Explanations::tr("writes");
    case W::Jobs:
        return Explanations::tr("jobs");
    case W::Lookups:
        return Explanations::tr("lookups");
    case W::Fills:
        return Explanations::tr("fills");
    case W::Deletes:
        return Explanations::tr("deletes");
    case W::None:
    case W::Requests:
        break;
    }
    return Explanations::tr("requests");
}

// What a send or a failed reply carries, by what the caller asks of the callee.
QString operationName(sim::Operation operation)
{
    using O = sim::Operation;
    switch (operation) {
    case O::Serve:
        return Explanations::tr("request");
    case O::CacheGet:
        return Explanations::tr("lookup");
    case O::CacheSet:
        return Explanations::tr("fill");
    case O::CacheDelete:
        return Explanations::tr("invalidation");
    case O::Publish:
        return Explanations::tr("job to publish");
    case O::SessionGet:
        return Explanations::tr("session read");
    case O::SessionSet:
        return Explanations::tr("new session");
    case O::Apply:
        return Explanations::tr("replicated write");
    case O::Deliver:
        return Explanations::tr("job");
    }
    return Explanations::tr("request");
}

QString requestName(sim::RequestKind kind)
{
    using K = sim::RequestKind;
    switch (kind) {
    case K::Static:
        return Explanations::tr("static request");
    case K::Read:
        return Explanations::tr("read request");
    case K::Write:
        return Explanations::tr("write request");
    case K::Job:
        return Explanations::tr("job request");
    }
    return Explanations::tr("request");
}

QString strategyName(sim::HopFact::Strategy strategy)
{
    // The shard_router's `strategy` values, as the model file spells them: not words to translate.
    switch (strategy) {
    case sim::HopFact::Strategy::HashMod:
        return QStringLiteral("hash_mod");
    case sim::HopFact::Strategy::ConsistentHash:
        return QStringLiteral("consistent_hash");
    case sim::HopFact::Strategy::Range:
        break;
    }
    return QStringLiteral("range");
}

QString backlog(const sim::LoadFact &fact)
{
    const QString id = QString::fromStdString(fact.component);
    const QString mean = QString::number(std::lround(fact.backlogMean));
    const QString held =
        fact.capacity > 0
            ? Explanations::tr("%1 holds %2 jobs on average (%3 now, room for %4)")
                  .arg(id, mean, QString::number(fact.backlogNow), QString::number(fact.capacity))
            : Explanations::tr("%1 holds %2 jobs on average (%3 now)")
                  .arg(id, mean, QString::number(fact.backlogNow));
    QString state;
    if (fact.growing)
        state = Explanations::tr("the backlog keeps growing: jobs arrive faster than the workers "
                                 "finish them, so add workers");
    else if (fact.refusing)
        state = Explanations::tr("it is full and refuses jobs: add workers to drain it");
    else
        state = Explanations::tr("its workers keep up");
    return Explanations::tr("%1; %2").arg(held, state);
}

QString busyPool(const sim::LoadFact &fact, const QString &help)
{
    const QString id = QString::fromStdString(fact.component);
    const QString busy = percentRounded(fact.busy);
    if (fact.work == sim::LoadFact::Work::None)
        return Explanations::tr("%1 is busy %2 % of the time; %3").arg(id, busy, help);
    const long share = std::lround(fact.workShare * 100);
    if (share >= 100)
        return Explanations::tr("%1 is busy %2 % of the time serving %3; %4")
            .arg(id, busy, workName(fact.work), help);
    return Explanations::tr("%1 is busy %2 % of the time serving %3 (%4 % of its work); %5")
        .arg(id, busy, workName(fact.work), QString::number(share), help);
}

} // namespace

AdviceContext Explanations::adviceContext(const sim::LoadFact &fact)
{
    using W = sim::LoadFact::Work;
    AdviceContext context;
    switch (fact.work) {
    case W::StaticRequests:
        context.work = Work::Static;
        break;
    case W::Writes:
    case W::Deletes:
        context.work = Work::Write;
        break;
    case W::Jobs:
        context.work = Work::Job;
        break;
    case W::None:
    case W::Reads:
    case W::Lookups:
    case W::Fills:
    case W::Requests:
        context.work = Work::Read;
        break;
    }
    context.hasReplicas = fact.hasReplicas;
    context.isReplica = fact.isReplica;
    context.calledThroughCache = fact.calledThroughCache;
    context.isShard = fact.isShard;
    return context;
}

QString Explanations::advice(ComponentKind kind, const AdviceContext &context)
{
    const ComponentKindSpec &spec = kindSpec(kind);
    if (spec.advice)
        return spec.advice(context);
    return tr("more capacity there would help");
}

QString Explanations::advice(const QString &type, const AdviceContext &context)
{
    if (const std::optional<ComponentKind> kind = kindNamed(type))
        return advice(*kind, context);
    return tr("more capacity there would help");
}

QString Explanations::load(const sim::LoadFact &fact)
{
    const QString id = QString::fromStdString(fact.component);
    const auto help = [&fact] {
        return advice(QString::fromStdString(fact.type), adviceContext(fact));
    };
    switch (fact.code) {
    case sim::LoadFact::Code::Busy:
        return tr("%1 is busy %2 % of the time; %3").arg(id, percentTruncated(fact.busy), help());
    case sim::LoadFact::Code::BusyPool:
        return busyPool(fact, help());
    case sim::LoadFact::Code::Connections:
        return tr("%1 holds on average %2 % of its connection limit open; %3")
            .arg(id, percentRounded(fact.busy), help());
    case sim::LoadFact::Code::EdgeHits: {
        const double share = fact.edgeLookups ? 100.0 * static_cast<double>(fact.edgeHits) /
                                                    static_cast<double>(fact.edgeLookups)
                                              : 0;
        return tr("%1 serves %2 % of static requests from its edge; %3")
            .arg(id, QString::number(static_cast<int>(share + 0.5)), help());
    }
    case sim::LoadFact::Code::Backlog:
        return backlog(fact);
    case sim::LoadFact::Code::NamesTheWay:
        return tr("%1 only names the way; the load falls on the targets it answers with").arg(id);
    }
    return id;
}

QString Explanations::bottleneck(const sim::RunResults &results)
{
    if (results.bottleneck.empty())
        return {};
    if (results.nothingNearCapacity)
        return tr("nothing is near its capacity yet: the busiest component, %1, is busy %2 % of "
                  "the time")
            .arg(QString::fromStdString(results.bottleneck),
                 percentTruncated(results.bottleneckUtilization));
    return load(results.bottleneckFact);
}

QString Explanations::hop(const sim::HopFact &fact)
{
    using C = sim::HopFact::Code;
    const QString from = QString::fromStdString(fact.from);
    const QString to = QString::fromStdString(fact.to);
    const QString key = QString::number(fact.key);
    switch (fact.code) {
    case C::Send: {
        const QString what = fact.operation == sim::Operation::Serve
                                 ? requestName(fact.kind)
                                 : operationName(fact.operation);
        if (fact.instance > 0)
            return tr("%1 sends a %2 for key %3 to %4 instance %5")
                .arg(from, what, key, to, QString::number(fact.instance));
        return tr("%1 sends a %2 for key %3 to %4").arg(from, what, key, to);
    }
    case C::Answer:
        return tr("%1 answers %2").arg(from, to);
    case C::Fail:
        return tr("%1 fails the %2 back to %3").arg(from, operationName(fact.operation), to);
    case C::BalancerPick: {
        const QString picked =
            fact.instance > 0
                ? tr("%1 picked %2 instance %3").arg(from, to, QString::number(fact.instance))
                : tr("%1 picked %2").arg(from, to);
        QString why;
        switch (fact.pick) {
        case sim::HopFact::Pick::RoundRobin:
            why = tr("round robin, next in turn of %1 healthy").arg(fact.healthy);
            break;
        case sim::HopFact::Pick::Random:
            why = tr("random among %1 healthy").arg(fact.healthy);
            break;
        case sim::HopFact::Pick::LeastConnections:
            why = tr("least connections, %1 open").arg(fact.open);
            break;
        case sim::HopFact::Pick::IpHash:
            why = tr("ip_hash of user %1").arg(fact.user);
            break;
        }
        return tr("%1: %2").arg(picked, why);
    }
    case C::CacheHit:
        return tr("%1 hit on key %2").arg(from, key);
    case C::CacheMiss:
        return tr("%1 miss on key %2").arg(from, key);
    case C::EdgeHit:
        return tr("%1 hit on object %2, served from the edge").arg(from, key);
    case C::EdgeFetch:
        return tr("%1 miss on object %2: fetching it from %3").arg(from, key, to);
    case C::ShardRoute:
        return fact.byUser
                   ? tr("%1 routes user %2 to %3 by %4")
                         .arg(from, QString::number(fact.user), to, strategyName(fact.strategy))
                   : tr("%1 routes key %2 to %3 by %4")
                         .arg(from, key, to, strategyName(fact.strategy));
    }
    return from;
}

QString Explanations::predictedBottleneck(const QString &id, ComponentKind kind, Work work,
                                          double utilization, const QString &advice)
{
    const QString doing = workPhrase(kind, work);
    if (utilization >= 1)
        return tr("%1 is predicted overloaded: %2 would need %3 % of its capacity; %4")
            .arg(id, doing, percentPredicted(utilization), advice);
    return tr("%1 is predicted busy %2 % of the time %3; %4")
        .arg(id, percentPredicted(utilization), doing, advice);
}

QString Explanations::nothingPredictedBusy()
{
    return tr("No component has work to do at this load, so none limits it");
}

QString Explanations::waitOnlyIndicative()
{
    return tr("Its service time is not exponential, so the M/M/c wait is only indicative.");
}

QString Explanations::cycleCut()
{
    return tr("A request cycle through it is cut in the estimate.");
}

QString Explanations::onlyCopyOfShard(const QString &id)
{
    return tr("%1 alone holds its shard of the keys: if it fails, requests for those keys fail. "
              "Add a replica (a replication link) so it can fail over.")
        .arg(id);
}

QString Explanations::noAlternative(const QString &id)
{
    return tr("%1 has no alternative: if it fails, requests cannot get past it.").arg(id);
}

QString Explanations::cutOff(const QStringList &ids)
{
    return tr("Without it, %1 cannot be reached.").arg(list(ids));
}

QString Explanations::list(const QStringList &items)
{
    if (items.size() <= 1)
        return items.value(0);
    // Built from the front, so that a language can put its own word before the last item.
    QString head = items.first();
    for (qsizetype i = 1; i + 1 < items.size(); ++i)
        head = tr("%1, %2", "a list of more than two items, before its last one")
                   .arg(head, items.at(i));
    return tr("%1 and %2", "the last two items of a list").arg(head, items.last());
}

} // namespace scalelab::model
