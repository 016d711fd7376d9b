#pragma once

#include "sim/distribution.h"
#include "sim/server_pool.h"

namespace scalelab::sim {

// The web tier: `count` instances with `cores` each. Every request costs one service time on a
// core; then, holding its concurrency slot but no core, a read asks the cache and on a miss the
// database (and fills the cache), a write goes to the database and deletes the cached key, a job
// costs `job_ms` of core time inline, a static request is answered at once.
class WebServer : public ServerPool {
public:
    struct Config {
        Capacity capacity;
        Distribution service;
        Distribution job;
    };

    WebServer(std::string id, Config config);

    void start(Engine &engine) override;
    std::string explainLoad(Time now) const override;

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
        kCacheDelete
    };

    void call(Engine &engine, std::uint32_t request, std::uint32_t link, Phase phase,
              Operation operation);
    void readFromDatabase(Engine &engine, std::uint32_t request);

    Config m_config;
    std::uint32_t m_cacheLink = UINT32_MAX;
    std::uint32_t m_databaseLink = UINT32_MAX;
};

} // namespace scalelab::sim
