#include "sim/statistics.h"

#include <algorithm>
#include <cmath>

namespace scalelab::sim {

void Tally::merge(const Tally &other)
{
    if (other.m_count == 0)
        return;
    if (m_count == 0) {
        *this = other;
        return;
    }
    const double n1 = static_cast<double>(m_count), n2 = static_cast<double>(other.m_count);
    const double delta = other.m_mean - m_mean;
    const double n = n1 + n2;
    m_mean += delta * n2 / n;
    m_m2 += other.m_m2 + delta * delta * n1 * n2 / n;
    m_count += other.m_count;
}

LatencyHistogram::LatencyHistogram() : m_counts(kBucketCount, 0)
{}

void LatencyHistogram::merge(const LatencyHistogram &other)
{
    for (int i = 0; i < kBucketCount; ++i)
        m_counts[static_cast<std::size_t>(i)] += other.m_counts[static_cast<std::size_t>(i)];
    m_total += other.m_total;
    m_sum += other.m_sum;
    m_max = std::max(m_max, other.m_max);
}

void LatencyHistogram::reset()
{
    std::fill(m_counts.begin(), m_counts.end(), 0);
    m_total = 0;
    m_sum = 0;
    m_max = 0;
}

std::uint64_t LatencyHistogram::bucketMidpoint(int bucket)
{
    if (bucket < kExactBelow)
        return static_cast<std::uint64_t>(bucket);
    const int octave = (bucket - kExactBelow) / kSubBuckets; // msb - 8
    const int sub = (bucket - kExactBelow) % kSubBuckets;
    const int shift = octave + 1; // msb - 7
    const std::uint64_t lower = static_cast<std::uint64_t>(kSubBuckets + sub) << shift;
    return lower + ((std::uint64_t{1} << shift) >> 1);
}

Time LatencyHistogram::quantileOf(const std::vector<std::uint64_t> &counts, std::uint64_t total,
                                  double q)
{
    if (total == 0)
        return 0;
    const auto rank = static_cast<std::uint64_t>(
        std::max(1.0, std::ceil(std::clamp(q, 0.0, 1.0) * static_cast<double>(total))));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        seen += counts[i];
        if (seen >= rank)
            return static_cast<Time>(bucketMidpoint(static_cast<int>(i)));
    }
    return 0;
}

Time LatencyHistogram::quantile(double q) const
{
    if (m_total == 0)
        return 0;
    const auto rank = static_cast<std::uint64_t>(
        std::max(1.0, std::ceil(std::clamp(q, 0.0, 1.0) * static_cast<double>(m_total))));
    std::uint64_t seen = 0;
    for (int i = 0; i < kBucketCount; ++i) {
        seen += m_counts[static_cast<std::size_t>(i)];
        if (seen >= rank)
            return static_cast<Time>(std::min(bucketMidpoint(i), m_max));
    }
    return static_cast<Time>(m_max);
}

void TimeWeighted::merge(const TimeWeighted &other, Time otherNow)
{
    m_mergedArea += other.m_mergedArea + other.m_area +
                    other.m_value * static_cast<double>(otherNow - other.m_last);
    m_mergedDuration += other.m_mergedDuration + static_cast<double>(otherNow - other.m_start);
}

double TimeWeighted::mean(Time now) const
{
    const double area = m_mergedArea + m_area + m_value * static_cast<double>(now - m_last);
    const double duration = m_mergedDuration + static_cast<double>(now - m_start);
    return duration > 0 ? area / duration : m_value;
}

void BatchMeans::start(Time from, Time to)
{
    m_from = from;
    m_width = (to - from) / kBatches;
    m_sum.fill(0);
    m_count.fill(0);
}

void BatchMeans::merge(const BatchMeans &other)
{
    for (std::size_t b = 0; b < kBatches; ++b) {
        m_sum[b] += other.m_sum[b];
        m_count[b] += other.m_count[b];
    }
}

std::vector<double> BatchMeans::batchAverages() const
{
    std::vector<double> averages;
    for (int b = 0; b < kBatches; ++b)
        if (m_count[static_cast<std::size_t>(b)] > 0)
            averages.push_back(m_sum[static_cast<std::size_t>(b)] /
                               static_cast<double>(m_count[static_cast<std::size_t>(b)]));
    return averages;
}

double BatchMeans::halfWidth95() const
{
    return sim::halfWidth95(batchAverages());
}

double studentT975(int degrees)
{
    static constexpr double table[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                                       2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                                       2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                                       2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
    if (degrees < 1)
        return 0;
    if (degrees <= 30)
        return table[degrees - 1];
    return 1.96 + 2.5 / degrees; // close to the exact quantile beyond 30 degrees of freedom
}

double halfWidth95(const std::vector<double> &samples)
{
    const auto n = static_cast<int>(samples.size());
    if (n < 2)
        return 0;
    Tally t;
    for (const double x : samples)
        t.add(x);
    return studentT975(n - 1) * std::sqrt(t.variance() / n);
}

} // namespace scalelab::sim
