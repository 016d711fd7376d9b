// `scalelab lesson list|verify`: the lessons as the workbench's lesson panel loads them, checked
// by the engine without a display.

#include "subcommands.h"

#include "command_line.h"

#include "lessons/lesson.h"

#include <QTextStream>

namespace scalelab::app {

namespace {

QString usageLine()
{
    return QStringLiteral("usage: scalelab lesson list | scalelab lesson verify [ID...]");
}

// A lesson folder that does not load is bad input: its problems say where and what.
bool reportLoadProblems(const lessons::Catalogue &catalogue, QTextStream &err)
{
    for (const model::Problem &problem : catalogue.problems)
        err << problem.toString() << Qt::endl;
    return !catalogue.problems.isEmpty();
}

int listLessons(const lessons::Catalogue &catalogue, QTextStream &out, QTextStream &err)
{
    qsizetype idWidth = 0;
    for (const lessons::Lesson &lesson : catalogue.lessons)
        idWidth = std::max(idWidth, lesson.id.size());
    for (const lessons::Lesson &lesson : catalogue.lessons)
        out << QStringLiteral("%1  %2  %3\n")
                   .arg(lesson.number, 2)
                   .arg(lesson.id, -int(idWidth))
                   .arg(lesson.title);
    out.flush();
    return reportLoadProblems(catalogue, err) ? kBadInput : kDone;
}

void printChecks(const char *label, const QList<lessons::GoalCheck> &checks, qsizetype index,
                 QTextStream &out)
{
    if (index >= checks.size())
        return;
    const lessons::GoalCheck &check = checks.at(index);
    out << "      " << label << (check.met ? "  ok    " : "  MISS  ") << check.verdict << '\n';
}

int verifyLessons(const lessons::Catalogue &catalogue, const QStringList &ids, QTextStream &out,
                  QTextStream &err)
{
    QList<const lessons::Lesson *> chosen;
    for (const QString &id : ids) {
        const lessons::Lesson *lesson = lessons::findLesson(catalogue, id);
        if (!lesson) {
            reportLoadProblems(catalogue, err);
            err << "scalelab lesson verify: no lesson '" << id
                << "'; 'scalelab lesson list' shows their ids and numbers" << Qt::endl;
            return kBadInput;
        }
        chosen << lesson;
    }
    if (ids.isEmpty())
        for (const lessons::Lesson &lesson : catalogue.lessons)
            chosen << &lesson;

    QStringList failed;
    for (const lessons::Lesson *lesson : chosen) {
        out << QStringLiteral("%1 %2: %3\n").arg(lesson->number).arg(lesson->id, lesson->title);
        out.flush();
        const lessons::Verification v = lessons::verifyLesson(*lesson);
        for (qsizetype i = 0; i < lesson->goals.size(); ++i) {
            out << "    " << lesson->goals.at(i).text << '\n';
            printChecks("start   ", v.start, i, out);
            printChecks("solution", v.solution, i, out);
        }
        if (v.ok) {
            qsizetype missed = 0;
            for (const lessons::GoalCheck &check : v.start)
                missed += check.met ? 0 : 1;
            out << QStringLiteral("  verified: the start misses %1 of %2 goals, the solution "
                                  "meets every one\n")
                       .arg(missed)
                       .arg(lesson->goals.size());
        } else {
            for (const QString &failure : v.failures)
                out << "  FAILED: " << failure << '\n';
            failed << lesson->id;
        }
        out.flush();
    }
    const bool broken = ids.isEmpty() && reportLoadProblems(catalogue, err);
    if (!failed.isEmpty()) {
        out << QStringLiteral("%1 of %2 lessons failed: %3\n")
                   .arg(failed.size())
                   .arg(chosen.size())
                   .arg(failed.join(QStringLiteral(", ")));
        out.flush();
        return kFailed;
    }
    out << (chosen.size() == 1 ? QStringLiteral("1 lesson verified\n")
                               : QStringLiteral("%1 lessons verified\n").arg(chosen.size()));
    out.flush();
    return broken ? kBadInput : kDone;
}

} // namespace

int lessonCommand(const QStringList &arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    CommandLine line(QStringLiteral("lesson"), arguments, {}, {});
    if (!line.ok()) {
        err << "scalelab lesson: " << line.error() << '\n' << usageLine() << Qt::endl;
        return kBadInput;
    }
    QStringList words = line.positional();
    const QString action = words.isEmpty() ? QString() : words.takeFirst();
    if (action != QLatin1String("list") && action != QLatin1String("verify")) {
        err << "scalelab lesson: "
            << (action.isEmpty()
                    ? QStringLiteral("expected list or verify")
                    : QStringLiteral("unknown action '%1'; expected list or verify").arg(action))
            << '\n'
            << usageLine() << Qt::endl;
        return kBadInput;
    }
    if (action == QLatin1String("list") && !words.isEmpty()) {
        err << "scalelab lesson list: takes no arguments\n" << usageLine() << Qt::endl;
        return kBadInput;
    }
    const lessons::Catalogue catalogue = lessons::loadCatalogue(lessons::lessonsRoot());
    if (action == QLatin1String("list"))
        return listLessons(catalogue, out, err);
    return verifyLessons(catalogue, words, out, err);
}

} // namespace scalelab::app
