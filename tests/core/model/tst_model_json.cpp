#include "model/component_kind.h"
#include "model/model_json.h"
#include "model/parameter_table.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <utility>

using namespace scalelab::model;

namespace {

QString dataFile(const QString &name)
{
    return QStringLiteral(SCALELAB_TEST_DATA) + QLatin1Char('/') + name;
}

// Two regions and a client feeding a web server: the valid surroundings of most bad rows.
const char *const kUsers = R"({"id": "users", "type": "client", "rate_rps": 10})";
const char *const kWeb = R"({"id": "web", "type": "web_server"})";

QByteArray withComponents(const QByteArray &components, const QByteArray &rest = {})
{
    return R"({"regions": [{"id": "us"}, {"id": "eu"}], "components": [)" + components + "]" +
           (rest.isEmpty() ? QByteArray() : ", " + rest) + "}";
}

QByteArray basic(const QByteArray &extraComponents, const QByteArray &rest = {})
{
    QByteArray components = QByteArray(kUsers) + ", " + kWeb;
    if (!extraComponents.isEmpty())
        components += ", " + extraComponents;
    return withComponents(components, rest);
}

QString describe(const QList<Problem> &problems)
{
    QStringList lines;
    for (const Problem &problem : problems)
        lines << QStringLiteral("[%1] %2").arg(problem.where, problem.what);
    return lines.join(QLatin1Char('\n'));
}

// A model that uses every part of the format, to check that writing and reading agree.
Model richModel()
{
    Model model;
    model.name = QStringLiteral("Everything \"quoted\" and ünïcode");
    model.regions = {{QStringLiteral("us"), QStringLiteral("United States")},
                     {QStringLiteral("eu"), {}}};
    model.regionLatencies = {{QStringLiteral("us"), QStringLiteral("eu"), 80.5}};
    Component users;
    users.id = QStringLiteral("users");
    users.kind = ComponentKind::Client;
    users.region = QStringLiteral("us");
    users.parameters = QJsonDocument::fromJson(R"({"rate_rps": 120.25,
        "mix": {"read": 0.7, "write": 0.3}, "keys": {"count": 5000000, "zipf": 0.9},
        "profile": [{"at_s": 0, "rate_rps": 10}, {"at_s": 30, "rate_rps": 1e6}]})")
                           .object();
    Component lb;
    lb.id = QStringLiteral("lb");
    lb.kind = ComponentKind::LoadBalancer;
    lb.label = QStringLiteral("Front door");
    lb.region = QStringLiteral("eu");
    lb.parameters = QJsonDocument::fromJson(R"({"health_check": {"interval_s": 1}})").object();
    Component web;
    web.id = QStringLiteral("web");
    web.kind = ComponentKind::WebServer;
    web.parameters =
        QJsonDocument::fromJson(R"({"count": 3, "service_ms": {"dist": "uniform", "mean": 4,
            "spread": 2}, "autoscale": {"min": 2, "max": 8, "target_utilization": 0.6}})")
            .object();
    Component primary;
    primary.id = QStringLiteral("db");
    primary.kind = ComponentKind::Database;
    primary.parameters = QJsonDocument::fromJson(R"({"replication": {"mode": "sync"}})").object();
    Component replica;
    replica.id = QStringLiteral("db-r1");
    replica.kind = ComponentKind::Database;
    replica.parameters = QJsonDocument::fromJson(R"({"role": "replica"})").object();
    model.components = {users, lb, web, primary, replica};
    model.links = {{QStringLiteral("users"), QStringLiteral("lb"), Link::Kind::Request, 2.5},
                   {QStringLiteral("lb"), QStringLiteral("web"), Link::Kind::Request, 0},
                   {QStringLiteral("web"), QStringLiteral("db"), Link::Kind::Request, 0},
                   {QStringLiteral("db"), QStringLiteral("db-r1"), Link::Kind::Replication, 1}};
    model.scenario.durationS = 120;
    model.scenario.seed = 42;
    model.scenario.replications = 5;
    ScenarioEvent fail;
    fail.atS = 30;
    fail.action = QStringLiteral("fail");
    fail.target = QStringLiteral("web");
    fail.parameters.insert(QStringLiteral("instance"), 1);
    ScenarioEvent partition;
    partition.atS = 60.5;
    partition.action = QStringLiteral("partition");
    partition.target = QStringLiteral("us");
    partition.parameters.insert(QStringLiteral("with"), QStringLiteral("eu"));
    model.scenario.events = {fail, partition};
    model.layout.insert(QStringLiteral("web"), QPointF(200, 80.5));
    model.layout.insert(QStringLiteral("users"), QPointF(-10, 0));
    return model;
}

} // namespace

class TestModelJson : public QObject {
    Q_OBJECT

private slots:
    void examplesLoad_data();
    void examplesLoad();
    void exampleValues();
    void roundTrip_data();
    void roundTrip();
    void roundTripRichModel();
    void typeNamesAreKinds_data();
    void typeNamesAreKinds();
    void writtenForm();
    void defaults();
    void distributions_data();
    void distributions();
    void modelLookups();
    void invalid_data();
    void invalid();
    void brokenJson_data();
    void brokenJson();
    void collectsEveryProblem();
    void nothingHalfLoaded();
    void partitionForms_data();
    void partitionForms();
    void fileErrors();
    void problemText_data();
    void problemText();
};

void TestModelJson::examplesLoad_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("components");
    QTest::addColumn<int>("links");

    QTest::newRow("mm1") << "mm1.json" << 2 << 1;
    QTest::newRow("mmc") << "mmc.json" << 2 << 1;
    QTest::newRow("lru-zipf") << "lru-zipf.json" << 4 << 3;
    QTest::newRow("capstone") << "capstone.json" << 22 << 26;
}

void TestModelJson::examplesLoad()
{
    QFETCH(QString, file);
    QFETCH(int, components);
    QFETCH(int, links);
    const LoadResult result = loadModelFile(dataFile(file));
    QVERIFY2(result.ok(), qPrintable(result.message()));
    QVERIFY(result.problems.isEmpty());
    QCOMPARE(result.model->components.size(), components);
    QCOMPARE(result.model->links.size(), links);
}

void TestModelJson::exampleValues()
{
    const LoadResult mm1 = loadModelFile(dataFile("mm1.json"));
    QVERIFY(mm1.ok());
    const Model &model = *mm1.model;
    QCOMPARE(model.name, QString("M/M/1: one web server at 80 % load"));
    QCOMPARE(model.scenario.durationS, 20000.0);
    QCOMPARE(model.scenario.effectiveWarmupS(), 200.0);
    QCOMPARE(model.scenario.seed, quint64(7));
    QCOMPARE(model.scenario.replications, 1);
    const Component *web = model.find("web");
    QVERIFY(web);
    QCOMPARE(web->number("cores"), 1.0);
    QCOMPARE(int(web->distribution("service_ms").kind), int(Distribution::Kind::Exponential));
    QCOMPARE(web->distribution("service_ms").mean, 10.0);
    QCOMPARE(model.find("users")->number("rate_rps"), 80.0);
    QCOMPARE(model.find("users")->member("mix", "static"), QJsonValue(1.0));

    const LoadResult capstone = loadModelFile(dataFile("capstone.json"));
    QVERIFY(capstone.ok());
    const Model &big = *capstone.model;
    QCOMPARE(big.regionLatencyMs("us", "eu"), 80.0);
    QCOMPARE(big.find("shard-1-r1")->text("role"), QString("replica"));
    QCOMPARE(big.find("shard-1")->text("role"), QString("primary")); // the default
    QCOMPARE(big.find("users-us")->member("keys", "zipf"), QJsonValue(0.9));
    QCOMPARE(big.find("web-us")->region, QString("us"));
    QCOMPARE(big.links.at(21).kind, Link::Kind::Replication);
    QCOMPARE(big.find("monitor")->value("alerts").toArray().size(), 1);
}

void TestModelJson::roundTrip_data()
{
    QTest::addColumn<QString>("file");
    for (const char *file : {"mm1.json", "mmc.json", "lru-zipf.json", "capstone.json"})
        QTest::newRow(file) << QString(file);
}

void TestModelJson::roundTrip()
{
    QFETCH(QString, file);
    const LoadResult first = loadModelFile(dataFile(file));
    QVERIFY(first.ok());
    const QByteArray written = serializeModel(*first.model);
    const LoadResult second = parseModel(written, "written.json");
    QVERIFY2(second.ok(), qPrintable(second.message() + "\n" + QString::fromUtf8(written)));
    QVERIFY(*second.model == *first.model);
    // Writing is stable: what was written once is written again byte for byte.
    QCOMPARE(serializeModel(*second.model), written);
    // toJson is the same content as the text.
    const LoadResult third = parseModel(QJsonDocument(toJson(*first.model)).toJson());
    QVERIFY(third.ok());
    QVERIFY(*third.model == *first.model);
}

void TestModelJson::roundTripRichModel()
{
    const Model model = richModel();
    const QByteArray written = serializeModel(model);
    const LoadResult loaded = parseModel(written);
    QVERIFY2(loaded.ok(), qPrintable(loaded.message() + "\n" + QString::fromUtf8(written)));
    QCOMPARE(loaded.model->name, model.name);
    QCOMPARE(loaded.model->regions, model.regions);
    QCOMPARE(loaded.model->regionLatencies, model.regionLatencies);
    QCOMPARE(loaded.model->components, model.components);
    QCOMPARE(loaded.model->links, model.links);
    QCOMPARE(loaded.model->scenario.events, model.scenario.events);
    QCOMPARE(loaded.model->scenario, model.scenario);
    QCOMPARE(loaded.model->layout, model.layout);
    QVERIFY(*loaded.model == model);
    for (const QByteArray &line : written.split('\n'))
        QVERIFY2(line.size() <= 100, line.constData());
}

// The type names are the file format (docs/model.md): each one loads as its kind and is written
// back as it was. The names are spelt out here rather than taken from the registry, so that a
// renamed type or a kind parsed from the wrong name fails.
void TestModelJson::typeNamesAreKinds_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<int>("kind");
    const QList<std::pair<const char *, ComponentKind>> names = {
        {"client", ComponentKind::Client},
        {"dns", ComponentKind::Dns},
        {"cdn", ComponentKind::Cdn},
        {"load_balancer", ComponentKind::LoadBalancer},
        {"web_server", ComponentKind::WebServer},
        {"cache", ComponentKind::Cache},
        {"session_store", ComponentKind::SessionStore},
        {"database", ComponentKind::Database},
        {"shard_router", ComponentKind::ShardRouter},
        {"queue", ComponentKind::Queue},
        {"worker", ComponentKind::Worker},
        {"monitor", ComponentKind::Monitor},
    };
    QSet<int> covered;
    for (const auto &[type, kind] : names) {
        covered.insert(static_cast<int>(kind));
        QTest::newRow(type) << QString::fromLatin1(type) << static_cast<int>(kind);
    }
    // Every registered kind has its row.
    QCOMPARE(covered.size(), kComponentKindCount);
    QCOMPARE(componentKinds().size(), kComponentKindCount);
}

void TestModelJson::typeNamesAreKinds()
{
    QFETCH(QString, type);
    QFETCH(int, kind);
    const auto expected = static_cast<ComponentKind>(kind);
    // The component as a file holds it: its type by name, and what the palette starts it with
    // so that it loads.
    QJsonObject written = newComponentOf(expected, QStringLiteral("x")).parameters;
    written.insert(QStringLiteral("id"), QStringLiteral("x"));
    written.insert(QStringLiteral("type"), type);
    const QJsonObject file{{QStringLiteral("components"), QJsonArray{written}}};
    const LoadResult loaded = parseModel(QJsonDocument(file).toJson());
    QVERIFY2(loaded.ok(), qPrintable(loaded.message()));
    QCOMPARE(loaded.model->components.size(), 1);
    QVERIFY(loaded.model->components.at(0).kind == expected);
    QCOMPARE(kindName(expected), type);

    // Saved, it carries the same name, and reads back as the same kind.
    const QByteArray saved = serializeModel(*loaded.model);
    const QJsonObject savedComponent = QJsonDocument::fromJson(saved)
                                           .object()
                                           .value(QStringLiteral("components"))
                                           .toArray()
                                           .at(0)
                                           .toObject();
    QCOMPARE(savedComponent.value(QStringLiteral("type")).toString(), type);
    QCOMPARE(savedComponent, written);
    const LoadResult again = parseModel(saved);
    QVERIFY2(again.ok(), qPrintable(again.message()));
    QCOMPARE(again.model->components, loaded.model->components);
}

void TestModelJson::writtenForm()
{
    const QJsonObject json = toJson(richModel());
    QCOMPARE(json.value("format").toString(), QString("scalelab-model"));
    QCOMPARE(json.value("version").toInt(), 1);
    const QJsonArray links = json.value("links").toArray();
    QVERIFY(!links.at(1).toObject().contains("kind"));       // request is the default
    QVERIFY(!links.at(1).toObject().contains("latency_ms")); // 0 is the default
    QCOMPARE(links.at(0).toObject().value("latency_ms").toDouble(), 2.5);
    QCOMPARE(links.at(3).toObject().value("kind").toString(), QString("replication"));
    const QJsonObject scenario = json.value("scenario").toObject();
    QVERIFY(!scenario.contains("warmup_s")); // unset: 10 % of the duration
    QCOMPARE(scenario.value("replications").toInt(), 5);
    const QJsonObject lb = json.value("components").toArray().at(1).toObject();
    QCOMPARE(lb.value("label").toString(), QString("Front door"));
    QCOMPARE(lb.value("region").toString(), QString("eu"));
    QCOMPARE(lb.value("health_check").toObject().value("interval_s").toDouble(), 1.0);
    QVERIFY(!json.value("components").toArray().at(2).toObject().contains("label"));
    QCOMPARE(json.value("layout").toObject().value("web").toObject().value("y").toDouble(), 80.5);

    // The text starts the way docs/model.md shows a model and keeps a component's id first.
    const QByteArray text = serializeModel(richModel());
    QVERIFY(text.startsWith("{\n  \"format\": \"scalelab-model\",\n  \"version\": 1,\n"));
    QVERIFY(text.contains("{\"id\": \"db\", \"type\": \"database\""));
    QVERIFY(text.endsWith("}\n"));
}

void TestModelJson::defaults()
{
    const LoadResult result = parseModel(basic(
        R"({"id": "cache", "type": "cache", "capacity": 100},
           {"id": "db", "type": "database", "replication": {"mode": "sync"}},
           {"id": "lb", "type": "load_balancer", "health_check": {"interval_s": 1}})"));
    QVERIFY2(result.ok(), qPrintable(result.message()));
    const Model &model = *result.model;
    const Component &users = *model.find("users");
    QCOMPARE(users.value("rate_rps"), QJsonValue(10));
    QCOMPARE(users.text("arrival"), QString("poisson"));
    QCOMPARE(users.number("users"), 100000.0);
    QCOMPARE(users.value("mix"), QJsonValue(QJsonObject{{"read", 1}}));
    QCOMPARE(users.member("keys", "count"), QJsonValue(10000));
    QCOMPARE(users.member("keys", "zipf"), QJsonValue(0));
    QVERIFY(!users.has("profile"));
    QVERIFY(users.value("profile").isUndefined());
    QVERIFY(users.has("rate_rps"));
    QVERIFY(users.has("arrival")); // defaulted counts
    QCOMPARE(users.number("profile", -1), -1.0);
    QVERIFY(users.value("no_such_parameter").isUndefined());

    const Component &web = *model.find("web");
    QCOMPARE(web.number("count"), 1.0);
    QCOMPARE(web.number("cores"), 1.0);
    QVERIFY(!web.has("max_concurrency"));
    QCOMPARE(web.number("max_concurrency", -1), -1.0);
    QCOMPARE(web.text("sessions"), QString("none"));
    QCOMPARE(int(web.distribution("service_ms").kind), int(Distribution::Kind::Exponential));
    QCOMPARE(web.distribution("service_ms").mean, 10.0);
    QCOMPARE(web.distribution("job_ms").mean, 100.0);
    QVERIFY(!web.has("autoscale"));
    QCOMPARE(web.member("autoscale", "target_utilization"), QJsonValue(0.7));
    QVERIFY(web.member("autoscale", "max").isUndefined());

    const Component &cache = *model.find("cache");
    QCOMPARE(int(cache.distribution("service_ms").kind), int(Distribution::Kind::Constant));
    QCOMPARE(cache.distribution("service_ms").mean, 0.2);
    QCOMPARE(cache.text("eviction"), QString("lru"));
    QVERIFY(!cache.has("ttl_s"));

    const Component &db = *model.find("db");
    QCOMPARE(db.number("cores"), 4.0);
    QCOMPARE(db.distribution("read_ms").mean, 5.0);
    QCOMPARE(db.distribution("write_ms").mean, 10.0);
    QCOMPARE(db.member("replication", "mode"), QJsonValue("sync"));
    // A member missing from a written object still has its default.
    const Distribution delay = Distribution::fromJson(db.member("replication", "delay_ms"));
    QCOMPARE(int(delay.kind), int(Distribution::Kind::Exponential));
    QCOMPARE(delay.mean, 50.0);
    QCOMPARE(db.member("failover", "detect_s"), QJsonValue(10));
    QCOMPARE(db.member("failover", "promote_s"), QJsonValue(5));

    const Component &lb = *model.find("lb");
    QCOMPARE(lb.text("algorithm"), QString("round_robin"));
    QCOMPARE(lb.member("health_check", "interval_s"), QJsonValue(1));
    QCOMPARE(lb.member("health_check", "unhealthy_after"), QJsonValue(2));
    QCOMPARE(lb.distribution("service_ms").mean, 0.0);

    QCOMPARE(model.scenario.durationS, 60.0);
    QVERIFY(!model.scenario.warmupS);
    QCOMPARE(model.scenario.effectiveWarmupS(), 6.0);
    QCOMPARE(model.scenario.seed, quint64(1));
    QCOMPARE(model.scenario.replications, 1);
    QVERIFY(model.scenario.events.isEmpty());
    QVERIFY(model.name.isEmpty());
}

void TestModelJson::distributions_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<int>("kind");
    QTest::addColumn<double>("mean");
    QTest::addColumn<double>("spread");
    QTest::addColumn<double>("cv");
    QTest::addColumn<int>("k");

    using K = Distribution::Kind;
    QTest::newRow("bare number") << "7.5" << int(K::Constant) << 7.5 << 0.0 << 1.0 << 1;
    QTest::newRow("exponential") << R"({"dist": "exponential", "mean": 10})" << int(K::Exponential)
                                 << 10.0 << 0.0 << 1.0 << 1;
    QTest::newRow("constant") << R"({"dist": "constant", "mean": 1})" << int(K::Constant) << 1.0
                              << 0.0 << 1.0 << 1;
    QTest::newRow("uniform") << R"({"dist": "uniform", "mean": 4, "spread": 2})" << int(K::Uniform)
                             << 4.0 << 2.0 << 1.0 << 1;
    QTest::newRow("lognormal") << R"({"dist": "lognormal", "mean": 4, "cv": 0.5})"
                               << int(K::Lognormal) << 4.0 << 0.0 << 0.5 << 1;
    QTest::newRow("erlang") << R"({"dist": "erlang", "mean": 6, "k": 3})" << int(K::Erlang) << 6.0
                            << 0.0 << 1.0 << 3;
}

void TestModelJson::distributions()
{
    QFETCH(QString, json);
    QFETCH(int, kind);
    QFETCH(double, mean);
    QFETCH(double, spread);
    QFETCH(double, cv);
    QFETCH(int, k);
    const LoadResult result = parseModel(withComponents(
        R"({"id": "web", "type": "web_server", "service_ms": )" + json.toUtf8() + "}"));
    QVERIFY2(result.ok(), qPrintable(result.message()));
    const Distribution d = result.model->components.at(0).distribution("service_ms");
    QCOMPARE(int(d.kind), kind);
    QCOMPARE(d.mean, mean);
    QCOMPARE(d.spread, spread);
    QCOMPARE(d.cv, cv);
    QCOMPARE(d.k, k);
}

void TestModelJson::modelLookups()
{
    const Model model = richModel();
    QCOMPARE(model.indexOf("users"), 0);
    QCOMPARE(model.indexOf("db-r1"), 4);
    QCOMPARE(model.indexOf("nobody"), -1);
    QCOMPARE(model.find("lb")->label, QString("Front door"));
    QVERIFY(!model.find("nobody"));
    QCOMPARE(model.regionLatencyMs("us", "eu"), 80.5);
    QCOMPARE(model.regionLatencyMs("eu", "us"), 80.5);
    QCOMPARE(model.regionLatencyMs("us", "us"), 0.0);
    QCOMPARE(model.regionLatencyMs("us", ""), 0.0);
    QCOMPARE(model.regionLatencyMs("", "eu"), 0.0);
    QCOMPARE(model.regionLatencyMs("us", "asia"), 0.0);
}

void TestModelJson::invalid_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("where");
    QTest::addColumn<QString>("what");

    // The document
    QTest::newRow("not an object") << QByteArray("[1, 2]") << ""
                                   << "must be a JSON object";
    QTest::newRow("empty file") << QByteArray(" \n ") << ""
                                << "the file is empty";
    QTest::newRow("format") << QByteArray(R"({"format": "other"})") << "format"
                            << R"(must be "scalelab-model", got "other")";
    QTest::newRow("results file") << QByteArray(R"({"format": "scalelab-results"})") << "format"
                                  << "results file";
    QTest::newRow("newer version") << QByteArray(R"({"version": 2})") << "version"
                                   << "the newest supported version is 1";
    QTest::newRow("version text") << QByteArray(R"({"version": "1"})") << "version"
                                  << R"(must be 1, got "1")";
    QTest::newRow("name") << QByteArray(R"({"name": 5})") << "name"
                          << "must be a text, got 5";
    QTest::newRow("unknown top member") << QByteArray(R"({"componets": []})") << "componets"
                                        << R"(did you mean "components"?)";

    // Regions
    QTest::newRow("regions not a list") << QByteArray(R"({"regions": "us"})") << "regions"
                                        << "must be a list";
    QTest::newRow("region without id")
        << QByteArray(R"({"regions": [{"label": "US"}]})") << "regions[0].id"
        << "is missing";
    QTest::newRow("region not object") << QByteArray(R"({"regions": ["us"]})") << "regions[0]"
                                       << "must be an object";
    QTest::newRow("duplicate region")
        << QByteArray(R"({"regions": [{"id": "us"}, {"id": "us"}]})") << "regions[1].id"
        << "already the id of regions[0]";
    QTest::newRow("region unknown member")
        << QByteArray(R"({"regions": [{"id": "us", "lable": "US"}]})") << "regions[0].lable"
        << R"(did you mean "label"?)";
    QTest::newRow("latency unknown region")
        << withComponents(kUsers, R"("region_latency_ms": [{"a": "us", "b": "asia", "ms": 1}])")
        << "region_latency_ms[0].b"
        << R"(unknown region "asia")";
    QTest::newRow("latency negative")
        << withComponents(kUsers, R"("region_latency_ms": [{"a": "us", "b": "eu", "ms": -5}])")
        << "region_latency_ms[0].ms"
        << "must be a number of at least 0, got -5";
    QTest::newRow("latency missing ms")
        << withComponents(kUsers, R"("region_latency_ms": [{"a": "us", "b": "eu"}])")
        << "region_latency_ms[0].ms"
        << "is missing";
    QTest::newRow("latency same region")
        << withComponents(kUsers, R"("region_latency_ms": [{"a": "us", "b": "us", "ms": 5}])")
        << "region_latency_ms[0].b"
        << "must differ from a";
    QTest::newRow("latency twice")
        << withComponents(kUsers, R"("region_latency_ms": [{"a": "us", "b": "eu", "ms": 5},
                                                            {"a": "eu", "b": "us", "ms": 6}])")
        << "region_latency_ms[1]"
        << "repeats the latency";

    // Components: structure, ids and types
    QTest::newRow("components not a list") << QByteArray(R"({"components": {}})") << "components"
                                           << "must be a list";
    QTest::newRow("component not object") << withComponents(R"("web")") << "components[0]"
                                          << "must be an object";
    QTest::newRow("id missing") << withComponents(R"({"type": "web_server"})") << "components[0].id"
                                << "is missing";
    QTest::newRow("id empty") << withComponents(R"({"id": "", "type": "web_server"})")
                              << "components[0].id"
                              << "must not be empty";
    QTest::newRow("id not text") << withComponents(R"({"id": 7, "type": "web_server"})")
                                 << "components[0].id"
                                 << "must be a text, got 7";
    QTest::newRow("id with space")
        << withComponents(R"({"id": "web 1", "type": "web_server"})") << "components[0].id"
        << "must not contain spaces";
    QTest::newRow("duplicate id") << basic(R"({"id": "web", "type": "cache", "capacity": 5})")
                                  << "components[2].id"
                                  << R"("web" is already the id of components[1])";
    QTest::newRow("type missing") << withComponents(R"({"id": "web"})") << "components[0].type"
                                  << "is missing";
    QTest::newRow("unknown type")
        << basic(R"({"id": "w2", "type": "webserver"})") << "components[2].type"
        << R"(unknown type "webserver"; did you mean "web_server"? The known types are )"
           "client, dns, cdn, load_balancer, web_server, cache, session_store, database, "
           "shard_router, queue, worker, monitor";
    QTest::newRow("label not text")
        << basic(R"({"id": "c", "type": "dns", "label": 3})") << "components[2].label"
        << "must be a text";
    QTest::newRow("unknown region")
        << basic(R"({"id": "c", "type": "dns", "region": "asia"})") << "components[2].region"
        << R"(unknown region "asia"; the model's regions are us, eu)";
    QTest::newRow("no regions declared")
        << QByteArray(R"({"components": [{"id": "d", "type": "dns", "region": "us"}]})")
        << "components[0].region"
        << "the model declares no regions";

    // Components: parameters
    QTest::newRow("unknown parameter, suggestion")
        << basic(R"({"id": "w2", "type": "web_server", "cors": 2})") << "components[2].cors"
        << R"(unknown parameter "cors" for a web_server; did you mean "cores"?)";
    QTest::newRow("unknown parameter, unit forgotten")
        << withComponents(R"({"id": "u", "type": "client", "rate": 5, "rate_rps": 1})")
        << "components[0].rate"
        << R"(did you mean "rate_rps"?)";
    QTest::newRow("unknown parameter, list")
        << basic(R"({"id": "w2", "type": "web_server", "colour": "red"})") << "components[2].colour"
        << "its parameters are count, cores, service_ms";
    QTest::newRow("parameter of another type")
        << basic(R"({"id": "c", "type": "cache", "capacity": 5, "hit_ratio": 0.9})")
        << "components[2].hit_ratio"
        << R"(unknown parameter "hit_ratio" for a cache)";
    QTest::newRow("cores 0") << basic(R"({"id": "w2", "type": "web_server", "cores": 0})")
                             << "components[2].cores"
                             << "must be a whole number of at least 1, got 0";
    QTest::newRow("cores fraction")
        << basic(R"({"id": "w2", "type": "web_server", "cores": 1.5})") << "components[2].cores"
        << "must be a whole number of at least 1, got 1.5";
    QTest::newRow("cores text") << basic(R"({"id": "w2", "type": "web_server", "cores": "4"})")
                                << "components[2].cores"
                                << R"(got "4")";
    QTest::newRow("cores too many")
        << basic(R"({"id": "w2", "type": "web_server", "cores": 5000})") << "components[2].cores"
        << "must be a whole number of at most 1024, got 5000";
    QTest::newRow("count huge") << basic(R"({"id": "c", "type": "cache", "capacity": 1e12})")
                                << "components[2].capacity"
                                << "of at most 2147483647, got 1000000000000";
    QTest::newRow("negative rate")
        << withComponents(R"({"id": "u", "type": "client", "rate_rps": -1})")
        << "components[0].rate_rps"
        << "must be a number of at least 0, got -1 rps";
    QTest::newRow("rate missing") << withComponents(R"({"id": "u", "type": "client"})")
                                  << "components[0].rate_rps"
                                  << "is missing";
    QTest::newRow("cache capacity missing")
        << basic(R"({"id": "c", "type": "cache"})") << "components[2].capacity"
        << "is missing";
    QTest::newRow("session capacity missing")
        << basic(R"({"id": "s", "type": "session_store"})") << "components[2].capacity"
        << "is missing";
    QTest::newRow("bad choice")
        << basic(R"({"id": "c", "type": "cache", "capacity": 5, "eviction": "mru"})")
        << "components[2].eviction"
        << R"(must be one of lru, fifo, lfu, random, got "mru")";
    QTest::newRow("choice suggestion")
        << withComponents(R"({"id": "u", "type": "client", "rate_rps": 1, "arrival": "posson"})")
        << "components[0].arrival"
        << R"(did you mean "poisson"?)";
    QTest::newRow("ttl zero") << basic(R"({"id": "d", "type": "dns", "ttl_s": 0})")
                              << "components[2].ttl_s"
                              << "must be a number greater than 0, got 0 s";
    QTest::newRow("distribution bad dist")
        << basic(R"({"id": "w2", "type": "web_server", "service_ms": {"dist": "normal",
                    "mean": 5}})")
        << "components[2].service_ms.dist"
        << "must be one of exponential, constant, uniform";
    QTest::newRow("distribution negative mean")
        << basic(R"({"id": "w2", "type": "web_server", "service_ms": {"dist": "exponential",
                    "mean": -5}})")
        << "components[2].service_ms.mean"
        << "must be a number of at least 0, got -5 ms";
    QTest::newRow("distribution negative constant")
        << basic(R"({"id": "w2", "type": "web_server", "service_ms": -3})")
        << "components[2].service_ms"
        << "must be a number of at least 0, got -3 ms";
    QTest::newRow("distribution without mean")
        << basic(R"({"id": "w2", "type": "web_server", "service_ms": {"dist": "constant"}})")
        << "components[2].service_ms.mean"
        << "is missing";
    QTest::newRow("distribution without dist")
        << basic(R"({"id": "w2", "type": "web_server", "service_ms": {"mean": 3}})")
        << "components[2].service_ms.dist"
        << "is missing";
    QTest::newRow("distribution unknown member")
        << basic(R"({"id": "w2", "type": "web_server", "service_ms": {"dist": "lognormal",
                    "mean": 3, "sigma": 1}})")
        << "components[2].service_ms.sigma"
        << "unknown parameter";
    QTest::newRow("distribution text")
        << basic(R"({"id": "w2", "type": "web_server", "service_ms": "fast"})")
        << "components[2].service_ms"
        << "must be a number (a constant) or a distribution";
    QTest::newRow("uniform below zero")
        << basic(R"({"id": "w2", "type": "web_server", "service_ms": {"dist": "uniform",
                    "mean": 2, "spread": 5}})")
        << "components[2].service_ms.spread"
        << "at most twice the mean (4)";
    QTest::newRow("erlang k 0")
        << basic(R"({"id": "w2", "type": "web_server", "service_ms": {"dist": "erlang",
                    "mean": 2, "k": 0}})")
        << "components[2].service_ms.k"
        << "must be a whole number";
    QTest::newRow("zipf negative") << withComponents(R"({"id": "u", "type": "client", "rate_rps": 1,
                             "keys": {"zipf": -0.5}})")
                                   << "components[0].keys.zipf"
                                   << "must be a number of at least 0, got -0.5";
    QTest::newRow("keys count 0") << withComponents(R"({"id": "u", "type": "client", "rate_rps": 1,
                             "keys": {"count": 0}})")
                                  << "components[0].keys.count"
                                  << "must be a whole number of at least 1, got 0";
    QTest::newRow("keys unknown member")
        << withComponents(R"({"id": "u", "type": "client", "rate_rps": 1, "keys": {"zip": 1}})")
        << "components[0].keys.zip"
        << R"(did you mean "zipf"?)";
    QTest::newRow("keys not object")
        << withComponents(R"({"id": "u", "type": "client", "rate_rps": 1, "keys": 100})")
        << "components[0].keys"
        << "must be an object with members count, zipf";
    QTest::newRow("mix unknown kind")
        << withComponents(R"({"id": "u", "type": "client", "rate_rps": 1,
                             "mix": {"reads": 1}})")
        << "components[0].mix.reads"
        << R"(unknown request kind "reads"; did you mean "read"?)";
    QTest::newRow("mix negative") << withComponents(R"({"id": "u", "type": "client", "rate_rps": 1,
                             "mix": {"read": 1, "write": -1}})")
                                  << "components[0].mix.write"
                                  << "must be a weight of at least 0, got -1";
    QTest::newRow("mix all zero") << withComponents(R"({"id": "u", "type": "client", "rate_rps": 1,
                             "mix": {"read": 0}})")
                                  << "components[0].mix"
                                  << "needs at least one weight above 0";
    QTest::newRow("mix not object")
        << withComponents(R"({"id": "u", "type": "client", "rate_rps": 1, "mix": "read"})")
        << "components[0].mix"
        << "must be an object of weights";
    QTest::newRow("profile not list")
        << withComponents(R"({"id": "u", "type": "client", "rate_rps": 1, "profile": {}})")
        << "components[0].profile"
        << "must be a list of objects";
    QTest::newRow("profile point not object")
        << withComponents(R"({"id": "u", "type": "client", "rate_rps": 1, "profile": [5]})")
        << "components[0].profile[0]"
        << "must be an object";
    QTest::newRow("profile point without rate")
        << withComponents(R"({"id": "u", "type": "client", "rate_rps": 1,
                             "profile": [{"at_s": 5}]})")
        << "components[0].profile[0].rate_rps"
        << "is missing";
    QTest::newRow("profile out of order")
        << withComponents(R"({"id": "u", "type": "client", "rate_rps": 1,
                             "profile": [{"at_s": 5, "rate_rps": 1},
                                         {"at_s": 2, "rate_rps": 3}]})")
        << "components[0].profile[1].at_s"
        << "must not be earlier than the point before it";
    QTest::newRow("target utilization above 1")
        << basic(R"({"id": "w2", "type": "web_server",
                    "autoscale": {"max": 4, "target_utilization": 1.5}})")
        << "components[2].autoscale.target_utilization"
        << "must be a number greater than 0 and at most 1, got 1.5";
    QTest::newRow("autoscale without max")
        << basic(R"({"id": "w2", "type": "web_server", "autoscale": {"min": 2}})")
        << "components[2].autoscale.max"
        << "is missing";
    QTest::newRow("autoscale min above max")
        << basic(R"({"id": "w2", "type": "web_server", "autoscale": {"min": 5, "max": 2}})")
        << "components[2].autoscale.min"
        << "must not be above max (2), got 5";
    QTest::newRow("health check interval")
        << basic(R"({"id": "lb", "type": "load_balancer", "health_check": {"interval_s": 0}})")
        << "components[2].health_check.interval_s"
        << "greater than 0";
    QTest::newRow("standby for nobody")
        << basic(R"({"id": "lb", "type": "load_balancer", "standby_for": "lb9"})")
        << "components[2].standby_for"
        << R"(no component has the id "lb9")";
    QTest::newRow("standby for itself")
        << basic(R"({"id": "lb", "type": "load_balancer", "standby_for": "lb"})")
        << "components[2].standby_for"
        << "cannot be the standby of itself";
    QTest::newRow("standby for a web server")
        << basic(R"({"id": "lb", "type": "load_balancer", "standby_for": "web"})")
        << "components[2].standby_for"
        << R"(must name a load_balancer, but "web" is a web_server)";
    QTest::newRow("replication mode")
        << basic(R"({"id": "db", "type": "database", "replication": {"mode": "eventual"}})")
        << "components[2].replication.mode"
        << "must be one of async, semi_sync, sync";
    QTest::newRow("failover negative")
        << basic(R"({"id": "db", "type": "database", "failover": {"detect_s": -1}})")
        << "components[2].failover.detect_s"
        << "at least 0";
    QTest::newRow("alert component unknown")
        << basic(R"({"id": "m", "type": "monitor", "alerts": [{"metric": "p99_ms",
                    "component": "wbe", "above": 200}]})")
        << "components[2].alerts[0].component"
        << R"(no component has the id "wbe"; did you mean "web"?)";
    QTest::newRow("alert without metric")
        << basic(R"({"id": "m", "type": "monitor", "alerts": [{"component": "web",
                    "above": 200}]})")
        << "components[2].alerts[0].metric"
        << "is missing";

    // Links
    const QByteArray db = R"({"id": "db", "type": "database"})";
    const QByteArray replica = R"({"id": "r1", "type": "database", "role": "replica"})";
    QTest::newRow("links not a list") << basic({}, R"("links": {})") << "links"
                                      << "must be a list";
    QTest::newRow("link not object") << basic({}, R"("links": ["users"])") << "links[0]"
                                     << "must be an object";
    QTest::newRow("dangling to") << basic({}, R"("links": [{"from": "web", "to": "db"}])")
                                 << "links[0].to"
                                 << R"(no component has the id "db")";
    QTest::newRow("dangling from")
        << basic({}, R"("links": [{"from": "user", "to": "web"}])") << "links[0].from"
        << R"(no component has the id "user"; did you mean "users"?)";
    QTest::newRow("link without to")
        << basic({}, R"("links": [{"from": "users"}])") << "links[0].to"
        << "is missing";
    QTest::newRow("self link") << basic({}, R"("links": [{"from": "web", "to": "web"}])")
                               << "links[0].to"
                               << "cannot be linked to itself";
    QTest::newRow("link kind")
        << basic({}, R"("links": [{"from": "users", "to": "web", "kind": "async"}])")
        << "links[0].kind"
        << "must be one of request, replication";
    QTest::newRow("link latency negative")
        << basic({}, R"("links": [{"from": "users", "to": "web", "latency_ms": -1}])")
        << "links[0].latency_ms"
        << "must be a number of at least 0, got -1";
    QTest::newRow("link unknown member")
        << basic({}, R"("links": [{"from": "users", "to": "web", "latency": 1}])")
        << "links[0].latency"
        << R"(did you mean "latency_ms"?)";
    QTest::newRow("replication of web servers")
        << basic({}, R"("links": [{"from": "users", "to": "web", "kind": "replication"}])")
        << "links[0].kind"
        << R"(replication links join databases, but "users" is a client)";
    QTest::newRow("replication into a primary")
        << basic(db + ", " + R"({"id": "db2", "type": "database"})",
                 R"("links": [{"from": "db", "to": "db2", "kind": "replication"}])")
        << "links[0].to"
        << R"("db2" must have "role": "replica")";
    QTest::newRow("replica with two primaries")
        << basic(db + ", " + replica + R"(, {"id": "db2", "type": "database"})",
                 R"("links": [{"from": "db", "to": "r1", "kind": "replication"},
                              {"from": "db2", "to": "r1", "kind": "replication"}])")
        << "links[1].to"
        << R"(replica "r1" already replicates from "db")";
    QTest::newRow("duplicate link")
        << basic({}, R"("links": [{"from": "users", "to": "web"}, {"from": "users", "to": "web",
                                  "latency_ms": 3}])")
        << "links[1]"
        << "repeats links[0]";

    // Scenario
    QTest::newRow("scenario not object") << basic({}, R"("scenario": [])") << "scenario"
                                         << "must be an object";
    QTest::newRow("duration zero")
        << basic({}, R"("scenario": {"duration_s": 0})") << "scenario.duration_s"
        << "must be a number greater than 0, got 0 s";
    QTest::newRow("warmup negative")
        << basic({}, R"("scenario": {"warmup_s": -1})") << "scenario.warmup_s"
        << "at least 0";
    QTest::newRow("warmup too long")
        << basic({}, R"("scenario": {"duration_s": 10, "warmup_s": 10})") << "scenario.warmup_s"
        << "must be shorter than duration_s (10 s), got 10 s";
    QTest::newRow("seed negative") << basic({}, R"("scenario": {"seed": -1})") << "scenario.seed"
                                   << "must be a whole number of at least 0, got -1";
    QTest::newRow("seed fraction") << basic({}, R"("scenario": {"seed": 1.5})") << "scenario.seed"
                                   << "whole number";
    QTest::newRow("replications 0")
        << basic({}, R"("scenario": {"replications": 0})") << "scenario.replications"
        << "must be a whole number between 1 and 1000, got 0";
    QTest::newRow("replications too many")
        << basic({}, R"("scenario": {"replications": 5000})") << "scenario.replications"
        << "between 1 and 1000";
    QTest::newRow("scenario unknown member")
        << basic({}, R"("scenario": {"duration": 10})") << "scenario.duration"
        << R"(did you mean "duration_s"?)";
    QTest::newRow("events not list")
        << basic({}, R"("scenario": {"events": {}})") << "scenario.events"
        << "must be a list of events";
    QTest::newRow("event not object")
        << basic({}, R"("scenario": {"events": [3]})") << "scenario.events[0]"
        << "must be an object";
    QTest::newRow("event after the end")
        << basic({}, R"("scenario": {"events": [{"at_s": 70, "action": "fail",
                                                "target": "web"}]})")
        << "scenario.events[0].at_s"
        << "must be a number between 0 and 60, got 70 s";
    QTest::newRow("event before the start")
        << basic({}, R"("scenario": {"events": [{"at_s": -1, "action": "fail",
                                                "target": "web"}]})")
        << "scenario.events[0].at_s"
        << "between 0 and 60";
    QTest::newRow("event without time")
        << basic({}, R"("scenario": {"events": [{"action": "fail", "target": "web"}]})")
        << "scenario.events[0].at_s"
        << "is missing";
    QTest::newRow("event without action")
        << basic({}, R"("scenario": {"events": [{"at_s": 1, "target": "web"}]})")
        << "scenario.events[0].action"
        << "is missing";
    QTest::newRow("unknown action")
        << basic({}, R"("scenario": {"events": [{"at_s": 1, "action": "crash",
                                                "target": "web"}]})")
        << "scenario.events[0].action"
        << R"(unknown action "crash"; the actions are fail, recover, slow, flush, spike, )"
           "partition, heal";
    QTest::newRow("action suggestion")
        << basic({}, R"("scenario": {"events": [{"at_s": 1, "action": "recovr",
                                                "target": "web"}]})")
        << "scenario.events[0].action"
        << R"(did you mean "recover"?)";
    QTest::newRow("target unknown")
        << basic({}, R"("scenario": {"events": [{"at_s": 1, "action": "fail",
                                                "target": "wbe"}]})")
        << "scenario.events[0].target"
        << R"(no component has the id "wbe"; did you mean "web"?)";
    QTest::newRow("target missing")
        << basic({}, R"("scenario": {"events": [{"at_s": 1, "action": "fail"}]})")
        << "scenario.events[0].target"
        << "is missing";
    QTest::newRow("slow without factor")
        << basic({}, R"("scenario": {"events": [{"at_s": 1, "action": "slow",
                                                "target": "web"}]})")
        << "scenario.events[0].factor"
        << "is missing";
    QTest::newRow("slow factor 0")
        << basic({}, R"("scenario": {"events": [{"at_s": 1, "action": "slow",
                                                "target": "web", "factor": 0}]})")
        << "scenario.events[0].factor"
        << "must be a number greater than 0, got 0";
    QTest::newRow("spike without duration")
        << basic({}, R"("scenario": {"events": [{"at_s": 1, "action": "spike",
                                                "target": "users", "factor": 3}]})")
        << "scenario.events[0].duration_s"
        << "is missing";
    QTest::newRow("spike on a server")
        << basic({}, R"("scenario": {"events": [{"at_s": 1, "action": "spike", "target": "web",
                                                "factor": 3, "duration_s": 5}]})")
        << "scenario.events[0].target"
        << R"(but "web" is a web_server)";
    QTest::newRow("flush a server")
        << basic({}, R"("scenario": {"events": [{"at_s": 1, "action": "flush",
                                                "target": "web"}]})")
        << "scenario.events[0].target"
        << "only a cache, cdn or session_store can be flushed";
    QTest::newRow("flush takes nothing")
        << basic(R"({"id": "c", "type": "cache", "capacity": 5})",
                 R"("scenario": {"events": [{"at_s": 1, "action": "flush", "target": "c",
                                            "factor": 2}]})")
        << "scenario.events[0].factor"
        << "it takes none";
    QTest::newRow("instance negative")
        << basic({}, R"("scenario": {"events": [{"at_s": 1, "action": "fail", "target": "web",
                                                "instance": -1}]})")
        << "scenario.events[0].instance"
        << "must be a whole number of at least 0, got -1";
    QTest::newRow("instance beyond the pool")
        << basic(R"({"id": "w2", "type": "web_server", "count": 2})",
                 R"("scenario": {"events": [{"at_s": 1, "action": "fail", "target": "w2",
                                            "instance": 2}]})")
        << "scenario.events[0].instance"
        << R"("w2" has 2 instance(s), numbered from 0, got 2)";
    QTest::newRow("instance of a single box")
        << basic(R"({"id": "c", "type": "cache", "capacity": 5})",
                 R"("scenario": {"events": [{"at_s": 1, "action": "recover", "target": "c",
                                            "instance": 1}]})")
        << "scenario.events[0].instance"
        << "has 1 instance(s)";
    QTest::newRow("event unknown member")
        << basic({}, R"("scenario": {"events": [{"at_s": 1, "action": "fail", "target": "web",
                                                "instances": 1}]})")
        << "scenario.events[0].instances"
        << R"(did you mean "instance"?)";
    QTest::newRow("partition unknown region")
        << basic({}, R"("scenario": {"events": [{"at_s": 1, "action": "partition", "a": "us",
                                                "b": "asia"}]})")
        << "scenario.events[0].b"
        << R"(unknown region "asia")";
    QTest::newRow("partition both forms")
        << basic({}, R"("scenario": {"events": [{"at_s": 1, "action": "partition", "a": "us",
                                                "b": "eu", "with": "eu"}]})")
        << "scenario.events[0]"
        << "either with a and b or with target and with";
    QTest::newRow("partition without with")
        << basic({}, R"("scenario": {"events": [{"at_s": 1, "action": "heal",
                                                "target": "us"}]})")
        << "scenario.events[0].with"
        << "is missing";
    QTest::newRow("partition without regions")
        << basic({}, R"("scenario": {"events": [{"at_s": 1, "action": "heal"}]})")
        << "scenario.events[0]"
        << R"(heal needs two regions, like "a": "us", "b": "eu")";
    QTest::newRow("partition within a region")
        << basic({}, R"("scenario": {"events": [{"at_s": 1, "action": "partition", "a": "us",
                                                "b": "us"}]})")
        << "scenario.events[0].b"
        << "must differ from a";
    QTest::newRow("partition unknown member")
        << basic({}, R"("scenario": {"events": [{"at_s": 1, "action": "partition", "a": "us",
                                                "b": "eu", "factor": 2}]})")
        << "scenario.events[0].factor"
        << "unknown member";

    // Layout
    QTest::newRow("layout not object") << basic({}, R"("layout": [])") << "layout"
                                       << "must be an object";
    QTest::newRow("layout unknown id")
        << basic({}, R"("layout": {"ghost": {"x": 1, "y": 2}})") << "layout.ghost"
        << R"(no component has the id "ghost")";
    QTest::newRow("layout without y")
        << basic({}, R"("layout": {"web": {"x": 1}})") << "layout.web.y"
        << "is missing";
    QTest::newRow("layout x text")
        << basic({}, R"("layout": {"web": {"x": "1", "y": 2}})") << "layout.web.x"
        << R"(must be a number, got "1")";
    QTest::newRow("layout position not object")
        << basic({}, R"("layout": {"web": [1, 2]})") << "layout.web"
        << "must be a position";
    QTest::newRow("layout unknown member")
        << basic({}, R"("layout": {"web": {"x": 1, "y": 2, "z": 3}})") << "layout.web.z"
        << "unknown member";
}

void TestModelJson::invalid()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, where);
    QFETCH(QString, what);
    const LoadResult result = parseModel(json, "bad.json");
    QVERIFY(!result.ok());
    QVERIFY(!result.model);
    QVERIFY(!result.problems.isEmpty());
    bool found = false;
    for (const Problem &problem : result.problems) {
        QCOMPARE(problem.file, QString("bad.json"));
        if (problem.where == where && problem.what.contains(what))
            found = true;
    }
    QVERIFY2(found, qPrintable("expected [" + where + "] ..." + what + "...; got\n" +
                               describe(result.problems)));
    // Every input here has exactly one thing wrong: one mistake gives one message.
    QVERIFY2(result.problems.size() == 1, qPrintable(describe(result.problems)));
}

void TestModelJson::brokenJson_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("where");
    QTest::addColumn<QString>("what");

    QTest::newRow("missing comma")
        << QByteArray("{\n  \"name\": \"x\"\n  \"components\": []\n}") << "line 3, column 3"
        << "unterminated object";
    QTest::newRow("unterminated list")
        << QByteArray("{\n  \"components\": [\n    {\"id\": \"web\"}\n") << "line 4, column 1"
        << "unterminated";
    QTest::newRow("trailing comma") << QByteArray("{\"name\": \"x\",}") << "line 1, column 14"
                                    << "object is missing after a comma";
    QTest::newRow("after a wide character")
        << QByteArray("{\"name\": \"\xc3\xbc\xc3\xbc\" x}") << "line 1, column 15"
        << "unterminated object";
}

void TestModelJson::brokenJson()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, where);
    QFETCH(QString, what);
    const LoadResult result = parseModel(json, "broken.json");
    QVERIFY(!result.ok());
    QCOMPARE(result.problems.size(), 1);
    QCOMPARE(result.problems.at(0).where, where);
    QVERIFY(!result.problems.at(0).what.isEmpty());
    QVERIFY2(result.problems.at(0).what.contains(what), qPrintable(result.problems.at(0).what));
    QVERIFY(result.message().startsWith("broken.json: " + where + ": "));
}

void TestModelJson::collectsEveryProblem()
{
    const QByteArray json = R"({
        "version": 3,
        "components": [
            {"id": "users", "type": "client", "rate_rps": -5},
            {"id": "web", "type": "web_server", "cores": 0, "cors": 2},
            {"id": "db", "type": "databse"}
        ],
        "links": [{"from": "users", "to": "web"}, {"from": "web", "to": "cache"}],
        "scenario": {"duration_s": 10, "warmup_s": 20,
                     "events": [{"at_s": 5, "action": "fail", "target": "dbb"}]},
        "layout": {"ghost": {"x": 0, "y": 0}}
    })";
    const LoadResult result = parseModel(json, "many.json");
    QVERIFY(!result.ok());
    QStringList wheres;
    for (const Problem &problem : result.problems)
        wheres << problem.where;
    wheres.sort();
    QStringList expected = {"version",
                            "components[0].rate_rps",
                            "components[1].cores",
                            "components[1].cors",
                            "components[2].type",
                            "links[1].to",
                            "scenario.warmup_s",
                            "scenario.events[0].target",
                            "layout.ghost"};
    expected.sort();
    QCOMPARE(wheres, expected);
    QCOMPARE(result.message().count('\n'), expected.size() - 1);
    QVERIFY(result.message().contains(
        "many.json: components[1].cores: must be a whole number of at least 1, got 0"));
}

void TestModelJson::nothingHalfLoaded()
{
    // Everything is right except one link: no part of the model may come back.
    const LoadResult result = parseModel(
        basic({}, R"("links": [{"from": "users", "to": "web"}, {"from": "web", "to": "db"}],
                     "scenario": {"duration_s": 30})"));
    QVERIFY(!result.ok());
    QVERIFY(!result.model.has_value());
    QCOMPARE(result.problems.size(), 1);

    const LoadResult fixed = parseModel(
        basic({}, R"("links": [{"from": "users", "to": "web"}], "scenario": {"duration_s": 30})"));
    QVERIFY2(fixed.ok(), qPrintable(fixed.message()));
    QVERIFY(fixed.problems.isEmpty());
    QCOMPARE(fixed.model->scenario.durationS, 30.0);
}

void TestModelJson::partitionForms_data()
{
    QTest::addColumn<QByteArray>("event");
    QTest::addColumn<QString>("action");

    QTest::newRow("partition a b") << QByteArray(R"({"at_s": 5, "action": "partition",
                                                   "a": "us", "b": "eu"})")
                                   << "partition";
    QTest::newRow("partition target with") << QByteArray(R"({"at_s": 5, "action": "partition",
                                                           "target": "us", "with": "eu"})")
                                           << "partition";
    QTest::newRow("heal a b") << QByteArray(R"({"at_s": 5, "action": "heal", "a": "us",
                                              "b": "eu"})")
                              << "heal";
}

// Both spellings load into one form: target is the first region, "with" the second.
void TestModelJson::partitionForms()
{
    QFETCH(QByteArray, event);
    QFETCH(QString, action);
    const LoadResult result = parseModel(basic({}, R"("scenario": {"events": [)" + event + "]}"));
    QVERIFY2(result.ok(), qPrintable(result.message()));
    const ScenarioEvent &loaded = result.model->scenario.events.at(0);
    QCOMPARE(loaded.atS, 5.0);
    QCOMPARE(loaded.action, action);
    QCOMPARE(loaded.target, QString("us"));
    QCOMPARE(loaded.parameters, QJsonObject({{"with", "eu"}}));
    const LoadResult again = parseModel(serializeModel(*result.model));
    QVERIFY(again.ok());
    QVERIFY(*again.model == *result.model);
}

void TestModelJson::fileErrors()
{
    const QString missing = QDir::tempPath() + "/scalelab-no-such-dir/none.json";
    const LoadResult result = loadModelFile(missing);
    QVERIFY(!result.ok());
    QCOMPARE(result.problems.size(), 1);
    QCOMPARE(result.problems.at(0).file, missing);
    QVERIFY(result.problems.at(0).what.contains("No such file or directory"));
    QVERIFY(result.message().startsWith(missing + ": cannot read the file"));

    // Problems of a file that can be read name it as the user did.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("bad.json");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(withComponents(R"({"id": "web", "type": "web_server", "cores": 0})"));
    file.close();
    const LoadResult bad = loadModelFile(path);
    QVERIFY(!bad.ok());
    QCOMPARE(bad.message(),
             path + ": components[0].cores: must be a whole number of at least 1, got 0");
}

void TestModelJson::problemText_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("where");
    QTest::addColumn<QString>("what");
    QTest::addColumn<QString>("text");

    QTest::newRow("all") << "m.json"
                         << "links[0].to"
                         << "is missing"
                         << "m.json: links[0].to: is missing";
    QTest::newRow("no file") << ""
                             << "links[0].to"
                             << "is missing"
                             << "links[0].to: is missing";
    QTest::newRow("no place") << "m.json"
                              << ""
                              << "the file is empty"
                              << "m.json: the file is empty";
    QTest::newRow("only what") << ""
                               << ""
                               << "bad"
                               << "bad";
}

void TestModelJson::problemText()
{
    QFETCH(QString, file);
    QFETCH(QString, where);
    QFETCH(QString, what);
    QFETCH(QString, text);
    QCOMPARE((Problem{file, where, what}.toString()), text);
}

QTEST_GUILESS_MAIN(TestModelJson)
#include "tst_model_json.moc"
