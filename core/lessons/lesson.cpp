#include "lesson.h"

#include "goal_tracker.h"
#include "json_schema.h"

#include "model/analysis.h"
#include "model/results_json.h"
#include "model/simulation_builder.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <future>

namespace scalelab::lessons {

namespace {

const QString kLessonFile = QStringLiteral("lesson.json");
const QString kBuiltInRoot = QStringLiteral(":/scalelab/lessons");

// Figures of the whole run a goal may read without naming a component (docs/lessons.md).
struct SystemMetric {
    const char *name;
    const char *words; // how the checklist names it
};
constexpr SystemMetric kSystemMetrics[] = {
    {"latency_mean_ms", "mean latency"},
    {"latency_p50_ms", "median latency"},
    {"latency_p95_ms", "95th-percentile latency"},
    {"latency_p99_ms", "99th-percentile latency"},
    {"error_rate", "error rate"},
    {"answered_share", "share of requests answered"},
    {"throughput_rps", "throughput"},
    {"spof_count", "single points of failure"},
    {"cost_per_month", "monthly cost"},
    {"lost_writes", "lost writes"},
    {"stale_reads", "stale reads"},
    {"sessions_lost", "sessions lost"},
    {"redelivered", "jobs redelivered"},
};

const SystemMetric *systemMetric(const QString &name)
{
    for (const SystemMetric &metric : kSystemMetrics)
        if (name == QLatin1String(metric.name))
            return &metric;
    return nullptr;
}

// Figures that are shares of a whole and read as percentages.
bool isShare(const QString &metric)
{
    return metric.endsWith(QLatin1String("_rate")) || metric.endsWith(QLatin1String("_share")) ||
           metric.endsWith(QLatin1String("_ratio")) || metric == QLatin1String("utilization") ||
           metric.endsWith(QLatin1String(".utilization"));
}

bool isMilliseconds(const QString &metric)
{
    return metric.endsWith(QLatin1String("_ms")) || metric.contains(QLatin1String("_ms."));
}

// A resource path reads as "built-in lessons/..." rather than ":/scalelab/lessons/...".
QString shownPath(const QString &path)
{
    if (path.startsWith(QLatin1String(":/scalelab/")))
        return QStringLiteral("built-in ") + path.mid(11);
    return QDir::toNativeSeparators(path);
}

std::optional<QByteArray> readFile(const QString &path, QList<model::Problem> *problems)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        problems->append({shownPath(path),
                          {},
                          file.exists() ? QStringLiteral("cannot be read: ") + file.errorString()
                                        : QStringLiteral("is missing")});
        return std::nullopt;
    }
    return file.readAll();
}

std::optional<QJsonObject> readObject(const QString &path, QList<model::Problem> *problems)
{
    const std::optional<QByteArray> bytes = readFile(path, problems);
    if (!bytes)
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(*bytes, &error);
    if (error.error != QJsonParseError::NoError) {
        problems->append(
            {shownPath(path), model::lineAndColumn(*bytes, error.offset), error.errorString()});
        return std::nullopt;
    }
    if (!document.isObject()) {
        problems->append({shownPath(path), {}, QStringLiteral("must be a JSON object {...}")});
        return std::nullopt;
    }
    return document.object();
}

const JsonSchema &lessonSchema()
{
    static const JsonSchema schema = [] {
        QFile file(kBuiltInRoot + QStringLiteral("/schema.json"));
        file.open(QIODevice::ReadOnly);
        return JsonSchema(QJsonDocument::fromJson(file.readAll()).object());
    }();
    return schema;
}

// A lesson's model: its own file with the lesson's scenario put in, through the model loader, so
// the scenario is checked by the same rules as any model's. A syntax error is reported against the
// model's own text, where its line and column mean something.
std::optional<model::Model> loadLessonModel(const QString &path, const QJsonValue &scenario,
                                            QList<model::Problem> *problems)
{
    const std::optional<QByteArray> bytes = readFile(path, problems);
    if (!bytes)
        return std::nullopt;
    const QJsonDocument document = QJsonDocument::fromJson(*bytes);
    if (!document.isObject()) {
        problems->append(model::parseModel(*bytes, shownPath(path)).problems);
        return std::nullopt;
    }
    QJsonObject object = document.object();
    object.insert(QStringLiteral("scenario"), scenario);
    model::LoadResult loaded = model::parseModel(QJsonDocument(object).toJson(), shownPath(path));
    if (!loaded.ok()) {
        problems->append(loaded.problems);
        return std::nullopt;
    }
    return std::move(*loaded.model);
}

QString formatNumber(double value, int decimals)
{
    return QLocale(QLocale::English).toString(value, 'f', decimals);
}

int decimalsFor(double magnitude)
{
    if (magnitude >= 100)
        return 0;
    if (magnitude >= 10)
        return 1;
    return 2;
}

void checkGoalMeaning(const QJsonArray &goals, const QString &file, QList<model::Problem> *problems)
{
    for (qsizetype i = 0; i < goals.size(); ++i) {
        const QJsonObject goal = goals.at(i).toObject();
        const QString where = QStringLiteral("goals[%1]").arg(i);
        if (!goal.contains(QLatin1String("at_most")) && !goal.contains(QLatin1String("at_least")))
            problems->append(
                {file, where, QStringLiteral("needs a bound: at_most, at_least or both")});
        if (goal.contains(QLatin1String("at_most")) && goal.contains(QLatin1String("at_least")) &&
            goal.value(QLatin1String("at_least")).toDouble() >
                goal.value(QLatin1String("at_most")).toDouble())
            problems->append(
                {file, where, QStringLiteral("at_least is above at_most: no figure can meet it")});
        const QString metric = goal.value(QLatin1String("metric")).toString();
        if (!goal.contains(QLatin1String("component")) && !systemMetric(metric)) {
            QStringList names;
            for (const SystemMetric &known : kSystemMetrics)
                names << QLatin1String(known.name);
            problems->append({file, where + QStringLiteral(".metric"),
                              QStringLiteral("'%1' is not a figure of the whole run; expected one "
                                             "of %2, or name a component")
                                  .arg(metric, names.join(QStringLiteral(", ")))});
        }
    }
}

void checkQuestionMeaning(const QJsonArray &questions, const QString &file,
                          QList<model::Problem> *problems)
{
    for (qsizetype i = 0; i < questions.size(); ++i) {
        const QJsonObject question = questions.at(i).toObject();
        const int answer = question.value(QLatin1String("answer")).toInt();
        const qsizetype choices = question.value(QLatin1String("choices")).toArray().size();
        if (answer >= choices)
            problems->append({file, QStringLiteral("questions[%1].answer").arg(i),
                              QStringLiteral("is choice %1, but there are only %2 choices "
                                             "(counting from 0)")
                                  .arg(answer)
                                  .arg(choices)});
    }
}

} // namespace

LessonLoad loadLesson(const QString &folder)
{
    LessonLoad result;
    QList<model::Problem> &problems = result.problems;
    const QDir dir(folder);
    const QString lessonPath = dir.filePath(kLessonFile);
    const QString shown = shownPath(lessonPath);

    const std::optional<QJsonObject> object = readObject(lessonPath, &problems);
    if (!object)
        return result;
    problems.append(lessonSchema().validate(*object, shown));
    if (!problems.isEmpty())
        return result; // the members below may not even have their types
    checkGoalMeaning(object->value(QLatin1String("goals")).toArray(), shown, &problems);
    checkQuestionMeaning(object->value(QLatin1String("questions")).toArray(), shown, &problems);

    Lesson lesson;
    lesson.folder = folder;
    lesson.id = object->value(QLatin1String("id")).toString();
    lesson.number = object->value(QLatin1String("number")).toInt();
    lesson.title = object->value(QLatin1String("title")).toString();
    lesson.summary = object->value(QLatin1String("summary")).toString();

    if (const std::optional<QByteArray> text =
            readFile(dir.filePath(object->value(QLatin1String("text")).toString()), &problems))
        lesson.markdown = QString::fromUtf8(*text);

    // The scenario's problems come back once from each model: name them once, against lesson.json.
    const QJsonValue scenario = object->value(QLatin1String("scenario"));
    QList<model::Problem> modelProblems;
    const std::optional<model::Model> start = loadLessonModel(
        dir.filePath(object->value(QLatin1String("start")).toString()), scenario, &modelProblems);
    const std::optional<model::Model> solution =
        loadLessonModel(dir.filePath(object->value(QLatin1String("solution")).toString()), scenario,
                        &modelProblems);
    QSet<QString> scenarioProblems;
    for (model::Problem problem : modelProblems) {
        if (problem.where.startsWith(QLatin1String("scenario"))) {
            problem.file = shown;
            if (scenarioProblems.contains(problem.toString()))
                continue;
            scenarioProblems.insert(problem.toString());
        }
        problems.append(problem);
    }

    const QJsonArray goals = object->value(QLatin1String("goals")).toArray();
    for (qsizetype i = 0; i < goals.size(); ++i) {
        const QJsonObject g = goals.at(i).toObject();
        Goal goal;
        goal.metric = g.value(QLatin1String("metric")).toString();
        goal.component = g.value(QLatin1String("component")).toString();
        if (g.contains(QLatin1String("at_most")))
            goal.atMost = g.value(QLatin1String("at_most")).toDouble();
        if (g.contains(QLatin1String("at_least")))
            goal.atLeast = g.value(QLatin1String("at_least")).toDouble();
        goal.text = g.value(QLatin1String("text")).toString();
        if (goal.text.isEmpty())
            goal.text = describe(goal);
        if (!goal.component.isEmpty() && solution && !solution->find(goal.component))
            problems.append(
                {shown, QStringLiteral("goals[%1].component").arg(i),
                 QStringLiteral("'%1' is not a component of the solution").arg(goal.component)});
        lesson.goals.append(goal);
    }
    for (const QJsonValue &hint : object->value(QLatin1String("hints")).toArray())
        lesson.hints << hint.toString();
    for (const QJsonValue &value : object->value(QLatin1String("questions")).toArray()) {
        const QJsonObject q = value.toObject();
        Question question;
        question.question = q.value(QLatin1String("question")).toString();
        for (const QJsonValue &choice : q.value(QLatin1String("choices")).toArray())
            question.choices << choice.toString();
        question.answer = q.value(QLatin1String("answer")).toInt();
        question.explanation = q.value(QLatin1String("explanation")).toString();
        lesson.questions.append(question);
    }

    if (!problems.isEmpty())
        return result;
    lesson.start = *start;
    lesson.solution = *solution;
    lesson.scenario = start->scenario;
    result.lesson = std::move(lesson);
    return result;
}

Catalogue loadCatalogue(const QString &root)
{
    Catalogue catalogue;
    const QDir dir(root);
    if (!dir.exists()) {
        catalogue.problems.append(
            {shownPath(root), {}, QStringLiteral("no such folder of lessons")});
        return catalogue;
    }
    QHash<QString, QString> folderOfId;
    QHash<int, QString> folderOfNumber;
    for (const QString &name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        const QString folder = dir.filePath(name);
        if (!QFile::exists(QDir(folder).filePath(kLessonFile)))
            continue; // not a lesson (a teacher's notes, say)
        LessonLoad loaded = loadLesson(folder);
        catalogue.problems.append(loaded.problems);
        if (!loaded.lesson)
            continue;
        const Lesson &lesson = *loaded.lesson;
        const QString file = shownPath(QDir(folder).filePath(kLessonFile));
        if (folderOfId.contains(lesson.id)) {
            catalogue.problems.append(
                {file, QStringLiteral("id"),
                 QStringLiteral("'%1' is already the id of %2")
                     .arg(lesson.id, shownPath(folderOfId.value(lesson.id)))});
            continue;
        }
        if (folderOfNumber.contains(lesson.number)) {
            catalogue.problems.append({file, QStringLiteral("number"),
                                       QStringLiteral("%1 is already the number of %2")
                                           .arg(lesson.number)
                                           .arg(shownPath(folderOfNumber.value(lesson.number)))});
            continue;
        }
        folderOfId.insert(lesson.id, folder);
        folderOfNumber.insert(lesson.number, folder);
        catalogue.lessons.append(std::move(*loaded.lesson));
    }
    std::sort(catalogue.lessons.begin(), catalogue.lessons.end(),
              [](const Lesson &a, const Lesson &b) { return a.number < b.number; });
    return catalogue;
}

QString lessonsRoot()
{
    const QString own = qEnvironmentVariable("SCALELAB_LESSONS_DIR");
    return own.isEmpty() ? kBuiltInRoot : own;
}

const Lesson *findLesson(const Catalogue &catalogue, const QString &idOrNumber)
{
    bool isNumber = false;
    const int number = idOrNumber.toInt(&isNumber);
    for (const Lesson &lesson : catalogue.lessons)
        if (lesson.id == idOrNumber || (isNumber && lesson.number == number))
            return &lesson;
    return nullptr;
}

std::optional<double> measure(const Goal &goal, const QJsonObject &results)
{
    const auto numberAt = [](QJsonValue value, const QString &path) -> std::optional<double> {
        for (const QString &part : path.split(QLatin1Char('.')))
            value = value.toObject().value(part);
        if (!value.isDouble())
            return std::nullopt;
        return value.toDouble();
    };
    if (!goal.component.isEmpty()) {
        const QJsonValue component =
            results.value(QLatin1String("components")).toObject().value(goal.component);
        if (!component.isObject())
            return std::nullopt;
        return numberAt(component, goal.metric);
    }
    const QJsonValue summary = results.value(QLatin1String("summary"));
    const QString &m = goal.metric;
    if (m.startsWith(QLatin1String("latency_")) && m.endsWith(QLatin1String("_ms")))
        return numberAt(summary, QStringLiteral("latency_ms.") + m.mid(8).chopped(3));
    if (m == QLatin1String("error_rate") || m == QLatin1String("throughput_rps"))
        return numberAt(summary, m);
    if (m == QLatin1String("answered_share")) {
        // `completed` counts the successful answers only; an error is an answer too.
        const std::optional<double> requests = numberAt(summary, QStringLiteral("requests"));
        const std::optional<double> completed = numberAt(summary, QStringLiteral("completed"));
        const std::optional<double> errors = numberAt(summary, QStringLiteral("errors"));
        if (!requests || !completed || *requests <= 0)
            return std::nullopt;
        return std::min(1.0, (*completed + errors.value_or(0)) / *requests);
    }
    if (m == QLatin1String("spof_count")) {
        if (!results.value(QLatin1String("spof")).isArray())
            return std::nullopt;
        return double(results.value(QLatin1String("spof")).toArray().size());
    }
    if (m == QLatin1String("cost_per_month"))
        return numberAt(results, m);
    if (!systemMetric(m))
        return std::nullopt;
    // A count added up over every component that measures it; none measuring it counts 0.
    const QJsonObject components = results.value(QLatin1String("components")).toObject();
    double total = 0;
    for (auto it = components.begin(); it != components.end(); ++it)
        total += it.value().toObject().value(m).toDouble();
    return total;
}

QString formatFigure(const QString &metric, double value)
{
    if (std::isnan(value))
        return QStringLiteral("none");
    if (isShare(metric)) {
        const double percent = value * 100;
        const double shown = std::abs(percent);
        return formatNumber(percent, shown == 0 || shown >= 1 ? 1 : (shown >= 0.1 ? 2 : 3)) +
               QStringLiteral(" %");
    }
    if (isMilliseconds(metric))
        return formatNumber(value, decimalsFor(std::abs(value))) + QStringLiteral(" ms");
    if (metric == QLatin1String("cost_per_month"))
        return QStringLiteral("$") + formatNumber(std::round(value), 0) + QStringLiteral("/month");
    if (metric.endsWith(QLatin1String("_rps")))
        return formatNumber(value, decimalsFor(std::abs(value))) + QStringLiteral(" rps");
    if (value == std::round(value))
        return formatNumber(value, 0);
    return formatNumber(value, decimalsFor(std::abs(value)));
}

// At the precision the figures themselves are shown with, so "285 ms, at most 250 ms" is missed
// by 35 ms rather than 35.4.
QString formatDifference(const QString &metric, double difference, double shownWith)
{
    if (isShare(metric)) {
        const double points = difference * 100;
        return QStringLiteral("%1 percentage points")
            .arg(formatNumber(points, points >= 1 ? 1 : (points >= 0.1 ? 2 : 3)));
    }
    const QString amount = formatNumber(difference, decimalsFor(std::abs(shownWith)));
    if (isMilliseconds(metric))
        return amount + QStringLiteral(" ms");
    if (metric.endsWith(QLatin1String("_rps")))
        return amount + QStringLiteral(" rps");
    return formatFigure(metric, difference); // money and counts have one precision
}

QString formatBound(const QString &metric, double value)
{
    const double shown = isShare(metric) ? value * 100 : value;
    if (std::abs(shown - std::round(shown)) > 1e-9 * std::max(1.0, std::abs(shown)) ||
        metric == QLatin1String("cost_per_month"))
        return formatFigure(metric, value);
    const QString number = formatNumber(std::round(shown), 0);
    if (isShare(metric))
        return number + QStringLiteral(" %");
    if (isMilliseconds(metric))
        return number + QStringLiteral(" ms");
    if (metric.endsWith(QLatin1String("_rps")))
        return number + QStringLiteral(" rps");
    return number;
}

QString describe(const Goal &goal)
{
    QString name;
    if (goal.component.isEmpty()) {
        const SystemMetric *metric = systemMetric(goal.metric);
        name = metric ? QLatin1String(metric->words) : goal.metric;
    } else {
        QString words = goal.metric;
        words.replace(QLatin1Char('_'), QLatin1Char(' '))
            .replace(QLatin1Char('.'), QLatin1Char(' '));
        name = goal.component + QLatin1Char(' ') + words;
    }
    QStringList bounds;
    if (goal.atLeast)
        bounds << QStringLiteral("at least ") + formatBound(goal.metric, *goal.atLeast);
    if (goal.atMost)
        bounds << QStringLiteral("at most ") + formatBound(goal.metric, *goal.atMost);
    return name + QLatin1Char(' ') + bounds.join(QStringLiteral(" and "));
}

QJsonObject measureModel(const model::Model &model)
{
    QList<model::Problem> problems;
    const model::RunSettings settings = model::resolveSettings(model, {}, &problems);
    // One thread: verify runs lessons side by side, and one replication uses one anyway.
    const sim::RunResults results = model::runModel(model, settings, nullptr, 1);
    const model::Analysis analysis = model::analyze(model);
    return GoalTracker::runFigures(model::resultsToJson(results, model, analysis.spof), analysis);
}

Verification verifyLesson(const Lesson &lesson)
{
    Verification v;
    v.lessonId = lesson.id;
    for (const auto &[name, m] : {std::pair{QStringLiteral("start"), &lesson.start},
                                  std::pair{QStringLiteral("solution"), &lesson.solution}}) {
        for (const model::Problem &problem : model::unsupportedMechanisms(*m))
            v.failures << QStringLiteral("the %1 cannot run: %2").arg(name, problem.toString());
    }
    QString reason;
    if (!underLessonLoad(lesson, lesson.solution, &reason))
        v.failures << QStringLiteral("the solution does not run under the lesson's load: ") +
                          reason;
    if (!v.failures.isEmpty())
        return v;

    // The two runs are independent: side by side they take the time of one on two cores.
    std::future<QJsonObject> solutionRun =
        std::async(std::launch::async, [&lesson] { return measureModel(lesson.solution); });
    v.start = checkGoals(lesson, measureModel(lesson.start));
    v.solution = checkGoals(lesson, solutionRun.get());

    if (allMet(v.start))
        v.failures << QStringLiteral("the start already meets every goal: it has nothing to teach");
    for (const GoalCheck &check : v.solution)
        if (!check.met)
            v.failures << QStringLiteral("the solution misses \"%1\": %2")
                              .arg(check.goal.text, check.verdict);
    v.ok = v.failures.isEmpty();
    return v;
}

} // namespace scalelab::lessons
