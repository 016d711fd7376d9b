#pragma once

#include "sim/time.h"

#include <array>
#include <cstdint>
#include <vector>

namespace scalelab::sim {

// Streaming count, mean and variance (Welford), mergeable across replications (Chan et al.).
class Tally {
public:
    void add(double x)
    {
        ++m_count;
        const double delta = x - m_mean;
        m_mean += delta / static_cast<double>(m_count);
        m_m2 += delta * (x - m_mean);
    }
    void merge(const Tally &other);
    void reset() { *this = Tally(); }

    std::uint64_t count() const { return m_count; }
    double mean() const { return m_mean; }
    double variance() const { return m_count > 1 ? m_m2 / static_cast<double>(m_count - 1) : 0; }

private:
    std::uint64_t m_count = 0;
    double m_mean = 0;
    double m_m2 = 0;
};

// Latency histogram with log-linear buckets (HDR style): exact below 256 ns, then 128 linear
// buckets per power of two, so a reported quantile is within 1/256 (0.4 %) of the true value.
// Fixed size, no allocation while recording.
class LatencyHistogram {
public:
    LatencyHistogram();

    void record(Time value)
    {
        const auto v = static_cast<std::uint64_t>(value < 0 ? 0 : value);
        ++m_counts[bucketOf(v)];
        ++m_total;
        m_sum += static_cast<double>(v);
        if (v > m_max)
            m_max = v;
    }
    void merge(const LatencyHistogram &other);
    void reset();

    std::uint64_t count() const { return m_total; }
    double mean() const { return m_total ? m_sum / static_cast<double>(m_total) : 0; }
    Time max() const { return static_cast<Time>(m_max); }
    // The q-quantile (0 < q <= 1), the midpoint of the bucket that holds it.
    Time quantile(double q) const;
    double sum() const { return m_sum; }
    const std::vector<std::uint64_t> &counts() const { return m_counts; }
    // The q-quantile of bucket counts, such as the difference of two readings of one histogram.
    static Time quantileOf(const std::vector<std::uint64_t> &counts, std::uint64_t total, double q);

    static constexpr int kSubBuckets = 128;
    static constexpr int kExactBelow = 256;
    static constexpr int kBucketCount = kExactBelow + (64 - 8) * kSubBuckets;

    static int bucketOf(std::uint64_t v)
    {
        if (v < kExactBelow)
            return static_cast<int>(v);
        const int msb = 63 - __builtin_clzll(v);
        return kExactBelow + (msb - 8) * kSubBuckets +
               static_cast<int>((v >> (msb - 7)) & (kSubBuckets - 1));
    }
    static std::uint64_t bucketMidpoint(int bucket);

private:
    std::vector<std::uint64_t> m_counts;
    std::uint64_t m_total = 0;
    std::uint64_t m_max = 0;
    double m_sum = 0;
};

// The time average of a piecewise-constant quantity (queue length, busy cores, open connections).
class TimeWeighted {
public:
    void set(Time now, double value)
    {
        m_area += m_value * static_cast<double>(now - m_last);
        m_last = now;
        m_value = value;
    }
    void add(Time now, double delta) { set(now, m_value + delta); }
    // Forget the past (warm-up removal) but keep the current level.
    void reset(Time now)
    {
        m_area = 0;
        m_last = now;
        m_start = now;
    }
    void merge(const TimeWeighted &other, Time otherNow);
    double value() const { return m_value; }
    double mean(Time now) const;
    // The integral since the last reset (this replication only).
    double area(Time now) const { return m_area + m_value * static_cast<double>(now - m_last); }

private:
    double m_value = 0;
    double m_area = 0;
    Time m_last = 0;
    Time m_start = 0;
    double m_mergedArea = 0;     // area of other replications, already closed
    double m_mergedDuration = 0; // their observed time
};

// Batch means for a confidence interval from one long run: the observation window is cut into
// equal batches of time; the batch averages are close to independent when batches are long.
class BatchMeans {
public:
    static constexpr int kBatches = 20;

    void start(Time from, Time to);
    void merge(const BatchMeans &other); // same window: another client of the same run
    void add(Time now, double x)
    {
        if (now < m_from || m_width <= 0)
            return;
        auto b = static_cast<std::size_t>((now - m_from) / m_width);
        if (b >= kBatches)
            b = kBatches - 1;
        m_sum[b] += x;
        ++m_count[b];
    }
    // Half-width of the 95 % confidence interval of the mean (0 when it cannot be estimated).
    double halfWidth95() const;
    std::vector<double> batchAverages() const;

private:
    Time m_from = 0;
    Time m_width = 0;
    std::array<double, kBatches> m_sum{};
    std::array<std::uint64_t, kBatches> m_count{};
};

// A count over an observation time as a rate (0 before any time has passed).
inline double perSecond(std::uint64_t count, double seconds)
{
    return seconds > 0 ? static_cast<double>(count) / seconds : 0.0;
}

// Student's t quantile for a two-sided 95 % interval with `degrees` degrees of freedom.
double studentT975(int degrees);
// Half-width of the 95 % interval of the mean of independent samples.
double halfWidth95(const std::vector<double> &samples);

} // namespace scalelab::sim
