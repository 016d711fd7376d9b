#pragma once

// Lessons: loading them from their folders, and checking their goals against what the engine
// measured. A lesson is data (docs/lessons.md); nothing here knows any particular lesson.

#include "model/model.h"
#include "model/model_json.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace scalelab::lessons {

// One figure the engine measures, bounded from above, below or both.
struct Goal {
    QString metric;    // "latency_p95_ms", or a component's result path such as "hit_ratio"
    QString component; // empty: a figure of the whole run
    std::optional<double> atMost;
    std::optional<double> atLeast;
    QString text; // what the checklist says
};

struct Question {
    QString question;
    QStringList choices;
    int answer = 0; // index into choices
    QString explanation;
};

struct Lesson {
    QString id;
    int number = 0;
    QString title;
    QString summary;
    QString folder;   // where it was loaded from (a directory or a resource path)
    QString markdown; // the text
    model::Model start;
    model::Model solution;
    model::Scenario scenario; // the lesson's load, already set in start and solution
    QList<Goal> goals;
    QStringList hints;
    QList<Question> questions;
};

struct LessonLoad {
    std::optional<Lesson> lesson; // set only when problems is empty
    QList<model::Problem> problems;
};

// Loads one lesson folder: lesson.json checked against the schema, then its text and both models
// (with the lesson's scenario in them). Problems name the file and the place in it.
LessonLoad loadLesson(const QString &folder);

struct Catalogue {
    QList<Lesson> lessons; // in number order
    QList<model::Problem> problems;
};

// Every lesson under root (one subfolder each), in number order; duplicate ids or numbers are
// problems. A lesson that does not load is left out and its problems reported.
Catalogue loadCatalogue(const QString &root);

// Where the lessons are: SCALELAB_LESSONS_DIR when set, else the lessons built into the program.
QString lessonsRoot();

// The lesson named by its id or its number ("single-server" or "1"), or nullptr.
const Lesson *findLesson(const Catalogue &catalogue, const QString &idOrNumber);

// The measured figure a goal reads, from the results JSON of a run (docs/model.md) with `spof` and
// `cost_per_month` in it; nullopt when the results do not have it (a component that is not there).
std::optional<double> measure(const Goal &goal, const QJsonObject &results);

// A run's verdict on one goal (goal_tracker.h judges it).
struct GoalCheck {
    Goal goal;
    std::optional<double> measured;
    bool met = false;
    double missedBy = 0; // how far outside its bound, in the metric's unit; 0 when met
    QString verdict;     // "met: 120 ms", "missed by 35 ms (measured 285 ms)", "not measured: ..."
};

// How a figure of this metric reads to a learner: "285 ms", "0.4 %", "$1,240/month", "3".
QString formatFigure(const QString &metric, double value);
// A goal's bound as its author wrote it: "40 ms" and "70 %", not "40.0 ms" and "70.0 %".
QString formatBound(const QString &metric, double value);
// How far apart two figures are, in the metric's own unit ("35 ms", "2.1 percentage points"),
// with the precision `shownWith` is shown with.
QString formatDifference(const QString &metric, double difference, double shownWith);
// What a goal asks, when its text does not say: "latency p95 at most 250 ms".
QString describe(const Goal &goal);

// Runs a model as the lesson measures it (its scenario as it is) and gives the figures that
// checkGoals (goal_tracker.h) reads. Runs in the calling thread.
QJsonObject measureModel(const model::Model &model);

struct Verification {
    QString lessonId;
    bool ok = false;
    QList<GoalCheck> start;    // the start model's checks
    QList<GoalCheck> solution; // the reference solution's checks
    QStringList failures;      // what is wrong, one sentence each
};

// What `scalelab lesson verify` checks: the start misses at least one goal, the solution meets
// every goal, both under the same load.
Verification verifyLesson(const Lesson &lesson);

} // namespace scalelab::lessons
