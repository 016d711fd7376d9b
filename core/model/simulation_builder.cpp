#include "simulation_builder.h"

#include "parameter_table.h"

#include "sim/cache.h"
#include "sim/cdn.h"
#include "sim/client.h"
#include "sim/database.h"
#include "sim/dns.h"
#include "sim/load_balancer.h"
#include "sim/monitor.h"
#include "sim/queue.h"
#include "sim/session_store.h"
#include "sim/shard_router.h"
#include "sim/web_server.h"
#include "sim/worker.h"

#include <QJsonArray>

#include <cmath>

namespace scalelab::model {

namespace {

constexpr double kNsPerMs = 1e6;

sim::Distribution toSim(const Distribution &d)
{
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

sim::ServerPool::Capacity capacity(const Component &c, const QString &concurrencyName)
{
    sim::ServerPool::Capacity cap;
    cap.instances = wholeNumber(c, QStringLiteral("count"), 1);
    cap.cores = wholeNumber(c, QStringLiteral("cores"), 1);
    cap.maxConcurrency = wholeNumber(c, concurrencyName, 0);
    const QJsonValue queue = c.value(QStringLiteral("queue_capacity"));
    cap.queueCapacity = queue.isDouble() ? static_cast<std::int64_t>(queue.toDouble()) : -1;
    return cap;
}

std::unique_ptr<sim::Component> buildClient(const Component &c, double rateScale,
                                            std::uint32_t firstUser)
{
    sim::Client::Config cfg;
    cfg.rateRps = c.number(QStringLiteral("rate_rps")) * rateScale;
    cfg.poisson = c.text(QStringLiteral("arrival")) != QLatin1String("constant");
    for (const QJsonValue &step : c.value(QStringLiteral("profile")).toArray()) {
        const QJsonObject o = step.toObject();
        cfg.profile.emplace_back(sim::fromSeconds(o.value(QStringLiteral("at_s")).toDouble()),
                                 o.value(QStringLiteral("rate_rps")).toDouble() * rateScale);
    }
    std::sort(cfg.profile.begin(), cfg.profile.end());
    const QJsonObject mix = c.value(QStringLiteral("mix")).toObject();
    static const char *kinds[] = {"static", "read", "write", "job"};
    for (int k = 0; k < sim::kRequestKinds; ++k)
        cfg.mix[static_cast<std::size_t>(k)] = mix.value(QLatin1String(kinds[k])).toDouble(0);
    cfg.keyCount = static_cast<std::uint64_t>(
        c.member(QStringLiteral("keys"), QStringLiteral("count")).toDouble(10000));
    cfg.zipf = c.member(QStringLiteral("keys"), QStringLiteral("zipf")).toDouble(0);
    cfg.users = static_cast<std::uint32_t>(c.number(QStringLiteral("users"), 100000));
    cfg.firstUser = firstUser;
    return std::make_unique<sim::Client>(c.id.toStdString(), std::move(cfg));
}

std::unique_ptr<sim::Component> buildLoadBalancer(const Component &c)
{
    sim::LoadBalancer::Config cfg;
    const QString algorithm = c.text(QStringLiteral("algorithm"));
    if (algorithm == QLatin1String("random"))
        cfg.algorithm = sim::LoadBalancer::Algorithm::Random;
    else if (algorithm == QLatin1String("least_connections"))
        cfg.algorithm = sim::LoadBalancer::Algorithm::LeastConnections;
    else if (algorithm == QLatin1String("ip_hash"))
        cfg.algorithm = sim::LoadBalancer::Algorithm::IpHash;
    cfg.service = toSim(c.distribution(QStringLiteral("service_ms")));
    cfg.maxConnections = wholeNumber(c, QStringLiteral("max_connections"), 0);
    cfg.healthInterval = sim::fromSeconds(
        c.member(QStringLiteral("health_check"), QStringLiteral("interval_s")).toDouble(5));
    cfg.unhealthyAfter = static_cast<int>(
        c.member(QStringLiteral("health_check"), QStringLiteral("unhealthy_after")).toDouble(2));
    return std::make_unique<sim::LoadBalancer>(c.id.toStdString(), cfg);
}

// A name service remembers a refresh epoch per user: it is sized to every client's users.
std::unique_ptr<sim::Component> buildDns(const Component &c, std::uint32_t users)
{
    sim::Dns::Config cfg;
    cfg.ttl = sim::fromSeconds(c.number(QStringLiteral("ttl_s"), 60));
    cfg.policy = c.text(QStringLiteral("policy")) == QLatin1String("round_robin")
                     ? sim::Dns::Policy::RoundRobin
                     : sim::Dns::Policy::Geo;
    cfg.latency = toSim(c.distribution(QStringLiteral("latency_ms")));
    cfg.users = users;
    return std::make_unique<sim::Dns>(c.id.toStdString(), cfg);
}

// A range router splits the key space [0, keys) (or the users, with shard_key user) into equal
// ranges: it is sized to the largest client's keys and to every client's users.
std::unique_ptr<sim::Component> buildShardRouter(const Component &c, std::uint64_t keys,
                                                 std::uint32_t users)
{
    sim::ShardRouter::Config cfg;
    const QString strategy = c.text(QStringLiteral("strategy"));
    cfg.strategy = strategy == QLatin1String("consistent_hash") ? sim::ShardStrategy::ConsistentHash
                   : strategy == QLatin1String("range")         ? sim::ShardStrategy::Range
                                                                : sim::ShardStrategy::HashMod;
    cfg.virtualNodes = wholeNumber(c, QStringLiteral("virtual_nodes"), 100);
    cfg.byUser = c.text(QStringLiteral("shard_key")) == QLatin1String("user");
    cfg.keySpace = std::max<std::uint64_t>(1, cfg.byUser ? users : keys);
    return std::make_unique<sim::ShardRouter>(c.id.toStdString(), cfg);
}

// Builds the engine's counterpart of one model component. `firstUser` numbers a client's users
// after those of the clients before it.
std::unique_ptr<sim::Component> buildComponent(const Component &c, double rateScale,
                                               std::uint32_t firstUser,
                                               const QHash<QString, std::uint32_t> &indexOf)
{
    const std::string id = c.id.toStdString();
    if (c.type == QLatin1String("monitor")) {
        sim::Monitor::Config cfg;
        for (const QJsonValue &v : c.value(QStringLiteral("alerts")).toArray()) {
            const QJsonObject a = v.toObject();
            const QString target = a.value(QStringLiteral("component")).toString();
            cfg.alerts.push_back({a.value(QStringLiteral("metric")).toString().toStdString(),
                                  indexOf.value(target), target.toStdString(),
                                  a.value(QStringLiteral("above")).toDouble()});
        }
        return std::make_unique<sim::Monitor>(id, std::move(cfg));
    }
    if (c.type == QLatin1String("client"))
        return buildClient(c, rateScale, firstUser);
    if (c.type == QLatin1String("load_balancer"))
        return buildLoadBalancer(c);
    if (c.type == QLatin1String("web_server")) {
        sim::WebServer::Config cfg;
        cfg.capacity = capacity(c, QStringLiteral("max_concurrency"));
        cfg.service = toSim(c.distribution(QStringLiteral("service_ms")));
        cfg.job = toSim(c.distribution(QStringLiteral("job_ms")));
        const QString sessions = c.text(QStringLiteral("sessions"));
        if (c.parameters.contains(QStringLiteral("autoscale"))) {
            auto member = [&c](const char *name, double fallback) {
                return c.member(QStringLiteral("autoscale"), QLatin1String(name))
                    .toDouble(fallback);
            };
            cfg.autoscale.enabled = true;
            cfg.autoscale.minimum = static_cast<int>(member("min", 1));
            cfg.autoscale.maximum = std::max(
                cfg.autoscale.minimum, static_cast<int>(member("max", cfg.capacity.instances)));
            cfg.autoscale.target = member("target_utilization", 0.7);
            cfg.autoscale.boot = sim::fromSeconds(member("boot_s", 30));
            cfg.autoscale.cooldown = sim::fromSeconds(member("cooldown_s", 60));
        }
        cfg.sessions = sessions == QLatin1String("local")   ? sim::WebServer::Sessions::Local
                       : sessions == QLatin1String("store") ? sim::WebServer::Sessions::Store
                                                            : sim::WebServer::Sessions::None;
        return std::make_unique<sim::WebServer>(id, cfg);
    }
    if (c.type == QLatin1String("cache")) {
        sim::Cache::Config cfg;
        cfg.capacity = capacity(c, QString());
        cfg.capacity.instances = 1;
        cfg.service = toSim(c.distribution(QStringLiteral("service_ms")));
        cfg.keys = static_cast<std::size_t>(c.number(QStringLiteral("capacity"), 1));
        cfg.eviction = eviction(c.text(QStringLiteral("eviction")));
        const QJsonValue ttl = c.value(QStringLiteral("ttl_s"));
        cfg.ttl = ttl.isDouble() ? sim::fromSeconds(ttl.toDouble()) : 0;
        return std::make_unique<sim::Cache>(id, cfg);
    }
    if (c.type == QLatin1String("cdn")) {
        sim::Cdn::Config cfg;
        cfg.capacity = static_cast<std::size_t>(c.number(QStringLiteral("capacity"), 10000));
        cfg.eviction = eviction(c.text(QStringLiteral("eviction")));
        const QJsonValue ttl = c.value(QStringLiteral("ttl_s"));
        cfg.ttl = ttl.isDouble() ? sim::fromSeconds(ttl.toDouble()) : 0;
        cfg.hit = toSim(c.distribution(QStringLiteral("hit_ms")));
        return std::make_unique<sim::Cdn>(id, cfg);
    }
    if (c.type == QLatin1String("session_store")) {
        sim::SessionStore::Config cfg;
        cfg.capacity = capacity(c, QString());
        cfg.capacity.instances = 1;
        cfg.service = toSim(c.distribution(QStringLiteral("service_ms")));
        cfg.sessions = static_cast<std::size_t>(c.number(QStringLiteral("capacity"), 1));
        return std::make_unique<sim::SessionStore>(id, cfg);
    }
    if (c.type == QLatin1String("database")) {
        sim::Database::Config cfg;
        cfg.capacity = capacity(c, QStringLiteral("max_connections"));
        cfg.capacity.instances = 1;
        cfg.read = toSim(c.distribution(QStringLiteral("read_ms")));
        cfg.write = toSim(c.distribution(QStringLiteral("write_ms")));
        cfg.replica = c.text(QStringLiteral("role")) == QLatin1String("replica");
        return std::make_unique<sim::Database>(id, cfg);
    }
    if (c.type == QLatin1String("queue")) {
        sim::MessageQueue::Config cfg;
        const QJsonValue jobs = c.value(QStringLiteral("capacity"));
        cfg.capacity = jobs.isDouble() ? static_cast<std::int64_t>(jobs.toDouble()) : -1;
        cfg.visibilityTimeout =
            sim::fromSeconds(c.number(QStringLiteral("visibility_timeout_s"), 30));
        return std::make_unique<sim::MessageQueue>(id, cfg);
    }
    if (c.type == QLatin1String("worker")) {
        sim::Worker::Config cfg;
        cfg.capacity = capacity(c, QString());
        cfg.service = toSim(c.distribution(QStringLiteral("service_ms")));
        return std::make_unique<sim::Worker>(id, cfg);
    }
    return nullptr;
}

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
    const sim::Distribution delay = toSim(Distribution::fromJson(
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
        if (c.type == QLatin1String("client"))
            total += c.number(QStringLiteral("rate_rps"));
    return total;
}

} // namespace

bool actionApplies(const QString &action, const QString &type)
{
    if (action == QLatin1String("fail") || action == QLatin1String("recover"))
        return type != QLatin1String("client");
    if (action == QLatin1String("slow"))
        return type == QLatin1String("web_server") || type == QLatin1String("cache") ||
               type == QLatin1String("database") || type == QLatin1String("worker");
    if (action == QLatin1String("flush"))
        return type == QLatin1String("cache") || type == QLatin1String("cdn") ||
               type == QLatin1String("session_store");
    if (action == QLatin1String("spike"))
        return type == QLatin1String("client");
    return false;
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
    const QString later = QStringLiteral(" is not in the engine yet; 'scalelab analyze' can "
                                         "estimate the model meanwhile");
    for (int i = 0; i < model.components.size(); ++i) {
        const Component &c = model.components[i];
        const QString at = QStringLiteral("components[%1]").arg(i);
        const ComponentTypeSpec *spec = componentType(c.type);
        if (!spec || !spec->simulated) {
            problems.append({QString(), at + QStringLiteral(".type"),
                             QStringLiteral("the %1 mechanism (%2)").arg(c.type, c.id) + later});
            continue;
        }
    }
    for (int i = 0; i < model.scenario.events.size(); ++i) {
        const ScenarioEvent &e = model.scenario.events[i];
        const QString at = QStringLiteral("scenario.events[%1]").arg(i);
        const ScenarioActionSpec *spec = scenarioAction(e.action);
        if (!spec || !spec->simulated) {
            problems.append({QString(), at + QStringLiteral(".action"),
                             QStringLiteral("the %1 action").arg(e.action) + later});
            continue;
        }
        if (!spec->needsTarget)
            continue; // partition and heal name regions, which the loader has checked
        const Component *target = model.find(e.target);
        if (target && !actionApplies(e.action, target->type))
            problems.append({QString(), at + QStringLiteral(".target"),
                             QStringLiteral("%1 cannot be applied to %2, a %3")
                                 .arg(e.action, e.target, target->type)});
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
    std::uint32_t totalUsers = 0;
    for (const Component &c : model.components)
        if (c.type == QLatin1String("client"))
            totalUsers += static_cast<std::uint32_t>(c.number(QStringLiteral("users"), 100000));
    std::uint64_t maxKeys = 1;
    for (const Component &c : model.components) {
        const double keys = c.member(QStringLiteral("keys"), QStringLiteral("count")).toDouble(0);
        if (c.type == QLatin1String("client"))
            maxKeys = std::max(maxKeys, static_cast<std::uint64_t>(keys > 0 ? keys : 10000));
    }
    std::uint32_t firstUser = 0;
    for (const Component &c : model.components) {
        auto component = c.type == QLatin1String("dns") ? buildDns(c, totalUsers)
                         : c.type == QLatin1String("shard_router")
                             ? buildShardRouter(c, maxKeys, totalUsers)
                             : buildComponent(c, rateScale, firstUser, indexOf);
        if (c.type == QLatin1String("client"))
            firstUser += static_cast<std::uint32_t>(c.number(QStringLiteral("users"), 100000));
        Q_ASSERT(component);
        const std::uint32_t index = engine->addComponent(std::move(component));
        indexOf.insert(c.id, index);
        if (!c.region.isEmpty())
            engine->setRegion(index, regionIndex.value(c.region, -1));
    }
    for (const Component &c : model.components) {
        const QString active = c.text(QStringLiteral("standby_for"));
        if (c.type == QLatin1String("load_balancer") && !active.isEmpty())
            static_cast<sim::LoadBalancer &>(engine->component(indexOf.value(active)))
                .setStandby(
                    &static_cast<sim::LoadBalancer &>(engine->component(indexOf.value(c.id))));
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
