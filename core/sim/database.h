#pragma once

#include "sim/distribution.h"
#include "sim/server_pool.h"

#include <unordered_map>

namespace scalelab::sim {

// A database server: reads cost `read_ms` and writes `write_ms` on one of its cores, behind an
// optional connection limit and waiting line. It keeps a version per key, bumped by each write,
// which replication will compare to tell a stale read.
class Database : public ServerPool {
public:
    struct Config {
        Capacity capacity;
        Distribution read;
        Distribution write;
    };

    Database(std::string id, Config config);

    void report(Time now, Metrics &out) const override;
    std::string explainLoad(Time now) const override;
    std::uint64_t version(std::uint64_t key) const;

protected:
    Time serviceTime(Engine &engine, std::uint32_t request) override;
    void serviceDone(Engine &engine, std::uint32_t request) override;

private:
    Config m_config;
    std::unordered_map<std::uint64_t, std::uint64_t> m_versions;
};

} // namespace scalelab::sim
