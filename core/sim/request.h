#pragma once

#include "sim/time.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace scalelab::sim {

enum class RequestKind : std::uint8_t { Static, Read, Write, Job };
constexpr int kRequestKinds = 4;
const char *requestKindName(RequestKind kind);

// What a caller asks of the component it sends a request to.
enum class Operation : std::uint8_t {
    Serve,       // do what the request's kind asks
    CacheGet,    // cache, cdn: a lookup
    CacheSet,    // cache: a fill after a miss
    CacheDelete, // cache: an invalidation after a write
    Publish,     // queue: enqueue a job and answer at once
    SessionGet,  // session store: read the user's session
    SessionSet,  // session store: create the user's session
    Apply,       // replica: apply a write shipped by its primary
    Deliver,     // worker: process a job taken from a queue
};

// Flags carried by a reply.
enum ReplyFlag : std::uint32_t { ReplyOk = 1u << 0, ReplyHit = 1u << 1 };

// Where a request is on its way: one frame per component that holds it, innermost last. The
// caller pushes the callee's frame when it sends, the callee pops it when it replies, and the
// reply goes to the component of the frame below.
struct Frame {
    std::uint32_t component = 0;
    std::uint32_t link = 0; // the link the request came in by (Engine::kNoLink: sent directly)
    Time hopLatency = 0;    // latency of the hop in, paid again by the reply
    Time arrivedAt = 0;     // arrival at this component
    Time mark = 0;          // component-specific instant (start of service, of a call, ...)
    std::uint32_t generation = 0; // the instance's failure generation when the request entered
    std::uint16_t instance = 0;
    std::uint16_t phase = 0; // component-specific step of the request's handling
    std::uint32_t count = 0; // component-specific counter (acknowledgements awaited, ...)
};

struct Request {
    // Deep enough for the chapter's longest path (client, dns or cdn, balancer, web, router, shard,
    // replica) with room to spare; a deeper request is taken for a request cycle.
    static constexpr int kMaxDepth = 10;

    std::uint64_t key = 0;
    std::uint32_t user = 0;
    std::uint32_t version = 0; // databases: the version of the key a write produced
    RequestKind kind = RequestKind::Read;
    Operation operation = Operation::Serve;
    std::uint8_t depth = 0; // frames in use
    bool traced = false;
    std::int16_t region = -1; // the client's region: where a regionless hop (dns, cdn) starts
    Frame frames[kMaxDepth];

    Frame &top() { return frames[depth - 1]; }
    const Frame &top() const { return frames[depth - 1]; }
    Time createdAt() const { return frames[0].arrivedAt; }
};

// Requests live in a pool addressed by 32-bit ids, recycled through a free list: no allocation per
// request once the pool has grown to the number in flight. The pool grows by blocks, so growing
// never copies the requests already there (an overloaded model can hold millions in its queues)
// and a reference stays valid while its request is in use.
class RequestPool {
public:
    std::uint32_t acquire()
    {
        if (!m_free.empty()) {
            const std::uint32_t id = m_free.back();
            m_free.pop_back();
            return id;
        }
        if ((m_size & (kBlockSize - 1)) == 0)
            m_blocks.push_back(std::make_unique<Request[]>(kBlockSize));
        return m_size++;
    }
    void release(std::uint32_t id) { m_free.push_back(id); }
    Request &operator[](std::uint32_t id)
    {
        return m_blocks[id >> kBlockBits][id & (kBlockSize - 1)];
    }
    const Request &operator[](std::uint32_t id) const
    {
        return m_blocks[id >> kBlockBits][id & (kBlockSize - 1)];
    }
    std::size_t inFlight() const { return m_size - m_free.size(); }
    std::size_t capacity() const { return m_size; }

private:
    static constexpr std::uint32_t kBlockBits = 12;
    static constexpr std::uint32_t kBlockSize = 1u << kBlockBits;

    std::vector<std::unique_ptr<Request[]>> m_blocks;
    std::uint32_t m_size = 0;
    std::vector<std::uint32_t> m_free;
};

} // namespace scalelab::sim
