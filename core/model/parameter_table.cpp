#include "parameter_table.h"

#include <QJsonObject>

namespace scalelab::model {

namespace {

// Whole numbers end up in an int inside the engine; the table refuses what would not fit.
constexpr double kIntMax = std::numeric_limits<int>::max();
// A seed travels through JSON as a double: beyond 2^53 it would no longer be the seed written.
constexpr double kSeedMax = 9007199254740992.0;

ParameterSpec makeSpec(const QString &name, ValueKind kind, const QString &unit,
                       const QJsonValue &defaultValue, const QString &help)
{
    ParameterSpec spec;
    spec.name = name;
    spec.kind = kind;
    spec.unit = unit;
    // QJsonValue{} is Null; the table says "no default" with Undefined, as the header promises.
    spec.defaultValue = defaultValue.isNull() ? QJsonValue(QJsonValue::Undefined) : defaultValue;
    spec.help = help;
    return spec;
}

// A real number of at least `minimum` (or greater than it when `exclusive`).
ParameterSpec number(const QString &name, const QString &unit, const QJsonValue &defaultValue,
                     double minimum, const QString &help, bool exclusive = false)
{
    ParameterSpec spec = makeSpec(name, ValueKind::Number, unit, defaultValue, help);
    spec.minimum = minimum;
    spec.minimumExclusive = exclusive;
    return spec;
}

ParameterSpec positive(const QString &name, const QString &unit, const QJsonValue &defaultValue,
                       const QString &help)
{
    return number(name, unit, defaultValue, 0, help, true);
}

// A share in (0, 1]: zero would mean "never", which no fraction in a model should say.
ParameterSpec fraction(const QString &name, const QJsonValue &defaultValue, const QString &help)
{
    ParameterSpec spec = positive(name, {}, defaultValue, help);
    spec.maximum = 1;
    return spec;
}

ParameterSpec integer(const QString &name, const QString &unit, const QJsonValue &defaultValue,
                      double minimum, const QString &help, double maximum = kIntMax)
{
    ParameterSpec spec = makeSpec(name, ValueKind::Integer, unit, defaultValue, help);
    spec.minimum = minimum;
    spec.maximum = maximum;
    return spec;
}

ParameterSpec choice(const QString &name, const QStringList &choices,
                     const QJsonValue &defaultValue, const QString &help)
{
    ParameterSpec spec = makeSpec(name, ValueKind::Choice, {}, defaultValue, help);
    spec.choices = choices;
    return spec;
}

// A time law in milliseconds; the range applies to its mean.
ParameterSpec distribution(const QString &name, const QJsonValue &defaultValue, const QString &help)
{
    ParameterSpec spec =
        makeSpec(name, ValueKind::Distribution, QStringLiteral("ms"), defaultValue, help);
    spec.minimum = 0;
    return spec;
}

ParameterSpec text(const QString &name, const QString &help)
{
    return makeSpec(name, ValueKind::Text, {}, {}, help);
}

ParameterSpec componentId(const QString &name, const QString &help)
{
    return makeSpec(name, ValueKind::ComponentId, {}, {}, help);
}

// The object's default is made of its members' defaults, so that reading it whole agrees with
// reading it member by member; an object with a member that has no default has none itself.
ParameterSpec object(const QString &name, const QList<ParameterSpec> &fields, const QString &help)
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

ParameterSpec objectList(const QString &name, const QList<ParameterSpec> &fields,
                         const QString &help)
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
    return {{QStringLiteral("dist"), QStringLiteral("exponential")},
            {QStringLiteral("mean"), mean}};
}

const QStringList kEvictions = {QStringLiteral("lru"), QStringLiteral("fifo"),
                                QStringLiteral("lfu"), QStringLiteral("random")};

ParameterSpec evictionSpec(const QString &what)
{
    return choice(QStringLiteral("eviction"), kEvictions, QStringLiteral("lru"),
                  QStringLiteral("Which %1 to drop when full: lru the least recently used, fifo "
                                 "the oldest, lfu the least often used, random any.")
                      .arg(what));
}

ParameterSpec coresSpec(double defaultCores, const QString &what)
{
    return integer(QStringLiteral("cores"), QStringLiteral("cores"), defaultCores, 1,
                   QStringLiteral("How many requests one %1 works on at the same time; more wait "
                                  "in its queue.")
                       .arg(what),
                   1024);
}

ParameterSpec countSpec(const QString &what)
{
    return integer(QStringLiteral("count"), QStringLiteral("instances"), 1, 1,
                   QStringLiteral("How many identical %1 share the load (scaling out).").arg(what),
                   100000);
}

ParameterSpec maxConnectionsSpec()
{
    return integer(QStringLiteral("max_connections"), QStringLiteral("connections"), {}, 1,
                   QStringLiteral("How many requests may be inside at once; further ones are "
                                  "rejected. Unlimited when not set."));
}

ParameterSpec queueCapacitySpec()
{
    return integer(QStringLiteral("queue_capacity"), QStringLiteral("requests"), {}, 0,
                   QStringLiteral("How many requests may wait for a slot; further ones are "
                                  "rejected. Unlimited when not set, 0 means no waiting."));
}

ParameterSpec ttlSpec(const QJsonValue &defaultValue, const QString &help)
{
    return positive(QStringLiteral("ttl_s"), QStringLiteral("s"), defaultValue, help);
}

ComponentTypeSpec makeType(const QString &type, const QString &title, bool simulated,
                           const QString &help, const QList<ParameterSpec> &parameters)
{
    ComponentTypeSpec spec;
    spec.type = type;
    spec.title = title;
    spec.help = help;
    spec.simulated = simulated;
    spec.parameters = parameters;
    return spec;
}

QList<ComponentTypeSpec> buildComponentTypes()
{
    QList<ComponentTypeSpec> types;

    types << makeType(
        QStringLiteral("client"), QStringLiteral("Client"), true,
        QStringLiteral("Users sending requests: open arrivals, each request with a kind drawn "
                       "from the mix, a key from the popularity law and a user id."),
        {
            required(number(QStringLiteral("rate_rps"), QStringLiteral("rps"), {}, 0,
                            QStringLiteral("How many requests per second these users send "
                                           "altogether."))),
            choice(QStringLiteral("arrival"),
                   {QStringLiteral("poisson"), QStringLiteral("constant")},
                   QStringLiteral("poisson"),
                   QStringLiteral("poisson: independent random arrivals, as from many users; "
                                  "constant: evenly spaced arrivals.")),
            objectList(
                QStringLiteral("profile"),
                {required(number(QStringLiteral("at_s"), QStringLiteral("s"), {}, 0,
                                 QStringLiteral("When this rate starts, in seconds from the "
                                                "start of the run."))),
                 required(number(QStringLiteral("rate_rps"), QStringLiteral("rps"), {}, 0,
                                 QStringLiteral("The rate the users send from then on.")))},
                QStringLiteral("A load curve: from each point's at_s on, the users send that "
                               "point's rate_rps instead of the base rate.")),
            [] {
                ParameterSpec mix = makeSpec(
                    QStringLiteral("mix"), ValueKind::Mix, {},
                    QJsonObject{{QStringLiteral("read"), 1}},
                    QStringLiteral("Relative weights of the request kinds: static files (to a "
                                   "CDN), reads, writes and background jobs."));
                mix.choices = {QStringLiteral("static"), QStringLiteral("read"),
                               QStringLiteral("write"), QStringLiteral("job")};
                return mix;
            }(),
            object(QStringLiteral("keys"),
                   {integer(QStringLiteral("count"), QStringLiteral("keys"), 10000, 1,
                            QStringLiteral("How many different keys (rows, pages, profiles) "
                                           "the requests address.")),
                    number(QStringLiteral("zipf"), {}, 0, 0,
                           QStringLiteral("Popularity skew s: 0 makes every key equally likely; "
                                          "near 1 a few hot keys get most requests."))},
                   QStringLiteral("Which data the requests touch: how many keys and how "
                                  "unevenly popular they are.")),
            integer(QStringLiteral("users"), QStringLiteral("users"), 100000, 1,
                    QStringLiteral("How many different users send the requests; sessions and "
                                   "ip_hash follow the user id.")),
        });

    types << makeType(
        QStringLiteral("dns"), QStringLiteral("DNS"), true,
        QStringLiteral("Resolves a name to one of its downstreams; clients cache the answer for "
                       "its TTL, even after that downstream has failed."),
        {
            ttlSpec(60, QStringLiteral("How long clients keep an answer; after a failure they "
                                       "keep using the old one until it runs out.")),
            choice(QStringLiteral("policy"), {QStringLiteral("geo"), QStringLiteral("round_robin")},
                   QStringLiteral("geo"),
                   QStringLiteral("geo: the downstream in the client's region, else the nearest "
                                  "healthy one; round_robin: each in turn.")),
            distribution(QStringLiteral("latency_ms"), 0,
                         QStringLiteral("How long a lookup takes when the answer is not "
                                        "cached.")),
        });

    types << makeType(
        QStringLiteral("cdn"), QStringLiteral("CDN"), true,
        QStringLiteral("Serves static requests from real cached objects near the users; a miss "
                       "goes on to the origin downstream."),
        {
            integer(QStringLiteral("capacity"), QStringLiteral("objects"), 10000, 1,
                    QStringLiteral("How many objects the CDN keeps at once.")),
            evictionSpec(QStringLiteral("object")),
            ttlSpec({}, QStringLiteral("How long an object stays valid before it is fetched "
                                       "again; forever when not set.")),
            distribution(QStringLiteral("hit_ms"), 5,
                         QStringLiteral("How long serving a cached object takes.")),
        });

    types << makeType(
        QStringLiteral("load_balancer"), QStringLiteral("Load balancer"), true,
        QStringLiteral("Spreads requests over the healthy instances downstream; a dead backend "
                       "keeps receiving requests until health checks notice."),
        {
            choice(QStringLiteral("algorithm"),
                   {QStringLiteral("round_robin"), QStringLiteral("random"),
                    QStringLiteral("least_connections"), QStringLiteral("ip_hash")},
                   QStringLiteral("round_robin"),
                   QStringLiteral("How to pick an instance: each in turn, at random, the one "
                                  "with fewest requests, or by the user's address.")),
            distribution(QStringLiteral("service_ms"), 0,
                         QStringLiteral("How long forwarding one request takes.")),
            maxConnectionsSpec(),
            object(QStringLiteral("health_check"),
                   {positive(QStringLiteral("interval_s"), QStringLiteral("s"), 5,
                             QStringLiteral("How often each backend is probed.")),
                    integer(QStringLiteral("unhealthy_after"), QStringLiteral("checks"), 2, 1,
                            QStringLiteral("How many failed probes in a row take a backend out "
                                           "of rotation."))},
                   QStringLiteral("How the balancer finds out that a backend is down.")),
            componentId(QStringLiteral("standby_for"),
                        QStringLiteral("The load balancer this one takes over from when it "
                                       "fails (active-passive pair).")),
        });

    types << makeType(
        QStringLiteral("web_server"), QStringLiteral("Web server"), true,
        QStringLiteral("Takes a concurrency slot, works service_ms on a core, then calls its "
                       "downstreams: the cache and database for reads, the primary for writes, "
                       "a queue for jobs."),
        {
            countSpec(QStringLiteral("servers")),
            coresSpec(1, QStringLiteral("server")),
            distribution(QStringLiteral("service_ms"), exponential(10),
                         QStringLiteral("CPU time one request needs on a core.")),
            integer(QStringLiteral("max_concurrency"), QStringLiteral("requests"), {}, 1,
                    QStringLiteral("How many requests one server holds at once, waiting for "
                                   "downstreams included; unlimited when not set.")),
            queueCapacitySpec(),
            choice(QStringLiteral("sessions"),
                   {QStringLiteral("none"), QStringLiteral("local"), QStringLiteral("store")},
                   QStringLiteral("none"),
                   QStringLiteral("Where user sessions live: nowhere, in the server's memory "
                                  "(sticky, lost with it) or in a shared session store.")),
            distribution(QStringLiteral("job_ms"), exponential(100),
                         QStringLiteral("CPU time a background job costs when there is no queue "
                                        "to hand it to.")),
            object(QStringLiteral("autoscale"),
                   {integer(QStringLiteral("min"), QStringLiteral("instances"), 1, 1,
                            QStringLiteral("The fewest servers kept running."), 100000),
                    required(integer(QStringLiteral("max"), QStringLiteral("instances"), {}, 1,
                                     QStringLiteral("The most servers the autoscaler may run."),
                                     100000)),
                    fraction(QStringLiteral("target_utilization"), 0.7,
                             QStringLiteral("The busy share of the cores the autoscaler aims "
                                            "for.")),
                    number(QStringLiteral("boot_s"), QStringLiteral("s"), 30, 0,
                           QStringLiteral("How long a new server takes before it serves.")),
                    number(QStringLiteral("cooldown_s"), QStringLiteral("s"), 60, 0,
                           QStringLiteral("How long to wait after a change before the next "
                                          "one."))},
                   QStringLiteral("Adds and removes servers to keep utilisation near the "
                                  "target; off when not set.")),
        });

    types << makeType(
        QStringLiteral("cache"), QStringLiteral("Cache"), true,
        QStringLiteral("Holds real keys in memory; its hit ratio emerges from its capacity, "
                       "eviction policy and the popularity of the keys."),
        {
            required(integer(QStringLiteral("capacity"), QStringLiteral("keys"), {}, 1,
                             QStringLiteral("How many keys the cache holds."))),
            evictionSpec(QStringLiteral("key")),
            ttlSpec({}, QStringLiteral("How long a cached key stays valid; forever when not "
                                       "set.")),
            coresSpec(1, QStringLiteral("cache node")),
            distribution(QStringLiteral("service_ms"), 0.2,
                         QStringLiteral("How long one lookup or update takes.")),
        });

    types << makeType(
        QStringLiteral("session_store"), QStringLiteral("Session store"), true,
        QStringLiteral("Holds user sessions so that any web server can serve any user; an "
                       "evicted or lost session logs its user out."),
        {
            required(integer(QStringLiteral("capacity"), QStringLiteral("sessions"), {}, 1,
                             QStringLiteral("How many sessions the store holds."))),
            distribution(QStringLiteral("service_ms"), 0.2,
                         QStringLiteral("How long reading or writing a session takes.")),
            coresSpec(1, QStringLiteral("session store")),
        });

    types << makeType(
        QStringLiteral("database"), QStringLiteral("Database"), true,
        QStringLiteral("Keeps a version per key; a primary takes writes and ships them to its "
                       "replicas, which serve reads and may lag behind."),
        {
            choice(QStringLiteral("role"), {QStringLiteral("primary"), QStringLiteral("replica")},
                   QStringLiteral("primary"),
                   QStringLiteral("A primary takes writes; a replica copies them from its "
                                  "primary over a replication link and serves reads.")),
            coresSpec(4, QStringLiteral("database")),
            distribution(QStringLiteral("read_ms"), exponential(5),
                         QStringLiteral("Time one read needs on a core.")),
            distribution(QStringLiteral("write_ms"), exponential(10),
                         QStringLiteral("Time one write needs on a core, also on each replica "
                                        "that applies it.")),
            maxConnectionsSpec(),
            queueCapacitySpec(),
            object(QStringLiteral("replication"),
                   {choice(QStringLiteral("mode"),
                           {QStringLiteral("async"), QStringLiteral("semi_sync"),
                            QStringLiteral("sync")},
                           QStringLiteral("async"),
                           QStringLiteral("When a write is acknowledged: at once (async), after "
                                          "one replica has it (semi_sync) or all (sync).")),
                    distribution(QStringLiteral("delay_ms"), exponential(50),
                                 QStringLiteral("How long a write takes to reach a replica."))},
                   QStringLiteral("How this primary ships its writes to its replicas.")),
            object(QStringLiteral("failover"),
                   {number(QStringLiteral("detect_s"), QStringLiteral("s"), 10, 0,
                           QStringLiteral("How long until a failed primary is noticed.")),
                    number(QStringLiteral("promote_s"), QStringLiteral("s"), 5, 0,
                           QStringLiteral("How long promoting the most advanced replica "
                                          "takes."))},
                   QStringLiteral("How a replica replaces a failed primary; unshipped "
                                  "acknowledged writes are lost.")),
        });

    types << makeType(
        QStringLiteral("shard_router"), QStringLiteral("Shard router"), true,
        QStringLiteral("Sends each request to the shard that owns its key; a hot key makes a "
                       "hot shard."),
        {
            choice(QStringLiteral("strategy"),
                   {QStringLiteral("hash_mod"), QStringLiteral("consistent_hash"),
                    QStringLiteral("range")},
                   QStringLiteral("hash_mod"),
                   QStringLiteral("How keys map to shards: hash modulo the shard count, a "
                                  "consistent-hash ring, or key ranges.")),
            integer(QStringLiteral("virtual_nodes"), QStringLiteral("nodes"), 100, 1,
                    QStringLiteral("Points per shard on the consistent-hash ring; more points "
                                   "spread keys more evenly."),
                    100000),
            choice(QStringLiteral("shard_key"), {QStringLiteral("key"), QStringLiteral("user")},
                   QStringLiteral("key"),
                   QStringLiteral("What decides the shard: the data key or the user id.")),
        });

    types << makeType(
        QStringLiteral("queue"), QStringLiteral("Message queue"), true,
        QStringLiteral("Buffers jobs for the linked workers; a job held by a failed worker is "
                       "delivered again."),
        {
            integer(QStringLiteral("capacity"), QStringLiteral("jobs"), {}, 1,
                    QStringLiteral("How many jobs the queue holds; further ones are refused. "
                                   "Unlimited when not set.")),
            positive(QStringLiteral("visibility_timeout_s"), QStringLiteral("s"), 30,
                     QStringLiteral("How long a taken job stays hidden before it is delivered "
                                    "again if not finished.")),
        });

    types << makeType(QStringLiteral("worker"), QStringLiteral("Worker"), true,
                      QStringLiteral("Takes jobs from its queue and works on them."),
                      {
                          countSpec(QStringLiteral("workers")),
                          coresSpec(1, QStringLiteral("worker")),
                          distribution(QStringLiteral("service_ms"), exponential(100),
                                       QStringLiteral("CPU time one job needs on a core.")),
                      });

    types << makeType(
        QStringLiteral("monitor"), QStringLiteral("Monitor"), true,
        QStringLiteral("Records metrics and fires alerts when they cross a threshold."),
        {
            objectList(
                QStringLiteral("alerts"),
                {required(choice(QStringLiteral("metric"),
                                 {QStringLiteral("p50_ms"), QStringLiteral("p95_ms"),
                                  QStringLiteral("p99_ms"), QStringLiteral("mean_ms"),
                                  QStringLiteral("utilization"), QStringLiteral("queue_length"),
                                  QStringLiteral("error_rate"), QStringLiteral("throughput_rps"),
                                  QStringLiteral("hit_ratio"), QStringLiteral("instances"),
                                  QStringLiteral("backlog"), QStringLiteral("replication_lag_ms")},
                                 {},
                                 QStringLiteral("What to watch: a response-time "
                                                "percentile or mean over the last five "
                                                "seconds, utilization, queue_length, "
                                                "error_rate, throughput_rps, hit_ratio, "
                                                "or the current instances, backlog or "
                                                "replication_lag_ms."))),
                 required(componentId(QStringLiteral("component"),
                                      QStringLiteral("The component whose metric is "
                                                     "watched."))),
                 required(makeSpec(QStringLiteral("above"), ValueKind::Number, {}, {},
                                   QStringLiteral("The alert fires while the metric is "
                                                  "above this value.")))},
                QStringLiteral("Rules that fire when a component's metric goes above a "
                               "threshold.")),
        });

    return types;
}

QList<ParameterSpec> buildScenarioParameters()
{
    return {
        positive(QStringLiteral("duration_s"), QStringLiteral("s"), 60,
                 QStringLiteral("How much simulated time one run covers.")),
        number(QStringLiteral("warmup_s"), QStringLiteral("s"), {}, 0,
               QStringLiteral("Time at the start left out of the statistics, while queues fill "
                              "up; 10 % of the duration when not set.")),
        integer(QStringLiteral("seed"), {}, 1, 0,
                QStringLiteral("Starting point of the random numbers: the same seed gives the "
                               "same run."),
                kSeedMax),
        integer(QStringLiteral("replications"), QStringLiteral("runs"), 1, 1,
                QStringLiteral("How many independent runs to average, for confidence "
                               "intervals."),
                1000),
    };
}

QList<ParameterSpec> buildDistributionParameters()
{
    return {
        choice(QStringLiteral("dist"),
               {QStringLiteral("exponential"), QStringLiteral("constant"),
                QStringLiteral("uniform"), QStringLiteral("lognormal"), QStringLiteral("erlang")},
               {},
               QStringLiteral("The shape of the law: exponential (memoryless), constant, uniform, "
                              "lognormal (long tail) or erlang (k phases).")),
        number(QStringLiteral("mean"), {}, {}, 0, QStringLiteral("The average value.")),
        number(QStringLiteral("spread"), {}, 0, 0,
               QStringLiteral("uniform: the width of the interval, centred on the mean.")),
        number(QStringLiteral("cv"), {}, 1, 0,
               QStringLiteral("lognormal: the standard deviation divided by the mean.")),
        integer(QStringLiteral("k"), QStringLiteral("phases"), 1, 1,
                QStringLiteral("erlang: the number of phases; more phases vary less."), 1000),
    };
}

ScenarioActionSpec makeAction(const QString &action, bool simulated, const QString &help,
                              const QList<ParameterSpec> &parameters, bool needsTarget = true)
{
    ScenarioActionSpec spec;
    spec.action = action;
    spec.help = help;
    spec.simulated = simulated;
    spec.needsTarget = needsTarget;
    spec.parameters = parameters;
    return spec;
}

ParameterSpec instanceSpec()
{
    return integer(QStringLiteral("instance"), {}, {}, 0,
                   QStringLiteral("Which instance of a pool (counting from 0); every instance "
                                  "when not set."));
}

QList<ParameterSpec> regionPairSpecs()
{
    return {
        text(QStringLiteral("a"), QStringLiteral("One region (written with b).")),
        text(QStringLiteral("b"), QStringLiteral("The other region (written with a).")),
        text(QStringLiteral("with"), QStringLiteral("The other region (written with target).")),
    };
}

QList<ScenarioActionSpec> buildScenarioActions()
{
    return {
        makeAction(QStringLiteral("fail"), true,
                   QStringLiteral("The target stops answering: all of it, or one instance of a "
                                  "pool."),
                   {instanceSpec()}),
        makeAction(QStringLiteral("recover"), true,
                   QStringLiteral("The target (or one instance) comes back, empty: caches "
                                  "restart cold."),
                   {instanceSpec()}),
        makeAction(QStringLiteral("slow"), true,
                   QStringLiteral("The target's service times are multiplied by factor (1 "
                                  "restores them)."),
                   {required(positive(QStringLiteral("factor"), {}, {},
                                      QStringLiteral("How many times slower the target "
                                                     "works.")))}),
        makeAction(QStringLiteral("flush"), true,
                   QStringLiteral("The target cache, CDN or session store loses everything it "
                                  "holds."),
                   {}),
        makeAction(QStringLiteral("spike"), true,
                   QStringLiteral("The target client sends factor times its rate for "
                                  "duration_s seconds."),
                   {required(positive(QStringLiteral("factor"), {}, {},
                                      QStringLiteral("How many times the usual rate."))),
                    required(positive(QStringLiteral("duration_s"), QStringLiteral("s"), {},
                                      QStringLiteral("How long the spike lasts.")))}),
        makeAction(QStringLiteral("partition"), true,
                   QStringLiteral("The network between two regions breaks; write "
                                  "{\"a\": \"us\", \"b\": \"eu\"} or "
                                  "{\"target\": \"us\", \"with\": \"eu\"}."),
                   regionPairSpecs(), false),
        makeAction(QStringLiteral("heal"), true,
                   QStringLiteral("The network between two regions works again; write "
                                  "{\"a\": \"us\", \"b\": \"eu\"} or "
                                  "{\"target\": \"us\", \"with\": \"eu\"}."),
                   regionPairSpecs(), false),
    };
}

} // namespace

const QList<ComponentTypeSpec> &componentTypes()
{
    static const QList<ComponentTypeSpec> types = buildComponentTypes();
    return types;
}

const ComponentTypeSpec *componentType(const QString &type)
{
    for (const ComponentTypeSpec &spec : componentTypes()) {
        if (spec.type == type)
            return &spec;
    }
    return nullptr;
}

const ParameterSpec *findParameter(const QList<ParameterSpec> &specs, const QString &name)
{
    for (const ParameterSpec &spec : specs) {
        if (spec.name == name)
            return &spec;
    }
    return nullptr;
}

const QList<ParameterSpec> &scenarioParameters()
{
    static const QList<ParameterSpec> parameters = buildScenarioParameters();
    return parameters;
}

const QList<ParameterSpec> &distributionParameters()
{
    static const QList<ParameterSpec> parameters = buildDistributionParameters();
    return parameters;
}

const QList<ScenarioActionSpec> &scenarioActions()
{
    static const QList<ScenarioActionSpec> actions = buildScenarioActions();
    return actions;
}

const ScenarioActionSpec *scenarioAction(const QString &action)
{
    for (const ScenarioActionSpec &spec : scenarioActions()) {
        if (spec.action == action)
            return &spec;
    }
    return nullptr;
}

} // namespace scalelab::model
