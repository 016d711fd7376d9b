#pragma once

#include "sim/component.h"
#include "sim/distribution.h"
#include "sim/request.h"
#include "sim/statistics.h"

#include <array>
#include <deque>
#include <vector>

namespace scalelab::sim {

// A pool of identical servers (`count` instances of `cores` each) in front of which requests
// queue: the queueing station shared by web servers, caches and databases. A request takes a
// concurrency slot (it waits, or is rejected when the waiting line is full), then a core for its
// service time, then whatever the concrete component does with it (downstream calls hold the slot
// but no core), and finally leaves through finish().
class ServerPool : public Component {
public:
    struct Capacity {
        int instances = 1;
        int cores = 1;
        int maxConcurrency = 0;          // slots per instance; 0: no limit
        std::int64_t queueCapacity = -1; // requests waiting per instance; -1: no limit
    };

    // Target tracking: every evaluation period the pool compares its utilisation with the
    // target, boots instances (ready after `boot`) when above, and retires one when below, at
    // most once per `cooldown`. A retired instance drains: the balancer stops sending to it once
    // its health checks notice, and it powers off when empty.
    struct Autoscale {
        bool enabled = false;
        int minimum = 1;
        int maximum = 1;
        double target = 0.7;
        Time boot = 30 * kNanosecondsPerSecond;
        Time cooldown = 60 * kNanosecondsPerSecond;
        Time period = 10 * kNanosecondsPerSecond;
    };

    ServerPool(std::string id, std::string type, Capacity capacity);
    ServerPool(std::string id, std::string type, Capacity capacity, Autoscale autoscale);

    void start(Engine &engine) override;
    void handle(Engine &engine, const Event &event) override;
    void resetStatistics(Time now) override;
    void merge(const Component &other, Time otherNow) override;
    void report(Time now, Metrics &out) const override;
    double utilization(Time now) const override;
    LoadFact loadFact(Time now, double busy) const override;
    bool probe(Time now, Probe &out) const override;
    double gauge(const std::string &name, Time now) const override;

    int instanceCount() const override { return static_cast<int>(m_instances.size()); }
    bool instanceUp(int instance) const override;
    bool fail(Engine &engine, int instance) override;
    bool recover(Engine &engine, int instance) override;
    bool slow(Engine &engine, double factor) override;

    const Capacity &capacity() const { return m_capacity; }

protected:
    enum : std::uint32_t {
        kServiceDone = kFirstPrivate,
        kAutoscaleTick,
        kBooted,
        kFirstPoolPrivate
    };

    // The core time this request needs here (before the slow-down factor).
    virtual Time serviceTime(Engine &engine, std::uint32_t request) = 0;
    // Its core time is over: continue (downstream calls) or finish().
    virtual void serviceDone(Engine &engine, std::uint32_t request) = 0;
    // A downstream call returned; the request's top frame is ours again.
    virtual void downstreamReply(Engine &engine, std::uint32_t request, std::uint32_t flags);
    // What kind of work a request is (0..7), and what the bottleneck sentence calls it: by
    // default the request kind (static requests, reads, writes, jobs).
    virtual int workClass(const Request &request) const;
    virtual LoadFact::Work workNamed(int workClass) const;

    // The request leaves: frees its slot, records its response time, replies upstream.
    void finish(Engine &engine, std::uint32_t request, std::uint32_t flags);
    // Answers with an error a request whose instance failed under it (its slot and place were
    // already taken off the books by the failure).
    void abandon(Engine &engine, std::uint32_t request) { fail(engine, request, false); }

    struct Statistics {
        std::uint64_t arrivals = 0;
        std::uint64_t completed = 0;
        std::uint64_t rejected = 0;
        std::uint64_t errors = 0;
        Tally wait;                   // ns, arrival to the start of service
        Tally service;                // ns, core time
        LatencyHistogram response;    // ns, arrival to reply
        TimeWeighted waiting;         // requests waiting, all instances
        TimeWeighted busyCores;       // cores in use, all instances
        TimeWeighted present;         // requests inside, all instances (Little's law)
        TimeWeighted capacityCores;   // cores powered on: active or draining instances
        std::array<double, 8> work{}; // core time per work class, for explanations
        Time windowStart = 0;
    };
    const Statistics &statistics() const { return m_stats; }
    // Seconds of observation behind the statistics (all merged replications included).
    double observedSeconds(Time now) const;

private:
    enum class Power { Off, Booting, Active, Draining };

    struct Instance {
        Power power = Power::Active;
        int busyCores = 0;
        int slotsInUse = 0;
        bool failed = false;
        std::uint32_t generation = 0;
        Time lastArrival = -1; // a draining instance powers off once nobody sends to it
        std::deque<std::uint32_t> slotQueue; // waiting for a concurrency slot
        std::deque<std::uint32_t> coreQueue; // holding a slot, waiting for a core
    };

    void arrive(Engine &engine, std::uint32_t request);
    void takeCore(Engine &engine, Instance &inst, std::uint32_t request);
    void startService(Engine &engine, Instance &inst, std::uint32_t request);
    void releaseSlot(Engine &engine, Instance &inst);
    void fail(Engine &engine, std::uint32_t request, bool rejected);
    int pickInstance();
    void evaluateAutoscaling(Engine &engine);
    void setPower(Engine &engine, std::size_t instance, Power power);
    int countPower(Power power) const;
    std::size_t waitingIn(const Instance &inst) const
    {
        return inst.slotQueue.size() + inst.coreQueue.size();
    }
    bool stale(const Engine &engine, std::uint32_t request) const;
    void setWaiting(Time now, int delta);
    void setBusy(Time now, int delta);

    Capacity m_capacity;
    std::vector<Instance> m_instances;
    std::size_t m_nextInstance = 0;
    double m_slowFactor = 1;
    int m_waitingTotal = 0;
    int m_busyTotal = 0;
    int m_presentTotal = 0;
    Statistics m_stats;
    double m_mergedWindows = 0; // observed seconds of merged replications
    Autoscale m_autoscale;
    int m_poweredCores = 0; // cores of instances that are on (active or draining)
    TimeWeighted m_scalerBusy, m_scalerCapacity; // never reset: the autoscaler's own view
    double m_lastBusyArea = 0, m_lastCapacityArea = 0;
    Time m_lastScaling = 0;
    std::uint64_t m_scaleOuts = 0, m_scaleIns = 0;
    Series m_instancesOverTime;
};

} // namespace scalelab::sim
