// The charts dock as a run feeds it: a line per component that has the figure and none for one
// that does not, points equal to the samples at their simulated seconds, a new run starting
// afresh, marks at saturation and at the scenario's events, exports that write exactly what is
// drawn, and a live M/M/1 run whose throughput chart shows the offered rate.

#include "widgets/run/chart.h"
#include "widgets/run/charts_dock.h"

#include "model/model_json.h"
#include "model/simulation_builder.h"
#include "run/simulation_controller.h"
#include "sim/time.h"

#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace scalelab;
using widgets::Chart;
using widgets::ChartsDock;
using Page = ChartsDock::Page;

namespace {

constexpr double kNaN = sim::ComponentSample::kNone;

sim::ComponentSample component(double utilization = kNaN, double queue = kNaN, double hit = kNaN,
                               double lag = kNaN, double instances = kNaN, double errors = kNaN)
{
    sim::ComponentSample c;
    c.utilization = utilization;
    c.queueLength = queue;
    c.hitRatio = hit;
    c.lagMs = lag;
    c.instances = instances;
    c.errorRate = errors;
    return c;
}

sim::Sample sample(double atS, std::vector<sim::ComponentSample> components,
                   double throughput = 100, double offered = 120)
{
    sim::Sample s;
    s.at = sim::fromSeconds(atS);
    s.windowS = 0.5;
    s.throughputRps = throughput;
    s.offeredRps = offered;
    s.errorRate = 0;
    s.p50Ms = 10 + atS;
    s.p95Ms = 30 + atS;
    s.p99Ms = 50 + atS;
    s.components = std::move(components);
    return s;
}

std::shared_ptr<const run::Snapshot> snapshot(quint64 runId, const QStringList &components,
                                              const QList<sim::Sample> &series,
                                              const QList<double> &saturated = {})
{
    auto s = std::make_shared<run::Snapshot>();
    s->run = runId;
    s->state = run::RunState::Running;
    s->durationS = 10;
    s->components = components;
    s->newSeries = series;
    s->saturatedAtS = saturated;
    return s;
}

const QStringList kIds = {"users", "web", "cache", "db", "replica"};

// users: a client (no figure of its own here); web: a pool; cache: a hit ratio; db: a pool
// that fails requests now and then; replica: a lag.
std::vector<sim::ComponentSample> system(double t)
{
    return {component(), component(0.5 + t / 100, 2 * t), component(0.1, kNaN, 0.8 + t / 100),
            component(0.3, 0, kNaN, kNaN, kNaN, 0), component(0.2, 0, kNaN, 5 * t)};
}

QString readText(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

QList<QPointF> pointsOf(std::initializer_list<std::pair<double, double>> list)
{
    QList<QPointF> out;
    for (const auto &[x, y] : list)
        out << QPointF(x, y);
    return out;
}

} // namespace

class TestChartsDock : public QObject {
    Q_OBJECT

private slots:
    void cleanup() { ChartsDock::saveFileAnswer = nullptr; }

    void linesOnlyForComponentsWithTheFigure_data()
    {
        QTest::addColumn<int>("page");
        QTest::addColumn<QStringList>("lines");
        QTest::newRow("throughput") << int(Page::Throughput) << QStringList{"completed", "offered"};
        QTest::newRow("latency") << int(Page::Latency) << QStringList{"p50", "p95", "p99"};
        QTest::newRow("utilisation")
            << int(Page::Utilization) << QStringList{"web", "cache", "db", "replica"};
        // db and replica never had a request waiting.
        QTest::newRow("queues") << int(Page::QueueLength) << QStringList{"web"};
        QTest::newRow("hit ratio") << int(Page::HitRatio) << QStringList{"cache"};
        QTest::newRow("replication lag") << int(Page::ReplicationLag) << QStringList{"replica"};
        // Every pool counts its instances, but no model says which tiers autoscale.
        QTest::newRow("instances") << int(Page::Instances) << QStringList{};
        // No component failed a request: only the users' line.
        QTest::newRow("errors") << int(Page::ErrorRate) << QStringList{"all users"};
    }
    void linesOnlyForComponentsWithTheFigure()
    {
        QFETCH(int, page);
        QFETCH(QStringList, lines);
        ChartsDock dock;
        dock.showSnapshot(snapshot(1, kIds, {sample(0.5, system(0.5)), sample(1, system(1))}));
        QCOMPARE(dock.lineNames(Page(page)), lines);
    }

    void pointsAreTheSamplesAtSimulatedSeconds()
    {
        ChartsDock dock;
        dock.showSnapshot(snapshot(1, kIds, {sample(0.5, system(0.5), 90, 120)}));
        dock.showSnapshot(
            snapshot(1, kIds, {sample(1, system(1), 110, 120), sample(1.5, system(1.5), 95, 130)}));
        QCOMPARE(dock.points(Page::Throughput, "completed"),
                 pointsOf({{0.5, 90}, {1, 110}, {1.5, 95}}));
        QCOMPARE(dock.points(Page::Throughput, "offered"),
                 pointsOf({{0.5, 120}, {1, 120}, {1.5, 130}}));
        QCOMPARE(dock.points(Page::Latency, "p99"), pointsOf({{0.5, 50.5}, {1, 51}, {1.5, 51.5}}));
        // Shares are drawn as percentages.
        QCOMPARE(dock.points(Page::Utilization, "web"),
                 pointsOf({{0.5, 50.5}, {1, 51}, {1.5, 51.5}}));
        QCOMPARE(dock.points(Page::HitRatio, "cache"),
                 pointsOf({{0.5, 80.5}, {1, 81}, {1.5, 81.5}}));
        QCOMPARE(dock.points(Page::ReplicationLag, "replica"),
                 pointsOf({{0.5, 2.5}, {1, 5}, {1.5, 7.5}}));
    }

    // A figure missing in a window (no request reached the cache) leaves a gap, not a zero; a
    // component's error line appears once it fails a request, with its past zeros.
    void linesAppearWithTheirFigure()
    {
        ChartsDock dock;
        auto early = system(0.5);
        early[2].hitRatio = kNaN;
        auto failing = system(1.5);
        failing[3].errorRate = 0.25;
        dock.showSnapshot(snapshot(1, kIds, {sample(0.5, early), sample(1, system(1))}));
        dock.showSnapshot(snapshot(1, kIds, {sample(1.5, failing)}));
        QCOMPARE(dock.points(Page::HitRatio, "cache"), pointsOf({{1, 81}, {1.5, 81.5}}));
        QCOMPARE(dock.lineNames(Page::ErrorRate), (QStringList{"all users", "db"}));
        QCOMPARE(dock.points(Page::ErrorRate, "db"), pointsOf({{0.5, 0}, {1, 0}, {1.5, 25}}));
    }

    // The Instances page draws the tiers the model gives an autoscaler; the error page leaves
    // out the clients, whose errors are the users' line.
    void theModelSaysWhichTiersAutoscale()
    {
        model::Model m;
        m.components.append({"users", model::ComponentKind::Client, {}, {}, {}});
        m.components.append({"web",
                             model::ComponentKind::WebServer,
                             {},
                             {},
                             QJsonObject{{"autoscale", QJsonObject{{"max", 8}}}}});
        m.components.append({"db", model::ComponentKind::Database, {}, {}, {}});
        ChartsDock dock;
        dock.setModelSource([&m] { return &m; });
        auto failing = [](double t, double instances) {
            sim::ComponentSample users = component(), web = component(0.5), db = component(0.5);
            users.errorRate = 0.1;
            db.errorRate = 0.1;
            web.instances = instances;
            db.instances = 1;
            return sample(t, {users, web, db});
        };
        dock.showSnapshot(
            snapshot(1, {"users", "web", "db"}, {failing(1, 2), failing(2, 3), failing(3, 5)}));
        QCOMPARE(dock.lineNames(Page::Instances), QStringList{"web"});
        QCOMPARE(dock.points(Page::Instances, "web"), pointsOf({{1, 2}, {2, 3}, {3, 5}}));
        QCOMPARE(dock.lineNames(Page::ErrorRate), (QStringList{"all users", "db"}));
    }

    // The sample taken the instant the warm-up ends covers no time, and the sampler says so with
    // NaN: no point, not a zero.
    void anEmptyWindowDrawsNothing()
    {
        ChartsDock dock;
        sim::Sample empty =
            sample(1, {component(), component(), component(), component(), component()}, kNaN);
        empty.windowS = 0;
        empty.errorRate = kNaN;
        dock.showSnapshot(
            snapshot(1, kIds, {sample(0.5, system(0.5), 90), empty, sample(1.5, system(1.5), 95)}));
        QCOMPARE(dock.points(Page::Throughput, "completed"), pointsOf({{0.5, 90}, {1.5, 95}}));
    }

    void aNewRunStartsAfresh()
    {
        ChartsDock dock;
        dock.showSnapshot(snapshot(1, kIds, {sample(0.5, system(0.5)), sample(1, system(1))}, {1}));
        QCOMPARE(dock.markers().size(), 1);
        dock.showSnapshot(
            snapshot(2, {"users", "web"}, {sample(0.2, {component(), component(0.7)})}));
        QCOMPARE(dock.lineNames(Page::Utilization), QStringList{"web"});
        QCOMPARE(dock.points(Page::Utilization, "web"), pointsOf({{0.2, 70}}));
        QCOMPARE(dock.points(Page::Throughput, "completed"), pointsOf({{0.2, 100}}));
        QVERIFY(dock.lineNames(Page::HitRatio).isEmpty());
        QVERIFY(dock.markers().isEmpty());
    }

    void anotherDesignClearsTheCurves()
    {
        ChartsDock dock;
        dock.showSnapshot(snapshot(1, kIds, {sample(0.5, system(0.5)), sample(1, system(1))}, {1}));
        QVERIFY(!dock.points(Page::Throughput, "completed").isEmpty());
        dock.clear();
        QVERIFY(dock.points(Page::Throughput, "completed").isEmpty());
        QVERIFY(dock.lineNames(Page::Utilization).isEmpty());
        QVERIFY(dock.markers().isEmpty());
        // The same run's next snapshot starts the curves again rather than adding to nothing.
        dock.showSnapshot(snapshot(1, kIds, {sample(1.5, system(1.5))}));
        QCOMPARE(dock.points(Page::Throughput, "completed"), pointsOf({{1.5, 100}}));
    }

    void marksSaturationActionsAndTheScenario()
    {
        model::Model m;
        m.scenario.events.append({3, "fail", "db", {}});
        m.scenario.events.append({4, "slow", "web", QJsonObject{{"factor", 4}}});
        m.scenario.events.append({99, "recover", "db", {}}); // past the run's end
        ChartsDock dock;
        dock.setModelSource([&m] { return &m; });
        auto first = std::const_pointer_cast<run::Snapshot>(
            snapshot(1, kIds, {sample(0.5, system(0.5))}, {}));
        first->warmupS = 1;
        dock.showSnapshot(first);
        auto second = std::const_pointer_cast<run::Snapshot>(
            snapshot(1, kIds, {sample(1, system(1))}, {2.5}));
        second->newLog.append({5, run::LogEntry::Kind::Action, "db", "you: recover db"});
        second->newLog.append(
            {6, run::LogEntry::Kind::Action, "", "load set to 2 × the model's rate"});
        second->newLog.append({6, run::LogEntry::Kind::Action, "x", "spike means nothing for x"});
        dock.showSnapshot(second);
        // Saturation is cumulative in every snapshot: marked once.
        dock.showSnapshot(snapshot(1, kIds, {sample(1.5, system(1.5))}, {2.5}));
        const QList<QPair<double, QString>> expected = {{1, "warm-up ends"}, {3, "fail db"},
                                                        {4, "slow web ×4"},  {2.5, "saturated"},
                                                        {5, "recover db"},   {6, "load ×2"}};
        QCOMPARE(dock.markers(), expected);
    }

    void drawsAStoredRunWholeThenTheLiveOneAgain()
    {
        ChartsDock dock;
        dock.showSnapshot(snapshot(1, kIds, {sample(0.5, system(0.5), 50)}));
        run::RunRecord record;
        record.components = kIds;
        record.settings.durationS = 2;
        record.series = {sample(1, system(1), 70), sample(2, system(2), 80)};
        dock.showRecord(record);
        QCOMPARE(dock.points(Page::Throughput, "completed"), pointsOf({{1, 70}, {2, 80}}));
        // The live run goes on underneath, and comes back whole.
        dock.showSnapshot(snapshot(1, kIds, {sample(1, system(1), 60)}));
        QCOMPARE(dock.points(Page::Throughput, "completed"), pointsOf({{1, 70}, {2, 80}}));
        dock.showLive();
        QCOMPARE(dock.points(Page::Throughput, "completed"), pointsOf({{0.5, 50}, {1, 60}}));
    }

    void csvHasOneColumnPerLineOverEveryX()
    {
        QTemporaryDir dir;
        std::unique_ptr<Chart> chart = widgets::makeChart();
        chart->setAxisTitles("load (rps)", "latency (ms)");
        const int a = chart->addLine("p50");
        const int b = chart->addDashedLine("predicted, M/M/1");
        chart->append(a, 0, 1);
        chart->append(a, pointsOf({{1, 2.5}}));
        chart->setPoints(b, pointsOf({{1, 3}, {2, 4.125}}));
        const QString path = dir.filePath("chart.csv");
        QVERIFY(chart->saveCsv(path));
        QCOMPARE(readText(path), QString("load (rps),p50,\"predicted, M/M/1\"\n"
                                         "0,1,\n"
                                         "1,2.5,3\n"
                                         "2,,4.125\n"));
        // A log axis changes the drawing, not the data.
        chart->setLogarithmicY(true);
        QVERIFY(chart->saveCsv(path));
        QCOMPARE(readText(path).count('\n'), 4);
        chart->clear();
        QVERIFY(chart->saveCsv(path));
        QCOMPARE(readText(path), QString("load (rps)\n"));
    }

    void exportsTheCurrentPageAsCsv()
    {
        QTemporaryDir dir;
        ChartsDock dock;
        dock.showSnapshot(snapshot(
            1, kIds, {sample(0.5, system(0.5), 90.5, 120), sample(1, system(1), 110, 120)}));
        QString suggested;
        ChartsDock::saveFileAnswer = [&](const QString &s, const QString &) {
            suggested = s;
            return dir.filePath("throughput"); // no extension: the format's is added
        };
        dock.setCurrentPage(Page::Throughput);
        QVERIFY(dock.exportCsv());
        QVERIFY(suggested.endsWith("/throughput.csv"));
        QCOMPARE(readText(dir.filePath("throughput.csv")),
                 QString("simulated time (s),completed,offered\n0.5,90.5,120\n1,110,120\n"));
        ChartsDock::saveFileAnswer = [](const QString &, const QString &) { return QString(); };
        QVERIFY(!dock.exportCsv()); // cancelled
    }

    void exportsAPictureOfTheChart()
    {
        QTemporaryDir dir;
        ChartsDock dock;
        dock.resize(900, 420);
        dock.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dock));
        QList<sim::Sample> series;
        for (int i = 1; i <= 40; ++i)
            series << sample(i * 0.25, system(i * 0.25), 100 + i % 7);
        dock.showSnapshot(snapshot(1, kIds, series, {5}));
        dock.setCurrentPage(Page::Utilization);
        ChartsDock::saveFileAnswer = [&](const QString &, const QString &) {
            return dir.filePath("u.png");
        };
        QVERIFY(dock.exportPng());
        QImage image(dir.filePath("u.png"));
        QVERIFY(!image.isNull());
        const QWidget *chart = dock.chart(Page::Utilization);
        QCOMPARE(image.size(), chart->size() * chart->devicePixelRatio());
        QVERIFY(chart->width() > 800 && chart->height() > 300);
        // Something is drawn: more than a background and a frame.
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 3)
            for (int x = 0; x < image.width(); x += 3)
                colours.insert(image.pixel(x, y));
        QVERIFY(colours.size() > 20);

        // A page with no line yet still exports its (empty) chart, at the chart's size.
        dock.setCurrentPage(Page::Instances);
        ChartsDock::saveFileAnswer = [&](const QString &, const QString &) {
            return dir.filePath("i.png");
        };
        QVERIFY(dock.exportPng());
        QVERIFY(!QImage(dir.filePath("i.png")).isNull());
    }

    // A real run: the throughput chart of an M/M/1 queue at 80 rps averages 80 rps after the
    // warm-up (every request is served: the queue is stable at 80 % load), and the offered line
    // is the client's rate.
    void liveRunThroughputMatchesTheOfferedRate()
    {
        QFile file(QStringLiteral(SCALELAB_TEST_DATA "/mm1.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const model::LoadResult loaded = model::parseModel(file.readAll());
        QVERIFY(loaded.ok());
        const model::Model m = *loaded.model;
        model::RunSettings settings;
        settings.durationS = 600;
        settings.warmupS = 60;
        settings.seed = 7;

        run::SimulationController controller;
        ChartsDock dock;
        dock.setModelSource([&m] { return &m; });
        connect(&controller, &run::SimulationController::snapshotReady, &dock,
                &ChartsDock::showSnapshot);
        std::shared_ptr<const run::RunRecord> record;
        connect(&controller, &run::SimulationController::finished, this,
                [&](std::shared_ptr<const run::RunRecord> r) { record = r; });
        controller.load(m, settings);
        controller.run();
        QElapsedTimer waited;
        waited.start();
        while (!record && waited.elapsed() < 30000)
            QTest::qWait(10);
        QVERIFY(record);
        QTest::qWait(50); // the last snapshot follows the record's signal closely

        const QList<QPointF> completed = dock.points(Page::Throughput, "completed");
        // Every sample is a point but the one at the warm-up's end, which covers no time.
        QCOMPARE(completed.size(), record->series.size() - 1);
        QCOMPARE(completed.first().x(), sim::toSeconds(record->series.first().at));
        double sum = 0;
        int n = 0;
        for (const QPointF &p : completed)
            if (p.x() > settings.warmupS) {
                sum += p.y();
                ++n;
            }
        QVERIFY(n > 100);
        const double mean = sum / n;
        qInfo("mean throughput after the warm-up: %.3f rps over %d points", mean, n);
        QVERIFY2(std::abs(mean - 80) < 0.05 * 80, qPrintable(QString::number(mean)));
        for (const QPointF &p : dock.points(Page::Throughput, "offered"))
            QCOMPARE(p.y(), 80.0);
        // The one server is the only thing with a capacity.
        QCOMPARE(dock.lineNames(Page::Utilization), QStringList{"web"});
        QCOMPARE(dock.markers().first(), (QPair<double, QString>{60, "warm-up ends"}));
    }
};

QTEST_MAIN(TestChartsDock)
#include "tst_charts_dock.moc"
