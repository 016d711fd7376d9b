#include "simulation_builder.h"

#include "component_kind.h"
#include "kinds/kind_support.h"
#include "parameter_table.h"

#include "sim/database.h"

#include <QJsonArray>

#include <cmath>

namespace scalelab::model {

namespace {

// A replication link joins a replica to its primary's replica set, with the primary's
// replication mode, shipping delay and failover timings.
void attachReplica(sim::Engine &engine, const Model &model, const Link &link,
                   const QHash<QString, std::uint32_t> &indexOf)
{
    const Component &primary = *model.find(link.from);
    auto &p = static_cast<sim::Database &>(engine.component(indexOf.value(link.from)));
    auto &r = static_cast<sim::Database &>(engine.component(indexOf.value(link.to)));
    const QString mode = primary.member(QStringLiteral("replication"), QStringLiteral("mode"))
                             .toString(QStringLiteral("async"));
    const sim::ReplicaSet::Mode m = mode == QLatin1String("sync") ? sim::ReplicaSet::Mode::Sync
                                    : mode == QLatin1String("semi_sync")
                                        ? sim::ReplicaSet::Mode::SemiSync
                                        : sim::ReplicaSet::Mode::Async;
    const sim::Distribution delay = kinds::toSim(Distribution::fromJson(
        primary.member(QStringLiteral("replication"), QStringLiteral("delay_ms"))));
    const double detect =
        primary.member(QStringLiteral("failover"), QStringLiteral("detect_s")).toDouble(10);
    const double promote =
        primary.member(QStringLiteral("failover"), QStringLiteral("promote_s")).toDouble(5);
    p.attachReplica(r, sim::fromMilliseconds(link.latencyMs), m, delay, sim::fromSeconds(detect),
                    sim::fromSeconds(promote));
}

double totalClientRate(const Model &model)
{
    double total = 0;
    for (const Component &c : model.components)
        if (c.kind == ComponentKind::Client)
            total += c.number(QStringLiteral("rate_rps"));
    return total;
}

} // namespace

bool actionApplies(const QString &action, ComponentKind kind)
{
    return kindSpec(kind).actions.contains(action);
}

RunSettings resolveSettings(const Model &model, const RunOverrides &overrides,
                            QList<Problem> *problems)
{
    RunSettings s;
    s.durationS = overrides.durationS.value_or(model.scenario.durationS);
    // A shorter duration from the command line keeps the warm-up at 10 % of it unless the model
    // or the command line say otherwise.
    s.warmupS = overrides.warmupS.value_or(model.scenario.warmupS.value_or(s.durationS / 10));
    s.seed = overrides.seed.value_or(model.scenario.seed);
    s.replications = overrides.replications.value_or(model.scenario.replications);
    s.totalRateRps = overrides.rateRps;
    if (problems) {
        if (s.warmupS >= s.durationS) {
            const bool fromModel = !overrides.warmupS && model.scenario.warmupS;
            problems->append(
                {QString(),
                 fromModel ? QStringLiteral("scenario.warmup_s") : QStringLiteral("--warmup"),
                 QStringLiteral("the warm-up (%1 s) must be shorter than the run (%2 s)%3")
                     .arg(s.warmupS)
                     .arg(s.durationS)
                     .arg(fromModel ? QStringLiteral("; give a shorter --warmup") : QString())});
        }
        if (s.totalRateRps && totalClientRate(model) <= 0)
            problems->append({QString(), QStringLiteral("--rate"),
                              QStringLiteral("the model has no client with a rate above 0 to "
                                             "scale")});
    }
    return s;
}

QList<Problem> unsupportedMechanisms(const Model &model)
{
    QList<Problem> problems;
    for (int i = 0; i < model.scenario.events.size(); ++i) {
        const ScenarioEvent &e = model.scenario.events[i];
        const QString at = QStringLiteral("scenario.events[%1]").arg(i);
        const ScenarioActionSpec *spec = scenarioAction(e.action);
        if (!spec || !spec->needsTarget)
            continue; // partition and heal name regions, which the loader has checked
        const Component *target = model.find(e.target);
        if (target && !actionApplies(e.action, target->kind))
            problems.append({QString(), at + QStringLiteral(".target"),
                             QStringLiteral("%1 cannot be applied to %2, a %3")
                                 .arg(e.action, e.target, kindName(target->kind))});
    }
    return problems;
}

std::unique_ptr<sim::Engine> buildEngine(const Model &model, const RunSettings &settings,
                                         quint64 seed)
{
    auto engine = std::make_unique<sim::Engine>(seed);
    double rateScale = 1;
    if (settings.totalRateRps) {
        const double total = totalClientRate(model);
        rateScale = total > 0 ? *settings.totalRateRps / total : 0;
    }
    QHash<QString, std::uint32_t> indexOf;
    QHash<QString, int> regionIndex;
    for (const Region &r : model.regions)
        regionIndex.insert(r.id, static_cast<int>(regionIndex.size()));
    engine->setRegionCount(static_cast<int>(model.regions.size()));
    for (const RegionLatency &rl : model.regionLatencies)
        engine->setRegionLatency(regionIndex.value(rl.a), regionIndex.value(rl.b),
                                 sim::fromMilliseconds(rl.ms));
    // Engine indices follow model order, so a monitor can name components that come after it.
    for (int i = 0; i < model.components.size(); ++i)
        indexOf.insert(model.components[i].id, static_cast<std::uint32_t>(i));
    BuildContext context;
    context.rateScale = rateScale;
    context.indexOf = &indexOf;
    for (const Component &c : model.components)
        if (c.kind == ComponentKind::Client)
            context.totalUsers +=
                static_cast<std::uint32_t>(c.number(QStringLiteral("users"), 100000));
    for (const Component &c : model.components) {
        const double keys = c.member(QStringLiteral("keys"), QStringLiteral("count")).toDouble(0);
        if (c.kind == ComponentKind::Client)
            context.maxKeys =
                std::max(context.maxKeys, static_cast<std::uint64_t>(keys > 0 ? keys : 10000));
    }
    for (const Component &c : model.components) {
        const ComponentKindSpec &kind = kindSpec(c.kind);
        auto component = kind.build(c, context);
        if (kind.kind == ComponentKind::Client)
            context.firstUser +=
                static_cast<std::uint32_t>(c.number(QStringLiteral("users"), 100000));
        const std::uint32_t index = engine->addComponent(std::move(component));
        indexOf.insert(c.id, index);
        if (!c.region.isEmpty())
            engine->setRegion(index, regionIndex.value(c.region, -1));
    }
    for (const Component &c : model.components) {
        const ComponentKindSpec &kind = kindSpec(c.kind);
        if (kind.connect)
            kind.connect(*engine, c, context);
    }
    for (const Link &l : model.links) {
        if (l.kind == Link::Kind::Replication) {
            attachReplica(*engine, model, l, indexOf);
            continue;
        }
        engine->addLink(indexOf.value(l.from), indexOf.value(l.to),
                        sim::fromMilliseconds(l.latencyMs));
    }
    for (const ScenarioEvent &e : model.scenario.events)
        if (const auto a = engineAction(model, e))
            engine->addAction(*a);
    engine->setHorizon(sim::fromSeconds(settings.warmupS), sim::fromSeconds(settings.durationS));
    return engine;
}

std::optional<sim::ScenarioAction> engineAction(const Model &model, const ScenarioEvent &e)
{
    sim::ScenarioAction a;
    a.at = sim::fromSeconds(e.atS);
    // Engine indices follow model order, regions the model's region order (see buildEngine).
    const auto componentIndex = [&model](const QString &id) {
        for (int i = 0; i < model.components.size(); ++i)
            if (model.components[i].id == id)
                return i;
        return -1;
    };
    const auto regionIndex = [&model](const QString &id) {
        for (int i = 0; i < model.regions.size(); ++i)
            if (model.regions[i].id == id)
                return i;
        return -1;
    };
    if (e.action == QLatin1String("partition") || e.action == QLatin1String("heal")) {
        // Between two regions: the target and "with" are region ids.
        a.type = e.action == QLatin1String("partition") ? sim::ScenarioAction::Type::Partition
                                                        : sim::ScenarioAction::Type::Heal;
        a.region = regionIndex(e.target);
        a.otherRegion = regionIndex(e.parameters.value(QStringLiteral("with")).toString());
        if (a.region < 0 || a.otherRegion < 0)
            return std::nullopt;
        return a;
    }
    const int target = componentIndex(e.target);
    if (target < 0)
        return std::nullopt;
    a.target = static_cast<std::uint32_t>(target);
    if (e.action == QLatin1String("fail"))
        a.type = sim::ScenarioAction::Type::Fail;
    else if (e.action == QLatin1String("recover"))
        a.type = sim::ScenarioAction::Type::Recover;
    else if (e.action == QLatin1String("slow"))
        a.type = sim::ScenarioAction::Type::Slow;
    else if (e.action == QLatin1String("flush"))
        a.type = sim::ScenarioAction::Type::Flush;
    else if (e.action == QLatin1String("spike"))
        a.type = sim::ScenarioAction::Type::Spike;
    else
        return std::nullopt;
    const QJsonValue instance = e.parameters.value(QStringLiteral("instance"));
    a.instance = instance.isDouble() ? static_cast<int>(instance.toDouble()) : -1;
    a.factor = e.parameters.value(QStringLiteral("factor")).toDouble(1);
    a.duration = sim::fromSeconds(e.parameters.value(QStringLiteral("duration_s")).toDouble(0));
    return a;
}

sim::EngineFactory engineFactory(const Model &model, const RunSettings &settings)
{
    return [model, settings](std::uint64_t seed) { return buildEngine(model, settings, seed); };
}

sim::RunResults runModel(const Model &model, const RunSettings &settings, sim::Observer *observer,
                         int threads)
{
    return sim::runReplications(engineFactory(model, settings), settings.seed,
                                settings.replications, observer, threads);
}

} // namespace scalelab::model
