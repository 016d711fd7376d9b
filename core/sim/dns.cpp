#include "sim/dns.h"

#include "sim/engine.h"
#include "sim/request.h"

#include <algorithm>
#include <limits>

namespace scalelab::sim {

namespace {

constexpr Time kLongAgo = std::numeric_limits<Time>::min();
constexpr int kMaskBits = 64;

std::uint64_t mixUser(std::uint32_t user)
{
    // splitmix64: refresh phases and round-robin offsets spread evenly over the users.
    std::uint64_t z = user + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// A refresh epoch as kept per user: never 0, which means "no lookup yet". Epochs wrap after 65535
// TTLs; a user idle for exactly that long would skip one lookup, which nobody can notice.
std::uint16_t epochTag(std::int64_t epoch)
{
    return static_cast<std::uint16_t>((epoch + 1) % 65535 + 1);
}

bool healthyIn(std::uint64_t mask, std::size_t target)
{
    return target >= kMaskBits || ((mask >> target) & 1u) != 0;
}

} // namespace

Dns::Dns(std::string id, Config config)
    : Component(std::move(id), "dns"), m_config(config), m_epochSeen(config.users, 0)
{}

void Dns::start(Engine &engine)
{
    for (const std::uint32_t l : outLinks()) {
        const std::uint32_t to = engine.link(l).to;
        m_targets.push_back(Target{l, to, engine.region(to), engine.component(to).id(), 0});
    }
    m_history.push_back({kLongAgo, observeHealth(engine), !m_failed});
    if (m_config.checkInterval > 0)
        engine.schedule(engine.now() + m_config.checkInterval, index(), kHealthCheck);
}

Time Dns::phaseOf(std::uint32_t user) const
{
    return m_config.ttl > 0
               ? static_cast<Time>(mixUser(user) % static_cast<std::uint64_t>(m_config.ttl))
               : 0;
}

Time Dns::refreshInstant(std::uint32_t user, Time now) const
{
    if (m_config.ttl <= 0)
        return now;
    const Time phase = phaseOf(user);
    // now >= 0 and phase < ttl, so the floor of (now - phase) / ttl is at least -1.
    const std::int64_t epoch = now >= phase ? (now - phase) / m_config.ttl : -1;
    return phase + epoch * m_config.ttl;
}

Dns::HealthMask Dns::observeHealth(Engine &engine) const
{
    // A target answers while at least one of its instances is up.
    HealthMask mask = 0;
    const std::size_t n = std::min<std::size_t>(m_targets.size(), kMaskBits);
    for (std::size_t i = 0; i < n; ++i) {
        const Component &c = engine.component(m_targets[i].component);
        for (int k = 0; k < c.instanceCount(); ++k) {
            if (c.instanceUp(k)) {
                mask |= HealthMask{1} << i;
                break;
            }
        }
    }
    return mask;
}

void Dns::checkHealth(Engine &engine)
{
    if (m_history.empty())
        return; // not started yet: start() records the first state
    const HealthMask mask = observeHealth(engine);
    const HealthChange &last = m_history.back();
    if (mask != last.healthy || last.answering == m_failed) {
        const bool targetsChanged = mask != last.healthy;
        m_history.push_back({engine.now(), mask, !m_failed});
        if (targetsChanged)
            engine.stateChanged(index(), "answers changed with the targets' health");
    }
}

const Dns::HealthChange &Dns::stateAt(Time at) const
{
    // The last change at or before `at`; the history keeps the oldest entry anyone can still
    // need, so earlier instants fall on it.
    auto it = std::upper_bound(m_history.begin(), m_history.end(), at,
                               [](Time t, const HealthChange &c) { return t < c.at; });
    return it == m_history.begin() ? m_history.front() : *std::prev(it);
}

int Dns::answerFor(const Engine &engine, const Request &request, HealthMask mask,
                   std::int64_t epoch) const
{
    const std::size_t n = m_targets.size();
    const std::uint64_t spread = mixUser(request.user);
    std::size_t healthy = 0;
    for (std::size_t i = 0; i < n; ++i)
        healthy += healthyIn(mask, i) ? 1 : 0;

    if (m_config.policy == Policy::RoundRobin) {
        // Each refresh hands the user the next healthy target in turn; the user keeps it for
        // the TTL. The user's own offset spreads users who refresh in the same slot.
        const std::uint64_t turn = spread + static_cast<std::uint64_t>(epoch + 1);
        if (healthy == 0)
            return static_cast<int>(turn % n);
        std::size_t pick = turn % healthy;
        for (std::size_t i = 0; i < n; ++i)
            if (healthyIn(mask, i) && pick-- == 0)
                return static_cast<int>(i);
        return 0;
    }

    // Geo: the healthy target nearest the user's region, its own region first; targets equally
    // near share the users.
    const int home = request.region;
    auto distance = [&](std::size_t i) -> Time {
        const int r = m_targets[i].region;
        if (home >= 0 && r == home)
            return -1;
        return engine.regionLatency(home, r);
    };
    bool anyHealthy = healthy > 0;
    Time best = std::numeric_limits<Time>::max();
    std::size_t ties = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (anyHealthy && !healthyIn(mask, i))
            continue;
        const Time d = distance(i);
        if (d < best) {
            best = d;
            ties = 1;
        } else if (d == best) {
            ++ties;
        }
    }
    // Nothing healthy: the records still name the nearest target, and the requests fail there.
    std::size_t pick = spread % ties;
    for (std::size_t i = 0; i < n; ++i) {
        if ((anyHealthy && !healthyIn(mask, i)) || distance(i) != best)
            continue;
        if (pick-- == 0)
            return static_cast<int>(i);
    }
    return 0;
}

void Dns::handle(Engine &engine, const Event &event)
{
    const Time now = engine.now();
    switch (event.kind) {
    case kArrive: {
        m_stats.arrive();
        m_stats.enter(now);
        if (m_targets.empty()) {
            m_stats.answer(engine, event.request,
                           ReplyOk); // nothing to resolve to: it answers itself
            return;
        }
        checkHealth(engine);
        Request &r = engine.requests()[event.request];
        const bool counted = m_stats.inWindow(r.top().arrivedAt);
        const Time refresh = refreshInstant(r.user, now);
        // With no TTL every request is a refresh of its own: its instant numbers it.
        const std::int64_t epoch =
            m_config.ttl > 0 ? (refresh - phaseOf(r.user)) / m_config.ttl : now;
        if (r.user >= m_epochSeen.size())
            m_epochSeen.resize(static_cast<std::size_t>(r.user) + 1, 0);
        std::uint16_t &seen = m_epochSeen[r.user];
        const HealthChange &state = stateAt(refresh);
        if (!state.answering) {
            // The user's cached answer ran out while the name service was down: no address.
            m_stats.answer(engine, event.request, 0);
            return;
        }
        const bool lookup = m_config.ttl <= 0 || seen != epochTag(epoch);
        Time delay = 0;
        if (lookup) {
            seen = epochTag(epoch);
            if (counted)
                ++m_lookups;
            if (m_config.latency.mean > 0)
                delay = m_config.latency.sample(rng());
        }
        const int target = answerFor(engine, r, state.healthy, epoch);
        r.top().phase = static_cast<std::uint16_t>(target);
        if (counted)
            ++m_targets[static_cast<std::size_t>(target)].sent;
        if (delay > 0)
            engine.schedule(now + delay, index(), kLookupDone, event.request);
        else if (!engine.send(event.request, m_targets[static_cast<std::size_t>(target)].link))
            m_stats.answer(engine, event.request, 0); // a partition on the way, or a request cycle
        break;
    }
    case kLookupDone: { // the lookup is over: the user connects to its answer
        const std::size_t target = engine.requests()[event.request].top().phase;
        if (!engine.send(event.request, m_targets[target].link))
            m_stats.answer(engine, event.request, 0);
        break;
    }
    case kReply:
        m_stats.answer(engine, event.request, event.aux);
        break;
    case kHealthCheck: {
        checkHealth(engine);
        // Forget changes nobody can still need: every refresh instant from now on lies after
        // now - ttl, so only the last change at or before that instant must stay.
        const Time horizon = now - m_config.ttl;
        std::size_t drop = 0;
        while (drop + 1 < m_history.size() && m_history[drop + 1].at <= horizon)
            ++drop;
        if (drop > 0)
            m_history.erase(m_history.begin(),
                            m_history.begin() + static_cast<std::ptrdiff_t>(drop));
        engine.schedule(now + m_config.checkInterval, index(), kHealthCheck);
        break;
    }
    default:
        break;
    }
}

bool Dns::fail(Engine &engine, int)
{
    m_failed = true;
    checkHealth(engine);
    engine.stateChanged(index(), "failed: cached answers still work until their TTL runs out");
    return true;
}

bool Dns::recover(Engine &engine, int)
{
    m_failed = false;
    checkHealth(engine);
    engine.stateChanged(index(), "recovered");
    return true;
}

bool Dns::probe(Time, Probe &out) const
{
    m_stats.probe(out);
    return true;
}

void Dns::resetStatistics(Time now)
{
    m_stats.reset(now);
    m_lookups = 0;
    for (Target &t : m_targets)
        t.sent = 0;
}

void Dns::merge(const Component &other, Time otherNow)
{
    const auto &o = static_cast<const Dns &>(other);
    m_stats.merge(o.m_stats, otherNow);
    m_lookups += o.m_lookups;
    for (std::size_t i = 0; i < m_targets.size() && i < o.m_targets.size(); ++i)
        m_targets[i].sent += o.m_targets[i].sent;
}

LoadFact Dns::loadFact(Time now, double busy) const
{
    LoadFact fact = Component::loadFact(now, busy);
    fact.code = LoadFact::Code::NamesTheWay;
    return fact;
}

void Dns::report(Time now, Metrics &out) const
{
    m_stats.report(now, out);
    out.add("utilization", -1.0);
    out.add("lookups", m_lookups);
    // Where the users were sent: a region failure shows as traffic moving over.
    for (const Target &t : m_targets)
        out.add("answers." + t.id, t.sent);
}

} // namespace scalelab::sim
