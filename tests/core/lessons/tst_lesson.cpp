// Loading lessons (schema, models, the lesson's scenario), reading goals from results, and what
// `lesson verify` decides. The fixture is a test lesson of our own (tests/data/lesson-cases), so
// these tests do not move when the chapter's lessons are rewritten.

#include "lessons/goal_tracker.h"
#include "lessons/json_schema.h"
#include "lessons/lesson.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace scalelab;

namespace {

const QString kCases = QStringLiteral(SCALELAB_TEST_DATA "/lesson-cases");
const QString kFixture = kCases + QStringLiteral("/one-server");

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return file.readAll();
}

void writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
}

// A copy of the fixture in `dir`/`name` whose lesson.json went through `edit`.
QString copyFixture(const QTemporaryDir &dir, const QString &name,
                    const std::function<void(QJsonObject &)> &edit = {})
{
    const QString folder = dir.filePath(name);
    QDir().mkpath(folder);
    for (const QString &file : QDir(kFixture).entryList(QDir::Files))
        QFile::copy(QDir(kFixture).filePath(file), QDir(folder).filePath(file));
    if (edit) {
        QJsonObject lesson = QJsonDocument::fromJson(readAll(kFixture + "/lesson.json")).object();
        edit(lesson);
        QFile::remove(QDir(folder).filePath("lesson.json"));
        writeAll(QDir(folder).filePath("lesson.json"), QJsonDocument(lesson).toJson());
    }
    return folder;
}

// Every problem of a lesson that must not load, one per line: what a learner would read.
QString problemsOf(const QString &folder)
{
    const lessons::LessonLoad loaded = lessons::loadLesson(folder);
    if (loaded.lesson)
        return {};
    QStringList lines;
    for (const model::Problem &problem : loaded.problems)
        lines << problem.toString();
    return lines.join('\n');
}

QJsonObject results(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

} // namespace

class TestLesson : public QObject {
    Q_OBJECT

private slots:
    void loadsEveryPartOfALesson()
    {
        const lessons::LessonLoad loaded = lessons::loadLesson(kFixture);
        QVERIFY2(loaded.lesson, qPrintable(loaded.problems.value(0).toString()));
        const lessons::Lesson &lesson = *loaded.lesson;
        QCOMPARE(lesson.id, QStringLiteral("one-server"));
        QCOMPARE(lesson.number, 1);
        QVERIFY(lesson.markdown.startsWith("# One server near saturation"));
        QCOMPARE(lesson.goals.size(), 3);
        QCOMPARE(lesson.goals.at(2).component, QStringLiteral("web"));
        QCOMPARE(lesson.goals.at(2).atMost, 0.7);
        QVERIFY(!lesson.goals.at(2).atLeast);
        // A goal without a text of its own gets one that says what it bounds.
        QCOMPARE(lesson.goals.at(1).text, QStringLiteral("error rate at most 1 %"));
        QCOMPARE(lesson.hints.size(), 2);
        QCOMPARE(lesson.questions.size(), 2);
        QCOMPARE(lesson.questions.at(1).answer, 1);
        // The lesson's scenario is in both models, whatever the model files say.
        QCOMPARE(lesson.scenario.durationS, 60.0);
        QCOMPARE(lesson.start.scenario, lesson.scenario);
        QCOMPARE(lesson.solution.scenario, lesson.scenario);
        QCOMPARE(lesson.start.find("web")->number("cores"), 1.0);
        QCOMPARE(lesson.solution.find("web")->number("cores"), 2.0);
    }

    void refusesWhatBreaksTheSchemaOrMakesNoSense_data()
    {
        QTest::addColumn<QString>("member");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("problem");
        QTest::newRow("unknown member")
            << "hint" << QJsonValue("x") << "lesson.json: hint: is not a member here";
        QTest::newRow("wrong type")
            << "number" << QJsonValue("one") << "number: must be a whole number, got \"one\"";
        QTest::newRow("not a whole number")
            << "number" << QJsonValue(1.5) << "number: must be a whole number";
        QTest::newRow("wrong format")
            << "format" << QJsonValue("scalelab-model") << "format: must be \"scalelab-lesson\"";
        QTest::newRow("empty title") << "title" << QJsonValue("  ") << "title: must not be empty";
        QTest::newRow("one hint") << "hints" << QJsonValue(QJsonArray{"only"})
                                  << "hints: needs at least 2 entries, has 1";
        QTest::newRow("goal without bound")
            << "goals" << QJsonValue(QJsonArray{QJsonObject{{"metric", "error_rate"}}})
            << "goals[0]: needs a bound: at_most, at_least or both";
        QTest::newRow("bounds crossed")
            << "goals"
            << QJsonValue(QJsonArray{
                   QJsonObject{{"metric", "error_rate"}, {"at_most", 0.1}, {"at_least", 0.2}}})
            << "goals[0]: at_least is above at_most";
        QTest::newRow("unknown figure")
            << "goals" << QJsonValue(QJsonArray{QJsonObject{{"metric", "p95"}, {"at_most", 1}}})
            << "goals[0].metric: 'p95' is not a figure of the whole run";
        QTest::newRow("misspelt goal member")
            << "goals"
            << QJsonValue(QJsonArray{QJsonObject{{"metric", "error_rate"}, {"at_mots", 1}}})
            << "goals[0].at_mots: is not a member here";
        QTest::newRow("component not in the solution")
            << "goals"
            << QJsonValue(QJsonArray{
                   QJsonObject{{"metric", "hit_ratio"}, {"component", "cache"}, {"at_least", 1}}})
            << "goals[0].component: 'cache' is not a component of the solution";
        QTest::newRow("answer out of range")
            << "questions"
            << QJsonValue(QJsonArray{QJsonObject{{"question", "q"},
                                                 {"choices", QJsonArray{"a", "b"}},
                                                 {"answer", 2},
                                                 {"explanation", "e"}},
                                     QJsonObject{{"question", "q"},
                                                 {"choices", QJsonArray{"a", "b"}},
                                                 {"answer", 0},
                                                 {"explanation", "e"}}})
            << "questions[0].answer: is choice 2, but there are only 2 choices";
        QTest::newRow("missing text file")
            << "text" << QJsonValue("nowhere.md") << "nowhere.md: is missing";
        QTest::newRow("bad scenario") << "scenario" << QJsonValue(QJsonObject{{"duration_s", -1}})
                                      << "lesson.json: scenario.duration_s: must be";
    }

    void refusesWhatBreaksTheSchemaOrMakesNoSense()
    {
        QFETCH(QString, member);
        QFETCH(QJsonValue, value);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        const QString folder =
            copyFixture(dir, "broken", [&](QJsonObject &lesson) { lesson.insert(member, value); });
        const QString problems = problemsOf(folder);
        QVERIFY2(problems.contains(problem), qPrintable(problems));
        // A scenario's problem comes back from both models but is named once, against the lesson.
        QCOMPARE(problems.count(problem), 1);
    }

    void namesTheLineOfBrokenJson()
    {
        QTemporaryDir dir;
        const QString folder = copyFixture(dir, "broken");
        QFile::remove(folder + "/lesson.json");
        writeAll(folder + "/lesson.json", "{\n  \"id\": \"x\",\n  \"number\" 1\n}\n");
        QVERIFY2(problemsOf(folder).contains("lesson.json: line 3, column 12"),
                 qPrintable(problemsOf(folder)));
    }

    void namesTheModelFileAndPlace()
    {
        QTemporaryDir dir;
        const QString folder = copyFixture(dir, "broken");
        QByteArray solution = readAll(folder + "/solution.json");
        solution.replace("\"cores\": 2", "\"cores\": 0");
        QFile::remove(folder + "/solution.json");
        writeAll(folder + "/solution.json", solution);
        const QString problems = problemsOf(folder);
        QVERIFY2(problems.contains(
                     "solution.json: components[1].cores: must be a whole number of at least 1"),
                 qPrintable(problems));
    }

    void schemaRefusesKeywordsItDoesNotCheck()
    {
        const lessons::JsonSchema schema(
            QJsonObject{{"type", "object"},
                        {"properties",
                         QJsonObject{{"id", QJsonObject{{"type", "string"}, {"pattern", "x"}}}}}});
        QVERIFY(schema.schemaError().contains("'pattern' is not supported"));
        QVERIFY(!schema.validate(QJsonObject{}, "f").isEmpty());
        const lessons::JsonSchema dangling(QJsonObject{{"$ref", "#/$defs/none"}});
        QVERIFY(dangling.schemaError().contains("leads nowhere"));
    }

    void catalogueOrdersByNumberAndRefusesDuplicates()
    {
        QTemporaryDir dir;
        copyFixture(dir, "a-second", [](QJsonObject &l) {
            l.insert("id", "second");
            l.insert("number", 2);
        });
        copyFixture(dir, "b-first");
        copyFixture(dir, "c-same-id", [](QJsonObject &l) { l.insert("number", 3); });
        copyFixture(dir, "d-same-number", [](QJsonObject &l) { l.insert("id", "other"); });
        QDir().mkpath(dir.filePath("notes")); // not a lesson: no lesson.json
        const lessons::Catalogue catalogue = lessons::loadCatalogue(dir.path());
        QCOMPARE(catalogue.lessons.size(), 2);
        QCOMPARE(catalogue.lessons.at(0).id, QStringLiteral("one-server"));
        QCOMPARE(catalogue.lessons.at(1).id, QStringLiteral("second"));
        QCOMPARE(catalogue.problems.size(), 2);
        QVERIFY(catalogue.problems.at(0).toString().contains("'one-server' is already the id"));
        QVERIFY(catalogue.problems.at(1).toString().contains("1 is already the number"));
        QCOMPARE(lessons::findLesson(catalogue, "2"), &catalogue.lessons.at(1));
        QCOMPARE(lessons::findLesson(catalogue, "second"), &catalogue.lessons.at(1));
        QVERIFY(!lessons::findLesson(catalogue, "7"));

        const lessons::Catalogue none = lessons::loadCatalogue(dir.filePath("missing"));
        QVERIFY(none.lessons.isEmpty());
        QVERIFY(none.problems.value(0).what.contains("no such folder"));
    }

    void measuresFiguresOfTheRunAndOfComponents_data()
    {
        QTest::addColumn<QString>("metric");
        QTest::addColumn<QString>("component");
        QTest::addColumn<double>("expected");
        QTest::newRow("p95") << "latency_p95_ms"
                             << "" << 150.0;
        QTest::newRow("mean") << "latency_mean_ms"
                              << "" << 50.0;
        QTest::newRow("errors") << "error_rate"
                                << "" << 0.02;
        // Errors are answers too: 880 answered well and 20 with an error, of 1,000 sent.
        QTest::newRow("answered") << "answered_share"
                                  << "" << 0.9;
        QTest::newRow("spof") << "spof_count"
                              << "" << 2.0;
        QTest::newRow("cost") << "cost_per_month"
                              << "" << 420.0;
        QTest::newRow("lost writes over every database") << "lost_writes"
                                                         << "" << 7.0;
        QTest::newRow("none lost") << "sessions_lost"
                                   << "" << 0.0;
        QTest::newRow("component figure") << "hit_ratio"
                                          << "cache" << 0.8;
        QTest::newRow("component path") << "response_ms.p95"
                                        << "cache" << 1.5;
    }

    void measuresFiguresOfTheRunAndOfComponents()
    {
        QFETCH(QString, metric);
        QFETCH(QString, component);
        QFETCH(double, expected);
        const QJsonObject run = results(R"({
            "summary": {"requests": 1000, "completed": 880, "errors": 20, "error_rate": 0.02,
                        "latency_ms": {"mean": 50, "p95": 150}},
            "components": {"cache": {"hit_ratio": 0.8, "response_ms": {"p95": 1.5}},
                           "db": {"lost_writes": 3}, "db-2": {"lost_writes": 4}},
            "spof": ["lb", "db"], "cost_per_month": 420})");
        lessons::Goal goal;
        goal.metric = metric;
        goal.component = component;
        QCOMPARE(lessons::measure(goal, run), std::optional<double>(expected));
    }

    void aFigureTheRunDoesNotHaveIsNotMeasured()
    {
        lessons::Goal goal;
        goal.metric = "hit_ratio";
        goal.component = "cache";
        goal.atLeast = 0.5;
        lessons::Lesson lesson;
        lesson.goals = {goal};
        const QList<lessons::GoalCheck> checks =
            lessons::checkGoals(lesson, results(R"({"components": {"web": {}}})"));
        QVERIFY(!checks.at(0).met);
        QCOMPARE(checks.at(0).verdict,
                 QStringLiteral("not measured: the design has no cache measuring hit_ratio"));
    }

    void verdictSaysByHowMuchAGoalIsMissed()
    {
        lessons::Lesson lesson;
        lesson.goals.append({"latency_p95_ms", {}, 250.0, std::nullopt, "p95"});
        lesson.goals.append({"hit_ratio", "cache", std::nullopt, 0.8, "hits"});
        lesson.goals.append({"cost_per_month", {}, 1000.0, std::nullopt, "budget"});
        const QList<lessons::GoalCheck> checks = lessons::checkGoals(lesson, results(R"({
            "summary": {"latency_ms": {"p95": 285.4}},
            "components": {"cache": {"hit_ratio": 0.75}}, "cost_per_month": 1234.4})"));
        QCOMPARE(checks.at(0).verdict,
                 QStringLiteral("missed by 35 ms: measured 285 ms, at most 250 ms"));
        QCOMPARE(checks.at(1).verdict,
                 QStringLiteral("missed by 5.0 percentage points: measured 75.0 %, at least 80 %"));
        QCOMPARE(checks.at(2).verdict, QStringLiteral("missed by $234/month: measured "
                                                      "$1,234/month, at most $1,000/month"));
        QVERIFY(!lessons::allMet(checks));

        const QList<lessons::GoalCheck> met = lessons::checkGoals(lesson, results(R"({
            "summary": {"latency_ms": {"p95": 250}},
            "components": {"cache": {"hit_ratio": 0.8}}, "cost_per_month": 999})"));
        QVERIFY(lessons::allMet(met)); // a bound is inclusive
        QCOMPARE(met.at(0).verdict, QStringLiteral("met: measured 250 ms"));
    }

    void onlyTheLessonsLoadCounts()
    {
        const lessons::Lesson lesson = *lessons::loadLesson(kFixture).lesson;
        QString reason;
        QVERIFY(lessons::underLessonLoad(lesson, lesson.solution, &reason));
        QVERIFY(reason.isEmpty());

        model::Model renamed = lesson.start; // an id or a position is not load
        renamed.components[0].id = "visitors";
        renamed.layout.clear();
        QVERIFY(lessons::underLessonLoad(lesson, renamed));

        model::Model lighter = lesson.start;
        lighter.components[0].parameters.insert("rate_rps", 45);
        QVERIFY(!lessons::underLessonLoad(lesson, lighter, &reason));
        QVERIFY2(reason.contains("clients"), qPrintable(reason));

        model::Model shorter = lesson.start;
        shorter.scenario.durationS = 10;
        QVERIFY(!lessons::underLessonLoad(lesson, shorter, &reason));
        QVERIFY2(reason.contains("scenario"), qPrintable(reason));
    }

    void verifyMeasuresStartAndSolutionWithTheEngine()
    {
        const lessons::Lesson lesson = *lessons::loadLesson(kFixture).lesson;
        const lessons::Verification v = lessons::verifyLesson(lesson);
        QVERIFY2(v.ok, qPrintable(v.failures.join('\n')));
        // M/M/1 at 90 rps of 10 ms: the time in the system is exponential with mean
        // 1/(mu - lambda) = 100 ms, so its 95th percentile is 100 ln 20 = 300 ms; one minute of
        // simulated time leaves it well above the goal's 100 ms. With two cores (M/M/2, 45 %
        // busy) the 95th percentile is near 35 ms.
        QVERIFY(!v.start.at(0).met);
        QVERIFY(*v.start.at(0).measured > 150 && *v.start.at(0).measured < 400);
        QVERIFY(*v.solution.at(0).measured < 60);
        QVERIFY(qAbs(*v.start.at(2).measured - 0.9) < 0.05);
        QVERIFY(qAbs(*v.solution.at(2).measured - 0.45) < 0.05);
    }

    void verifyFailsALessonThatTeachesNothing()
    {
        lessons::Lesson lesson = *lessons::loadLesson(kFixture).lesson;
        lessons::Lesson solved = lesson;
        solved.start = lesson.solution; // the start already meets everything
        lessons::Verification v = lessons::verifyLesson(solved);
        QVERIFY(!v.ok);
        QVERIFY(v.failures.join('\n').contains("the start already meets every goal"));

        lessons::Lesson unsolved = lesson;
        unsolved.solution = lesson.start;
        v = lessons::verifyLesson(unsolved);
        QVERIFY(!v.ok);
        QVERIFY2(v.failures.join('\n').contains(
                     "the solution misses \"95 % of requests answered within 100 ms\": missed by"),
                 qPrintable(v.failures.join('\n')));

        lessons::Lesson cheating = lesson; // a solution that meets the goals by sending less
        cheating.solution.components[0].parameters.insert("rate_rps", 10);
        v = lessons::verifyLesson(cheating);
        QVERIFY(!v.ok);
        QVERIFY(v.failures.join('\n').contains("does not run under the lesson's load"));
    }
};

QTEST_GUILESS_MAIN(TestLesson)
#include "tst_lesson.moc"
