// The event log dock: bounded (the oldest entries go past the capacity, and it says how many,
// with those the run itself dropped), filtered by component and kind, cleared by a new run,
// following the newest entry unless the user scrolled up, and copying what is selected.

#include "widgets/run/event_log_dock.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QClipboard>
#include <QItemSelectionModel>
#include <QScrollBar>
#include <QTableView>
#include <QTest>

using namespace scalelab;
using widgets::EventLogDock;
using Kind = run::LogEntry::Kind;

namespace {

const QStringList kIds = {"users", "web", "db"};

// `n` entries from number `first` on: component and kind in turn, the time its number in ms.
QList<run::LogEntry> entries(int first, int n)
{
    static const Kind kinds[] = {Kind::Run, Kind::State, Kind::Action, Kind::Trace,
                                 Kind::Bottleneck};
    static const QString components[] = {"", "web", "db"};
    QList<run::LogEntry> out;
    for (int i = first; i < first + n; ++i)
        out.append({i / 1000.0, kinds[i % 5], components[i % 3], QString("entry %1").arg(i)});
    return out;
}

std::shared_ptr<const run::Snapshot> snapshot(quint64 runId, const QList<run::LogEntry> &log,
                                              quint64 dropped = 0)
{
    auto s = std::make_shared<run::Snapshot>();
    s->run = runId;
    s->components = kIds;
    s->newLog = log;
    s->droppedLog = dropped;
    return s;
}

QString cell(const QAbstractItemModel *model, int row, int column)
{
    return model->index(row, column).data().toString();
}

QStringList texts(const QAbstractItemModel *model)
{
    QStringList out;
    for (int row = 0; row < model->rowCount(); ++row)
        out << cell(model, row, 3);
    return out;
}

} // namespace

class TestEventLogDock : public QObject {
    Q_OBJECT

private slots:
    void showsTimeKindComponentAndText()
    {
        EventLogDock dock;
        dock.showSnapshot(snapshot(1, {{12.3456, Kind::Bottleneck, "db",
                                        "db is now the "
                                        "bottleneck"},
                                       {13, Kind::Run, "", "paused"}}));
        const QAbstractItemModel *shown = dock.shownEntries();
        QCOMPARE(shown->rowCount(), 2);
        QCOMPARE(cell(shown, 0, 0), QString("12.346"));
        QCOMPARE(cell(shown, 0, 1), QString("Bottleneck"));
        QCOMPARE(cell(shown, 0, 2), QString("db"));
        QCOMPARE(cell(shown, 0, 3), QString("db is now the bottleneck"));
        QCOMPARE(cell(shown, 1, 0), QString("13.000"));
        QCOMPARE(cell(shown, 1, 2), QString());
        QVERIFY(shown->index(0, 3).data(Qt::ToolTipRole).toString().contains("12.346 s"));
        QCOMPARE(shown->headerData(0, Qt::Horizontal).toString(), QString("Time (s)"));
    }

    void keepsAtMostItsCapacity_data()
    {
        QTest::addColumn<QList<int>>("batches");
        QTest::addColumn<int>("kept");
        QTest::addColumn<int>("dropped");
        QTest::newRow("under") << QList<int>{40, 50} << 90 << 0;
        QTest::newRow("exactly") << QList<int>{60, 40} << 100 << 0;
        QTest::newRow("over, across batches") << QList<int>{60, 60, 60} << 100 << 80;
        QTest::newRow("over, in one batch") << QList<int>{250} << 100 << 150;
        QTest::newRow("over, then a big batch") << QList<int>{70, 130} << 100 << 100;
    }
    void keepsAtMostItsCapacity()
    {
        QFETCH(QList<int>, batches);
        QFETCH(int, kept);
        QFETCH(int, dropped);
        EventLogDock dock(nullptr, 100);
        int next = 0;
        for (int n : batches) {
            dock.showSnapshot(snapshot(1, entries(next, n)));
            next += n;
        }
        QCOMPARE(dock.keptCount(), kept);
        QCOMPARE(dock.droppedCount(), quint64(dropped));
        const QAbstractItemModel *shown = dock.shownEntries();
        QCOMPARE(shown->rowCount(), kept);
        // The newest stay, in order.
        QCOMPARE(cell(shown, 0, 3), QString("entry %1").arg(next - kept));
        QCOMPARE(cell(shown, kept - 1, 3), QString("entry %1").arg(next - 1));
        QCOMPARE(dock.droppedText().isEmpty(), dropped == 0);
    }

    void theDefaultCapacityHoldsTenThousand()
    {
        EventLogDock dock;
        QCOMPARE(dock.capacity(), 10000);
        dock.showSnapshot(snapshot(1, entries(0, 6000)));
        dock.showSnapshot(snapshot(1, entries(6000, 4005)));
        QCOMPARE(dock.keptCount(), 10000);
        QCOMPARE(dock.droppedCount(), quint64(5));
        QCOMPARE(dock.droppedText(), QString("5 older entries dropped"));
    }

    // Entries the run could not hand over count with those dropped here.
    void countsTheRunsOwnDrops()
    {
        EventLogDock dock(nullptr, 10);
        dock.showSnapshot(snapshot(1, entries(0, 12), 3));
        QCOMPARE(dock.droppedCount(), quint64(5));
        dock.showSnapshot(snapshot(1, entries(12, 1), 7)); // the run's count is cumulative
        QCOMPARE(dock.droppedCount(), quint64(3 + 7));
        QCOMPARE(dock.droppedText(), QString("10 older entries dropped"));
    }

    void filtersByComponentAndKind()
    {
        EventLogDock dock;
        dock.showSnapshot(snapshot(1, entries(0, 30)));
        const QAbstractItemModel *shown = dock.shownEntries();
        QCOMPARE(shown->rowCount(), 30);

        dock.setComponentFilter("web");
        QCOMPARE(shown->rowCount(), 10);
        for (int row = 0; row < shown->rowCount(); ++row)
            QCOMPARE(cell(shown, row, 2), QString("web"));

        dock.setKindShown(Kind::Trace, false);
        dock.setKindShown(Kind::Run, false);
        // web entries are i = 1, 4, 7, ... (i % 3 == 1); Run and Trace are i % 5 == 0 or 3.
        QStringList expected;
        for (int i = 0; i < 30; ++i)
            if (i % 3 == 1 && i % 5 != 0 && i % 5 != 3)
                expected << QString("entry %1").arg(i);
        QCOMPARE(texts(shown), expected);

        // New entries pass through the same filters: 31 (State) and 34 (Bottleneck) of web.
        dock.showSnapshot(snapshot(1, entries(30, 5)));
        QCOMPARE(texts(shown), (expected + QStringList{"entry 31", "entry 34"}));

        dock.setComponentFilter(QString());
        dock.setKindShown(Kind::Trace, true);
        dock.setKindShown(Kind::Run, true);
        QCOMPARE(shown->rowCount(), 35);
    }

    void aNewRunStartsAnEmptyLog()
    {
        EventLogDock dock(nullptr, 10);
        dock.showSnapshot(snapshot(1, entries(0, 15), 2));
        QVERIFY(dock.droppedCount() > 0);
        dock.showSnapshot(snapshot(2, entries(100, 3)));
        QCOMPARE(dock.keptCount(), 3);
        QCOMPARE(dock.droppedCount(), quint64(0));
        QCOMPARE(cell(dock.shownEntries(), 0, 3), QString("entry 100"));
    }

    void followsTheNewestUnlessScrolledUp()
    {
        EventLogDock dock;
        dock.resize(700, 300);
        dock.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dock));
        QScrollBar *scroll = dock.table()->verticalScrollBar();
        dock.showSnapshot(snapshot(1, entries(0, 200)));
        QVERIFY(scroll->maximum() > 0);
        QCOMPARE(scroll->value(), scroll->maximum());
        QVERIFY(dock.followsTail());

        scroll->setValue(10); // the user scrolls up to read
        QVERIFY(!dock.followsTail());
        dock.showSnapshot(snapshot(1, entries(200, 50)));
        QCOMPARE(scroll->value(), 10);

        scroll->setValue(scroll->maximum()); // back at the end: following again
        dock.showSnapshot(snapshot(1, entries(250, 50)));
        QCOMPARE(scroll->value(), scroll->maximum());
        QCOMPARE(dock.table()->rowAt(dock.table()->viewport()->height() - 2),
                 dock.shownEntries()->rowCount() - 1);
    }

    void copiesTheSelectedRows()
    {
        EventLogDock dock;
        dock.showSnapshot(snapshot(1, entries(0, 5)));
        QTableView *table = dock.table();
        table->selectionModel()->select(table->model()->index(3, 0),
                                        QItemSelectionModel::Select | QItemSelectionModel::Rows);
        table->selectionModel()->select(table->model()->index(1, 0),
                                        QItemSelectionModel::Select | QItemSelectionModel::Rows);
        const QString expected = "0.001\tState\tweb\tentry 1\n0.003\tTrace\t\tentry 3\n";
        QCOMPARE(dock.copySelection(), expected);
        QCOMPARE(QApplication::clipboard()->text(), expected);
    }
};

QTEST_MAIN(TestEventLogDock)
#include "tst_event_log_dock.moc"
