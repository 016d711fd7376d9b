// The trace recorder on an engine of its own, without the live controller: it follows the first
// traced request once told to await one, records its hops and stays with the engine's reasons
// and its queueing and service, keeps to that one request, and hands out a new copy of the trace
// only when it changed.

#include "../model/model_test_support.h"

#include "run/trace_recorder.h"
#include "sim/engine.h"

#include <QTest>

#include <cmath>

using namespace scalelab;
using run::TraceRecorder;

namespace {

// users -> lb -> two web servers of one core at 5 ms, 1 ms on the way in: busy enough to queue.
const QByteArray kModel = R"({
  "format": "scalelab-model", "version": 1,
  "components": [
    {"id": "users", "type": "client", "rate_rps": 300, "mix": {"read": 1}},
    {"id": "lb", "type": "load_balancer", "algorithm": "round_robin"},
    {"id": "web", "type": "web_server", "count": 2, "cores": 1,
     "service_ms": {"dist": "exponential", "mean": 5}}
  ],
  "links": [{"from": "users", "to": "lb", "latency_ms": 1}, {"from": "lb", "to": "web"}],
  "scenario": {"duration_s": 30, "seed": 7}
})";

// An engine whose traced requests' hops and service starts go to the recorder, as the live
// controller's observer passes them on.
class Bench : public sim::Observer {
public:
    Bench()
        : recorder([this](const QString &component, const QString &text) {
              notes << component + QStringLiteral(": ") + text;
          })
    {
        const model::Model m = testing::loadRunnableModel(kModel);
        const model::RunSettings settings = model::resolveSettings(m, {}, nullptr);
        engine = model::buildEngine(m, settings, settings.seed);
        engine->setObserver(this);
        engine->start();
    }

    void onHop(const Hop &hop) override
    {
        ++hops;
        recorded += recorder.onHop(*engine, hop) ? 1 : 0;
    }
    void onServiceStart(sim::Time at, std::uint32_t request, std::uint32_t component,
                        sim::Time serviceTime) override
    {
        recorder.onServiceStart(*engine, at, request, component, serviceTime);
    }

    // Steps until the awaited request is back at its client; false if it never is.
    bool followToTheEnd()
    {
        while (recorder.busy())
            if (!engine->step())
                return false;
        return recorder.tracing() && recorder.trace().finished;
    }

    std::unique_ptr<sim::Engine> engine;
    TraceRecorder recorder;
    QStringList notes;
    int hops = 0;     // traced hops the engine reported
    int recorded = 0; // of which the recorder took
};

} // namespace

class TestTraceRecorder : public QObject {
    Q_OBJECT

private slots:
    void followsOnlyWhenAwaiting()
    {
        Bench b;
        b.engine->traceNext();
        b.engine->runUntil(sim::fromSeconds(1));
        QVERIFY(b.hops > 0);
        QCOMPARE(b.recorded, 0);
        QVERIFY(!b.recorder.tracing());
        QVERIFY(!b.recorder.busy());
        QVERIFY(b.recorder.trace().hops.isEmpty());
        QVERIFY(b.notes.isEmpty());
        QVERIFY(!b.recorder.published());
    }

    void recordsOneRequestEndToEnd()
    {
        Bench b;
        b.engine->runUntil(sim::fromSeconds(5)); // under way, with queues
        b.recorder.awaitNext();
        QVERIFY(b.recorder.awaiting());
        QVERIFY(b.recorder.busy());
        b.engine->traceNext();
        QVERIFY(b.followToTheEnd());
        QVERIFY(!b.recorder.awaiting());
        QVERIFY(!b.recorder.busy());

        const run::Trace &t = b.recorder.trace();
        QCOMPARE(t.kind, QStringLiteral("read"));
        QVERIFY(t.ok);
        QVERIFY(t.startS >= 5);
        // users -> lb -> web and back: four hops, three stays one inside the other.
        QCOMPARE(t.hops.size(), 4);
        const QStringList route = {
            t.hops[0].from + "->" + t.hops[0].to, t.hops[1].from + "->" + t.hops[1].to,
            t.hops[2].from + "->" + t.hops[2].to, t.hops[3].from + "->" + t.hops[3].to};
        QCOMPARE(route, (QStringList{"users->lb", "lb->web", "web->lb", "lb->users"}));
        QCOMPARE((QList<bool>{t.hops[0].isReply, t.hops[1].isReply, t.hops[2].isReply,
                              t.hops[3].isReply}),
                 (QList<bool>{false, false, true, true}));
        for (const run::TraceHop &h : t.hops)
            QVERIFY2(!h.explanation.isEmpty(), qPrintable(h.from));
        QCOMPARE(t.spans.size(), 3);
        for (int depth = 0; depth < 3; ++depth) {
            const run::TraceSpan &span = t.spans[depth];
            QCOMPARE(span.depth, depth);
            QVERIFY(span.ok);
            QVERIFY(!std::isnan(span.leftS));
            QVERIFY(span.leftS >= span.arrivedS);
            if (depth > 0) // inside the stay of its caller
                QVERIFY(span.arrivedS >= t.spans[depth - 1].arrivedS &&
                        span.leftS <= t.spans[depth - 1].leftS);
        }
        QCOMPARE(t.spans[0].component, QStringLiteral("users"));
        QCOMPARE(t.spans[0].arrivedS, t.startS);
        QCOMPARE(t.spans[0].leftS, t.endS);
        // The link in costs a millisecond before the balancer has it.
        QVERIFY(std::abs(t.spans[1].arrivedS - t.startS - 0.001) < 1e-9);
        // The web server's core time, from the service start; the balancer has none.
        const run::TraceSpan &web = t.spans[2];
        QCOMPARE(web.component, QStringLiteral("web"));
        QVERIFY(web.instance == 0 || web.instance == 1);
        QVERIFY(!std::isnan(web.serviceStartS));
        QVERIFY(web.serviceS > 0);
        QVERIFY(web.serviceStartS >= web.arrivedS);
        QVERIFY(web.serviceStartS + web.serviceS <= web.leftS + 1e-9);
        QVERIFY(std::isnan(t.spans[1].serviceStartS));
        QCOMPARE(t.spans[1].queueingS(), 0.0);

        // Each hop's reason in the log, and a last word on how the request ended.
        QCOMPARE(b.notes.size(), 5);
        QCOMPARE(b.notes[0], QStringLiteral("users: ") + t.hops[0].explanation);
        QVERIFY2(b.notes[4].startsWith(QStringLiteral("users: the traced read request completes "
                                                      "after ")),
                 qPrintable(b.notes[4]));
        QVERIFY(b.notes[4].endsWith(
            QStringLiteral("%1 ms").arg((t.endS - t.startS) * 1000, 0, 'f', 3)));
    }

    void keepsToTheRequestFollowed()
    {
        Bench b;
        b.recorder.awaitNext();
        b.engine->traceNext();
        QVERIFY(b.followToTheEnd());
        const quint32 first = b.recorder.trace().request;
        const double firstEndS = b.recorder.trace().endS;
        const qsizetype notes = b.notes.size();
        // Another traced request, not awaited: the finished trace stays as it was.
        b.engine->traceNext();
        const int recorded = b.recorded;
        b.engine->runUntil(b.engine->now() + sim::fromSeconds(1));
        QCOMPARE(b.recorded, recorded);
        QCOMPARE(b.recorder.trace().request, first);
        QCOMPARE(b.notes.size(), notes);
        // Awaited again: the next traced request replaces it.
        const double awaitedAtS = sim::toSeconds(b.engine->now());
        b.recorder.awaitNext();
        b.engine->traceNext();
        QVERIFY(b.followToTheEnd());
        QVERIFY(b.recorder.trace().startS >= awaitedAtS);
        QVERIFY(awaitedAtS > firstEndS);
        QCOMPARE(b.recorder.trace().hops.size(), 4);
    }

    void publishesACopyOnlyWhenChanged()
    {
        Bench b;
        b.recorder.awaitNext();
        b.engine->traceNext();
        while (b.recorded == 0)
            QVERIFY(b.engine->step());
        const std::shared_ptr<const run::Trace> one = b.recorder.published();
        QVERIFY(one);
        QCOMPARE(one->hops.size(), 1);
        QVERIFY(b.recorder.published() == one); // nothing new: the same copy
        QVERIFY(b.followToTheEnd());
        const std::shared_ptr<const run::Trace> done = b.recorder.published();
        QVERIFY(done != one);
        QCOMPARE(one->hops.size(), 1); // a copy handed out never changes
        QCOMPARE(done->hops.size(), 4);
        QVERIFY(done->finished);

        b.recorder.clear();
        QVERIFY(!b.recorder.published());
        QVERIFY(!b.recorder.tracing());
        QVERIFY(b.recorder.trace().hops.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestTraceRecorder)
#include "tst_trace_recorder.moc"
