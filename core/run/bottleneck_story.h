#pragma once

#include "sim/sampler.h"
#include "sim/time.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <functional>
#include <vector>

namespace scalelab::run {

// Tells from a live run's chart samples which component limits the system now, and when the
// system tips into saturation and out of it, on smoothed utilisation with hysteresis so that the
// noise of short windows neither names a bottleneck nor declares saturation.
class BottleneckStory {
public:
    // The engine's sentence on a component at a busy share ("web is busy 80 % of the time ...").
    using Explain = std::function<QString(std::uint32_t component, double share)>;
    // A line for the event log, about `component`.
    using Note = std::function<void(const QString &component, const QString &text)>;

    BottleneckStory() = default;
    // `components`: ids in engine order; `interval`: the chart interval, which sets how long the
    // smoothing remembers; nothing is judged until past `warmup`.
    BottleneckStory(QStringList components, sim::Time interval, sim::Time warmup, Explain explain,
                    Note note);

    // One chart sample, in time order.
    void observe(const sim::Sample &s);

    const QString &bottleneck() const { return m_bottleneck; } // empty: nothing near capacity
    double utilization() const { return m_utilization; }       // the bottleneck's, or the top one
    const QString &story() const { return m_story; }
    const QList<double> &saturatedAtS() const { return m_saturations; }

private:
    void smooth(const sim::Sample &s);
    void judge(const sim::Sample &s);

    QStringList m_components;
    sim::Time m_interval = 0;
    sim::Time m_warmup = 0;
    Explain m_explain;
    Note m_note;
    std::vector<double> m_smoothed; // per component; NaN: no capacity figure yet
    QString m_bottleneck;
    double m_utilization = 0;
    QString m_story;
    bool m_saturated = false;
    QList<double> m_saturations;
};

} // namespace scalelab::run
