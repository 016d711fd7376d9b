#pragma once

#include "model/model.h"
#include "model/model_json.h"
#include "model/simulation_builder.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <atomic>
#include <functional>
#include <limits>

namespace scalelab::run {

// A load sweep: the same model run at evenly spaced total client rates, to find the knee where
// throughput stops following the offered load and latency climbs.
struct SweepSettings {
    double fromRps = 0;
    double toRps = 0;
    int steps = 2;           // points, both ends included (at least 2)
    model::RunOverrides run; // seed, duration, warm-up, replications (rateRps is the sweep's)
    int threads = 0;         // 0: every core; the figures do not depend on it
};

// One point of the sweep: what the engine measured, and what the analysis predicts at that load.
struct SweepPoint {
    static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
    double offeredRps = 0;
    // Measured
    double throughputRps = kNone;
    double meanMs = kNone;
    double p50Ms = kNone;
    double p95Ms = kNone;
    double p99Ms = kNone;
    double errorRate = kNone;
    QString bottleneck;
    double bottleneckUtilization = kNone;
    // Predicted (model::analyze at this rate). Throughput: the offered rate up to the bottleneck
    // law's maximum. Mean latency: each station's M/M/c estimate (queueing and service) weighted
    // by its visits per user request, plus fixed delays; link latencies, timeouts and retries are
    // not in it. Infinite once a station is predicted to saturate.
    double predictedThroughputRps = kNone;
    double predictedMeanMs = kNone;
    QString predictedBottleneck;
    double predictedUtilization = kNone; // the predicted bottleneck's
    bool done = false;                   // false: cancelled before this point ran
};

struct SweepResult {
    QList<SweepPoint> points; // in rate order, every one (those not run have done = false)
    double maxThroughputRps = std::numeric_limits<double>::infinity(); // bottleneck law
    QString bottleneck;                                                // the analysis's
    bool cancelled = false;
    QList<model::Problem> problems; // nothing ran when not empty
};

// The rates of the sweep's points: from, to and steps - 2 evenly between.
QList<double> sweepRates(const SweepSettings &settings);

// The analysis's prediction at one total rate (fills the predicted fields of a point).
SweepPoint predictAt(const model::Model &model, double rateRps);

// Runs every point as an independent run (resolveSettings with the rate override, the same seed
// at every point: common random numbers, so the curve's steps are the load's and not the luck's)
// on `settings.threads` threads. Points are independent, so the results do not depend on the
// thread count. `cancel`, when it becomes true, stops the running points within a few
// milliseconds; `progress`, called from the worker threads, gets the points done so far.
SweepResult runLoadSweep(const model::Model &model, const SweepSettings &settings,
                         const std::atomic<bool> *cancel = nullptr,
                         const std::function<void(int done, int total)> &progress = {});

// The sweep as CSV, one row per point (those not run left out): offered_rps, throughput_rps,
// mean_ms, p50_ms, p95_ms, p99_ms, error_rate, bottleneck, predicted_throughput_rps,
// predicted_mean_ms (empty where the prediction is infinite).
QString sweepCsv(const SweepResult &result);
// The sweep as `scalelab sweep --json` writes it (docs/model.md, "Load sweep").
QJsonObject sweepJson(const SweepResult &result, const model::Model &model,
                      const SweepSettings &settings);

} // namespace scalelab::run
