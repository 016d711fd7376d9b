#include "sim/worker.h"

#include "sim/engine.h"
#include "sim/queue.h"

namespace scalelab::sim {

Worker::Worker(std::string id, Config config)
    : ServerPool(std::move(id), "worker", config.capacity), m_config(config)
{}

void Worker::start(Engine &engine)
{
    ServerPool::start(engine);
    // Links point from a queue to its workers; a recovered worker has to find its queues to
    // start pulling again.
    for (std::uint32_t c = 0; c < engine.componentCount(); ++c) {
        const Component &other = engine.component(c);
        if (other.type() != "queue")
            continue;
        for (const std::uint32_t l : other.outLinks()) {
            if (engine.link(l).to == index()) {
                m_queues.push_back(c);
                break;
            }
        }
    }
}

Time Worker::serviceTime(Engine &, std::uint32_t)
{
    return m_config.service.sample(rng());
}

void Worker::serviceDone(Engine &engine, std::uint32_t request)
{
    finish(engine, request, ReplyOk); // the reply is the acknowledgement
}

LoadFact::Work Worker::workNamed(int) const
{
    return LoadFact::Work::Jobs;
}

bool Worker::recover(Engine &engine, int instance)
{
    ServerPool::recover(engine, instance);
    for (const std::uint32_t q : m_queues)
        engine.schedule(engine.now(), q, MessageQueue::kConsumerReady);
    return true;
}

} // namespace scalelab::sim
