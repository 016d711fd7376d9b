#include "sim/relay_statistics.h"

#include "sim/engine.h"
#include "sim/request.h"

namespace scalelab::sim {

void RelayStatistics::answer(Engine &engine, std::uint32_t request, std::uint32_t flags)
{
    answered(engine.now(), engine.requests()[request].top().arrivedAt, (flags & ReplyOk) != 0);
    engine.reply(request, flags);
}

void RelayStatistics::refuse(Engine &engine, std::uint32_t request, bool rejected)
{
    if (rejected)
        ++m_figures.rejected;
    ++m_figures.errors;
    engine.reply(request, 0);
}

void RelayStatistics::reset(Time now)
{
    m_figures = Figures{};
    m_figures.windowStart = now;
    m_figures.present.set(now, m_inside);
    m_figures.present.reset(now);
}

void RelayStatistics::merge(const RelayStatistics &other, Time otherNow)
{
    const Figures &o = other.m_figures;
    m_figures.arrivals += o.arrivals;
    m_figures.completed += o.completed;
    m_figures.errors += o.errors;
    m_figures.rejected += o.rejected;
    m_figures.response.merge(o.response);
    m_figures.present.merge(o.present, otherNow);
    m_mergedSeconds += toSeconds(otherNow - o.windowStart) + other.m_mergedSeconds;
}

void RelayStatistics::report(Time now, Metrics &out) const
{
    const double seconds = toSeconds(now - m_figures.windowStart) + m_mergedSeconds;
    out.add("arrivals", m_figures.arrivals);
    out.add("completed", m_figures.completed);
    if (m_rejections == Rejections::Reported)
        out.add("rejected", m_figures.rejected);
    out.add("errors", m_figures.errors);
    out.add("throughput_rps", perSecond(m_figures.completed, seconds));
    out.add("concurrency_mean", m_figures.present.mean(now));
    out.addLatency("response_ms", m_figures.response, Metrics::Tail::Without);
}

void RelayStatistics::probe(Probe &out) const
{
    out.completed = m_figures.completed;
    out.errors = m_figures.errors;
    out.response = &m_figures.response;
}

} // namespace scalelab::sim
