#include "model_test_support.h"

#include "model/analysis.h"
#include "model/model_json.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

#include <cmath>
#include <vector>

using namespace scalelab::model;
using namespace scalelab::testing;

namespace {

Link link(const QString &from, const QString &to, Link::Kind kind = Link::Kind::Request)
{
    Link l;
    l.from = from;
    l.to = to;
    l.kind = kind;
    return l;
}

QJsonObject exponential(double mean)
{
    return {{QStringLiteral("dist"), QStringLiteral("exponential")},
            {QStringLiteral("mean"), mean}};
}

const ComponentEstimate *estimateOf(const Analysis &analysis, const QString &id)
{
    for (const ComponentEstimate &estimate : analysis.estimates) {
        if (estimate.id == id)
            return &estimate;
    }
    return nullptr;
}

Model loadExample(const QString &name)
{
    const LoadResult result =
        loadModelFile(QStringLiteral(SCALELAB_TEST_DATA "/") + name + QStringLiteral(".json"));
    if (!result.ok())
        qWarning().noquote() << result.message();
    return result.model.value_or(Model{});
}

// client -> lb -> web -> db, with a choice of web instances and a replica behind db.
Model chain(int webCount, bool replica)
{
    Model m;
    m.name = QStringLiteral("chain");
    m.components << component(QStringLiteral("users"), ComponentKind::Client,
                              {{QStringLiteral("rate_rps"), 100}})
                 << component(QStringLiteral("lb"), ComponentKind::LoadBalancer)
                 << component(QStringLiteral("web"), ComponentKind::WebServer,
                              {{QStringLiteral("count"), webCount}})
                 << component(QStringLiteral("db"), ComponentKind::Database);
    m.links << link(QStringLiteral("users"), QStringLiteral("lb"))
            << link(QStringLiteral("lb"), QStringLiteral("web"))
            << link(QStringLiteral("web"), QStringLiteral("db"));
    if (replica) {
        m.components << component(QStringLiteral("db-r1"), ComponentKind::Database,
                                  {{QStringLiteral("role"), QStringLiteral("replica")}});
        m.links << link(QStringLiteral("db"), QStringLiteral("db-r1"), Link::Kind::Replication);
    }
    return m;
}

} // namespace

// The analytic estimate and the graph checks behind `scalelab analyze`.
class TestAnalysis : public QObject {
    Q_OBJECT

private slots:
    void queueingExamples_data();
    void queueingExamples();
    void mm1BuiltInCode();
    void lruZipfHitRatio();
    void hitRatioByEviction_data();
    void hitRatioByEviction();
    void unreachableComponent();
    void requestCycle();
    void singlePointsOfFailure_data();
    void singlePointsOfFailure();
    void standbyLoadBalancer();
    void shardWithoutReplica();
    void readsGoToReplicas();
    void bottleneckWithRateOverride();
    void jobsAndSessions();
    void secondRegionIsRedundant();
    void jsonReport();
    void largeKeySpaceMatchesExactChe();
    void geoDnsKeepsClientsInTheirRegion();
    void emptyModel();
    void capstoneIsFast();
};

void TestAnalysis::queueingExamples_data()
{
    QTest::addColumn<QString>("example");
    QTest::addColumn<double>("utilization");
    QTest::addColumn<double>("responseMs");
    QTest::newRow("mm1") << QStringLiteral("mm1") << 0.8 << 50.0;
    QTest::newRow("mmc") << QStringLiteral("mmc") << 0.75 << 15.094;
}

void TestAnalysis::queueingExamples()
{
    QFETCH(QString, example);
    QFETCH(double, utilization);
    QFETCH(double, responseMs);
    const Analysis analysis = analyze(loadExample(example));
    const ComponentEstimate *web = estimateOf(analysis, QStringLiteral("web"));
    QVERIFY(web);
    QCOMPARE(web->kind, ComponentKind::WebServer);
    QVERIFY(std::abs(web->utilization - utilization) < 1e-9);
    QVERIFY2(std::abs(web->responseMs - responseMs) < 1e-3,
             qPrintable(QString::number(web->responseMs)));
    QVERIFY(std::abs(web->demandMs - 10) < 1e-9);
    QCOMPARE(analysis.bottleneck, QStringLiteral("web"));
    QVERIFY(std::abs(analysis.maxThroughputRps - analysis.offeredRps / utilization) < 1e-6);
    QVERIFY(analysis.unreachable.isEmpty());
    QVERIFY(analysis.cycles.isEmpty());
    QCOMPARE(analysis.spof, QStringList{QStringLiteral("web")});
}

void TestAnalysis::mm1BuiltInCode()
{
    Model m;
    const QJsonObject staticOnly{{QStringLiteral("static"), 1}};
    m.components << component(
                        QStringLiteral("users"), ComponentKind::Client,
                        {{QStringLiteral("rate_rps"), 80}, {QStringLiteral("mix"), staticOnly}})
                 << component(QStringLiteral("web"), ComponentKind::WebServer,
                              {{QStringLiteral("service_ms"), exponential(10)}});
    m.links << link(QStringLiteral("users"), QStringLiteral("web"));
    const Analysis analysis = analyze(m);
    const ComponentEstimate *web = estimateOf(analysis, QStringLiteral("web"));
    QVERIFY(web);
    QCOMPARE(web->servers, 1);
    QVERIFY(std::abs(web->utilization - 0.8) < 1e-9);
    QVERIFY(std::abs(web->responseMs - 50) < 1e-9);
    QVERIFY(std::abs(web->capacityRps - 100) < 1e-9);
    QVERIFY(std::abs(analysis.maxThroughputRps - 100) < 1e-9);
    QVERIFY(analysis.explanation.contains(QStringLiteral("web is predicted busy 80 %")));
}

void TestAnalysis::lruZipfHitRatio()
{
    const Analysis analysis = analyze(loadExample(QStringLiteral("lru-zipf")));
    const ComponentEstimate *cache = estimateOf(analysis, QStringLiteral("cache"));
    const ComponentEstimate *db = estimateOf(analysis, QStringLiteral("db"));
    QVERIFY(cache && db);
    QVERIFY2(std::abs(cache->hitRatio - 0.1566) < 0.002,
             qPrintable(QString::number(cache->hitRatio)));
    QVERIFY(std::abs(db->arrivalRps - 1000 * (1 - cache->hitRatio)) < 1e-6);
    // A lookup per read and a fill per miss.
    QVERIFY(std::abs(cache->arrivalRps - 1000 * (2 - cache->hitRatio)) < 1e-6);
    QCOMPARE(estimateOf(analysis, QStringLiteral("users"))->hitRatio, -1.0);
    QVERIFY(analysis.spof.contains(QStringLiteral("db")));
}

void TestAnalysis::hitRatioByEviction_data()
{
    QTest::addColumn<QString>("eviction");
    QTest::addColumn<double>("low");
    QTest::addColumn<double>("high");
    // Under independent references LFU (the most popular keys) beats LRU, which beats FIFO and
    // random (equal to each other).
    QTest::newRow("lru") << QStringLiteral("lru") << 0.154 << 0.159;
    QTest::newRow("fifo") << QStringLiteral("fifo") << 0.1326 << 0.1346;
    QTest::newRow("random") << QStringLiteral("random") << 0.1326 << 0.1346;
    QTest::newRow("lfu") << QStringLiteral("lfu") << 0.29 << 0.31;
}

void TestAnalysis::hitRatioByEviction()
{
    QFETCH(QString, eviction);
    QFETCH(double, low);
    QFETCH(double, high);
    Model m = loadExample(QStringLiteral("lru-zipf"));
    QVERIFY(m.indexOf(QStringLiteral("cache")) >= 0);
    m.components[m.indexOf(QStringLiteral("cache"))].parameters.insert(QStringLiteral("eviction"),
                                                                       eviction);
    const double hit = estimateOf(analyze(m), QStringLiteral("cache"))->hitRatio;
    QVERIFY2(hit > low && hit < high, qPrintable(QString::number(hit)));
}

void TestAnalysis::unreachableComponent()
{
    Model m = chain(1, false);
    m.components << component(QStringLiteral("orphan"), ComponentKind::WebServer)
                 << component(QStringLiteral("orphan-db"), ComponentKind::Database)
                 << component(QStringLiteral("watch"), ComponentKind::Monitor);
    m.links << link(QStringLiteral("orphan"), QStringLiteral("orphan-db"));
    const Analysis analysis = analyze(m);
    QCOMPARE(analysis.unreachable,
             (QStringList{QStringLiteral("orphan"), QStringLiteral("orphan-db")}));
    QVERIFY(!analysis.spof.contains(QStringLiteral("orphan")));
    QCOMPARE(estimateOf(analysis, QStringLiteral("orphan"))->arrivalRps, 0.0);
}

void TestAnalysis::requestCycle()
{
    // A web server calling the load balancer in front of it.
    const QByteArray json = R"({
      "format": "scalelab-model", "version": 1, "name": "loop",
      "components": [
        {"id": "users", "type": "client", "rate_rps": 10},
        {"id": "lb", "type": "load_balancer"},
        {"id": "web", "type": "web_server"}
      ],
      "links": [{"from": "users", "to": "lb"}, {"from": "lb", "to": "web"},
                {"from": "web", "to": "lb"}]
    })";
    const LoadResult loaded = parseModel(json);
    QVERIFY2(loaded.ok(), qPrintable(loaded.message()));
    const Analysis analysis = analyze(*loaded.model);
    QCOMPARE(analysis.cycles.size(), 1);
    QCOMPARE(analysis.cycles.first(), (QStringList{QStringLiteral("lb"), QStringLiteral("web")}));
    // The estimate goes round once and stops.
    QVERIFY(std::abs(estimateOf(analysis, QStringLiteral("web"))->arrivalRps - 10) < 1e-9);
    QVERIFY(estimateOf(analysis, QStringLiteral("lb"))->note.contains(QStringLiteral("cycle")));
}

void TestAnalysis::singlePointsOfFailure_data()
{
    QTest::addColumn<int>("webCount");
    QTest::addColumn<bool>("replica");
    QTest::addColumn<QStringList>("spof");
    QTest::newRow("chain") << 1 << false
                           << QStringList{QStringLiteral("lb"), QStringLiteral("web"),
                                          QStringLiteral("db")};
    QTest::newRow("two web instances")
        << 2 << false << QStringList{QStringLiteral("lb"), QStringLiteral("db")};
    QTest::newRow("replica") << 1 << true
                             << QStringList{QStringLiteral("lb"), QStringLiteral("web")};
    QTest::newRow("both") << 2 << true << QStringList{QStringLiteral("lb")};
}

void TestAnalysis::singlePointsOfFailure()
{
    QFETCH(int, webCount);
    QFETCH(bool, replica);
    QFETCH(QStringList, spof);
    const Analysis analysis = analyze(chain(webCount, replica));
    QCOMPARE(analysis.spof, spof);
    for (const QString &id : spof)
        QVERIFY(analysis.spofReasons.value(id).startsWith(id + QLatin1Char(' ')));
    QCOMPARE(analysis.spofReasons.size(), spof.size());
    if (webCount == 1)
        QVERIFY(
            analysis.spofReasons.value(QStringLiteral("web")).contains(QStringLiteral("count 2")));
    QVERIFY(analysis.unreachable.isEmpty());
}

void TestAnalysis::standbyLoadBalancer()
{
    Model m = chain(2, true);
    m.components << component(QStringLiteral("lb-standby"), ComponentKind::LoadBalancer,
                              {{QStringLiteral("standby_for"), QStringLiteral("lb")}});
    m.links << link(QStringLiteral("lb-standby"), QStringLiteral("web"));
    const Analysis analysis = analyze(m);
    QVERIFY2(analysis.spof.isEmpty(), qPrintable(analysis.spof.join(QLatin1Char(','))));
    QVERIFY(analysis.unreachable.isEmpty());
    // The standby takes no traffic until its peer fails.
    QCOMPARE(estimateOf(analysis, QStringLiteral("lb-standby"))->arrivalRps, 0.0);
    QVERIFY(std::abs(estimateOf(analysis, QStringLiteral("lb"))->arrivalRps - 100) < 1e-9);
}

void TestAnalysis::shardWithoutReplica()
{
    Model m;
    m.components << component(QStringLiteral("users"), ComponentKind::Client,
                              {{QStringLiteral("rate_rps"), 400},
                               {QStringLiteral("mix"), QJsonObject{{QStringLiteral("write"), 1}}}})
                 << component(QStringLiteral("web"), ComponentKind::WebServer,
                              {{QStringLiteral("count"), 4}})
                 << component(QStringLiteral("router"), ComponentKind::ShardRouter)
                 << component(QStringLiteral("s1"), ComponentKind::Database)
                 << component(QStringLiteral("s2"), ComponentKind::Database)
                 << component(QStringLiteral("s2-r"), ComponentKind::Database,
                              {{QStringLiteral("role"), QStringLiteral("replica")}});
    m.links << link(QStringLiteral("users"), QStringLiteral("web"))
            << link(QStringLiteral("web"), QStringLiteral("router"))
            << link(QStringLiteral("router"), QStringLiteral("s1"))
            << link(QStringLiteral("router"), QStringLiteral("s2"))
            << link(QStringLiteral("s2"), QStringLiteral("s2-r"), Link::Kind::Replication);
    const Analysis analysis = analyze(m);
    QCOMPARE(analysis.spof, (QStringList{QStringLiteral("router"), QStringLiteral("s1")}));
    QVERIFY(analysis.spofReasons.value(QStringLiteral("s1")).contains(QStringLiteral("shard")));
    // Writes split by the keys each shard owns: 10 000 equally popular keys hashed over two
    // shards give each half, to within the keys' binomial noise (0.5 %); the replica applies
    // every write of its primary.
    const double s1 = estimateOf(analysis, QStringLiteral("s1"))->arrivalRps;
    QVERIFY(std::abs(s1 - 200) < 4);
    QVERIFY(std::abs(estimateOf(analysis, QStringLiteral("s2-r"))->arrivalRps - (400 - s1)) < 1e-9);
    QVERIFY(std::abs(estimateOf(analysis, QStringLiteral("s2-r"))->demandMs - 10) < 1e-9);
}

void TestAnalysis::readsGoToReplicas()
{
    Model m = chain(1, true);
    m.components << component(QStringLiteral("db-r2"), ComponentKind::Database,
                              {{QStringLiteral("role"), QStringLiteral("replica")}});
    m.links << link(QStringLiteral("db"), QStringLiteral("db-r2"), Link::Kind::Replication);
    m.components[0].parameters.insert(
        QStringLiteral("mix"),
        QJsonObject{{QStringLiteral("read"), 0.9}, {QStringLiteral("write"), 0.1}});
    const Analysis analysis = analyze(m);
    // 90 reads shared by two replicas, each also applying the 10 writes.
    QVERIFY(std::abs(estimateOf(analysis, QStringLiteral("db"))->arrivalRps - 10) < 1e-9);
    QVERIFY(std::abs(estimateOf(analysis, QStringLiteral("db-r1"))->arrivalRps - 55) < 1e-9);
    QVERIFY(std::abs(estimateOf(analysis, QStringLiteral("db-r2"))->arrivalRps - 55) < 1e-9);
    QVERIFY(analysis.unreachable.isEmpty());
}

void TestAnalysis::bottleneckWithRateOverride()
{
    // Reads with no cache: at 100 rps the single-core web server is busiest (1 s of 10 ms per
    // second), and the database with 4 cores and 5 ms reads at 12.5 %.
    Model m = chain(1, false);
    Analysis analysis = analyze(m);
    QCOMPARE(analysis.bottleneck, QStringLiteral("web"));
    QVERIFY(std::abs(analysis.bottleneckUtilization - 1.0) < 1e-9);

    // Ten web instances and twice the load: the database's reads dominate.
    m.components[2].parameters.insert(QStringLiteral("count"), 10);
    m.components[3].parameters.insert(QStringLiteral("cores"), 1);
    analysis = analyze(m, 150.0);
    QCOMPARE(analysis.offeredRps, 150.0);
    QCOMPARE(analysis.bottleneck, QStringLiteral("db"));
    QVERIFY(std::abs(analysis.bottleneckUtilization - 0.75) < 1e-9);
    QVERIFY(std::abs(analysis.maxThroughputRps - 200) < 1e-9);
    QVERIFY2(analysis.explanation.startsWith(QStringLiteral("db is predicted busy 75 % of the "
                                                            "time serving reads; a cache or read "
                                                            "replicas")),
             qPrintable(analysis.explanation));
    QCOMPARE(std::isinf(estimateOf(analysis, QStringLiteral("db"))->responseMs), false);

    // Two clients keep their proportions under an override.
    m.components << component(QStringLiteral("more"), ComponentKind::Client,
                              {{QStringLiteral("rate_rps"), 300}});
    m.links << link(QStringLiteral("more"), QStringLiteral("lb"));
    analysis = analyze(m, 800.0);
    QCOMPARE(estimateOf(analysis, QStringLiteral("users"))->arrivalRps, 200.0);
    QCOMPARE(estimateOf(analysis, QStringLiteral("more"))->arrivalRps, 600.0);
    // 800 reads at 5 ms on one core: overloaded, no finite response time.
    QVERIFY(std::abs(analysis.bottleneckUtilization - 4) < 1e-9);
    QVERIFY(std::isinf(estimateOf(analysis, QStringLiteral("db"))->responseMs));
    QVERIFY(analysis.explanation.contains(QStringLiteral("overloaded")));
}

void TestAnalysis::jobsAndSessions()
{
    const QByteArray json = R"({
      "format": "scalelab-model", "version": 1, "name": "jobs",
      "components": [
        {"id": "users", "type": "client", "rate_rps": 100, "mix": {"static": 0.5, "job": 0.5}},
        {"id": "web", "type": "web_server", "count": 2, "cores": 2, "sessions": "store"},
        {"id": "sessions", "type": "session_store", "capacity": 1000},
        {"id": "jobs", "type": "queue"},
        {"id": "workers", "type": "worker", "count": 3, "cores": 2}
      ],
      "links": [{"from": "users", "to": "web"}, {"from": "web", "to": "sessions"},
                {"from": "web", "to": "jobs"}, {"from": "jobs", "to": "workers"}]
    })";
    const LoadResult loaded = parseModel(json);
    QVERIFY2(loaded.ok(), qPrintable(loaded.message()));
    const Analysis analysis = analyze(*loaded.model);
    const ComponentEstimate *workers = estimateOf(analysis, QStringLiteral("workers"));
    QCOMPARE(workers->servers, 6);
    QVERIFY(std::abs(workers->arrivalRps - 50) < 1e-9);
    QVERIFY(std::abs(workers->utilization - 50 * 0.1 / 6) < 1e-9);
    QVERIFY(std::abs(estimateOf(analysis, QStringLiteral("sessions"))->arrivalRps - 100) < 1e-9);
    QCOMPARE(estimateOf(analysis, QStringLiteral("web"))->servers, 4);
    QCOMPARE(analysis.spof, (QStringList{QStringLiteral("sessions"), QStringLiteral("jobs")}));
    QCOMPARE(analysis.bottleneck, QStringLiteral("workers"));
    QVERIFY(analysis.explanation.contains(QStringLiteral("running jobs")));
}

void TestAnalysis::secondRegionIsRedundant()
{
    // Two regions behind a geo DNS: losing one region's balancer sends its users to the other
    // region, so neither balancer is a single point of failure. With one region they are.
    const auto spofOf = [](bool secondRegion) {
        QByteArray json = R"({
          "regions": [{"id": "us"}, {"id": "eu"}],
          "components": [
            {"id": "users", "type": "client", "region": "us", "rate_rps": 100},
            {"id": "dns", "type": "dns"},
            {"id": "lb-us", "type": "load_balancer", "region": "us"},
            {"id": "web-us", "type": "web_server", "region": "us", "count": 2},
            {"id": "db", "type": "database", "region": "us"}
            EU_COMPONENTS
          ],
          "links": [{"from": "users", "to": "dns"}, {"from": "dns", "to": "lb-us"},
                    {"from": "lb-us", "to": "web-us"}, {"from": "web-us", "to": "db"}
                    EU_LINKS]
        })";
        json.replace("EU_COMPONENTS",
                     secondRegion ? R"(, {"id": "lb-eu", "type": "load_balancer", "region": "eu"},
                        {"id": "web-eu", "type": "web_server", "region": "eu", "count": 2})"
                                  : "");
        json.replace("EU_LINKS", secondRegion ? R"(, {"from": "dns", "to": "lb-eu"},
                        {"from": "lb-eu", "to": "web-eu"}, {"from": "web-eu", "to": "db"})"
                                              : "");
        const LoadResult loaded = parseModel(json);
        return loaded.ok() ? analyze(*loaded.model).spof : QStringList{loaded.message()};
    };
    // The database both regions use stays one: a second region does not copy the data.
    QCOMPARE(spofOf(true), QStringList{QStringLiteral("db")});
    QCOMPARE(spofOf(false), (QStringList{QStringLiteral("lb-us"), QStringLiteral("db")}));
}

void TestAnalysis::jsonReport()
{
    Model m = loadExample(QStringLiteral("lru-zipf"));
    m.components << component(QStringLiteral("orphan"), ComponentKind::Cache,
                              {{QStringLiteral("capacity"), 10}});
    const QJsonObject json = toJson(analyze(m), m);
    QCOMPARE(json.value(QStringLiteral("format")).toString(), QStringLiteral("scalelab-analysis"));
    QCOMPARE(json.value(QStringLiteral("version")).toInt(), 1);
    QCOMPARE(json.value(QStringLiteral("model")).toString(), m.name);
    QCOMPARE(json.value(QStringLiteral("offered_rps")).toDouble(), 1000.0);
    const QJsonObject components = json.value(QStringLiteral("components")).toObject();
    const QJsonObject cache = components.value(QStringLiteral("cache")).toObject();
    QCOMPARE(cache.value(QStringLiteral("type")).toString(), QStringLiteral("cache"));
    QVERIFY(cache.contains(QStringLiteral("hit_ratio")));
    QCOMPARE(cache.value(QStringLiteral("servers")).toInt(), 8);
    QVERIFY(
        !components.value(QStringLiteral("web")).toObject().contains(QStringLiteral("hit_ratio")));
    // Unbounded figures are null, not infinities JSON cannot hold.
    QVERIFY(components.value(QStringLiteral("users"))
                .toObject()
                .value(QStringLiteral("capacity_rps"))
                .isNull());
    QCOMPARE(json.value(QStringLiteral("unreachable")).toArray(),
             QJsonArray{QStringLiteral("orphan")});
    QVERIFY(json.value(QStringLiteral("cycles")).toArray().isEmpty());
    const QJsonArray spof = json.value(QStringLiteral("spof")).toArray();
    QVERIFY(spof.contains(QStringLiteral("db")));
    QVERIFY(json.value(QStringLiteral("spof_reasons")).toObject().contains(QStringLiteral("db")));
    const QJsonObject bottleneck = json.value(QStringLiteral("bottleneck")).toObject();
    QVERIFY(!bottleneck.value(QStringLiteral("component")).toString().isEmpty());
    QVERIFY(bottleneck.value(QStringLiteral("max_throughput_rps")).toDouble() > 1000);
    QVERIFY(!bottleneck.value(QStringLiteral("explanation")).toString().isEmpty());

    // Saturated: response_ms is null.
    const QJsonObject overloaded = toJson(analyze(m, 1e6), m);
    QVERIFY(overloaded.value(QStringLiteral("components"))
                .toObject()
                .value(QStringLiteral("cache"))
                .toObject()
                .value(QStringLiteral("response_ms"))
                .isNull());
    QVERIFY(!QJsonDocument(json).toJson().isEmpty());
}

void TestAnalysis::largeKeySpaceMatchesExactChe()
{
    // Past 20000 keys the estimate groups keys of nearly equal popularity: compare it with Che's
    // approximation summed key by key.
    constexpr int keys = 300000;
    constexpr double zipf = 0.9;
    constexpr double capacity = 5000;
    std::vector<double> p(keys);
    double norm = 0;
    for (int i = 0; i < keys; ++i)
        norm += p[static_cast<std::size_t>(i)] = std::pow(i + 1.0, -zipf);
    const auto filled = [&](double t) {
        double sum = 0;
        for (const double pi : p)
            sum += -std::expm1(-pi / norm * t);
        return sum;
    };
    double lo = capacity;
    double hi = capacity * 1e4;
    for (int i = 0; i < 60; ++i) {
        const double mid = std::sqrt(lo * hi);
        (filled(mid) < capacity ? lo : hi) = mid;
    }
    double exact = 0;
    for (const double pi : p)
        exact += pi / norm * -std::expm1(-pi / norm * lo);

    Model m = loadExample(QStringLiteral("lru-zipf"));
    m.components[0].parameters.insert(
        QStringLiteral("keys"),
        QJsonObject{{QStringLiteral("count"), keys}, {QStringLiteral("zipf"), zipf}});
    m.components[m.indexOf(QStringLiteral("cache"))].parameters.insert(QStringLiteral("capacity"),
                                                                       capacity);
    const double hit = estimateOf(analyze(m), QStringLiteral("cache"))->hitRatio;
    QVERIFY2(std::abs(hit - exact) < 1e-4,
             qPrintable(QStringLiteral("%1 vs %2").arg(hit).arg(exact)));
}

void TestAnalysis::geoDnsKeepsClientsInTheirRegion()
{
    const QByteArray json = R"({
      "format": "scalelab-model", "version": 1, "name": "two regions",
      "regions": [{"id": "us"}, {"id": "eu"}],
      "components": [
        {"id": "users-us", "type": "client", "region": "us", "rate_rps": 300},
        {"id": "users-eu", "type": "client", "region": "eu", "rate_rps": 100},
        {"id": "dns", "type": "dns"},
        {"id": "web-us", "type": "web_server", "region": "us", "count": 2},
        {"id": "web-eu", "type": "web_server", "region": "eu", "count": 2}
      ],
      "links": [{"from": "users-us", "to": "dns"}, {"from": "users-eu", "to": "dns"},
                {"from": "dns", "to": "web-us"}, {"from": "dns", "to": "web-eu"}]
    })";
    const LoadResult loaded = parseModel(json);
    QVERIFY2(loaded.ok(), qPrintable(loaded.message()));
    Model m = *loaded.model;
    Analysis analysis = analyze(m);
    QCOMPARE(estimateOf(analysis, QStringLiteral("web-us"))->arrivalRps, 300.0);
    QCOMPARE(estimateOf(analysis, QStringLiteral("web-eu"))->arrivalRps, 100.0);
    QVERIFY(analysis.spof.isEmpty());

    m.components[2].parameters.insert(QStringLiteral("policy"), QStringLiteral("round_robin"));
    analysis = analyze(m);
    QCOMPARE(estimateOf(analysis, QStringLiteral("web-us"))->arrivalRps, 200.0);
    QCOMPARE(estimateOf(analysis, QStringLiteral("web-eu"))->arrivalRps, 200.0);
}

void TestAnalysis::emptyModel()
{
    const Model m;
    const Analysis analysis = analyze(m, 100.0);
    QVERIFY(analysis.estimates.isEmpty());
    QVERIFY(analysis.bottleneck.isEmpty());
    QCOMPARE(analysis.offeredRps, 0.0);
    const QJsonObject json = toJson(analysis, m);
    QVERIFY(json.value(QStringLiteral("bottleneck"))
                .toObject()
                .value(QStringLiteral("component"))
                .isNull());
}

void TestAnalysis::capstoneIsFast()
{
    const Model m = loadExample(QStringLiteral("capstone"));
    QVERIFY(!m.components.isEmpty());
    QElapsedTimer timer;
    timer.start();
    const Analysis analysis = analyze(m);
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(elapsed < 500, qPrintable(QStringLiteral("%1 ms").arg(elapsed)));
    QCOMPARE(analysis.offeredRps, 1e6);
    QCOMPARE(analysis.estimates.size(), m.components.size());
    QVERIFY(analysis.unreachable.isEmpty());
    QVERIFY(analysis.cycles.isEmpty());
    QVERIFY(!analysis.bottleneck.isEmpty());
    const ComponentEstimate *cdn = estimateOf(analysis, QStringLiteral("cdn"));
    const ComponentEstimate *cache = estimateOf(analysis, QStringLiteral("cache"));
    QVERIFY(cdn->hitRatio > 0 && cdn->hitRatio < 1);
    QVERIFY(cache->hitRatio > 0 && cache->hitRatio < 1);
    QVERIFY(std::abs(cdn->arrivalRps - 500000) < 1e-3);
    // Replicated shards, redundant web tiers and workers are no single points of failure.
    for (const QString &id :
         {QStringLiteral("web-us"), QStringLiteral("web-eu"), QStringLiteral("shard-1"),
          QStringLiteral("workers"), QStringLiteral("monitor"), QStringLiteral("users-us")})
        QVERIFY2(!analysis.spof.contains(id), qPrintable(id));
    qInfo().noquote() << elapsed << "ms:" << analysis.explanation;
}

QTEST_GUILESS_MAIN(TestAnalysis)
#include "tst_analysis.moc"
