#include "sim/engine.h"

#include <algorithm>
#include <limits>

namespace scalelab::sim {

namespace {
constexpr std::uint64_t kProgressEvery = 1 << 16;
}

Component::Component(std::string id, std::string type)
    : m_id(std::move(id)), m_type(std::move(type))
{}

LoadFact Component::loadFact(Time, double busy) const
{
    LoadFact fact;
    fact.code = LoadFact::Code::Busy;
    fact.component = m_id;
    fact.type = m_type;
    fact.busy = busy;
    return fact;
}

HopFact Component::hopFact(const Engine &engine, const Observer::Hop &hop) const
{
    const Request &r = engine.requests()[hop.request];
    const Component &to = engine.component(hop.to);
    HopFact fact;
    fact.from = m_id;
    fact.to = to.id();
    fact.operation = r.operation;
    fact.kind = r.kind;
    fact.key = r.key;
    fact.user = r.user;
    if (hop.isReply) {
        fact.code = (hop.flags & ReplyOk) ? HopFact::Code::Answer : HopFact::Code::Fail;
        return fact;
    }
    fact.code = HopFact::Code::Send;
    // A sender that names an instance sends its number + 1; 0 leaves the choice to the pool.
    if (to.instanceCount() > 1 && hop.frame && hop.frame->instance > 0)
        fact.instance = static_cast<int>(hop.frame->instance);
    return fact;
}

double Component::gauge(const std::string &, Time) const
{
    return std::numeric_limits<double>::quiet_NaN();
}

Engine::Engine(std::uint64_t seed) : m_seed(seed)
{}

Engine::~Engine() = default;

std::uint32_t Engine::addComponent(std::unique_ptr<Component> component)
{
    const auto index = static_cast<std::uint32_t>(m_components.size());
    component->m_index = index;
    component->m_rng = RandomStream(m_seed, component->id());
    m_components.push_back(std::move(component));
    m_componentRegion.push_back(-1);
    return index;
}

std::uint32_t Engine::addLink(std::uint32_t from, std::uint32_t to, Time latency)
{
    const auto index = static_cast<std::uint32_t>(m_links.size());
    m_links.push_back({from, to, latency});
    m_components[from]->m_outLinks.push_back(index);
    return index;
}

void Engine::addAction(const ScenarioAction &action)
{
    m_actions.push_back(action);
}

void Engine::setHorizon(Time warmup, Time end)
{
    m_warmup = warmup;
    m_end = end;
}

void Engine::setObserver(Observer *observer, bool reportEvents)
{
    m_observer = observer;
    m_reportEvents = observer && reportEvents;
}

void Engine::start()
{
    if (m_started)
        return;
    m_started = true;
    for (auto &component : m_components)
        component->start(*this);
    // Statistics start at zero whether or not there is a warm-up, so reset at the warm-up instant.
    schedule(m_warmup, kEngineTarget, kWarmupEnd);
    for (std::uint32_t i = 0; i < m_actions.size(); ++i)
        schedule(m_actions[i].at, kEngineTarget, kAction, 0, i);
}

void Engine::setRegionCount(int regions)
{
    m_regionCount = regions;
    m_regionLatency.assign(static_cast<std::size_t>(regions * regions), 0);
    m_partitioned.assign(static_cast<std::size_t>(regions * regions), 0);
}

void Engine::setRegion(std::uint32_t component, int region)
{
    m_componentRegion[component] = region;
}

void Engine::setRegionLatency(int a, int b, Time latency)
{
    m_regionLatency[static_cast<std::size_t>(a * m_regionCount + b)] = latency;
    m_regionLatency[static_cast<std::size_t>(b * m_regionCount + a)] = latency;
}

Time Engine::regionLatency(int a, int b) const
{
    if (a < 0 || b < 0 || a == b || a >= m_regionCount || b >= m_regionCount)
        return 0;
    return m_regionLatency[static_cast<std::size_t>(a * m_regionCount + b)];
}

void Engine::setPartitioned(int a, int b, bool partitioned)
{
    m_partitioned[static_cast<std::size_t>(a * m_regionCount + b)] = partitioned;
    m_partitioned[static_cast<std::size_t>(b * m_regionCount + a)] = partitioned;
}

bool Engine::partitioned(int a, int b) const
{
    if (a < 0 || b < 0 || a == b)
        return false;
    return m_partitioned[static_cast<std::size_t>(a * m_regionCount + b)] != 0;
}

bool Engine::push(std::uint32_t request, std::uint32_t from, std::uint32_t to, std::uint32_t link,
                  Time latency, int instance)
{
    Request &r = m_requests[request];
    if (r.depth >= Request::kMaxDepth)
        return false;
    if (m_regionCount > 0) {
        // A regionless component (dns, cdn) is everywhere: a hop from it starts where the
        // request comes from, and a hop to it stays there.
        const int fromRegion = m_componentRegion[from] >= 0 ? m_componentRegion[from] : r.region;
        const int toRegion = m_componentRegion[to] >= 0 ? m_componentRegion[to] : fromRegion;
        if (fromRegion >= 0 && toRegion >= 0 && fromRegion != toRegion) {
            if (m_partitioned[static_cast<std::size_t>(fromRegion * m_regionCount + toRegion)])
                return false;
            latency +=
                m_regionLatency[static_cast<std::size_t>(fromRegion * m_regionCount + toRegion)];
        }
    }
    const Time arrival = m_now + latency;
    Frame &f = r.frames[r.depth++];
    f.component = to;
    f.link = link;
    f.hopLatency = latency;
    f.arrivedAt = arrival;
    f.mark = arrival;
    f.generation = 0;
    f.instance = static_cast<std::uint16_t>(instance);
    f.phase = 0;
    f.count = 0;
    if (m_observer && (m_reportEvents || r.traced))
        m_observer->onHop({m_now, request, from, to, false, 0, &f});
    schedule(arrival, to, kArrive, request);
    return true;
}

bool Engine::send(std::uint32_t request, std::uint32_t linkIndex, int instance, Time extraDelay)
{
    Link &l = m_links[linkIndex];
    ++l.sent;
    return push(request, l.from, l.to, linkIndex, l.latency + extraDelay, instance);
}

bool Engine::sendDirect(std::uint32_t request, std::uint32_t from, std::uint32_t to, Time latency,
                        int instance)
{
    return push(request, from, to, kNoLink, latency, instance);
}

void Engine::reply(std::uint32_t request, std::uint32_t flags)
{
    Request &r = m_requests[request];
    const Frame &callee = r.frames[--r.depth];
    const std::uint32_t caller = r.frames[r.depth - 1].component;
    if (m_observer && (m_reportEvents || r.traced))
        m_observer->onHop({m_now, request, callee.component, caller, true, flags, &callee});
    schedule(m_now + callee.hopLatency, caller, kReply, request, flags);
}

void Engine::stateChanged(std::uint32_t component, std::string_view what)
{
    if (m_observer)
        m_observer->onStateChange(m_now, component, what);
}

void Engine::dispatch(const Event &event)
{
    m_now = event.time;
    ++m_eventCount;
    if (m_reportEvents)
        m_observer->onEvent(event);
    if (event.target == kEngineTarget)
        handleEngineEvent(event);
    else
        m_components[event.target]->handle(*this, event);
    if (m_observer && (m_eventCount & (kProgressEvery - 1)) == 0)
        m_observer->onProgress(m_now, m_eventCount);
}

void Engine::handleEngineEvent(const Event &event)
{
    switch (event.kind) {
    case kWarmupEnd:
        for (auto &component : m_components)
            component->resetStatistics(m_now);
        break;
    case kAction:
        apply(event.aux);
        break;
    case kSpikeEnd:
        m_components[m_actions[event.aux].target]->spike(*this, 1.0);
        break;
    default:
        break;
    }
}

bool Engine::act(ScenarioAction action)
{
    start(); // so that start() does not schedule it a second time
    action.at = m_now;
    m_actions.push_back(action);
    return apply(static_cast<std::uint32_t>(m_actions.size() - 1));
}

bool Engine::apply(std::uint32_t actionIndex)
{
    const ScenarioAction &a = m_actions[actionIndex];
    if (a.type == ScenarioAction::Type::Partition || a.type == ScenarioAction::Type::Heal) {
        // Between regions, not at a component: hops across the pair fail until it heals.
        if (a.region < 0 || a.otherRegion < 0 || a.region >= m_regionCount ||
            a.otherRegion >= m_regionCount || a.region == a.otherRegion)
            return false;
        setPartitioned(a.region, a.otherRegion, a.type == ScenarioAction::Type::Partition);
        return true;
    }
    if (a.target >= m_components.size())
        return false;
    Component &c = *m_components[a.target];
    switch (a.type) {
    case ScenarioAction::Type::Fail:
        return c.fail(*this, a.instance);
    case ScenarioAction::Type::Recover:
        return c.recover(*this, a.instance);
    case ScenarioAction::Type::Slow:
        return c.slow(*this, a.factor);
    case ScenarioAction::Type::Flush:
        return c.flush(*this);
    case ScenarioAction::Type::Spike:
        if (!c.spike(*this, a.factor))
            return false;
        schedule(m_now + a.duration, kEngineTarget, kSpikeEnd, 0, actionIndex);
        return true;
    case ScenarioAction::Type::Partition:
    case ScenarioAction::Type::Heal:
        break; // handled above
    }
    return false;
}

bool Engine::step()
{
    start();
    if (m_events.empty() || m_events.peekTime() > m_end) {
        // Nothing is left before the end: the run is over, as after run(), so the clock (and
        // with it every rate and time average) reaches the end too.
        m_now = std::max(m_now, m_end);
        return false;
    }
    dispatch(m_events.pop());
    return true;
}

void Engine::runUntil(Time until)
{
    start();
    until = std::min(until, m_end);
    while (!m_events.empty() && m_events.peekTime() <= until) {
        if (m_stopRequested.load(std::memory_order_relaxed))
            return;
        dispatch(m_events.pop());
    }
    m_now = std::max(m_now, until);
}

bool Engine::stepUntilComponent(std::uint32_t component)
{
    start();
    while (!m_events.empty() && m_events.peekTime() <= m_end) {
        if (m_stopRequested.load(std::memory_order_relaxed))
            return false;
        const Event e = m_events.pop();
        dispatch(e);
        if (e.target == component)
            return true;
    }
    m_now = std::max(m_now, m_end); // the run is over: see step()
    return false;
}

} // namespace scalelab::sim
