#pragma once

#include "sim/random_stream.h"
#include "sim/time.h"

#include <cstdint>
#include <vector>

namespace scalelab::sim {

// Key -> slot map with open addressing and linear probing: flat arrays, no node per entry, which
// keeps a cache of half a million keys cheap to probe on every request.
class KeyIndex {
public:
    static constexpr std::uint32_t kAbsent = UINT32_MAX;

    explicit KeyIndex(std::size_t expectedEntries = 16);
    std::uint32_t find(std::uint64_t key) const;
    void insert(std::uint64_t key, std::uint32_t value); // key must be absent
    void assign(std::uint64_t key, std::uint32_t value); // key must be present
    void erase(std::uint64_t key);                       // key must be present
    // The value of key, inserted as `initial` when absent; valid until the next insertion.
    std::uint32_t &findOrInsert(std::uint64_t key, std::uint32_t initial);
    void clear();
    std::size_t size() const { return m_size; }
    // Calls f(key, value) for every entry, in no particular order.
    template <class F> void forEach(F &&f) const
    {
        for (std::size_t i = 0; i < m_values.size(); ++i)
            if (m_values[i] != kAbsent)
                f(m_keys[i], m_values[i]);
    }

private:
    static std::uint64_t mix(std::uint64_t key)
    {
        key ^= key >> 33;
        key *= 0xff51afd7ed558ccdULL;
        key ^= key >> 33;
        return key;
    }
    void grow();

    std::vector<std::uint64_t> m_keys;
    std::vector<std::uint32_t> m_values; // kAbsent marks an empty cell
    std::size_t m_mask = 0;
    std::size_t m_size = 0;
};

// A bounded set of keys with an eviction policy and an optional time to live: the real content of
// a cache, a CDN or a session store. Hits come from what it holds, never from a stated ratio.
class KeyStore {
public:
    enum class Eviction { Lru, Fifo, Lfu, Random };

    KeyStore(std::size_t capacity, Eviction eviction, Time ttl = 0);

    // A lookup: true on a hit. A hit refreshes the key's recency (LRU) or frequency (LFU); an
    // expired key is dropped and counts as a miss.
    bool get(std::uint64_t key, Time now);
    // Stores the key (a fill), evicting by the policy when full. Returns true if one was evicted.
    bool put(std::uint64_t key, Time now, RandomStream &rng);
    bool erase(std::uint64_t key);
    void clear();

    std::size_t size() const { return m_index.size(); }
    std::size_t capacity() const { return m_capacity; }
    Eviction eviction() const { return m_eviction; }
    bool contains(std::uint64_t key) const { return m_index.find(key) != KeyIndex::kAbsent; }

private:
    static constexpr std::uint32_t kNone = UINT32_MAX;

    void touch(std::uint32_t slot);
    void unlink(std::uint32_t slot);
    void pushFront(std::uint32_t slot);
    void remove(std::uint32_t slot);
    std::uint32_t victim(RandomStream &rng);
    // LFU: a binary min-heap of slots on (uses, last use).
    bool lfuBefore(std::uint32_t a, std::uint32_t b) const;
    void heapUp(std::size_t i);
    void heapDown(std::size_t i);
    void heapSwap(std::size_t i, std::size_t j);

    std::size_t m_capacity;
    Eviction m_eviction;
    Time m_ttl;
    KeyIndex m_index;
    std::vector<std::uint64_t> m_key;
    std::vector<Time> m_expiry;
    std::vector<std::uint32_t> m_prev, m_next;      // recency (LRU) or insertion (FIFO) order
    std::uint32_t m_head = kNone, m_tail = kNone;   // head: newest
    std::vector<std::uint64_t> m_uses, m_lastUse;   // LFU
    std::vector<std::uint32_t> m_heap, m_heapPos;   // LFU
    std::vector<std::uint32_t> m_dense, m_densePos; // Random: the occupied slots, packed
    std::vector<std::uint32_t> m_freeSlots;
    std::uint64_t m_clock = 0;
};

} // namespace scalelab::sim
