#include "sim/web_server.h"

#include "sim/engine.h"
#include "sim/session_store.h"

namespace scalelab::sim {

WebServer::WebServer(std::string id, Config config)
    : ServerPool(std::move(id), "web_server", config.capacity, config.autoscale), m_config(config)
{}

void WebServer::start(Engine &engine)
{
    ServerPool::start(engine);
    for (const std::uint32_t l : outLinks()) {
        const std::string &type = engine.component(engine.link(l).to).type();
        if (type == "cache")
            m_caches.push_back(l);
        else if (type == "database" && m_databaseLink == UINT32_MAX)
            m_databaseLink = l;
        else if (type == "session_store")
            m_sessionStores.push_back(l);
        else if (type == "queue")
            m_queues.push_back(l);
        else if (type == "shard_router")
            m_routers.push_back(l);
    }
    // A user's session cookie goes with the user: the store standing by does not know the
    // session, so a user who had one on the failed store is logged out there, not welcomed as new.
    for (std::size_t i = 1; i < m_sessionStores.size(); ++i)
        SessionStore::shareLogins(
            engine,
            static_cast<SessionStore &>(engine.component(engine.link(m_sessionStores[0]).to)),
            static_cast<SessionStore &>(engine.component(engine.link(m_sessionStores[i]).to)));
}

void WebServer::resetStatistics(Time now)
{
    ServerPool::resetStatistics(now);
    m_sessionsLost = 0;
}

void WebServer::merge(const Component &other, Time otherNow)
{
    ServerPool::merge(other, otherNow);
    m_sessionsLost += static_cast<const WebServer &>(other).m_sessionsLost;
}

void WebServer::report(Time now, Metrics &out) const
{
    ServerPool::report(now, out);
    if (m_config.sessions != Sessions::None)
        out.add("sessions_lost", m_sessionsLost);
}

bool WebServer::sessionMoved(const Request &request)
{
    const Frame &f = request.top();
    const std::uint32_t here = f.instance | (f.generation << 16);
    const std::uint32_t there = m_localSessions.find(request.user);
    if (there == here)
        return false;
    if (there == KeyIndex::kAbsent) {
        m_localSessions.insert(request.user, here); // first visit: log in here
        return false;
    }
    // The session lives on another instance, or on this one before it failed: logged out, and
    // logged in again here.
    m_localSessions.assign(request.user, here);
    return true;
}

Time WebServer::serviceTime(Engine &engine, std::uint32_t request)
{
    Time t = m_config.service.sample(rng());
    // Without a queue to hand it to, slow work is done right here, on a core.
    if (engine.requests()[request].kind == RequestKind::Job && m_queues.empty())
        t += m_config.job.sample(rng());
    return t;
}

void WebServer::call(Engine &engine, std::uint32_t request, std::uint32_t link, Phase phase,
                     Operation operation)
{
    Request &r = engine.requests()[request];
    r.top().phase = phase;
    r.operation = operation;
    if (!engine.send(request, link))
        finish(engine, request, 0); // too deep: a request cycle
}

std::uint32_t WebServer::endpoint(const Engine &engine,
                                  const std::vector<std::uint32_t> &links) const
{
    if (links.size() <= 1)
        return links.empty() ? UINT32_MAX : links.front();
    // The client library knows every endpoint (a Redis or memcached client's server list, a
    // queue client's brokers, the routers of a sharded database) and moves on to the next when a
    // connection is refused. Nothing listens on a failed component, so the refusal comes at
    // once: the call lands on the first one that is up, without a delay worth modelling. One on
    // the far side of a partition cannot be reached either.
    const int here = engine.region(index());
    for (const std::uint32_t l : links) {
        const std::uint32_t to = engine.link(l).to;
        if (engine.partitioned(here, engine.region(to)))
            continue;
        const Component &c = engine.component(to);
        for (int k = 0; k < c.instanceCount(); ++k) {
            if (c.instanceUp(k))
                return l;
        }
    }
    return links.front();
}

std::uint32_t WebServer::dataLink(const Engine &engine) const
{
    // Sharded data: the router stands for the database, reads and writes go through it.
    return m_databaseLink != UINT32_MAX ? m_databaseLink : endpoint(engine, m_routers);
}

void WebServer::readFromDatabase(Engine &engine, std::uint32_t request)
{
    if (const std::uint32_t link = dataLink(engine); link != UINT32_MAX)
        call(engine, request, link, kDatabaseRead, Operation::Serve);
    else
        finish(engine, request, ReplyOk); // no data tier: the server has the answer itself
}

void WebServer::serviceDone(Engine &engine, std::uint32_t request)
{
    switch (m_config.sessions) {
    case Sessions::None:
        break;
    case Sessions::Local: {
        const Request &r = engine.requests()[request];
        if (sessionMoved(r) && r.top().arrivedAt >= statistics().windowStart)
            ++m_sessionsLost;
        break;
    }
    case Sessions::Store:
        if (!m_sessionStores.empty()) {
            call(engine, request, endpoint(engine, m_sessionStores), kSession,
                 Operation::SessionGet);
            return;
        }
        break;
    }
    serveKind(engine, request);
}

void WebServer::serveKind(Engine &engine, std::uint32_t request)
{
    switch (engine.requests()[request].kind) {
    case RequestKind::Job:
        // Published, the job is the workers' business: the user waits only for the queue's answer.
        if (!m_queues.empty())
            call(engine, request, endpoint(engine, m_queues), kPublish, Operation::Publish);
        else
            finish(engine, request, ReplyOk);
        break;
    case RequestKind::Static:
        finish(engine, request, ReplyOk);
        break;
    case RequestKind::Read:
        if (!m_caches.empty())
            call(engine, request, endpoint(engine, m_caches), kCacheGet, Operation::CacheGet);
        else
            readFromDatabase(engine, request);
        break;
    case RequestKind::Write:
        if (const std::uint32_t link = dataLink(engine); link != UINT32_MAX)
            call(engine, request, link, kDatabaseWrite, Operation::Serve);
        else
            finish(engine, request, ReplyOk);
        break;
    }
}

void WebServer::downstreamReply(Engine &engine, std::uint32_t request, std::uint32_t flags)
{
    const bool ok = flags & ReplyOk;
    switch (engine.requests()[request].top().phase) {
    case kSession:
        // Without its session the request cannot be served: the store is on the critical path.
        if (!ok) {
            finish(engine, request, 0);
            break;
        }
        if ((flags & ReplySessionLost) &&
            engine.requests()[request].top().arrivedAt >= statistics().windowStart)
            ++m_sessionsLost;
        serveKind(engine, request);
        break;
    case kCacheGet:
        // Cache-aside: a cache that fails to answer is treated as a miss, not as an error.
        if (ok && (flags & ReplyHit))
            finish(engine, request, ReplyOk);
        else
            readFromDatabase(engine, request);
        break;
    case kDatabaseRead:
        if (!ok)
            finish(engine, request, 0);
        else if (!m_caches.empty())
            call(engine, request, endpoint(engine, m_caches), kCacheFill, Operation::CacheSet);
        else
            finish(engine, request, ReplyOk);
        break;
    case kDatabaseWrite:
        if (!ok)
            finish(engine, request, 0);
        else if (!m_caches.empty())
            call(engine, request, endpoint(engine, m_caches), kCacheDelete, Operation::CacheDelete);
        else
            finish(engine, request, ReplyOk);
        break;
    case kPublish: // a full (or failed) queue refuses the job: the user gets an error
        finish(engine, request, ok ? std::uint32_t{ReplyOk} : 0u);
        break;
    case kCacheFill:
    case kCacheDelete:
        // The data is safe in the database; a failed fill or delete only costs freshness.
        finish(engine, request, ReplyOk);
        break;
    default:
        finish(engine, request, flags);
        break;
    }
}

} // namespace scalelab::sim
