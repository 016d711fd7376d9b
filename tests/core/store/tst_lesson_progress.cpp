// The learner's progress through the lessons: what it keeps comes back in a new instance (as
// after a restart), the best passing run is the one with the most room, and a file that is not
// (or no longer) progress leaves the store unavailable with a sentence, never a crash, and
// untouched.

#include "store_test_support.h"

#include "store/lesson_progress.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace scalelab;
using store::LessonProgress;
using store::LessonRecord;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
}

int userVersion(const QString &path)
{
    int version = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), "version");
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec("PRAGMA user_version") && query.next())
                version = query.value(0).toInt();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase("version");
    return version;
}

QJsonArray figures(double p95)
{
    return QJsonArray{
        QJsonObject{{"metric", "latency_p95_ms"}, {"component", ""}, {"measured", p95}}};
}

const QDateTime kMonday(QDate(2025, 3, 3), QTime(9, 0), Qt::UTC);

} // namespace

class TestLessonProgress : public QObject {
    Q_OBJECT

private slots:
    void newFileStartsEmptyWithItsSchema()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("sub/folder/progress.sqlite"); // folders are made
        {
            LessonProgress progress(path);
            QVERIFY2(progress.isAvailable(), qPrintable(progress.error()));
            QVERIFY(progress.error().isEmpty());
            QVERIFY(!progress.anyOpened());
            QVERIFY(progress.lastOpened().isEmpty());
            QVERIFY(progress.records().isEmpty());
            const LessonRecord r = progress.record("single-server");
            QCOMPARE(r.lessonId, QStringLiteral("single-server"));
            QVERIFY(!r.started());
            QVERIFY(!r.completed());
            QCOMPARE(r.hintsShown, 0);
        }
        QVERIFY(QFile::exists(path));
        QCOMPARE(userVersion(path), LessonProgress::kSchemaVersion);
    }

    void progressComesBackInANewInstance()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("progress.sqlite");
        {
            LessonProgress progress(path);
            QVERIFY(progress.markOpened("single-server", kMonday));
            QVERIFY(progress.markOpened("database", kMonday.addSecs(60)));
            QVERIFY(progress.setHintsShown("single-server", 2));
            QVERIFY(progress.answer("single-server", 0, 2, false, kMonday.addSecs(120)));
            QVERIFY(progress.answer("single-server", 1, 1, true, kMonday.addSecs(130)));
            QVERIFY(progress.answer("single-server", 0, 1, true, kMonday.addSecs(140))); // again
            QVERIFY(progress.recordPass("single-server", figures(120), 0.2, kMonday.addSecs(200)));
            QVERIFY(progress.markOpened("single-server", kMonday.addSecs(300)));
            QVERIFY(progress.markSolutionShown("single-server", kMonday.addSecs(400)));
        }
        LessonProgress progress(path);
        QVERIFY(progress.isAvailable());
        QVERIFY(progress.anyOpened());
        QCOMPARE(progress.lastOpened(), QStringLiteral("single-server"));
        QCOMPARE(progress.records().size(), 2);
        const LessonRecord r = progress.record("single-server");
        QCOMPARE(r.openedAt, kMonday); // the first opening stays
        QCOMPARE(r.lastOpenedAt, kMonday.addSecs(300));
        QCOMPARE(r.hintsShown, 2);
        QCOMPARE(r.completedAt, kMonday.addSecs(200));
        QCOMPARE(r.bestFigures, figures(120));
        QCOMPARE(r.bestMargin, 0.2);
        QCOMPARE(r.solutionShownAt, kMonday.addSecs(400));
        QCOMPARE(r.answers.size(), 2);
        QCOMPARE(r.answers.value(0).choice, 1); // the answer checked last
        QVERIFY(r.answers.value(0).right);
        QCOMPARE(r.answers.value(0).answeredAt, kMonday.addSecs(140));
        QCOMPARE(r.answers.value(1).choice, 1);

        const LessonRecord other = progress.record("database");
        QVERIFY(other.started());
        QVERIFY(!other.completed());
        QVERIFY(other.answers.isEmpty());
        QVERIFY(!other.solutionShownAt.isValid());
        QVERIFY(std::isnan(other.bestMargin));
    }

    void aHintOrAnswerStartsALessonNeverOpened()
    {
        QTemporaryDir dir;
        LessonProgress progress(dir.filePath("progress.sqlite"));
        QVERIFY(progress.setHintsShown("cache", 1));
        QVERIFY(progress.record("cache").started());
        QCOMPARE(progress.record("cache").hintsShown, 1);
    }

    void theBestPassingRunHasTheMostRoom()
    {
        QTemporaryDir dir;
        LessonProgress progress(dir.filePath("progress.sqlite"));
        QVERIFY(progress.recordPass("cache", figures(140), 0.1, kMonday));
        QVERIFY(!progress.recordPass("cache", figures(145), 0.05, kMonday.addSecs(10)));
        QCOMPARE(progress.record("cache").bestFigures, figures(140));
        QVERIFY(progress.recordPass("cache", figures(90), 0.4, kMonday.addSecs(20)));
        const LessonRecord r = progress.record("cache");
        QCOMPARE(r.bestFigures, figures(90));
        QCOMPARE(r.bestMargin, 0.4);
        QCOMPARE(r.completedAt, kMonday); // completed by the first passing run
        // A margin that cannot be compared never displaces a kept run.
        QVERIFY(!progress.recordPass("cache", figures(10), std::nan(""), kMonday.addSecs(30)));
        QCOMPARE(progress.record("cache").bestFigures, figures(90));
    }

    void forgetClearsOneLesson()
    {
        QTemporaryDir dir;
        LessonProgress progress(dir.filePath("progress.sqlite"));
        QVERIFY(progress.markOpened("a"));
        QVERIFY(progress.markOpened("b"));
        QVERIFY(progress.answer("a", 0, 0, true));
        QVERIFY(progress.forget("a"));
        QVERIFY(!progress.record("a").started());
        QVERIFY(progress.record("a").answers.isEmpty());
        QVERIFY(progress.record("b").started());
    }

    void unreadableFilesLeaveTheStoreUnavailable_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not SQLite") << "garbage"
                                    << "is not a SQLite database";
        QTest::newRow("truncated SQLite") << "truncated"
                                          << "cannot be read";
        QTest::newRow("another program's database") << "foreign"
                                                    << "not ScaleLab's progress";
        QTest::newRow("a newer ScaleLab") << "newer"
                                          << "newer ScaleLab";
        QTest::newRow("tables missing") << "damaged"
                                        << "has no answers table";
    }
    void unreadableFilesLeaveTheStoreUnavailable()
    {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = dir.filePath("progress.sqlite");
        if (kind == "garbage") {
            writeAll(path, QByteArray("these are not the bytes of a database\n").repeated(50));
        } else if (kind == "truncated") {
            {
                LessonProgress progress(path);
                QVERIFY(progress.markOpened("single-server"));
            }
            const QByteArray bytes = readAll(path);
            QFile::remove(path);
            // The header survives, the pages it promises do not.
            writeAll(path, bytes.left(100) + QByteArray(4000, '\x5a'));
        } else if (kind == "foreign") {
            QVERIFY(testing::executeSql(path, {"CREATE TABLE recipes (name TEXT)"}));
        } else if (kind == "newer") {
            QVERIFY(testing::executeSql(
                path, {"CREATE TABLE lessons (id TEXT)", "PRAGMA user_version = 99"}));
        } else {
            QVERIFY(testing::executeSql(
                path, {"CREATE TABLE lessons (id TEXT)", "PRAGMA user_version = 1"}));
        }
        const QByteArray before = readAll(path);

        LessonProgress progress(path);
        QVERIFY(!progress.isAvailable());
        QVERIFY2(progress.error().contains(expected), qPrintable(progress.error()));
        QVERIFY2(progress.error().contains(QDir::toNativeSeparators(path)),
                 qPrintable(progress.error()));
        // Everything answers as "no progress"; nothing is written.
        QVERIFY(!progress.anyOpened());
        QVERIFY(!progress.record("single-server").started());
        QVERIFY(progress.records().isEmpty());
        QVERIFY(!progress.markOpened("single-server"));
        QVERIFY(!progress.setHintsShown("single-server", 1));
        QVERIFY(!progress.answer("single-server", 0, 0, true));
        QVERIFY(!progress.recordPass("single-server", figures(1), 1));
        QCOMPARE(readAll(path), before);
    }

    void aFolderThatCannotBeMadeIsSaid()
    {
        QTemporaryDir dir;
        writeAll(dir.filePath("file"), "a file, not a folder");
        LessonProgress progress(dir.filePath("file/progress.sqlite"));
        QVERIFY(!progress.isAvailable());
        QVERIFY2(progress.error().contains("cannot create the folder"),
                 qPrintable(progress.error()));
    }

    // A write that cannot finish (another program holds the file) changes nothing and says so;
    // the next write after the file is free succeeds.
    void aFailedWriteChangesNothing()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("progress.sqlite");
        LessonProgress progress(path);
        QVERIFY(progress.markOpened("cache", kMonday));
        QVERIFY(progress.setHintsShown("cache", 1));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), "locker");
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery lock(db);
            QVERIFY(lock.exec("BEGIN EXCLUSIVE"));
            QVERIFY(!progress.recordPass("cache", figures(100), 0.3));
            QVERIFY(!progress.error().isEmpty());
            QVERIFY(!progress.setHintsShown("cache", 2));
            QVERIFY(lock.exec("ROLLBACK"));
            db.close();
        }
        QSqlDatabase::removeDatabase("locker");
        const LessonRecord r = progress.record("cache");
        QVERIFY(!r.completed());
        QVERIFY(r.bestFigures.isEmpty());
        QCOMPARE(r.hintsShown, 1);
        QVERIFY(progress.setHintsShown("cache", 2));
        QVERIFY(progress.error().isEmpty());
        QCOMPARE(progress.record("cache").hintsShown, 2);
    }

    void twoInstancesShareOneFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("progress.sqlite");
        LessonProgress a(path);
        LessonProgress b(path);
        QVERIFY(a.isAvailable() && b.isAvailable());
        QVERIFY(a.markOpened("cdn"));
        QVERIFY(b.record("cdn").started());
        QVERIFY(b.setHintsShown("cdn", 3));
        QCOMPARE(a.record("cdn").hintsShown, 3);
    }
};

QTEST_GUILESS_MAIN(TestLessonProgress)
#include "tst_lesson_progress.moc"
