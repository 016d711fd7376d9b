#include "sim/queue.h"

#include "sim/engine.h"
#include "sim/server_pool.h"

#include <algorithm>
#include <cmath>

namespace scalelab::sim {

MessageQueue::MessageQueue(std::string id, Config config)
    : Component(std::move(id), "queue"), m_config(config)
{}

void MessageQueue::start(Engine &engine)
{
    // Every core of every linked worker instance is a consumer that pulls one job at a time.
    for (const std::uint32_t l : outLinks()) {
        const std::uint32_t to = engine.link(l).to;
        const Component &c = engine.component(to);
        if (c.type() != "worker")
            continue;
        const auto &pool = static_cast<const ServerPool &>(c);
        for (int i = 0; i < pool.instanceCount(); ++i)
            m_slots.push_back(
                {l, to, static_cast<std::uint16_t>(i), std::max(1, pool.capacity().cores), 0});
    }
    for (const Slot &s : m_slots)
        m_freeCores += s.cores;
}

std::uint32_t MessageQueue::newJob()
{
    if (!m_freeJobs.empty()) {
        const std::uint32_t id = m_freeJobs.back();
        m_freeJobs.pop_back();
        return id;
    }
    m_jobs.emplace_back();
    return static_cast<std::uint32_t>(m_jobs.size() - 1);
}

void MessageQueue::freeJob(std::uint32_t job)
{
    // The record keeps `done` until it is reused, and a reuse bumps the serial, so a late
    // acknowledgement of this job is recognised either way.
    m_jobs[job].delivery = 0;
    m_freeJobs.push_back(job);
}

void MessageQueue::setVisible(Time now, std::int64_t delta)
{
    m_visible = static_cast<std::size_t>(static_cast<std::int64_t>(m_visible) + delta);
    m_stats.backlog.set(now, static_cast<double>(m_visible));
    m_stats.backlogMax = std::max(m_stats.backlogMax, m_visible);
}

void MessageQueue::setInFlight(Time now, std::int64_t delta)
{
    m_inFlight = static_cast<std::size_t>(static_cast<std::int64_t>(m_inFlight) + delta);
    m_stats.inFlight.set(now, static_cast<double>(m_inFlight));
}

void MessageQueue::handle(Engine &engine, const Event &event)
{
    switch (event.kind) {
    case kArrive:
        publish(engine, event.request); // whatever the caller meant, it hands us a job
        break;
    case kReply:
        acknowledged(engine, event.request, event.aux);
        break;
    case kVisibilityTimeout:
        timedOut(engine, event.request, event.aux);
        break;
    case kConsumerReady:
        dispatch(engine);
        break;
    default:
        break;
    }
}

void MessageQueue::publish(Engine &engine, std::uint32_t request)
{
    ++m_stats.arrivals;
    const Time now = engine.now();
    if (m_failed ||
        (m_config.capacity >= 0 && static_cast<std::int64_t>(m_visible) >= m_config.capacity)) {
        if (!m_failed)
            ++m_stats.rejected;
        ++m_stats.errors;
        engine.reply(request, 0);
        return;
    }
    const std::uint32_t id = newJob();
    const Request &r = engine.requests()[request];
    Job &job = m_jobs[id];
    job.published = now;
    job.key = r.key;
    job.user = r.user;
    job.region = r.region;
    ++job.serial;
    job.delivery = 0;
    job.deliveries = 0;
    job.done = false;
    job.inBacklog = true;
    m_backlog.push_back(id);
    setVisible(now, +1);
    // The publisher has its answer now: the work itself is the workers' business.
    engine.reply(request, ReplyOk);
    dispatch(engine);
}

int MessageQueue::freeSlot(const Engine &engine)
{
    // Round robin over the worker instances with a free core: whichever asks first gets the job.
    // A failed instance does not ask, nor does one on the far side of a partition.
    if (m_freeCores <= 0)
        return -1;
    const int here = engine.region(index());
    for (std::size_t k = 0; k < m_slots.size(); ++k) {
        const std::size_t i = (m_nextSlot + k) % m_slots.size();
        const Slot &s = m_slots[i];
        if (s.held < s.cores && engine.component(s.worker).instanceUp(s.instance) &&
            !engine.partitioned(here, engine.region(s.worker))) {
            m_nextSlot = (i + 1) % m_slots.size();
            return static_cast<int>(i);
        }
    }
    return -1;
}

void MessageQueue::dispatch(Engine &engine)
{
    if (m_failed)
        return;
    while (m_visible > 0) {
        const int slot = freeSlot(engine);
        if (slot < 0)
            return;
        std::uint32_t job = m_backlog.front();
        m_backlog.pop_front();
        while (m_jobs[job].done) { // acknowledged late while it waited for redelivery
            m_jobs[job].inBacklog = false;
            freeJob(job);
            job = m_backlog.front();
            m_backlog.pop_front();
        }
        deliver(engine, job, static_cast<std::size_t>(slot));
    }
}

void MessageQueue::deliver(Engine &engine, std::uint32_t id, std::size_t slot)
{
    const Time now = engine.now();
    Job &job = m_jobs[id];
    job.inBacklog = false;
    setVisible(now, -1);
    if (job.deliveries == 0) {
        if (job.published >= m_stats.windowStart)
            m_stats.wait.add(static_cast<double>(now - job.published));
    } else {
        ++m_stats.redelivered;
    }
    ++job.deliveries;
    job.delivery = ++m_nextDelivery;
    if (job.delivery == 0) // the tag wrapped: 0 means "no delivery"
        job.delivery = m_nextDelivery = 1;
    setInFlight(now, +1);
    engine.schedule(now + m_config.visibilityTimeout, index(), kVisibilityTimeout, id,
                    job.delivery);

    // Each delivery is a message of its own: a redelivered job may be at two workers at once.
    const std::uint32_t message = engine.requests().acquire();
    Request &r = engine.requests()[message];
    r.key = job.key;
    r.user = job.user;
    r.version = id;
    r.kind = RequestKind::Job;
    r.operation = Operation::Deliver;
    r.traced = false;
    r.region = job.region;
    r.depth = 1;
    Frame &f = r.frames[0];
    f = Frame{};
    f.component = index();
    f.arrivedAt = job.published; // the message's age is the job's
    f.mark = now;
    f.generation = job.serial;
    f.count = static_cast<std::uint32_t>(slot);
    Slot &s = m_slots[slot];
    ++s.held;
    --m_freeCores;
    // The pool's convention: instance + 1 names the instance, 0 would let it choose.
    if (!engine.send(message, s.link, s.instance + 1)) {
        // Lost on the way (a partition): it will be delivered again after the timeout.
        --s.held;
        ++m_freeCores;
        engine.requests().release(message);
    }
}

void MessageQueue::acknowledged(Engine &engine, std::uint32_t message, std::uint32_t flags)
{
    const Time now = engine.now();
    const Request &r = engine.requests()[message];
    const std::uint32_t id = r.version;
    const std::uint32_t serial = r.frames[0].generation;
    --m_slots[r.frames[0].count].held; // the worker's core is free again either way
    ++m_freeCores;
    engine.requests().release(message);
    // An error reply is a worker that failed under the job: nothing was acknowledged, and the job
    // stays invisible until its timeout. An acknowledgement that reaches a failed queue is lost.
    if ((flags & ReplyOk) && !m_failed) {
        Job &job = m_jobs[id];
        if (job.serial != serial || job.done) {
            ++m_stats.duplicates; // done twice: at-least-once delivery
        } else {
            job.done = true;
            ++m_stats.completed;
            if (job.published >= m_stats.windowStart)
                m_stats.job.record(now - job.published);
            if (job.delivery != 0) {
                setInFlight(now, -1);
                job.delivery = 0;
            }
            if (job.inBacklog)
                setVisible(now, -1); // it leaves the backlog when it reaches the head
            else
                freeJob(id);
        }
    }
    dispatch(engine);
}

void MessageQueue::timedOut(Engine &engine, std::uint32_t id, std::uint32_t delivery)
{
    Job &job = m_jobs[id];
    if (job.done || job.delivery != delivery)
        return; // acknowledged in time
    const Time now = engine.now();
    job.delivery = 0;
    job.inBacklog = true;
    setInFlight(now, -1);
    m_backlog.push_front(id);
    setVisible(now, +1);
    engine.stateChanged(index(), "visibility timeout: job visible again");
    dispatch(engine);
}

bool MessageQueue::fail(Engine &engine, int)
{
    // The broker is down: publishers are refused and nothing is delivered; the jobs it holds
    // are kept (a durable queue) and come back with it.
    m_failed = true;
    engine.stateChanged(index(), "failed");
    return true;
}

bool MessageQueue::recover(Engine &engine, int)
{
    m_failed = false;
    engine.stateChanged(index(), "recovered");
    dispatch(engine);
    return true;
}

void MessageQueue::resetStatistics(Time now)
{
    Statistics fresh;
    fresh.windowStart = now;
    fresh.backlogMax = m_visible;
    fresh.backlog.set(now, static_cast<double>(m_visible));
    fresh.backlog.reset(now);
    fresh.inFlight.set(now, static_cast<double>(m_inFlight));
    fresh.inFlight.reset(now);
    m_stats = std::move(fresh);
}

void MessageQueue::merge(const Component &other, Time otherNow)
{
    const auto &q = static_cast<const MessageQueue &>(other);
    const Statistics &o = q.m_stats;
    m_stats.arrivals += o.arrivals;
    m_stats.rejected += o.rejected;
    m_stats.errors += o.errors;
    m_stats.completed += o.completed;
    m_stats.redelivered += o.redelivered;
    m_stats.duplicates += o.duplicates;
    m_stats.backlogMax = std::max(m_stats.backlogMax, o.backlogMax);
    m_stats.backlog.merge(o.backlog, otherNow);
    m_stats.inFlight.merge(o.inFlight, otherNow);
    m_stats.wait.merge(o.wait);
    m_stats.job.merge(o.job);
    m_stats.mergedSeconds += toSeconds(otherNow - o.windowStart) + o.mergedSeconds;
}

double MessageQueue::utilization(Time now) const
{
    // Without a capacity the queue never fills: the workers behind it are what saturates.
    if (m_config.capacity <= 0)
        return -1;
    return std::min(1.0, m_stats.backlog.mean(now) / static_cast<double>(m_config.capacity));
}

bool MessageQueue::probe(Time now, Probe &out) const
{
    out.completed = m_stats.completed;
    out.errors = m_stats.errors;
    out.waitingArea = m_stats.backlog.area(now);
    out.response = &m_stats.job;
    return true;
}

double MessageQueue::gauge(const std::string &name, Time now) const
{
    if (name == "backlog")
        return static_cast<double>(m_visible);
    if (name == "in_flight")
        return static_cast<double>(m_inFlight);
    return Component::gauge(name, now);
}

void MessageQueue::report(Time now, Metrics &out) const
{
    const double seconds = toSeconds(now - m_stats.windowStart) + m_stats.mergedSeconds;
    out.add("arrivals", m_stats.arrivals);
    out.add("completed", m_stats.completed);
    out.add("rejected", m_stats.rejected);
    out.add("errors", m_stats.errors);
    out.add("throughput_rps", perSecond(m_stats.completed, seconds));
    out.add("utilization", utilization(now));
    out.add("backlog_mean", m_stats.backlog.mean(now));
    out.add("backlog_max", static_cast<std::uint64_t>(m_stats.backlogMax));
    out.add("backlog", static_cast<std::uint64_t>(m_visible));
    out.add("in_flight_mean", m_stats.inFlight.mean(now));
    // Jobs inside: waiting or being worked on. With throughput_rps and job_ms.mean: Little's law.
    out.add("concurrency_mean", m_stats.backlog.mean(now) + m_stats.inFlight.mean(now));
    out.add("redelivered", m_stats.redelivered);
    out.add("duplicates", m_stats.duplicates);
    out.add("wait_ms.mean", m_stats.wait.mean() / kNanosecondsPerMillisecond);
    out.addLatency("job_ms", m_stats.job, Metrics::Tail::With);
}

LoadFact MessageQueue::loadFact(Time now, double busy) const
{
    LoadFact fact = Component::loadFact(now, busy);
    fact.code = LoadFact::Code::Backlog;
    fact.backlogMean = m_stats.backlog.mean(now);
    fact.backlogNow = static_cast<std::int64_t>(m_visible);
    fact.capacity = m_config.capacity > 0 ? m_config.capacity : 0;
    fact.growing = static_cast<double>(m_visible) > 2 * fact.backlogMean + 10;
    fact.refusing = m_stats.rejected > 0;
    return fact;
}

} // namespace scalelab::sim
