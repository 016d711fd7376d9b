// The Trace dock on a live run: the hop list and the waterfall show exactly the controller's
// trace, the explanations name the balancer's choice and the cache's hit or miss on the key the
// request carries, the kind chooser traces only that kind, "pause at each hop" stops a running
// run at every hop (and not without it), and the canvas marks the path and where the request is.

#include "../core/run/run_test_support.h"

#include "widgets/canvas/canvas_scene.h"
#include "widgets/canvas/trace_highlight.h"
#include "widgets/run/trace_panel.h"

#include "model/architecture_document.h"
#include "model/model_json.h"
#include "model/simulation_builder.h"
#include "run/simulation_controller.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QTest>
#include <QTreeWidget>
#include <QUndoStack>

#include <cmath>

using namespace scalelab;
using run::RunState;
using run::Snapshot;
using testing::waitUntil;
using widgets::TracePanel;
using widgets::WaterfallView;

namespace {

// Client -> balancer (least connections) -> three web servers -> cache and database, lightly
// loaded, with a fixed seed.
const QByteArray kModel = R"({
  "format": "scalelab-model", "version": 1,
  "components": [
    {"id": "users", "type": "client", "rate_rps": 20,
     "mix": {"static": 0.2, "read": 0.6, "write": 0.2}},
    {"id": "lb", "type": "load_balancer", "algorithm": "least_connections"},
    {"id": "web", "type": "web_server", "count": 3, "cores": 1,
     "service_ms": {"dist": "exponential", "mean": 5}},
    {"id": "cache", "type": "cache", "capacity": 50},
    {"id": "db", "type": "database"}
  ],
  "links": [{"from": "users", "to": "lb", "latency_ms": 1},
            {"from": "lb", "to": "web", "latency_ms": 0.5},
            {"from": "web", "to": "cache", "latency_ms": 0.2},
            {"from": "web", "to": "db", "latency_ms": 0.3}],
  "layout": {"users": {"x": 0, "y": 0}, "lb": {"x": 160, "y": 0},
             "web": {"x": 320, "y": 0}, "cache": {"x": 480, "y": -80},
             "db": {"x": 480, "y": 80}},
  "scenario": {"duration_s": 60, "warmup_s": 1, "seed": 5}
})";

// The window's parts a trace needs: the document and its canvas, the controller, the dock.
struct Bench {
    // `load`: load the run now; otherwise the dock asks for it through its loader.
    explicit Bench(bool load = true)
    {
        const model::LoadResult loaded = model::parseModel(kModel);
        if (!loaded.ok())
            qFatal("%s", qPrintable(loaded.message()));
        document.reset(*loaded.model);
        scene = std::make_unique<widgets::CanvasScene>(document, stack);
        panel = std::make_unique<TracePanel>(&controller, scene.get());
        QObject::connect(&controller, &run::SimulationController::snapshotReady, panel.get(),
                         &TracePanel::showSnapshot);
        QObject::connect(&controller, &run::SimulationController::snapshotReady,
                         [this](std::shared_ptr<const Snapshot> s) {
                             hopPauses += s->hopPause && s->state == RunState::Paused ? 1 : 0;
                             last = std::move(s);
                         });
        const model::Model &m = document.model();
        panel->setLoader([this] {
            ++loads;
            const model::Model &d = document.model();
            controller.load(d, model::resolveSettings(d, {}, nullptr));
            return true;
        });
        if (!load)
            return;
        controller.load(m, model::resolveSettings(m, {}, nullptr));
        if (!waitUntil([this] { return last && last->state == RunState::Ready; }))
            qFatal("the run did not load");
    }

    void choose(const QString &kind)
    {
        panel->kindChooser()->setCurrentIndex(panel->kindChooser()->findData(kind));
    }
    // Step hop until the traced request is back; every stop is checked by `atEachHop`.
    template <typename Check> bool stepToTheEnd(Check atEachHop)
    {
        for (int hops = 1; hops < 40; ++hops) {
            panel->stepHopButton()->click();
            if (!waitUntil([&] {
                    return last && last->hopPause && last->state == RunState::Paused &&
                           last->trace && last->trace->hops.size() == hops &&
                           panel->trace() == last->trace;
                }))
                return false;
            atEachHop();
            if (last->trace->finished)
                return true;
        }
        return false;
    }
    widgets::TraceHighlight *highlight() const
    {
        for (QGraphicsItem *item : scene->items())
            if (auto *h = dynamic_cast<widgets::TraceHighlight *>(item))
                return h;
        return nullptr;
    }

    model::ArchitectureDocument document;
    QUndoStack stack;
    std::unique_ptr<widgets::CanvasScene> scene;
    run::SimulationController controller;
    std::unique_ptr<TracePanel> panel;
    std::shared_ptr<const Snapshot> last;
    int hopPauses = 0;
    int loads = 0; // runs the dock asked for
};

// The hop list shows the trace's hops, one row each, as they are.
void compareHops(const TracePanel &panel, const run::Trace &t)
{
    QTreeWidget *list = panel.hopList();
    QCOMPARE(list->topLevelItemCount(), t.hops.size());
    for (int i = 0; i < t.hops.size(); ++i) {
        const run::TraceHop &h = t.hops[i];
        const QTreeWidgetItem *item = list->topLevelItem(i);
        QCOMPARE(item->data(0, Qt::UserRole).toDouble(), h.atS);
        QCOMPARE(item->text(0), QString::number((h.atS - t.startS) * 1000, 'f', 3));
        QCOMPARE(item->text(1), h.from + QStringLiteral(" → ") + h.to +
                                    (h.isReply ? QStringLiteral(" (reply)") : QString()));
        QCOMPARE(item->text(2), h.explanation);
    }
}

// The waterfall has one row per stay, where and as long as the stay was.
void compareWaterfall(const WaterfallView &view, const run::Trace &t, double nowS)
{
    const QList<WaterfallView::Row> &rows = view.rows();
    QCOMPARE(rows.size(), t.spans.size());
    const double eps = 1e-9;
    for (int i = 0; i < rows.size(); ++i) {
        const run::TraceSpan &s = t.spans[i];
        const WaterfallView::Row &r = rows[i];
        QVERIFY(r.label == s.component ||
                r.label == QStringLiteral("%1 #%2").arg(s.component).arg(s.instance + 1));
        QCOMPARE(r.depth, s.depth);
        QVERIFY(std::abs(r.startMs - (s.arrivedS - t.startS) * 1000) < eps);
        QVERIFY(std::abs(r.queueMs - s.queueingS() * 1000) < eps);
        QVERIFY(std::abs(r.serviceMs - (std::isnan(s.serviceStartS) ? 0 : s.serviceS * 1000)) <
                eps);
        QCOMPARE(r.open, std::isnan(s.leftS));
        // An open stay reaches the snapshot's now.
        const double end =
            r.open ? std::max(r.startMs, (nowS - t.startS) * 1000) : (s.leftS - t.startS) * 1000;
        QVERIFY(std::abs(r.endMs - end) < eps);
        QVERIFY(view.barRect(i).width() > 0);
    }
}

} // namespace

class TestTracePanel : public QObject {
    Q_OBJECT

private slots:
    // A read, step hop by step hop: the dock and the canvas follow it exactly.
    void readStepByStep()
    {
        Bench b;
        b.choose(QStringLiteral("read"));
        int stops = 0;
        QVERIFY(b.stepToTheEnd([&] {
            ++stops;
            const run::Trace &t = *b.last->trace;
            compareHops(*b.panel, t);
            compareWaterfall(*b.panel->waterfall(), t, b.last->nowS);
            // The canvas: every component reached outlined, the current one marked.
            widgets::TraceHighlight *h = b.highlight();
            QVERIFY(h);
            QSet<QString> reached;
            for (const run::TraceHop &hop : t.hops)
                reached << hop.from << hop.to;
            const QStringList visited = h->visited();
            QCOMPARE(QSet<QString>(visited.cbegin(), visited.cend()), reached);
            QCOMPARE(h->current(), t.finished ? QString() : t.hops.last().to);
        }));
        const run::Trace &t = *b.last->trace;
        QCOMPARE(t.kind, QStringLiteral("read"));
        QCOMPARE(stops, t.hops.size());
        QVERIFY(t.ok);
        // users>lb, lb>web, web>cache, cache>web, [web>db, db>web, web>cache, cache>web,]
        // web>lb, lb>users.
        QVERIFY(t.hops.size() == 6 || t.hops.size() == 10);
        compareHops(*b.panel, t);
        compareWaterfall(*b.panel->waterfall(), t, b.last->nowS);

        // Why each hop went where it did. The balancer: its choice and the open connections.
        static const QRegularExpression picked(
            QStringLiteral("^lb picked web instance ([123]): least connections, (\\d+) open$"));
        QVERIFY2(picked.match(t.hops[1].explanation).hasMatch(), qPrintable(t.hops[1].explanation));
        QCOMPARE(picked.match(t.hops[1].explanation).captured(2), QStringLiteral("0")); // idle
        // The waterfall names the instance the balancer picked.
        QCOMPARE(b.panel->waterfall()->rows()[2].label,
                 QStringLiteral("web #") + picked.match(t.hops[1].explanation).captured(1));
        // The cache answers hit or miss on the key the request carries from its client.
        static const QRegularExpression issued(
            QStringLiteral("^users sends a read request for key (\\d+) to lb$"));
        const QRegularExpressionMatch first = issued.match(t.hops[0].explanation);
        QVERIFY2(first.hasMatch(), qPrintable(t.hops[0].explanation));
        static const QRegularExpression answer(QStringLiteral("^cache (hit|miss) on key (\\d+)$"));
        const QRegularExpressionMatch told = answer.match(t.hops[3].explanation);
        QVERIFY2(told.hasMatch(), qPrintable(t.hops[3].explanation));
        QCOMPARE(told.captured(2), first.captured(1));
        // A miss goes on to the database; a hit answers at once.
        QCOMPARE(t.hops.size() == 10, told.captured(1) == QLatin1String("miss"));
        // The summary tells the whole time, as the client saw it.
        const QString total = QString::number((t.endS - t.startS) * 1000, 'f', 2);
        QVERIFY2(b.panel->summaryLabel()->text().contains(QStringLiteral("answered in")),
                 qPrintable(b.panel->summaryLabel()->text()));
        QVERIFY2(b.panel->summaryLabel()->text().contains(total),
                 qPrintable(b.panel->summaryLabel()->text() + " / " + total));

        // The path stays on the canvas until the run is reset.
        QVERIFY(b.highlight());
        QVERIFY(b.highlight()->current().isEmpty());
        const quint64 run = b.last->run;
        b.controller.reset();
        QVERIFY(waitUntil([&] { return b.last->run != run; }));
        QVERIFY(!b.highlight());
        QCOMPARE(b.panel->hopList()->topLevelItemCount(), 0);
        QVERIFY(b.panel->waterfall()->rows().isEmpty());
    }

    // The chooser traces only its kind, through that kind's path.
    void kindFilter_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<bool>("traceFirst"); // press Trace next, or only Step hop
        QTest::addColumn<QStringList>("reached");
        QTest::addColumn<QStringList>("notReached");
        QTest::newRow("static") << "static" << true << QStringList{"users", "lb", "web"}
                                << QStringList{"cache", "db"};
        QTest::newRow("write") << "write" << false << QStringList{"users", "lb", "web", "db"}
                               << QStringList{};
        QTest::newRow("read") << "read" << true << QStringList{"users", "lb", "web", "cache"}
                              << QStringList{};
    }
    void kindFilter()
    {
        QFETCH(QString, kind);
        QFETCH(bool, traceFirst);
        QFETCH(QStringList, reached);
        QFETCH(QStringList, notReached);
        Bench b;
        b.choose(kind);
        // Twice in a row: the second trace is again of the chosen kind.
        for (int round = 0; round < 2; ++round) {
            if (traceFirst)
                b.panel->traceButton()->click();
            const double after = b.last->nowS;
            QVERIFY(b.stepToTheEnd([] {}));
            const run::Trace &t = *b.last->trace;
            QVERIFY(t.startS >= after);
            QCOMPARE(t.kind, kind);
            QStringList at;
            for (const run::TraceSpan &s : t.spans)
                at << s.component;
            for (const QString &id : reached)
                QVERIFY2(at.contains(id), qPrintable(at.join(' ')));
            for (const QString &id : notReached)
                QVERIFY2(!at.contains(id), qPrintable(at.join(' ')));
            if (kind == QLatin1String("write")) {
                // The write path: the database takes the write, then the cache drops the key.
                bool wrote = false, invalidated = false;
                for (const run::TraceHop &h : t.hops) {
                    wrote =
                        wrote || (h.from == QLatin1String("web") && h.to == QLatin1String("db") &&
                                  h.explanation.contains(QStringLiteral("write request")));
                    invalidated = invalidated || (h.to == QLatin1String("cache") &&
                                                  h.explanation.contains("invalidation"));
                }
                QVERIFY(wrote);
                QVERIFY(invalidated);
            }
        }
    }

    // With no run yet, Step hop asks the window for one, once, and follows the chosen kind in
    // it; so does Trace next request once the run has finished.
    void stepHopStartsARun()
    {
        Bench b(false);
        QVERIFY(b.panel->stepHopButton()->isEnabled());
        b.choose(QStringLiteral("write"));
        QVERIFY(b.stepToTheEnd([] {}));
        QCOMPARE(b.loads, 1);
        QCOMPARE(b.last->trace->kind, QStringLiteral("write"));
        // Finished: the next trace starts a new run.
        b.controller.run();
        QVERIFY(waitUntil([&] { return b.last->state == RunState::Finished; }));
        const quint64 finished = b.last->run;
        b.choose(QStringLiteral("static"));
        b.panel->traceButton()->click();
        b.panel->stepHopButton()->click();
        QVERIFY(waitUntil([&] {
            return b.last->run != finished && b.last->trace && b.last->hopPause &&
                   b.last->state == RunState::Paused;
        }));
        QCOMPARE(b.loads, 2);
        QCOMPARE(b.last->trace->kind, QStringLiteral("static"));
    }

    // "Pause at each hop" stops a running run at every hop of the traced request; without it the
    // run goes through.
    void pauseAtHopsWhileRunning()
    {
        Bench b;
        b.choose(QStringLiteral("read"));
        b.panel->pauseAtHopsBox()->setChecked(true);
        b.panel->traceButton()->click();
        b.controller.setSpeed(5); // paced, so that the run is still going when it is checked
        b.controller.run();
        int hops = 0;
        for (; hops < 40; ++hops) {
            QVERIFY(waitUntil([&] {
                return b.last->hopPause && b.last->state == RunState::Paused && b.last->trace &&
                       b.last->trace->hops.size() == hops + 1;
            }));
            QCOMPARE(b.panel->hopList()->topLevelItemCount(), hops + 1);
            if (b.last->trace->finished)
                break;
            b.controller.run();
        }
        QCOMPARE(hops + 1, b.last->trace->hops.size());
        QVERIFY(hops >= 5);
        // Once the request is back, the run goes on without stopping.
        b.controller.run();
        const double end = b.last->trace->endS;
        QVERIFY(waitUntil([&] { return b.last->nowS > end + 1; }));
        QCOMPARE(b.last->state, RunState::Running);

        // Without the box: the next traced read goes through while the run runs.
        b.panel->pauseAtHopsBox()->setChecked(false);
        const int pausesBefore = b.hopPauses;
        const quint32 previous = b.last->trace->request;
        const double previousStart = b.last->trace->startS;
        b.panel->traceButton()->click();
        QVERIFY(waitUntil([&] {
            return b.last->trace && b.last->trace->finished &&
                   (b.last->trace->request != previous || b.last->trace->startS != previousStart);
        }));
        QCOMPARE(b.hopPauses, pausesBefore);
        QCOMPARE(b.panel->hopList()->topLevelItemCount(), b.last->trace->hops.size());
        b.controller.pause();
    }

    // The waterfall draws, with a row per stay and an axis, however narrow the dock.
    void waterfallRenders()
    {
        Bench b;
        b.choose(QStringLiteral("read"));
        QVERIFY(b.stepToTheEnd([] {}));
        b.panel->resize(360, 620);
        b.panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(b.panel.get()));
        const QImage image = b.panel->waterfall()->grab().toImage();
        QVERIFY(!image.isNull());
        if (!qEnvironmentVariableIsEmpty("SCALELAB_TRACE_SHOT"))
            b.panel->grab().save(qEnvironmentVariable("SCALELAB_TRACE_SHOT"));
        // The service colour is there: some core time was drawn.
        bool service = false;
        for (int y = 0; y < image.height() && !service; ++y)
            for (int x = 0; x < image.width() && !service; ++x)
                service = image.pixelColor(x, y) == QColor(0x2d, 0x7d, 0xd2);
        QVERIFY(service);
    }
};

QTEST_MAIN(TestTracePanel)
#include "tst_trace_panel.moc"
