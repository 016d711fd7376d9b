#include "sim/database.h"

#include "sim/engine.h"

namespace scalelab::sim {

Database::Database(std::string id, Config config)
    : ServerPool(std::move(id), "database", config.capacity), m_config(config)
{}

Time Database::serviceTime(Engine &engine, std::uint32_t request)
{
    return engine.requests()[request].kind == RequestKind::Write ? m_config.write.sample(rng())
                                                                 : m_config.read.sample(rng());
}

void Database::serviceDone(Engine &engine, std::uint32_t request)
{
    const Request &r = engine.requests()[request];
    if (r.kind == RequestKind::Write)
        ++m_versions[r.key];
    finish(engine, request, ReplyOk);
}

std::uint64_t Database::version(std::uint64_t key) const
{
    const auto it = m_versions.find(key);
    return it == m_versions.end() ? 0 : it->second;
}

void Database::report(Time now, Metrics &out) const
{
    ServerPool::report(now, out);
    out.add("keys_written", static_cast<std::uint64_t>(m_versions.size()));
}

std::string Database::explainLoad(Time now) const
{
    std::string s = ServerPool::explainLoad(now);
    const auto &work = statistics().work;
    const double reads = work[static_cast<std::size_t>(RequestKind::Read)];
    const double writes = work[static_cast<std::size_t>(RequestKind::Write)];
    if (reads >= writes)
        s += "; a cache or read replicas would take reads off it";
    else
        s += "; writes only scale by splitting the data: shard it";
    return s;
}

} // namespace scalelab::sim
