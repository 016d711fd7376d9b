// The message queue and its workers against queueing theory and against their own promises:
// with too few workers the backlog grows at the excess rate, with enough it is an M/M/c queue
// (Erlang C) that obeys Little's law; a job held by a failed worker comes back after the
// visibility timeout, a worker slower than the timeout causes duplicates, a full queue refuses.

#include "sim_test_support.h"

#include "sim/client.h"
#include "sim/queue.h"
#include "sim/simulation.h"
#include "sim/worker.h"

#include <QtTest>

#include <cmath>
#include <functional>
#include <limits>

namespace sim = scalelab::sim;
using namespace scalelab::testing;

namespace {

struct WorkerSpec {
    std::string id = "workers";
    int count = 1;
    int cores = 1;
    sim::Distribution service = sim::Distribution::exponential(100 * kNsPerMs);
};

struct Setup {
    double rateRps = 50;
    bool poisson = true;
    std::int64_t capacity = -1;
    sim::Time visibilityTimeout = sim::fromSeconds(30);
    std::vector<WorkerSpec> workers{WorkerSpec{}};
    std::vector<sim::ScenarioAction> actions; // target: 1 + the worker's place in `workers`
    double warmupS = 0;
    double endS = 100;
};

// Users publish jobs straight into the queue (a client's request to a queue is a publish); the
// queue feeds the workers. Components: users 0, jobs 1, workers from 2.
std::unique_ptr<sim::Engine> buildEngine(const Setup &s, std::uint64_t seed)
{
    auto engine = std::make_unique<sim::Engine>(seed);
    sim::Client::Config cc;
    cc.rateRps = s.rateRps;
    cc.poisson = s.poisson;
    cc.mix = {0, 0, 0, 1};
    const auto users = engine->addComponent(std::make_unique<sim::Client>("users", cc));
    const auto jobs = engine->addComponent(std::make_unique<sim::MessageQueue>(
        "jobs", sim::MessageQueue::Config{s.capacity, s.visibilityTimeout}));
    engine->addLink(users, jobs, 0);
    for (const WorkerSpec &w : s.workers) {
        sim::Worker::Config wc;
        wc.capacity = {w.count, w.cores, 0, -1};
        wc.service = w.service;
        const auto worker = engine->addComponent(std::make_unique<sim::Worker>(w.id, wc));
        engine->addLink(jobs, worker, 0);
    }
    for (sim::ScenarioAction a : s.actions) {
        a.target += 1;
        engine->addAction(a);
    }
    engine->setHorizon(sim::fromSeconds(s.warmupS), sim::fromSeconds(s.endS));
    return engine;
}

sim::RunResults run(const Setup &s, std::uint64_t seed)
{
    return sim::runReplications([&s](std::uint64_t r) { return buildEngine(s, r); }, seed, 1,
                                nullptr, 1);
}

} // namespace

class TestQueue : public QObject {
    Q_OBJECT

private slots:
    void backlogGrowsWithTooFewWorkers_data();
    void backlogGrowsWithTooFewWorkers();
    void enoughWorkersMakeAnMmcQueue();
    void jobsOfAFailedWorkerComeBack_data();
    void jobsOfAFailedWorkerComeBack();
    void slowWorkersCauseDuplicates_data();
    void slowWorkersCauseDuplicates();
    void fullQueueRefusesJobs_data();
    void fullQueueRefusesJobs();
};

void TestQueue::backlogGrowsWithTooFewWorkers_data()
{
    QTest::addColumn<int>("workers");
    QTest::newRow("2 workers for 5 workers' load") << 2;
    QTest::newRow("8 workers for 5 workers' load") << 8;
}

void TestQueue::backlogGrowsWithTooFewWorkers()
{
    // 50 jobs/s of 100 ms each: 5 workers' worth. With c < 5 all c are always busy, finishing c x
    // 10 jobs/s, and the backlog grows by the difference: after T seconds it holds (50 - 10c) T,
    // give or take the Poisson noise of both streams, sqrt((50 + 10c) T).
    QFETCH(int, workers);
    Setup s;
    s.workers[0].count = workers;
    auto engine = buildEngine(s, 7);
    engine->run();
    const auto &queue = static_cast<const sim::MessageQueue &>(engine->component(1));
    const double lambda = 50, served = 10.0 * workers, seconds = 100;
    if (served < lambda) {
        const double growth = (lambda - served) * seconds;
        checkWithin("backlog at the end", static_cast<double>(queue.backlog()), growth,
                    4 * std::sqrt((lambda + served) * seconds));
        sim::Metrics m;
        queue.report(engine->now(), m);
        // Growing linearly from 0, the time average is half the final level.
        checkWithin("backlog_mean", m.number("backlog_mean"), growth / 2, 0.05 * growth);
        const sim::LoadFact fact = queue.loadFactNow(engine->now());
        QVERIFY(fact.code == sim::LoadFact::Code::Backlog);
        QVERIFY(fact.growing);
        QCOMPARE(fact.backlogNow, static_cast<std::int64_t>(queue.backlog()));
    } else {
        QVERIFY2(queue.backlog() < 50, qPrintable(QString::number(queue.backlog())));
        const sim::LoadFact fact = queue.loadFactNow(engine->now());
        QVERIFY(!fact.growing);
        QVERIFY(!fact.refusing);
    }
}

void TestQueue::enoughWorkersMakeAnMmcQueue()
{
    // 8 workers, 5 workers' load: the backlog is the waiting line of an M/M/8 queue, the wait is
    // Erlang C's, and Little's law ties the backlog to the arrival rate and the wait.
    Setup s;
    s.workers[0].count = 8;
    s.warmupS = 50;
    s.endS = 2050;
    const sim::RunResults r = run(s, 3);
    const double lambda = 50, mu = 10, seconds = 2000;
    const int c = 8;
    const BirthDeath bd(lambda, mu, c, -1, 4000);
    auto waiting = [c](int n) { return static_cast<double>(std::max(0, n - c)); };
    auto busy = [c](int n) { return static_cast<double>(std::min(n, c)); };
    const double lq = bd.mean(waiting);
    const double seLq = std::sqrt(bd.asymptoticVariance(waiting) / seconds);
    const double wq = erlangC(c, lambda / mu) / (c * mu - lambda);
    QVERIFY(std::abs(lq - lambda * wq) < 1e-9); // the two theories agree
    checkWithin("backlog_mean (Lq)", metric(r, "jobs", "backlog_mean"), lq, 4 * seLq);
    checkWithin("wait_ms.mean (Erlang C)", metric(r, "jobs", "wait_ms.mean"), wq * 1e3,
                4 * seLq / lambda * 1e3);
    checkWithin("in_flight_mean", metric(r, "jobs", "in_flight_mean"), bd.mean(busy),
                4 * std::sqrt(bd.asymptoticVariance(busy) / seconds));
    checkWithin("worker utilization", metric(r, "workers", "utilization"), lambda / mu / c,
                4 * std::sqrt(bd.asymptoticVariance(busy) / seconds) / c);
    QCOMPARE(metric(r, "workers", "wait_ms.mean"), 0.0); // jobs wait in the queue, not there
    // Little's law, sample path by sample path: the backlog's area is the sum of the waits.
    const double arrivalRate = metric(r, "jobs", "arrivals") / seconds;
    const double little = arrivalRate * metric(r, "jobs", "wait_ms.mean") / 1e3;
    checkWithin("Little: backlog = lambda Wq", metric(r, "jobs", "backlog_mean"), little,
                0.02 * little);
    const double jobs =
        metric(r, "jobs", "throughput_rps") * metric(r, "jobs", "job_ms.mean") / 1e3;
    checkWithin("Little: inside = X job_ms", metric(r, "jobs", "concurrency_mean"), jobs,
                0.02 * jobs);
    QCOMPARE(metric(r, "jobs", "redelivered"), 0.0);
    QCOMPARE(metric(r, "jobs", "duplicates"), 0.0);
    QCOMPARE(metric(r, "jobs", "utilization"), -1.0);
}

void TestQueue::jobsOfAFailedWorkerComeBack_data()
{
    QTest::addColumn<bool>("failure");
    QTest::addColumn<bool>("recovery");
    QTest::newRow("no failure") << false << false;
    QTest::newRow("worker a fails at 20 s") << true << false;
    QTest::newRow("worker a fails at 20 s, recovers at 30 s") << true << true;
}

void TestQueue::jobsOfAFailedWorkerComeBack()
{
    // Two workers of 4 cores, 100 ms a job, evenly spaced jobs at 100/s: both are saturated, so
    // each holds exactly 4 jobs at any instant. When a fails, its 4 jobs are never acknowledged;
    // 5 s later (the visibility timeout) they are visible again at the head of the backlog and b
    // takes them: exactly 4 redeliveries, and 4 jobs that took more than 5 s.
    QFETCH(bool, failure);
    QFETCH(bool, recovery);
    Setup s;
    s.rateRps = 100;
    s.poisson = false;
    s.visibilityTimeout = sim::fromSeconds(5);
    s.workers = {{"a", 1, 4, sim::Distribution::constant(100 * kNsPerMs)},
                 {"b", 1, 4, sim::Distribution::constant(100 * kNsPerMs)}};
    if (failure)
        s.actions.push_back({sim::ScenarioAction::Type::Fail, sim::fromSeconds(20), 1, -1});
    if (recovery)
        s.actions.push_back({sim::ScenarioAction::Type::Recover, sim::fromSeconds(30), 1, -1});
    s.warmupS = 10;
    s.endS = 40;
    const sim::RunResults r = run(s, 1);
    const double redelivered = metric(r, "jobs", "redelivered");
    qInfo("redelivered %.0f, duplicates %.0f, job_ms.max %.0f, a completed %.0f", redelivered,
          metric(r, "jobs", "duplicates"), metric(r, "jobs", "job_ms.max"),
          metric(r, "a", "completed"));
    QCOMPARE(redelivered, failure ? 4.0 : 0.0);
    QCOMPARE(metric(r, "jobs", "duplicates"), 0.0);
    if (failure)
        QVERIFY(metric(r, "jobs", "job_ms.max") > 5000);
    // a finishes 40 jobs a second while it is up: 10 s before its failure, 10 more after
    // recovering, when it pulls again.
    const double upSeconds = !failure ? 30 : recovery ? 20 : 10;
    checkWithin("a completed", metric(r, "a", "completed"), 40 * upSeconds, 2);
}

void TestQueue::slowWorkersCauseDuplicates_data()
{
    QTest::addColumn<double>("serviceMs");
    QTest::newRow("150 ms jobs, 100 ms timeout") << 150.0;
    QTest::newRow("50 ms jobs, 100 ms timeout") << 50.0;
}

void TestQueue::slowWorkersCauseDuplicates()
{
    // A worker slower than the visibility timeout: at 100 ms the job is visible again and a second
    // core takes it; the first finishes at 150 ms (the job is done), the second at 250 ms, and
    // its acknowledgement is a duplicate. Every job is done twice; none when 50 ms < 100 ms.
    QFETCH(double, serviceMs);
    Setup s;
    s.rateRps = 20;
    s.visibilityTimeout = sim::fromMilliseconds(100);
    s.workers[0].cores = 16; // 20 x 0.3 = 6 busy on average: a free core is nearly always there
    s.workers[0].service = sim::Distribution::constant(serviceMs * kNsPerMs);
    s.warmupS = 10;
    s.endS = 210;
    const sim::RunResults r = run(s, 5);
    const double completed = metric(r, "jobs", "completed");
    const double redelivered = metric(r, "jobs", "redelivered");
    const double duplicates = metric(r, "jobs", "duplicates");
    qInfo("completed %.0f, redelivered %.0f, duplicates %.0f", completed, redelivered, duplicates);
    QVERIFY(completed > 3500);
    if (serviceMs > 100) {
        checkWithin("redelivered per job", redelivered / completed, 1, 0.02);
        checkWithin("duplicates per job", duplicates / completed, 1, 0.02);
        // The workers do every job twice.
        checkWithin("worker completions per job", metric(r, "workers", "completed") / completed, 2,
                    0.02);
    } else {
        QCOMPARE(redelivered, 0.0);
        QCOMPARE(duplicates, 0.0);
    }
}

void TestQueue::fullQueueRefusesJobs_data()
{
    QTest::addColumn<int>("capacity");
    QTest::newRow("room for 20 jobs") << 20;
    QTest::newRow("no limit") << -1;
}

void TestQueue::fullQueueRefusesJobs()
{
    // 50 jobs/s for 2 workers of 10 jobs/s: with room for 20 visible jobs (22 inside with the 2
    // in flight), the queue is an M/M/2/22 and refuses a job in the proportion of time it is full.
    QFETCH(int, capacity);
    Setup s;
    s.capacity = capacity;
    s.workers[0].count = 2;
    s.warmupS = 10;
    s.endS = 210;
    const sim::RunResults r = run(s, 11);
    const double arrivals = metric(r, "jobs", "arrivals");
    const double rejected = metric(r, "jobs", "rejected");
    // The users see each refusal as an error.
    QCOMPARE(metric(r, "users", "errors"), rejected);
    if (capacity < 0) {
        QCOMPARE(rejected, 0.0);
        QCOMPARE(metric(r, "jobs", "utilization"), -1.0);
        return;
    }
    const BirthDeath bd(50, 10, 2, capacity + 2);
    const double blocking = bd.probability(capacity + 2);
    checkWithin("rejected share", rejected / arrivals, blocking, 0.02);
    QVERIFY(metric(r, "jobs", "backlog_max") <= capacity);
    QVERIFY(metric(r, "jobs", "utilization") > 0.8); // nearly always full
}

QTEST_GUILESS_MAIN(TestQueue)
#include "tst_queue.moc"
