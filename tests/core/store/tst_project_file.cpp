// Project files: every shared example survives a save and a load unchanged, a save replaces the
// old project whole or not at all, a file that is not our project is refused with a message that
// names it, and the command line runs a project exactly as it runs the model inside it.

#include "store_test_support.h"

#include "model/model_json.h"
#include "store/project_file.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/resource.h>
#endif

using scalelab::model::LoadResult;
using scalelab::model::Model;
using scalelab::store::ProjectFile;

namespace {

QString data(const QString &name)
{
    return QStringLiteral(SCALELAB_TEST_DATA "/") + name;
}

Model example(const QString &name)
{
    const LoadResult loaded = scalelab::model::loadModelFile(data(name));
    if (!loaded.ok())
        qFatal("%s", qPrintable(loaded.message()));
    return *loaded.model;
}

// Every entry of a folder, hidden ones included: what a save may have left behind.
QStringList entries(const QString &folder)
{
    return QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::System |
                                  QDir::NoDotAndDotDot);
}

QHash<QString, QString> metaOf(const QString &file)
{
    QHash<QString, QString> meta;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("m"));
        db.setDatabaseName(file);
        if (db.open()) {
            QSqlQuery query(QStringLiteral("SELECT key, value FROM meta"), db);
            while (query.next())
                meta.insert(query.value(0).toString(), query.value(1).toString());
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("m"));
    return meta;
}

bool writeText(const QString &file, const QByteArray &text)
{
    QFile out(file);
    return out.open(QIODevice::WriteOnly) && out.write(text) == text.size();
}

struct Outcome {
    int exitCode = -1;
    QByteArray out;
    QString err;
};

Outcome runScalelab(const QStringList &arguments)
{
    QProcess p;
    p.start(QStringLiteral(SCALELAB_BINARY), arguments);
    if (!p.waitForFinished(120000))
        return {};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            QString::fromUtf8(p.readAllStandardError())};
}

QJsonObject withoutTimings(QJsonObject results)
{
    results.remove(QStringLiteral("wall_s"));
    results.remove(QStringLiteral("events_per_s"));
    return results;
}

} // namespace

class TestProjectFile : public QObject {
    Q_OBJECT

private slots:
    void roundTripKeepsTheModel_data();
    void roundTripKeepsTheModel();
    void metaRecordsWhatWroteIt();
    void saveReplacesWholeAndLeavesNoTemporaryFile();
    void saveIntoAMissingFolderFails();
    void fullDiskKeepsTheOldProject();
    void readOnlyFolderKeepsTheOldProject();
    void isProject_data();
    void isProject();
    void badProjectsAreRefused_data();
    void badProjectsAreRefused();
    void commandLineRunsAProject();
};

void TestProjectFile::roundTripKeepsTheModel_data()
{
    QTest::addColumn<QString>("name");
    const QStringList examples =
        QDir(QStringLiteral(SCALELAB_TEST_DATA)).entryList({QStringLiteral("*.json")}, QDir::Files);
    for (const QString &name : examples) {
        if (name != QLatin1String("expect.json")) // the figures the examples must give, no model
            QTest::newRow(qPrintable(name)) << name;
    }
}

void TestProjectFile::roundTripKeepsTheModel()
{
    QFETCH(QString, name);
    const Model original = example(name);
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QString path = folder.filePath(QStringLiteral("p.scalelab"));
    QString error;
    QVERIFY2(ProjectFile::save(path, original, &error), qPrintable(error));

    const LoadResult loaded = ProjectFile::load(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.message()));
    QVERIFY(*loaded.model == original);
    const LoadResult any = scalelab::store::loadAny(path);
    QVERIFY2(any.ok(), qPrintable(any.message()));
    QVERIFY(*any.model == original);
    // loadAny reads a plain model file as the model loader does.
    const LoadResult json = scalelab::store::loadAny(data(name));
    QVERIFY2(json.ok(), qPrintable(json.message()));
    QVERIFY(*json.model == original);
}

void TestProjectFile::metaRecordsWhatWroteIt()
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("p.scalelab"));
    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
    QVERIFY(ProjectFile::save(path, example(QStringLiteral("mm1.json")), nullptr));

    const QHash<QString, QString> meta = metaOf(path);
    QCOMPARE(meta.value(QStringLiteral("format")), QStringLiteral("scalelab-project"));
    QCOMPARE(meta.value(QStringLiteral("schema_version")), QStringLiteral("2"));
    QVERIFY(!meta.value(QStringLiteral("app_version")).isEmpty());
    const QDateTime savedAt =
        QDateTime::fromString(meta.value(QStringLiteral("saved_at")), Qt::ISODate);
    QVERIFY(savedAt.isValid());
    QVERIFY(savedAt >= before && savedAt <= QDateTime::currentDateTimeUtc().addSecs(1));
    // An ordinary document's permissions, not the temporary file's owner-only ones.
    QVERIFY(QFile::permissions(path) & QFile::ReadOther);
}

void TestProjectFile::saveReplacesWholeAndLeavesNoTemporaryFile()
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("p.scalelab"));
    const Model first = example(QStringLiteral("mm1.json"));
    const Model second = example(QStringLiteral("capstone.json"));
    QVERIFY(ProjectFile::save(path, first, nullptr));
    QVERIFY(ProjectFile::save(path, second, nullptr));
    QCOMPARE(entries(folder.path()), QStringList{QStringLiteral("p.scalelab")});
    const LoadResult loaded = ProjectFile::load(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.message()));
    QVERIFY(*loaded.model == second);
    QVERIFY(!(*loaded.model == first)); // the check above can tell the two apart
}

void TestProjectFile::saveIntoAMissingFolderFails()
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("nowhere/p.scalelab"));
    QString error;
    QVERIFY(!ProjectFile::save(path, example(QStringLiteral("mm1.json")), &error));
    QVERIFY2(error.contains(QDir::toNativeSeparators(path)), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("does not exist")), qPrintable(error));
    QVERIFY(entries(folder.path()).isEmpty());
}

// A disk that fills up halfway through the write, made with the file-size limit (which binds
// root too): the old project stays whole and loadable, and nothing is left beside it.
void TestProjectFile::fullDiskKeepsTheOldProject()
{
#ifdef Q_OS_UNIX
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("p.scalelab"));
    const Model old = example(QStringLiteral("mm1.json"));
    const Model replacement = example(QStringLiteral("capstone.json"));
    QVERIFY(ProjectFile::save(path, old, nullptr));
    QFile oldFile(path);
    QVERIFY(oldFile.open(QIODevice::ReadOnly));
    const QByteArray oldBytes = oldFile.readAll();
    oldFile.close();

    rlimit saved{};
    QCOMPARE(getrlimit(RLIMIT_FSIZE, &saved), 0);
    const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN); // EFBIG instead of a kill
    rlimit small = saved;
    small.rlim_cur = 4096; // one SQLite page: the second page of the new project does not fit
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
    QString error;
    const bool saved4k = ProjectFile::save(path, replacement, &error);
    setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, previousHandler);

    QVERIFY(!saved4k);
    QVERIFY2(error.contains(QDir::toNativeSeparators(path)), qPrintable(error));
    QCOMPARE(entries(folder.path()), QStringList{QStringLiteral("p.scalelab")});
    QVERIFY(oldFile.open(QIODevice::ReadOnly));
    QCOMPARE(oldFile.readAll(), oldBytes);
    const LoadResult loaded = ProjectFile::load(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.message()));
    QVERIFY(*loaded.model == old);

    // With room on the disk the same save goes through: the limit was the cause.
    QVERIFY2(ProjectFile::save(path, replacement, &error), qPrintable(error));
    QVERIFY(*ProjectFile::load(path).model == replacement);
#else
    QSKIP("needs the POSIX file-size limit");
#endif
}

void TestProjectFile::readOnlyFolderKeepsTheOldProject()
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("p.scalelab"));
    const Model old = example(QStringLiteral("mm1.json"));
    QVERIFY(ProjectFile::save(path, old, nullptr));
    const QFile::Permissions permissions = QFile::permissions(folder.path());
    QVERIFY(QFile::setPermissions(folder.path(), QFile::ReadOwner | QFile::ExeOwner |
                                                     QFile::ReadUser | QFile::ExeUser));
    const QString probe = folder.filePath(QStringLiteral("probe"));
    if (writeText(probe, "x")) { // root writes into any folder
        QFile::remove(probe);
        QFile::setPermissions(folder.path(), permissions);
        QSKIP("this user can write into a read-only folder (root); fullDiskKeepsTheOldProject "
              "covers the failed save");
    }
    QString error;
    const bool written = ProjectFile::save(path, example(QStringLiteral("capstone.json")), &error);
    QFile::setPermissions(folder.path(), permissions);

    QVERIFY(!written);
    QVERIFY2(error.contains(QDir::toNativeSeparators(path)), qPrintable(error));
    QCOMPARE(entries(folder.path()), QStringList{QStringLiteral("p.scalelab")});
    const LoadResult loaded = ProjectFile::load(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.message()));
    QVERIFY(*loaded.model == old);
}

void TestProjectFile::isProject_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content"); // empty: the file does not exist
    QTest::addColumn<bool>("expected");

    QTest::newRow("new .scalelab") << QStringLiteral("p.scalelab") << QByteArray() << true;
    QTest::newRow("upper case") << QStringLiteral("P.SCALELAB") << QByteArray() << true;
    QTest::newRow("text named .scalelab")
        << QStringLiteral("t.scalelab") << QByteArray("hi") << true;
    QTest::newRow("model") << QStringLiteral("m.json") << QByteArray("{}") << false;
    QTest::newRow("new model") << QStringLiteral("m.json") << QByteArray() << false;
    QTest::newRow("project under another name")
        << QStringLiteral("p.db") << QByteArray("project") << true;
}

void TestProjectFile::isProject()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(bool, expected);
    QTemporaryDir folder;
    const QString path = folder.filePath(name);
    if (content == "project")
        QVERIFY(ProjectFile::save(path, example(QStringLiteral("mm1.json")), nullptr));
    else if (!content.isEmpty())
        QVERIFY(writeText(path, content));
    QCOMPARE(ProjectFile::isProject(path), expected);
}

void TestProjectFile::badProjectsAreRefused_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expected");

    QTest::newRow("missing") << "missing"
                             << "cannot read the file";
    QTest::newRow("text named .scalelab") << "text"
                                          << "not an SQLite database";
    QTest::newRow("empty file") << "empty"
                                << "the file is empty";
    QTest::newRow("SQLite without our schema") << "foreign"
                                               << "no meta table";
    QTest::newRow("other format") << "format"
                                  << "format is 'notes'";
    QTest::newRow("newer schema") << "newer"
                                  << "schema version 99 is newer";
    QTest::newRow("no model") << "nomodel"
                              << "holds no model";
    QTest::newRow("model that does not validate") << "invalid"
                                                  << "components[1].cores";
}

void TestProjectFile::badProjectsAreRefused()
{
    QFETCH(QString, kind);
    QFETCH(QString, expected);
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("bad.scalelab"));
    const auto project = [&] {
        return ProjectFile::save(path, example(QStringLiteral("mm1.json")), nullptr);
    };
    if (kind == QLatin1String("text")) {
        QVERIFY(writeText(path, "{\"format\": \"scalelab-model\"}\n"));
    } else if (kind == QLatin1String("empty")) {
        QVERIFY(writeText(path, {}));
    } else if (kind == QLatin1String("foreign")) {
        QVERIFY(
            scalelab::testing::executeSql(path, {QStringLiteral("CREATE TABLE notes (x TEXT)")}));
    } else if (kind == QLatin1String("format")) {
        QVERIFY(project());
        QVERIFY(
            scalelab::testing::executeSql(path, {QStringLiteral("UPDATE meta SET value = 'notes' "
                                                                "WHERE key = 'format'")}));
    } else if (kind == QLatin1String("newer")) {
        QVERIFY(project());
        QVERIFY(
            scalelab::testing::executeSql(path, {QStringLiteral("UPDATE meta SET value = '99' "
                                                                "WHERE key = 'schema_version'")}));
    } else if (kind == QLatin1String("nomodel")) {
        QVERIFY(project());
        QVERIFY(scalelab::testing::executeSql(path, {QStringLiteral("DELETE FROM model")}));
    } else if (kind == QLatin1String("invalid")) {
        QVERIFY(project());
        QVERIFY(scalelab::testing::executeSql(
            path, {QStringLiteral("UPDATE model SET json = "
                                  "replace(json, '\"cores\": 1', '\"cores\": 0')")}));
    }
    // The same file with nothing done to it loads: each row's change is what is refused.
    for (const LoadResult &loaded : {ProjectFile::load(path), scalelab::store::loadAny(path)}) {
        QVERIFY(!loaded.ok());
        QVERIFY(!loaded.model.has_value());
        QVERIFY2(loaded.message().contains(path), qPrintable(loaded.message()));
        QVERIFY2(loaded.message().contains(expected), qPrintable(loaded.message()));
    }
    if (kind != QLatin1String("missing") && kind != QLatin1String("text") &&
        kind != QLatin1String("empty") && kind != QLatin1String("foreign")) {
        QVERIFY(project());
        QVERIFY(ProjectFile::load(path).ok());
    }
}

// The command line runs a project as it runs the model inside it: the same seed gives the same
// results, and a bad project is refused with the loader's message.
void TestProjectFile::commandLineRunsAProject()
{
    QTemporaryDir folder;
    const QString project = folder.filePath(QStringLiteral("mm1.scalelab"));
    QVERIFY(ProjectFile::save(project, example(QStringLiteral("mm1.json")), nullptr));

    const QStringList options = {QStringLiteral("--duration"), QStringLiteral("10"),
                                 QStringLiteral("--warmup"),   QStringLiteral("1"),
                                 QStringLiteral("--json"),     QStringLiteral("-")};
    const Outcome fromProject = runScalelab(QStringList{QStringLiteral("run"), project} + options);
    QVERIFY2(fromProject.exitCode == 0, qPrintable(fromProject.err));
    const Outcome fromModel =
        runScalelab(QStringList{QStringLiteral("run"), data(QStringLiteral("mm1.json"))} + options);
    QVERIFY2(fromModel.exitCode == 0, qPrintable(fromModel.err));
    const QJsonObject a = QJsonDocument::fromJson(fromProject.out).object();
    QVERIFY(a.contains(QStringLiteral("components")));
    QCOMPARE(withoutTimings(a), withoutTimings(QJsonDocument::fromJson(fromModel.out).object()));

    const Outcome analyzed = runScalelab({QStringLiteral("analyze"), project});
    QVERIFY2(analyzed.exitCode == 0, qPrintable(analyzed.err));

    const QString text = folder.filePath(QStringLiteral("text.scalelab"));
    QVERIFY(writeText(text, "not a project\n"));
    const Outcome refused = runScalelab({QStringLiteral("run"), text});
    QVERIFY(refused.exitCode != 0);
    QVERIFY2(refused.err.contains(text) && refused.err.contains(QLatin1String("not an SQLite")),
             qPrintable(refused.err));
}

QTEST_GUILESS_MAIN(TestProjectFile)
#include "tst_project_file.moc"
