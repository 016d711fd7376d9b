// Regions, DNS and CDN from model files: the loader, the builder and the engine together. Geo DNS
// keeps each region's users at home; a failed region costs errors until the users' cached answers
// run out; a partition costs nothing until traffic has to cross it, and then fails every
// crossing until it heals; a CDN sends only its misses to the origin.

#include "model_test_support.h"

#include "model/model_json.h"
#include "model/simulation_builder.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace scalelab::model;
using namespace scalelab::testing;
namespace sim = scalelab::sim;

namespace {

// Two regions 40 ms apart, 200 requests/s of reads from each, a geo DNS with a 10 s TTL in
// front of one balancer and web server per region.
QByteArray twoRegions(const QByteArray &events)
{
    return R"({
      "format": "scalelab-model", "version": 1, "name": "two regions",
      "regions": [{"id": "us"}, {"id": "eu"}],
      "region_latency_ms": [{"a": "us", "b": "eu", "ms": 40}],
      "components": [
        {"id": "users-us", "type": "client", "region": "us", "rate_rps": 200, "users": 10000},
        {"id": "users-eu", "type": "client", "region": "eu", "rate_rps": 200, "users": 10000},
        {"id": "dns", "type": "dns", "ttl_s": 10},
        {"id": "lb-us", "type": "load_balancer", "region": "us"},
        {"id": "web-us", "type": "web_server", "region": "us", "cores": 32, "service_ms": 2},
        {"id": "lb-eu", "type": "load_balancer", "region": "eu"},
        {"id": "web-eu", "type": "web_server", "region": "eu", "cores": 32, "service_ms": 2}
      ],
      "links": [{"from": "users-us", "to": "dns"}, {"from": "users-eu", "to": "dns"},
                {"from": "dns", "to": "lb-us"}, {"from": "dns", "to": "lb-eu"},
                {"from": "lb-us", "to": "web-us"}, {"from": "lb-eu", "to": "web-eu"}],
      "scenario": {"duration_s": 60, "warmup_s": 0, "seed": 5, "events": )" +
           events + "}}";
}

sim::RunResults runJson(const QByteArray &json)
{
    return runScenario(loadRunnableModel(json), 1);
}

} // namespace

class TestRegions : public QObject {
    Q_OBJECT

private slots:
    void regionsDnsAndPartitions_data();
    void regionsDnsAndPartitions();
    void cdnSendsOnlyMissesToTheOrigin();
};

void TestRegions::regionsDnsAndPartitions_data()
{
    QTest::addColumn<QByteArray>("events");
    QTest::addColumn<double>("usErrors");
    QTest::addColumn<double>("usLatencyMs"); // over the whole run
    const QByteArray fail = R"({"at_s": 20, "action": "fail", "target": "lb-us"})";
    const QByteArray partition = R"({"at_s": 35, "action": "partition", "a": "us", "b": "eu"})";
    const QByteArray heal = R"({"at_s": 45, "action": "heal", "target": "eu", "with": "us"})";
    QTest::newRow("calm") << QByteArray("[]") << 0.0 << 2.0;
    // Nobody crosses between the regions: cutting them apart costs nothing.
    QTest::newRow("partition only") << "[" + partition + "," + heal + "]" << 0.0 << 2.0;
    // 200/s x 10 s / 2 while the cached answers run out. Of the 11000 requests that succeed,
    // 7000 go to eu and back (80 ms): the 6000 after 30 s and the 1000 that moved before.
    QTest::newRow("us balancer fails") << "[" + fail + "]" << 1000.0 << 2.0 + 80.0 * 7 / 11;
    // Now the us users cross: the 10 s partition fails all of their 2000 requests.
    QTest::newRow("us balancer fails, then a partition")
        << "[" + fail + "," + partition + "," + heal + "]" << 3000.0 << -1.0;
}

void TestRegions::regionsDnsAndPartitions()
{
    QFETCH(QByteArray, events);
    QFETCH(double, usErrors);
    QFETCH(double, usLatencyMs);
    const sim::RunResults r = runJson(twoRegions(events));
    const double errors = metric(r, "users-us", "errors");
    qInfo("us errors %.0f (expected %.0f), us latency %.1f ms", errors, usErrors,
          metric(r, "users-us", "latency_ms.mean"));
    if (usErrors == 0)
        QCOMPARE(errors, 0.0);
    else
        QVERIFY2(std::abs(errors - usErrors) < 0.1 * usErrors, qPrintable(QString::number(errors)));
    QCOMPARE(metric(r, "users-eu", "errors"), 0.0);
    QVERIFY(std::abs(metric(r, "users-eu", "latency_ms.mean") - 2.0) < 0.05);
    if (usLatencyMs > 0)
        QVERIFY2(std::abs(metric(r, "users-us", "latency_ms.mean") - usLatencyMs) <
                     0.05 * usLatencyMs,
                 qPrintable(QString::number(metric(r, "users-us", "latency_ms.mean"))));
    // The DNS sent every request somewhere and accounts for each.
    QCOMPARE(metric(r, "dns", "answers.lb-us") + metric(r, "dns", "answers.lb-eu"),
             metric(r, "dns", "arrivals"));
}

void TestRegions::cdnSendsOnlyMissesToTheOrigin()
{
    // Static objects through a CDN of 1000 objects; its origin is a balancer and a web server.
    // The run also flushes the CDN (a scenario action it accepts) 20 s before the end.
    const auto model = [](const QByteArray &events) {
        return R"({
          "format": "scalelab-model", "version": 1, "name": "cdn",
          "components": [
            {"id": "users", "type": "client", "rate_rps": 2000, "mix": {"static": 1},
             "keys": {"count": 10000, "zipf": 0.8}},
            {"id": "cdn", "type": "cdn", "capacity": 1000},
            {"id": "lb", "type": "load_balancer"},
            {"id": "web", "type": "web_server", "cores": 64, "service_ms": 1}
          ],
          "links": [{"from": "users", "to": "cdn"}, {"from": "cdn", "to": "lb"},
                    {"from": "lb", "to": "web"}],
          "scenario": {"duration_s": 60, "warmup_s": 20, "seed": 2, "events": )" +
               events + "}}";
    };
    const sim::RunResults calm = runJson(model("[]"));
    const double misses = metric(calm, "cdn", "misses");
    QVERIFY(std::abs(metric(calm, "web", "arrivals") - misses) <= 5);
    // Che's approximation for these figures gives 0.437.
    QVERIFY2(std::abs(metric(calm, "cdn", "hit_ratio") - 0.437) < 0.01,
             qPrintable(QString::number(metric(calm, "cdn", "hit_ratio"))));
    QCOMPARE(metric(calm, "cdn", "keys_held"), 1000.0);
    // hit_ms is 5 ms; a miss adds the origin's 1 ms.
    QVERIFY(std::abs(metric(calm, "users", "latency_ms.mean") - (5 * 0.437 + 1 * 0.563)) < 0.1);

    const sim::RunResults flushed =
        runJson(model(R"([{"at_s": 40, "action": "flush", "target": "cdn"}])"));
    qInfo("misses %.0f, with a flush %.0f", misses, metric(flushed, "cdn", "misses"));
    // The users ask for the same objects in both runs (the client's own random stream): the
    // extra misses are the hot objects fetched again after the flush. Cold ones would have been
    // evicted anyway, so the flush costs a few hundred misses, not a thousand.
    QVERIFY(metric(flushed, "cdn", "misses") > misses + 100);
    QVERIFY(std::abs(metric(flushed, "web", "arrivals") - metric(flushed, "cdn", "misses")) <= 5);
}

QTEST_GUILESS_MAIN(TestRegions)
#include "tst_regions.moc"
