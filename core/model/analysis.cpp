#include "analysis.h"

#include "component_kind.h"
#include "cost.h"
#include "explanations.h"
#include "kinds/kind_support.h"
#include "parameter_table.h"

#include "sim/shard_router.h"

#include <QJsonArray>
#include <QSet>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/biconnected_components.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/depth_first_search.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <iterator>
#include <limits>
#include <map>
#include <set>
#include <vector>

namespace scalelab::model {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// The request kinds of a client's mix, in MODEL.md's order.
enum Kind { Static, Read, Write, Job, KindCount };
constexpr std::array<const char *, KindCount> kKindNames = {"static", "read", "write", "job"};

// What a component spends its cores on: the bottleneck's explanation names the largest share.
enum Purpose { WorkStatic, WorkRead, WorkWrite, WorkJob, WorkSession, WorkReplication, WorkCount };

Purpose workOf(Kind kind)
{
    switch (kind) {
    case Static:
        return WorkStatic;
    case Write:
        return WorkWrite;
    case Job:
        return WorkJob;
    case Read:
    case KindCount:
        break;
    }
    return WorkRead;
}

using kinds::meanOf;
using kinds::percent;

bool isExponential(const Component &component, const QString &name)
{
    const QJsonValue value = component.value(name);
    const QString dist = value.toObject().value(QLatin1String("dist")).toString();
    return value.isObject() && dist == QLatin1String("exponential");
}

double memberNumber(const Component &component, const QString &object, const QString &name,
                    double fallback)
{
    return component.member(object, name).toDouble(fallback);
}

QString joined(const QStringList &ids)
{
    if (ids.size() <= 1)
        return ids.value(0);
    return ids.mid(0, ids.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" and ") +
           ids.last();
}

// ---------------------------------------------------------------------------------------------
// The drawn graph, with monitors left out: they observe the system, no request passes them.

struct Topology {
    int n = 0;
    QHash<QString, int> index;
    std::vector<QString> type;
    std::vector<std::vector<int>> down;     // request downstreams, in link order
    std::vector<std::vector<int>> replicas; // replication targets
    std::vector<std::vector<int>> standbys; // load balancers standing by for this one
    std::vector<char> standby;              // a load balancer that stands by for a peer

    bool is(int component, const char *typeName) const
    {
        return type[static_cast<std::size_t>(component)] == QLatin1String(typeName);
    }
    const std::vector<int> &downstream(int component) const
    {
        return down[static_cast<std::size_t>(component)];
    }
};

void addUnique(std::vector<int> &list, int value)
{
    if (std::find(list.begin(), list.end(), value) == list.end())
        list.push_back(value);
}

Topology topologyOf(const Model &model)
{
    Topology t;
    t.n = static_cast<int>(model.components.size());
    const auto size = static_cast<std::size_t>(t.n);
    t.type.resize(size);
    t.down.resize(size);
    t.replicas.resize(size);
    t.standbys.resize(size);
    t.standby.assign(size, 0);
    for (int i = 0; i < t.n; ++i) {
        const Component &component = model.components.at(i);
        t.index.insert(component.id, i);
        t.type[static_cast<std::size_t>(i)] = component.type;
    }
    for (const Link &link : model.links) {
        const int from = t.index.value(link.from, -1);
        const int to = t.index.value(link.to, -1);
        if (from < 0 || to < 0 || t.is(from, "monitor") || t.is(to, "monitor"))
            continue;
        auto &list = link.kind == Link::Kind::Replication ? t.replicas : t.down;
        addUnique(list[static_cast<std::size_t>(from)], to);
    }
    for (int i = 0; i < t.n; ++i) {
        if (!t.is(i, "load_balancer"))
            continue;
        const int peer =
            t.index.value(model.components.at(i).text(QStringLiteral("standby_for")), -1);
        if (peer >= 0 && peer != i && t.is(peer, "load_balancer")) {
            addUnique(t.standbys[static_cast<std::size_t>(peer)], i);
            t.standby[static_cast<std::size_t>(i)] = 1;
        }
    }
    return t;
}

// What a web server calls while `failed` is down, as the engine's does: of its caches, session
// stores, queues and shard routers the first one up in link order (its client library fails over
// to the next endpoint), or with `standbys` every one that is up (what could take a call); of its
// databases only the first (another database does not hold its data; a replica set fails over by
// itself), shard routers only without a database. Anything else it links to as drawn.
std::vector<int> webCalls(const Topology &t, int web, int failed, bool standbys)
{
    const auto &down = t.downstream(web);
    const bool hasDatabase =
        std::any_of(down.begin(), down.end(), [&](int v) { return t.is(v, "database"); });
    std::vector<int> calls;
    std::set<QString> served;
    for (const int v : down) {
        const QString &type = t.type[static_cast<std::size_t>(v)];
        const bool database = type == QLatin1String("database");
        const bool endpoint =
            type == QLatin1String("cache") || type == QLatin1String("session_store") ||
            type == QLatin1String("queue") || type == QLatin1String("shard_router");
        if (!database && !endpoint) {
            calls.push_back(v);
            continue;
        }
        if (type == QLatin1String("shard_router") && hasDatabase)
            continue;
        if ((served.count(type) && (database || !standbys)) || (endpoint && v == failed))
            continue;
        served.insert(type);
        calls.push_back(v);
    }
    return calls;
}

// ---------------------------------------------------------------------------------------------
// Graph checks with Boost.Graph.

using Digraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
using Undigraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;

// What the clients' requests can reach: request links (of a web server, those it may call, its
// standbys included), then the replicas of a reached primary and the standby of a reached load
// balancer (it takes over its peer's traffic).
std::vector<char> reachableFromClients(const Topology &t)
{
    Digraph graph(static_cast<std::size_t>(t.n) + 1);
    const auto root = static_cast<std::size_t>(t.n);
    for (int i = 0; i < t.n; ++i) {
        const auto from = static_cast<std::size_t>(i);
        if (t.is(i, "client"))
            boost::add_edge(root, from, graph);
        const std::vector<int> calls =
            t.is(i, "web_server") ? webCalls(t, i, -1, true) : t.down[from];
        for (const auto *list : {&calls, &t.replicas[from], &t.standbys[from]}) {
            for (const int to : *list)
                boost::add_edge(from, static_cast<std::size_t>(to), graph);
        }
    }
    std::vector<boost::default_color_type> colors(root + 1, boost::white_color);
    boost::breadth_first_search(graph, boost::vertex(root, graph),
                                boost::color_map(boost::make_iterator_property_map(
                                    colors.begin(), boost::get(boost::vertex_index, graph))));
    std::vector<char> reached(root, 0);
    for (std::size_t i = 0; i < root; ++i)
        reached[i] = colors[i] != boost::white_color;
    return reached;
}

// Records each back edge of a depth-first search as the cycle it closes: the tree path from the
// edge's target down to its source.
class CycleRecorder : public boost::default_dfs_visitor {
public:
    CycleRecorder(std::vector<std::size_t> *parent, std::vector<std::vector<std::size_t>> *cycles)
        : m_parent(parent), m_cycles(cycles)
    {}

    template <typename Edge, typename Graph> void tree_edge(Edge edge, const Graph &graph)
    {
        (*m_parent)[boost::target(edge, graph)] = boost::source(edge, graph);
    }

    template <typename Edge, typename Graph> void back_edge(Edge edge, const Graph &graph)
    {
        const std::size_t head = boost::target(edge, graph);
        std::vector<std::size_t> cycle{boost::source(edge, graph)};
        while (cycle.back() != head && cycle.size() <= m_parent->size())
            cycle.push_back((*m_parent)[cycle.back()]);
        std::reverse(cycle.begin(), cycle.end());
        m_cycles->push_back(std::move(cycle));
    }

private:
    std::vector<std::size_t> *m_parent;
    std::vector<std::vector<std::size_t>> *m_cycles;
};

QList<QStringList> requestCycles(const Model &model, const Topology &t)
{
    Digraph graph(static_cast<std::size_t>(t.n));
    for (int i = 0; i < t.n; ++i) {
        for (const int to : t.downstream(i))
            boost::add_edge(static_cast<std::size_t>(i), static_cast<std::size_t>(to), graph);
    }
    std::vector<std::size_t> parent(static_cast<std::size_t>(t.n), 0);
    std::vector<std::vector<std::size_t>> found;
    std::vector<boost::default_color_type> colors(static_cast<std::size_t>(t.n));
    boost::depth_first_search(graph,
                              boost::visitor(CycleRecorder(&parent, &found))
                                  .color_map(boost::make_iterator_property_map(
                                      colors.begin(), boost::get(boost::vertex_index, graph))));
    QList<QStringList> cycles;
    for (const auto &cycle : found) {
        QStringList ids;
        for (const std::size_t v : cycle)
            ids << model.components.at(static_cast<qsizetype>(v)).id;
        cycles << ids;
    }
    return cycles;
}

// Articulation points of the undirected request graph among the reached components that serve
// requests (clients are the users, monitors only watch).
std::vector<char> articulationPoints(const Topology &t, const std::vector<char> &reached)
{
    std::vector<int> local(static_cast<std::size_t>(t.n), -1);
    std::vector<int> global;
    for (int i = 0; i < t.n; ++i) {
        if (reached[static_cast<std::size_t>(i)] && !t.is(i, "client") && !t.is(i, "monitor")) {
            local[static_cast<std::size_t>(i)] = static_cast<int>(global.size());
            global.push_back(i);
        }
    }
    Undigraph graph(global.size());
    for (const int from : global) {
        const auto f = static_cast<std::size_t>(from);
        for (const auto *list : {&t.down[f], &t.standbys[f]}) {
            for (const int to : *list) {
                const int a = local[f];
                const int b = local[static_cast<std::size_t>(to)];
                if (b >= 0 && a != b)
                    boost::add_edge(static_cast<std::size_t>(a), static_cast<std::size_t>(b),
                                    graph);
            }
        }
    }
    std::vector<std::size_t> points;
    if (!global.empty())
        boost::articulation_points(graph, std::back_inserter(points));
    std::vector<char> result(static_cast<std::size_t>(t.n), 0);
    for (const std::size_t point : points)
        result[static_cast<std::size_t>(global[point])] = 1;
    return result;
}

// The components one client's requests of one kind can touch while `failed` is down, following
// the routing rules coarsely: static requests take the CDN when there is one and end at a web
// server (apart from its session lookup); a failed load balancer's standby takes its traffic; a
// web server calls what webCalls() says (with `standbys`, what can still be reached, standing by
// or not).
std::vector<char> touchedBy(const Topology &t, int client, Kind kind, int failed,
                            bool standbys = false)
{
    std::vector<char> seen(static_cast<std::size_t>(t.n), 0);
    std::deque<int> queue;
    const auto enter = [&](int v) {
        std::vector<int> takers{v};
        takers.insert(takers.end(), t.standbys[static_cast<std::size_t>(v)].begin(),
                      t.standbys[static_cast<std::size_t>(v)].end());
        for (const int w : takers) {
            if (w != failed && !seen[static_cast<std::size_t>(w)]) {
                seen[static_cast<std::size_t>(w)] = 1;
                queue.push_back(w);
            }
        }
    };
    const auto &first = t.downstream(client);
    const bool hasCdn =
        std::any_of(first.begin(), first.end(), [&](int v) { return t.is(v, "cdn"); });
    for (const int v : first) {
        if ((kind == Static && hasCdn) == t.is(v, "cdn"))
            enter(v);
    }
    while (!queue.empty()) {
        const int u = queue.front();
        queue.pop_front();
        const bool web = t.is(u, "web_server");
        const bool endsHere = kind == Static && web;
        for (const int v : web ? webCalls(t, u, failed, standbys) : t.downstream(u)) {
            if (!endsHere || t.is(v, "session_store"))
                enter(v);
        }
        for (const int v : t.replicas[static_cast<std::size_t>(u)])
            enter(v);
    }
    return seen;
}

// ---------------------------------------------------------------------------------------------
// Cache hit ratios under independent references.

struct KeyLaw {
    double weight = 0; // lookups per second that follow this law
    double count = 0;  // keys 1..count
    double zipf = 0;   // p_i proportional to i^-zipf
};

// `keys` keys, each looked up with probability p.
struct KeyGroup {
    double keys = 0;
    double p = 0;
};

// Sum of i^-s for i in [a, b): exact for one key, else the midpoint integral from a - 1/2 to
// b - 1/2, which is accurate to about s(s+1)/(24 a^2) relative: we only group keys past 20000.
double powerSum(double a, double b, double s)
{
    if (b - a <= 1)
        return std::pow(a, -s);
    const double lo = a - 0.5;
    const double hi = b - 0.5;
    const double oneMinusS = 1 - s;
    const double logRatio = std::log(hi / lo);
    // x^(1-s) differences through expm1 stay exact as s approaches 1 (where the sum is a log).
    if (std::abs(oneMinusS) < 1e-12)
        return logRatio;
    return std::pow(lo, oneMinusS) * std::expm1(oneMinusS * logRatio) / oneMinusS;
}

// The popularity of every key, most popular first: the head key by key, the tail (millions of
// keys) in geometric groups of nearly equal popularity so that solving for T stays fast.
std::vector<KeyGroup> popularity(const std::vector<KeyLaw> &laws)
{
    constexpr double kExactKeys = 20000;
    constexpr double kGroupGrowth = 0.002;
    double maxKeys = 0;
    double totalWeight = 0;
    for (const KeyLaw &law : laws) {
        maxKeys = std::max(maxKeys, law.count);
        totalWeight += law.weight;
    }
    if (maxKeys < 1 || totalWeight <= 0)
        return {};
    std::set<double> bounds;
    for (double a = 1; a <= maxKeys + 1;) {
        bounds.insert(a);
        a = a < kExactKeys ? a + 1 : std::max(a + 1, std::floor(a * (1 + kGroupGrowth)));
    }
    bounds.insert(maxKeys + 1);
    for (const KeyLaw &law : laws)
        bounds.insert(law.count + 1);
    const std::vector<double> edges(bounds.begin(), bounds.end());
    const std::size_t groups = edges.size() - 1;

    std::vector<KeyGroup> result(groups);
    for (std::size_t g = 0; g < groups; ++g)
        result[g].keys = edges[g + 1] - edges[g];
    std::vector<double> mass(groups);
    for (const KeyLaw &law : laws) {
        double total = 0;
        for (std::size_t g = 0; g < groups && edges[g + 1] <= law.count + 1; ++g) {
            mass[g] = powerSum(edges[g], edges[g + 1], law.zipf);
            total += mass[g];
        }
        for (std::size_t g = 0; g < groups && edges[g + 1] <= law.count + 1; ++g)
            result[g].p += law.weight / totalWeight * mass[g] / total / result[g].keys;
    }
    return result;
}

// Solves sum(keys * occupancy(p T)) = capacity for T by bisection on a log scale; occupancy is
// increasing in T and bounded by p T, so T >= capacity.
template <typename Occupancy>
double characteristicTime(const std::vector<KeyGroup> &groups, double capacity, Occupancy fill)
{
    const auto filled = [&](double time) {
        double sum = 0;
        for (const KeyGroup &group : groups)
            sum += group.keys * fill(group.p * time);
        return sum;
    };
    double lo = capacity;
    double hi = capacity * 2;
    while (filled(hi) < capacity && hi < 1e300)
        hi *= 2;
    for (int i = 0; i < 200 && hi / lo - 1 > 1e-12; ++i) {
        const double mid = std::sqrt(lo * hi);
        (filled(mid) < capacity ? lo : hi) = mid;
    }
    return std::sqrt(lo * hi);
}

// Che's approximation for LRU; for FIFO and random the approximation of Martina, Garetto and
// Leonardi (2014), h_i = p_i T / (1 + p_i T), which gives both the same hit ratio as they have
// under independent references; LFU keeps the most popular keys (its steady state).
double hitRatio(const std::vector<KeyLaw> &laws, double capacity, const QString &eviction)
{
    const std::vector<KeyGroup> groups = popularity(laws);
    double keys = 0;
    for (const KeyGroup &group : groups)
        keys += group.keys;
    if (groups.empty() || capacity <= 0)
        return 0;
    if (capacity >= keys)
        return 1;
    if (eviction == QLatin1String("lfu")) {
        double hit = 0;
        double room = capacity;
        for (const KeyGroup &group : groups) {
            const double taken = std::min(room, group.keys);
            hit += taken * group.p;
            room -= taken;
            if (room <= 0)
                break;
        }
        return hit;
    }
    const bool lru = eviction != QLatin1String("fifo") && eviction != QLatin1String("random");
    const auto lruOccupancy = [](double x) { return -std::expm1(-x); };
    const auto fifoOccupancy = [](double x) { return x / (1 + x); };
    const double time = lru ? characteristicTime(groups, capacity, lruOccupancy)
                            : characteristicTime(groups, capacity, fifoOccupancy);
    double hit = 0;
    for (const KeyGroup &group : groups) {
        const double x = group.p * time;
        hit += group.keys * group.p * (lru ? lruOccupancy(x) : fifoOccupancy(x));
    }
    return hit;
}

// ---------------------------------------------------------------------------------------------
// Sharding: the engine's own key-to-shard mapping (sim/shard_router.h) applied to the keys.

// Keys mapped one by one: the most popular of a key law, or a sample spread over a key space.
constexpr std::uint64_t kShardSample = 200000;

struct ShardSetup {
    sim::ShardStrategy strategy = sim::ShardStrategy::HashMod;
    QString strategyName;
    int virtualNodes = 100;
    bool byUser = false;
    std::uint64_t keySpace = 1; // what a range router splits: as the simulation builder sizes it
};

ShardSetup shardSetup(const Model &model, const Component &router)
{
    ShardSetup setup;
    setup.strategyName = router.text(QStringLiteral("strategy"));
    setup.strategy = kinds::shardStrategyNamed(setup.strategyName);
    setup.virtualNodes =
        std::max(1, static_cast<int>(router.number(QStringLiteral("virtual_nodes"), 100)));
    setup.byUser = router.text(QStringLiteral("shard_key")) == QLatin1String("user");
    double keys = 1;
    double users = 0;
    for (const Component &c : model.components) {
        if (c.type != QLatin1String("client"))
            continue;
        keys = std::max(keys,
                        c.member(QStringLiteral("keys"), QStringLiteral("count")).toDouble(10000));
        users += c.number(QStringLiteral("users"), 100000);
    }
    setup.keySpace = static_cast<std::uint64_t>(std::max(1.0, setup.byUser ? users : keys));
    return setup;
}

// The share of the key space whose shard changes when one shard is added to `shards`: a sample
// of keys spread evenly over it, mapped with n and n + 1 shards.
double movedShare(const ShardSetup &setup, sim::ShardStrategy strategy, int shards)
{
    if (shards <= 0)
        return 0;
    const sim::ShardMap before(strategy, shards, setup.virtualNodes, setup.keySpace);
    const sim::ShardMap after(strategy, shards + 1, setup.virtualNodes, setup.keySpace);
    const std::uint64_t samples = std::min(setup.keySpace, kShardSample);
    std::uint64_t moved = 0;
    for (std::uint64_t j = 0; j < samples; ++j) {
        const std::uint64_t key = j * setup.keySpace / samples;
        moved += before.shardOf(key) != after.shardOf(key) ? 1 : 0;
    }
    return static_cast<double>(moved) / static_cast<double>(samples);
}

// The share of one client's requests each shard gets. Keys: the most popular keys mapped one by
// one with their Zipf weight, so a hot key makes a hot shard here too; the tail in small runs of
// neighbouring keys, each weighted by its exact mass and mapped by its middle key. Users
// (shard_key user): the client's users are equally likely, a sample of them is mapped.
std::vector<double> shardShares(const sim::ShardMap &map, bool byUser, const KeyLaw &keys,
                                double firstUser, double users)
{
    std::vector<double> share(static_cast<std::size_t>(std::max(0, map.shards())), 0);
    if (share.empty())
        return share;
    double total = 0;
    const auto add = [&](double key, double weight) {
        share[static_cast<std::size_t>(map.shardOf(static_cast<std::uint64_t>(key)))] += weight;
        total += weight;
    };
    if (byUser) {
        const double samples = std::min(std::max(1.0, users), static_cast<double>(kShardSample));
        for (double j = 0; j < samples; ++j)
            add(firstUser + std::floor(j * users / samples), 1);
    } else {
        const double count = std::max(1.0, keys.count);
        const double exact = std::min(count, static_cast<double>(kShardSample));
        for (double k = 0; k < exact; ++k)
            add(k, std::pow(k + 1, -keys.zipf)); // key k is popularity rank k + 1
        const double runs = static_cast<double>(kShardSample);
        for (double j = 0; j < runs && exact < count; ++j) {
            const double a = exact + std::floor(j * (count - exact) / runs);
            const double b = exact + std::floor((j + 1) * (count - exact) / runs);
            if (b > a)
                add(a + std::floor((b - a) / 2), powerSum(a + 1, b + 1, keys.zipf));
        }
    }
    for (double &x : share)
        x = total > 0 ? x / total : 0;
    return share;
}

// ---------------------------------------------------------------------------------------------
// Erlang C and the M/M/c response time.

// Probability that an arrival waits in M/M/c with offered load a = lambda / mu (a < c).
double erlangC(int servers, double load)
{
    if (load <= 0)
        return 0;
    double blocking = 1; // Erlang B by its stable recursion
    for (int k = 1; k <= servers; ++k)
        blocking = load * blocking / (k + load * blocking);
    const double rho = load / servers;
    return blocking / (1 - rho * (1 - blocking));
}

// Mean wait plus service in M/M/c: Wq = C(c, a) / (c mu - lambda) = C(c, a) D / (c - a).
double mmcResponseMs(int servers, double arrivalRps, double serviceMs)
{
    if (serviceMs <= 0 || servers <= 0)
        return std::max(serviceMs, 0.0);
    const double load = arrivalRps * serviceMs / 1000;
    if (load >= servers)
        return kInfinity;
    return erlangC(servers, load) * serviceMs / (servers - load) + serviceMs;
}

// ---------------------------------------------------------------------------------------------
// Routing the clients' load through the model, the way the engine does on average.

struct Station {
    double arrival = 0;
    std::array<double, WorkCount> busyMs{}; // core milliseconds per second, by purpose
    std::vector<double> lookups;            // per client: cacheable lookups per second
    bool cut = false;                       // a request cycle through it was cut
};

struct ClientLoad {
    double rate = 0;
    std::array<double, KindCount> mix{};
    KeyLaw keys;
};

class Router {
public:
    Router(const Model &model, const Topology &topology, const std::vector<ClientLoad> &clients)
        : m_model(model), m_t(topology), m_clients(clients),
          m_hit(static_cast<std::size_t>(topology.n), 0),
          m_onPath(static_cast<std::size_t>(topology.n), 0)
    {}

    // Routes the load, then recomputes the hit ratios from the lookups that reached each cache,
    // until they settle (at once, unless one cache sits behind another).
    void run()
    {
        for (int pass = 0; pass < 6; ++pass) {
            m_stations.assign(static_cast<std::size_t>(m_t.n), Station{});
            m_routed.assign(static_cast<std::size_t>(m_t.n), {});
            for (Station &station : m_stations)
                station.lookups.assign(m_clients.size(), 0);
            for (int c = 0; c < m_t.n; ++c) {
                if (!m_t.is(c, "client"))
                    continue;
                const ClientLoad &load = m_clients[static_cast<std::size_t>(c)];
                m_stations[static_cast<std::size_t>(c)].arrival = load.rate;
                for (int kind = 0; kind < KindCount; ++kind)
                    send(c, static_cast<Kind>(kind), load.rate * load.mix[kind]);
            }
            bool changed = pass == 0;
            for (int i = 0; i < m_t.n; ++i) {
                if (!m_t.is(i, "cache") && !m_t.is(i, "cdn"))
                    continue;
                const double hit = hitRatioAt(i);
                changed = changed || std::abs(hit - m_hit[static_cast<std::size_t>(i)]) > 1e-12;
                m_hit[static_cast<std::size_t>(i)] = hit;
            }
            if (!changed)
                break;
        }
    }

    const Station &station(int i) const { return m_stations[static_cast<std::size_t>(i)]; }
    // A shard router: requests per second it sends to each of its shards (downstream order).
    const std::vector<double> &routed(int i) const { return m_routed[static_cast<std::size_t>(i)]; }
    double hit(int i) const { return m_hit[static_cast<std::size_t>(i)]; }

private:
    const Component &component(int i) const { return m_model.components.at(i); }
    Station &at(int i) { return m_stations[static_cast<std::size_t>(i)]; }

    double hitRatioAt(int i) const
    {
        std::vector<KeyLaw> laws;
        const Station &s = m_stations[static_cast<std::size_t>(i)];
        for (std::size_t c = 0; c < m_clients.size(); ++c) {
            if (s.lookups[c] <= 0)
                continue;
            KeyLaw law = m_clients[c].keys;
            law.weight = s.lookups[c];
            // Clients drawing from the same law add up to one law: one key space, fewer sums.
            const auto same = std::find_if(laws.begin(), laws.end(), [&](const KeyLaw &other) {
                return other.count == law.count && other.zipf == law.zipf;
            });
            if (same != laws.end())
                same->weight += law.weight;
            else
                laws.push_back(law);
        }
        const Component &cache = component(i);
        return hitRatio(laws, cache.number(QStringLiteral("capacity"), 0),
                        cache.text(QStringLiteral("eviction")));
    }

    // Downstreams that take traffic (a standby load balancer waits for its peer to fail).
    std::vector<int> targets(int from, bool (*accept)(const Topology &, int)) const
    {
        std::vector<int> result;
        for (const int v : m_t.downstream(from)) {
            if (!m_t.standby[static_cast<std::size_t>(v)] && accept(m_t, v))
                result.push_back(v);
        }
        return result;
    }

    static bool any(const Topology &, int) { return true; }
    static bool isCdn(const Topology &t, int v) { return t.is(v, "cdn"); }
    static bool notCdn(const Topology &t, int v) { return !t.is(v, "cdn"); }
    static bool isCache(const Topology &t, int v) { return t.is(v, "cache"); }
    static bool isQueue(const Topology &t, int v) { return t.is(v, "queue"); }
    static bool isWorker(const Topology &t, int v) { return t.is(v, "worker"); }
    static bool isSessionStore(const Topology &t, int v) { return t.is(v, "session_store"); }
    static bool isDatabase(const Topology &t, int v) { return t.is(v, "database"); }
    static bool isRouter(const Topology &t, int v) { return t.is(v, "shard_router"); }
    static std::vector<int> first(std::vector<int> list)
    {
        list.resize(std::min<std::size_t>(list.size(), 1));
        return list;
    }
    static bool isService(const Topology &t, int v)
    {
        return t.is(v, "load_balancer") || t.is(v, "web_server") || t.is(v, "dns");
    }

    // How many identical servers a downstream offers a load balancer or a queue.
    double instances(int i) const
    {
        return m_t.is(i, "web_server") || m_t.is(i, "worker")
                   ? std::max(1.0, component(i).number(QStringLiteral("count"), 1))
                   : 1.0;
    }

    void spread(const std::vector<int> &to, Kind kind, int client, double rps, bool byInstances)
    {
        double total = 0;
        for (const int v : to)
            total += byInstances ? instances(v) : 1;
        for (const int v : to)
            request(v, kind, client, rps * (byInstances ? instances(v) : 1) / total);
    }

    void send(int client, Kind kind, double rps)
    {
        if (rps <= 0)
            return;
        const std::vector<int> cdns = targets(client, isCdn);
        if (kind == Static && !cdns.empty())
            spread(cdns, kind, client, rps, false);
        else
            spread(targets(client, kind == Static ? any : notCdn), kind, client, rps, false);
    }

    void request(int i, Kind kind, int client, double rps)
    {
        if (rps <= 0)
            return;
        if (m_onPath[static_cast<std::size_t>(i)]) {
            at(i).cut = true; // a request cycle: the estimate stops going round it
            return;
        }
        m_onPath[static_cast<std::size_t>(i)] = 1;
        const QString &type = m_t.type[static_cast<std::size_t>(i)];
        if (type == QLatin1String("web_server")) {
            serveWeb(i, kind, client, rps);
        } else if (type == QLatin1String("database")) {
            serveDatabase(i, kind, client, rps);
        } else if (type == QLatin1String("cache")) {
            cacheOperation(i, WorkRead, rps);
            at(i).lookups[static_cast<std::size_t>(client)] += rps;
        } else if (type == QLatin1String("cdn")) {
            at(i).arrival += rps;
            double onward = rps;
            if (kind == Static) {
                at(i).lookups[static_cast<std::size_t>(client)] += rps;
                onward = rps * (1 - m_hit[static_cast<std::size_t>(i)]);
            }
            spread(targets(i, any), kind, client, onward, false);
        } else if (type == QLatin1String("load_balancer")) {
            at(i).arrival += rps;
            spread(targets(i, any), kind, client, rps, true);
        } else if (type == QLatin1String("dns")) {
            at(i).arrival += rps;
            spread(resolve(i, client), kind, client, rps, false);
        } else if (type == QLatin1String("shard_router")) {
            at(i).arrival += rps;
            routeToShards(i, kind, client, rps);
        } else if (type == QLatin1String("session_store")) {
            at(i).arrival += rps;
            at(i).busyMs[WorkSession] +=
                rps * meanOf(component(i), QStringLiteral("service_ms"), 0);
        } else if (type == QLatin1String("queue")) {
            at(i).arrival += rps;
            spread(targets(i, isWorker), Job, client, rps, true);
        } else if (type == QLatin1String("worker")) {
            at(i).arrival += rps;
            at(i).busyMs[WorkJob] += rps * meanOf(component(i), QStringLiteral("service_ms"), 100);
        } else if (type != QLatin1String("monitor")) {
            at(i).arrival += rps;
        }
        m_onPath[static_cast<std::size_t>(i)] = 0;
    }

    // Geo DNS answers with the downstreams nearest the client's region (its own region first);
    // round robin with all of them.
    std::vector<int> resolve(int dns, int client) const
    {
        std::vector<int> all = targets(dns, any);
        if (component(dns).text(QStringLiteral("policy")) == QLatin1String("round_robin"))
            return all;
        const QString &from = component(client).region;
        const auto distance = [&](int v) {
            const QString &to = component(v).region;
            if (from.isEmpty() || to.isEmpty() || from == to)
                return 0.0; // regionless components are everywhere
            // Another region is farther even when no latency to it was written down.
            return std::max(m_model.regionLatencyMs(from, to), 1e-9);
        };
        double nearest = kInfinity;
        for (const int v : all)
            nearest = std::min(nearest, distance(v));
        std::erase_if(all, [&](int v) { return distance(v) > nearest; });
        return all;
    }

    void cacheOperation(int i, Purpose work, double rps)
    {
        at(i).arrival += rps;
        at(i).busyMs[work] += rps * meanOf(component(i), QStringLiteral("service_ms"), 0.2);
    }

    void serveWeb(int i, Kind kind, int client, double rps)
    {
        const Component &web = component(i);
        at(i).arrival += rps;
        at(i).busyMs[workOf(kind)] += rps * meanOf(web, QStringLiteral("service_ms"), 10);
        if (web.text(QStringLiteral("sessions")) == QLatin1String("store"))
            spread(first(targets(i, isSessionStore)), Read, client, rps, false);
        if (kind == Static)
            return;
        if (kind == Job) {
            const std::vector<int> queues = first(targets(i, isQueue));
            if (queues.empty())
                at(i).busyMs[WorkJob] += rps * meanOf(web, QStringLiteral("job_ms"), 100);
            else
                spread(queues, Job, client, rps, false);
            return;
        }
        // Each call goes to the first of its kind (webCalls(): the others stand by), reads and
        // writes to the first database, or else the first shard router.
        std::vector<int> data = first(targets(i, isDatabase));
        if (data.empty())
            data = first(targets(i, isRouter));
        if (data.empty())
            data = targets(i, isService); // a web tier calling another tier of services
        const std::vector<int> caches = first(targets(i, isCache));
        if (kind == Read) {
            double misses = caches.empty() ? rps : 0;
            for (const int cache : caches) {
                const double share = rps / static_cast<double>(caches.size());
                const double missed = share * (1 - m_hit[static_cast<std::size_t>(cache)]);
                cacheOperation(cache, WorkRead, share);  // the lookup
                cacheOperation(cache, WorkRead, missed); // filling the key after the miss
                at(cache).lookups[static_cast<std::size_t>(client)] += share;
                misses += missed;
            }
            spread(data, Read, client, misses, false);
        } else {
            spread(data, Write, client, rps, false);
            for (const int cache : caches) // deleting the written key
                cacheOperation(cache, WorkWrite, rps / static_cast<double>(caches.size()));
        }
    }

    std::vector<int> replicasOf(int i) const
    {
        std::vector<int> result;
        for (const int v : m_t.replicas[static_cast<std::size_t>(i)]) {
            if (m_t.is(v, "database"))
                result.push_back(v);
        }
        return result;
    }

    void serveDatabase(int i, Kind kind, int client, double rps)
    {
        const Component &db = component(i);
        const std::vector<int> replicas = replicasOf(i);
        if (kind == Read || kind == Static) {
            const bool primary = db.text(QStringLiteral("role")) != QLatin1String("replica");
            if (primary && !replicas.empty()) {
                // Round robin over the replicas: the primary itself does no work for the read.
                spread(replicas, Read, client, rps, false);
                return;
            }
            at(i).arrival += rps;
            at(i).busyMs[WorkRead] += rps * meanOf(db, QStringLiteral("read_ms"), 5);
            return;
        }
        at(i).arrival += rps;
        at(i).busyMs[WorkWrite] += rps * meanOf(db, QStringLiteral("write_ms"), 10);
        for (const int replica : replicas)
            applyShippedWrites(replica, rps);
    }

    void applyShippedWrites(int i, double rps)
    {
        if (m_onPath[static_cast<std::size_t>(i)])
            return;
        m_onPath[static_cast<std::size_t>(i)] = 1;
        at(i).arrival += rps;
        const double writeMs = meanOf(component(i), QStringLiteral("write_ms"), 10);
        at(i).busyMs[WorkReplication] += rps * writeMs;
        for (const int replica : replicasOf(i))
            applyShippedWrites(replica, rps);
        m_onPath[static_cast<std::size_t>(i)] = 0;
    }

    const Model &m_model;
    const Topology &m_t;
    void routeToShards(int i, Kind kind, int client, double rps)
    {
        const std::vector<int> &shards = m_t.downstream(i);
        const std::vector<double> &share = shardSharesOf(i, client);
        std::vector<double> &routed = m_routed[static_cast<std::size_t>(i)];
        routed.resize(shards.size(), 0);
        for (std::size_t s = 0; s < shards.size() && s < share.size(); ++s) {
            routed[s] += rps * share[s];
            request(shards[s], kind, client, rps * share[s]);
        }
    }

    // Computed once per router and client: the mapping does not change between passes.
    const std::vector<double> &shardSharesOf(int router, int client)
    {
        const auto found = m_shares.find({router, client});
        if (found != m_shares.end())
            return found->second;
        const ShardSetup setup = shardSetup(m_model, component(router));
        const sim::ShardMap map(setup.strategy, static_cast<int>(m_t.downstream(router).size()),
                                setup.virtualNodes, setup.keySpace);
        double firstUser = 0; // clients number their users in model order, as the builder does
        for (int c = 0; c < client; ++c)
            if (m_t.is(c, "client"))
                firstUser += component(c).number(QStringLiteral("users"), 100000);
        const double users = component(client).number(QStringLiteral("users"), 100000);
        return m_shares[{router, client}] =
                   shardShares(map, setup.byUser, m_clients[static_cast<std::size_t>(client)].keys,
                               firstUser, users);
    }

    const std::vector<ClientLoad> &m_clients;
    std::vector<Station> m_stations;
    std::vector<std::vector<double>> m_routed;
    std::map<std::pair<int, int>, std::vector<double>> m_shares;
    std::vector<double> m_hit;
    std::vector<char> m_onPath;
};

std::vector<ClientLoad> clientLoads(const Model &model, const Topology &t,
                                    std::optional<double> rateRps)
{
    std::vector<ClientLoad> loads(static_cast<std::size_t>(t.n));
    double total = 0;
    int clients = 0;
    for (int i = 0; i < t.n; ++i) {
        if (!t.is(i, "client"))
            continue;
        const Component &client = model.components.at(i);
        ClientLoad &load = loads[static_cast<std::size_t>(i)];
        load.rate = std::max(0.0, client.number(QStringLiteral("rate_rps"), 0));
        total += load.rate;
        ++clients;
        const QJsonObject mix = client.value(QStringLiteral("mix")).toObject();
        double weights = 0;
        for (int kind = 0; kind < KindCount; ++kind) {
            load.mix[kind] = std::max(0.0, mix.value(QLatin1String(kKindNames[kind])).toDouble(0));
            weights += load.mix[kind];
        }
        if (weights <= 0) {
            load.mix = {0, 1, 0, 0};
            weights = 1;
        }
        for (double &share : load.mix)
            share /= weights;
        load.keys.count = std::max(
            1.0, memberNumber(client, QStringLiteral("keys"), QStringLiteral("count"), 10000));
        load.keys.zipf =
            std::max(0.0, memberNumber(client, QStringLiteral("keys"), QStringLiteral("zipf"), 0));
    }
    if (rateRps && clients > 0) {
        // Like `run --rate`: keep the clients' proportions, or share evenly when all are idle.
        for (int i = 0; i < t.n; ++i) {
            if (t.is(i, "client")) {
                double &r = loads[static_cast<std::size_t>(i)].rate;
                r = total > 0 ? r * *rateRps / total : *rateRps / clients;
            }
        }
    }
    return loads;
}

// ---------------------------------------------------------------------------------------------
// Putting the figures together.

using Capacity = StationCapacity;

const ComponentKindSpec &kindOf(const Component &component)
{
    return kindSpec(*kindNamed(component.type));
}

Capacity capacityOf(const Component &component)
{
    const ComponentKindSpec &kind = kindOf(component);
    return kind.capacity ? kind.capacity(component) : Capacity{};
}

// The core time a request would take when none arrives yet, so that capacity still means
// something on an idle component.
double nominalDemandMs(const Component &component)
{
    const ComponentKindSpec &kind = kindOf(component);
    return kind.nominalDemandMs ? kind.nominalDemandMs(component)
                                : meanOf(component, QStringLiteral("service_ms"), 0.2);
}

// The time a request spends in a component that is not a queueing station.
double delayMs(const Component &component)
{
    const ComponentKindSpec &kind = kindOf(component);
    return kind.delayMs ? kind.delayMs(component) : 0;
}

QString noteFor(const Component &component, const Capacity &capacity, const Station &station)
{
    const ComponentKindSpec &kind = kindOf(component);
    QStringList parts;
    if (kind.note)
        parts = kind.note(component, capacity);
    if (capacity.servers > 0 && !isExponential(component, kind.serviceParameter))
        parts << QStringLiteral("Its service time is not exponential, so the M/M/c wait is only "
                                "indicative.");
    if (station.cut)
        parts << QStringLiteral("A request cycle through it is cut in the estimate.");
    return parts.join(QLatin1Char(' '));
}

QString workPhrase(const QString &type, Purpose work)
{
    switch (work) {
    case WorkStatic:
        return QStringLiteral("serving static requests");
    case WorkRead:
        return type == QLatin1String("cache") ? QStringLiteral("serving reads and filling misses")
                                              : QStringLiteral("serving reads");
    case WorkWrite:
        return type == QLatin1String("cache") ? QStringLiteral("deleting keys after writes")
                                              : QStringLiteral("serving writes");
    case WorkJob:
        return QStringLiteral("running jobs");
    case WorkSession:
        return QStringLiteral("looking up sessions");
    case WorkReplication:
        return QStringLiteral("applying its primary's writes");
    case WorkCount:
        break;
    }
    return QStringLiteral("serving requests");
}

// The situation of component i, as the engine's load fact states it for the same component: the
// advice follows what is already there.
AdviceContext adviceContextOf(const Model &model, const Topology &t, int i, Purpose work)
{
    AdviceContext context;
    context.work = static_cast<Work>(work);
    context.hasReplicas = !t.replicas[static_cast<std::size_t>(i)].empty();
    context.isReplica =
        model.components.at(i).text(QStringLiteral("role")) == QLatin1String("replica");
    for (int caller = 0; caller < t.n; ++caller) {
        const std::vector<int> &down = t.downstream(caller);
        if (std::find(down.begin(), down.end(), i) == down.end())
            continue;
        context.isShard = context.isShard || t.is(caller, "shard_router");
        for (const int callee : down)
            context.calledThroughCache = context.calledThroughCache || t.is(callee, "cache");
    }
    return context;
}

// One sentence without a final full stop, as MODEL.md's results show it; the saturating rate is
// reported beside it (max_throughput_rps).
QString explain(const Model &model, const Topology &t, int i, const Station &station,
                double utilization)
{
    const Component &component = model.components.at(i);
    Purpose dominant = WorkRead;
    for (int w = 0; w < WorkCount; ++w) {
        if (station.busyMs[w] > station.busyMs[dominant])
            dominant = static_cast<Purpose>(w);
    }
    const QString doing = workPhrase(component.type, dominant);
    const QString help =
        Explanations::advice(component.type, adviceContextOf(model, t, i, dominant));
    if (utilization >= 1)
        return QStringLiteral("%1 is predicted overloaded: %2 would need %3 of its capacity; %4")
            .arg(component.id, doing, percent(utilization), help);
    return QStringLiteral("%1 is predicted busy %2 of the time %3; %4")
        .arg(component.id, percent(utilization), doing, help);
}

QString spofReason(const Component &component, bool shard, const QStringList &cutOff)
{
    const QString &id = component.id;
    if (shard)
        return QStringLiteral("%1 alone holds its shard of the keys: if it fails, requests for "
                              "those keys fail. Add a replica (a replication link) so it can fail "
                              "over.")
            .arg(id);
    const ComponentKindSpec &kind = kindOf(component);
    QString reason = kind.spofReason
                         ? kind.spofReason(component)
                         : QStringLiteral("%1 has no alternative: if it fails, requests cannot "
                                          "get past it.")
                               .arg(id);
    if (!cutOff.isEmpty())
        reason += QStringLiteral(" Without it, %1 cannot be reached.").arg(joined(cutOff));
    return reason;
}

// Whether the component survives losing one copy of itself.
bool redundant(const Model &model, const Topology &t, int i)
{
    const Component &component = model.components.at(i);
    if (component.number(QStringLiteral("count"), 1) > 1)
        return true;
    if (component.parameters.value(QStringLiteral("autoscale"))
            .toObject()
            .value(QLatin1String("min"))
            .toDouble(0) > 1)
        return true;
    const bool primary = component.text(QStringLiteral("role")) != QLatin1String("replica");
    if (t.is(i, "database") && primary) {
        // A primary with a replica fails over to it (failover has defaults, so it is configured).
        for (const int v : t.replicas[static_cast<std::size_t>(i)]) {
            if (t.is(v, "database"))
                return true;
        }
    }
    return !t.standbys[static_cast<std::size_t>(i)].empty();
}

// What a component's request links lead to, itself included.
std::vector<char> reachFrom(const Topology &t, int start)
{
    std::vector<char> seen(static_cast<std::size_t>(t.n), 0);
    std::vector<int> stack{start};
    seen[static_cast<std::size_t>(start)] = 1;
    while (!stack.empty()) {
        const int v = stack.back();
        stack.pop_back();
        for (const int w : t.downstream(v)) {
            if (!seen[static_cast<std::size_t>(w)]) {
                seen[static_cast<std::size_t>(w)] = 1;
                stack.push_back(w);
            }
        }
    }
    return seen;
}

// A second region: a DNS answers with targets in two or more regions, and this component lies on
// the way behind some of them but not all, so when it fails the DNS sends its users to a region
// that does without it (after their cached answers expire).
bool anotherRegionServes(const Model &model, const Topology &t, int i)
{
    for (int d = 0; d < t.n; ++d) {
        if (!t.is(d, "dns"))
            continue;
        QSet<QString> regions;
        bool behindSome = false, avoidedBySome = false;
        for (const int target : t.downstream(d)) {
            const QString &region = model.components.at(target).region;
            if (!region.isEmpty())
                regions.insert(region);
            if (reachFrom(t, target)[static_cast<std::size_t>(i)])
                behindSome = true;
            else
                avoidedBySome = true;
        }
        if (regions.size() >= 2 && behindSome && avoidedBySome)
            return true;
    }
    return false;
}

void findSinglePointsOfFailure(const Model &model, const Topology &t,
                               const std::vector<char> &reached,
                               const std::vector<ClientLoad> &clients, Analysis &analysis)
{
    const std::vector<char> articulation = articulationPoints(t, reached);
    // Each client's request kinds, and which types of component each can touch when all is well.
    struct Route {
        int client;
        Kind kind;
        std::set<QString> types;
    };
    std::vector<Route> routes;
    for (int c = 0; c < t.n; ++c) {
        if (!t.is(c, "client"))
            continue;
        for (int kind = 0; kind < KindCount; ++kind) {
            if (clients[static_cast<std::size_t>(c)].mix[kind] <= 0)
                continue;
            Route route{c, static_cast<Kind>(kind), {}};
            const std::vector<char> seen = touchedBy(t, c, route.kind, -1);
            for (int v = 0; v < t.n; ++v) {
                if (seen[static_cast<std::size_t>(v)])
                    route.types.insert(t.type[static_cast<std::size_t>(v)]);
            }
            routes.push_back(std::move(route));
        }
    }
    std::vector<char> shards(static_cast<std::size_t>(t.n), 0);
    for (int i = 0; i < t.n; ++i) {
        if (t.is(i, "shard_router")) {
            for (const int v : t.downstream(i))
                shards[static_cast<std::size_t>(v)] = 1;
        }
    }

    for (int i = 0; i < t.n; ++i) {
        const auto ui = static_cast<std::size_t>(i);
        if (!reached[ui] || !kindOf(model.components.at(i)).canBeSinglePointOfFailure ||
            redundant(model, t, i))
            continue;
        // Losing it must leave the clients' requests of some kind without a type of component
        // they had (this catches the end of a chain, which is no articulation point).
        bool losesFunction = false;
        std::vector<char> stillReached(static_cast<std::size_t>(t.n), 0);
        for (const Route &route : routes) {
            const std::vector<char> seen = touchedBy(t, route.client, route.kind, i);
            std::set<QString> types;
            for (int v = 0; v < t.n; ++v) {
                if (seen[static_cast<std::size_t>(v)])
                    types.insert(t.type[static_cast<std::size_t>(v)]);
            }
            losesFunction = losesFunction || types != route.types;
            // What is cut off is what nothing can reach any more, not what merely stands by.
            const std::vector<char> reachable = touchedBy(t, route.client, route.kind, i, true);
            for (int v = 0; v < t.n; ++v) {
                if (reachable[static_cast<std::size_t>(v)])
                    stillReached[static_cast<std::size_t>(v)] = 1;
            }
        }
        const bool shard = shards[ui] != 0;
        if (!losesFunction && !articulation[ui] && !shard)
            continue;
        if (!losesFunction && !shard && anotherRegionServes(model, t, i))
            continue;
        QStringList cutOff;
        for (int v = 0; v < t.n; ++v) {
            const auto uv = static_cast<std::size_t>(v);
            if (v != i && reached[uv] && !stillReached[uv] && !t.is(v, "client"))
                cutOff << model.components.at(v).id;
        }
        const Component &component = model.components.at(i);
        analysis.spof << component.id;
        analysis.spofReasons.insert(component.id, spofReason(component, shard, cutOff));
    }
}

QJsonValue finite(double value)
{
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
}

ShardingEstimate shardingEstimate(const Model &model, const Topology &t, int router,
                                  const std::vector<double> &routed)
{
    const ShardSetup setup = shardSetup(model, model.components.at(router));
    ShardingEstimate estimate;
    estimate.router = model.components.at(router).id;
    estimate.strategy = setup.strategyName;
    estimate.shards = static_cast<int>(t.downstream(router).size());
    estimate.movedHashMod = movedShare(setup, sim::ShardStrategy::HashMod, estimate.shards);
    estimate.movedConsistentHash =
        movedShare(setup, sim::ShardStrategy::ConsistentHash, estimate.shards);
    estimate.movedRange = movedShare(setup, sim::ShardStrategy::Range, estimate.shards);
    double total = 0;
    for (const double rps : routed)
        total += rps;
    double busiest = 0;
    for (std::size_t s = 0; s < t.downstream(router).size(); ++s) {
        const double share = total > 0 && s < routed.size() ? routed[s] / total : 0;
        estimate.shardIds << model.components.at(t.downstream(router)[s]).id;
        estimate.loadShare << share;
        busiest = std::max(busiest, share);
    }
    estimate.imbalance = total > 0 && estimate.shards > 0 ? busiest * estimate.shards : 0;
    return estimate;
}

// Prices each component at its estimated usage (assets/prices.json).
void addCosts(const Model &model, Analysis &analysis)
{
    QString error;
    const QHash<QString, double> costs =
        componentCosts(model, estimatedUsage(model, analysis), &error);
    if (!error.isEmpty()) {
        analysis.costPerMonth = std::numeric_limits<double>::quiet_NaN();
        return;
    }
    analysis.costPerMonth = 0;
    for (ComponentEstimate &estimate : analysis.estimates) {
        estimate.costPerMonth = costs.value(estimate.id);
        analysis.costPerMonth += estimate.costPerMonth;
    }
}

} // namespace

Analysis analyze(const Model &model, std::optional<double> rateRps)
{
    Analysis analysis;
    const Topology t = topologyOf(model);
    const std::vector<char> reached = reachableFromClients(t);
    for (int i = 0; i < t.n; ++i) {
        if (!reached[static_cast<std::size_t>(i)] && !t.is(i, "client") && !t.is(i, "monitor"))
            analysis.unreachable << model.components.at(i).id;
    }
    analysis.cycles = requestCycles(model, t);

    const std::vector<ClientLoad> clients = clientLoads(model, t, rateRps);
    for (int i = 0; i < t.n; ++i) {
        if (t.is(i, "client"))
            analysis.offeredRps += clients[static_cast<std::size_t>(i)].rate;
    }
    findSinglePointsOfFailure(model, t, reached, clients, analysis);

    Router router(model, t, clients);
    router.run();
    int bottleneck = -1;
    for (int i = 0; i < t.n; ++i) {
        const Component &component = model.components.at(i);
        const Station &station = router.station(i);
        const Capacity capacity = capacityOf(component);
        ComponentEstimate estimate;
        estimate.id = component.id;
        estimate.type = component.type;
        estimate.arrivalRps = station.arrival;
        double busyMs = 0;
        for (const double ms : station.busyMs)
            busyMs += ms;
        if (capacity.servers > 0) {
            estimate.servers = capacity.servers;
            estimate.demandMs =
                station.arrival > 0 ? busyMs / station.arrival : nominalDemandMs(component);
            estimate.utilization = busyMs / (1000.0 * capacity.servers);
            estimate.capacityRps =
                estimate.demandMs > 0 ? 1000.0 * capacity.servers / estimate.demandMs : kInfinity;
            estimate.responseMs = mmcResponseMs(
                capacity.perInstance, station.arrival / capacity.instances, estimate.demandMs);
            if (estimate.utilization > 0 &&
                (bottleneck < 0 ||
                 estimate.utilization > analysis.estimates.at(bottleneck).utilization))
                bottleneck = i;
        } else {
            estimate.demandMs = delayMs(component);
            estimate.capacityRps = kInfinity;
            estimate.responseMs = estimate.demandMs;
        }
        if (t.is(i, "cache") || t.is(i, "cdn"))
            estimate.hitRatio = router.hit(i);
        estimate.note = noteFor(component, capacity, station);
        analysis.estimates << estimate;
    }

    for (int i = 0; i < t.n; ++i)
        if (t.is(i, "shard_router"))
            analysis.sharding << shardingEstimate(model, t, i, router.routed(i));
    addCosts(model, analysis);

    if (bottleneck < 0) {
        analysis.maxThroughputRps = kInfinity;
        analysis.explanation =
            QStringLiteral("No component has work to do at this load, so none limits it");
        return analysis;
    }
    const ComponentEstimate &worst = analysis.estimates.at(bottleneck);
    analysis.bottleneck = worst.id;
    analysis.bottleneckUtilization = worst.utilization;
    analysis.maxThroughputRps = analysis.offeredRps / worst.utilization;
    analysis.explanation =
        explain(model, t, bottleneck, router.station(bottleneck), worst.utilization);
    return analysis;
}

QJsonObject toJson(const Analysis &analysis, const Model &model)
{
    QJsonObject components;
    for (const ComponentEstimate &estimate : analysis.estimates) {
        QJsonObject object{
            {QStringLiteral("type"), estimate.type},
            {QStringLiteral("arrival_rps"), finite(estimate.arrivalRps)},
            {QStringLiteral("demand_ms"), finite(estimate.demandMs)},
            {QStringLiteral("servers"), estimate.servers},
            {QStringLiteral("utilization"), finite(estimate.utilization)},
            {QStringLiteral("capacity_rps"), finite(estimate.capacityRps)},
            {QStringLiteral("response_ms"), finite(estimate.responseMs)},
        };
        if (estimate.hitRatio >= 0)
            object.insert(QStringLiteral("hit_ratio"), estimate.hitRatio);
        if (!estimate.note.isEmpty())
            object.insert(QStringLiteral("note"), estimate.note);
        object.insert(QStringLiteral("cost_per_month"), finite(estimate.costPerMonth));
        components.insert(estimate.id, object);
    }
    QJsonObject resharding;
    for (const ShardingEstimate &sharding : analysis.sharding) {
        QJsonObject load;
        for (int s = 0; s < sharding.shardIds.size(); ++s)
            load.insert(sharding.shardIds.at(s), sharding.loadShare.value(s));
        resharding.insert(
            sharding.router,
            QJsonObject{
                {QStringLiteral("strategy"), sharding.strategy},
                {QStringLiteral("shards"), sharding.shards},
                {QStringLiteral("moved_share_if_one_added"),
                 QJsonObject{{QStringLiteral("hash_mod"), sharding.movedHashMod},
                             {QStringLiteral("consistent_hash"), sharding.movedConsistentHash},
                             {QStringLiteral("range"), sharding.movedRange}}},
                {QStringLiteral("load_share"), load},
                {QStringLiteral("imbalance"), sharding.imbalance}});
    }
    QJsonArray cycles;
    for (const QStringList &cycle : analysis.cycles)
        cycles.append(QJsonArray::fromStringList(cycle));
    QJsonObject reasons;
    for (auto it = analysis.spofReasons.constBegin(); it != analysis.spofReasons.constEnd(); ++it)
        reasons.insert(it.key(), it.value());
    const QJsonObject bottleneck{
        {QStringLiteral("component"), analysis.bottleneck.isEmpty()
                                          ? QJsonValue(QJsonValue::Null)
                                          : QJsonValue(analysis.bottleneck)},
        {QStringLiteral("utilization"), finite(analysis.bottleneckUtilization)},
        {QStringLiteral("explanation"), analysis.explanation},
        {QStringLiteral("max_throughput_rps"), finite(analysis.maxThroughputRps)},
    };
    return QJsonObject{
        {QStringLiteral("format"), QStringLiteral("scalelab-analysis")},
        {QStringLiteral("version"), 1},
        {QStringLiteral("model"), model.name},
        {QStringLiteral("offered_rps"), finite(analysis.offeredRps)},
        {QStringLiteral("components"), components},
        {QStringLiteral("unreachable"), QJsonArray::fromStringList(analysis.unreachable)},
        {QStringLiteral("cycles"), cycles},
        {QStringLiteral("spof"), QJsonArray::fromStringList(analysis.spof)},
        {QStringLiteral("spof_reasons"), reasons},
        {QStringLiteral("bottleneck"), bottleneck},
        {QStringLiteral("resharding"), resharding},
        {QStringLiteral("cost_per_month"), finite(analysis.costPerMonth)},
    };
}

} // namespace scalelab::model
