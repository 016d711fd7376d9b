#pragma once

#include "sim/random_stream.h"

#include <cstdint>

namespace scalelab::sim {

// Draws ranks 1..n with P(k) proportional to k^-s, exactly, in O(1) time and memory per draw, by
// rejection-inversion (Hörmann and Derflinger, 1996): ten million keys cost no table at all.
// s = 0 is the uniform law.
class ZipfSampler {
public:
    ZipfSampler(std::uint64_t n = 1, double s = 0);

    std::uint64_t sample(RandomStream &rng) const;
    std::uint64_t size() const { return m_n; }

private:
    double h(double x) const;
    double hIntegral(double x) const;
    double hIntegralInverse(double x) const;

    std::uint64_t m_n;
    double m_s;
    double m_hIntegralX1 = 0;
    double m_hIntegralN = 0;
    double m_squeeze = 0;
};

} // namespace scalelab::sim
