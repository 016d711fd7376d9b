#pragma once

#include "sim/distribution.h"
#include "sim/hit_counters.h"
#include "sim/key_store.h"
#include "sim/server_pool.h"

#include <memory>
#include <vector>

namespace scalelab::sim {

// Reply flag of a session lookup: the user had a session and it is gone (evicted, flushed, lost
// in a failure), so the user was logged out.
constexpr std::uint32_t ReplySessionLost = 1u << 2;

// A shared store of user sessions (a Redis in front of a stateless web tier): a bounded set of
// sessions with LRU eviction. Every request's web server reads its user's session here; a user
// without one gets a new one, and one whose session is gone is logged out.
class SessionStore : public ServerPool {
public:
    struct Config {
        Capacity capacity;
        Distribution service;
        std::size_t sessions = 100000;
    };

    SessionStore(std::string id, Config config);

    void resetStatistics(Time now) override;
    void merge(const Component &other, Time otherNow) override;
    void report(Time now, Metrics &out) const override;
    bool flush(Engine &engine) override;
    bool fail(Engine &engine, int instance) override;

    // Makes the stores one web tier fails over between know the same users as logged in: a
    // user's session cookie goes with the user, so a user whose session another store held is
    // logged out when this one does not have it, not welcomed as a new user. Before the run.
    static void shareLogins(Engine &engine, SessionStore &a, SessionStore &b);

protected:
    Time serviceTime(Engine &engine, std::uint32_t request) override;
    void serviceDone(Engine &engine, std::uint32_t request) override;

private:
    Config m_config;
    KeyStore m_store;
    // By user id: had a session once (holds a session cookie), so a miss logs them out. Shared
    // with the stores that stand by for this one, or that it stands by for.
    std::shared_ptr<std::vector<bool>> m_everLoggedIn = std::make_shared<std::vector<bool>>();
    HitCounters m_lookups;
    std::uint64_t m_created = 0, m_lost = 0;
};

} // namespace scalelab::sim
