#pragma once

#include "sim/time.h"

#include <cstdint>
#include <vector>

namespace scalelab::sim {

// A small plain event: 32 bytes, no allocation, no callable. `target` is a component index,
// `kind` says what happened to it, `request` addresses the request pool, `aux` is kind-specific.
struct Event {
    Time time = 0;
    std::uint64_t sequence = 0;
    std::uint32_t target = 0;
    std::uint32_t kind = 0;
    std::uint32_t request = 0;
    std::uint32_t aux = 0;
};

// The future event set: a 4-ary min-heap on (time, sequence) with a FIFO in front for events at
// the current instant. Most zero-latency hops land in the FIFO and never touch the heap. Events
// already in the heap for the current instant were scheduled earlier (smaller sequence), so they
// leave before the FIFO's and the order stays exactly (time, sequence).
class FutureEventSet {
public:
    bool empty() const { return m_heap.empty() && m_fifoHead == m_fifo.size(); }
    std::size_t size() const { return m_heap.size() + (m_fifo.size() - m_fifoHead); }

    // `now` is the clock: an event at `now` goes to the FIFO.
    void push(const Event &event, Time now)
    {
        if (event.time == now)
            m_fifo.push_back(event);
        else
            pushHeap(event);
    }

    // The earliest event; the set must not be empty.
    Time peekTime() const
    {
        if (!m_heap.empty() &&
            (m_fifoHead == m_fifo.size() || m_heap.front().time <= m_fifo[m_fifoHead].time))
            return m_heap.front().time;
        return m_fifo[m_fifoHead].time;
    }

    Event pop()
    {
        if (m_fifoHead != m_fifo.size() &&
            (m_heap.empty() || m_heap.front().time > m_fifo[m_fifoHead].time)) {
            Event e = m_fifo[m_fifoHead++];
            if (m_fifoHead == m_fifo.size()) {
                m_fifo.clear();
                m_fifoHead = 0;
            }
            return e;
        }
        return popHeap();
    }

    void clear()
    {
        m_heap.clear();
        m_fifo.clear();
        m_fifoHead = 0;
    }

private:
    static bool before(const Event &a, const Event &b)
    {
        return a.time < b.time || (a.time == b.time && a.sequence < b.sequence);
    }
    void pushHeap(const Event &event);
    Event popHeap();

    std::vector<Event> m_heap;
    std::vector<Event> m_fifo;
    std::size_t m_fifoHead = 0;
};

} // namespace scalelab::sim
