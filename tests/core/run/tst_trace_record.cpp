// A traced request against the engine's own record: the live run's trace (hops, stays, queueing
// and service) equals what a second engine with the same model and seed processes for that
// request, event by event; and the stays account for the whole end-to-end time, with no gap and
// no overlap, queueing appearing with load and vanishing without it.

#include "../model/model_test_support.h"
#include "run_test_support.h"

#include "run/simulation_controller.h"
#include "sim/engine.h"

#include <QSignalSpy>
#include <QtTest>

#include <cmath>

using namespace scalelab;
using run::RunState;
using run::SimulationController;
using run::Snapshot;
using testing::waitUntil;

namespace {

// Client -> balancer (least connections) -> three web servers -> cache and database. Each link
// has its own latency, so that a latency counted at the wrong hop shows.
QByteArray modelJson(double rateRps, int webCount, const char *mix, int seed)
{
    return QStringLiteral(R"({
      "format": "scalelab-model", "version": 1,
      "components": [
        {"id": "users", "type": "client", "rate_rps": %1, "mix": %3},
        {"id": "lb", "type": "load_balancer", "algorithm": "least_connections"},
        {"id": "web", "type": "web_server", "count": %2, "cores": 1,
         "service_ms": {"dist": "exponential", "mean": 5}},
        {"id": "cache", "type": "cache", "capacity": 50,
         "service_ms": {"dist": "exponential", "mean": 0.5}},
        {"id": "db", "type": "database", "read_ms": {"dist": "exponential", "mean": 4},
         "write_ms": {"dist": "exponential", "mean": 8}}
      ],
      "links": [{"from": "users", "to": "lb", "latency_ms": 1},
                {"from": "lb", "to": "web", "latency_ms": 0.5},
                {"from": "web", "to": "cache", "latency_ms": 0.2},
                {"from": "web", "to": "db", "latency_ms": 0.3}],
      "scenario": {"duration_s": 30, "warmup_s": 1, "seed": %4}
    })")
        .arg(rateRps)
        .arg(webCount)
        .arg(QLatin1String(mix))
        .arg(seed)
        .toUtf8();
}

const QHash<QString, double> kLinkLatencyS = {
    {QStringLiteral("lb"), 0.001},
    {QStringLiteral("web"), 0.0005},
    {QStringLiteral("cache"), 0.0002},
    {QStringLiteral("db"), 0.0003},
};

// What the engine itself does with one traced request: every arrival and reply event addressed
// to it, and every service start, as it processes them.
class Recorder : public sim::Observer {
public:
    struct Step {
        double atS;
        QString at; // the component the event is addressed to
        bool reply;
    };

    explicit Recorder(sim::Engine &engine) : m_engine(engine) {}

    void onHop(const Hop &hop) override
    {
        if (m_request < 0 && !done && m_engine.requests()[hop.request].traced)
            m_request = static_cast<int>(hop.request);
    }
    void onEvent(const sim::Event &e) override
    {
        if (done || m_request < 0 || e.request != static_cast<std::uint32_t>(m_request) ||
            (e.kind != sim::kArrive && e.kind != sim::kReply))
            return;
        const QString at = QString::fromStdString(m_engine.component(e.target).id());
        steps << Step{sim::toSeconds(e.time), at, e.kind == sim::kReply};
        if (e.kind == sim::kReply && m_engine.component(e.target).type() == "client") {
            done = true;
            endS = sim::toSeconds(e.time);
        }
    }
    void onServiceStart(sim::Time at, std::uint32_t request, std::uint32_t component,
                        sim::Time service) override
    {
        if (!done && static_cast<int>(request) == m_request) {
            services << Step{sim::toSeconds(at),
                             QString::fromStdString(m_engine.component(component).id()), false};
            serviceS << sim::toSeconds(service);
            // The instance serving it: the pool's own frame, from its arrival on.
            instances << m_engine.requests()[request].top().instance;
        }
    }

    QList<Step> steps;
    QList<Step> services;
    QList<double> serviceS;
    QList<int> instances;
    bool done = false;
    double endS = 0;

private:
    sim::Engine &m_engine;
    int m_request = -1;
};

// Traces the first request of `kind` of a fresh live run, step hop by step hop, to its end.
std::shared_ptr<const run::Trace> traceLive(const model::Model &m, const QString &kind)
{
    SimulationController c;
    std::shared_ptr<const Snapshot> last;
    QObject::connect(&c, &SimulationController::snapshotReady,
                     [&](std::shared_ptr<const Snapshot> s) { last = std::move(s); });
    c.load(m, model::resolveSettings(m, {}, nullptr));
    if (!waitUntil([&] { return last && last->state == RunState::Ready; }))
        return nullptr;
    c.traceNext(kind);
    for (int hops = 1; hops < 40; ++hops) {
        c.stepHop();
        if (!waitUntil([&] {
                return last->hopPause && last->state == RunState::Paused && last->trace &&
                       last->trace->hops.size() == hops;
            }))
            return nullptr;
        if (last->trace->finished)
            return last->trace;
    }
    return nullptr;
}

// The same model and seed on an engine of our own that records everything for the request.
struct Twin {
    std::unique_ptr<sim::Engine> engine;
    std::unique_ptr<Recorder> recorder;
};
Twin runTwin(const model::Model &m, const QString &kind)
{
    const model::RunSettings settings = model::resolveSettings(m, {}, nullptr);
    Twin twin;
    twin.engine = model::buildEngine(m, settings, settings.seed);
    twin.recorder = std::make_unique<Recorder>(*twin.engine);
    twin.engine->setObserver(twin.recorder.get(), true);
    int k = -1;
    for (int i = 0; i < sim::kRequestKinds; ++i)
        if (kind == QLatin1String(sim::requestKindName(static_cast<sim::RequestKind>(i))))
            k = i;
    twin.engine->traceNext(k);
    twin.engine->start();
    while (!twin.recorder->done && twin.engine->step()) {
    }
    return twin;
}

// The stays directly below span `parent`.
QList<int> childrenOf(const run::Trace &t, int parent)
{
    QList<int> children;
    for (int i = parent + 1; i < t.spans.size() && t.spans[i].depth > t.spans[parent].depth; ++i)
        if (t.spans[i].depth == t.spans[parent].depth + 1)
            children << i;
    return children;
}

// The send hop that brought span i (i >= 1): spans are opened by sends, in order.
const run::TraceHop &sendOf(const run::Trace &t, int span)
{
    int seen = 0;
    for (const run::TraceHop &h : t.hops)
        if (!h.isReply && ++seen == span)
            return h;
    qFatal("no send for span %d", span);
}

constexpr double kEps = 1e-9; // the engine's clock is in whole nanoseconds

} // namespace

class TestTraceRecord : public QObject {
    Q_OBJECT

private slots:
    // Every stay of the traced request is where and when the engine had the request.
    void traceEqualsTheEnginesRecord_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<double>("rate");
        QTest::addColumn<int>("webs");
        QTest::newRow("read, light") << "read" << 2.0 << 3;
        QTest::newRow("write, light") << "write" << 2.0 << 3;
        QTest::newRow("read, loaded") << "read" << 190.0 << 1;
        QTest::newRow("static, loaded") << "static" << 190.0 << 1;
    }
    void traceEqualsTheEnginesRecord()
    {
        QFETCH(QString, kind);
        QFETCH(double, rate);
        QFETCH(int, webs);
        const model::Model m = testing::loadRunnableModel(
            modelJson(rate, webs, R"({"static": 0.2, "read": 0.6, "write": 0.2})", 7));
        const auto trace = traceLive(m, kind);
        QVERIFY(trace);
        const run::Trace &t = *trace;
        QCOMPARE(t.kind, kind);
        QVERIFY(t.finished && t.ok);
        const Twin twin = runTwin(m, kind);
        const Recorder &r = *twin.recorder;
        QVERIFY(r.done);

        // End to end: the client's reply event, less when the request was made.
        QVERIFY(std::abs(t.endS - r.endS) < kEps);
        // Each stay began with the engine's arrival event there, in the same order.
        QList<Recorder::Step> arrivals;
        for (const Recorder::Step &s : r.steps)
            if (!s.reply)
                arrivals << s;
        QCOMPARE(arrivals.size(), t.spans.size() - 1);
        for (int i = 1; i < t.spans.size(); ++i) {
            QCOMPARE(t.spans[i].component, arrivals[i - 1].at);
            QVERIFY(std::abs(t.spans[i].arrivedS - arrivals[i - 1].atS) < kEps);
        }
        // Each reply reached the caller one link latency after the callee left.
        int replies = 0;
        for (const Recorder::Step &s : r.steps)
            replies += s.reply ? 1 : 0;
        QCOMPARE(replies, t.spans.size() - 1);
        // Queueing and service: the engine's own service starts, stay by stay.
        int serviced = 0;
        for (const run::TraceSpan &s : t.spans) {
            if (std::isnan(s.serviceStartS))
                continue;
            QVERIFY(serviced < r.services.size());
            QCOMPARE(s.component, r.services[serviced].at);
            QVERIFY(std::abs(s.serviceStartS - r.services[serviced].atS) < kEps);
            QVERIFY(std::abs(s.serviceS - r.serviceS[serviced]) < kEps);
            QCOMPARE(s.instance, r.instances[serviced]);
            ++serviced;
        }
        QCOMPARE(serviced, r.services.size());
    }

    // The stays account for all of the request's time: each is queueing + service + its calls
    // below with their links both ways, and each call lies inside its caller's stay.
    void staysAddUpWithNoGapNoOverlap_data() { traceEqualsTheEnginesRecord_data(); }
    void staysAddUpWithNoGapNoOverlap()
    {
        QFETCH(QString, kind);
        QFETCH(double, rate);
        QFETCH(int, webs);
        const model::Model m = testing::loadRunnableModel(
            modelJson(rate, webs, R"({"static": 0.2, "read": 0.6, "write": 0.2})", 7));
        const auto trace = traceLive(m, kind);
        QVERIFY(trace);
        const run::Trace &t = *trace;
        QCOMPARE(t.spans.first().leftS, t.endS);
        double queueing = 0, service = 0, links = 0;
        for (int p = 0; p < t.spans.size(); ++p) {
            const run::TraceSpan &parent = t.spans[p];
            QVERIFY(!std::isnan(parent.leftS));
            double inside = parent.queueingS() + parent.serviceS;
            queueing += parent.queueingS();
            service += parent.serviceS;
            double previousEnd = std::isnan(parent.serviceStartS)
                                     ? parent.arrivedS
                                     : parent.serviceStartS + parent.serviceS;
            for (const int c : childrenOf(t, p)) {
                const run::TraceSpan &child = t.spans[c];
                const double latency = child.arrivedS - sendOf(t, c).atS;
                // The model's latency for that link, both ways.
                QVERIFY2(std::abs(latency - kLinkLatencyS.value(child.component)) < kEps,
                         qPrintable(child.component));
                // Sent when the caller was done with what came before: no gap, no overlap.
                QVERIFY(std::abs(sendOf(t, c).atS - previousEnd) < kEps);
                QVERIFY(child.arrivedS >= parent.arrivedS - kEps);
                QVERIFY(child.leftS + latency <= parent.leftS + kEps);
                previousEnd = child.leftS + latency;
                inside += 2 * latency + (child.leftS - child.arrivedS);
                links += 2 * latency;
            }
            QVERIFY(std::abs(previousEnd - parent.leftS) < kEps);
            QVERIFY2(std::abs(inside - (parent.leftS - parent.arrivedS)) < kEps,
                     qPrintable(QStringLiteral("%1: %2 accounted of %3")
                                    .arg(parent.component)
                                    .arg(inside)
                                    .arg(parent.leftS - parent.arrivedS)));
        }
        // And so the whole: links + queueing + service, nothing left over.
        QVERIFY(std::abs((t.endS - t.startS) - (queueing + service + links)) < 1e-8);
    }

    // Queueing appears with load and vanishes without it: at 2 requests a second on three
    // servers the traced request finds a core free, its web stay is its service and its calls.
    void queueingOnlyUnderLoad()
    {
        const char *mix = R"({"read": 1})";
        const auto light =
            traceLive(testing::loadRunnableModel(modelJson(2, 3, mix, 7)), QStringLiteral("read"));
        QVERIFY(light);
        const run::TraceSpan &web = light->spans[2];
        QCOMPARE(web.component, QStringLiteral("web"));
        QCOMPARE(web.queueingS(), 0.0);
        QVERIFY(web.serviceS > 0);
        double calls = 0;
        for (const int c : childrenOf(*light, 2))
            calls += 2 * (light->spans[c].arrivedS - sendOf(*light, c).atS) +
                     (light->spans[c].leftS - light->spans[c].arrivedS);
        QVERIFY(std::abs((web.leftS - web.arrivedS) - calls - web.serviceS) < kEps);

        // One server at 190 requests a second of 5 ms each (95 % busy): some of the first few
        // reads wait for the core. Trace them one after the other.
        const model::Model loaded = testing::loadRunnableModel(modelJson(190, 1, mix, 7));
        SimulationController c;
        std::shared_ptr<const Snapshot> last;
        connect(&c, &SimulationController::snapshotReady,
                [&](std::shared_ptr<const Snapshot> s) { last = std::move(s); });
        c.load(loaded, model::resolveSettings(loaded, {}, nullptr));
        QVERIFY(waitUntil([&] { return last && last->state == RunState::Ready; }));
        double mostQueued = 0;
        c.setPauseAtHops(true);
        for (int traced = 0; traced < 10 && mostQueued == 0; ++traced) {
            c.traceNext(QStringLiteral("read"));
            const double after = last->nowS;
            for (;;) {
                // Each stop is a new trace record: one more hop than the last stop saw.
                const run::Trace *before = last->trace.get();
                c.run();
                QVERIFY(waitUntil([&] {
                    return last->hopPause && last->state == RunState::Paused && last->trace &&
                           last->trace.get() != before && last->trace->startS >= after;
                }));
                if (last->trace->finished)
                    break;
            }
            mostQueued = std::max(mostQueued, last->trace->spans[2].queueingS());
        }
        QVERIFY2(mostQueued > 0, "no traced read ever waited at 95 % load");
    }
};

QTEST_GUILESS_MAIN(TestTraceRecord)
#include "tst_trace_record.moc"
