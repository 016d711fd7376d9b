// The monitor through the model file: it samples other components every second, over the last
// five seconds for windowed metrics, fires an alert while a metric is above its threshold and
// clears it when it falls back, and reports every sample as a series. Each test shows the alert
// with its cause and its absence without it.

#include "model_test_support.h"

#include "model/model_json.h"
#include "model/results_json.h"
#include "model/simulation_builder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace scalelab::model;
using namespace scalelab::testing;

namespace {

// users -> web (1 core, 10 ms exponential: 100 rps of capacity) at 50 rps, `profile` (a JSON
// list) changing the rate; the monitor watches web's p99 (above 250 ms) and utilisation (above
// 0.9). Over 5 s at utilisation 0.5 the p99 is about 92 ms and the utilisation 0.5 +- 0.05.
QJsonObject runOverload(const QString &profile)
{
    return runComponents(QStringLiteral(R"({"name": "monitor", "components": [
        {"id": "users", "type": "client", "rate_rps": 50, "profile": %1},
        {"id": "web", "type": "web_server", "cores": 1,
         "service_ms": {"dist": "exponential", "mean": 10}},
        {"id": "mon", "type": "monitor", "alerts": [
            {"metric": "p99_ms", "component": "web", "above": 250},
            {"metric": "utilization", "component": "web", "above": 0.9},
            {"metric": "throughput_rps", "component": "web", "above": 1000}]}],
      "links": [{"from": "users", "to": "web"}],
      "scenario": {"duration_s": 240, "warmup_s": 10, "seed": 1}})")
                             .arg(profile)
                             .toUtf8());
}

QJsonObject monitor(const QJsonObject &components)
{
    return components.value(QStringLiteral("mon")).toObject();
}

QList<QJsonObject> alertsOn(const QJsonObject &components, const QString &metric)
{
    QList<QJsonObject> out;
    for (const QJsonValue &v : monitor(components).value(QStringLiteral("alerts")).toArray())
        if (v.toObject().value(QStringLiteral("metric")).toString() == metric)
            out.append(v.toObject());
    return out;
}

QJsonArray series(const QJsonObject &components, const char *component, const char *metric)
{
    return monitor(components)
        .value(QStringLiteral("metrics"))
        .toObject()
        .value(QLatin1String(component))
        .toObject()
        .value(QLatin1String(metric))
        .toArray();
}

const QString kOverload =
    QStringLiteral(R"([{"at_s": 60, "rate_rps": 120}, {"at_s": 120, "rate_rps": 50}])");

} // namespace

class TestMonitor : public QObject {
    Q_OBJECT

private slots:
    void p99AlertFiresDuringTheOverload();
    void utilizationAlertFiresDuringTheOverload();
    void errorRateAlertFiresWhenAnInstanceFails();
    void instancesGaugeFollowsTheAutoscaler();
    void replicationLagGaugeFollowsTheShippingDelay();
    void seriesHaveOneSamplePerSecond();
};

void TestMonitor::p99AlertFiresDuringTheOverload()
{
    // 120 rps against 100 rps of capacity from 60 s to 120 s: the queue grows by 20 requests a
    // second (0.2 s more waiting each second), so the p99 passes 250 ms within a few seconds.
    // From 120 s the 1200 queued requests drain at 50 a second, about 24 s, and the five-second
    // window forgets them a few seconds later.
    const QJsonObject c = runOverload(kOverload);
    const QList<QJsonObject> alerts = alertsOn(c, QStringLiteral("p99_ms"));
    QCOMPARE(alerts.size(), 1);
    const double fired = alerts[0].value(QStringLiteral("fired_at_s")).toDouble();
    QVERIFY2(fired > 60 && fired <= 70, qPrintable(QString::number(fired)));
    QVERIFY(alerts[0].contains(QStringLiteral("cleared_at_s")));
    const double cleared = alerts[0].value(QStringLiteral("cleared_at_s")).toDouble();
    QVERIFY2(cleared > 130 && cleared <= 170, qPrintable(QString::number(cleared)));
    // The peak is the worst p99 seen: requests that waited through most of the backlog.
    QVERIFY(alerts[0].value(QStringLiteral("peak")).toDouble() > 5000);

    // Without the overload nothing fires, and the samples stay well under the threshold.
    const QJsonObject calm = runOverload(QStringLiteral("[]"));
    QCOMPARE(monitor(calm).value(QStringLiteral("alerts_fired")).toInt(), 0);
    for (const QJsonValue &v : series(calm, "web", "p99_ms"))
        QVERIFY(v.toArray().at(1).toDouble() < 250);
}

void TestMonitor::utilizationAlertFiresDuringTheOverload()
{
    const QJsonObject c = runOverload(kOverload);
    const QList<QJsonObject> alerts = alertsOn(c, QStringLiteral("utilization"));
    QCOMPARE(alerts.size(), 1);
    const double fired = alerts[0].value(QStringLiteral("fired_at_s")).toDouble();
    const double cleared = alerts[0].value(QStringLiteral("cleared_at_s")).toDouble();
    // The 5 s mean passes 0.9 once most of its window is overloaded; the core stays busy until
    // the backlog is gone.
    QVERIFY2(fired > 60 && fired <= 66, qPrintable(QString::number(fired)));
    QVERIFY2(cleared > 135 && cleared <= 170, qPrintable(QString::number(cleared)));
    QCOMPARE(alerts[0].value(QStringLiteral("peak")).toDouble(), 1.0);
    for (const QJsonValue &v : series(c, "web", "utilization"))
        QVERIFY(v.toArray().at(1).toDouble() <= 1 + 1e-9);
    // Throughput never approached its absurd threshold.
    QVERIFY(alertsOn(c, QStringLiteral("throughput_rps")).isEmpty());

    QVERIFY(alertsOn(runOverload(QStringLiteral("[]")), QStringLiteral("utilization")).isEmpty());
}

void TestMonitor::errorRateAlertFiresWhenAnInstanceFails()
{
    // Two instances behind round robin; instance 1 fails at 60 s. Half the requests fail until
    // the balancer's health checks (5 s, 2 misses) take it out, at most 10 s later; the 5 s
    // window then empties of errors.
    const QString model = QStringLiteral(R"({"name": "errors", "components": [
        {"id": "users", "type": "client", "rate_rps": 100},
        {"id": "lb", "type": "load_balancer"},
        {"id": "web", "type": "web_server", "count": 2, "cores": 1, "service_ms": 2},
        {"id": "mon", "type": "monitor", "alerts": [
            {"metric": "error_rate", "component": "web", "above": 0.1}]}],
      "links": [{"from": "users", "to": "lb"}, {"from": "lb", "to": "web"}],
      "scenario": {"duration_s": 120, "warmup_s": 10, "seed": 1, "events": %1}})");
    const QJsonObject c =
        runComponents(model
                          .arg(QStringLiteral(R"([{"at_s": 60, "action": "fail", "target": "web",
                                      "instance": 1}])"))
                          .toUtf8());
    const QList<QJsonObject> alerts = alertsOn(c, QStringLiteral("error_rate"));
    QCOMPARE(alerts.size(), 1);
    const double fired = alerts[0].value(QStringLiteral("fired_at_s")).toDouble();
    const double cleared = alerts[0].value(QStringLiteral("cleared_at_s")).toDouble();
    QVERIFY2(fired > 60 && fired <= 62, qPrintable(QString::number(fired)));
    QVERIFY2(cleared > 64 && cleared <= 76, qPrintable(QString::number(cleared)));
    // Half the requests failed while it fired: 250 answers in a full window, sd of the share
    // about 0.03.
    const double peak = alerts[0].value(QStringLiteral("peak")).toDouble();
    QVERIFY2(peak > 0.35 && peak < 0.65, qPrintable(QString::number(peak)));

    const QJsonObject healthy = runComponents(model.arg(QStringLiteral("[]")).toUtf8());
    QCOMPARE(monitor(healthy).value(QStringLiteral("alerts_fired")).toInt(), 0);
    for (const QJsonValue &v : series(healthy, "web", "error_rate"))
        QCOMPARE(v.toArray().at(1).toDouble(), 0.0);
}

void TestMonitor::instancesGaugeFollowsTheAutoscaler()
{
    // An autoscaled tier stepped from 200 to 800 rps at 100 s: the gauge reads the running
    // instance count, which the tier's own instances_over_time records at every change.
    const QJsonObject c = runComponents(QByteArrayLiteral(R"({"name": "gauge", "components": [
        {"id": "users", "type": "client", "rate_rps": 200,
         "profile": [{"at_s": 100, "rate_rps": 800}]},
        {"id": "lb", "type": "load_balancer", "algorithm": "least_connections"},
        {"id": "web", "type": "web_server", "count": 2, "cores": 2,
         "service_ms": {"dist": "exponential", "mean": 10},
         "autoscale": {"min": 2, "max": 10, "target_utilization": 0.6, "boot_s": 30}},
        {"id": "mon", "type": "monitor", "alerts": [
            {"metric": "instances", "component": "web", "above": 5}]}],
      "links": [{"from": "users", "to": "lb"}, {"from": "lb", "to": "web"}],
      "scenario": {"duration_s": 300, "warmup_s": 10, "seed": 1}})"));
    const QJsonArray changes = c.value(QStringLiteral("web"))
                                   .toObject()
                                   .value(QStringLiteral("instances_over_time"))
                                   .toArray();
    QVERIFY(changes.size() > 2);
    const QJsonArray samples = series(c, "web", "instances");
    QCOMPARE(samples.size(), 300); // a gauge needs no window: every second from 1 s
    int checked = 0;
    for (const QJsonValue &v : samples) {
        const double t = v.toArray().at(0).toDouble();
        int expected = -1;
        bool changesNow = false;
        for (const QJsonValue &ch : changes) {
            if (ch.toArray().at(0).toDouble() < t)
                expected = ch.toArray().at(1).toInt();
            changesNow = changesNow || ch.toArray().at(0).toDouble() == t;
        }
        if (changesNow) // a change in the same instant as the sample: either order is right
            continue;
        QCOMPARE(v.toArray().at(1).toDouble(), static_cast<double>(expected));
        ++checked;
    }
    QVERIFY(checked > 280);
    // Before the step the gauge reads 2 and the alert (above 5) waits for the scale-out.
    const QList<QJsonObject> alerts = alertsOn(c, QStringLiteral("instances"));
    QCOMPARE(alerts.size(), 1);
    QVERIFY(alerts[0].value(QStringLiteral("fired_at_s")).toDouble() > 130);
}

void TestMonitor::replicationLagGaugeFollowsTheShippingDelay()
{
    // Async replication with a constant shipping delay: the replica's latest lag is the delay
    // plus its 1 ms write; without a delay only the write remains. The primary lags nothing.
    const QString model = QStringLiteral(R"({"name": "lag", "components": [
        {"id": "users", "type": "client", "rate_rps": 200, "mix": {"read": 0.5, "write": 0.5}},
        {"id": "web", "type": "web_server", "cores": 16, "service_ms": 1},
        {"id": "db", "type": "database", "cores": 8, "read_ms": 1, "write_ms": 1,
         "replication": {"mode": "async", "delay_ms": %1}},
        {"id": "r1", "type": "database", "role": "replica", "cores": 8, "read_ms": 1,
         "write_ms": 1},
        {"id": "mon", "type": "monitor", "alerts": [
            {"metric": "replication_lag_ms", "component": "r1", "above": 20},
            {"metric": "replication_lag_ms", "component": "db", "above": 20}]}],
      "links": [{"from": "users", "to": "web"}, {"from": "web", "to": "db"},
                {"from": "db", "to": "r1", "kind": "replication"}],
      "scenario": {"duration_s": 60, "warmup_s": 10, "seed": 1}})");
    for (const double delay : {50.0, 0.0}) {
        const QJsonObject c = runComponents(model.arg(delay).toUtf8());
        const QJsonArray replica = series(c, "r1", "replication_lag_ms");
        QVERIFY(replica.size() >= 58);
        for (const QJsonValue &v : replica)
            QVERIFY2(std::abs(v.toArray().at(1).toDouble() - (delay + 1)) < 0.01,
                     qPrintable(QString::number(v.toArray().at(1).toDouble())));
        for (const QJsonValue &v : series(c, "db", "replication_lag_ms"))
            QCOMPARE(v.toArray().at(1).toDouble(), 0.0);
        QCOMPARE(alertsOn(c, QStringLiteral("replication_lag_ms")).size(), delay > 20 ? 1 : 0);
    }
}

void TestMonitor::seriesHaveOneSamplePerSecond()
{
    // Windowed metrics need two readings, so they start at 2 s; the warm-up restarts the
    // statistics at 10 s, and the sample taken in that instant (an empty window) is left out.
    const QJsonObject c = runOverload(QStringLiteral("[]"));
    for (const char *metric : {"p99_ms", "utilization", "throughput_rps"}) {
        const QJsonArray s = series(c, "web", metric);
        QVERIFY2(s.size() >= 237, metric);
        QCOMPARE(s.first().toArray().at(0).toDouble(), 2.0);
        QCOMPARE(s.last().toArray().at(0).toDouble(), 240.0);
        for (qsizetype i = 1; i < s.size(); ++i) {
            const double t = s[i].toArray().at(0).toDouble();
            const double step = t - s[i - 1].toArray().at(0).toDouble();
            QVERIFY2(step == 1 || (step == 2 && t == 11), qPrintable(QString::number(t)));
        }
    }
    // Throughput over a window that spans the restart counts only the time since it: 50 rps
    // (Poisson: over 1 s sd 7, over 5 s sd 3), not a dip towards zero.
    for (const QJsonValue &v : series(c, "web", "throughput_rps")) {
        const double t = v.toArray().at(0).toDouble();
        const double seconds = t > 10 && t < 15 ? t - 10 : std::min(t - 1, 5.0);
        QVERIFY2(
            std::abs(v.toArray().at(1).toDouble() - 50) < 5 * std::sqrt(50 / seconds),
            qPrintable(QStringLiteral("%1 rps at %2 s").arg(v.toArray().at(1).toDouble()).arg(t)));
    }
}

QTEST_GUILESS_MAIN(TestMonitor)
#include "tst_monitor.moc"
