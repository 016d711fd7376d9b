#include "sim/zipf_sampler.h"

#include <algorithm>
#include <cmath>

namespace scalelab::sim {

namespace {

// log(1+x)/x and (exp(x)-1)/x, accurate near 0 where the closed forms cancel.
double log1pOverX(double x)
{
    if (std::abs(x) > 1e-8)
        return std::log1p(x) / x;
    return 1 - x * (0.5 - x * (1.0 / 3 - 0.25 * x));
}

double expm1OverX(double x)
{
    if (std::abs(x) > 1e-8)
        return std::expm1(x) / x;
    return 1 + x * 0.5 * (1 + x * (1.0 / 3) * (1 + 0.25 * x));
}

} // namespace

ZipfSampler::ZipfSampler(std::uint64_t n, double s) : m_n(std::max<std::uint64_t>(n, 1)), m_s(s)
{
    m_hIntegralX1 = hIntegral(1.5) - 1;
    m_hIntegralN = hIntegral(static_cast<double>(m_n) + 0.5);
    m_squeeze = 2 - hIntegralInverse(hIntegral(2.5) - h(2));
}

double ZipfSampler::h(double x) const
{
    return std::exp(-m_s * std::log(x));
}

// H(x) = integral of h from 1 to x, shifted so that it is well defined for every s >= 0.
double ZipfSampler::hIntegral(double x) const
{
    const double logX = std::log(x);
    return expm1OverX((1 - m_s) * logX) * logX;
}

double ZipfSampler::hIntegralInverse(double x) const
{
    double t = x * (1 - m_s);
    t = std::max(t, -1.0); // guards rounding at the boundary
    return std::exp(log1pOverX(t) * x);
}

std::uint64_t ZipfSampler::sample(RandomStream &rng) const
{
    if (m_s == 0)
        return 1 + rng.below(m_n);
    for (;;) {
        const double u = m_hIntegralN + rng.uniform() * (m_hIntegralX1 - m_hIntegralN);
        const double x = hIntegralInverse(u);
        double k = std::floor(x + 0.5);
        k = std::clamp(k, 1.0, static_cast<double>(m_n));
        // Accept at once inside the squeeze, otherwise compare with the exact area.
        if (k - x <= m_squeeze || u >= hIntegral(k + 0.5) - h(k))
            return static_cast<std::uint64_t>(k);
    }
}

} // namespace scalelab::sim
