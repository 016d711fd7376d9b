#pragma once

#include "sim/distribution.h"
#include "sim/key_store.h"
#include "sim/server_pool.h"

#include <vector>

namespace scalelab::sim {

// The web tier: `count` instances with `cores` each. Every request costs one service time on a
// core; then, holding its concurrency slot but no core, a read asks the cache and on a miss the
// database (and fills the cache), a write goes to the database and deletes the cached key, a job
// is published to a linked queue (or, without one, costs `job_ms` of core time inline), a static
// request is answered at once.
// Sessions: `local` keeps each user's session on the instance that created it, so a request that
// lands elsewhere (or after that instance failed) logs the user out; `store` reads the session
// from a shared session store on every request, so any instance can serve any user.
// Two or more caches, session stores, queues or shard routers linked from it are endpoints of one
// service, in link order: each call goes to the first one that is up, the others stand by. Two
// databases are not: a database that is not in the first one's replica set does not hold its
// data, so only the first database linked is used (its replica set fails over by itself).
class WebServer : public ServerPool {
public:
    enum class Sessions { None, Local, Store };

    struct Config {
        Capacity capacity;
        Distribution service;
        Distribution job;
        Sessions sessions = Sessions::None;
        Autoscale autoscale;
    };

    WebServer(std::string id, Config config);

    void start(Engine &engine) override;
    void resetStatistics(Time now) override;
    void merge(const Component &other, Time otherNow) override;
    void report(Time now, Metrics &out) const override;

protected:
    Time serviceTime(Engine &engine, std::uint32_t request) override;
    void serviceDone(Engine &engine, std::uint32_t request) override;
    void downstreamReply(Engine &engine, std::uint32_t request, std::uint32_t flags) override;

private:
    enum Phase : std::uint16_t {
        kCacheGet = 1,
        kDatabaseRead,
        kCacheFill,
        kDatabaseWrite,
        kCacheDelete,
        kSession,
        kPublish,
    };

    void call(Engine &engine, std::uint32_t request, std::uint32_t link, Phase phase,
              Operation operation);
    // Of the links to one kind of downstream, the one a call takes now: the first whose
    // component is up; the first when none is (the call fails there, as with a single one).
    std::uint32_t endpoint(const Engine &engine, const std::vector<std::uint32_t> &links) const;
    // Where reads and writes go: the first database, or else a shard router.
    std::uint32_t dataLink(const Engine &engine) const;
    void readFromDatabase(Engine &engine, std::uint32_t request);
    // After the session is settled: the work the request's kind asks for.
    void serveKind(Engine &engine, std::uint32_t request);
    // Local sessions: true when the user had a session on another (or a failed) instance.
    bool sessionMoved(const Request &request);

    Config m_config;
    // Links to each kind of downstream, in link order.
    std::vector<std::uint32_t> m_caches;
    std::vector<std::uint32_t> m_sessionStores;
    std::vector<std::uint32_t> m_queues;
    std::vector<std::uint32_t> m_routers;
    std::uint32_t m_databaseLink = UINT32_MAX;
    KeyIndex m_localSessions; // user -> instance (low 16 bits) and its failure generation
    std::uint64_t m_sessionsLost = 0;
};

} // namespace scalelab::sim
