// Plumbing the live-run tests share: the controller answers on its own thread, so a test
// processes events until what it waits for has arrived; and a finished run's record, made the
// way the controller makes it, for the run history and the runs panel.
// Header-only: each tst_*.cpp is its own executable and includes what it needs.

#pragma once

#include "model/simulation_builder.h"
#include "run/run_snapshot.h"
#include "sim/sampler.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QThread>

namespace scalelab::testing {

// Processes events until `done` holds; false after `ms`, so that a run that never gets there
// fails its test instead of hanging it.
template <typename Pred> bool waitUntil(Pred done, int ms = 30000)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > ms)
            return false;
        // Small slices, so that the condition is checked soon after the snapshot that makes it
        // hold, and a short sleep, so that an idle wait does not spin.
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        QThread::msleep(1);
    }
    return true;
}

// A finished run as the live controller hands it over: the engine run to its end, with `points`
// chart samples at fixed instants.
inline run::RunRecord recordOf(const model::Model &m, quint64 seed, double durationS,
                               int points = 50)
{
    run::RunRecord record;
    record.model = m;
    record.settings.durationS = durationS;
    record.settings.warmupS = durationS / 10;
    record.settings.seed = seed;
    record.seriesIntervalS = durationS / points;
    for (const model::Component &c : m.components)
        record.components << c.id;
    auto engine = model::buildEngine(m, record.settings, seed);
    sim::Sampler sampler(*engine);
    for (int k = 1; k <= points; ++k) {
        engine->runUntil(sim::fromSeconds(record.seriesIntervalS * k));
        record.series << sampler.take(*engine);
    }
    engine->run();
    record.results = sim::resultsOf(*engine);
    return record;
}

} // namespace scalelab::testing
