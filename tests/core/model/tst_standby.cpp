// A standby load balancer through the model file: a balancer with `standby_for: X` takes X's
// traffic once X has failed and the standby's own health checks have noticed (unhealthy_after x
// interval_s). Until then, and without a standby until X recovers, the users get errors.

#include "model_test_support.h"

#include "model/model_json.h"
#include "model/results_json.h"
#include "model/simulation_builder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>

using namespace scalelab::model;
using namespace scalelab::testing;

namespace {

// users (100 rps) -> lb -> web (2 instances); lb fails at 50 s (and recovers at `recoverS` if
// not 0). The active balancer checks every second, so only the standby's settings can explain
// the takeover time.
QJsonObject run(bool standby, double intervalS, int unhealthyAfter, double recoverS = 0)
{
    QJsonArray components{QJsonObject{{QStringLiteral("id"), QStringLiteral("users")},
                                      {QStringLiteral("type"), QStringLiteral("client")},
                                      {QStringLiteral("rate_rps"), 100}},
                          QJsonObject{{QStringLiteral("id"), QStringLiteral("lb")},
                                      {QStringLiteral("type"), QStringLiteral("load_balancer")},
                                      {QStringLiteral("health_check"),
                                       QJsonObject{{QStringLiteral("interval_s"), 1},
                                                   {QStringLiteral("unhealthy_after"), 1}}}},
                          QJsonObject{{QStringLiteral("id"), QStringLiteral("web")},
                                      {QStringLiteral("type"), QStringLiteral("web_server")},
                                      {QStringLiteral("count"), 2},
                                      {QStringLiteral("cores"), 2},
                                      {QStringLiteral("service_ms"), 5}}};
    QJsonArray links{QJsonObject{{QStringLiteral("from"), QStringLiteral("users")},
                                 {QStringLiteral("to"), QStringLiteral("lb")}},
                     QJsonObject{{QStringLiteral("from"), QStringLiteral("lb")},
                                 {QStringLiteral("to"), QStringLiteral("web")}}};
    if (standby) {
        components.append(
            QJsonObject{{QStringLiteral("id"), QStringLiteral("lb2")},
                        {QStringLiteral("type"), QStringLiteral("load_balancer")},
                        {QStringLiteral("standby_for"), QStringLiteral("lb")},
                        {QStringLiteral("health_check"),
                         QJsonObject{{QStringLiteral("interval_s"), intervalS},
                                     {QStringLiteral("unhealthy_after"), unhealthyAfter}}}});
        links.append(QJsonObject{{QStringLiteral("from"), QStringLiteral("lb2")},
                                 {QStringLiteral("to"), QStringLiteral("web")}});
    }
    QJsonArray events{QJsonObject{{QStringLiteral("at_s"), 50},
                                  {QStringLiteral("action"), QStringLiteral("fail")},
                                  {QStringLiteral("target"), QStringLiteral("lb")}}};
    if (recoverS > 0)
        events.append(QJsonObject{{QStringLiteral("at_s"), recoverS},
                                  {QStringLiteral("action"), QStringLiteral("recover")},
                                  {QStringLiteral("target"), QStringLiteral("lb")}});
    const QJsonObject root{
        {QStringLiteral("name"), QStringLiteral("standby")},
        {QStringLiteral("components"), components},
        {QStringLiteral("links"), links},
        {QStringLiteral("scenario"), QJsonObject{{QStringLiteral("duration_s"), 120},
                                                 {QStringLiteral("warmup_s"), 10},
                                                 {QStringLiteral("seed"), 1},
                                                 {QStringLiteral("events"), events}}}};
    return runComponents(QJsonDocument(root).toJson());
}

// Requests on their way through lb when it fails are answered with errors too: at 100 rps and a
// few milliseconds each, a handful at most.
constexpr double kInFlight = 5;

} // namespace

class TestStandby : public QObject {
    Q_OBJECT

private slots:
    void standbyTakesOverAfterItsHealthChecks_data();
    void standbyTakesOverAfterItsHealthChecks();
    void withoutStandbyErrorsLastUntilRecovery();
    void noFailureNoHandover();
};

void TestStandby::standbyTakesOverAfterItsHealthChecks_data()
{
    QTest::addColumn<double>("intervalS");
    QTest::addColumn<int>("unhealthyAfter");
    QTest::newRow("5 s x 2") << 5.0 << 2;
    QTest::newRow("2 s x 3") << 2.0 << 3;
    QTest::newRow("1 s x 1") << 1.0 << 1;
}

void TestStandby::standbyTakesOverAfterItsHealthChecks()
{
    // Every request sent in the unhealthy_after x interval_s after the failure fails: a Poisson
    // count of mean 100 rps times that time. Then lb2 serves everything sent to lb.
    QFETCH(double, intervalS);
    QFETCH(int, unhealthyAfter);
    const QJsonObject c = run(true, intervalS, unhealthyAfter);
    const double outage = intervalS * unhealthyAfter;
    const double errors = at(c, "users.errors");
    const double expected = 100 * outage;
    QVERIFY2(std::abs(errors - expected) < 5 * std::sqrt(expected) + kInFlight,
             qPrintable(QStringLiteral("errors %1, expected %2").arg(errors).arg(expected)));
    // From the takeover to the end (120 s) every request goes through the standby.
    const double handed = at(c, "lb.handed_to_standby");
    const double after = 100 * (120 - 50 - outage);
    QVERIFY2(std::abs(handed - after) < 5 * std::sqrt(after) + kInFlight,
             qPrintable(QStringLiteral("handed %1, expected %2").arg(handed).arg(after)));
    QCOMPARE(at(c, "lb2.arrivals"), handed);
    QCOMPARE(at(c, "lb2.errors"), 0.0);
    QCOMPARE(at(c, "web.errors"), 0.0);
}

void TestStandby::withoutStandbyErrorsLastUntilRecovery()
{
    // No standby: every request from the failure at 50 s to the recovery at 80 s fails.
    const QJsonObject c = run(false, 5, 2, 80);
    const double errors = at(c, "users.errors");
    QVERIFY2(std::abs(errors - 3000) < 5 * std::sqrt(3000.0) + kInFlight,
             qPrintable(QString::number(errors)));
    QVERIFY(
        !c.value(QStringLiteral("lb")).toObject().contains(QStringLiteral("handed_to_standby")));
    // Never recovered: errors until the end.
    const double neverBack = at(run(false, 5, 2), "users.errors");
    QVERIFY2(std::abs(neverBack - 7000) < 5 * std::sqrt(7000.0) + kInFlight,
             qPrintable(QString::number(neverBack)));

    // With a standby and a recovery at 80 s: errors only until the takeover, then the standby
    // serves until lb is back and takes its traffic again.
    const QJsonObject pair = run(true, 5, 2, 80);
    QVERIFY(std::abs(at(pair, "users.errors") - 1000) < 5 * std::sqrt(1000.0) + kInFlight);
    const double handed = at(pair, "lb.handed_to_standby");
    QVERIFY2(std::abs(handed - 2000) < 5 * std::sqrt(2000.0) + kInFlight,
             qPrintable(QString::number(handed)));
}

void TestStandby::noFailureNoHandover()
{
    // The same pair without the failure: the standby stays idle.
    QJsonObject quiet;
    {
        const QJsonObject root{
            {QStringLiteral("name"), QStringLiteral("quiet")},
            {QStringLiteral("components"),
             QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("users")},
                                    {QStringLiteral("type"), QStringLiteral("client")},
                                    {QStringLiteral("rate_rps"), 100}},
                        QJsonObject{{QStringLiteral("id"), QStringLiteral("lb")},
                                    {QStringLiteral("type"), QStringLiteral("load_balancer")}},
                        QJsonObject{{QStringLiteral("id"), QStringLiteral("lb2")},
                                    {QStringLiteral("type"), QStringLiteral("load_balancer")},
                                    {QStringLiteral("standby_for"), QStringLiteral("lb")}},
                        QJsonObject{{QStringLiteral("id"), QStringLiteral("web")},
                                    {QStringLiteral("type"), QStringLiteral("web_server")},
                                    {QStringLiteral("count"), 2},
                                    {QStringLiteral("service_ms"), 5}}}},
            {QStringLiteral("links"),
             QJsonArray{QJsonObject{{QStringLiteral("from"), QStringLiteral("users")},
                                    {QStringLiteral("to"), QStringLiteral("lb")}},
                        QJsonObject{{QStringLiteral("from"), QStringLiteral("lb")},
                                    {QStringLiteral("to"), QStringLiteral("web")}},
                        QJsonObject{{QStringLiteral("from"), QStringLiteral("lb2")},
                                    {QStringLiteral("to"), QStringLiteral("web")}}}},
            {QStringLiteral("scenario"), QJsonObject{{QStringLiteral("duration_s"), 120},
                                                     {QStringLiteral("warmup_s"), 10},
                                                     {QStringLiteral("seed"), 1}}}};
        quiet = runComponents(QJsonDocument(root).toJson());
    }
    QCOMPARE(at(quiet, "lb.handed_to_standby"), 0.0);
    QCOMPARE(at(quiet, "lb2.arrivals"), 0.0);
    QCOMPARE(at(quiet, "users.errors"), 0.0);
}

QTEST_GUILESS_MAIN(TestStandby)
#include "tst_standby.moc"
