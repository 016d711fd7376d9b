#pragma once

#include "sim/component.h"
#include "sim/metrics.h"

#include <cstdint>

namespace scalelab::sim {

// What the lookups in a bounded key store came to since the warm-up: found or not, and the keys
// evicted to make room. The cache, the CDN edge and the session store count the same things.
struct HitCounters {
    std::uint64_t hits = 0, misses = 0, evictions = 0;

    double ratio() const
    {
        const std::uint64_t lookups = hits + misses;
        return lookups ? static_cast<double>(hits) / static_cast<double>(lookups) : 0.0;
    }
    void merge(const HitCounters &other)
    {
        hits += other.hits;
        misses += other.misses;
        evictions += other.evictions;
    }
    void report(Metrics &out) const
    {
        out.add("hits", hits);
        out.add("misses", misses);
        out.add("hit_ratio", ratio());
        out.add("evictions", evictions);
    }
    void probe(Probe &out) const
    {
        out.hits = hits;
        out.misses = misses;
    }
};

} // namespace scalelab::sim
