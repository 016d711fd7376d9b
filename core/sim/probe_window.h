#pragma once

#include "sim/component.h"

#include <limits>

namespace scalelab::sim {

// Figures over a window between two readings of a component's cumulative probe: what a monitor
// alerts on and what a live view draws. Each is NaN when the window holds nothing to measure.
namespace window {

inline constexpr double kNothing = std::numeric_limits<double>::quiet_NaN();

// Busy share of the cores that were powered on.
inline double utilization(const Probe &from, const Probe &to)
{
    const double capacity = to.capacityArea - from.capacityArea;
    return capacity > 0 ? (to.busyArea - from.busyArea) / capacity : kNothing;
}

// Mean number of requests waiting.
inline double queueLength(const Probe &from, const Probe &to, double seconds)
{
    return seconds > 0 ? (to.waitingArea - from.waitingArea) / (seconds * 1e9) : kNothing;
}

inline double throughputRps(const Probe &from, const Probe &to, double seconds)
{
    return seconds > 0 ? static_cast<double>(to.completed - from.completed) / seconds : kNothing;
}

// Errors among the requests answered; 0 when nothing was answered, as nothing failed.
inline double errorRate(const Probe &from, const Probe &to)
{
    const double errors = static_cast<double>(to.errors - from.errors);
    const double answered = errors + static_cast<double>(to.completed - from.completed);
    return answered > 0 ? errors / answered : 0;
}

inline double hitRatio(const Probe &from, const Probe &to)
{
    const double hits = static_cast<double>(to.hits - from.hits);
    const double lookups = hits + static_cast<double>(to.misses - from.misses);
    return lookups > 0 ? hits / lookups : kNothing;
}

} // namespace window
} // namespace scalelab::sim
