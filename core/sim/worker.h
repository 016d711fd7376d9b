#pragma once

#include "sim/distribution.h"
#include "sim/server_pool.h"

#include <vector>

namespace scalelab::sim {

// Background workers: `count` instances of `cores` each, taking jobs from the queues linked to
// them. A queue hands a job to a core only when that core is free (the worker pulls), so the jobs
// wait in the queue's backlog, not here; each job costs one `service_ms` on a core and is then
// acknowledged to its queue by the reply.
class Worker : public ServerPool {
public:
    struct Config {
        Capacity capacity;
        Distribution service = Distribution::exponential(100.0 * kNanosecondsPerMillisecond);
    };

    Worker(std::string id, Config config);

    void start(Engine &engine) override;
    bool recover(Engine &engine, int instance) override;

protected:
    Time serviceTime(Engine &engine, std::uint32_t request) override;
    void serviceDone(Engine &engine, std::uint32_t request) override;
    LoadFact::Work workNamed(int workClass) const override;

private:
    Config m_config;
    std::vector<std::uint32_t> m_queues; // the queues that deliver to us
};

} // namespace scalelab::sim
