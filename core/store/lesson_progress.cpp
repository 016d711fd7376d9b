#include "lesson_progress.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QVariant>

#include <algorithm>
#include <atomic>
#include <cmath>

namespace scalelab::store {

namespace {

const QByteArray kSqliteHeader("SQLite format 3\0", 16);
// "SCLP" in the header's application_id, so a progress file is told from a project (SCLB) or any
// other SQLite database without our code.
constexpr int kApplicationId = 0x53434C50;

const QStringList kCreate = {
    QStringLiteral(
        "CREATE TABLE lessons (id TEXT PRIMARY KEY NOT NULL, opened_at TEXT NOT NULL, "
        "last_opened_at TEXT NOT NULL, hints_shown INTEGER NOT NULL DEFAULT 0, "
        "completed_at TEXT, solution_shown_at TEXT, best_figures TEXT, best_margin REAL)"),
    QStringLiteral("CREATE TABLE answers (lesson_id TEXT NOT NULL, question INTEGER NOT NULL, "
                   "choice INTEGER NOT NULL, correct INTEGER NOT NULL, answered_at TEXT NOT NULL, "
                   "PRIMARY KEY (lesson_id, question))"),
    QStringLiteral("PRAGMA application_id = %1").arg(kApplicationId),
    QStringLiteral("PRAGMA user_version = %1").arg(LessonProgress::kSchemaVersion)};

QString uniqueConnectionName()
{
    static std::atomic<quint64> next{0};
    return QStringLiteral("scalelab-progress-%1").arg(next.fetch_add(1));
}

QString timeText(const QDateTime &at)
{
    return at.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime timeOf(const QVariant &value)
{
    if (value.isNull())
        return {};
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs).toUTC();
}

} // namespace

QString LessonProgress::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/progress.sqlite");
}

LessonProgress::LessonProgress(const QString &path)
    : m_path(path), m_connection(uniqueConnectionName())
{
    m_available = open();
}

LessonProgress::~LessonProgress()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

bool LessonProgress::fail(const QString &what)
{
    m_error = what;
    return false;
}

bool LessonProgress::open()
{
    const QString shown = QDir::toNativeSeparators(m_path);
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath()))
        return fail(QStringLiteral("cannot create the folder %1")
                        .arg(QDir::toNativeSeparators(info.absolutePath())));
    // Something else under our name is left alone: SQLite would refuse it only at the first
    // query, and a new database must never be written over it.
    if (info.exists() && info.size() > 0) {
        QFile file(m_path);
        if (!file.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("%1 cannot be read: %2").arg(shown, file.errorString()));
        if (file.read(kSqliteHeader.size()) != kSqliteHeader)
            return fail(QStringLiteral("%1 is not a SQLite database").arg(shown));
    }

    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(m_path);
    // Two windows of the same learner share the file: wait a little for the other's write.
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=2000"));
    if (!db.open())
        return fail(QStringLiteral("%1 cannot be opened: %2").arg(shown, db.lastError().text()));

    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next())
        return fail(QStringLiteral("%1 cannot be read: %2").arg(shown, query.lastError().text()));
    const int version = query.value(0).toInt();
    query.finish();
    if (version > kSchemaVersion)
        return fail(QStringLiteral("%1 was written by a newer ScaleLab (progress version %2; this "
                                   "one reads %3)")
                        .arg(shown)
                        .arg(version)
                        .arg(kSchemaVersion));
    const QStringList tables = db.tables();
    if (version == 0) {
        if (!tables.isEmpty())
            return fail(
                QStringLiteral("%1 is a SQLite database, but not ScaleLab's progress").arg(shown));
        if (!db.transaction())
            return fail(
                QStringLiteral("%1 cannot be written: %2").arg(shown, db.lastError().text()));
        for (const QString &statement : kCreate) {
            if (!query.exec(statement)) {
                const QString why = query.lastError().text();
                db.rollback();
                return fail(QStringLiteral("%1 cannot be written: %2").arg(shown, why));
            }
        }
        if (!db.commit())
            return fail(
                QStringLiteral("%1 cannot be written: %2").arg(shown, db.lastError().text()));
        return true;
    }
    for (const QString &table : {QStringLiteral("lessons"), QStringLiteral("answers")})
        if (!tables.contains(table))
            return fail(QStringLiteral("%1 is damaged: it has no %2 table").arg(shown, table));
    return true;
}

LessonRecord LessonProgress::record(const QString &lessonId) const
{
    LessonRecord r;
    r.lessonId = lessonId;
    if (!m_available)
        return r;
    const QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT opened_at, last_opened_at, hints_shown, completed_at, "
                                 "best_figures, best_margin, solution_shown_at FROM lessons "
                                 "WHERE id = ?"));
    query.addBindValue(lessonId);
    if (!query.exec() || !query.next())
        return r;
    r.openedAt = timeOf(query.value(0));
    r.lastOpenedAt = timeOf(query.value(1));
    r.hintsShown = query.value(2).toInt();
    r.completedAt = timeOf(query.value(3));
    r.bestFigures = QJsonDocument::fromJson(query.value(4).toByteArray()).array();
    if (!query.value(5).isNull())
        r.bestMargin = query.value(5).toDouble();
    r.solutionShownAt = timeOf(query.value(6));

    QSqlQuery answers(db);
    answers.prepare(QStringLiteral(
        "SELECT question, choice, correct, answered_at FROM answers WHERE lesson_id = ?"));
    answers.addBindValue(lessonId);
    if (answers.exec())
        while (answers.next())
            r.answers.insert(
                answers.value(0).toInt(),
                {answers.value(1).toInt(), answers.value(2).toBool(), timeOf(answers.value(3))});
    return r;
}

QList<LessonRecord> LessonProgress::records() const
{
    QList<LessonRecord> all;
    if (!m_available)
        return all;
    QStringList ids;
    {
        QSqlQuery query(QSqlDatabase::database(m_connection, false));
        if (query.exec(QStringLiteral("SELECT id FROM lessons ORDER BY id")))
            while (query.next())
                ids << query.value(0).toString();
    }
    for (const QString &id : ids)
        all << record(id);
    return all;
}

bool LessonProgress::anyOpened() const
{
    return !lastOpened().isEmpty();
}

QString LessonProgress::lastOpened() const
{
    if (!m_available)
        return {};
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (query.exec(QStringLiteral("SELECT id FROM lessons ORDER BY last_opened_at DESC LIMIT 1")) &&
        query.next())
        return query.value(0).toString();
    return {};
}

bool LessonProgress::ensureRecord(QSqlDatabase &db, const QString &lessonId)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral(
        "INSERT OR IGNORE INTO lessons (id, opened_at, last_opened_at) VALUES (?, ?, ?)"));
    const QString at = timeText(now());
    query.addBindValue(lessonId);
    query.addBindValue(at);
    query.addBindValue(at);
    return exec(query, lessonId);
}

bool LessonProgress::write(const std::function<bool(QSqlDatabase &)> &statements)
{
    if (!m_available)
        return false;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.transaction())
        return fail(QStringLiteral("cannot save the progress: %1").arg(db.lastError().text()));
    if (!statements(db)) {
        db.rollback();
        return false;
    }
    if (!db.commit()) {
        const QString why = db.lastError().text();
        db.rollback();
        return fail(QStringLiteral("cannot save the progress: %1").arg(why));
    }
    m_error.clear();
    return true;
}

bool LessonProgress::exec(QSqlQuery &query, const QString &lessonId)
{
    if (query.exec())
        return true;
    return fail(QStringLiteral("cannot save the progress of %1: %2")
                    .arg(lessonId, query.lastError().text()));
}

bool LessonProgress::markOpened(const QString &lessonId, const QDateTime &at)
{
    return write([&](QSqlDatabase &db) {
        QSqlQuery query(db);
        query.prepare(QStringLiteral(
            "INSERT INTO lessons (id, opened_at, last_opened_at) VALUES (?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET last_opened_at = excluded.last_opened_at"));
        query.addBindValue(lessonId);
        query.addBindValue(timeText(at));
        query.addBindValue(timeText(at));
        return exec(query, lessonId);
    });
}

bool LessonProgress::setHintsShown(const QString &lessonId, int count)
{
    return write([&](QSqlDatabase &db) {
        if (!ensureRecord(db, lessonId))
            return false;
        QSqlQuery query(db);
        query.prepare(QStringLiteral("UPDATE lessons SET hints_shown = ? WHERE id = ?"));
        query.addBindValue(std::max(0, count));
        query.addBindValue(lessonId);
        return exec(query, lessonId);
    });
}

bool LessonProgress::markSolutionShown(const QString &lessonId, const QDateTime &at)
{
    return write([&](QSqlDatabase &db) {
        if (!ensureRecord(db, lessonId))
            return false;
        QSqlQuery query(db);
        query.prepare(QStringLiteral("UPDATE lessons SET solution_shown_at = ? WHERE id = ?"));
        query.addBindValue(timeText(at));
        query.addBindValue(lessonId);
        return exec(query, lessonId);
    });
}

bool LessonProgress::answer(const QString &lessonId, int question, int choice, bool right,
                            const QDateTime &at)
{
    return write([&](QSqlDatabase &db) {
        if (!ensureRecord(db, lessonId))
            return false;
        QSqlQuery query(db);
        query.prepare(QStringLiteral("INSERT OR REPLACE INTO answers (lesson_id, question, "
                                     "choice, correct, answered_at) VALUES (?, ?, ?, ?, ?)"));
        query.addBindValue(lessonId);
        query.addBindValue(question);
        query.addBindValue(choice);
        query.addBindValue(right ? 1 : 0);
        query.addBindValue(timeText(at));
        return exec(query, lessonId);
    });
}

bool LessonProgress::recordPass(const QString &lessonId, const QJsonArray &figures, double margin,
                                const QDateTime &at)
{
    bool kept = false;
    const bool written = write([&](QSqlDatabase &db) {
        if (!ensureRecord(db, lessonId))
            return false;
        QSqlQuery read(db);
        read.prepare(
            QStringLiteral("SELECT best_figures IS NULL, best_margin FROM lessons WHERE id = ?"));
        read.addBindValue(lessonId);
        if (!exec(read, lessonId) || !read.next())
            return fail(QStringLiteral("cannot read the progress of %1").arg(lessonId));
        const bool none = read.value(0).toBool();
        const QVariant best = read.value(1);
        read.finish();
        // A margin that cannot be compared never displaces a kept run.
        kept = none || (!std::isnan(margin) && (best.isNull() || margin > best.toDouble()));

        QSqlQuery query(db);
        query.prepare(QStringLiteral(
            "UPDATE lessons SET completed_at = COALESCE(completed_at, ?) WHERE id = ?"));
        query.addBindValue(timeText(at));
        query.addBindValue(lessonId);
        if (!exec(query, lessonId))
            return false;
        if (!kept)
            return true;
        query.prepare(
            QStringLiteral("UPDATE lessons SET best_figures = ?, best_margin = ? WHERE id = ?"));
        query.addBindValue(
            QString::fromUtf8(QJsonDocument(figures).toJson(QJsonDocument::Compact)));
        // SQLite keeps a NaN as NULL.
        query.addBindValue(std::isnan(margin) ? QVariant(QMetaType(QMetaType::Double))
                                              : QVariant(margin));
        query.addBindValue(lessonId);
        return exec(query, lessonId);
    });
    return written && kept;
}

bool LessonProgress::forget(const QString &lessonId)
{
    return write([&](QSqlDatabase &db) {
        QSqlQuery query(db);
        query.prepare(QStringLiteral("DELETE FROM answers WHERE lesson_id = ?"));
        query.addBindValue(lessonId);
        if (!exec(query, lessonId))
            return false;
        query.prepare(QStringLiteral("DELETE FROM lessons WHERE id = ?"));
        query.addBindValue(lessonId);
        return exec(query, lessonId);
    });
}

} // namespace scalelab::store
