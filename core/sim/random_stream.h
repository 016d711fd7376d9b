#pragma once

#include <cmath>
#include <cstdint>
#include <string_view>

namespace scalelab::sim {

// One independent stream of random numbers (xoshiro256**). Every component draws from its own
// stream derived from (seed, component id), so adding a component leaves the others' draws alone
// and two designs run with the same seed see common random numbers.
class RandomStream {
public:
    RandomStream() : RandomStream(0, "") {}
    RandomStream(std::uint64_t seed, std::string_view streamName);

    std::uint64_t next()
    {
        const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        const std::uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }

    // Uniform on [0, 1), 53 bits.
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    // Uniform on (0, 1]: safe to take the logarithm of.
    double uniformPositive() { return static_cast<double>((next() >> 11) + 1) * 0x1.0p-53; }
    // Uniform integer on [0, n), without modulo bias (Lemire's method).
    std::uint64_t below(std::uint64_t n);
    double exponential(double mean) { return -std::log(uniformPositive()) * mean; }
    double standardNormal();

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

    std::uint64_t m_s[4];
    double m_spareNormal = 0;
    bool m_hasSpareNormal = false;
};

} // namespace scalelab::sim
