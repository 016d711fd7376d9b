#pragma once

#include "sim/time.h"

#include <chrono>

namespace scalelab::run {

// Keeps a paced run's simulated clock from running ahead of the wall clock times the speed: the
// one place where live runs turn wall time into simulated time.
class Pacer {
public:
    using Clock = std::chrono::steady_clock;

    // Simulated seconds per wall second; anything but a finite figure above 0 runs unpaced (as
    // fast as possible).
    void setSpeed(double simulatedPerWallSecond);
    double speed() const { return m_speed; }
    bool paced() const { return m_speed > 0; }

    // From `wallNow` on, the simulated clock (at `simNow`) may advance with the wall clock: on
    // every run, resume and change of speed, so that time spent paused is not made up for.
    void anchor(sim::Time simNow, Clock::time_point wallNow = Clock::now());
    // The simulated clock at `simNow` is as far as pacing allows by `wallNow`; never when unpaced.
    bool caughtUp(sim::Time simNow, Clock::time_point wallNow = Clock::now()) const;
    // `target`, or the earlier instant that pacing allows by `wallNow`.
    sim::Time limit(sim::Time target, Clock::time_point wallNow = Clock::now()) const;

private:
    // In floating point: a huge speed must not overflow the nanosecond count before comparing.
    double allowed(Clock::time_point wallNow) const;

    double m_speed = 0;
    Clock::time_point m_wallAnchor;
    sim::Time m_simAnchor = 0;
};

} // namespace scalelab::run
