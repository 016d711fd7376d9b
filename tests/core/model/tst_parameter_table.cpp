#include "model/model_json.h"
#include "model/parameter_table.h"
#include "model/simulation_builder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>
#include <functional>

using namespace scalelab::model;

namespace {

QStringList namesOf(const QList<ParameterSpec> &specs)
{
    QStringList names;
    for (const ParameterSpec &spec : specs)
        names << spec.name;
    return names;
}

QJsonValue json(const char *text)
{
    const QByteArray wrapped = QByteArray("[") + text + "]";
    return QJsonDocument::fromJson(wrapped).array().at(0);
}

// A value that satisfies a spec, for the specs that have no default.
QJsonValue sampleFor(const ParameterSpec &spec, const QString &otherId)
{
    if (!spec.defaultValue.isUndefined())
        return spec.defaultValue;
    switch (spec.kind) {
    case ValueKind::Number:
    case ValueKind::Integer:
    case ValueKind::Distribution:
        return std::isfinite(spec.minimum) ? spec.minimum + 1 : 1.0;
    case ValueKind::Choice:
        return spec.choices.first();
    case ValueKind::Text:
        return QStringLiteral("p99_ms");
    case ValueKind::ComponentId:
        return otherId;
    case ValueKind::Mix:
        return QJsonObject{{spec.choices.first(), 1}};
    case ValueKind::Object: {
        QJsonObject object;
        for (const ParameterSpec &field : spec.fields)
            object.insert(field.name, sampleFor(field, otherId));
        return object;
    }
    case ValueKind::ObjectList: {
        QJsonObject object;
        for (const ParameterSpec &field : spec.fields)
            object.insert(field.name, sampleFor(field, otherId));
        return QJsonArray{object};
    }
    }
    return {};
}

} // namespace

class TestParameterTable : public QObject {
    Q_OBJECT

private slots:
    void everyTypeOfModelMd();
    void parameterNames_data();
    void parameterNames();
    void nestedFields_data();
    void nestedFields();
    void defaults_data();
    void defaults();
    void requiredParameters();
    void ranges_data();
    void ranges();
    void everyTypeRuns();
    void everySpecIsComplete();
    void everyTypeLoadsWithEveryParameterWritten_data();
    void everyTypeLoadsWithEveryParameterWritten();
    void scenarioParameters_();
    void distributionParameters_();
    void scenarioActions_();
    void lookups();
};

void TestParameterTable::everyTypeOfModelMd()
{
    QStringList types;
    for (const ComponentTypeSpec &spec : componentTypes())
        types << spec.type;
    QCOMPARE(types, QStringList({"client", "dns", "cdn", "load_balancer", "web_server", "cache",
                                 "session_store", "database", "shard_router", "queue", "worker",
                                 "monitor"}));
}

void TestParameterTable::parameterNames_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QStringList>("names");

    QTest::newRow("client") << "client" << QStringList{"rate_rps", "arrival", "profile",
                                                       "mix",      "keys",    "users"};
    QTest::newRow("dns") << "dns" << QStringList{"ttl_s", "policy", "latency_ms"};
    QTest::newRow("cdn") << "cdn" << QStringList{"capacity", "eviction", "ttl_s", "hit_ms"};
    QTest::newRow("load_balancer")
        << "load_balancer"
        << QStringList{"algorithm", "service_ms", "max_connections", "health_check", "standby_for"};
    QTest::newRow("web_server") << "web_server"
                                << QStringList{"count",           "cores",          "service_ms",
                                               "max_concurrency", "queue_capacity", "sessions",
                                               "job_ms",          "autoscale"};
    QTest::newRow("cache") << "cache"
                           << QStringList{"capacity", "eviction", "ttl_s", "cores", "service_ms"};
    QTest::newRow("session_store")
        << "session_store" << QStringList{"capacity", "service_ms", "cores"};
    QTest::newRow("database") << "database"
                              << QStringList{"role",        "cores",           "read_ms",
                                             "write_ms",    "max_connections", "queue_capacity",
                                             "replication", "failover"};
    QTest::newRow("shard_router") << "shard_router"
                                  << QStringList{"strategy", "virtual_nodes", "shard_key"};
    QTest::newRow("queue") << "queue" << QStringList{"capacity", "visibility_timeout_s"};
    QTest::newRow("worker") << "worker" << QStringList{"count", "cores", "service_ms"};
    QTest::newRow("monitor") << "monitor" << QStringList{"alerts"};
}

void TestParameterTable::parameterNames()
{
    QFETCH(QString, type);
    QFETCH(QStringList, names);
    const ComponentTypeSpec *spec = componentType(type);
    QVERIFY(spec);
    QCOMPARE(namesOf(spec->parameters), names);
}

void TestParameterTable::nestedFields_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("parameter");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QStringList>("fields");

    QTest::newRow("client.keys") << "client"
                                 << "keys" << int(ValueKind::Object)
                                 << QStringList{"count", "zipf"};
    QTest::newRow("client.profile")
        << "client"
        << "profile" << int(ValueKind::ObjectList) << QStringList{"at_s", "rate_rps"};
    QTest::newRow("load_balancer.health_check")
        << "load_balancer"
        << "health_check" << int(ValueKind::Object) << QStringList{"interval_s", "unhealthy_after"};
    QTest::newRow("web_server.autoscale")
        << "web_server"
        << "autoscale" << int(ValueKind::Object)
        << QStringList{"min", "max", "target_utilization", "boot_s", "cooldown_s"};
    QTest::newRow("database.replication")
        << "database"
        << "replication" << int(ValueKind::Object) << QStringList{"mode", "delay_ms"};
    QTest::newRow("database.failover")
        << "database"
        << "failover" << int(ValueKind::Object) << QStringList{"detect_s", "promote_s"};
    QTest::newRow("monitor.alerts")
        << "monitor"
        << "alerts" << int(ValueKind::ObjectList) << QStringList{"metric", "component", "above"};
}

void TestParameterTable::nestedFields()
{
    QFETCH(QString, type);
    QFETCH(QString, parameter);
    QFETCH(int, kind);
    QFETCH(QStringList, fields);
    const ParameterSpec *spec = findParameter(componentType(type)->parameters, parameter);
    QVERIFY(spec);
    QCOMPARE(int(spec->kind), kind);
    QCOMPARE(namesOf(spec->fields), fields);
}

void TestParameterTable::defaults_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("path"); // parameter or parameter.field
    QTest::addColumn<QJsonValue>("expected");

    const QJsonValue none(QJsonValue::Undefined);
    QTest::newRow("client.rate_rps") << "client"
                                     << "rate_rps" << none;
    QTest::newRow("client.arrival") << "client"
                                    << "arrival" << json("\"poisson\"");
    QTest::newRow("client.mix") << "client"
                                << "mix" << json("{\"read\": 1}");
    QTest::newRow("client.keys") << "client"
                                 << "keys" << json("{\"count\": 10000, \"zipf\": 0}");
    QTest::newRow("client.keys.count") << "client"
                                       << "keys.count" << json("10000");
    QTest::newRow("client.keys.zipf") << "client"
                                      << "keys.zipf" << json("0");
    QTest::newRow("client.users") << "client"
                                  << "users" << json("100000");
    QTest::newRow("client.profile") << "client"
                                    << "profile" << none;
    QTest::newRow("dns.ttl_s") << "dns"
                               << "ttl_s" << json("60");
    QTest::newRow("dns.policy") << "dns"
                                << "policy" << json("\"geo\"");
    QTest::newRow("dns.latency_ms") << "dns"
                                    << "latency_ms" << json("0");
    QTest::newRow("cdn.capacity") << "cdn"
                                  << "capacity" << json("10000");
    QTest::newRow("cdn.eviction") << "cdn"
                                  << "eviction" << json("\"lru\"");
    QTest::newRow("cdn.ttl_s") << "cdn"
                               << "ttl_s" << none;
    QTest::newRow("cdn.hit_ms") << "cdn"
                                << "hit_ms" << json("5");
    QTest::newRow("load_balancer.algorithm") << "load_balancer"
                                             << "algorithm" << json("\"round_robin\"");
    QTest::newRow("load_balancer.service_ms") << "load_balancer"
                                              << "service_ms" << json("0");
    QTest::newRow("load_balancer.max_connections") << "load_balancer"
                                                   << "max_connections" << none;
    QTest::newRow("load_balancer.health_check.interval_s")
        << "load_balancer"
        << "health_check.interval_s" << json("5");
    QTest::newRow("load_balancer.health_check.unhealthy_after")
        << "load_balancer"
        << "health_check.unhealthy_after" << json("2");
    QTest::newRow("load_balancer.standby_for") << "load_balancer"
                                               << "standby_for" << none;
    QTest::newRow("web_server.count") << "web_server"
                                      << "count" << json("1");
    QTest::newRow("web_server.cores") << "web_server"
                                      << "cores" << json("1");
    QTest::newRow("web_server.service_ms")
        << "web_server"
        << "service_ms" << json("{\"dist\": \"exponential\", \"mean\": 10}");
    QTest::newRow("web_server.max_concurrency") << "web_server"
                                                << "max_concurrency" << none;
    QTest::newRow("web_server.queue_capacity") << "web_server"
                                               << "queue_capacity" << none;
    QTest::newRow("web_server.sessions") << "web_server"
                                         << "sessions" << json("\"none\"");
    QTest::newRow("web_server.job_ms")
        << "web_server"
        << "job_ms" << json("{\"dist\": \"exponential\", \"mean\": 100}");
    QTest::newRow("web_server.autoscale") << "web_server"
                                          << "autoscale" << none;
    QTest::newRow("cache.capacity") << "cache"
                                    << "capacity" << none;
    QTest::newRow("cache.eviction") << "cache"
                                    << "eviction" << json("\"lru\"");
    QTest::newRow("cache.ttl_s") << "cache"
                                 << "ttl_s" << none;
    QTest::newRow("cache.cores") << "cache"
                                 << "cores" << json("1");
    QTest::newRow("cache.service_ms") << "cache"
                                      << "service_ms" << json("0.2");
    QTest::newRow("session_store.capacity") << "session_store"
                                            << "capacity" << none;
    QTest::newRow("session_store.service_ms") << "session_store"
                                              << "service_ms" << json("0.2");
    QTest::newRow("database.role") << "database"
                                   << "role" << json("\"primary\"");
    QTest::newRow("database.cores") << "database"
                                    << "cores" << json("4");
    QTest::newRow("database.read_ms")
        << "database"
        << "read_ms" << json("{\"dist\": \"exponential\", \"mean\": 5}");
    QTest::newRow("database.write_ms")
        << "database"
        << "write_ms" << json("{\"dist\": \"exponential\", \"mean\": 10}");
    QTest::newRow("database.replication.mode") << "database"
                                               << "replication.mode" << json("\"async\"");
    QTest::newRow("database.replication.delay_ms")
        << "database"
        << "replication.delay_ms" << json("{\"dist\": \"exponential\", \"mean\": 50}");
    QTest::newRow("database.failover.detect_s") << "database"
                                                << "failover.detect_s" << json("10");
    QTest::newRow("database.failover.promote_s") << "database"
                                                 << "failover.promote_s" << json("5");
    QTest::newRow("shard_router.strategy") << "shard_router"
                                           << "strategy" << json("\"hash_mod\"");
    QTest::newRow("shard_router.virtual_nodes") << "shard_router"
                                                << "virtual_nodes" << json("100");
    QTest::newRow("shard_router.shard_key") << "shard_router"
                                            << "shard_key" << json("\"key\"");
    QTest::newRow("queue.capacity") << "queue"
                                    << "capacity" << none;
    QTest::newRow("queue.visibility_timeout_s") << "queue"
                                                << "visibility_timeout_s" << json("30");
    QTest::newRow("worker.count") << "worker"
                                  << "count" << json("1");
    QTest::newRow("worker.cores") << "worker"
                                  << "cores" << json("1");
    QTest::newRow("worker.service_ms")
        << "worker"
        << "service_ms" << json("{\"dist\": \"exponential\", \"mean\": 100}");
    QTest::newRow("monitor.alerts") << "monitor"
                                    << "alerts" << none;
}

void TestParameterTable::defaults()
{
    QFETCH(QString, type);
    QFETCH(QString, path);
    QFETCH(QJsonValue, expected);
    const QStringList parts = path.split(QLatin1Char('.'));
    const ParameterSpec *spec = findParameter(componentType(type)->parameters, parts.at(0));
    QVERIFY(spec);
    if (parts.size() > 1) {
        spec = findParameter(spec->fields, parts.at(1));
        QVERIFY(spec);
    }
    QCOMPARE(spec->defaultValue, expected);
}

void TestParameterTable::requiredParameters()
{
    QStringList required;
    for (const ComponentTypeSpec &type : componentTypes()) {
        for (const ParameterSpec &spec : type.parameters) {
            if (spec.required)
                required << type.type + QLatin1Char('.') + spec.name;
            // A required parameter with a default would be a contradiction.
            QVERIFY2(!spec.required || spec.defaultValue.isUndefined(), qPrintable(spec.name));
        }
    }
    QCOMPARE(required,
             QStringList({"client.rate_rps", "cache.capacity", "session_store.capacity"}));
}

void TestParameterTable::ranges_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("kind");
    QTest::addColumn<double>("minimum");
    QTest::addColumn<bool>("exclusive");
    QTest::addColumn<double>("maximum");

    const double inf = std::numeric_limits<double>::infinity();
    const double intMax = std::numeric_limits<int>::max();
    const int integer = int(ValueKind::Integer);
    const int number = int(ValueKind::Number);
    const int distribution = int(ValueKind::Distribution);
    QTest::newRow("rate_rps") << "client"
                              << "rate_rps" << number << 0.0 << false << inf;
    QTest::newRow("keys.count") << "client"
                                << "keys.count" << integer << 1.0 << false << intMax;
    QTest::newRow("keys.zipf") << "client"
                               << "keys.zipf" << number << 0.0 << false << inf;
    QTest::newRow("users") << "client"
                           << "users" << integer << 1.0 << false << intMax;
    QTest::newRow("dns.ttl_s") << "dns"
                               << "ttl_s" << number << 0.0 << true << inf;
    QTest::newRow("cdn.capacity") << "cdn"
                                  << "capacity" << integer << 1.0 << false << intMax;
    QTest::newRow("web cores") << "web_server"
                               << "cores" << integer << 1.0 << false << 1024.0;
    QTest::newRow("web count") << "web_server"
                               << "count" << integer << 1.0 << false << 100000.0;
    QTest::newRow("web service_ms") << "web_server"
                                    << "service_ms" << distribution << 0.0 << false << inf;
    QTest::newRow("queue_capacity") << "web_server"
                                    << "queue_capacity" << integer << 0.0 << false << intMax;
    QTest::newRow("target_utilization")
        << "web_server"
        << "autoscale.target_utilization" << number << 0.0 << true << 1.0;
    QTest::newRow("cache capacity") << "cache"
                                    << "capacity" << integer << 1.0 << false << intMax;
    QTest::newRow("cache ttl_s") << "cache"
                                 << "ttl_s" << number << 0.0 << true << inf;
    QTest::newRow("unhealthy_after")
        << "load_balancer"
        << "health_check.unhealthy_after" << integer << 1.0 << false << intMax;
    QTest::newRow("delay_ms") << "database"
                              << "replication.delay_ms" << distribution << 0.0 << false << inf;
    QTest::newRow("visibility_timeout_s") << "queue"
                                          << "visibility_timeout_s" << number << 0.0 << true << inf;
}

void TestParameterTable::ranges()
{
    QFETCH(QString, type);
    QFETCH(QString, path);
    QFETCH(int, kind);
    QFETCH(double, minimum);
    QFETCH(bool, exclusive);
    QFETCH(double, maximum);
    const QStringList parts = path.split(QLatin1Char('.'));
    const ParameterSpec *spec = findParameter(componentType(type)->parameters, parts.at(0));
    QVERIFY(spec);
    if (parts.size() > 1)
        spec = findParameter(spec->fields, parts.at(1));
    QVERIFY(spec);
    QCOMPARE(int(spec->kind), kind);
    QCOMPARE(spec->minimum, minimum);
    QCOMPARE(spec->minimumExclusive, exclusive);
    QCOMPARE(spec->maximum, maximum);
}

void TestParameterTable::everyTypeRuns()
{
    // Every type of the table is built by the engine: a client sending to it runs and the
    // component reports.
    for (const ComponentTypeSpec &type : componentTypes()) {
        if (type.type == QLatin1String("client"))
            continue;
        QJsonObject component{{"id", "x"}, {"type", type.type}};
        for (const ParameterSpec &p : type.parameters)
            if (p.required)
                component.insert(p.name,
                                 p.kind == ValueKind::Integer ? QJsonValue(10) : QJsonValue(1.0));
        // A CDN is sent static requests only.
        QJsonObject users{{"id", "users"}, {"type", "client"}, {"rate_rps", 50}};
        if (type.type == QLatin1String("cdn"))
            users.insert("mix", QJsonObject{{"static", 1}});
        const QJsonObject json{{"components", QJsonArray{users, component}},
                               {"links", QJsonArray{QJsonObject{{"from", "users"}, {"to", "x"}}}},
                               {"scenario", QJsonObject{{"duration_s", 2}}}};
        const LoadResult loaded = parseModel(QJsonDocument(json).toJson());
        QVERIFY2(loaded.ok(), qPrintable(type.type + QStringLiteral(": ") + loaded.message()));
        QVERIFY(unsupportedMechanisms(*loaded.model).isEmpty());
        const scalelab::sim::RunResults results =
            runModel(*loaded.model, resolveSettings(*loaded.model, {}, nullptr));
        QCOMPARE(results.components.size(), std::size_t{2});
        QCOMPARE(QString::fromStdString(results.components[1].type), type.type);
        // A monitor observes rather than serves: it reports its alerts.
        QVERIFY2(results.components[1].metrics.number("arrivals", -1) > 0 ||
                     results.components[1].metrics.find("alerts_fired") != nullptr,
                 qPrintable(type.type));
    }
}

void TestParameterTable::everySpecIsComplete()
{
    const std::function<void(const ParameterSpec &, const QString &)> verify =
        [&](const ParameterSpec &spec, const QString &where) {
            QVERIFY2(!spec.help.isEmpty(), qPrintable(where + " has no help"));
            QVERIFY2(spec.help.endsWith(QLatin1Char('.')), qPrintable(where));
            if (spec.kind == ValueKind::Choice || spec.kind == ValueKind::Mix)
                QVERIFY2(!spec.choices.isEmpty(), qPrintable(where));
            if (spec.kind == ValueKind::Choice && !spec.defaultValue.isUndefined())
                QVERIFY2(spec.choices.contains(spec.defaultValue.toString()), qPrintable(where));
            if (spec.kind == ValueKind::Object || spec.kind == ValueKind::ObjectList)
                QVERIFY2(!spec.fields.isEmpty(), qPrintable(where));
            QVERIFY2(!spec.defaultValue.isNull(), qPrintable(where + ": Null, not Undefined"));
            // The inspector shows the unit in the reader's language: it is marked there.
            QVERIFY2(spec.unit.isEmpty() || parameterUnits().contains(spec.unit),
                     qPrintable(where + ": " + spec.unit + " is not in parameterUnits()"));
            for (const ParameterSpec &field : spec.fields)
                verify(field, where + QLatin1Char('.') + field.name);
        };
    for (const ComponentTypeSpec &type : componentTypes()) {
        QVERIFY(!type.title.isEmpty());
        QVERIFY(!type.help.isEmpty());
        for (const ParameterSpec &spec : type.parameters)
            verify(spec, type.type + QLatin1Char('.') + spec.name);
    }
    for (const ParameterSpec &spec : scenarioParameters())
        verify(spec, "scenario." + spec.name);
    for (const ParameterSpec &spec : distributionParameters())
        verify(spec, "distribution." + spec.name);
    for (const ScenarioActionSpec &action : scenarioActions()) {
        QVERIFY(!action.help.isEmpty());
        for (const ParameterSpec &spec : action.parameters)
            verify(spec, action.action + QLatin1Char('.') + spec.name);
    }
}

void TestParameterTable::everyTypeLoadsWithEveryParameterWritten_data()
{
    QTest::addColumn<QString>("type");
    for (const ComponentTypeSpec &type : componentTypes())
        QTest::newRow(qPrintable(type.type)) << type.type;
}

// Writing every default out explicitly must load: the table's defaults are within its own
// ranges, and the loader knows every parameter of the table.
void TestParameterTable::everyTypeLoadsWithEveryParameterWritten()
{
    QFETCH(QString, type);
    QJsonObject component{{"id", "it"}, {"type", type}};
    for (const ParameterSpec &spec : componentType(type)->parameters)
        component.insert(spec.name, sampleFor(spec, "peer"));
    // A second component of the same type, for the parameters that name another component.
    QJsonObject peer{{"id", "peer"}, {"type", type}};
    for (const ParameterSpec &spec : componentType(type)->parameters) {
        if (spec.required)
            peer.insert(spec.name, sampleFor(spec, "it"));
    }
    const QJsonObject model{{"components", QJsonArray{component, peer}}};
    const LoadResult result = parseModel(QJsonDocument(model).toJson());
    QVERIFY2(result.ok(), qPrintable(result.message()));
    const Component &loaded = result.model->components.at(0);
    for (const ParameterSpec &spec : componentType(type)->parameters)
        QCOMPARE(loaded.value(spec.name), component.value(spec.name));
}

void TestParameterTable::scenarioParameters_()
{
    const QList<ParameterSpec> &specs = scenarioParameters();
    QCOMPARE(namesOf(specs), QStringList({"duration_s", "warmup_s", "seed", "replications"}));
    QCOMPARE(specs.at(0).defaultValue, QJsonValue(60));
    QCOMPARE(specs.at(0).minimum, 0.0);
    QVERIFY(specs.at(0).minimumExclusive);
    QVERIFY(specs.at(1).defaultValue.isUndefined());
    QCOMPARE(specs.at(1).minimum, 0.0);
    QCOMPARE(specs.at(2).defaultValue, QJsonValue(1));
    QCOMPARE(int(specs.at(2).kind), int(ValueKind::Integer));
    QCOMPARE(specs.at(3).defaultValue, QJsonValue(1));
    QCOMPARE(specs.at(3).minimum, 1.0);
    QCOMPARE(specs.at(3).maximum, 1000.0);
}

void TestParameterTable::distributionParameters_()
{
    const QList<ParameterSpec> &specs = distributionParameters();
    QCOMPARE(namesOf(specs), QStringList({"dist", "mean", "spread", "cv", "k"}));
    QCOMPARE(specs.at(0).choices,
             QStringList({"exponential", "constant", "uniform", "lognormal", "erlang"}));
}

void TestParameterTable::scenarioActions_()
{
    QStringList actions;
    for (const ScenarioActionSpec &action : scenarioActions())
        actions << action.action;
    QCOMPARE(actions,
             QStringList({"fail", "recover", "slow", "flush", "spike", "partition", "heal"}));
    QCOMPARE(namesOf(scenarioAction("fail")->parameters), QStringList{"instance"});
    QCOMPARE(namesOf(scenarioAction("recover")->parameters), QStringList{"instance"});
    QCOMPARE(namesOf(scenarioAction("slow")->parameters), QStringList{"factor"});
    QVERIFY(scenarioAction("flush")->parameters.isEmpty());
    QCOMPARE(namesOf(scenarioAction("spike")->parameters), QStringList({"factor", "duration_s"}));
    QVERIFY(!scenarioAction("partition")->needsTarget);
    QVERIFY(!scenarioAction("heal")->needsTarget);
    QVERIFY(scenarioAction("fail")->needsTarget);
    QCOMPARE(namesOf(scenarioAction("partition")->parameters), QStringList({"a", "b", "with"}));
}

void TestParameterTable::lookups()
{
    QVERIFY(!componentType("webserver"));
    QCOMPARE(componentType("cache")->title, QString("Cache"));
    QVERIFY(!findParameter(componentType("cache")->parameters, "hit_ratio"));
    QVERIFY(!scenarioAction("explode"));
    QCOMPARE(int(findParameter(componentType("client")->parameters, "mix")->kind),
             int(ValueKind::Mix));
    QCOMPARE(findParameter(componentType("client")->parameters, "mix")->choices,
             QStringList({"static", "read", "write", "job"}));
}

QTEST_GUILESS_MAIN(TestParameterTable)
#include "tst_parameter_table.moc"
