#include "sim/database.h"

#include "sim/engine.h"

#include <algorithm>

namespace scalelab::sim {

Database::Database(std::string id, Config config)
    : ServerPool(std::move(id), "database", config.capacity), m_config(config)
{}

void Database::attachReplica(Database &replica, Time linkLatency, ReplicaSet::Mode mode,
                             const Distribution &delay, Time detect, Time promote)
{
    if (!m_set) {
        m_set = std::make_shared<ReplicaSet>();
        m_set->mode = mode;
        m_set->delay = delay;
        m_set->detect = detect;
        m_set->promote = promote;
        m_set->members.push_back(this);
        m_set->linkLatency.push_back(0);
        m_set->primary = this;
    }
    replica.m_set = m_set;
    m_set->members.push_back(&replica);
    m_set->linkLatency.push_back(linkLatency);
}

Time Database::latencyTo(const Database &other) const
{
    // Members talk over the replication links, which all join the original primary: the
    // latency between two members is that of the farther one's link.
    Time latency = 0;
    for (std::size_t i = 0; i < m_set->members.size(); ++i)
        if (m_set->members[i] == this || m_set->members[i] == &other)
            latency = std::max(latency, m_set->linkLatency[i]);
    return latency;
}

std::uint64_t Database::version(std::uint64_t key) const
{
    const std::uint32_t v = m_versions.find(key);
    return v == KeyIndex::kAbsent ? 0 : v;
}

Database *Database::route(const Request &request)
{
    if (request.kind == RequestKind::Write)
        return m_set->primary;
    // A replica serves the reads sent to it; the original primary's address stays the set's
    // address after it rejoins as a replica, so its reads keep being spread.
    if (!isPrimary() && up() && this != m_set->members.front())
        return this;
    // Reads sent to the primary go to its healthy replicas in turn, to the primary without any.
    const std::size_t n = m_set->members.size();
    for (std::size_t k = 0; k < n; ++k) {
        Database *m = m_set->members[(m_set->nextReplica + k) % n];
        if (m != m_set->primary && m->up()) {
            m_set->nextReplica = (m_set->nextReplica + k + 1) % n;
            return m;
        }
    }
    return m_set->primary;
}

void Database::forward(Engine &engine, std::uint32_t request, Database &target)
{
    engine.requests()[request].top().phase = kForwarded;
    if (!engine.sendDirect(request, index(), target.index(), latencyTo(target)))
        engine.reply(request, 0);
}

void Database::handle(Engine &engine, const Event &event)
{
    switch (event.kind) {
    case kArrive: {
        const Request &r = engine.requests()[event.request];
        if (r.operation == Operation::Apply) {
            receiveShipment(engine, event.request);
            return;
        }
        if (m_set) {
            Database *target = route(r);
            if (!target) { // failover in progress: nobody takes writes
                engine.reply(event.request, 0);
                return;
            }
            if (target != this) {
                forward(engine, event.request, *target);
                return;
            }
        }
        ServerPool::handle(engine, event);
        return;
    }
    case kReply: {
        Request &r = engine.requests()[event.request];
        if (r.top().component == index() && r.top().phase == kForwarded) {
            engine.reply(event.request, event.aux); // relay what the member we asked answered
            return;
        }
        if (r.operation == Operation::Apply && r.depth == 1) {
            // A shipment came back from a replica: under sync replication, that it applied it;
            // failed, that the replica went down with it and no longer holds the write back.
            const bool applied = (event.aux & ReplyOk) != 0;
            if (m_set && m_set->mode != ReplicaSet::Mode::Async &&
                (!applied || m_set->mode == ReplicaSet::Mode::Sync))
                acknowledge(engine, event.request, applied);
            engine.requests().release(event.request);
            return;
        }
        ServerPool::handle(engine, event);
        return;
    }
    case kShipAck:
        acknowledge(engine, event.request, true);
        return;
    case kPromote:
        promoteReplica(engine);
        return;
    default:
        ServerPool::handle(engine, event);
        return;
    }
}

void Database::receiveShipment(Engine &engine, std::uint32_t request)
{
    const Frame &origin = engine.requests()[request].frames[0];
    // A shipment from a primary that has failed since is lost with it.
    if (!m_set || origin.count != m_set->epoch || !up()) {
        engine.reply(request, 0);
        return;
    }
    if (m_set->mode == ReplicaSet::Mode::SemiSync)
        engine.schedule(engine.now() + engine.requests()[request].top().hopLatency,
                        origin.component, kShipAck, request);
    Event arrival;
    arrival.kind = kArrive;
    arrival.request = request;
    arrival.target = index();
    arrival.time = engine.now();
    ServerPool::handle(engine, arrival);
}

Time Database::serviceTime(Engine &engine, std::uint32_t request)
{
    return engine.requests()[request].kind == RequestKind::Write ? m_config.write.sample(rng())
                                                                 : m_config.read.sample(rng());
}

void Database::serviceDone(Engine &engine, std::uint32_t request)
{
    Request &r = engine.requests()[request];
    const bool counted = r.top().arrivedAt >= statistics().windowStart;
    if (r.operation == Operation::Apply) {
        std::uint32_t &v = m_versions.findOrInsert(r.key, 0);
        v = std::max(v, r.version);
        m_lastLag = engine.now() - r.frames[0].arrivedAt;
        if (counted) {
            m_replication.lag.record(m_lastLag);
            ++m_replication.applied;
        }
        finish(engine, request, ReplyOk);
        return;
    }
    if (r.kind == RequestKind::Write) {
        commit(engine, request);
        return;
    }
    if (m_set && !isPrimary() && m_set->primary && counted &&
        version(r.key) < m_set->primary->acknowledgedVersion(r.key))
        ++m_replication.staleReads; // the replica has not applied the newest write yet
    finish(engine, request, ReplyOk);
}

void Database::commit(Engine &engine, std::uint32_t request)
{
    Request &r = engine.requests()[request];
    r.version = ++m_versions.findOrInsert(r.key, 0);
    ++m_sequence;
    if (!m_set || m_set->members.size() < 2) {
        acknowledgeWrite(engine, request);
        return;
    }
    int awaited = 0;
    for (Database *m : m_set->members)
        if (m != this && m->up())
            ++awaited;
    const bool wait = m_set->mode != ReplicaSet::Mode::Async && awaited > 0;
    if (wait) {
        Frame &f = engine.requests()[request].top();
        f.phase = kAwaitingReplicas;
        f.mark = m_sequence;
        f.count = static_cast<std::uint32_t>(awaited); // shipments yet to be answered
        m_awaiting.push_back(request);
    }
    ship(engine, request, wait, m_sequence);
    if (!wait) // asynchronous: the client hears "committed" before any replica has the write
        acknowledgeWrite(engine, request);
}

void Database::acknowledgeWrite(Engine &engine, std::uint32_t request)
{
    const Request &r = engine.requests()[request];
    if (m_set) {
        std::uint32_t &acked = m_acknowledged.findOrInsert(r.key, 0);
        acked = std::max(acked, r.version);
    }
    finish(engine, request, ReplyOk);
}

std::uint64_t Database::acknowledgedVersion(std::uint64_t key) const
{
    const std::uint32_t v = m_acknowledged.find(key);
    return v == KeyIndex::kAbsent ? 0 : v;
}

std::uint64_t Database::acknowledgedWritesMissing(const KeyIndex &held) const
{
    // Versions of a key are numbered one per committed write, so holding version v means holding
    // the key as every write up to v left it: a write missing underneath a newer version held is
    // superseded, not lost. Of the key's versions above the one held, all were acknowledged but
    // those still waiting for replicas when this primary failed.
    const auto heldVersion = [&held](std::uint64_t key) -> std::uint64_t {
        const std::uint32_t v = held.find(key);
        return v == KeyIndex::kAbsent ? 0 : v;
    };
    std::uint64_t missing = 0;
    m_acknowledged.forEach([&](std::uint64_t key, std::uint32_t acknowledged) {
        const std::uint64_t have = heldVersion(key);
        if (acknowledged > have)
            missing += acknowledged - have;
    });
    for (const auto &[key, version] : m_unacknowledged)
        if (version > heldVersion(key) && version < acknowledgedVersion(key))
            --missing;
    return missing;
}

void Database::ship(Engine &engine, std::uint32_t original, bool awaiting, std::uint32_t sequence)
{
    const std::uint64_t key = engine.requests()[original].key;
    const std::uint32_t version = engine.requests()[original].version;
    for (Database *m : m_set->members) {
        if (m == this || !m->up())
            continue;
        const std::uint32_t a = engine.requests().acquire();
        Request &s = engine.requests()[a];
        s.key = key;
        s.version = version;
        s.kind = RequestKind::Write;
        s.operation = Operation::Apply;
        s.region = -1;
        s.traced = false;
        s.depth = 1;
        Frame &f = s.frames[0];
        f = Frame{};
        f.component = index();
        f.arrivedAt = engine.now(); // the commit instant, for the lag
        f.mark = awaiting ? static_cast<Time>(original) : -1;
        f.generation = sequence;
        f.count = m_set->epoch;
        f.phase = kShipping;
        const Time link = latencyTo(*m);
        if (engine.sendDirect(a, index(), m->index(), link + m_set->delay.sample(rng()))) {
            engine.requests()[a].top().hopLatency = link; // acknowledgements pay the link only
        } else {
            if (awaiting) // across a partition: this replica falls behind, not holding it back
                acknowledge(engine, a, false);
            engine.requests().release(a);
        }
    }
}

void Database::acknowledge(Engine &engine, std::uint32_t apply, bool received)
{
    const Frame &origin = engine.requests()[apply].frames[0];
    if (origin.mark < 0)
        return;
    const auto original = static_cast<std::uint32_t>(origin.mark);
    Request &w = engine.requests()[original];
    // The write may have failed with the primary meanwhile (and its id been reused): only a
    // write still waiting here for this very shipment counts the acknowledgement.
    if (w.depth == 0 || w.top().component != index() || w.top().phase != kAwaitingReplicas ||
        static_cast<std::uint32_t>(w.top().mark) != origin.generation)
        return;
    // Semi-sync waits for the first replica to have the write, or for every one to give up.
    if (received && m_set->mode == ReplicaSet::Mode::SemiSync)
        w.top().count = 1;
    if (--w.top().count > 0)
        return;
    w.top().phase = 0;
    m_awaiting.erase(std::find(m_awaiting.begin(), m_awaiting.end(), original));
    acknowledgeWrite(engine, original);
}

bool Database::fail(Engine &engine, int instance)
{
    const bool wasPrimary = m_set && m_set->primary == this && up();
    ServerPool::fail(engine, instance);
    if (wasPrimary)
        m_unacknowledged.clear();
    for (const std::uint32_t w : m_awaiting) {
        const Request &r = engine.requests()[w];
        m_unacknowledged.emplace_back(r.key, r.version);
        abandon(engine, w);
    }
    m_awaiting.clear();
    if (wasPrimary) {
        // Writes fail from now on until a replica is promoted; shipments still on their way
        // are lost with the primary.
        m_set->primary = nullptr;
        ++m_set->epoch;
        engine.schedule(engine.now() + m_set->detect + m_set->promote, index(), kPromote);
    }
    return true;
}

void Database::promoteReplica(Engine &engine)
{
    if (m_set->primary)
        return;
    // Each shipment draws its own delay, so a replica receives writes out of order and holds no
    // prefix of the primary's history: the replica that received most may lack an acknowledged
    // write that another one received (under semi_sync, the one whose acknowledgement let it
    // through). Counting shipments received against writes acknowledged therefore reports writes
    // as lost that survive elsewhere, and misses that a newer version of a key supersedes an
    // older one it never received. What counts is what the new primary holds, key by key.
    // The most advanced replica is the one lacking the fewest acknowledged writes.
    Database *best = nullptr;
    std::uint64_t bestMissing = 0;
    for (Database *m : m_set->members) {
        if (m == this || !m->up())
            continue;
        const std::uint64_t missing = acknowledgedWritesMissing(m->m_versions);
        if (!best || missing < bestMissing) {
            best = m;
            bestMissing = missing;
        }
    }
    if (!best)
        return; // no healthy replica: the set waits for its primary to recover
    // Promotion first catches the new primary up with every write another surviving replica
    // received, as failover tools do (MHA applies the others' relay logs; with in-order streams
    // the most advanced replica has them all already). Only acknowledged writes that no surviving
    // replica received are gone: none under semi_sync unless the replicas holding them failed too.
    for (Database *m : m_set->members)
        if (m != this && m != best && m->up())
            m->m_versions.forEach([best](std::uint64_t key, std::uint32_t v) {
                std::uint32_t &held = best->m_versions.findOrInsert(key, 0);
                held = std::max(held, v);
            });
    const std::uint64_t lost = acknowledgedWritesMissing(best->m_versions);
    m_unacknowledged.clear();
    if (engine.now() >= statistics().windowStart) {
        m_replication.lostWrites += lost;
        ++m_replication.failovers;
    }
    m_set->primary = best;
    best->m_acknowledged = best->m_versions; // what it has is what it will serve as committed
    // The other replicas follow the new primary from its state (GTID auto-positioning fetches
    // what they lack), as a recovered primary does.
    for (Database *m : m_set->members)
        if (m != this && m != best && m->up())
            m->m_versions = best->m_versions;
    ++m_set->epoch;
    engine.stateChanged(best->index(), "promoted to primary");
}

bool Database::recover(Engine &engine, int instance)
{
    ServerPool::recover(engine, instance);
    if (!m_set)
        return true;
    if (!m_set->primary) {
        // Nobody was promoted: the old primary takes its place again.
        m_set->primary = this;
        ++m_set->epoch;
        m_unacknowledged.clear();
    } else if (m_set->primary != this) {
        // It returns as a replica of the new primary, resynchronised from it.
        m_versions = m_set->primary->m_versions;
        m_acknowledged.clear();
        engine.stateChanged(index(), "rejoined as a replica");
    }
    return true;
}

double Database::gauge(const std::string &name, Time now) const
{
    if (name == "replication_lag_ms")
        return isPrimary() ? 0.0 : toMilliseconds(m_lastLag);
    return ServerPool::gauge(name, now);
}

void Database::resetStatistics(Time now)
{
    ServerPool::resetStatistics(now);
    m_replication = Replication{};
}

void Database::merge(const Component &other, Time otherNow)
{
    ServerPool::merge(other, otherNow);
    const auto &o = static_cast<const Database &>(other).m_replication;
    m_replication.lag.merge(o.lag);
    m_replication.staleReads += o.staleReads;
    m_replication.lostWrites += o.lostWrites;
    m_replication.failovers += o.failovers;
    m_replication.applied += o.applied;
}

void Database::report(Time now, Metrics &out) const
{
    ServerPool::report(now, out);
    out.add("keys_written", static_cast<std::uint64_t>(m_versions.size()));
    if (!m_set)
        return;
    out.add("role", std::string(!up() ? "failed" : isPrimary() ? "primary" : "replica"));
    if (m_set->members.front() == this || m_replication.failovers > 0) {
        out.add("lost_writes", m_replication.lostWrites);
        out.add("failovers", m_replication.failovers);
    }
    if (m_replication.applied > 0 || !isPrimary()) {
        const LatencyHistogram &lag = m_replication.lag;
        out.add("replication_lag_ms.mean", lag.mean() / kNanosecondsPerMillisecond);
        out.add("replication_lag_ms.p99", toMilliseconds(lag.quantile(0.99)));
        out.add("replication_lag_ms.max", toMilliseconds(lag.max()));
        out.add("stale_reads", m_replication.staleReads);
        out.add("writes_applied", m_replication.applied);
    }
}

void Database::start(Engine &engine)
{
    ServerPool::start(engine);
    for (std::uint32_t l = 0; l < engine.linkCount(); ++l) {
        const Link &link = engine.link(l);
        if (link.to != index())
            continue;
        const Component &caller = engine.component(link.from);
        m_isShard = m_isShard || caller.type() == "shard_router";
        for (const std::uint32_t out : caller.outLinks())
            m_callersCache =
                m_callersCache || engine.component(engine.link(out).to).type() == "cache";
    }
}

LoadFact Database::loadFact(Time now, double busy) const
{
    LoadFact fact = ServerPool::loadFact(now, busy);
    fact.calledThroughCache = m_callersCache;
    fact.hasReplicas = m_set != nullptr;
    fact.isReplica = m_config.replica;
    fact.isShard = m_isShard;
    return fact;
}

} // namespace scalelab::sim
