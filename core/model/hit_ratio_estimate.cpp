// Cache hit ratios under independent references (Che; Martina, Garetto and Leonardi).

#include "analysis_internal.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace scalelab::model::internal {

// ---------------------------------------------------------------------------------------------
// Cache hit ratios under independent references.

// `keys` keys, each looked up with probability p.
struct KeyGroup {
    double keys = 0;
    double p = 0;
};

// Sum of i^-s for i in [a, b): exact for one key, else the midpoint integral from a - 1/2 to
// b - 1/2, which is accurate to about s(s+1)/(24 a^2) relative: we only group keys past 20000.
double powerSum(double a, double b, double s)
{
    if (b - a <= 1)
        return std::pow(a, -s);
    const double lo = a - 0.5;
    const double hi = b - 0.5;
    const double oneMinusS = 1 - s;
    const double logRatio = std::log(hi / lo);
    // x^(1-s) differences through expm1 stay exact as s approaches 1 (where the sum is a log).
    if (std::abs(oneMinusS) < 1e-12)
        return logRatio;
    return std::pow(lo, oneMinusS) * std::expm1(oneMinusS * logRatio) / oneMinusS;
}

// The popularity of every key, most popular first: the head key by key, the tail (millions of
// keys) in geometric groups of nearly equal popularity so that solving for T stays fast.
std::vector<KeyGroup> popularity(const std::vector<KeyLaw> &laws)
{
    constexpr double kExactKeys = 20000;
    constexpr double kGroupGrowth = 0.002;
    double maxKeys = 0;
    double totalWeight = 0;
    for (const KeyLaw &law : laws) {
        maxKeys = std::max(maxKeys, law.count);
        totalWeight += law.weight;
    }
    if (maxKeys < 1 || totalWeight <= 0)
        return {};
    std::set<double> bounds;
    for (double a = 1; a <= maxKeys + 1;) {
        bounds.insert(a);
        a = a < kExactKeys ? a + 1 : std::max(a + 1, std::floor(a * (1 + kGroupGrowth)));
    }
    bounds.insert(maxKeys + 1);
    for (const KeyLaw &law : laws)
        bounds.insert(law.count + 1);
    const std::vector<double> edges(bounds.begin(), bounds.end());
    const std::size_t groups = edges.size() - 1;

    std::vector<KeyGroup> result(groups);
    for (std::size_t g = 0; g < groups; ++g)
        result[g].keys = edges[g + 1] - edges[g];
    std::vector<double> mass(groups);
    for (const KeyLaw &law : laws) {
        double total = 0;
        for (std::size_t g = 0; g < groups && edges[g + 1] <= law.count + 1; ++g) {
            mass[g] = powerSum(edges[g], edges[g + 1], law.zipf);
            total += mass[g];
        }
        for (std::size_t g = 0; g < groups && edges[g + 1] <= law.count + 1; ++g)
            result[g].p += law.weight / totalWeight * mass[g] / total / result[g].keys;
    }
    return result;
}

// Solves sum(keys * occupancy(p T)) = capacity for T by bisection on a log scale; occupancy is
// increasing in T and bounded by p T, so T >= capacity.
template <typename Occupancy>
double characteristicTime(const std::vector<KeyGroup> &groups, double capacity, Occupancy fill)
{
    const auto filled = [&](double time) {
        double sum = 0;
        for (const KeyGroup &group : groups)
            sum += group.keys * fill(group.p * time);
        return sum;
    };
    double lo = capacity;
    double hi = capacity * 2;
    while (filled(hi) < capacity && hi < 1e300)
        hi *= 2;
    for (int i = 0; i < 200 && hi / lo - 1 > 1e-12; ++i) {
        const double mid = std::sqrt(lo * hi);
        (filled(mid) < capacity ? lo : hi) = mid;
    }
    return std::sqrt(lo * hi);
}

// Che's approximation for LRU; for FIFO and random the approximation of Martina, Garetto and
// Leonardi (2014), h_i = p_i T / (1 + p_i T), which gives both the same hit ratio as they have
// under independent references; LFU keeps the most popular keys (its steady state).
double hitRatio(const std::vector<KeyLaw> &laws, double capacity, const QString &eviction)
{
    const std::vector<KeyGroup> groups = popularity(laws);
    double keys = 0;
    for (const KeyGroup &group : groups)
        keys += group.keys;
    if (groups.empty() || capacity <= 0)
        return 0;
    if (capacity >= keys)
        return 1;
    if (eviction == QLatin1String("lfu")) {
        double hit = 0;
        double room = capacity;
        for (const KeyGroup &group : groups) {
            const double taken = std::min(room, group.keys);
            hit += taken * group.p;
            room -= taken;
            if (room <= 0)
                break;
        }
        return hit;
    }
    const bool lru = eviction != QLatin1String("fifo") && eviction != QLatin1String("random");
    const auto lruOccupancy = [](double x) { return -std::expm1(-x); };
    const auto fifoOccupancy = [](double x) { return x / (1 + x); };
    const double time = lru ? characteristicTime(groups, capacity, lruOccupancy)
                            : characteristicTime(groups, capacity, fifoOccupancy);
    double hit = 0;
    for (const KeyGroup &group : groups) {
        const double x = group.p * time;
        hit += group.keys * group.p * (lru ? lruOccupancy(x) : fifoOccupancy(x));
    }
    return hit;
}

} // namespace scalelab::model::internal
