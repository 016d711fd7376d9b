#pragma once

#include "sim/component.h"
#include "sim/future_event_set.h"
#include "sim/observer.h"
#include "sim/request.h"
#include "sim/time.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace scalelab::sim {

struct Link {
    std::uint32_t from = 0;
    std::uint32_t to = 0;
    Time latency = 0;
    std::uint64_t sent = 0; // requests sent along it so far: the flow a view animates
};

// A scheduled change to the system: what the model's scenario lists.
struct ScenarioAction {
    enum class Type { Fail, Recover, Slow, Flush, Spike, Partition, Heal };
    Type type = Type::Fail;
    Time at = 0;
    std::uint32_t target = 0;
    int instance = -1; // fail/recover: one instance of a pool, or all
    double factor = 1; // slow, spike
    Time duration = 0; // spike: how long it lasts
    int region = -1;   // partition/heal: the two regions (target is unused)
    int otherRegion = -1;
};

// The discrete-event engine: the clock, the future event set, the request pool, the components
// and the links between them. It knows nothing of any front end; it reports through Observer.
class Engine {
public:
    static constexpr std::uint32_t kEngineTarget = UINT32_MAX;
    static constexpr std::uint32_t kNoLink = UINT32_MAX;

    explicit Engine(std::uint64_t seed);
    ~Engine();
    Engine(const Engine &) = delete;
    Engine &operator=(const Engine &) = delete;

    // Building (before start()).
    std::uint32_t addComponent(std::unique_ptr<Component> component);
    std::uint32_t addLink(std::uint32_t from, std::uint32_t to, Time latency);
    // Regions: a component's region (-1: none, it is everywhere) and the latency between two.
    // A hop between components of different regions pays that latency on top of the link's; a
    // hop from a regionless component starts in the request's own (client's) region.
    void setRegionCount(int regions);
    void setRegion(std::uint32_t component, int region);
    void setRegionLatency(int a, int b, Time latency);
    // The latency a hop between the two regions pays (0 within one, or without a region).
    Time regionLatency(int a, int b) const;
    int region(std::uint32_t component) const { return m_componentRegion[component]; }
    // Partition: hops between the two regions fail until they heal.
    void setPartitioned(int a, int b, bool partitioned);
    bool partitioned(int a, int b) const;
    void addAction(const ScenarioAction &action);
    // The observation window: statistics are reset at `warmup`; the run ends at `end`.
    void setHorizon(Time warmup, Time end);
    void start();

    // Running. Each returns when its condition holds, the events run out, or stop() was called.
    bool step();                    // one event; false when none is left before the end
    void runUntil(Time until);      // every event at or before `until`
    void run() { runUntil(m_end); } // to the end of the scenario
    bool stepUntilComponent(std::uint32_t component); // until an event at that component
    void stop() { m_stopRequested.store(true, std::memory_order_relaxed); }
    void clearStop() { m_stopRequested.store(false, std::memory_order_relaxed); }
    bool finished() const { return m_now >= m_end || m_events.empty(); }
    Time nextEventTime() const { return m_events.empty() ? kNever : m_events.peekTime(); }

    // A scenario action now, while running (the run bar's fail, recover, slow...); it joins the
    // scenario's record like a scheduled one. False when it means nothing for its target.
    bool act(ScenarioAction action);
    // Follows the next request a client issues (of `kind`, or of any kind when it is negative):
    // its hops reach the observer. The client claims it with claimTrace().
    void traceNext(int kind = -1)
    {
        m_traceKind = kind;
        m_traceWanted = true;
    }
    bool claimTrace(RequestKind kind)
    {
        if (!m_traceWanted || (m_traceKind >= 0 && static_cast<int>(kind) != m_traceKind))
            return false;
        m_traceWanted = false;
        return true;
    }
    // A traced request starts service at a component, for the waterfall's queueing and service.
    void serviceStarted(std::uint32_t request, std::uint32_t component, Time serviceTime)
    {
        if (m_observer)
            m_observer->onServiceStart(m_now, request, component, serviceTime);
    }

    // State.
    Time now() const { return m_now; }
    Time warmup() const { return m_warmup; }
    Time end() const { return m_end; }
    std::uint64_t seed() const { return m_seed; }
    std::uint64_t eventsProcessed() const { return m_eventCount; }
    std::size_t componentCount() const { return m_components.size(); }
    Component &component(std::uint32_t index) { return *m_components[index]; }
    const Component &component(std::uint32_t index) const { return *m_components[index]; }
    const Link &link(std::uint32_t index) const { return m_links[index]; }
    std::uint32_t linkCount() const { return static_cast<std::uint32_t>(m_links.size()); }
    RequestPool &requests() { return m_requests; }
    const RequestPool &requests() const { return m_requests; }
    void setObserver(Observer *observer, bool reportEvents = false);

    // Used by components.
    void schedule(Time at, std::uint32_t target, std::uint32_t kind, std::uint32_t request = 0,
                  std::uint32_t aux = 0)
    {
        m_events.push({at, m_sequence++, target, kind, request, aux}, m_now);
    }
    // Sends a request along a link: pushes the receiver's frame and schedules its arrival after
    // the link's latency, the regions' latency and `extraDelay`. Returns false (and sends nothing)
    // when the request is already too deep (a request cycle) or the hop crosses a partition.
    bool send(std::uint32_t request, std::uint32_t link, int instance = 0, Time extraDelay = 0);
    // The same without a link: failover redirects and internal traffic between peers.
    bool sendDirect(std::uint32_t request, std::uint32_t from, std::uint32_t to, Time latency,
                    int instance = 0);
    // Pops the replying component's frame and schedules the reply at the component below.
    // A request with no frame left below is finished by the caller (the client).
    void reply(std::uint32_t request, std::uint32_t flags);
    void stateChanged(std::uint32_t component, std::string_view what);

private:
    enum EngineEvent : std::uint32_t { kWarmupEnd, kAction, kSpikeEnd };
    void dispatch(const Event &event);
    bool push(std::uint32_t request, std::uint32_t from, std::uint32_t to, std::uint32_t link,
              Time latency, int instance);
    void handleEngineEvent(const Event &event);
    bool apply(std::uint32_t actionIndex);

    std::uint64_t m_seed;
    Time m_now = 0;
    Time m_warmup = 0;
    Time m_end = kNever;
    std::uint64_t m_sequence = 0;
    std::uint64_t m_eventCount = 0;
    FutureEventSet m_events;
    RequestPool m_requests;
    std::vector<std::unique_ptr<Component>> m_components;
    std::vector<Link> m_links;
    std::vector<int> m_componentRegion;
    int m_regionCount = 0;
    std::vector<Time> m_regionLatency; // m_regionCount squared
    std::vector<char> m_partitioned;   // m_regionCount squared
    std::vector<ScenarioAction> m_actions;
    Observer *m_observer = nullptr;
    bool m_reportEvents = false;
    bool m_started = false;
    bool m_traceWanted = false;
    int m_traceKind = -1;
    std::atomic<bool> m_stopRequested{false};
};

} // namespace scalelab::sim
