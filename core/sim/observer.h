#pragma once

#include "sim/future_event_set.h"
#include "sim/request.h"
#include "sim/time.h"

#include <cstdint>
#include <string_view>

namespace scalelab::sim {

// How the engine reports to whatever runs it (the idea of OMNeT++'s cEnvir): the command line
// implements it with a progress reporter, the workbench by sampling snapshots, a trace by
// following one request's hops. The engine calls nothing else outside itself.
class Observer {
public:
    virtual ~Observer() = default;

    // Every event, before it is handled; only when the engine was told to report events.
    virtual void onEvent(const Event &) {}
    // A request leaves `from` for `to` (a send) or returns to `to` (a reply); only when reporting
    // events or when the request is traced.
    struct Hop {
        Time at = 0;
        std::uint32_t request = 0;
        std::uint32_t from = 0;
        std::uint32_t to = 0;
        bool isReply = false;
        std::uint32_t flags = 0; // a reply's ReplyFlag bits
        // The callee's frame: just pushed by a send (its arrival time, instance), or just popped
        // by a reply (when it arrived there).
        const Frame *frame = nullptr;
    };
    virtual void onHop(const Hop &) {}
    // A traced request starts its service at a pool's core, for `serviceTime`: what it waited
    // before is queueing.
    virtual void onServiceStart(Time, std::uint32_t /*request*/, std::uint32_t /*component*/,
                                Time /*serviceTime*/)
    {}
    // A component changed state: failed, recovered, slowed, flushed, a backend marked down...
    virtual void onStateChange(Time, std::uint32_t /*component*/, std::string_view /*what*/) {}
    // Called every few tens of thousands of events, for progress bars and pacing.
    virtual void onProgress(Time /*now*/, std::uint64_t /*events*/) {}
};

} // namespace scalelab::sim
