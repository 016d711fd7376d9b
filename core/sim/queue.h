#pragma once

#include "sim/component.h"
#include "sim/request.h"
#include "sim/statistics.h"

#include <deque>
#include <vector>

namespace scalelab::sim {

// A message queue between the web tier and its workers. A publisher's request is answered at
// once: the queue keeps a job of its own in its backlog (or refuses it when the backlog is full),
// so the publisher no longer waits for the work. The workers linked from the queue pull: whenever
// one of their cores is free it gets the oldest visible job, which stays invisible for the
// visibility timeout. The worker's reply acknowledges the job and it leaves; a job whose
// acknowledgement has not come when the timeout runs out (its worker failed, or is slower than the
// timeout) becomes visible again at the head of the backlog and is delivered again. Delivery is
// at least once: a late acknowledgement of a job already finished is a duplicate.
class MessageQueue : public Component {
public:
    // Sent by a worker that recovers: it pulls again.
    static constexpr std::uint32_t kConsumerReady = kFirstPrivate;

    struct Config {
        std::int64_t capacity = -1; // visible jobs; -1: no limit
        Time visibilityTimeout = 30 * kNanosecondsPerSecond;
    };

    MessageQueue(std::string id, Config config);

    void start(Engine &engine) override;
    void handle(Engine &engine, const Event &event) override;
    void resetStatistics(Time now) override;
    void merge(const Component &other, Time otherNow) override;
    void report(Time now, Metrics &out) const override;
    double utilization(Time now) const override;
    LoadFact loadFact(Time now, double busy) const override;
    bool probe(Time now, Probe &out) const override;
    double gauge(const std::string &name, Time now) const override;
    // A failed broker refuses publishers at once: a client with another queue moves on to it.
    bool instanceUp(int) const override { return !m_failed; }
    bool fail(Engine &engine, int instance) override;
    bool recover(Engine &engine, int instance) override;

    std::size_t backlog() const { return m_visible; }
    std::size_t inFlight() const { return m_inFlight; }

private:
    enum : std::uint32_t { kVisibilityTimeout = kFirstPrivate + 1 };

    struct Job {
        Time published = 0;
        std::uint64_t key = 0;
        std::uint32_t user = 0;
        std::uint32_t serial = 0;   // which job this record holds: acks of older ones are late
        std::uint32_t delivery = 0; // tag of the delivery whose timeout runs; 0: none
        std::uint32_t deliveries = 0;
        std::int16_t region = -1;
        bool done = false;
        bool inBacklog = false;
    };

    // One worker instance the queue delivers to: it may hold as many jobs as it has cores.
    struct Slot {
        std::uint32_t link = 0;
        std::uint32_t worker = 0;
        std::uint16_t instance = 0;
        int cores = 1;
        int held = 0;
    };

    void publish(Engine &engine, std::uint32_t request);
    void dispatch(Engine &engine);
    int freeSlot(const Engine &engine);
    void deliver(Engine &engine, std::uint32_t job, std::size_t slot);
    void acknowledged(Engine &engine, std::uint32_t request, std::uint32_t flags);
    void timedOut(Engine &engine, std::uint32_t job, std::uint32_t delivery);
    std::uint32_t newJob();
    void freeJob(std::uint32_t job);
    void setVisible(Time now, std::int64_t delta);
    void setInFlight(Time now, std::int64_t delta);

    struct Statistics {
        std::uint64_t arrivals = 0;
        std::uint64_t rejected = 0;
        std::uint64_t errors = 0;
        std::uint64_t completed = 0;
        std::uint64_t redelivered = 0;
        std::uint64_t duplicates = 0;
        std::size_t backlogMax = 0;
        TimeWeighted backlog;  // visible jobs
        TimeWeighted inFlight; // delivered, not yet acknowledged nor timed out
        Tally wait;            // ns, publish to first delivery
        LatencyHistogram job;  // ns, publish to acknowledgement
        Time windowStart = 0;
        double mergedSeconds = 0;
    };

    Config m_config;
    std::vector<Job> m_jobs;
    std::vector<std::uint32_t> m_freeJobs;
    std::deque<std::uint32_t> m_backlog; // visible jobs, oldest first (and finished ones, lazily)
    std::size_t m_visible = 0;
    std::size_t m_inFlight = 0;
    std::vector<Slot> m_slots;
    std::size_t m_nextSlot = 0;
    std::int64_t m_freeCores = 0; // over all slots: none free, no need to look
    std::uint32_t m_nextDelivery = 0;
    bool m_failed = false;
    Statistics m_stats;
};

} // namespace scalelab::sim
