#pragma once

#include <cstdint>
#include <string>

namespace scalelab::sim {

// What keeps a component busy, as facts rather than words: the engine states them, and
// core/model/explanations turns them into a (translatable) sentence with advice. Only a run's end
// or a live bottleneck story asks, so computing one costs a run nothing.
struct LoadFact {
    enum class Code : std::uint8_t {
        Busy,        // busy `busy` of the time, nothing known about its work
        BusyPool,    // a server pool: busy `busy`, mostly doing `work` (`workShare` of it)
        Connections, // a balancer: `busy` of its connection limit open on average
        EdgeHits,    // a CDN: `edgeHits` of its `edgeLookups` served from the edge
        Backlog,     // a queue: its backlog over time and now
        NamesTheWay, // DNS: answers with targets, the load falls on them
    };
    // The largest class of a pool's work, as the sentence names it.
    enum class Work : std::uint8_t {
        None, // no work done yet
        StaticRequests,
        Reads,
        Writes,
        Jobs,
        Lookups,
        Fills,
        Deletes,
        Requests,
    };

    Code code = Code::Busy;
    std::string component; // its id
    std::string type;      // its type ("database"): whose advice applies
    double busy = 0;       // busy share (0..1) the sentence states

    Work work = Work::None;
    double workShare = 0; // of all its core time (0..1)

    // What decides a database's advice: callers that ask a cache first need a better hit ratio
    // rather than a cache, a replica set grows by replicas, and a shard is split already.
    bool calledThroughCache = false;
    bool hasReplicas = false;
    bool isReplica = false;
    bool isShard = false;

    std::uint64_t edgeHits = 0;    // CDN: lookups served from the edge
    std::uint64_t edgeLookups = 0; // all its lookups

    double backlogMean = 0;      // queue: jobs waiting on average
    std::int64_t backlogNow = 0; // jobs waiting now
    std::int64_t capacity = 0;   // room for this many; 0: no limit
    bool growing = false;        // the backlog now is far above its mean
    bool refusing = false;       // it refused jobs because it was full
};

} // namespace scalelab::sim
