#include "project_file.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryFile>
#include <QVariant>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <system_error>

namespace scalelab::store {

namespace {

// Every SQLite database starts with these 16 bytes; anything else is not one.
const QByteArray kSqliteHeader("SQLite format 3\0", 16);
const QString kFormat = QStringLiteral("scalelab-project");
const QString kExtension = QStringLiteral(".scalelab");
// "SCLB" in the header's application_id field, so tools such as `file` can tell a project from any
// other SQLite database without our code.
constexpr int kApplicationId = 0x53434C42;

bool hasSqliteHeader(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) && file.read(kSqliteHeader.size()) == kSqliteHeader;
}

QString uniqueConnectionName()
{
    static std::atomic<quint64> next{0};
    return QStringLiteral("scalelab-store-%1").arg(next.fetch_add(1));
}

// One named QSqlDatabase connection for this object's lifetime. Qt warns and leaks if a handle to
// the connection outlives removeDatabase, so every query lives in a scope inside this one.
class Connection {
public:
    Connection(const QString &file, bool readOnly) : m_name(uniqueConnectionName())
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(file);
        if (readOnly)
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
    }
    ~Connection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    QSqlDatabase database() const { return QSqlDatabase::database(m_name, false); }

private:
    QString m_name;
};

// Whether an open database is a project this ScaleLab reads; returns what is wrong, or an empty
// string.
QString checkProject(QSqlDatabase db)
{
    if (!db.open())
        return QStringLiteral("cannot open the database: %1").arg(db.lastError().text());
    const QStringList tables = db.tables();
    if (!tables.contains(QStringLiteral("meta")))
        return QStringLiteral("not a ScaleLab project: the SQLite database has no meta table");

    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT key, value FROM meta")))
        return QStringLiteral("not a ScaleLab project: cannot read its meta table: %1")
            .arg(query.lastError().text());
    QHash<QString, QString> meta;
    while (query.next())
        meta.insert(query.value(0).toString(), query.value(1).toString());

    const QString format = meta.value(QStringLiteral("format"));
    if (format != kFormat)
        return QStringLiteral("not a ScaleLab project: its format is '%1', expected '%2'")
            .arg(format, kFormat);
    const QString versionText = meta.value(QStringLiteral("schema_version"));
    bool isNumber = false;
    const int version = versionText.toInt(&isNumber);
    if (!isNumber || version < 1)
        return QStringLiteral("schema_version must be a whole number of at least 1, got '%1'")
            .arg(versionText);
    if (version > ProjectFile::kSchemaVersion)
        return QStringLiteral("schema version %1 is newer than this ScaleLab reads (%2); "
                              "open it with a newer ScaleLab")
            .arg(version)
            .arg(ProjectFile::kSchemaVersion);
    return {};
}

// The model's JSON from an open project; returns what is wrong, or an empty string.
QString readModelJson(QSqlDatabase db, QByteArray *json)
{
    if (QString what = checkProject(db); !what.isEmpty())
        return what;
    QSqlQuery query(db);
    if (!db.tables().contains(QStringLiteral("model")))
        return QStringLiteral("the project has no model table");
    if (!query.exec(QStringLiteral("SELECT json FROM model WHERE id = 1")))
        return QStringLiteral("cannot read the model: %1").arg(query.lastError().text());
    if (!query.next())
        return QStringLiteral("the project holds no model");
    *json = query.value(0).toByteArray();
    return {};
}

// The run history: the summary as columns, so the runs panel lists a project's runs without
// reading a model, the results or a series; the rest as JSON (docs/model.md, "Project files").
const QString kCreateRuns = QStringLiteral(
    "CREATE TABLE runs (id INTEGER PRIMARY KEY NOT NULL, started_at TEXT NOT NULL, "
    "label TEXT NOT NULL, model_name TEXT NOT NULL, settings TEXT NOT NULL, "
    "offered_rps REAL, throughput_rps REAL, mean_ms REAL, p50_ms REAL, p95_ms REAL, "
    "p99_ms REAL, error_rate REAL, errors INTEGER NOT NULL, bottleneck TEXT NOT NULL, "
    "bottleneck_utilization REAL, model_json TEXT NOT NULL, results TEXT NOT NULL, "
    "series BLOB NOT NULL)");
const QString kSummaryColumns = QStringLiteral(
    "id, started_at, label, model_name, settings, offered_rps, throughput_rps, mean_ms, "
    "p50_ms, p95_ms, p99_ms, error_rate, errors, bottleneck, bottleneck_utilization");
constexpr int kSummaryColumnCount = 15;

// SQLite keeps a NaN as NULL; NULL reads back as NaN ("no such figure").
QVariant real(double value)
{
    return std::isnan(value) ? QVariant(QMetaType(QMetaType::Double)) : QVariant(value);
}
double realOf(const QVariant &value)
{
    return value.isNull() ? RunSummary::kNone : value.toDouble();
}

// A null QString binds as NULL, which the NOT NULL text columns refuse: an empty label is ''.
QString text(const QString &value)
{
    return value.isNull() ? QStringLiteral("") : value;
}

QString insertRun(QSqlQuery &query, const StoredRun &run)
{
    const RunSummary &s = run.summary;
    query.prepare(QStringLiteral("INSERT INTO runs (%1, model_json, results, series) VALUES "
                                 "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                      .arg(kSummaryColumns));
    query.addBindValue(s.id);
    query.addBindValue(s.startedAt.toUTC().toString(Qt::ISODateWithMs));
    query.addBindValue(text(s.label));
    query.addBindValue(text(s.modelName));
    query.addBindValue(
        QString::fromUtf8(QJsonDocument(settingsJson(s)).toJson(QJsonDocument::Compact)));
    for (const double value :
         {s.offeredRps, s.throughputRps, s.meanMs, s.p50Ms, s.p95Ms, s.p99Ms, s.errorRate})
        query.addBindValue(real(value));
    query.addBindValue(static_cast<qint64>(s.errors));
    query.addBindValue(text(s.bottleneck));
    query.addBindValue(real(s.bottleneckUtilization));
    query.addBindValue(QString::fromUtf8(run.modelJson));
    query.addBindValue(
        QString::fromUtf8(QJsonDocument(run.results).toJson(QJsonDocument::Compact)));
    query.addBindValue(encodeSeries(run.seriesIntervalS, run.components, run.series));
    return query.exec()
               ? QString()
               : QStringLiteral("cannot write run %1: %2").arg(s.id).arg(query.lastError().text());
}

RunSummary summaryOf(const QSqlQuery &query)
{
    RunSummary s;
    s.id = query.value(0).toLongLong();
    s.startedAt = QDateTime::fromString(query.value(1).toString(), Qt::ISODateWithMs).toUTC();
    s.label = query.value(2).toString();
    s.modelName = query.value(3).toString();
    readSettingsJson(QJsonDocument::fromJson(query.value(4).toByteArray()).object(), &s);
    s.offeredRps = realOf(query.value(5));
    s.throughputRps = realOf(query.value(6));
    s.meanMs = realOf(query.value(7));
    s.p50Ms = realOf(query.value(8));
    s.p95Ms = realOf(query.value(9));
    s.p99Ms = realOf(query.value(10));
    s.errorRate = realOf(query.value(11));
    s.errors = static_cast<quint64>(query.value(12).toLongLong());
    s.bottleneck = query.value(13).toString();
    s.bottleneckUtilization = realOf(query.value(14));
    return s;
}

// Runs from an open project: every one (id < 0) or the one with that id, in full or the
// summary only. A project from before the run history has none. Returns what is wrong, or an
// empty string.
QString readRuns(QSqlDatabase db, qint64 id, bool full, QList<StoredRun> *runs)
{
    if (QString what = checkProject(db); !what.isEmpty())
        return what;
    if (!db.tables().contains(QStringLiteral("runs")))
        return {};
    QSqlQuery query(db);
    query.setForwardOnly(true);
    QString statement = QStringLiteral("SELECT %1%2 FROM runs")
                            .arg(kSummaryColumns, full ? QStringLiteral(", model_json, results, "
                                                                        "series")
                                                       : QString());
    if (id >= 0)
        statement += QStringLiteral(" WHERE id = %1").arg(id);
    statement += QStringLiteral(" ORDER BY id");
    if (!query.exec(statement))
        return QStringLiteral("cannot read the runs: %1").arg(query.lastError().text());
    while (query.next()) {
        StoredRun run;
        run.summary = summaryOf(query);
        if (full) {
            run.modelJson = query.value(kSummaryColumnCount).toByteArray();
            run.results =
                QJsonDocument::fromJson(query.value(kSummaryColumnCount + 1).toByteArray())
                    .object();
            if (!decodeSeries(query.value(kSummaryColumnCount + 2).toByteArray(),
                              &run.seriesIntervalS, &run.components, &run.series))
                return QStringLiteral("run %1: its series cannot be read").arg(run.summary.id);
        }
        runs->append(std::move(run));
    }
    return {};
}

// The whole project in one transaction; returns what went wrong, or an empty string.
QString writeProject(QSqlDatabase db, const model::Model &model, const QList<StoredRun> &runs)
{
    if (!db.open())
        return QStringLiteral("cannot create the database: %1").arg(db.lastError().text());
    QSqlQuery query(db);
    const auto run = [&query](const QString &statement) {
        return query.exec(statement)
                   ? QString()
                   : QStringLiteral("cannot write the project: %1").arg(query.lastError().text());
    };
    // The temporary file only becomes the project when renamed, so an on-disk rollback journal
    // would guard nothing; the commit still syncs the database file before the rename.
    for (const QString &pragma :
         {QStringLiteral("PRAGMA journal_mode = MEMORY"),
          QStringLiteral("PRAGMA application_id = %1").arg(kApplicationId),
          QStringLiteral("PRAGMA user_version = %1").arg(ProjectFile::kSchemaVersion)}) {
        if (QString what = run(pragma); !what.isEmpty())
            return what;
    }
    if (!db.transaction())
        return QStringLiteral("cannot write the project: %1").arg(db.lastError().text());

    // Key-value metadata and the model as JSON keep the schema open to additions (a runs table,
    // learner progress) without a migration for what is already there.
    QString what = run(QStringLiteral("CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, "
                                      "value TEXT NOT NULL)"));
    if (what.isEmpty())
        what = run(QStringLiteral("CREATE TABLE model (id INTEGER PRIMARY KEY CHECK (id = 1), "
                                  "json TEXT NOT NULL)"));
    const QList<std::pair<QString, QString>> meta = {
        {QStringLiteral("format"), kFormat},
        {QStringLiteral("schema_version"), QString::number(ProjectFile::kSchemaVersion)},
        {QStringLiteral("app_version"), QStringLiteral(SCALELAB_VERSION)},
        {QStringLiteral("saved_at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}};
    for (const auto &[key, value] : meta) {
        if (!what.isEmpty())
            break;
        query.prepare(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?)"));
        query.addBindValue(key);
        query.addBindValue(value);
        if (!query.exec())
            what = QStringLiteral("cannot write the project: %1").arg(query.lastError().text());
    }
    if (what.isEmpty()) {
        query.prepare(QStringLiteral("INSERT INTO model (id, json) VALUES (1, ?)"));
        query.addBindValue(QString::fromUtf8(model::serializeModel(model)));
        if (!query.exec())
            what = QStringLiteral("cannot write the project: %1").arg(query.lastError().text());
    }
    if (what.isEmpty())
        what = run(kCreateRuns);
    for (const StoredRun &stored : runs) {
        if (!what.isEmpty())
            break;
        what = insertRun(query, stored);
    }
    if (what.isEmpty() && !db.commit())
        what = QStringLiteral("cannot write the project: %1").arg(db.lastError().text());
    if (!what.isEmpty())
        db.rollback();
    return what;
}

// Removes the temporary database (and any journal SQLite left beside it) unless the save reached
// the rename.
class TemporaryFileGuard {
public:
    explicit TemporaryFileGuard(QString path) : m_path(std::move(path)) {}
    ~TemporaryFileGuard()
    {
        if (m_path.isEmpty())
            return;
        QFile::remove(m_path);
        QFile::remove(m_path + QStringLiteral("-journal"));
    }
    TemporaryFileGuard(const TemporaryFileGuard &) = delete;
    TemporaryFileGuard &operator=(const TemporaryFileGuard &) = delete;

    void release() { m_path.clear(); }

private:
    QString m_path;
};

std::filesystem::path fileSystemPath(const QString &path)
{
    return std::filesystem::path(QDir::toNativeSeparators(path).toStdU16String());
}

} // namespace

model::LoadResult ProjectFile::load(const QString &path)
{
    model::LoadResult result;
    const auto fail = [&](const QString &what) {
        result.problems.append(model::Problem{path, {}, what});
        return result;
    };
    QByteArray header;
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("cannot read the file: %1").arg(file.errorString()));
        header = file.read(kSqliteHeader.size());
    }
    if (header.isEmpty())
        return fail(QStringLiteral("not a ScaleLab project: the file is empty"));
    if (header != kSqliteHeader)
        return fail(QStringLiteral("not a ScaleLab project: the file is not an SQLite database"));

    QByteArray json;
    QString what;
    {
        const Connection connection(path, true);
        what = readModelJson(connection.database(), &json);
    }
    if (!what.isEmpty())
        return fail(what);
    return model::parseModel(json, path);
}

bool ProjectFile::save(const QString &path, const model::Model &model, QString *error)
{
    return save(path, model, {}, error);
}

bool ProjectFile::save(const QString &path, const model::Model &model, const QList<StoredRun> &runs,
                       QString *error)
{
    const auto fail = [&](const QString &what) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(path), what);
        return false;
    };
    const QFileInfo target(path);
    const QDir folder = target.absoluteDir();
    if (!folder.exists())
        return fail(QStringLiteral("the folder %1 does not exist")
                        .arg(QDir::toNativeSeparators(folder.path())));
    if (target.isDir())
        return fail(QStringLiteral("is a folder"));

    // Beside the target, so the rename stays within one file system and is atomic.
    QString temporaryPath;
    {
        QTemporaryFile temporary(
            folder.filePath(QStringLiteral(".%1.XXXXXX").arg(target.fileName().left(100))));
        temporary.setAutoRemove(false);
        if (!temporary.open())
            return fail(QStringLiteral("cannot create a temporary file beside it: %1")
                            .arg(temporary.errorString()));
        temporaryPath = temporary.fileName();
    } // closed: SQLite opens it by name, and an empty file is an empty database to SQLite
    TemporaryFileGuard guard(temporaryPath);

    QString what;
    {
        const Connection connection(temporaryPath, false);
        what = writeProject(connection.database(), model, runs);
    }
    if (!what.isEmpty())
        return fail(what);

    // QTemporaryFile makes the file private to its owner; a project keeps the permissions of the
    // file it replaces, or those of an ordinary new document.
    QFile::setPermissions(temporaryPath, target.exists() ? QFile::permissions(path)
                                                         : QFile::ReadOwner | QFile::WriteOwner |
                                                               QFile::ReadUser | QFile::WriteUser |
                                                               QFile::ReadGroup | QFile::ReadOther);
    // QFile::rename refuses to replace an existing file; std::filesystem::rename replaces it in
    // one step (rename(2) on POSIX, MoveFileEx with MOVEFILE_REPLACE_EXISTING on Windows).
    std::error_code code;
    std::filesystem::rename(fileSystemPath(temporaryPath), fileSystemPath(path), code);
    if (code)
        return fail(QStringLiteral("cannot replace the file: %1")
                        .arg(QString::fromStdString(code.message())));
    guard.release();
    return true;
}

namespace {

QList<StoredRun> readRunsOf(const QString &path, qint64 id, bool full, QString *error)
{
    QList<StoredRun> runs;
    QString what;
    if (!hasSqliteHeader(path)) {
        what = QStringLiteral("not a ScaleLab project: the file is not an SQLite database");
    } else {
        const Connection connection(path, true);
        what = readRuns(connection.database(), id, full, &runs);
    }
    if (!what.isEmpty()) {
        runs.clear();
        if (error)
            *error = QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(path), what);
    }
    return runs;
}

} // namespace

QList<RunSummary> ProjectFile::listRuns(const QString &path, QString *error)
{
    QList<RunSummary> summaries;
    for (const StoredRun &run : readRunsOf(path, -1, false, error))
        summaries.append(run.summary);
    return summaries;
}

std::optional<StoredRun> ProjectFile::loadRun(const QString &path, qint64 id, QString *error)
{
    QList<StoredRun> runs = readRunsOf(path, std::max<qint64>(id, 0), true, error);
    if (runs.isEmpty()) {
        if (error && error->isEmpty())
            *error =
                QStringLiteral("%1: holds no run %2").arg(QDir::toNativeSeparators(path)).arg(id);
        return std::nullopt;
    }
    return std::move(runs.first());
}

QList<StoredRun> ProjectFile::loadRuns(const QString &path, QString *error)
{
    return readRunsOf(path, -1, true, error);
}

bool ProjectFile::isProject(const QString &path)
{
    return path.endsWith(kExtension, Qt::CaseInsensitive) || hasSqliteHeader(path);
}

model::LoadResult loadAny(const QString &path)
{
    return ProjectFile::isProject(path) ? ProjectFile::load(path) : model::loadModelFile(path);
}

} // namespace scalelab::store
