#include "sim/key_store.h"

#include <algorithm>
#include <bit>

namespace scalelab::sim {

KeyIndex::KeyIndex(std::size_t expectedEntries)
{
    const std::size_t cells = std::bit_ceil(std::max<std::size_t>(16, expectedEntries * 2));
    m_keys.assign(cells, 0);
    m_values.assign(cells, kAbsent);
    m_mask = cells - 1;
}

std::uint32_t KeyIndex::find(std::uint64_t key) const
{
    for (std::size_t i = mix(key) & m_mask;; i = (i + 1) & m_mask) {
        if (m_values[i] == kAbsent)
            return kAbsent;
        if (m_keys[i] == key)
            return m_values[i];
    }
}

void KeyIndex::insert(std::uint64_t key, std::uint32_t value)
{
    if ((m_size + 1) * 2 > m_keys.size())
        grow();
    std::size_t i = mix(key) & m_mask;
    while (m_values[i] != kAbsent)
        i = (i + 1) & m_mask;
    m_keys[i] = key;
    m_values[i] = value;
    ++m_size;
}

std::uint32_t &KeyIndex::findOrInsert(std::uint64_t key, std::uint32_t initial)
{
    if ((m_size + 1) * 2 > m_keys.size())
        grow();
    std::size_t i = mix(key) & m_mask;
    for (; m_values[i] != kAbsent; i = (i + 1) & m_mask)
        if (m_keys[i] == key)
            return m_values[i];
    m_keys[i] = key;
    m_values[i] = initial;
    ++m_size;
    return m_values[i];
}

void KeyIndex::assign(std::uint64_t key, std::uint32_t value)
{
    for (std::size_t i = mix(key) & m_mask;; i = (i + 1) & m_mask) {
        if (m_keys[i] == key && m_values[i] != kAbsent) {
            m_values[i] = value;
            return;
        }
    }
}

void KeyIndex::erase(std::uint64_t key)
{
    std::size_t i = mix(key) & m_mask;
    while (!(m_keys[i] == key && m_values[i] != kAbsent))
        i = (i + 1) & m_mask;
    // Backward-shift deletion keeps probe chains intact without tombstones.
    for (std::size_t j = (i + 1) & m_mask;; j = (j + 1) & m_mask) {
        if (m_values[j] == kAbsent)
            break;
        const std::size_t home = mix(m_keys[j]) & m_mask;
        // Move j into the hole at i unless j's home lies cyclically in (i, j].
        const bool homeBetween = i <= j ? (home > i && home <= j) : (home > i || home <= j);
        if (!homeBetween) {
            m_keys[i] = m_keys[j];
            m_values[i] = m_values[j];
            i = j;
        }
    }
    m_values[i] = kAbsent;
    --m_size;
}

void KeyIndex::clear()
{
    std::fill(m_values.begin(), m_values.end(), kAbsent);
    m_size = 0;
}

void KeyIndex::grow()
{
    std::vector<std::uint64_t> keys;
    std::vector<std::uint32_t> values;
    keys.swap(m_keys);
    values.swap(m_values);
    m_keys.assign(keys.size() * 2, 0);
    m_values.assign(keys.size() * 2, kAbsent);
    m_mask = m_keys.size() - 1;
    m_size = 0;
    for (std::size_t i = 0; i < keys.size(); ++i)
        if (values[i] != kAbsent)
            insert(keys[i], values[i]);
}

KeyStore::KeyStore(std::size_t capacity, Eviction eviction, Time ttl)
    : m_capacity(std::max<std::size_t>(1, capacity)), m_eviction(eviction), m_ttl(ttl),
      m_index(std::min<std::size_t>(m_capacity, 1 << 20))
{}

bool KeyStore::get(std::uint64_t key, Time now)
{
    const std::uint32_t slot = m_index.find(key);
    if (slot == KeyIndex::kAbsent)
        return false;
    if (m_ttl > 0 && m_expiry[slot] <= now) {
        remove(slot);
        return false;
    }
    touch(slot);
    return true;
}

void KeyStore::touch(std::uint32_t slot)
{
    switch (m_eviction) {
    case Eviction::Lru:
        if (m_head != slot) {
            unlink(slot);
            pushFront(slot);
        }
        break;
    case Eviction::Lfu:
        ++m_uses[slot];
        m_lastUse[slot] = ++m_clock;
        heapDown(m_heapPos[slot]);
        break;
    case Eviction::Fifo:
    case Eviction::Random:
        break;
    }
}

bool KeyStore::put(std::uint64_t key, Time now, RandomStream &rng)
{
    const std::uint32_t existing = m_index.find(key);
    if (existing != KeyIndex::kAbsent) {
        // A refill of a key already present renews its TTL; FIFO keeps its place in line.
        if (m_ttl > 0)
            m_expiry[existing] = now + m_ttl;
        touch(existing);
        return false;
    }
    bool evicted = false;
    if (m_index.size() >= m_capacity) {
        remove(victim(rng));
        evicted = true;
    }
    std::uint32_t slot = 0;
    if (!m_freeSlots.empty()) {
        slot = m_freeSlots.back();
        m_freeSlots.pop_back();
    } else {
        slot = static_cast<std::uint32_t>(m_key.size());
        m_key.push_back(0);
        m_expiry.push_back(0);
        m_prev.push_back(kNone);
        m_next.push_back(kNone);
        if (m_eviction == Eviction::Lfu) {
            m_uses.push_back(0);
            m_lastUse.push_back(0);
            m_heapPos.push_back(0);
        }
        if (m_eviction == Eviction::Random)
            m_densePos.push_back(0);
    }
    m_key[slot] = key;
    m_expiry[slot] = m_ttl > 0 ? now + m_ttl : kNever;
    m_index.insert(key, slot);
    switch (m_eviction) {
    case Eviction::Lru:
    case Eviction::Fifo:
        pushFront(slot);
        break;
    case Eviction::Lfu:
        m_uses[slot] = 1;
        m_lastUse[slot] = ++m_clock;
        m_heapPos[slot] = static_cast<std::uint32_t>(m_heap.size());
        m_heap.push_back(slot);
        heapUp(m_heap.size() - 1);
        break;
    case Eviction::Random:
        m_densePos[slot] = static_cast<std::uint32_t>(m_dense.size());
        m_dense.push_back(slot);
        break;
    }
    return evicted;
}

bool KeyStore::erase(std::uint64_t key)
{
    const std::uint32_t slot = m_index.find(key);
    if (slot == KeyIndex::kAbsent)
        return false;
    remove(slot);
    return true;
}

void KeyStore::clear()
{
    m_index.clear();
    m_key.clear();
    m_expiry.clear();
    m_prev.clear();
    m_next.clear();
    m_uses.clear();
    m_lastUse.clear();
    m_heap.clear();
    m_heapPos.clear();
    m_dense.clear();
    m_densePos.clear();
    m_freeSlots.clear();
    m_head = m_tail = kNone;
}

std::uint32_t KeyStore::victim(RandomStream &rng)
{
    switch (m_eviction) {
    case Eviction::Lru:
    case Eviction::Fifo:
        return m_tail; // least recently used, or first in
    case Eviction::Lfu:
        return m_heap.front();
    case Eviction::Random:
        return m_dense[rng.below(m_dense.size())];
    }
    return m_tail;
}

void KeyStore::remove(std::uint32_t slot)
{
    m_index.erase(m_key[slot]);
    switch (m_eviction) {
    case Eviction::Lru:
    case Eviction::Fifo:
        unlink(slot);
        break;
    case Eviction::Lfu: {
        const std::size_t pos = m_heapPos[slot];
        const std::size_t last = m_heap.size() - 1;
        if (pos != last) {
            heapSwap(pos, last);
            m_heap.pop_back();
            heapDown(pos);
            heapUp(pos);
        } else {
            m_heap.pop_back();
        }
        break;
    }
    case Eviction::Random: {
        const std::uint32_t pos = m_densePos[slot];
        const std::uint32_t moved = m_dense.back();
        m_dense[pos] = moved;
        m_densePos[moved] = pos;
        m_dense.pop_back();
        break;
    }
    }
    m_freeSlots.push_back(slot);
}

void KeyStore::unlink(std::uint32_t slot)
{
    const std::uint32_t p = m_prev[slot], n = m_next[slot];
    if (p != kNone)
        m_next[p] = n;
    else
        m_head = n;
    if (n != kNone)
        m_prev[n] = p;
    else
        m_tail = p;
    m_prev[slot] = m_next[slot] = kNone;
}

void KeyStore::pushFront(std::uint32_t slot)
{
    m_prev[slot] = kNone;
    m_next[slot] = m_head;
    if (m_head != kNone)
        m_prev[m_head] = slot;
    m_head = slot;
    if (m_tail == kNone)
        m_tail = slot;
}

bool KeyStore::lfuBefore(std::uint32_t a, std::uint32_t b) const
{
    // Fewest uses first; among equals the one used longest ago.
    return m_uses[a] < m_uses[b] || (m_uses[a] == m_uses[b] && m_lastUse[a] < m_lastUse[b]);
}

void KeyStore::heapSwap(std::size_t i, std::size_t j)
{
    std::swap(m_heap[i], m_heap[j]);
    m_heapPos[m_heap[i]] = static_cast<std::uint32_t>(i);
    m_heapPos[m_heap[j]] = static_cast<std::uint32_t>(j);
}

void KeyStore::heapUp(std::size_t i)
{
    while (i > 0) {
        const std::size_t parent = (i - 1) / 2;
        if (!lfuBefore(m_heap[i], m_heap[parent]))
            break;
        heapSwap(i, parent);
        i = parent;
    }
}

void KeyStore::heapDown(std::size_t i)
{
    const std::size_t n = m_heap.size();
    for (;;) {
        std::size_t best = i;
        const std::size_t l = 2 * i + 1, r = l + 1;
        if (l < n && lfuBefore(m_heap[l], m_heap[best]))
            best = l;
        if (r < n && lfuBefore(m_heap[r], m_heap[best]))
            best = r;
        if (best == i)
            return;
        heapSwap(i, best);
        i = best;
    }
}

} // namespace scalelab::sim
