// The Runs panel lists the runs it is given, renames and deletes them, and compares two: the
// differences of two runs of different designs on the same seed, with the note that common random
// numbers make the difference the design's; a different seed is said to mix in chance. The
// workbench keeps a finished live run and writes it into the project it saves.

#include "../core/model/model_test_support.h"
#include "../core/run/run_test_support.h"

#include "model/model_json.h"
#include "model/simulation_builder.h"
#include "run/run_snapshot.h"
#include "run/simulation_controller.h"
#include "sim/sampler.h"
#include "store/project_file.h"
#include "widgets/main_window.h"
#include "widgets/run/runs_panel.h"
#include "widgets/run/sweep_dialog.h"

#include <QApplication>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace scalelab;
using widgets::RunComparison;
using widgets::RunsPanel;

namespace {

store::StoredRun runOf(const model::Model &m, quint64 seed, double durationS = 400)
{
    return store::storedRunOf(testing::recordOf(m, seed, durationS, 20));
}

// mm1.json with two cores: the same arrivals, half the utilisation and far less waiting.
model::Model twoCores()
{
    model::Model m = testing::loadTestModel(QStringLiteral("mm1.json"));
    m.components[1].parameters.insert(QStringLiteral("cores"), 2);
    return m;
}

int rowOf(QTableWidget *table, const QString &label)
{
    for (int r = 0; r < table->rowCount(); ++r)
        if (table->item(r, 0) && table->item(r, 0)->text() == label)
            return r;
    return -1;
}

double numberIn(QTableWidget *table, int row, int column)
{
    QString text = table->item(row, column)->text();
    text.remove(QLatin1Char('+')).remove(QStringLiteral(" %")).remove(QStringLiteral(" s"));
    return text.toDouble();
}

} // namespace

class TestRunsPanel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void listsTheRunsItIsGiven();
    void comparesTwoRunsOnTheSameSeed();
    void differentSeedsAreSaidToMixInChance();
    void renameAndDelete();
    void modelFileSaysItCannotKeepRuns();
    void workbenchKeepsAFinishedRunInTheProject();
    void sweepDialogPlotsTheSweep();
};

void TestRunsPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestRunsPanel::listsTheRunsItIsGiven()
{
    RunsPanel panel;
    QCOMPARE(panel.list()->topLevelItemCount(), 0);
    QVERIFY(panel.noteText().contains(QLatin1String("Compare")));
    store::StoredRun a = runOf(testing::loadTestModel(QStringLiteral("mm1.json")), 7);
    a.summary.interfered = true;
    panel.appendRun(a);
    panel.appendRun(runOf(twoCores(), 7));
    QCOMPARE(panel.list()->topLevelItemCount(), 2);
    QVERIFY(panel.hasUnsavedRuns());

    const QTreeWidgetItem *first = panel.list()->topLevelItem(0);
    QCOMPARE(first->text(RunsPanel::kSeed), QStringLiteral("7"));
    QCOMPARE(first->text(RunsPanel::kP99), QString::number(a.summary.p99Ms, 'f', 1));
    QCOMPARE(first->text(RunsPanel::kThroughput), QString::number(a.summary.throughputRps, 'f', 1));
    QVERIFY(first->text(RunsPanel::kBottleneck).startsWith(QLatin1String("web (")));
    QCOMPARE(first->text(RunsPanel::kSteered), QStringLiteral("interfered"));
    QCOMPARE(panel.list()->topLevelItem(1)->text(RunsPanel::kSteered), QString());
    QCOMPARE(first->text(RunsPanel::kErrors), QStringLiteral("0.00 %"));
}

void TestRunsPanel::comparesTwoRunsOnTheSameSeed()
{
    RunsPanel panel;
    const store::StoredRun one = runOf(testing::loadTestModel(QStringLiteral("mm1.json")), 7);
    const store::StoredRun two = runOf(twoCores(), 7);
    const qint64 a = panel.appendRun(one);
    const qint64 b = panel.appendRun(two);
    panel.selectRuns({a});
    QVERIFY(panel.compareSelected() == nullptr); // one is not a pair
    panel.selectRuns({a, b});
    std::unique_ptr<RunComparison> comparison(panel.compareSelected());
    QVERIFY(comparison);
    QVERIFY2(comparison->note().contains(QLatin1String("common random numbers")),
             qPrintable(comparison->note()));
    QVERIFY(comparison->note().contains(QLatin1String("the design's")));

    QTableWidget *summary = comparison->summaryTable();
    const int design = rowOf(summary, QStringLiteral("Design"));
    QCOMPARE(summary->item(design, 3)->text(), QStringLiteral("designs differ"));
    const int seed = rowOf(summary, QStringLiteral("Seed"));
    QCOMPARE(summary->item(seed, 3)->text(), QStringLiteral("same"));
    // The same arrivals: the offered load agrees to the request; the latency does not.
    const int mean = rowOf(summary, QStringLiteral("Mean latency (ms)"));
    QVERIFY(mean >= 0);
    const double meanA = numberIn(summary, mean, 1);
    const double meanB = numberIn(summary, mean, 2);
    QCOMPARE(meanA, std::round(one.summary.meanMs * 100) / 100);
    QVERIFY2(meanB < meanA / 2, qPrintable(QStringLiteral("%1 %2").arg(meanA).arg(meanB)));
    QCOMPARE(numberIn(summary, mean, 3),
             std::round((two.summary.meanMs - one.summary.meanMs) * 100) / 100);
    const double share = numberIn(summary, mean, 4);
    QVERIFY(std::abs(share - 100 * (two.summary.meanMs - one.summary.meanMs) / one.summary.meanMs) <
            0.06);
    QVERIFY(summary->item(mean, 3)->text().startsWith(QLatin1Char('-')));
    const int throughput = rowOf(summary, QStringLiteral("Throughput (rps)"));
    QVERIFY(std::abs(numberIn(summary, throughput, 4)) < 1); // per cent: the same load served

    // Per component: the web server at about 80 % busy against about 40 %.
    QTableWidget *components = comparison->componentTable();
    const int web = rowOf(components, QStringLiteral("web"));
    QVERIFY(web >= 0);
    QVERIFY(std::abs(numberIn(components, web, 1) - 80) < 3);
    QVERIFY(std::abs(numberIn(components, web, 2) - 40) < 3);
    QVERIFY(std::abs(numberIn(components, web, 3) + 40) < 3);
    QVERIFY(numberIn(components, web, 7) < 0); // the p99 there fell
    QVERIFY(rowOf(components, QStringLiteral("users")) >= 0);

    // The same design on the same seed: the runs agree exactly, and the note says so.
    const qint64 c = panel.appendRun(runOf(testing::loadTestModel(QStringLiteral("mm1.json")), 7));
    panel.selectRuns({a, c});
    std::unique_ptr<RunComparison> same(panel.compareSelected());
    QVERIFY(same->note().contains(QLatin1String("should agree")));
    const int p99 = rowOf(same->summaryTable(), QStringLiteral("p99 (ms)"));
    QCOMPARE(same->summaryTable()->item(p99, 4)->text(), QStringLiteral("0 %"));
}

void TestRunsPanel::differentSeedsAreSaidToMixInChance()
{
    RunsPanel panel;
    const qint64 a =
        panel.appendRun(runOf(testing::loadTestModel(QStringLiteral("mm1.json")), 7, 100));
    const qint64 b = panel.appendRun(runOf(twoCores(), 8, 100));
    panel.selectRuns({a, b});
    std::unique_ptr<RunComparison> comparison(panel.compareSelected());
    QVERIFY(!comparison->note().contains(QLatin1String("common random numbers")));
    QVERIFY2(comparison->note().contains(QLatin1String("Seeds differ (7 and 8)")),
             qPrintable(comparison->note()));
    QVERIFY(comparison->note().contains(QLatin1String("chance")));
}

void TestRunsPanel::renameAndDelete()
{
    RunsPanel panel;
    const qint64 a =
        panel.appendRun(runOf(testing::loadTestModel(QStringLiteral("mm1.json")), 1, 50));
    const qint64 b =
        panel.appendRun(runOf(testing::loadTestModel(QStringLiteral("mm1.json")), 2, 50));
    panel.markSaved();
    QVERIFY(!panel.hasUnsavedRuns());
    // Editing the label in the list renames the run.
    panel.list()->topLevelItem(1)->setText(RunsPanel::kLabel, QStringLiteral("  baseline "));
    QCOMPARE(panel.history().find(b)->summary.label, QStringLiteral("baseline"));
    QVERIFY(panel.hasUnsavedRuns());

    int asked = 0;
    RunsPanel::deleteConfirmation = [&](int count) {
        asked = count;
        return false;
    };
    QCOMPARE(panel.deleteRuns({a, b}), 0); // declined: nothing goes
    QCOMPARE(asked, 2);
    QCOMPARE(panel.list()->topLevelItemCount(), 2);
    RunsPanel::deleteConfirmation = [](int) { return true; };
    QCOMPARE(panel.deleteRuns({a}), 1);
    RunsPanel::deleteConfirmation = nullptr;
    QCOMPARE(panel.list()->topLevelItemCount(), 1);
    QCOMPARE(panel.list()->topLevelItem(0)->text(RunsPanel::kLabel), QStringLiteral("baseline"));
}

void TestRunsPanel::modelFileSaysItCannotKeepRuns()
{
    RunsPanel panel;
    panel.setRuns({}, false);
    QVERIFY2(panel.noteText().contains(QLatin1String("cannot hold runs")),
             qPrintable(panel.noteText()));
    panel.setCanKeepRuns(true);
    QVERIFY(!panel.noteText().contains(QLatin1String("cannot hold runs")));
}

// The live run's record reaches the panel, and Save writes it into the project.
void TestRunsPanel::workbenchKeepsAFinishedRunInTheProject()
{
    QTemporaryDir folder;
    widgets::MainWindow window;
    QVERIFY(window.openFile(QStringLiteral(SCALELAB_TEST_DATA "/mm1.json")));
    QVERIFY(window.runsPanel()->noteText().contains(QLatin1String("cannot hold runs")));
    model::RunSettings settings;
    settings.durationS = 200;
    settings.warmupS = 20;
    settings.seed = 3;
    QSignalSpy finished(window.controller(), &run::SimulationController::finished);
    window.controller()->setSpeed(0);
    window.controller()->load(window.document().model(), settings);
    window.controller()->run();
    QVERIFY(finished.wait(20000));
    QTRY_COMPARE(window.runsPanel()->list()->topLevelItemCount(), 1);
    const store::StoredRun &kept = window.runsPanel()->history().runs().first();
    QCOMPARE(kept.summary.seed, quint64(3));
    QCOMPARE(kept.summary.durationS, 200.0);

    const QString path = folder.filePath(QStringLiteral("p.scalelab"));
    QVERIFY(window.saveFile(path));
    QVERIFY(!window.runsPanel()->hasUnsavedRuns());
    const QList<store::RunSummary> listed = store::ProjectFile::listRuns(path);
    QCOMPARE(listed.size(), 1);
    QVERIFY(listed.first() == kept.summary);

    widgets::MainWindow reopened;
    QVERIFY(reopened.openFile(path));
    QCOMPARE(reopened.runsPanel()->list()->topLevelItemCount(), 1);
    QVERIFY(reopened.runsPanel()->history().runs().first() == kept);
}

void TestRunsPanel::sweepDialogPlotsTheSweep()
{
    widgets::SweepDialog dialog(testing::loadTestModel(QStringLiteral("mm1.json")));
    dialog.setSweep(20, 140, 7, 7, 500, 5);
    QSignalSpy done(&dialog, &widgets::SweepDialog::sweepFinished);
    dialog.start();
    QVERIFY(dialog.isRunning());
    QVERIFY(done.wait(20000));
    QVERIFY(!dialog.isRunning());
    QCOMPARE(dialog.result().points.size(), 7);
    QVERIFY(!dialog.result().cancelled);
    QVERIFY2(dialog.summaryText().contains(QLatin1String("100.0 rps")),
             qPrintable(dialog.summaryText()));
    QVERIFY2(dialog.summaryText().contains(QLatin1String("the knee")),
             qPrintable(dialog.summaryText()));
    QTemporaryDir folder;
    const QString csv = folder.filePath(QStringLiteral("sweep.csv"));
    QVERIFY(dialog.exportCsv(csv));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 8);
    QVERIFY(lines.first().startsWith("offered_rps,throughput_rps"));

    // Cancel: a long sweep stops within moments.
    dialog.setSweep(20, 140, 7, 7, 1e7, 5);
    dialog.start();
    QTest::qWait(50);
    dialog.cancel();
    QVERIFY(done.wait(5000));
    QVERIFY(dialog.result().cancelled);
    QVERIFY(dialog.summaryText().contains(QLatin1String("Cancelled")));
}

QTEST_MAIN(TestRunsPanel)
#include "tst_runs_panel.moc"
