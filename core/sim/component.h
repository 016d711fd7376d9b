#pragma once

#include "sim/future_event_set.h"
#include "sim/hop_fact.h"
#include "sim/load_fact.h"
#include "sim/metrics.h"
#include "sim/observer.h"
#include "sim/random_stream.h"
#include "sim/time.h"

#include <cstdint>
#include <string>
#include <vector>

namespace scalelab::sim {

class Engine;
class LatencyHistogram;

// Cumulative counters a component exposes to a monitor, which differences two readings to get a
// metric over a window. Areas are time integrals (ns x level) since the last statistics reset.
struct Probe {
    std::uint64_t completed = 0;
    std::uint64_t errors = 0;
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;
    double busyArea = 0;                        // busy cores
    double capacityArea = 0;                    // cores powered on
    double waitingArea = 0;                     // requests waiting
    const LatencyHistogram *response = nullptr; // cumulative response (or latency) histogram
};

// Event kinds every component understands; each component numbers its own from kFirstPrivate.
enum EventKind : std::uint32_t {
    kArrive = 0, // a request arrives; its top frame is the receiver's
    kReply = 1,  // a reply arrives; aux holds ReplyFlag bits; the top frame is the receiver's
    kFirstPrivate = 16,
};

// One box of the architecture, with its own mechanism. The engine calls handle() for every event
// addressed to it; statistics cover the time since the last resetStatistics() (the warm-up).
class Component {
public:
    Component(std::string id, std::string type);
    virtual ~Component() = default;
    Component(const Component &) = delete;
    Component &operator=(const Component &) = delete;

    const std::string &id() const { return m_id; }
    const std::string &type() const { return m_type; }
    std::uint32_t index() const { return m_index; }
    const std::vector<std::uint32_t> &outLinks() const { return m_outLinks; }

    // Called once before the first event: schedule arrivals, health checks, ...
    virtual void start(Engine &) {}
    virtual void handle(Engine &engine, const Event &event) = 0;

    virtual void resetStatistics(Time now) = 0;
    // Fold another replication's statistics of the same component into this one.
    virtual void merge(const Component &other, Time otherNow) = 0;
    virtual void report(Time now, Metrics &out) const = 0;
    // Busy fraction of its capacity (0..1), or a negative number when it has no capacity limit.
    virtual double utilization(Time now) const = 0;
    // What keeps it busy and what decides the advice, for the bottleneck story, stating `busy`
    // as its busy share: its own since the warm-up in a run's results, a recent window's in a
    // live view, so that the sentence made of it agrees with the number beside it.
    virtual LoadFact loadFact(Time now, double busy) const;
    LoadFact loadFactNow(Time now) const { return loadFact(now, utilization(now)); }
    // The decision behind a traced request's hop this component made: the choice behind a send
    // (which instance a balancer picked, and why), what a reply carries (a cache miss). Only a
    // trace asks, so stating it costs a run nothing.
    virtual HopFact hopFact(const Engine &engine, const Observer::Hop &hop) const;
    // Cumulative readings for a monitor; false when the component has none.
    virtual bool probe(Time /*now*/, Probe & /*out*/) const { return false; }
    // An instantaneous level a monitor can watch (backlog, replication_lag_ms, instances...), or
    // NaN when the component has no such thing.
    virtual double gauge(const std::string &name, Time now) const;

    // Instances of a pool (count); a load balancer addresses each.
    virtual int instanceCount() const { return 1; }
    virtual bool instanceUp(int /*instance*/) const { return true; }

    // Scenario actions. instance < 0 means the whole component. Each returns false when the
    // action means nothing for this component, so the model can be refused before a run.
    virtual bool fail(Engine &, int /*instance*/) { return false; }
    virtual bool recover(Engine &, int /*instance*/) { return false; }
    virtual bool slow(Engine &, double /*factor*/) { return false; }
    virtual bool flush(Engine &) { return false; }
    virtual bool spike(Engine &, double /*factor*/) { return false; }

protected:
    RandomStream &rng() { return m_rng; }

private:
    friend class Engine;
    std::string m_id;
    std::string m_type;
    std::uint32_t m_index = 0;
    std::vector<std::uint32_t> m_outLinks;
    RandomStream m_rng;
};

} // namespace scalelab::sim
