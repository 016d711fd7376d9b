#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QList>
#include <QMap>
#include <QString>

#include <functional>
#include <limits>

class QSqlDatabase;
class QSqlQuery;

namespace scalelab::store {

// A learner's answer to one check question of a lesson.
struct AnsweredQuestion {
    int choice = -1;
    bool right = false;
    QDateTime answeredAt; // UTC
};

// Where one learner stands in one lesson.
struct LessonRecord {
    QString lessonId;
    QDateTime openedAt;        // first opened, UTC; invalid: never opened
    QDateTime lastOpenedAt;    // UTC
    int hintsShown = 0;        // hints are revealed in order, so a count says which
    QDateTime completedAt;     // the first run that met every goal, UTC; invalid: not yet
    QDateTime solutionShownAt; // the reference solution was last put on the canvas, UTC
    // The best passing run: one object per goal, {"metric", "component", "measured"}, in the
    // lesson's goal order. Empty before the lesson is completed.
    QJsonArray bestFigures;
    double bestMargin = std::numeric_limits<double>::quiet_NaN();
    QMap<int, AnsweredQuestion> answers; // question index -> the answer checked last

    bool started() const { return openedAt.isValid(); }
    bool completed() const { return completedAt.isValid(); }
};

// The learner's progress through the lessons, one SQLite database per user (by default in the
// application data location). Every write is one transaction, so a crash leaves the previous
// state. A file that cannot be opened or read as progress makes the store unavailable with a
// sentence saying why: the workbench goes on without progress rather than refusing to start, and
// the file is left untouched for the learner to look at.
class LessonProgress {
public:
    static constexpr int kSchemaVersion = 1;
    static QString defaultPath(); // AppDataLocation/progress.sqlite

    explicit LessonProgress(const QString &path = defaultPath());
    ~LessonProgress();
    LessonProgress(const LessonProgress &) = delete;
    LessonProgress &operator=(const LessonProgress &) = delete;

    QString path() const { return m_path; }
    bool isAvailable() const { return m_available; }
    // Why the store is unavailable, or why the last write failed; empty when all is well.
    QString error() const { return m_error; }

    // The record of one lesson (an empty one, not started, when there is none).
    LessonRecord record(const QString &lessonId) const;
    QList<LessonRecord> records() const; // every lesson with any progress, by id
    // Whether any lesson was ever opened: a learner who never did is offered the first one.
    bool anyOpened() const;
    // The lesson opened most recently, or empty.
    QString lastOpened() const;

    bool markOpened(const QString &lessonId, const QDateTime &at = now());
    bool setHintsShown(const QString &lessonId, int count);
    bool markSolutionShown(const QString &lessonId, const QDateTime &at = now());
    bool answer(const QString &lessonId, int question, int choice, bool right,
                const QDateTime &at = now());
    // A run met every goal: the lesson is completed (the first such run's time stays), and
    // `figures` become the best run's when `margin` beats the one kept (or none is kept yet).
    // Returns whether these figures were kept.
    bool recordPass(const QString &lessonId, const QJsonArray &figures, double margin,
                    const QDateTime &at = now());
    // Forgets one lesson's progress (hints, answers, completion).
    bool forget(const QString &lessonId);

private:
    static QDateTime now() { return QDateTime::currentDateTimeUtc(); }
    bool open();
    // One write: the statements in a transaction, rolled back on the first failure.
    bool write(const std::function<bool(QSqlDatabase &)> &statements);
    bool ensureRecord(QSqlDatabase &db, const QString &lessonId);
    bool exec(QSqlQuery &query, const QString &lessonId);
    bool fail(const QString &what);

    QString m_path;
    QString m_connection;
    bool m_available = false;
    QString m_error;
};

} // namespace scalelab::store
