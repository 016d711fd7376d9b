#include "pacer.h"

#include <cmath>

namespace scalelab::run {

void Pacer::setSpeed(double simulatedPerWallSecond)
{
    m_speed = std::isfinite(simulatedPerWallSecond) && simulatedPerWallSecond > 0
                  ? simulatedPerWallSecond
                  : 0;
}

void Pacer::anchor(sim::Time simNow, Clock::time_point wallNow)
{
    m_wallAnchor = wallNow;
    m_simAnchor = simNow;
}

double Pacer::allowed(Clock::time_point wallNow) const
{
    const double wall = std::chrono::duration<double>(wallNow - m_wallAnchor).count();
    return static_cast<double>(m_simAnchor) + wall * m_speed * 1e9;
}

bool Pacer::caughtUp(sim::Time simNow, Clock::time_point wallNow) const
{
    if (!paced())
        return false;
    return allowed(wallNow) <= static_cast<double>(simNow);
}

sim::Time Pacer::limit(sim::Time target, Clock::time_point wallNow) const
{
    if (!paced())
        return target;
    const double allowedNs = allowed(wallNow);
    return allowedNs < static_cast<double>(target) ? static_cast<sim::Time>(allowedNs) : target;
}

} // namespace scalelab::run
