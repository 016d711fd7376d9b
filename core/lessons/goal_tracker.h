#pragma once

// Judging a lesson's goals: the one route by which both `scalelab lesson verify` and the
// workbench's lesson panel decide whether a goal is met, missed by how much, or not known yet.

#include "lesson.h"

#include "model/analysis.h"
#include "run/run_snapshot.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace scalelab::lessons {

// What the workbench's checklist shows of one goal.
struct GoalStatus {
    enum class State { Unknown, Live, Met, Missed };
    State state = State::Unknown;
    std::optional<double> figure; // the judged figure, or while a run goes the latest window's
    double missedBy = 0;          // when Missed: how far outside its bound, in the metric's unit
    QString detail;               // the sentence under the goal; when Unknown, why it is not known
    QString basis;                // where an analysis goal's figure comes from; else empty
};

// Follows one lesson's goals through the learner's work: the analysis of the design as it is
// (goals on single points of failure and cost), the running window's figures while a run goes,
// and the verdict of the last run that counts. Each goal shows the latest news about it.
class GoalTracker {
    // What it says goes through QCoreApplication::translate("GoalTracker", ...).
    Q_DECLARE_TR_FUNCTIONS(GoalTracker)

public:
    explicit GoalTracker(Lesson lesson);

    const Lesson &lesson() const { return m_lesson; }

    // The analysis of the design as it is now: the goals it answers follow every edit.
    void setDesign(const model::Analysis &analysis);
    // The design was edited: the last run's verdict becomes history. True when it just did, so
    // the caller gives the analysis of the edited design (setDesign) without waiting.
    bool designChanged();
    // The running window: goals the run answers show its figure, unticked.
    void showLive(const run::Snapshot &snapshot);
    // A finished run of the workbench. False, with the reason in notCountedReason(), when it
    // does not count toward the goals; else its verdict replaces the last one.
    bool finishRun(const run::RunRecord &record);
    // Judges the figures of a run that counts (runFigures()).
    void judgeRun(const QJsonObject &figures);
    // The engine's figures of the lesson's start, for "before and after" on a met goal.
    void setStartFigures(const QJsonObject &figures);

    const QList<GoalStatus> &statuses() const { return m_statuses; }
    // The last counted run's verdict per goal, in the lesson's order; empty before one.
    const QList<GoalCheck> &checks() const { return m_checks; }
    QString notCountedReason() const { return m_notCounted; }
    // How much room the last counted run left on its tightest goal (slack()).
    double margin() const;

    // Goals on figures the graph analysis gives exactly, with no run.
    static bool isAnalysisGoal(const Goal &goal);
    // The running window's figure for a goal; nullopt when only the whole run measures it, NaN
    // when the window has none yet.
    static std::optional<double> liveFigure(const Goal &goal, const run::Snapshot &snapshot);
    // Whether a finished run counts: under the lesson's load, with the scenario's own duration
    // and seed, and nobody steering it while it ran. `reason` says what differed and how to get
    // back.
    static bool runCounts(const Lesson &lesson, const run::RunRecord &record, QString *reason);
    // What a run is judged on: its results JSON (docs/model.md, with `spof`) and, when it priced
    // nothing it measured, the estimate of `ran`, the analysis of the design that ran.
    static QJsonObject runFigures(QJsonObject results, const model::Analysis &ran);
    // One goal against a run's figures.
    static GoalCheck check(const Goal &goal, const QJsonObject &figures);
    // How far a run met a goal, as a share of its bound (negative: missed); the best passing run
    // is the one whose tightest goal has the most room.
    static double slack(const GoalCheck &check);

private:
    void renderRun();
    QString metDetail(const GoalCheck &check) const;

    Lesson m_lesson;
    QList<GoalStatus> m_statuses;
    QList<GoalCheck> m_checks;
    bool m_stale = false; // the design changed since the last counted run
    std::optional<QJsonObject> m_start;
    QString m_notCounted;
};

// Every goal of a lesson against a counted run's figures (runFigures()), as the tracker judges it.
QList<GoalCheck> checkGoals(const Lesson &lesson, const QJsonObject &figures);
bool allMet(const QList<GoalCheck> &checks);

// Whether a model runs under the lesson's load: the lesson's scenario and the start's total client
// rate. A run of a model that changed either does not count toward the goals; the reason says what.
bool underLessonLoad(const Lesson &lesson, const model::Model &model, QString *reason = nullptr);

} // namespace scalelab::lessons
