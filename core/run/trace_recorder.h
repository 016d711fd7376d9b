#pragma once

#include "run_snapshot.h"

#include "sim/observer.h"
#include "sim/time.h"

#include <QString>

#include <cstdint>
#include <functional>
#include <memory>

namespace scalelab::sim {
class Engine;
}

namespace scalelab::run {

// Follows one traced request through the engine's hops and service starts and keeps its trace
// for the waterfall: where it stayed, how long it queued and was served, and why each hop went
// where it did. The engine is told to trace by the caller; the recorder only watches.
class TraceRecorder {
public:
    // A line for the event log, about `component`.
    using Note = std::function<void(const QString &component, const QString &text)>;

    explicit TraceRecorder(Note note = {});

    // Forgets the request followed and any awaited.
    void clear();
    // The next request the engine traces is the one to follow.
    void awaitNext() { m_awaiting = true; }
    bool awaiting() const { return m_awaiting; }
    bool tracing() const { return m_tracing; }
    // Following a request that has not finished, or waiting for one to start.
    bool busy() const { return m_awaiting || (m_tracing && !m_trace.finished); }
    const Trace &trace() const { return m_trace; }

    // From the engine's observer. True when the hop was the followed request's and is recorded.
    bool onHop(const sim::Engine &engine, const sim::Observer::Hop &hop);
    void onServiceStart(const sim::Engine &engine, sim::Time at, std::uint32_t request,
                        std::uint32_t component, sim::Time serviceTime);

    // The trace to hand out: a fresh immutable copy only when it changed since the last call.
    std::shared_ptr<const Trace> published();

private:
    Note m_note;
    bool m_awaiting = false;
    bool m_tracing = false;
    Trace m_trace;
    std::shared_ptr<const Trace> m_published;
    bool m_changed = false;
};

} // namespace scalelab::run
