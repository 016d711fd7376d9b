#pragma once

#include "sim/request.h"

#include <cstdint>
#include <string>

namespace scalelab::sim {

// The decision behind one hop of a traced request, as facts: core/model/explanations says it in
// words ("lb picked web instance 3: least connections, 2 open"). Only a trace asks.
struct HopFact {
    enum class Code : std::uint8_t {
        Send,         // `from` sends an `operation` (a `kind` request) for `key` to `to`
        Answer,       // `from` answers `to`
        Fail,         // `from` fails the `operation` back to `to`
        BalancerPick, // `from` picked `to` by `pick`
        CacheHit,     // a cache lookup of `key` hit
        CacheMiss,    // ... missed
        EdgeHit,      // a CDN served `key` (the object) from the edge
        EdgeFetch,    // a CDN missed `key` and fetches it from `to`, the origin
        ShardRoute,   // `from` routes `key` (or `user`) to the shard `to` by `strategy`
    };
    enum class Pick : std::uint8_t { RoundRobin, Random, LeastConnections, IpHash };
    enum class Strategy : std::uint8_t { HashMod, ConsistentHash, Range };

    Code code = Code::Send;
    std::string from;
    std::string to;
    Operation operation = Operation::Serve;
    RequestKind kind = RequestKind::Read;
    std::uint64_t key = 0;
    std::uint32_t user = 0;
    int instance = 0; // the instance named (1-based), 0 when none is

    Pick pick = Pick::RoundRobin;
    int healthy = 0; // healthy backends the balancer chose among
    int open = 0;    // connections open to the pick before this one

    Strategy strategy = Strategy::HashMod;
    bool byUser = false;
};

} // namespace scalelab::sim
