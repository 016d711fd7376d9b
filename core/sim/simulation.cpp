#include "sim/simulation.h"

#include "sim/client.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace scalelab::sim {

std::uint64_t replicationSeed(std::uint64_t seed, int replication)
{
    if (replication == 0)
        return seed;
    std::uint64_t z = seed + 0x9e3779b97f4a7c15ULL * static_cast<std::uint64_t>(replication);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

namespace {

double meanLatency(const Engine &engine)
{
    double sum = 0;
    std::uint64_t count = 0;
    for (std::uint32_t i = 0; i < engine.componentCount(); ++i) {
        if (const auto *c = dynamic_cast<const Client *>(&engine.component(i))) {
            sum += c->statistics().latency.mean() *
                   static_cast<double>(c->statistics().latency.count());
            count += c->statistics().latency.count();
        }
    }
    return count ? sum / static_cast<double>(count) : 0;
}

} // namespace

RunResults runReplications(const EngineFactory &factory, std::uint64_t seed, int replications,
                           Observer *observer, int threads)
{
    const auto wallStart = std::chrono::steady_clock::now();
    replications = std::max(1, replications);
    if (threads <= 0)
        threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    threads = std::min(threads, replications);

    std::vector<std::unique_ptr<Engine>> done(static_cast<std::size_t>(replications));
    std::mutex mutex;
    std::condition_variable ready;
    int nextToRun = 0;

    auto work = [&] {
        for (;;) {
            int r = 0;
            {
                std::lock_guard lock(mutex);
                if (nextToRun >= replications)
                    return;
                r = nextToRun++;
            }
            std::unique_ptr<Engine> engine = factory(replicationSeed(seed, r));
            if (r == 0 && observer)
                engine->setObserver(observer);
            engine->run();
            if (r == 0 && observer)
                engine->setObserver(nullptr);
            std::lock_guard lock(mutex);
            done[static_cast<std::size_t>(r)] = std::move(engine);
            ready.notify_all();
        }
    };

    std::vector<std::thread> pool;
    if (threads == 1)
        work();
    else
        for (int t = 0; t < threads; ++t)
            pool.emplace_back(work);

    // Merge in replication order as each finishes, keeping few engines alive at once.
    std::unique_ptr<Engine> first;
    std::vector<double> means;
    std::uint64_t events = 0;
    for (int r = 0; r < replications; ++r) {
        std::unique_ptr<Engine> engine;
        {
            std::unique_lock lock(mutex);
            ready.wait(lock, [&] { return done[static_cast<std::size_t>(r)] != nullptr; });
            engine = std::move(done[static_cast<std::size_t>(r)]);
        }
        events += engine->eventsProcessed();
        means.push_back(meanLatency(*engine));
        if (!first) {
            first = std::move(engine);
            continue;
        }
        for (std::uint32_t i = 0; i < first->componentCount(); ++i)
            first->component(i).merge(engine->component(i), engine->now());
    }
    for (auto &t : pool)
        t.join();

    RunResults results = collectResults(*first, means);
    results.replications = replications;
    results.events = events;
    results.wallS =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    return results;
}

RunResults resultsOf(const Engine &engine)
{
    return collectResults(engine, {meanLatency(engine)});
}

RunResults collectResults(const Engine &engine, const std::vector<double> &replicationMeans)
{
    RunResults results;
    const Time now = engine.now();
    results.seed = engine.seed();
    results.durationS = toSeconds(engine.end());
    results.warmupS = toSeconds(engine.warmup());
    results.events = engine.eventsProcessed();

    LatencyHistogram latency;
    BatchMeans batches;
    double seconds = 0;
    std::uint32_t busiest = 0;
    for (std::uint32_t i = 0; i < engine.componentCount(); ++i) {
        const Component &c = engine.component(i);
        ComponentResult cr{c.id(), c.type(), {}, c.utilization(now)};
        c.report(now, cr.metrics);
        results.components.push_back(std::move(cr));
        if (const auto *client = dynamic_cast<const Client *>(&c)) {
            const auto &s = client->statistics();
            results.summary.requests += s.requests;
            results.summary.completed += s.completed;
            results.summary.errors += s.errors;
            latency.merge(s.latency);
            batches.merge(s.batches);
            seconds = client->observedSeconds(now);
        }
        const double u = c.utilization(now);
        if (u >= 0 && (results.bottleneck.empty() || u > results.bottleneckUtilization)) {
            results.bottleneck = c.id();
            results.bottleneckUtilization = u;
            busiest = i;
        }
    }
    if (!results.bottleneck.empty()) {
        results.bottleneckFact = engine.component(busiest).loadFactNow(now);
        results.nothingNearCapacity = results.bottleneckUtilization < 0.5;
    }
    Summary &s = results.summary;
    const std::uint64_t answered = s.completed + s.errors;
    s.errorRate = answered ? static_cast<double>(s.errors) / static_cast<double>(answered) : 0;
    s.throughputRps = seconds > 0 ? static_cast<double>(s.completed) / seconds : 0;
    const double ms = kNanosecondsPerMillisecond;
    s.latencyMs.mean = latency.mean() / ms;
    s.latencyMs.p50 = toMilliseconds(latency.quantile(0.50));
    s.latencyMs.p95 = toMilliseconds(latency.quantile(0.95));
    s.latencyMs.p99 = toMilliseconds(latency.quantile(0.99));
    s.latencyMs.p999 = toMilliseconds(latency.quantile(0.999));
    s.latencyMs.max = toMilliseconds(latency.max());
    // Independent replications give the interval directly; one run relies on batch means.
    s.latencyMs.ci95 =
        (replicationMeans.size() >= 2 ? halfWidth95(replicationMeans) : batches.halfWidth95()) / ms;
    return results;
}

} // namespace scalelab::sim
