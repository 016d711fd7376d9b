#pragma once

#include <cmath>
#include <cstdint>

namespace scalelab::sim {

// Simulated time: an integer count of nanoseconds, so sums and comparisons are exact and runs are
// bit-for-bit repeatable. Rates and durations convert once, when the simulation is built.
using Time = std::int64_t;

constexpr Time kNanosecondsPerMillisecond = 1'000'000;
constexpr Time kNanosecondsPerSecond = 1'000'000'000;
constexpr Time kNever = INT64_MAX;

constexpr Time fromMilliseconds(double ms)
{
    return static_cast<Time>(std::llround(ms * static_cast<double>(kNanosecondsPerMillisecond)));
}
constexpr Time fromSeconds(double s)
{
    return static_cast<Time>(std::llround(s * static_cast<double>(kNanosecondsPerSecond)));
}
constexpr double toMilliseconds(Time t)
{
    return static_cast<double>(t) / static_cast<double>(kNanosecondsPerMillisecond);
}
constexpr double toSeconds(Time t)
{
    return static_cast<double>(t) / static_cast<double>(kNanosecondsPerSecond);
}

} // namespace scalelab::sim
