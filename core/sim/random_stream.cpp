#include "sim/random_stream.h"

namespace scalelab::sim {

namespace {

std::uint64_t splitMix64(std::uint64_t &state)
{
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// FNV-1a: stable across platforms and standard libraries, unlike std::hash.
std::uint64_t hashName(std::string_view name)
{
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const char c : name) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

} // namespace

RandomStream::RandomStream(std::uint64_t seed, std::string_view streamName)
{
    std::uint64_t state = seed ^ (hashName(streamName) * 0x9e3779b97f4a7c15ULL);
    for (auto &word : m_s)
        word = splitMix64(state);
}

std::uint64_t RandomStream::below(std::uint64_t n)
{
    if (n <= 1)
        return 0;
    // Reject the incomplete last block of size 2^64 mod n so every residue is equally likely.
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    std::uint64_t x = next();
    while (x >= limit)
        x = next();
    return x % n;
}

double RandomStream::standardNormal()
{
    // Marsaglia's polar method yields two normals per accepted pair; keep the second.
    if (m_hasSpareNormal) {
        m_hasSpareNormal = false;
        return m_spareNormal;
    }
    double u = 0, v = 0, s = 0;
    do {
        u = 2 * uniform() - 1;
        v = 2 * uniform() - 1;
        s = u * u + v * v;
    } while (s >= 1 || s == 0);
    const double factor = std::sqrt(-2 * std::log(s) / s);
    m_spareNormal = v * factor;
    m_hasSpareNormal = true;
    return u * factor;
}

} // namespace scalelab::sim
