#include "load_sweep.h"

#include "model/analysis.h"

#include <QJsonArray>

#include "sim/client.h"
#include "sim/simulation.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace scalelab::run {

namespace {

// Simulated time between two looks at the cancel flag: short enough that Cancel answers at
// once, long enough that looking costs nothing.
constexpr sim::Time kCancelCheck = sim::fromSeconds(0.5);

double meanLatencyNs(const sim::Engine &engine)
{
    double sum = 0;
    std::uint64_t count = 0;
    for (std::uint32_t i = 0; i < engine.componentCount(); ++i) {
        if (const auto *c = dynamic_cast<const sim::Client *>(&engine.component(i))) {
            const auto &latency = c->statistics().latency;
            sum += latency.mean() * static_cast<double>(latency.count());
            count += latency.count();
        }
    }
    return count ? sum / static_cast<double>(count) : 0;
}

bool cancelled(const std::atomic<bool> *cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}

} // namespace

QList<double> sweepRates(const SweepSettings &settings)
{
    const int steps = std::max(2, settings.steps);
    QList<double> rates;
    for (int k = 0; k < steps; ++k)
        rates << settings.fromRps + (settings.toRps - settings.fromRps) * k / (steps - 1);
    return rates;
}

SweepPoint predictAt(const model::Model &model, double rateRps)
{
    SweepPoint point;
    point.offeredRps = rateRps;
    const model::Analysis analysis = model::analyze(model, rateRps);
    point.predictedThroughputRps = std::min(analysis.offeredRps, analysis.maxThroughputRps);
    point.predictedBottleneck = analysis.bottleneck;
    point.predictedUtilization = analysis.bottleneckUtilization;
    // Mean time in the system: every station's time weighted by how often a user request visits
    // it (its arrival rate over the offered rate).
    double meanMs = 0;
    for (const model::ComponentEstimate &e : analysis.estimates) {
        if (e.kind == model::ComponentKind::Client || e.arrivalRps <= 0)
            continue;
        const double visits = analysis.offeredRps > 0 ? e.arrivalRps / analysis.offeredRps : 0;
        meanMs += visits * e.responseMs; // infinite for a station at or past saturation
    }
    point.predictedMeanMs = meanMs;
    return point;
}

SweepResult runLoadSweep(const model::Model &model, const SweepSettings &settings,
                         const std::atomic<bool> *cancel,
                         const std::function<void(int, int)> &progress)
{
    SweepResult result;
    const QList<double> rates = sweepRates(settings);
    const model::Analysis atTop = model::analyze(model, rates.last());
    result.maxThroughputRps = atTop.maxThroughputRps;
    result.bottleneck = atTop.bottleneck;

    result.problems = model::unsupportedMechanisms(model);
    QList<model::RunSettings> runSettings;
    for (const double rate : rates) {
        model::RunOverrides overrides = settings.run;
        overrides.rateRps = rate;
        runSettings << model::resolveSettings(model, overrides, &result.problems);
        result.points << predictAt(model, rate);
    }
    if (settings.steps < 2)
        result.problems << model::Problem{
            {}, QStringLiteral("--steps"), QStringLiteral("a sweep needs at least 2 points")};
    if (!(settings.fromRps > 0) || !(settings.toRps > 0))
        result.problems << model::Problem{
            {}, QStringLiteral("--from"), QStringLiteral("rates must be above 0")};
    if (!result.problems.isEmpty())
        return result;

    // One task per replication of each point, in point order; a point's replications merge in
    // replication order once all are done, as runReplications merges them.
    const int points = static_cast<int>(rates.size());
    const int replications = std::max(1, runSettings.first().replications);
    const int tasks = points * replications;
    int threads = settings.threads > 0
                      ? settings.threads
                      : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    threads = std::min(threads, tasks);

    std::mutex mutex;
    int next = 0;
    int pointsDone = 0;
    std::vector<std::vector<std::unique_ptr<sim::Engine>>> engines(
        static_cast<std::size_t>(points));
    for (auto &point : engines)
        point.resize(static_cast<std::size_t>(replications));
    std::vector<int> finishedReplications(static_cast<std::size_t>(points), 0);

    const auto collect = [&](int p) {
        auto &finishedEngines = engines[static_cast<std::size_t>(p)];
        std::vector<double> means;
        std::uint64_t events = 0;
        for (auto &engine : finishedEngines) {
            means.push_back(meanLatencyNs(*engine));
            events += engine->eventsProcessed();
            if (engine != finishedEngines.front())
                for (std::uint32_t i = 0; i < finishedEngines.front()->componentCount(); ++i)
                    finishedEngines.front()->component(i).merge(engine->component(i),
                                                                engine->now());
        }
        const sim::RunResults r = sim::collectResults(*finishedEngines.front(), means);
        finishedEngines.clear();
        SweepPoint &point = result.points[p];
        point.throughputRps = r.summary.throughputRps;
        point.meanMs = r.summary.latencyMs.mean;
        point.p50Ms = r.summary.latencyMs.p50;
        point.p95Ms = r.summary.latencyMs.p95;
        point.p99Ms = r.summary.latencyMs.p99;
        point.errorRate = r.summary.errorRate;
        point.bottleneck = QString::fromStdString(r.bottleneck);
        point.bottleneckUtilization =
            r.bottleneck.empty() ? SweepPoint::kNone : r.bottleneckUtilization;
        point.done = true;
    };

    const auto work = [&] {
        for (;;) {
            int task = 0;
            {
                std::lock_guard lock(mutex);
                if (next >= tasks || cancelled(cancel))
                    return;
                task = next++;
            }
            const int p = task / replications;
            const int r = task % replications;
            const model::RunSettings &s = runSettings.at(p);
            std::unique_ptr<sim::Engine> engine =
                model::buildEngine(model, s, sim::replicationSeed(s.seed, r));
            engine->start();
            // In slices, to look at the cancel flag; the events run in the same order as run().
            while (engine->now() < engine->end() && !cancelled(cancel))
                engine->runUntil(std::min(engine->now() + kCancelCheck, engine->end()));
            if (engine->now() < engine->end())
                return; // cancelled: this point stays undone
            std::lock_guard lock(mutex);
            engines[static_cast<std::size_t>(p)][static_cast<std::size_t>(r)] = std::move(engine);
            if (++finishedReplications[static_cast<std::size_t>(p)] == replications) {
                collect(p);
                ++pointsDone;
                if (progress)
                    progress(pointsDone, points);
            }
        }
    };

    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t)
        pool.emplace_back(work);
    work();
    for (std::thread &t : pool)
        t.join();
    result.cancelled = pointsDone < points;
    return result;
}

QString sweepCsv(const SweepResult &result)
{
    const auto number = [](double value) {
        return std::isfinite(value) ? QString::number(value, 'g', 10) : QString();
    };
    QString csv = QStringLiteral("offered_rps,throughput_rps,mean_ms,p50_ms,p95_ms,p99_ms,"
                                 "error_rate,bottleneck,predicted_throughput_rps,"
                                 "predicted_mean_ms\n");
    for (const SweepPoint &p : result.points) {
        if (!p.done)
            continue;
        csv += QStringList{number(p.offeredRps),
                           number(p.throughputRps),
                           number(p.meanMs),
                           number(p.p50Ms),
                           number(p.p95Ms),
                           number(p.p99Ms),
                           number(p.errorRate),
                           p.bottleneck,
                           number(p.predictedThroughputRps),
                           number(p.predictedMeanMs)}
                   .join(QLatin1Char(',')) +
               QLatin1Char('\n');
    }
    return csv;
}

QJsonObject sweepJson(const SweepResult &result, const model::Model &model,
                      const SweepSettings &settings)
{
    const auto number = [](double value) {
        return std::isfinite(value) ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
    };
    QJsonArray points;
    for (const SweepPoint &p : result.points) {
        if (!p.done)
            continue;
        points.append(QJsonObject{
            {QStringLiteral("offered_rps"), p.offeredRps},
            {QStringLiteral("throughput_rps"), number(p.throughputRps)},
            {QStringLiteral("latency_ms"), QJsonObject{{QStringLiteral("mean"), number(p.meanMs)},
                                                       {QStringLiteral("p50"), number(p.p50Ms)},
                                                       {QStringLiteral("p95"), number(p.p95Ms)},
                                                       {QStringLiteral("p99"), number(p.p99Ms)}}},
            {QStringLiteral("error_rate"), number(p.errorRate)},
            {QStringLiteral("bottleneck"), p.bottleneck},
            {QStringLiteral("predicted"),
             QJsonObject{{QStringLiteral("throughput_rps"), number(p.predictedThroughputRps)},
                         {QStringLiteral("mean_ms"), number(p.predictedMeanMs)},
                         {QStringLiteral("bottleneck"), p.predictedBottleneck},
                         {QStringLiteral("utilization"), number(p.predictedUtilization)}}}});
    }
    QList<model::Problem> ignored;
    const model::RunSettings run = model::resolveSettings(model, settings.run, &ignored);
    return {{QStringLiteral("format"), QStringLiteral("scalelab-sweep")},
            {QStringLiteral("version"), 1},
            {QStringLiteral("model"), model.name},
            {QStringLiteral("seed"), static_cast<double>(run.seed)},
            {QStringLiteral("duration_s"), run.durationS},
            {QStringLiteral("warmup_s"), run.warmupS},
            {QStringLiteral("max_throughput_rps"), number(result.maxThroughputRps)},
            {QStringLiteral("bottleneck"), result.bottleneck},
            {QStringLiteral("cancelled"), result.cancelled},
            {QStringLiteral("points"), points}};
}

} // namespace scalelab::run
