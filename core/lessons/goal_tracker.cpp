#include "goal_tracker.h"

#include "model/results_json.h"
#include "model/simulation_builder.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cmath>
#include <limits>

namespace scalelab::lessons {

namespace {

QString capitalised(QString text)
{
    if (!text.isEmpty())
        text[0] = text.at(0).toUpper();
    return text;
}

// What a model offers as load: every client's parameters and region, whatever its id, label or
// place on the canvas. Sorted so that the order of the components does not matter.
QStringList loadSignature(const model::Model &m)
{
    QStringList clients;
    for (const model::Component &c : m.components) {
        if (c.kind != model::ComponentKind::Client)
            continue;
        QJsonObject signature = c.parameters;
        signature.insert(QStringLiteral("region"), c.region);
        clients << QString::fromUtf8(QJsonDocument(signature).toJson(QJsonDocument::Compact));
    }
    clients.sort();
    return clients;
}

} // namespace

GoalTracker::GoalTracker(Lesson lesson) : m_lesson(std::move(lesson))
{
    for (const Goal &goal : std::as_const(m_lesson.goals)) {
        GoalStatus status;
        if (isAnalysisGoal(goal))
            status.basis = goal.metric == QLatin1String("cost_per_month")
                               ? tr("The price table's estimate at the lesson's load; a run "
                                    "prices the requests it measured")
                               : tr("The graph analysis of the design; it follows every edit");
        else
            status.detail = tr("Checked when a run ends");
        m_statuses.append(status);
    }
}

void GoalTracker::setDesign(const model::Analysis &analysis)
{
    QJsonObject figures{{QStringLiteral("spof"), QJsonArray::fromStringList(analysis.spof)}};
    if (std::isfinite(analysis.costPerMonth))
        figures.insert(QStringLiteral("cost_per_month"), analysis.costPerMonth);
    for (qsizetype i = 0; i < m_lesson.goals.size(); ++i) {
        const Goal &goal = m_lesson.goals.at(i);
        if (!isAnalysisGoal(goal))
            continue;
        const GoalCheck c = check(goal, figures);
        GoalStatus &status = m_statuses[i];
        status.state = !c.measured ? GoalStatus::State::Unknown
                       : c.met     ? GoalStatus::State::Met
                                   : GoalStatus::State::Missed;
        status.figure = c.measured;
        status.missedBy = c.missedBy;
        status.detail =
            !c.measured ? capitalised(c.verdict)
            : c.met
                ? tr("Met by the design as it is: %1").arg(formatFigure(goal.metric, *c.measured))
                : tr("The design as it is: %1").arg(c.verdict);
        if (goal.metric == QLatin1String("spof_count") && !analysis.spof.isEmpty())
            status.detail += QStringLiteral(" (%1)").arg(analysis.spof.join(QStringLiteral(", ")));
    }
}

bool GoalTracker::designChanged()
{
    if (m_checks.isEmpty() || m_stale)
        return false;
    m_stale = true;
    renderRun();
    return true;
}

void GoalTracker::showLive(const run::Snapshot &snapshot)
{
    const bool warmingUp = snapshot.nowS < snapshot.warmupS;
    for (qsizetype i = 0; i < m_lesson.goals.size(); ++i) {
        const Goal &goal = m_lesson.goals.at(i);
        if (isAnalysisGoal(goal))
            continue;
        GoalStatus &status = m_statuses[i];
        status.state = GoalStatus::State::Live;
        status.figure = liveFigure(goal, snapshot);
        status.missedBy = 0;
        if (!status.figure)
            status.detail = tr("Measured over the whole run: checked when it ends");
        else if (!std::isfinite(*status.figure))
            status.detail = tr("No figure in the latest window yet; checked when the run ends");
        else
            status.detail = tr("Now %1%2 (the latest window; checked when the run ends)")
                                .arg(formatFigure(goal.metric, *status.figure),
                                     warmingUp ? tr(", warming up") : QString());
    }
}

bool GoalTracker::finishRun(const run::RunRecord &record)
{
    if (!runCounts(m_lesson, record, &m_notCounted)) {
        for (qsizetype i = 0; i < m_lesson.goals.size(); ++i) {
            if (isAnalysisGoal(m_lesson.goals.at(i)))
                continue;
            m_statuses[i] = {};
            m_statuses[i].detail = tr("Not checked: the last run does not count (see below)");
        }
        m_checks.clear();
        m_stale = false;
        return false;
    }
    m_notCounted.clear();
    const model::Analysis analysis = model::analyze(record.model);
    judgeRun(
        runFigures(model::resultsToJson(record.results, record.model, analysis.spof), analysis));
    return true;
}

void GoalTracker::judgeRun(const QJsonObject &figures)
{
    m_checks.clear();
    for (const Goal &goal : std::as_const(m_lesson.goals))
        m_checks.append(check(goal, figures));
    m_stale = false;
    renderRun();
}

void GoalTracker::setStartFigures(const QJsonObject &figures)
{
    m_start = figures;
    renderRun();
}

double GoalTracker::margin() const
{
    double margin = std::numeric_limits<double>::infinity();
    for (const GoalCheck &c : m_checks)
        margin = std::min(margin, slack(c));
    return margin;
}

void GoalTracker::renderRun()
{
    for (qsizetype i = 0; i < m_checks.size() && i < m_statuses.size(); ++i) {
        const GoalCheck &c = m_checks.at(i);
        // The analysis follows the design as it is now; the run's figure is history.
        if (isAnalysisGoal(c.goal) && m_stale)
            continue;
        GoalStatus &status = m_statuses[i];
        status.state = c.met ? GoalStatus::State::Met : GoalStatus::State::Missed;
        status.figure = c.measured;
        status.missedBy = c.missedBy;
        status.detail = c.met ? metDetail(c) : capitalised(c.verdict);
        if (m_stale)
            status.detail = tr("Last run, before your latest change: ") + status.detail;
    }
}

QString GoalTracker::metDetail(const GoalCheck &c) const
{
    const QString now = formatFigure(c.goal.metric, *c.measured);
    if (!m_start)
        return tr("Met: %1 in your run (the lesson's start is being measured…)").arg(now);
    const std::optional<double> start = measure(c.goal, *m_start);
    const QString was = start ? formatFigure(c.goal.metric, *start) : tr("not measured");
    // The same figure before and after says nothing new: the start met it already.
    if (was == now)
        return tr("Met: %1, as at the lesson's start").arg(now);
    return tr("Met: before %1 (the lesson's start), after %2 (your run)").arg(was, now);
}

bool GoalTracker::isAnalysisGoal(const Goal &goal)
{
    return goal.component.isEmpty() && (goal.metric == QLatin1String("spof_count") ||
                                        goal.metric == QLatin1String("cost_per_month"));
}

std::optional<double> GoalTracker::liveFigure(const Goal &goal, const run::Snapshot &snapshot)
{
    const sim::Sample &s = snapshot.live;
    const QString &m = goal.metric;
    if (goal.component.isEmpty()) {
        if (m == QLatin1String("latency_mean_ms"))
            return s.meanMs;
        if (m == QLatin1String("latency_p50_ms"))
            return s.p50Ms;
        if (m == QLatin1String("latency_p95_ms"))
            return s.p95Ms;
        if (m == QLatin1String("latency_p99_ms"))
            return s.p99Ms;
        if (m == QLatin1String("error_rate"))
            return s.errorRate;
        if (m == QLatin1String("throughput_rps"))
            return s.throughputRps;
        return std::nullopt;
    }
    const qsizetype index = snapshot.components.indexOf(goal.component);
    if (index < 0 || std::size_t(index) >= s.components.size())
        return std::nullopt;
    const sim::ComponentSample &c = s.components[std::size_t(index)];
    if (m == QLatin1String("utilization"))
        return c.utilization;
    if (m == QLatin1String("hit_ratio"))
        return c.hitRatio;
    if (m == QLatin1String("error_rate"))
        return c.errorRate;
    if (m == QLatin1String("throughput_rps"))
        return c.throughputRps;
    if (m == QLatin1String("response_ms.mean"))
        return c.meanResponseMs;
    return std::nullopt;
}

bool GoalTracker::runCounts(const Lesson &lesson, const run::RunRecord &record, QString *reason)
{
    QString why;
    QList<model::Problem> problems;
    const model::RunSettings own = model::resolveSettings(record.model, {}, &problems);
    const model::RunSettings &ran = record.settings;
    if (!underLessonLoad(lesson, record.model, &why))
        why += tr(". Undo that change (or Reset to start) and run again.");
    else if (ran.durationS != own.durationS || ran.warmupS != own.warmupS || ran.seed != own.seed ||
             ran.totalRateRps != own.totalRateRps)
        why = tr("it ran with another duration or seed than the lesson's. Set the run bar back to "
                 "%1 s and seed %2, and run again.")
                  .arg(own.durationS)
                  .arg(own.seed);
    else if (record.interfered || record.loadScale != 1)
        why = tr("the load control or an injected fault changed it while it ran. Run it again "
                 "with the load at 1× and no faults injected.");
    if (reason)
        *reason = why;
    return why.isEmpty();
}

QJsonObject GoalTracker::runFigures(QJsonObject results, const model::Analysis &ran)
{
    // The run prices what it measured; without a price for it, the analysis's estimate.
    if (!results.value(QStringLiteral("cost_per_month")).isDouble() &&
        std::isfinite(ran.costPerMonth))
        results.insert(QStringLiteral("cost_per_month"), ran.costPerMonth);
    return results;
}

GoalCheck GoalTracker::check(const Goal &goal, const QJsonObject &figures)
{
    GoalCheck c;
    c.goal = goal;
    c.measured = measure(goal, figures);
    if (!c.measured) {
        c.verdict = goal.component.isEmpty() ? tr("not measured by this run")
                                             : tr("not measured: the design has no %1 measuring %2")
                                                   .arg(goal.component, goal.metric);
        return c;
    }
    const double x = *c.measured;
    const QString figure = formatFigure(goal.metric, x);
    if (goal.atMost && x > *goal.atMost) {
        c.missedBy = x - *goal.atMost;
        c.verdict = tr("missed by %1: measured %2, at most %3")
                        .arg(formatDifference(goal.metric, c.missedBy, x), figure,
                             formatBound(goal.metric, *goal.atMost));
    } else if (goal.atLeast && x < *goal.atLeast) {
        c.missedBy = *goal.atLeast - x;
        c.verdict = tr("missed by %1: measured %2, at least %3")
                        .arg(formatDifference(goal.metric, c.missedBy, *goal.atLeast), figure,
                             formatBound(goal.metric, *goal.atLeast));
    } else {
        c.met = true;
        c.verdict = tr("met: measured %1").arg(figure);
    }
    return c;
}

double GoalTracker::slack(const GoalCheck &c)
{
    if (!c.measured)
        return -std::numeric_limits<double>::infinity();
    const double x = *c.measured;
    double slack = std::numeric_limits<double>::infinity();
    const auto scale = [](double bound) { return std::abs(bound) > 0 ? std::abs(bound) : 1.0; };
    if (c.goal.atMost)
        slack = std::min(slack, (*c.goal.atMost - x) / scale(*c.goal.atMost));
    if (c.goal.atLeast)
        slack = std::min(slack, (x - *c.goal.atLeast) / scale(*c.goal.atLeast));
    return slack;
}

QList<GoalCheck> checkGoals(const Lesson &lesson, const QJsonObject &figures)
{
    GoalTracker tracker(lesson);
    tracker.judgeRun(figures);
    return tracker.checks();
}

bool allMet(const QList<GoalCheck> &checks)
{
    return std::all_of(checks.begin(), checks.end(), [](const GoalCheck &c) { return c.met; });
}

bool underLessonLoad(const Lesson &lesson, const model::Model &model, QString *reason)
{
    QString why;
    if (!(model.scenario == lesson.scenario))
        why =
            GoalTracker::tr("its scenario (duration, warm-up, seed or events) is not the lesson's");
    else if (loadSignature(model) != loadSignature(lesson.start))
        why = GoalTracker::tr("its clients (rates, mix, keys or regions) are not the lesson's");
    if (reason)
        *reason = why;
    return why.isEmpty();
}

} // namespace scalelab::lessons
