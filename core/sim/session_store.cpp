#include "sim/session_store.h"

#include "sim/engine.h"

namespace scalelab::sim {

SessionStore::SessionStore(std::string id, Config config)
    : ServerPool(std::move(id), "session_store", config.capacity), m_config(config),
      m_store(config.sessions, KeyStore::Eviction::Lru)
{}

Time SessionStore::serviceTime(Engine &, std::uint32_t)
{
    return m_config.service.sample(rng());
}

void SessionStore::serviceDone(Engine &engine, std::uint32_t request)
{
    const Request &r = engine.requests()[request];
    const bool counted = r.top().arrivedAt >= statistics().windowStart;
    if (m_store.get(r.user, engine.now())) {
        if (counted)
            ++m_lookups.hits;
        finish(engine, request, ReplyOk | ReplyHit);
        return;
    }
    // No session: log the user in (a new session). If they had one before, it was lost.
    std::vector<bool> &everLoggedIn = *m_everLoggedIn;
    if (everLoggedIn.size() <= r.user)
        everLoggedIn.resize(static_cast<std::size_t>(r.user) + 1, false);
    const bool lost = everLoggedIn[r.user];
    everLoggedIn[r.user] = true;
    const bool evicted = m_store.put(r.user, engine.now(), rng());
    if (counted) {
        ++m_lookups.misses;
        ++m_created;
        m_lost += lost ? 1 : 0;
        m_lookups.evictions += evicted ? 1 : 0;
    }
    finish(engine, request, lost ? (ReplyOk | ReplySessionLost) : std::uint32_t{ReplyOk});
}

void SessionStore::shareLogins(Engine &engine, SessionStore &a, SessionStore &b)
{
    if (a.m_everLoggedIn == b.m_everLoggedIn)
        return;
    const std::shared_ptr<std::vector<bool>> joined = a.m_everLoggedIn;
    const std::shared_ptr<std::vector<bool>> old = b.m_everLoggedIn;
    if (joined->size() < old->size())
        joined->resize(old->size(), false);
    for (std::size_t user = 0; user < old->size(); ++user) {
        if ((*old)[user])
            (*joined)[user] = true;
    }
    // Every store that shared b's record (through another web tier) joins too.
    for (std::uint32_t i = 0; i < engine.componentCount(); ++i) {
        auto *store = dynamic_cast<SessionStore *>(&engine.component(i));
        if (store && store->m_everLoggedIn == old)
            store->m_everLoggedIn = joined;
    }
}

bool SessionStore::flush(Engine &engine)
{
    m_store.clear();
    engine.stateChanged(index(), "flushed: every session is gone");
    return true;
}

bool SessionStore::fail(Engine &engine, int instance)
{
    // An in-memory store loses what it held.
    m_store.clear();
    return ServerPool::fail(engine, instance);
}

void SessionStore::resetStatistics(Time now)
{
    ServerPool::resetStatistics(now);
    m_lookups = HitCounters{};
    m_created = m_lost = 0;
}

void SessionStore::merge(const Component &other, Time otherNow)
{
    ServerPool::merge(other, otherNow);
    const auto &o = static_cast<const SessionStore &>(other);
    m_lookups.merge(o.m_lookups);
    m_created += o.m_created;
    m_lost += o.m_lost;
}

void SessionStore::report(Time now, Metrics &out) const
{
    ServerPool::report(now, out);
    m_lookups.report(out);
    out.add("sessions_created", m_created);
    out.add("sessions_lost", m_lost);
    out.add("sessions_held", static_cast<std::uint64_t>(m_store.size()));
}

} // namespace scalelab::sim
