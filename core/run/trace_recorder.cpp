#include "trace_recorder.h"

#include "model/explanations.h"

#include "sim/engine.h"

#include <cmath>
#include <utility>

namespace scalelab::run {

namespace {

QString idOf(const sim::Engine &engine, std::uint32_t component)
{
    return QString::fromStdString(engine.component(component).id());
}

} // namespace

TraceRecorder::TraceRecorder(Note note) : m_note(std::move(note))
{}

void TraceRecorder::clear()
{
    m_awaiting = m_tracing = m_changed = false;
    m_trace = Trace{};
    m_published.reset();
}

bool TraceRecorder::onHop(const sim::Engine &engine, const sim::Observer::Hop &hop)
{
    const sim::Request &r = engine.requests()[hop.request];
    if (!m_tracing || hop.request != m_trace.request || m_trace.finished) {
        // A new traced request shows itself by its first hop, out of its client.
        const bool first =
            !hop.isReply && r.depth == 2 && engine.component(hop.from).type() == "client";
        if (!m_awaiting || !first)
            return false;
        m_awaiting = false;
        m_tracing = true;
        m_trace = Trace{};
        m_trace.request = hop.request;
        m_trace.kind = QString::fromLatin1(sim::requestKindName(r.kind));
        m_trace.startS = sim::toSeconds(r.createdAt());
        TraceSpan client;
        client.component = idOf(engine, hop.from);
        client.arrivedS = m_trace.startS;
        m_trace.spans << client;
    }
    const double at = sim::toSeconds(hop.at);
    TraceHop h;
    h.atS = at;
    h.from = idOf(engine, hop.from);
    h.to = idOf(engine, hop.to);
    h.isReply = hop.isReply;
    h.explanation = model::Explanations::hop(engine.component(hop.from).hopFact(engine, hop));
    m_trace.hops << h;
    if (m_note)
        m_note(h.from, h.explanation);
    if (!hop.isReply) {
        TraceSpan span;
        span.component = h.to;
        // A balancer names an instance as its number + 1 (0 leaves the choice to the pool); the
        // pool's own frame says which one took it once it arrived (below and at the reply).
        span.instance = hop.frame && hop.frame->instance > 0 ? hop.frame->instance - 1 : 0;
        span.depth = r.depth - 1;
        span.arrivedS = hop.frame ? sim::toSeconds(hop.frame->arrivedAt) : at;
        m_trace.spans << span;
    } else {
        // The reply pops the callee's frame: its span is the innermost open one at that depth.
        for (auto it = m_trace.spans.rbegin(); it != m_trace.spans.rend(); ++it) {
            if (it->depth == r.depth && std::isnan(it->leftS)) {
                it->leftS = at;
                if (hop.frame && engine.component(hop.from).instanceCount() > 1)
                    it->instance = hop.frame->instance;
                it->ok = (hop.flags & sim::ReplyOk) != 0;
                break;
            }
        }
        if (r.depth == 1) { // back at the client
            m_trace.finished = true;
            m_trace.ok = (hop.flags & sim::ReplyOk) != 0;
            m_trace.endS = at + (hop.frame ? sim::toSeconds(hop.frame->hopLatency) : 0);
            m_trace.spans.first().leftS = m_trace.endS;
            m_trace.spans.first().ok = m_trace.ok;
            if (m_note)
                m_note(h.to, QStringLiteral("the traced %1 request %2 after %3 ms")
                                 .arg(m_trace.kind, m_trace.ok ? QStringLiteral("completes")
                                                               : QStringLiteral("fails"))
                                 .arg((m_trace.endS - m_trace.startS) * 1000, 0, 'f', 3));
        }
    }
    m_changed = true;
    return true;
}

void TraceRecorder::onServiceStart(const sim::Engine &engine, sim::Time at, std::uint32_t request,
                                   std::uint32_t component, sim::Time serviceTime)
{
    if (!m_tracing || request != m_trace.request)
        return;
    const QString id = idOf(engine, component);
    for (auto it = m_trace.spans.rbegin(); it != m_trace.spans.rend(); ++it) {
        if (it->component == id && std::isnan(it->leftS)) {
            if (engine.component(component).instanceCount() > 1)
                it->instance = engine.requests()[request].top().instance;
            it->serviceStartS = sim::toSeconds(at);
            it->serviceS = sim::toSeconds(serviceTime);
            m_changed = true;
            return;
        }
    }
}

std::shared_ptr<const Trace> TraceRecorder::published()
{
    if (m_changed) {
        m_published = std::make_shared<const Trace>(m_trace);
        m_changed = false;
    }
    return m_published;
}

} // namespace scalelab::run
