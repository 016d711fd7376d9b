// The queue and its workers through the model file: a web tier that publishes jobs instead of
// doing them, failures and slow-downs of workers from the scenario, and the chapter's
// architecture (clients, balancer, web, cache, database, queue, workers) running end to end.

#include "model_test_support.h"

#include "model/model_json.h"
#include "model/simulation_builder.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace scalelab::model;
using namespace scalelab::testing;
namespace sim = scalelab::sim;

namespace {

sim::RunResults runJson(const QByteArray &json)
{
    return runScenario(loadRunnableModel(json), 1);
}

// Users sending only jobs to a web tier, which publishes them to a queue when `queue` says so.
QByteArray jobsModel(bool queue, const QByteArray &queueParameters = {},
                     const QByteArray &workerParameters = R"("count": 4)",
                     const QByteArray &usersParameters = R"("rate_rps": 20)",
                     const QByteArray &events = {})
{
    QByteArray json = R"({"format": "scalelab-model", "version": 1, "name": "jobs",
      "components": [
        {"id": "users", "type": "client", "mix": {"job": 1}, )" +
                      usersParameters + R"(},
        {"id": "web", "type": "web_server", "cores": 4,
         "service_ms": {"dist": "exponential", "mean": 10},
         "job_ms": {"dist": "exponential", "mean": 100}})";
    if (queue)
        json += R"(,
        {"id": "jobs", "type": "queue")" +
                (queueParameters.isEmpty() ? QByteArray() : ", " + queueParameters) + R"(},
        {"id": "workers", "type": "worker", )" +
                workerParameters + "}";
    json += R"(],
      "links": [{"from": "users", "to": "web"})";
    if (queue)
        json += R"(, {"from": "web", "to": "jobs", "latency_ms": 1},
                  {"from": "jobs", "to": "workers", "latency_ms": 1})";
    json += R"(],
      "scenario": {"duration_s": 110, "warmup_s": 10, "seed": 1, "events": [)" +
            events + "]}}";
    return json;
}

} // namespace

class TestQueueModel : public QObject {
    Q_OBJECT

private slots:
    void queueDecouplesTheWebTier_data();
    void queueDecouplesTheWebTier();
    void fullQueueErrorsReachTheUsers_data();
    void fullQueueErrorsReachTheUsers();
    void failedWorkerInstanceJobsComeBack_data();
    void failedWorkerInstanceJobsComeBack();
    void slowedWorkersCauseDuplicates_data();
    void slowedWorkersCauseDuplicates();
    void chapterArchitectureRuns();
    void capstoneIsNotRefusedForItsQueue();
};

void TestQueueModel::queueDecouplesTheWebTier_data()
{
    QTest::addColumn<bool>("queue");
    QTest::newRow("jobs done inline") << false;
    QTest::newRow("jobs published to a queue") << true;
}

void TestQueueModel::queueDecouplesTheWebTier()
{
    // Inline, each job costs the web tier 10 + 100 ms of core time and the user waits for all of
    // it. Published, the web tier spends its 10 ms and a round trip of 2 ms to the queue; the
    // 100 ms move to the workers, where the job's own time (job_ms) shows them.
    QFETCH(bool, queue);
    const sim::RunResults r = runJson(jobsModel(queue));
    const double response = metric(r, "web", "response_ms.mean");
    const double service = metric(r, "web", "service_ms.mean");
    qInfo("web response %.1f ms, service %.1f ms, users %.1f ms", response, service,
          metric(r, "users", "latency_ms.mean"));
    if (queue) {
        QVERIFY2(response < 20, qPrintable(QString::number(response)));
        QVERIFY2(std::abs(service - 10) < 1, qPrintable(QString::number(service)));
        const double jobMs = metric(r, "jobs", "job_ms.mean");
        QVERIFY2(jobMs > 100 && jobMs < 130, qPrintable(QString::number(jobMs)));
        QVERIFY(std::abs(metric(r, "jobs", "completed") - metric(r, "web", "completed")) < 10);
    } else {
        QVERIFY2(response > 110, qPrintable(QString::number(response)));
        QVERIFY2(std::abs(service - 110) < 5, qPrintable(QString::number(service)));
    }
    QCOMPARE(metric(r, "users", "errors"), 0.0);
}

void TestQueueModel::fullQueueErrorsReachTheUsers_data()
{
    QTest::addColumn<QByteArray>("queueParameters");
    QTest::addColumn<bool>("refusals");
    QTest::newRow("room for 10 jobs") << QByteArray(R"("capacity": 10)") << true;
    QTest::newRow("no limit") << QByteArray() << false;
}

void TestQueueModel::fullQueueErrorsReachTheUsers()
{
    // One worker for 20 jobs/s of 100 ms: half the jobs find the queue full; the web tier passes
    // the refusal on, so the users see it as an error.
    QFETCH(QByteArray, queueParameters);
    QFETCH(bool, refusals);
    const sim::RunResults r = runJson(jobsModel(true, queueParameters, R"("count": 1)"));
    const double rejected = metric(r, "jobs", "rejected");
    QCOMPARE(metric(r, "users", "errors"), rejected);
    QCOMPARE(metric(r, "web", "errors"), rejected);
    if (refusals)
        QVERIFY2(rejected / metric(r, "jobs", "arrivals") > 0.4,
                 qPrintable(QString::number(rejected)));
    else
        QCOMPARE(rejected, 0.0);
}

void TestQueueModel::failedWorkerInstanceJobsComeBack_data()
{
    QTest::addColumn<QByteArray>("events");
    QTest::addColumn<double>("redelivered");
    QTest::newRow("no failure") << QByteArray() << 0.0;
    QTest::newRow("instance 0 fails")
        << QByteArray(R"({"at_s": 40, "action": "fail", "target": "workers", "instance": 0})")
        << 2.0;
}

void TestQueueModel::failedWorkerInstanceJobsComeBack()
{
    // Two workers of 2 cores, 100 ms a job, jobs every 10 ms: saturated, each worker holds
    // exactly 2 jobs. The one that fails never acknowledges its 2; after the 5 s visibility
    // timeout the other takes them.
    QFETCH(QByteArray, events);
    QFETCH(double, redelivered);
    const sim::RunResults r = runJson(
        jobsModel(true, R"("visibility_timeout_s": 5)",
                  R"("count": 2, "cores": 2, "service_ms": {"dist": "constant", "mean": 100})",
                  R"("rate_rps": 100, "arrival": "constant")", events));
    QCOMPARE(metric(r, "jobs", "redelivered"), redelivered);
    QCOMPARE(metric(r, "jobs", "duplicates"), 0.0);
}

void TestQueueModel::slowedWorkersCauseDuplicates_data()
{
    QTest::addColumn<QByteArray>("events");
    QTest::addColumn<bool>("duplicates");
    QTest::newRow("normal speed") << QByteArray() << false;
    QTest::newRow("slowed down twofold at 60 s")
        << QByteArray(R"({"at_s": 60, "action": "slow", "target": "workers", "factor": 2})")
        << true;
}

void TestQueueModel::slowedWorkersCauseDuplicates()
{
    // 100 ms jobs and a 150 ms visibility timeout: fine until the workers slow down to 200 ms;
    // from then on every job is delivered twice and acknowledged twice.
    QFETCH(QByteArray, events);
    QFETCH(bool, duplicates);
    const sim::RunResults r =
        runJson(jobsModel(true, R"("visibility_timeout_s": 0.15)",
                          R"("count": 16, "service_ms": {"dist": "constant", "mean": 100})",
                          R"("rate_rps": 20)", events));
    const double completed = metric(r, "jobs", "completed");
    const double duplicated = metric(r, "jobs", "duplicates");
    qInfo("completed %.0f, redelivered %.0f, duplicates %.0f", completed,
          metric(r, "jobs", "redelivered"), duplicated);
    if (duplicates) {
        // Half the window is slowed: about half the jobs are done twice.
        QVERIFY2(std::abs(duplicated / completed - 0.5) < 0.05,
                 qPrintable(QString::number(duplicated / completed)));
    } else {
        QCOMPARE(duplicated, 0.0);
        QCOMPARE(metric(r, "jobs", "redelivered"), 0.0);
    }
}

void TestQueueModel::chapterArchitectureRuns()
{
    // Everything the engine has: it runs, and every component serves.
    const QByteArray json = R"({"format": "scalelab-model", "version": 1, "name": "chapter",
      "components": [
        {"id": "users", "type": "client", "rate_rps": 200,
         "mix": {"read": 0.8, "write": 0.1, "job": 0.1}, "keys": {"count": 1000, "zipf": 0.9}},
        {"id": "lb", "type": "load_balancer"},
        {"id": "web", "type": "web_server", "count": 2, "cores": 2},
        {"id": "cache", "type": "cache", "capacity": 200},
        {"id": "db", "type": "database"},
        {"id": "jobs", "type": "queue"},
        {"id": "workers", "type": "worker", "count": 4}
      ],
      "links": [{"from": "users", "to": "lb"}, {"from": "lb", "to": "web"},
                {"from": "web", "to": "cache"}, {"from": "web", "to": "db"},
                {"from": "web", "to": "jobs"}, {"from": "jobs", "to": "workers"}],
      "scenario": {"duration_s": 20}})";
    const sim::RunResults r = runJson(json);
    QCOMPARE(r.components.size(), std::size_t{7});
    for (const sim::ComponentResult &c : r.components) {
        if (c.type != "client")
            QVERIFY2(c.metrics.number("arrivals") > 0, c.id.c_str());
    }
    QCOMPARE(metric(r, "users", "errors"), 0.0);
    // Jobs are a tenth of the requests; the workers get each of them once.
    QVERIFY(std::abs(metric(r, "workers", "arrivals") / metric(r, "users", "requests") - 0.1) <
            0.02);
}

void TestQueueModel::capstoneIsNotRefusedForItsQueue()
{
    // The capstone waits for other mechanisms (dns, cdn, shard router), but no longer for these.
    const LoadResult loaded =
        loadModelFile(QStringLiteral(SCALELAB_TEST_DATA) + QStringLiteral("/capstone.json"));
    QVERIFY2(loaded.ok(), qPrintable(loaded.message()));
    const int queue = loaded.model->indexOf(QStringLiteral("jobs"));
    const int workers = loaded.model->indexOf(QStringLiteral("workers"));
    QVERIFY(queue >= 0 && workers >= 0);
    for (const Problem &p : unsupportedMechanisms(*loaded.model)) {
        QVERIFY2(!p.where.startsWith(QStringLiteral("components[%1]").arg(queue)),
                 qPrintable(p.toString()));
        QVERIFY2(!p.where.startsWith(QStringLiteral("components[%1]").arg(workers)),
                 qPrintable(p.toString()));
    }
}

QTEST_GUILESS_MAIN(TestQueueModel)
#include "tst_queue_model.moc"
