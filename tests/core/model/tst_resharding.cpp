// What `analyze` says about a shard router: the share of keys each strategy would move if a shard
// were added (computed with the engine's own mapping), and the load each shard gets from the
// real mapping of the popular keys, checked against a run of the same model.

#include "model/analysis.h"
#include "model/model_json.h"
#include "model/results_json.h"
#include "model/simulation_builder.h"

#include <QtTest>

#include <cmath>

using namespace scalelab::model;

namespace {

// users -> web -> router -> `shards` databases, keys with the given skew.
Model sharded(const QString &strategy, double zipf, int shards, const QString &shardKey = "key")
{
    QString components = QStringLiteral(
                             R"({"id": "users", "type": "client", "rate_rps": 2000, "users": 20000,
            "mix": {"read": 0.8, "write": 0.2}, "keys": {"count": 100000, "zipf": %1}},
           {"id": "web", "type": "web_server", "count": 4, "cores": 4, "service_ms": 1},
           {"id": "router", "type": "shard_router", "strategy": "%2", "shard_key": "%3"})")
                             .arg(zipf)
                             .arg(strategy, shardKey);
    QString links = QStringLiteral(R"({"from": "users", "to": "web"},
                                      {"from": "web", "to": "router"})");
    for (int i = 1; i <= shards; ++i) {
        components += QStringLiteral(R"(, {"id": "s%1", "type": "database", "cores": 16})").arg(i);
        links += QStringLiteral(R"(, {"from": "router", "to": "s%1"})").arg(i);
    }
    const QString json = QStringLiteral(R"({"format": "scalelab-model", "version": 1,
        "name": "Sharded", "components": [%1], "links": [%2],
        "scenario": {"duration_s": 20, "warmup_s": 2, "seed": 3}})")
                             .arg(components, links);
    const LoadResult result = parseModel(json.toUtf8());
    if (!result.ok())
        qWarning().noquote() << result.message();
    return result.model.value_or(Model{});
}

} // namespace

class TestResharding : public QObject {
    Q_OBJECT

private slots:
    void movedShareIfOneAdded_data();
    void movedShareIfOneAdded();
    void shardLoadFollowsTheKeys_data();
    void shardLoadFollowsTheKeys();
};

void TestResharding::movedShareIfOneAdded_data()
{
    QTest::addColumn<int>("shards");
    QTest::newRow("2 shards") << 2;
    QTest::newRow("4 shards") << 4;
    QTest::newRow("8 shards") << 8;
}

void TestResharding::movedShareIfOneAdded()
{
    QFETCH(int, shards);
    const Model m = sharded(QStringLiteral("consistent_hash"), 0.9, shards);
    QVERIFY(!m.components.isEmpty());
    const QJsonObject r = toJson(analyze(m), m)
                              .value(QLatin1String("resharding"))
                              .toObject()
                              .value(QLatin1String("router"))
                              .toObject();
    QCOMPARE(r.value(QLatin1String("shards")).toInt(), shards);
    const QJsonObject moved = r.value(QLatin1String("moved_share_if_one_added")).toObject();
    const double n = shards;
    // hash_mod keeps a key only when h mod n = h mod (n + 1); the ring gives the new shard about
    // 1/(n + 1) (100 points a shard: about 10 % either way); equal ranges all shift, keeping half.
    QVERIFY(std::abs(moved.value(QLatin1String("hash_mod")).toDouble() - n / (n + 1)) < 0.01);
    QVERIFY(std::abs(moved.value(QLatin1String("consistent_hash")).toDouble() - 1 / (n + 1)) <
            0.35 / (n + 1));
    QVERIFY(std::abs(moved.value(QLatin1String("range")).toDouble() - 0.5) < 0.001);
}

void TestResharding::shardLoadFollowsTheKeys_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<double>("zipf");
    QTest::addColumn<QString>("shardKey");
    QTest::newRow("hash_mod, hot keys")
        << QStringLiteral("hash_mod") << 1.2 << QStringLiteral("key");
    QTest::newRow("hash_mod, uniform")
        << QStringLiteral("hash_mod") << 0.0 << QStringLiteral("key");
    QTest::newRow("consistent_hash, hot")
        << QStringLiteral("consistent_hash") << 1.2 << QStringLiteral("key");
    QTest::newRow("range, zipf 0.8") << QStringLiteral("range") << 0.8 << QStringLiteral("key");
    QTest::newRow("by user, hot keys")
        << QStringLiteral("hash_mod") << 1.2 << QStringLiteral("user");
}

void TestResharding::shardLoadFollowsTheKeys()
{
    QFETCH(QString, strategy);
    QFETCH(double, zipf);
    QFETCH(QString, shardKey);
    const Model m = sharded(strategy, zipf, 4, shardKey);
    QVERIFY(!m.components.isEmpty());
    const Analysis analysis = analyze(m);
    const QJsonObject predicted = toJson(analysis, m)
                                      .value(QLatin1String("resharding"))
                                      .toObject()
                                      .value(QLatin1String("router"))
                                      .toObject();
    const QJsonObject share = predicted.value(QLatin1String("load_share")).toObject();
    const QJsonObject run =
        resultsToJson(runModel(m, resolveSettings(m, {}, nullptr)), m, analysis.spof)
            .value(QLatin1String("components"))
            .toObject();
    const double total =
        run.value(QLatin1String("router")).toObject().value(QLatin1String("arrivals")).toDouble();
    QVERIFY(total > 30000);
    for (int i = 1; i <= 4; ++i) {
        const QString id = QStringLiteral("s%1").arg(i);
        const double measured =
            run.value(id).toObject().value(QLatin1String("arrivals")).toDouble() / total;
        const double expected = share.value(id).toDouble();
        // The estimate's arrival rate at the shard is the router's times its share.
        const double arrivalRps = analysis.estimates.at(2 + i).arrivalRps;
        QVERIFY(std::abs(arrivalRps - expected * 2000) < 1e-6 * 2000);
        // Binomial noise over ~36 000 requests: about 0.25 % of the total.
        QVERIFY2(std::abs(measured - expected) < 0.01,
                 qPrintable(QStringLiteral("%1: measured %2, predicted %3")
                                .arg(id)
                                .arg(measured)
                                .arg(expected)));
    }
    const double imbalance = predicted.value(QLatin1String("imbalance")).toDouble();
    // A hot key makes a hot shard in the estimate too, unless the shard is chosen by user.
    if (zipf >= 1.2 && shardKey == QLatin1String("key"))
        QVERIFY2(imbalance > 1.3, qPrintable(QString::number(imbalance)));
    else if (zipf == 0 || shardKey == QLatin1String("user"))
        QVERIFY2(imbalance < 1.05, qPrintable(QString::number(imbalance)));
}

QTEST_GUILESS_MAIN(TestResharding)
#include "tst_resharding.moc"
