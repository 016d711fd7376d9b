#include "sim/distribution.h"

#include <algorithm>
#include <cmath>

namespace scalelab::sim {

Time Distribution::sample(RandomStream &rng) const
{
    double x = mean;
    switch (kind) {
    case Kind::Constant:
        break;
    case Kind::Exponential:
        x = rng.exponential(mean);
        break;
    case Kind::Uniform:
        x = mean + (rng.uniform() - 0.5) * spread;
        break;
    case Kind::Lognormal: {
        // Parameters of the underlying normal chosen so that E[X] = mean and sd/mean = cv.
        const double sigma2 = std::log1p(cv * cv);
        const double mu = std::log(mean) - sigma2 / 2;
        x = mean > 0 ? std::exp(mu + std::sqrt(sigma2) * rng.standardNormal()) : 0;
        break;
    }
    case Kind::Erlang: {
        double product = 1;
        for (int i = 0; i < k; ++i)
            product *= rng.uniformPositive();
        x = -std::log(product) * mean / k;
        break;
    }
    }
    return static_cast<Time>(std::llround(std::max(0.0, x)));
}

} // namespace scalelab::sim
