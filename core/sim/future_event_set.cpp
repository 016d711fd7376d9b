#include "sim/future_event_set.h"

namespace scalelab::sim {

namespace {
constexpr std::size_t kArity = 4; // shallower than binary, and four children share a cache line
}

void FutureEventSet::pushHeap(const Event &event)
{
    std::size_t i = m_heap.size();
    m_heap.push_back(event);
    while (i > 0) {
        const std::size_t parent = (i - 1) / kArity;
        if (!before(event, m_heap[parent]))
            break;
        m_heap[i] = m_heap[parent];
        i = parent;
    }
    m_heap[i] = event;
}

Event FutureEventSet::popHeap()
{
    const Event top = m_heap.front();
    const Event last = m_heap.back();
    m_heap.pop_back();
    const std::size_t n = m_heap.size();
    if (n == 0)
        return top;
    std::size_t i = 0;
    for (;;) {
        const std::size_t first = i * kArity + 1;
        if (first >= n)
            break;
        std::size_t best = first;
        const std::size_t end = first + kArity < n ? first + kArity : n;
        for (std::size_t c = first + 1; c < end; ++c)
            if (before(m_heap[c], m_heap[best]))
                best = c;
        if (!before(m_heap[best], last))
            break;
        m_heap[i] = m_heap[best];
        i = best;
    }
    m_heap[i] = last;
    return top;
}

} // namespace scalelab::sim
