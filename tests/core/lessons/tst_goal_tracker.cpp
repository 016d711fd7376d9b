// The goal tracker: analysis goals judged before any run, a run's verdict with the amount a goal
// is missed by, the running window's figures, runs that do not count and why, the cost estimate
// standing in until a run prices what it measured, and that `lesson verify` and the workbench
// reach the same verdict on the same run. The lesson is the panel's test fixture
// (tests/data/lessons/01-one-server), with a cost goal added where a test needs one.

#include "../run/run_test_support.h"

#include "lessons/goal_tracker.h"
#include "lessons/lesson.h"

#include "model/analysis.h"
#include "model/results_json.h"
#include "model/simulation_builder.h"

#include <QJsonDocument>
#include <QTest>

#include <cmath>
#include <limits>

using namespace scalelab;
using lessons::GoalStatus;
using lessons::GoalTracker;
using State = GoalStatus::State;

namespace {

constexpr int kP95 = 0;         // latency p95 at most 60 ms
constexpr int kUtilization = 1; // web utilisation at most 60 %
constexpr int kSpof = 2;        // at most one single point of failure

lessons::Lesson fixture()
{
    const lessons::LessonLoad loaded =
        lessons::loadLesson(QStringLiteral(SCALELAB_TEST_DATA "/lessons/01-one-server"));
    if (!loaded.lesson)
        qFatal("the fixture lesson does not load: %s",
               qPrintable(loaded.problems.value(0).toString()));
    return *loaded.lesson;
}

// The fixture with a fourth goal on the monthly cost.
lessons::Lesson withCostGoal(double atMost)
{
    lessons::Lesson lesson = fixture();
    lessons::Goal cost;
    cost.metric = QStringLiteral("cost_per_month");
    cost.atMost = atMost;
    cost.text = lessons::describe(cost);
    lesson.goals.append(cost);
    return lesson;
}

model::Model withWebCores(model::Model m, int cores)
{
    for (model::Component &c : m.components)
        if (c.id == QLatin1String("web"))
            c.parameters.insert(QStringLiteral("cores"), cores);
    return m;
}

// A database behind the one web server: a second single point of failure.
model::Model withDatabase(model::Model m)
{
    m.components.append({QStringLiteral("db"), model::ComponentKind::Database, {}, {}, {}});
    m.links.append({QStringLiteral("web"), QStringLiteral("db")});
    return m;
}

// A load balancer in front of the web server: priced by the requests it passes, so a run's cost
// (what it measured) and the analysis's (what it estimated) differ.
model::Model withLoadBalancer(model::Model m)
{
    m.components.append({QStringLiteral("lb"), model::ComponentKind::LoadBalancer, {}, {}, {}});
    m.links = {{QStringLiteral("users"), QStringLiteral("lb")},
               {QStringLiteral("lb"), QStringLiteral("web")}};
    return m;
}

// A finished run as the workbench's controller hands it over, with the scenario's own settings.
run::RunRecord runOf(const model::Model &m)
{
    QList<model::Problem> problems;
    const model::RunSettings settings = model::resolveSettings(m, {}, &problems);
    run::RunRecord record = testing::recordOf(m, settings.seed, settings.durationS, 20);
    record.settings = settings;
    return record;
}

// A finished run that never ran: enough for the question whether it counts.
run::RunRecord unrunRecordOf(const model::Model &m)
{
    run::RunRecord record;
    record.model = m;
    QList<model::Problem> problems;
    record.settings = model::resolveSettings(m, {}, &problems);
    return record;
}

QJsonObject figures(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

} // namespace

class TestGoalTracker : public QObject {
    Q_OBJECT

private slots:
    void analysisGoalsAreJudgedBeforeARun()
    {
        const lessons::Lesson lesson = fixture();
        GoalTracker tracker(lesson);
        QVERIFY(GoalTracker::isAnalysisGoal(lesson.goals.at(kSpof)));
        QVERIFY(!GoalTracker::isAnalysisGoal(lesson.goals.at(kP95)));
        // Nothing is known yet; the goals a run answers say they need one.
        QCOMPARE(tracker.statuses().at(kP95).state, State::Unknown);
        QCOMPARE(tracker.statuses().at(kP95).detail, QStringLiteral("Checked when a run ends"));
        QCOMPARE(tracker.statuses().at(kSpof).state, State::Unknown);

        tracker.setDesign(model::analyze(lesson.start));
        const GoalStatus spof = tracker.statuses().at(kSpof);
        QCOMPARE(spof.state, State::Met);
        QCOMPARE(spof.figure, std::optional<double>(1));
        QCOMPARE(spof.detail, QStringLiteral("Met by the design as it is: 1 (web)"));
        QCOMPARE(spof.basis,
                 QStringLiteral("The graph analysis of the design; it follows every edit"));
        // The analysis says nothing about the goals only a run measures.
        QCOMPARE(tracker.statuses().at(kP95).state, State::Unknown);
        QCOMPARE(tracker.statuses().at(kUtilization).detail,
                 QStringLiteral("Checked when a run ends"));
        QVERIFY(tracker.checks().isEmpty());

        tracker.setDesign(model::analyze(withDatabase(lesson.start)));
        const GoalStatus two = tracker.statuses().at(kSpof);
        QCOMPARE(two.state, State::Missed);
        QCOMPARE(two.missedBy, 1.0);
        QCOMPARE(
            two.detail,
            QStringLiteral("The design as it is: missed by 1: measured 2, at most 1 (web, db)"));
    }

    void aRunSaysMetOrMissedAndByHowMuch()
    {
        lessons::Lesson lesson = fixture();
        lessons::Goal throughput;
        throughput.metric = QStringLiteral("throughput_rps");
        throughput.atLeast = 100;
        lesson.goals.append(throughput);
        GoalTracker tracker(lesson);
        tracker.judgeRun(figures(R"({
            "summary": {"latency_ms": {"p95": 75}, "throughput_rps": 80},
            "components": {"web": {"utilization": 0.5}}, "spof": ["web"]})"));

        const QList<GoalStatus> &s = tracker.statuses();
        QCOMPARE(s.at(kP95).state, State::Missed);
        QCOMPARE(s.at(kP95).missedBy, 15.0);
        QCOMPARE(s.at(kP95).detail, QStringLiteral("Missed by 15.0 ms: measured 75.0 ms, at most "
                                                   "60 ms"));
        QCOMPARE(s.at(3).state, State::Missed);
        QCOMPARE(s.at(3).missedBy, 20.0);
        QCOMPARE(s.at(3).detail, QStringLiteral("Missed by 20 rps: measured 80.0 rps, at least "
                                                "100 rps"));
        // A met goal compares with the lesson's start once the engine has measured it.
        QCOMPARE(s.at(kUtilization).state, State::Met);
        QCOMPARE(s.at(kUtilization).missedBy, 0.0);
        QCOMPARE(s.at(kUtilization).detail,
                 QStringLiteral("Met: 50.0 % in your run (the lesson's start is being measured…)"));
        tracker.setStartFigures(figures(R"({"components": {"web": {"utilization": 0.9}},
                                            "spof": ["web"]})"));
        QCOMPARE(
            tracker.statuses().at(kUtilization).detail,
            QStringLiteral("Met: before 90.0 % (the lesson's start), after 50.0 % (your run)"));
        QCOMPARE(tracker.statuses().at(kSpof).detail,
                 QStringLiteral("Met: 1, as at the lesson's start"));

        // The command line reads the same verdicts, uncapitalised.
        const QList<lessons::GoalCheck> &checks = tracker.checks();
        QCOMPARE(checks.size(), 4);
        QCOMPARE(checks.at(kP95).verdict,
                 QStringLiteral("missed by 15.0 ms: measured 75.0 ms, at most 60 ms"));
        QVERIFY(!lessons::allMet(checks));
        // The tightest goal: latency, a quarter above its bound.
        QCOMPARE(tracker.margin(), -0.25);
        QCOMPARE(GoalTracker::slack(checks.at(kUtilization)), (0.6 - 0.5) / 0.6);

        // An edit makes the run history; goals from the analysis follow the design instead.
        QVERIFY(tracker.designChanged());
        QVERIFY(!tracker.designChanged()); // once
        QVERIFY(tracker.statuses().at(kP95).detail.startsWith(
            QStringLiteral("Last run, before your latest change: Missed by 15.0 ms")));
        QCOMPARE(tracker.statuses().at(kP95).state, State::Missed);
        tracker.setDesign(model::analyze(withDatabase(lesson.start)));
        QCOMPARE(tracker.statuses().at(kSpof).state, State::Missed);
    }

    void aLiveSnapshotGivesTheFiguresOfNow()
    {
        lessons::Lesson lesson = fixture();
        lessons::Goal answered;
        answered.metric = QStringLiteral("answered_share");
        answered.atLeast = 0.99;
        lesson.goals.append(answered);
        GoalTracker tracker(lesson);
        tracker.setDesign(model::analyze(lesson.start));

        run::Snapshot snapshot;
        snapshot.state = run::RunState::Running;
        snapshot.nowS = 1;
        snapshot.warmupS = 2;
        snapshot.components = {QStringLiteral("users"), QStringLiteral("web")};
        snapshot.live.p95Ms = 123.4;
        snapshot.live.components.resize(2);
        snapshot.live.components[1].utilization = 0.87;
        tracker.showLive(snapshot);

        const QList<GoalStatus> &s = tracker.statuses();
        QCOMPARE(s.at(kP95).state, State::Live);
        QCOMPARE(s.at(kP95).figure, std::optional<double>(123.4));
        QCOMPARE(s.at(kP95).detail, QStringLiteral("Now 123 ms, warming up (the latest window; "
                                                   "checked when the run ends)"));
        QCOMPARE(s.at(kUtilization).detail, QStringLiteral("Now 87.0 %, warming up (the latest "
                                                           "window; checked when the run ends)"));
        QCOMPARE(s.at(3).state, State::Live);
        QVERIFY(!s.at(3).figure);
        QCOMPARE(s.at(3).detail,
                 QStringLiteral("Measured over the whole run: checked when it ends"));
        // A goal from the analysis keeps the design's verdict while the run goes.
        QCOMPARE(s.at(kSpof).state, State::Met);

        snapshot.nowS = 12;
        snapshot.live.p95Ms = std::numeric_limits<double>::quiet_NaN();
        tracker.showLive(snapshot);
        QCOMPARE(tracker.statuses().at(kP95).detail,
                 QStringLiteral("No figure in the latest window yet; checked when the run ends"));
        QCOMPARE(tracker.statuses().at(kUtilization).detail,
                 QStringLiteral("Now 87.0 % (the latest window; checked when the run ends)"));

        // A component the running engine does not have gives no figure.
        lessons::Goal cache;
        cache.component = QStringLiteral("cache");
        cache.metric = QStringLiteral("hit_ratio");
        QVERIFY(!GoalTracker::liveFigure(cache, snapshot));
    }

    void aRunUnderAChangedLoadDoesNotCount()
    {
        const lessons::Lesson lesson = fixture();
        GoalTracker tracker(lesson);
        tracker.setDesign(model::analyze(lesson.start));
        tracker.judgeRun(figures(R"({"summary": {"latency_ms": {"p95": 75}},
            "components": {"web": {"utilization": 0.9}}, "spof": ["web"]})"));
        QCOMPARE(tracker.checks().size(), 3);

        model::Model lighter = withWebCores(lesson.start, 2);
        lighter.components[0].parameters.insert(QStringLiteral("rate_rps"), 20);
        QVERIFY(!tracker.finishRun(unrunRecordOf(lighter)));
        QCOMPARE(tracker.notCountedReason(),
                 QStringLiteral("its clients (rates, mix, keys or regions) are not the lesson's. "
                                "Undo that change (or Reset to start) and run again."));
        QCOMPARE(tracker.statuses().at(kP95).state, State::Unknown);
        QCOMPARE(tracker.statuses().at(kP95).detail,
                 QStringLiteral("Not checked: the last run does not count (see below)"));
        QVERIFY(tracker.checks().isEmpty());
        // The goals from the analysis do not wait for a run.
        QCOMPARE(tracker.statuses().at(kSpof).state, State::Met);

        const model::Model mine = withWebCores(lesson.start, 3);
        run::RunRecord reseeded = unrunRecordOf(mine);
        reseeded.settings.seed = 8;
        QString reason;
        QVERIFY(!GoalTracker::runCounts(lesson, reseeded, &reason));
        QCOMPARE(reason, QStringLiteral("it ran with another duration or seed than the lesson's. "
                                        "Set the run bar back to 20 s and seed 7, and run again."));
        run::RunRecord steered = unrunRecordOf(mine);
        steered.loadScale = 0.5;
        QVERIFY(!GoalTracker::runCounts(lesson, steered, &reason));
        QVERIFY2(reason.startsWith("the load control or an injected fault"), qPrintable(reason));
        QVERIFY(GoalTracker::runCounts(lesson, unrunRecordOf(mine), &reason));
        QVERIFY(reason.isEmpty());
    }

    void costIsTheEstimateBeforeARunAndMeasuredAfter()
    {
        const lessons::Lesson lesson = withCostGoal(1e6);
        constexpr int kCost = 3;
        const model::Model design = withLoadBalancer(lesson.start);
        const model::Analysis estimate = model::analyze(design);
        QVERIFY(std::isfinite(estimate.costPerMonth));
        GoalTracker tracker(lesson);
        tracker.setDesign(estimate);
        const GoalStatus before = tracker.statuses().at(kCost);
        QCOMPARE(before.state, State::Met);
        QCOMPARE(before.figure, std::optional<double>(estimate.costPerMonth));
        QVERIFY2(before.detail.startsWith("Met by the design as it is: $"),
                 qPrintable(before.detail));
        QVERIFY(before.basis.startsWith("The price table's estimate"));

        const run::RunRecord record = runOf(design);
        const double measured = model::resultsToJson(record.results, record.model, estimate.spof)
                                    .value("cost_per_month")
                                    .toDouble(std::numeric_limits<double>::quiet_NaN());
        QVERIFY(std::isfinite(measured));
        QVERIFY2(measured != estimate.costPerMonth, "the test needs the two to differ");
        QVERIFY(tracker.finishRun(record));
        QCOMPARE(tracker.statuses().at(kCost).figure, std::optional<double>(measured));
        QVERIFY(tracker.statuses().at(kCost).detail.startsWith("Met: "));

        // Where the run priced nothing it measured, the estimate stands in.
        model::Analysis priced;
        priced.costPerMonth = 123;
        const QJsonObject unpriced = figures(R"({"cost_per_month": null, "spof": []})");
        QCOMPARE(GoalTracker::runFigures(unpriced, priced).value("cost_per_month").toDouble(),
                 123.0);
        const QJsonObject own = figures(R"({"cost_per_month": 80})");
        QCOMPARE(GoalTracker::runFigures(own, priced).value("cost_per_month").toDouble(), 80.0);
        model::Analysis noPrices;
        noPrices.costPerMonth = std::numeric_limits<double>::quiet_NaN();
        const QList<lessons::GoalCheck> checks =
            lessons::checkGoals(lesson, GoalTracker::runFigures(unpriced, noPrices));
        QVERIFY(!checks.at(kCost).measured);
        QCOMPARE(checks.at(kCost).verdict, QStringLiteral("not measured by this run"));
    }

    void verifyAndTheWorkbenchGiveTheSameVerdict()
    {
        // A cost bound between the start's and the solution's, so that both routes judge cost.
        const lessons::Lesson plain = fixture();
        const double startCost = model::analyze(plain.start).costPerMonth;
        const double solutionCost = model::analyze(plain.solution).costPerMonth;
        QVERIFY(solutionCost > startCost);
        const lessons::Lesson lesson = withCostGoal((startCost + solutionCost) / 2);

        const lessons::Verification v = lessons::verifyLesson(lesson);
        QVERIFY2(v.failures.join('\n').contains("the solution misses \"monthly cost at most"),
                 qPrintable(v.failures.join('\n')));
        for (const auto &[cli, m] :
             {std::pair{&v.start, &lesson.start}, std::pair{&v.solution, &lesson.solution}}) {
            GoalTracker workbench(lesson);
            workbench.setDesign(model::analyze(*m));
            QVERIFY(workbench.finishRun(runOf(*m)));
            const QList<lessons::GoalCheck> &checks = workbench.checks();
            QCOMPARE(checks.size(), cli->size());
            for (qsizetype i = 0; i < checks.size(); ++i) {
                QCOMPARE(checks.at(i).met, cli->at(i).met);
                QCOMPARE(checks.at(i).measured, cli->at(i).measured);
                QCOMPARE(checks.at(i).verdict, cli->at(i).verdict);
                QCOMPARE(workbench.statuses().at(i).state,
                         cli->at(i).met ? State::Met : State::Missed);
            }
        }
        // The start meets the cost bound and the solution misses it, on both routes.
        QVERIFY(v.start.at(3).met);
        QVERIFY(!v.solution.at(3).met);
    }
};

QTEST_GUILESS_MAIN(TestGoalTracker)
#include "tst_goal_tracker.moc"
