#include "bottleneck_story.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace scalelab::run {

namespace {

// Saturation: the bottleneck busier than this tips the system over; it has recovered once it is
// below the lower mark (a gap, so that noise around one threshold does not flap).
constexpr double kSaturated = 0.95;
constexpr double kRecovered = 0.85;
// Below this nothing is called a bottleneck, as in the run's results; a bottleneck named stays
// named until it falls below the lower mark, and gives way only to a clearly busier component.
constexpr double kNearCapacity = 0.5;
constexpr double kNoLongerNear = 0.4;
constexpr double kClearlyBusier = 0.05;
// The story judges utilisation smoothed over about ten chart windows (at least a second), so that
// the noise of one short window neither names a bottleneck nor declares saturation.
constexpr double kSmoothingWindows = 10;

QString percent(double share)
{
    return QString::number(std::lround(share * 100));
}

} // namespace

BottleneckStory::BottleneckStory(QStringList components, sim::Time interval, sim::Time warmup,
                                 Explain explain, Note note)
    : m_components(std::move(components)), m_interval(interval), m_warmup(warmup),
      m_explain(std::move(explain)), m_note(std::move(note)),
      m_smoothed(static_cast<std::size_t>(m_components.size()),
                 std::numeric_limits<double>::quiet_NaN())
{}

void BottleneckStory::observe(const sim::Sample &s)
{
    // The bottleneck now: the busiest component, named once past the warm-up. Utilisation is
    // smoothed from the start, so that the short window between the last sample and the warm-up's
    // end (a request in service for all of it reads as 100 % busy) weighs as little as it lasts
    // rather than declaring saturation on its own.
    if (s.windowS > 0) {
        smooth(s);
        if (s.at > m_warmup)
            judge(s);
    }
}

void BottleneckStory::smooth(const sim::Sample &s)
{
    const double tau = std::max(kSmoothingWindows * sim::toSeconds(m_interval), 1.0);
    const double alpha = 1 - std::exp(-s.windowS / tau);
    for (std::size_t i = 0; i < s.components.size(); ++i) {
        const double u = s.components[i].utilization;
        double &smoothed = m_smoothed[i];
        if (!std::isnan(u))
            smoothed = std::isnan(smoothed) ? u : smoothed + alpha * (u - smoothed);
    }
}

void BottleneckStory::judge(const sim::Sample &s)
{
    int busiest = -1;
    for (std::size_t i = 0; i < s.components.size(); ++i) {
        const double smoothed = m_smoothed[i];
        if (!std::isnan(smoothed) &&
            (busiest < 0 || smoothed > m_smoothed[static_cast<std::size_t>(busiest)]))
            busiest = static_cast<int>(i);
    }
    if (busiest < 0) {
        m_story = QStringLiteral("nothing has a capacity limit");
        return;
    }
    const double top = m_smoothed[static_cast<std::size_t>(busiest)];
    const QString topId = m_components.at(busiest);
    int named = -1;
    if (!m_bottleneck.isEmpty())
        named = static_cast<int>(m_components.indexOf(m_bottleneck));
    const double namedShare = named >= 0 ? m_smoothed[static_cast<std::size_t>(named)] : 0;
    if (named >= 0 && namedShare < kNoLongerNear && top < kNearCapacity)
        named = -1; // the load fell: nothing is near capacity any more
    else if (top >= kNearCapacity && (named < 0 || top > namedShare + kClearlyBusier))
        named = busiest;
    const QString previous = m_bottleneck;
    if (named >= 0) {
        const double share = m_smoothed[static_cast<std::size_t>(named)];
        m_bottleneck = m_components.at(named);
        m_utilization = share;
        // The engine's sentence, stating the recent busy share rather than the run's average,
        // so that it follows the load as the learner changes it.
        m_story = m_explain(static_cast<std::uint32_t>(named), share);
        if (m_bottleneck != previous)
            m_note(m_bottleneck, QStringLiteral("%1 is now the bottleneck (%2 % busy)")
                                     .arg(m_bottleneck, percent(share)));
    } else {
        m_bottleneck.clear();
        m_utilization = top;
        m_story = QStringLiteral("nothing is near its capacity: the busiest component, %1, is "
                                 "busy %2 % of the time")
                      .arg(topId, percent(top));
    }
    if (!m_saturated && top >= kSaturated) {
        m_saturated = true;
        m_saturations << sim::toSeconds(s.at);
        m_note(topId,
               QStringLiteral("the system saturates: %1 is %2 % busy").arg(topId, percent(top)));
    } else if (m_saturated && top < kRecovered) {
        m_saturated = false;
        m_note(topId,
               QStringLiteral("out of saturation: %1 is %2 % busy").arg(topId, percent(top)));
    }
}

} // namespace scalelab::run
