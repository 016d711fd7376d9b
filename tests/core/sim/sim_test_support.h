// Plumbing the engine tests share: reading a metric out of a run, comparing a measured figure with
// theory (logged either way, so a passing run still shows how close it came), and the queueing
// theory the figures are compared with: birth-death stations and Erlang C.
// Header-only: each tst_*.cpp is its own executable and includes what it needs.

#pragma once

#include "sim/simulation.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace scalelab::testing {

inline constexpr double kNsPerMs = 1e6;

// A component's metric at a dotted path; NaN when the component or the path is missing, so a
// misspelt name fails every comparison instead of reading as 0.
inline double metric(const sim::RunResults &results, const std::string &id, const std::string &path)
{
    for (const sim::ComponentResult &c : results.components)
        if (c.id == id)
            return c.metrics.number(path, std::numeric_limits<double>::quiet_NaN());
    return std::numeric_limits<double>::quiet_NaN();
}

inline void checkWithin(const char *what, double measured, double theory, double tolerance)
{
    qInfo("%-24s measured %10.4f  theory %10.4f  tolerance %.4f", what, measured, theory,
          tolerance);
    QVERIFY2(std::abs(measured - theory) <= tolerance,
             qPrintable(QStringLiteral("%1: measured %2, theory %3 +- %4")
                            .arg(what)
                            .arg(measured)
                            .arg(theory)
                            .arg(tolerance)));
}

// The number present in a Markovian station with `servers` servers and room for `capacity`
// requests in all (-1: no limit, truncated at `unboundedLast`): a birth-death process, solved
// numerically; and the asymptotic variance (per second) of a time average over it (Whitt 1992),
// for tolerances of a few standard errors.
class BirthDeath {
public:
    BirthDeath(double lambda, double mu, int servers, int capacity, int unboundedLast = 6000)
        : m_lambda(lambda)
    {
        const int last = capacity >= 0 ? capacity : unboundedLast;
        m_pi.assign(static_cast<std::size_t>(last) + 1, 0);
        m_pi[0] = 1;
        double total = 1;
        for (int n = 1; n <= last; ++n) {
            const double p =
                m_pi[static_cast<std::size_t>(n) - 1] * lambda / (mu * std::min(n, servers));
            m_pi[static_cast<std::size_t>(n)] = p;
            total += p;
        }
        for (double &p : m_pi)
            p /= total;
    }

    double probability(int n) const { return m_pi[static_cast<std::size_t>(n)]; }
    int last() const { return static_cast<int>(m_pi.size()) - 1; }

    double mean(const std::function<double(int)> &f) const
    {
        double m = 0;
        for (int n = 0; n <= last(); ++n)
            m += f(n) * m_pi[static_cast<std::size_t>(n)];
        return m;
    }

    // Asymptotic variance (per second of observation) of the time average of f(number present).
    double asymptoticVariance(const std::function<double(int)> &f) const
    {
        const double m = mean(f);
        // F_j as minus the tail sum: the head sum loses every digit where pi_j is tiny.
        std::vector<double> tail(m_pi.size() + 1, 0);
        for (int n = last(); n >= 0; --n)
            tail[static_cast<std::size_t>(n)] = tail[static_cast<std::size_t>(n) + 1] +
                                                (f(n) - m) * m_pi[static_cast<std::size_t>(n)];
        double sigma2 = 0;
        for (int j = 0; j < last(); ++j) {
            const double pj = m_pi[static_cast<std::size_t>(j)];
            const double fj = tail[static_cast<std::size_t>(j) + 1];
            if (pj > 1e-250)
                sigma2 += 2 * fj * fj / (m_lambda * pj);
        }
        return sigma2;
    }

private:
    double m_lambda;
    std::vector<double> m_pi;
};

// Erlang C: the probability that an arrival waits at an M/M/c station offered `a` = lambda / mu
// erlangs (a < c).
inline double erlangC(int c, double a)
{
    double term = 1, sum = 0;
    for (int k = 0; k < c; ++k) {
        sum += term;
        term *= a / (k + 1);
    }
    const double top = term * c / (c - a);
    return top / (sum + top);
}

} // namespace scalelab::testing
