// The run history: runs kept in the project file come back as they were stored (settings,
// summary, results, the design that ran and the whole series), a project from before the run
// history still opens with none, and the in-memory history numbers, renames and forgets runs.

#include "store_test_support.h"

#include "../model/model_test_support.h"
#include "../run/run_test_support.h"

#include "model/model_json.h"
#include "model/simulation_builder.h"
#include "run/run_snapshot.h"
#include "sim/sampler.h"
#include "store/project_file.h"
#include "store/run_history.h"

#include <QDir>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace scalelab;
using store::ProjectFile;
using store::RunHistory;
using store::RunSummary;
using store::StoredRun;
using testing::recordOf;

namespace {} // namespace

class TestRunHistory : public QObject {
    Q_OBJECT

private slots:
    void storedRunSummarisesTheResults();
    void seriesEncodingRoundTrips();
    void runsRoundTripThroughTheProjectFile();
    void projectWithoutRunsTableStillOpens();
    void historyNumbersRenamesAndForgets();
    void corruptSeriesIsReported();
};

void TestRunHistory::storedRunSummarisesTheResults()
{
    const run::RunRecord record =
        recordOf(testing::loadTestModel(QStringLiteral("mm1.json")), 7, 400);
    const QDateTime started =
        QDateTime::fromString(QStringLiteral("2024-05-01T10:00:00Z"), Qt::ISODate);
    const StoredRun run = store::storedRunOf(record, started);
    QCOMPARE(run.summary.startedAt, started);
    QCOMPARE(run.summary.seed, quint64(7));
    QCOMPARE(run.summary.modelName, record.model.name);
    QCOMPARE(run.summary.throughputRps, record.results.summary.throughputRps);
    QCOMPARE(run.summary.p99Ms, record.results.summary.latencyMs.p99);
    QCOMPARE(run.summary.bottleneck, QStringLiteral("web"));
    // The offered load is what the clients sent while observed: 80 rps in mm1.json.
    QVERIFY2(std::abs(run.summary.offeredRps - 80) < 80 * 0.05,
             qPrintable(QString::number(run.summary.offeredRps)));
    // The results are those of `scalelab run --json`, and the design is the one that ran.
    QCOMPARE(run.results.value(QStringLiteral("format")).toString(),
             QStringLiteral("scalelab-results"));
    QCOMPARE(run.results.value(QStringLiteral("seed")).toInteger(), 7);
    const model::LoadResult design = model::parseModel(run.modelJson);
    QVERIFY(design.ok());
    QVERIFY(*design.model == record.model);
    QCOMPARE(run.series.size(), 50);
}

void TestRunHistory::seriesEncodingRoundTrips()
{
    const run::RunRecord record =
        recordOf(testing::loadTestModel(QStringLiteral("lru-zipf.json")), 3, 200);
    const QByteArray blob =
        store::encodeSeries(record.seriesIntervalS, record.components, record.series);
    double interval = 0;
    QStringList components;
    QList<sim::Sample> series;
    QVERIFY(store::decodeSeries(blob, &interval, &components, &series));
    QCOMPARE(interval, record.seriesIntervalS);
    QCOMPARE(components, record.components);
    QCOMPARE(series.size(), record.series.size());
    // Equal figure by figure, NaN ("no such figure") included, through StoredRun's comparison.
    StoredRun a;
    a.series = record.series;
    StoredRun b;
    b.series = series;
    QVERIFY(a == b);
    QVERIFY(std::isnan(series.first().components.front().hitRatio)); // a client has none
    b.series[10].components[1].utilization += 1e-9;
    QVERIFY(!(a == b)); // the comparison can tell
    // Compact: well under the size of the JSON it holds.
    QVERIFY2(blob.size() < qUncompress(blob).size() / 3, qPrintable(QString::number(blob.size())));
}

void TestRunHistory::runsRoundTripThroughTheProjectFile()
{
    const model::Model mm1 = testing::loadTestModel(QStringLiteral("mm1.json"));
    model::Model faster = mm1; // the design changed between the two runs
    faster.components[1].parameters.insert(QStringLiteral("cores"), 2);

    RunHistory history;
    const qint64 first = history.append(store::storedRunOf(recordOf(mm1, 7, 300)));
    const qint64 second = history.append(store::storedRunOf(recordOf(faster, 7, 300)));
    QCOMPARE(first, 1);
    QCOMPARE(second, 2);
    QVERIFY(history.rename(second, QStringLiteral("two cores")));

    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("p.scalelab"));
    QString error;
    QVERIFY2(ProjectFile::save(path, faster, history.runs(), &error), qPrintable(error));

    // Reopened: the model as before, the list cheap and equal, each run equal in full.
    const model::LoadResult loaded = ProjectFile::load(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.message()));
    QVERIFY(*loaded.model == faster);
    const QList<RunSummary> listed = ProjectFile::listRuns(path, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(listed.size(), 2);
    QVERIFY(listed == history.list());
    QCOMPARE(listed.at(1).label, QStringLiteral("two cores"));

    const std::optional<StoredRun> one = ProjectFile::loadRun(path, first, &error);
    QVERIFY2(one.has_value(), qPrintable(error));
    QVERIFY(*one == *history.find(first));
    QCOMPARE(one->series.size(), 50);
    const QList<StoredRun> all = ProjectFile::loadRuns(path, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(all == history.runs());
    // Each run keeps the design it ran, not the project's current model.
    QVERIFY(*model::parseModel(all.at(0).modelJson).model == mm1);
    QVERIFY(*model::parseModel(all.at(1).modelJson).model == faster);

    QVERIFY(!ProjectFile::loadRun(path, 99, &error).has_value());
    QVERIFY2(error.contains(QLatin1String("no run 99")), qPrintable(error));

    // A history read back continues the numbering; saving without runs drops them.
    RunHistory reopened;
    reopened.reset(all);
    QVERIFY(!reopened.isModified());
    QCOMPARE(reopened.append(store::storedRunOf(recordOf(mm1, 8, 100))), 3);
    QVERIFY(ProjectFile::save(path, mm1, nullptr));
    QVERIFY(ProjectFile::listRuns(path).isEmpty());
}

void TestRunHistory::projectWithoutRunsTableStillOpens()
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("old.scalelab"));
    const model::Model mm1 = testing::loadTestModel(QStringLiteral("mm1.json"));
    QVERIFY(ProjectFile::save(path, mm1, nullptr));
    // What a ScaleLab from before the run history wrote: schema 1, no runs table.
    QVERIFY(testing::executeSql(
        path, {QStringLiteral("DROP TABLE runs"), QStringLiteral("UPDATE meta SET value = '1' "
                                                                 "WHERE key = 'schema_version'")}));
    const model::LoadResult loaded = ProjectFile::load(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.message()));
    QVERIFY(*loaded.model == mm1);
    QString error;
    QVERIFY(ProjectFile::listRuns(path, &error).isEmpty());
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(ProjectFile::loadRuns(path, &error).isEmpty());
    QVERIFY2(error.isEmpty(), qPrintable(error));

    // Saved again, it becomes a current project that keeps runs.
    RunHistory history;
    history.append(store::storedRunOf(recordOf(mm1, 1, 100)));
    QVERIFY(ProjectFile::save(path, *loaded.model, history.runs(), &error));
    QCOMPARE(ProjectFile::listRuns(path).size(), 1);

    // A file that is not a project gives no runs and says why.
    const QString text = folder.filePath(QStringLiteral("t.scalelab"));
    QFile file(text);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not sqlite");
    file.close();
    QVERIFY(ProjectFile::listRuns(text, &error).isEmpty());
    QVERIFY2(error.contains(QLatin1String("not an SQLite database")), qPrintable(error));
}

void TestRunHistory::historyNumbersRenamesAndForgets()
{
    RunHistory history;
    QVERIFY(!history.isModified());
    StoredRun run;
    run.summary.seed = 5;
    QCOMPARE(history.append(run), 1);
    QCOMPARE(history.append(run), 2);
    QVERIFY(history.isModified());
    history.setSaved();
    QVERIFY(history.rename(1, QStringLiteral("baseline")));
    QVERIFY(history.isModified());
    history.setSaved();
    QVERIFY(history.rename(1, QStringLiteral("baseline"))); // unchanged: nothing to save
    QVERIFY(!history.isModified());
    QVERIFY(!history.rename(9, QStringLiteral("x")));
    QVERIFY(history.remove(2));
    QVERIFY(!history.remove(2));
    QVERIFY(history.isModified());
    QCOMPARE(history.append(run), 3); // a forgotten id is not handed out again in a session
    QCOMPARE(history.list().size(), 2);
    QCOMPARE(history.find(1)->summary.label, QStringLiteral("baseline"));
    QVERIFY(history.find(2) == nullptr);
}

void TestRunHistory::corruptSeriesIsReported()
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("p.scalelab"));
    RunHistory history;
    history.append(
        store::storedRunOf(recordOf(testing::loadTestModel(QStringLiteral("mm1.json")), 1, 100)));
    QVERIFY(ProjectFile::save(path, testing::loadTestModel(QStringLiteral("mm1.json")),
                              history.runs()));
    QVERIFY(testing::executeSql(path, {QStringLiteral("UPDATE runs SET series = x'00010203'")}));
    QString error;
    QVERIFY(ProjectFile::loadRuns(path, &error).isEmpty());
    QVERIFY2(error.contains(QLatin1String("series cannot be read")), qPrintable(error));
    QVERIFY2(error.contains(QDir::toNativeSeparators(path)), qPrintable(error));
    error.clear();
    QCOMPARE(ProjectFile::listRuns(path, &error).size(), 1); // the list needs no series
    QVERIFY(error.isEmpty());
}

QTEST_GUILESS_MAIN(TestRunHistory)
#include "tst_run_history.moc"
