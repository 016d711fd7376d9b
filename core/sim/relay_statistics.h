#pragma once

#include "sim/component.h"
#include "sim/metrics.h"
#include "sim/statistics.h"

#include <cstdint>

namespace scalelab::sim {

// The figures of a component that relays requests without a queue of its own (a load balancer,
// a shard router, a CDN edge, a name service): how many requests came, how they were answered,
// how long each stayed and how many were inside at once. The owner says when a request arrives,
// enters, is answered or is refused at the door; the figures and their report are the same for
// all of them.
class RelayStatistics {
public:
    // Which answers given after the warm-up count as completed or errors: only those of requests
    // that arrived after it (the rule of the response times), or every one, those of requests
    // still inside when it ended included.
    enum class Counting { ArrivedInWindow, AnsweredInWindow };
    // Whether the component can refuse requests at the door (a connection limit): then it
    // reports how many it rejected.
    enum class Rejections { NotReported, Reported };

    explicit RelayStatistics(Counting counting, Rejections rejections = Rejections::NotReported)
        : m_counting(counting), m_rejections(rejections)
    {}

    void arrive() { ++m_figures.arrivals; }
    // The request is inside until it is answered.
    void enter(Time now) { m_figures.present.set(now, ++m_inside); }
    // It leaves with its answer, sent upstream.
    void answer(Engine &engine, std::uint32_t request, std::uint32_t flags);
    // It is answered with an error at once, without entering (down, or over a limit).
    void refuse(Engine &engine, std::uint32_t request, bool rejected);

    // The books of answer(), for a caller that sends the answer itself.
    void answered(Time now, Time arrivedAt, bool ok)
    {
        m_figures.present.set(now, --m_inside);
        const bool counted =
            m_counting == Counting::AnsweredInWindow || arrivedAt >= m_figures.windowStart;
        if (!counted)
            return;
        if (ok) {
            ++m_figures.completed;
            if (arrivedAt >= m_figures.windowStart)
                m_figures.response.record(now - arrivedAt);
        } else {
            ++m_figures.errors;
        }
    }

    // Whether a request that arrived at `arrivedAt` falls in the observation window.
    bool inWindow(Time arrivedAt) const { return arrivedAt >= m_figures.windowStart; }
    int inside() const { return m_inside; }
    double concurrencyMean(Time now) const { return m_figures.present.mean(now); }

    // The warm-up is over: forget its figures, keep who is inside.
    void reset(Time now);
    void merge(const RelayStatistics &other, Time otherNow);
    // arrivals, completed, rejected (when reported), errors, throughput_rps, concurrency_mean
    // and response_ms.mean, .p50, .p95, .p99.
    void report(Time now, Metrics &out) const;
    void probe(Probe &out) const;

private:
    struct Figures {
        std::uint64_t arrivals = 0, completed = 0, errors = 0, rejected = 0;
        LatencyHistogram response;
        TimeWeighted present;
        Time windowStart = 0;
    };

    Counting m_counting;
    Rejections m_rejections;
    int m_inside = 0;
    double m_mergedSeconds = 0; // observed seconds of merged replications
    Figures m_figures;
};

} // namespace scalelab::sim
