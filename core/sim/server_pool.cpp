#include "sim/server_pool.h"

#include "sim/engine.h"

#include <algorithm>
#include <cmath>

namespace scalelab::sim {

ServerPool::ServerPool(std::string id, std::string type, Capacity capacity)
    : ServerPool(std::move(id), std::move(type), capacity, Autoscale{})
{}

ServerPool::ServerPool(std::string id, std::string type, Capacity capacity, Autoscale autoscale)
    : Component(std::move(id), std::move(type)), m_capacity(capacity),
      m_instances(static_cast<std::size_t>(
          std::max({1, capacity.instances, autoscale.enabled ? autoscale.maximum : 1}))),
      m_autoscale(autoscale)
{
    // An autoscaled pool has room for its maximum; only the first `count` are on at the start.
    for (std::size_t i = static_cast<std::size_t>(std::max(1, capacity.instances));
         i < m_instances.size(); ++i)
        m_instances[i].power = Power::Off;
    m_poweredCores = countPower(Power::Active) * m_capacity.cores;
    m_stats.capacityCores.set(0, m_poweredCores);
    m_scalerCapacity.set(0, m_poweredCores);
}

void ServerPool::start(Engine &engine)
{
    if (!m_autoscale.enabled)
        return;
    m_instancesOverTime.emplace_back(0.0, countPower(Power::Active));
    engine.schedule(engine.now() + m_autoscale.period, index(), kAutoscaleTick);
}

int ServerPool::countPower(Power power) const
{
    int n = 0;
    for (const Instance &inst : m_instances)
        n += inst.power == power ? 1 : 0;
    return n;
}

bool ServerPool::instanceUp(int instance) const
{
    if (instance < 0 || instance >= instanceCount())
        return false;
    const Instance &inst = m_instances[static_cast<std::size_t>(instance)];
    return !inst.failed && inst.power == Power::Active;
}

int ServerPool::pickInstance()
{
    // Without a load balancer in front, requests are spread over the running instances in turn,
    // failed or not: nothing would notice that one is down.
    for (std::size_t k = 0; k < m_instances.size(); ++k) {
        const std::size_t i = (m_nextInstance + k) % m_instances.size();
        if (m_instances[i].power == Power::Active) {
            m_nextInstance = (i + 1) % m_instances.size();
            return static_cast<int>(i);
        }
    }
    return static_cast<int>(m_nextInstance);
}

void ServerPool::setBusy(Time now, int delta)
{
    m_busyTotal += delta;
    m_stats.busyCores.set(now, m_busyTotal);
    if (m_autoscale.enabled)
        m_scalerBusy.set(now, m_busyTotal);
}

void ServerPool::setPower(Engine &engine, std::size_t instance, Power power)
{
    Instance &inst = m_instances[instance];
    const bool wasOn = inst.power == Power::Active || inst.power == Power::Draining;
    const bool isOn = power == Power::Active || power == Power::Draining;
    const bool activeChanged = (inst.power == Power::Active) != (power == Power::Active);
    inst.power = power;
    const Time now = engine.now();
    if (wasOn != isOn) {
        m_poweredCores += (isOn ? 1 : -1) * m_capacity.cores;
        m_stats.capacityCores.set(now, m_poweredCores);
        m_scalerCapacity.set(now, m_poweredCores);
    }
    if (activeChanged) {
        m_instancesOverTime.emplace_back(toSeconds(now), countPower(Power::Active));
        engine.stateChanged(index(),
                            power == Power::Active ? "instance booted" : "instance draining");
    }
}

void ServerPool::evaluateAutoscaling(Engine &engine)
{
    const Time now = engine.now();
    const double busy = m_scalerBusy.area(now);
    const double capacity = m_scalerCapacity.area(now);
    const double u = capacity > m_lastCapacityArea
                         ? (busy - m_lastBusyArea) / (capacity - m_lastCapacityArea)
                         : 0;
    // The instances that shared the work over the period: active and draining ones alike, since
    // a balancer keeps sending to a draining instance until its health checks notice.
    const double poweredInstances = (capacity - m_lastCapacityArea) /
                                    (static_cast<double>(m_autoscale.period) * m_capacity.cores);
    m_lastBusyArea = busy;
    m_lastCapacityArea = capacity;
    // A draining instance powers off once it is empty and a whole period has passed without a
    // request: a balancer keeps sending to it until its health checks notice, and those would
    // fail on a machine already off.
    for (std::size_t i = 0; i < m_instances.size(); ++i) {
        const Instance &inst = m_instances[i];
        if (inst.power == Power::Draining && inst.slotsInUse == 0 && inst.slotQueue.empty() &&
            inst.lastArrival <= now - m_autoscale.period)
            setPower(engine, i, Power::Off);
    }
    const int active = countPower(Power::Active);
    const int booting = countPower(Power::Booting);
    // Target tracking: the instance count that would bring utilisation back to the target. The
    // work measured is that of every powered instance; counting only the active ones would
    // undercount it while one drains, and hold the tier too small as the load climbs.
    const int desired =
        std::clamp(static_cast<int>(std::ceil(poweredInstances * u / m_autoscale.target - 1e-9)),
                   m_autoscale.minimum, m_autoscale.maximum);
    if (desired > active + booting) {
        int toBoot = desired - active - booting;
        for (std::size_t i = 0; i < m_instances.size() && toBoot > 0; ++i) {
            if (m_instances[i].power != Power::Off)
                continue;
            setPower(engine, i, Power::Booting);
            engine.schedule(now + m_autoscale.boot, index(), kBooted, 0,
                            static_cast<std::uint32_t>(i));
            --toBoot;
        }
        m_lastScaling = now;
        ++m_scaleOuts;
    } else if (desired < active && booting == 0 && now - m_lastScaling >= m_autoscale.cooldown) {
        for (std::size_t i = m_instances.size(); i-- > 0;) {
            if (m_instances[i].power == Power::Active) {
                setPower(engine, i, Power::Draining);
                break;
            }
        }
        m_lastScaling = now;
        ++m_scaleIns;
    }
}

void ServerPool::setWaiting(Time now, int delta)
{
    m_waitingTotal += delta;
    m_stats.waiting.set(now, m_waitingTotal);
}

void ServerPool::handle(Engine &engine, const Event &event)
{
    switch (event.kind) {
    case kArrive:
        arrive(engine, event.request);
        break;
    case kAutoscaleTick:
        evaluateAutoscaling(engine);
        engine.schedule(engine.now() + m_autoscale.period, index(), kAutoscaleTick);
        break;
    case kBooted:
        if (m_instances[event.aux].power == Power::Booting)
            setPower(engine, event.aux, Power::Active);
        break;
    case kServiceDone: {
        Request &r = engine.requests()[event.request];
        Instance &inst = m_instances[r.top().instance];
        if (r.top().generation != inst.generation) { // the instance failed meanwhile
            fail(engine, event.request, false);
            break;
        }
        --inst.busyCores;
        setBusy(engine.now(), -1);
        if (!inst.coreQueue.empty()) {
            const std::uint32_t next = inst.coreQueue.front();
            inst.coreQueue.pop_front();
            setWaiting(engine.now(), -1);
            startService(engine, inst, next);
        }
        serviceDone(engine, event.request);
        break;
    }
    case kReply:
        if (stale(engine, event.request))
            fail(engine, event.request, false);
        else
            downstreamReply(engine, event.request, event.aux);
        break;
    default:
        break;
    }
}

bool ServerPool::stale(const Engine &engine, std::uint32_t request) const
{
    const Frame &f = const_cast<Engine &>(engine).requests()[request].top();
    return f.generation != m_instances[f.instance].generation;
}

void ServerPool::arrive(Engine &engine, std::uint32_t request)
{
    ++m_stats.arrivals;
    Frame &f = engine.requests()[request].top();
    // A load balancer names the instance (instance + 1); 0 leaves the choice to the pool.
    const int chosen =
        f.instance > 0 && f.instance <= m_instances.size() ? f.instance - 1 : pickInstance();
    f.instance = static_cast<std::uint16_t>(chosen);
    Instance &inst = m_instances[static_cast<std::size_t>(chosen)];
    inst.lastArrival = engine.now();
    f.generation = inst.generation;
    if (inst.failed || inst.power == Power::Off || inst.power == Power::Booting) {
        // Nothing listens on a failed or stopped instance: the connection is refused at once.
        ++m_stats.errors;
        engine.reply(request, 0);
        return;
    }
    ++m_presentTotal;
    m_stats.present.set(engine.now(), m_presentTotal);
    const bool slotFree =
        m_capacity.maxConcurrency <= 0 || inst.slotsInUse < m_capacity.maxConcurrency;
    const bool coreFree = inst.busyCores < m_capacity.cores;
    const bool mustWait = !slotFree || !coreFree;
    if (mustWait && m_capacity.queueCapacity >= 0 &&
        static_cast<std::int64_t>(waitingIn(inst)) >= m_capacity.queueCapacity) {
        fail(engine, request, true);
        return;
    }
    if (!slotFree) {
        inst.slotQueue.push_back(request);
        setWaiting(engine.now(), +1);
        return;
    }
    ++inst.slotsInUse;
    takeCore(engine, inst, request);
}

void ServerPool::takeCore(Engine &engine, Instance &inst, std::uint32_t request)
{
    if (inst.busyCores < m_capacity.cores) {
        startService(engine, inst, request);
        return;
    }
    inst.coreQueue.push_back(request);
    setWaiting(engine.now(), +1);
}

void ServerPool::startService(Engine &engine, Instance &inst, std::uint32_t request)
{
    ++inst.busyCores;
    const Time now = engine.now();
    setBusy(now, +1);
    Request &r = engine.requests()[request];
    Frame &f = r.top();
    const Time service = static_cast<Time>(
        std::llround(static_cast<double>(serviceTime(engine, request)) * m_slowFactor));
    // Only requests that arrived inside the observation window count towards its averages.
    if (f.arrivedAt >= m_stats.windowStart) {
        m_stats.wait.add(static_cast<double>(now - f.arrivedAt));
        m_stats.service.add(static_cast<double>(service));
    }
    m_stats.work[static_cast<std::size_t>(workClass(r) & 7)] += static_cast<double>(service);
    f.mark = now;
    if (r.traced)
        engine.serviceStarted(request, index(), service);
    engine.schedule(now + service, index(), kServiceDone, request);
}

void ServerPool::releaseSlot(Engine &engine, Instance &inst)
{
    if (!inst.slotQueue.empty()) {
        const std::uint32_t next = inst.slotQueue.front();
        inst.slotQueue.pop_front();
        setWaiting(engine.now(), -1);
        takeCore(engine, inst, next);
        return;
    }
    --inst.slotsInUse;
}

void ServerPool::finish(Engine &engine, std::uint32_t request, std::uint32_t flags)
{
    const Frame f = engine.requests()[request].top();
    Instance &inst = m_instances[f.instance];
    const Time now = engine.now();
    releaseSlot(engine, inst);
    --m_presentTotal;
    m_stats.present.set(now, m_presentTotal);
    if (flags & ReplyOk) {
        ++m_stats.completed;
        if (f.arrivedAt >= m_stats.windowStart)
            m_stats.response.record(now - f.arrivedAt);
    } else {
        ++m_stats.errors;
    }
    engine.reply(request, flags);
}

void ServerPool::fail(Engine &engine, std::uint32_t request, bool rejected)
{
    // A request refused at the door (rejected) was counted present a moment ago; one whose
    // instance failed under it was already taken off the books when the instance failed.
    if (rejected) {
        ++m_stats.rejected;
        --m_presentTotal;
        m_stats.present.set(engine.now(), m_presentTotal);
    }
    ++m_stats.errors;
    engine.reply(request, 0);
}

void ServerPool::downstreamReply(Engine &engine, std::uint32_t request, std::uint32_t flags)
{
    finish(engine, request, flags);
}

int ServerPool::workClass(const Request &request) const
{
    return static_cast<int>(request.kind);
}

LoadFact::Work ServerPool::workNamed(int workClass) const
{
    static constexpr LoadFact::Work names[] = {LoadFact::Work::StaticRequests,
                                               LoadFact::Work::Reads, LoadFact::Work::Writes,
                                               LoadFact::Work::Jobs};
    return workClass >= 0 && workClass < 4 ? names[workClass] : LoadFact::Work::Requests;
}

bool ServerPool::fail(Engine &engine, int instance)
{
    const Time now = engine.now();
    for (int i = 0; i < instanceCount(); ++i) {
        if (instance >= 0 && i != instance)
            continue;
        Instance &inst = m_instances[static_cast<std::size_t>(i)];
        if (inst.failed)
            continue;
        inst.failed = true;
        ++inst.generation; // requests inside notice when their next event comes back
        // Requests still waiting are lost with the instance.
        std::vector<std::uint32_t> lost(inst.slotQueue.begin(), inst.slotQueue.end());
        lost.insert(lost.end(), inst.coreQueue.begin(), inst.coreQueue.end());
        setWaiting(now, -static_cast<int>(lost.size()));
        setBusy(now, -inst.busyCores);
        // Inside were the requests queued for a slot and those holding one (queued for a core, in
        // service, or waiting on a downstream call); all of them leave the books now.
        m_presentTotal -= static_cast<int>(inst.slotQueue.size()) + inst.slotsInUse;
        inst.slotQueue.clear();
        inst.coreQueue.clear();
        inst.busyCores = 0;
        inst.slotsInUse = 0;
        m_stats.present.set(now, m_presentTotal);
        for (const std::uint32_t r : lost)
            fail(engine, r, false);
        engine.stateChanged(index(), "failed");
    }
    return true;
}

bool ServerPool::recover(Engine &engine, int instance)
{
    for (int i = 0; i < instanceCount(); ++i) {
        if (instance >= 0 && i != instance)
            continue;
        m_instances[static_cast<std::size_t>(i)].failed = false;
    }
    if (instance < 0)
        m_slowFactor = 1;
    engine.stateChanged(index(), "recovered");
    return true;
}

bool ServerPool::slow(Engine &engine, double factor)
{
    m_slowFactor = factor;
    engine.stateChanged(index(), "slowed");
    return true;
}

void ServerPool::resetStatistics(Time now)
{
    Statistics fresh;
    fresh.windowStart = now;
    fresh.waiting.set(now, m_waitingTotal);
    fresh.busyCores.set(now, m_busyTotal);
    fresh.present.set(now, m_presentTotal);
    fresh.capacityCores.set(now, m_poweredCores);
    fresh.capacityCores.reset(now);
    fresh.waiting.reset(now);
    fresh.busyCores.reset(now);
    fresh.present.reset(now);
    m_stats = std::move(fresh);
}

void ServerPool::merge(const Component &other, Time otherNow)
{
    const auto &o = static_cast<const ServerPool &>(other).m_stats;
    m_stats.arrivals += o.arrivals;
    m_stats.completed += o.completed;
    m_stats.rejected += o.rejected;
    m_stats.errors += o.errors;
    m_stats.wait.merge(o.wait);
    m_stats.service.merge(o.service);
    m_stats.response.merge(o.response);
    m_stats.waiting.merge(o.waiting, otherNow);
    m_stats.busyCores.merge(o.busyCores, otherNow);
    m_stats.present.merge(o.present, otherNow);
    m_stats.capacityCores.merge(o.capacityCores, otherNow);
    for (std::size_t i = 0; i < m_stats.work.size(); ++i)
        m_stats.work[i] += o.work[i];
    m_mergedWindows += static_cast<const ServerPool &>(other).observedSeconds(otherNow);
}

double ServerPool::utilization(Time now) const
{
    const double cores = m_stats.capacityCores.mean(now);
    return cores > 0 ? m_stats.busyCores.mean(now) / cores : 0;
}

bool ServerPool::probe(Time now, Probe &out) const
{
    out.completed = m_stats.completed;
    out.errors = m_stats.errors;
    out.busyArea = m_stats.busyCores.area(now);
    out.capacityArea = m_stats.capacityCores.area(now);
    out.waitingArea = m_stats.waiting.area(now);
    out.response = &m_stats.response;
    return true;
}

double ServerPool::gauge(const std::string &name, Time now) const
{
    if (name == "instances")
        return countPower(Power::Active);
    return Component::gauge(name, now);
}

double ServerPool::observedSeconds(Time now) const
{
    return toSeconds(now - m_stats.windowStart) + m_mergedWindows;
}

void ServerPool::report(Time now, Metrics &out) const
{
    const double seconds = observedSeconds(now);
    out.add("arrivals", m_stats.arrivals);
    out.add("completed", m_stats.completed);
    out.add("rejected", m_stats.rejected);
    out.add("errors", m_stats.errors);
    out.add("throughput_rps", perSecond(m_stats.completed, seconds));
    out.add("utilization", utilization(now));
    out.add("queue_length_mean", m_stats.waiting.mean(now));
    out.add("concurrency_mean", m_stats.present.mean(now));
    out.add("instances", countPower(Power::Active));
    if (m_autoscale.enabled) {
        out.add("instances_mean", m_stats.capacityCores.mean(now) / m_capacity.cores);
        out.add("instances_over_time", m_instancesOverTime);
        out.add("scale_outs", m_scaleOuts);
        out.add("scale_ins", m_scaleIns);
    }
    out.add("wait_ms.mean", m_stats.wait.mean() / kNanosecondsPerMillisecond);
    out.add("service_ms.mean", m_stats.service.mean() / kNanosecondsPerMillisecond);
    out.addLatency("response_ms", m_stats.response, Metrics::Tail::With);
}

LoadFact ServerPool::loadFact(Time now, double busy) const
{
    LoadFact fact = Component::loadFact(now, busy);
    fact.code = LoadFact::Code::BusyPool;
    double total = 0;
    std::size_t top = 0;
    for (std::size_t i = 0; i < m_stats.work.size(); ++i) {
        total += m_stats.work[i];
        if (m_stats.work[i] > m_stats.work[top])
            top = i;
    }
    if (total > 0) {
        fact.work = workNamed(static_cast<int>(top));
        fact.workShare = m_stats.work[top] / total;
    }
    return fact;
}

} // namespace scalelab::sim
