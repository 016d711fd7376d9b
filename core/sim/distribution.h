#pragma once

#include "sim/random_stream.h"
#include "sim/time.h"

namespace scalelab::sim {

// A service or delay time law, with its parameters already in nanoseconds.
struct Distribution {
    enum class Kind { Constant, Exponential, Uniform, Lognormal, Erlang };

    Kind kind = Kind::Constant;
    double mean = 0;   // ns
    double spread = 0; // uniform: total width of the interval around the mean, ns
    double cv = 1;     // lognormal: coefficient of variation
    int k = 1;         // erlang: phases

    static Distribution constant(double meanNs) { return {Kind::Constant, meanNs, 0, 0, 1}; }
    static Distribution exponential(double meanNs) { return {Kind::Exponential, meanNs, 0, 1, 1}; }

    Time sample(RandomStream &rng) const;
};

} // namespace scalelab::sim
