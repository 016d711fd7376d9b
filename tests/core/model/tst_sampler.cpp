// Sampling a running engine for live views and charts: windows that add up to the run's own
// figures, a warm-up that restarts them, and reading that never changes a run. Also the live
// controls a sampled run offers: the load scale and scenario actions applied at once.

#include "model_test_support.h"

#include "sim/client.h"
#include "sim/sampler.h"

#include <QtTest>

using namespace scalelab;

namespace {

// M/M/1 at 80 %: 80 rps against one core at 10 ms.
const QByteArray kMm1 = R"({
  "format": "scalelab-model", "version": 1,
  "components": [
    {"id": "users", "type": "client", "rate_rps": 80, "mix": {"static": 1}},
    {"id": "web", "type": "web_server", "cores": 1,
     "service_ms": {"dist": "exponential", "mean": 10}}
  ],
  "links": [{"from": "users", "to": "web", "latency_ms": 1}],
  "scenario": {"duration_s": 2000, "warmup_s": 100, "seed": 5}
})";

QJsonObject comparable(const sim::RunResults &r, const model::Model &m)
{
    QJsonObject o = model::resultsToJson(r, m, {});
    for (const char *key : {"wall_s", "events_per_s"})
        o.remove(QLatin1String(key));
    return o;
}

std::unique_ptr<sim::Engine> engineFor(const model::Model &m)
{
    const model::RunSettings s = model::resolveSettings(m, {}, nullptr);
    return model::buildEngine(m, s, s.seed);
}

} // namespace

class TestSampler : public QObject {
    Q_OBJECT

private slots:
    void samplingChangesNothing()
    {
        const model::Model m = testing::loadRunnableModel(kMm1);
        const sim::RunResults plain = testing::runScenario(m, 1);
        auto engine = engineFor(m);
        sim::Sampler sampler(*engine);
        for (sim::Time t = sim::fromSeconds(0.37); t < engine->end(); t += sim::fromSeconds(0.37)) {
            engine->runUntil(t);
            sampler.take(*engine);
        }
        engine->run();
        QCOMPARE(comparable(sim::resultsOf(*engine), m), comparable(plain, m));
    }

    // Equal windows after the warm-up average to the run's own time averages and add up to its
    // counts, so a chart and the final table never disagree.
    void windowsAddUpToTheRun()
    {
        const model::Model m = testing::loadRunnableModel(kMm1);
        auto engine = engineFor(m);
        sim::Sampler sampler(*engine);
        double busy = 0, queue = 0, completed = 0, seconds = 0, linkSent = 0;
        int windows = 0;
        for (sim::Time t = sim::fromSeconds(10); t <= engine->end(); t += sim::fromSeconds(10)) {
            engine->runUntil(t);
            const sim::Sample s = sampler.take(*engine);
            if (t <= engine->warmup())
                continue;
            QCOMPARE(s.windowS, 10.0);
            busy += s.components[1].utilization;
            queue += s.components[1].queueLength;
            completed += s.throughputRps * s.windowS;
            linkSent += s.linkRps[0] * s.windowS;
            seconds += s.windowS;
            ++windows;
            QCOMPARE(s.offeredRps, 80.0);
            QCOMPARE(s.components[1].instancesUp, 1);
        }
        const sim::RunResults r = sim::resultsOf(*engine);
        QCOMPARE(windows, 190);
        QVERIFY(std::abs(busy / windows - testing::metric(r, "web", "utilization")) < 1e-9);
        QVERIFY(std::abs(queue / windows - testing::metric(r, "web", "queue_length_mean")) < 1e-9);
        QCOMPARE(std::llround(completed), std::llround(r.summary.completed));
        // And the queue is the one theory gives: Lq = rho^2 / (1 - rho) = 3.2.
        testing::checkWithin("Lq from the windows", queue / windows, 3.2, 0.3);
        // The link carried every request the client sent after the warm-up, within those that
        // were in flight at its instant.
        QVERIFY(std::abs(linkSent - static_cast<double>(r.summary.requests)) <= 2);
    }

    // A window across the warm-up's end covers only the time since it: statistics restarted.
    void warmupRestartsTheWindow()
    {
        const model::Model m = testing::loadRunnableModel(kMm1);
        auto engine = engineFor(m);
        sim::Sampler sampler(*engine);
        engine->runUntil(sim::fromSeconds(90));
        sampler.take(*engine);
        engine->runUntil(sim::fromSeconds(110));
        const sim::Sample s = sampler.take(*engine);
        QCOMPARE(s.windowS, 10.0);
        QVERIFY(s.throughputRps > 40 && s.throughputRps < 120);
        QVERIFY(s.p50Ms > 0 && s.p50Ms <= s.p95Ms && s.p95Ms <= s.p99Ms);
    }

    // Sampled the very instant statistics restart, the window is empty: it measured nothing, so
    // its figures are NaN rather than a zero throughput that never happened.
    void anEmptyWindowMeasuresNothing()
    {
        const model::Model m = testing::loadRunnableModel(kMm1);
        auto engine = engineFor(m);
        sim::Sampler sampler(*engine);
        engine->runUntil(sim::fromSeconds(90));
        sampler.take(*engine);
        engine->runUntil(engine->warmup());
        const sim::Sample s = sampler.take(*engine);
        QCOMPARE(s.windowS, 0.0);
        QVERIFY(std::isnan(s.throughputRps));
        QVERIFY(std::isnan(s.errorRate));
        QVERIFY(std::isnan(s.components[1].utilization));
        QVERIFY(std::isnan(s.components[1].throughputRps));
        QVERIFY(std::isnan(s.components[1].errorRate));
        QCOMPARE(s.offeredRps, 80.0); // a level, not a window: still there
    }

    // The run bar's load control: every client's rate times the scale from that instant.
    void loadScaleChangesTheRateFromNowOn()
    {
        const model::Model m = testing::loadRunnableModel(kMm1);
        auto engine = engineFor(m);
        sim::Sampler sampler(*engine);
        engine->runUntil(sim::fromSeconds(1000));
        sampler.take(*engine);
        auto &users = static_cast<sim::Client &>(engine->component(0));
        users.setLoadScale(*engine, 0.5);
        engine->run();
        const sim::Sample s = sampler.take(*engine);
        QCOMPARE(s.offeredRps, 40.0);
        // 1000 s at 40 rps: 40 000 arrivals, Poisson, so within 4 standard deviations (800).
        const double sent = s.linkRps[0] * s.windowS;
        testing::checkWithin("requests at half the load", sent, 40000, 4 * std::sqrt(40000.0));
        // Without the scale the same stretch carries twice as many.
        auto unscaled = engineFor(m);
        sim::Sampler plain(*unscaled);
        unscaled->runUntil(sim::fromSeconds(1000));
        plain.take(*unscaled);
        unscaled->run();
        const sim::Sample p = plain.take(*unscaled);
        testing::checkWithin("requests at the full load", p.linkRps[0] * p.windowS, 80000,
                             4 * std::sqrt(80000.0));
    }

    // A fault applied now: the component fails at once and recovers when told; an action that
    // means nothing for a component is refused.
    void actionsApplyNow()
    {
        const model::Model m = testing::loadRunnableModel(kMm1);
        auto engine = engineFor(m);
        sim::Sampler sampler(*engine);
        engine->runUntil(sim::fromSeconds(500));
        sampler.take(*engine);
        sim::ScenarioAction fail;
        fail.type = sim::ScenarioAction::Type::Fail;
        fail.target = 1;
        QVERIFY(engine->act(fail));
        engine->runUntil(sim::fromSeconds(510));
        const sim::Sample down = sampler.take(*engine);
        QCOMPARE(down.components[1].instancesUp, 0);
        QVERIFY(down.errorRate > 0.9);
        sim::ScenarioAction recover = fail;
        recover.type = sim::ScenarioAction::Type::Recover;
        QVERIFY(engine->act(recover));
        engine->runUntil(sim::fromSeconds(520));
        sampler.take(*engine);
        engine->runUntil(sim::fromSeconds(600));
        const sim::Sample up = sampler.take(*engine);
        QCOMPARE(up.components[1].instancesUp, 1);
        QCOMPARE(up.errorRate, 0.0);
        sim::ScenarioAction flush = fail;
        flush.type = sim::ScenarioAction::Type::Flush; // a web server keeps no keys
        QVERIFY(!engine->act(flush));
        // The scenario's own actions take the same path: the builder's form of an event.
        model::ScenarioEvent e;
        e.action = QStringLiteral("slow");
        e.target = QStringLiteral("web");
        e.parameters.insert(QStringLiteral("factor"), 3);
        const auto slow = model::engineAction(m, e);
        QVERIFY(slow);
        QCOMPARE(slow->target, 1u);
        QCOMPARE(slow->factor, 3.0);
        e.target = QStringLiteral("nobody");
        QVERIFY(!model::engineAction(m, e));
    }
};

QTEST_GUILESS_MAIN(TestSampler)
#include "tst_sampler.moc"
