// The monthly cost: the price table built into the library, a price for every component type,
// costs that grow with what is bought (instances, cores, memory, requests), the capstone's total,
// and cost_per_month in the results of run and analyze.

#include "model/analysis.h"
#include "model/cost.h"
#include "model/model_json.h"
#include "model/parameter_table.h"
#include "model/results_json.h"
#include "model/simulation_builder.h"

#include <QFile>
#include <QJsonDocument>
#include <QtTest>

#include <cmath>

using namespace scalelab::model;

namespace {

Component component(ComponentKind kind, const QJsonObject &parameters = {})
{
    Component c;
    c.id = QStringLiteral("x");
    c.kind = kind;
    c.parameters = parameters;
    return c;
}

Model parse(const char *json)
{
    const LoadResult result = parseModel(QByteArray(json));
    if (!result.ok())
        qWarning().noquote() << result.message();
    return result.model.value_or(Model{});
}

// users -> web (2 instances x 2 cores) -> db (4 cores): 2 x (35 + 2 x 35) + 50 + 4 x 90 = 620.
const char *kSmall = R"({"format": "scalelab-model", "version": 1, "name": "Small",
  "components": [
    {"id": "users", "type": "client", "rate_rps": 100, "mix": {"read": 0.8, "write": 0.2}},
    {"id": "web", "type": "web_server", "count": 2, "cores": 2},
    {"id": "db", "type": "database", "cores": 4}],
  "links": [{"from": "users", "to": "web"}, {"from": "web", "to": "db"}],
  "scenario": {"duration_s": 5, "warmup_s": 1}})";

} // namespace

class TestCost : public QObject {
    Q_OBJECT

private slots:
    void tableLoads();
    void everyTypeHasAPrice();
    void costGrowsWithWhatIsBought_data();
    void costGrowsWithWhatIsBought();
    void capstoneCostsAPlausibleSum();
    void singleServerCostsWhatTheContractShows();
    void resultsAndAnalysisCarryTheCost();
};

void TestCost::tableLoads()
{
    // Compiled into the library: installed binaries do not need the source tree.
    QVERIFY(QFile::exists(QStringLiteral(":/scalelab/prices.json")));
    QString error;
    const PriceTable *table = PriceTable::builtIn(&error);
    QVERIFY2(table, qPrintable(error));
    QVERIFY(!table->notes().isEmpty());
    QCOMPARE(table->secondsPerMonth(), 30.0 * 86400);

    QVERIFY(!PriceTable::fromJson("{\"format\": \"other\"}", &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!PriceTable::fromJson("{broken", &error));
}

void TestCost::everyTypeHasAPrice()
{
    const PriceTable *table = PriceTable::builtIn();
    QVERIFY(table);
    for (const ComponentKindSpec *spec : componentKinds()) {
        const QString type = kindName(spec->kind);
        QVERIFY2(table->prices(type), qPrintable(type));
        const double cost = table->monthlyCost(component(spec->kind), Usage{100, {}});
        QVERIFY2(std::isfinite(cost) && cost >= 0, qPrintable(type));
        // Everything but the users' own devices costs something.
        if (spec->kind != ComponentKind::Client)
            QVERIFY2(cost > 0, qPrintable(type));
    }
}

void TestCost::costGrowsWithWhatIsBought_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QJsonObject>("small");
    QTest::addColumn<QJsonObject>("large");
    QTest::addColumn<double>("smallRps");
    QTest::addColumn<double>("largeRps");
    QTest::newRow("web instances") << QStringLiteral("web_server") << QJsonObject{{"count", 1}}
                                   << QJsonObject{{"count", 4}} << 0.0 << 0.0;
    QTest::newRow("web cores") << QStringLiteral("web_server") << QJsonObject{{"cores", 1}}
                               << QJsonObject{{"cores", 8}} << 0.0 << 0.0;
    QTest::newRow("database cores") << QStringLiteral("database") << QJsonObject{{"cores", 4}}
                                    << QJsonObject{{"cores", 16}} << 0.0 << 0.0;
    QTest::newRow("worker instances") << QStringLiteral("worker") << QJsonObject{{"count", 1}}
                                      << QJsonObject{{"count", 10}} << 0.0 << 0.0;
    QTest::newRow("cache memory") << QStringLiteral("cache") << QJsonObject{{"capacity", 1000000}}
                                  << QJsonObject{{"capacity", 100000000}} << 0.0 << 0.0;
    QTest::newRow("cache cores") << QStringLiteral("cache")
                                 << QJsonObject{{"capacity", 1000}, {"cores", 1}}
                                 << QJsonObject{{"capacity", 1000}, {"cores", 4}} << 0.0 << 0.0;
    QTest::newRow("cdn requests") << QStringLiteral("cdn") << QJsonObject{} << QJsonObject{} << 10.0
                                  << 10000.0;
    QTest::newRow("dns queries") << QStringLiteral("dns") << QJsonObject{} << QJsonObject{} << 10.0
                                 << 10000.0;
    QTest::newRow("queue jobs") << QStringLiteral("queue") << QJsonObject{} << QJsonObject{} << 1.0
                                << 1000.0;
}

void TestCost::costGrowsWithWhatIsBought()
{
    QFETCH(QString, type);
    QFETCH(QJsonObject, small);
    QFETCH(QJsonObject, large);
    QFETCH(double, smallRps);
    QFETCH(double, largeRps);
    const PriceTable *table = PriceTable::builtIn();
    QVERIFY(table);
    const ComponentKind kind = *kindNamed(type);
    const double a = table->monthlyCost(component(kind, small), Usage{smallRps, {}});
    const double b = table->monthlyCost(component(kind, large), Usage{largeRps, {}});
    QVERIFY2(b > a, qPrintable(QStringLiteral("%1 -> %2").arg(a).arg(b)));
    // Twice the same thing costs the same again (no hidden discount in the table).
    if (kind == ComponentKind::WebServer && large.contains(QLatin1String("count")))
        QCOMPARE(b, 4 * a);
}

void TestCost::capstoneCostsAPlausibleSum()
{
    const LoadResult loaded = loadModelFile(QStringLiteral(SCALELAB_TEST_DATA "/capstone.json"));
    QVERIFY2(loaded.ok(), qPrintable(loaded.message()));
    QString error;
    const double cost = monthlyCost(*loaded.model, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // 68 web servers of 8 cores, 8 databases of 32 cores, 30 workers, a CDN serving 500 000
    // requests a second: tens of thousands for the machines, about a million at list price for
    // the CDN's requests. Well above a hobby site, well below a fortune.
    qInfo("capstone: %.0f USD a month", cost);
    QVERIFY(cost > 200000);
    QVERIFY(cost < 5000000);
    const Analysis analysis = analyze(*loaded.model);
    double machines = 0;
    for (const ComponentEstimate &e : analysis.estimates)
        if (e.kind == ComponentKind::WebServer || e.kind == ComponentKind::Database ||
            e.kind == ComponentKind::Worker)
            machines += e.costPerMonth;
    // 68 x (35 + 8 x 35) + 8 x (50 + 32 x 90) + 30 x (35 + 8 x 35)
    QCOMPARE(machines, 68 * 315.0 + 8 * 2930.0 + 30 * 315.0);
}

void TestCost::singleServerCostsWhatTheContractShows()
{
    // docs/model.md's results example: one single-core web server, "cost_per_month": 70.
    const LoadResult loaded = loadModelFile(QStringLiteral(SCALELAB_TEST_DATA "/mm1.json"));
    QVERIFY2(loaded.ok(), qPrintable(loaded.message()));
    QCOMPARE(monthlyCost(*loaded.model), 70.0);
}

void TestCost::resultsAndAnalysisCarryTheCost()
{
    const Model m = parse(kSmall);
    QVERIFY(!m.components.isEmpty());
    constexpr double expected = 2 * (35 + 2 * 35) + 50 + 4 * 90;

    const Analysis analysis = analyze(m);
    const QJsonObject a = toJson(analysis, m);
    QVERIFY(a.value(QLatin1String("cost_per_month")).isDouble());
    QCOMPARE(a.value(QLatin1String("cost_per_month")).toDouble(), expected);
    const QJsonObject components = a.value(QLatin1String("components")).toObject();
    double sum = 0;
    for (const QJsonValue &c : components)
        sum += c.toObject().value(QLatin1String("cost_per_month")).toDouble(-1e9);
    QCOMPARE(sum, expected);
    QCOMPARE(components.value(QLatin1String("db"))
                 .toObject()
                 .value(QLatin1String("cost_per_month"))
                 .toDouble(),
             50 + 4 * 90.0);

    QList<Problem> problems;
    const RunSettings settings = resolveSettings(m, {}, &problems);
    QVERIFY(problems.isEmpty());
    const QJsonObject r = resultsToJson(runModel(m, settings), m, analysis.spof);
    QVERIFY(r.value(QLatin1String("cost_per_month")).isDouble());
    QCOMPARE(r.value(QLatin1String("cost_per_month")).toDouble(), expected);

    // A request-priced component: the run prices what it measured, the analysis what it
    // predicts, and both agree on a CDN that takes every request.
    const Model withCdn = parse(R"({"format": "scalelab-model", "version": 1, "name": "CDN",
      "components": [
        {"id": "users", "type": "client", "rate_rps": 1000, "mix": {"static": 1}},
        {"id": "cdn", "type": "cdn", "capacity": 100000}],
      "links": [{"from": "users", "to": "cdn"}],
      "scenario": {"duration_s": 20, "warmup_s": 2}})");
    QVERIFY(!withCdn.components.isEmpty());
    const double predicted =
        toJson(analyze(withCdn), withCdn).value(QLatin1String("cost_per_month")).toDouble();
    // 1000 rps x 2 592 000 s = 2 592 million requests at 0.75, plus 10 GB of edge storage.
    QCOMPARE(predicted, 2592 * 0.75 + 10 * 0.1);
    const QJsonObject run =
        resultsToJson(runModel(withCdn, resolveSettings(withCdn, {}, nullptr)), withCdn, {});
    const double measured = run.value(QLatin1String("cost_per_month")).toDouble();
    QVERIFY2(std::abs(measured - predicted) / predicted < 0.03,
             qPrintable(QStringLiteral("%1 vs %2").arg(measured).arg(predicted)));
}

QTEST_GUILESS_MAIN(TestCost)
#include "tst_cost.moc"
