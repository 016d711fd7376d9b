// Erlang C and the M/M/c response time.

#include "analysis_internal.h"

#include <cmath>

namespace scalelab::model::internal {

// ---------------------------------------------------------------------------------------------
// Erlang C and the M/M/c response time.

// Probability that an arrival waits in M/M/c with offered load a = lambda / mu (a < c).
double erlangC(int servers, double load)
{
    if (load <= 0)
        return 0;
    double blocking = 1; // Erlang B by its stable recursion
    for (int k = 1; k <= servers; ++k)
        blocking = load * blocking / (k + load * blocking);
    const double rho = load / servers;
    return blocking / (1 - rho * (1 - blocking));
}

// Mean wait plus service in M/M/c: Wq = C(c, a) / (c mu - lambda) = C(c, a) D / (c - a).
double mmcResponseMs(int servers, double arrivalRps, double serviceMs)
{
    if (serviceMs <= 0 || servers <= 0)
        return std::max(serviceMs, 0.0);
    const double load = arrivalRps * serviceMs / 1000;
    if (load >= servers)
        return kInfinity;
    return erlangC(servers, load) * serviceMs / (servers - load) + serviceMs;
}

} // namespace scalelab::model::internal
