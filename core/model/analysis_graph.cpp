// The drawn graph and its checks with Boost.Graph: what the clients reach, request cycles,
// articulation points, and what one kind of request touches when a component is down.

#include "analysis_internal.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/biconnected_components.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/depth_first_search.hpp>

#include <algorithm>
#include <cmath>
#include <deque>
#include <iterator>
#include <set>

namespace scalelab::model::internal {

// ---------------------------------------------------------------------------------------------
// The drawn graph, with monitors left out: they observe the system, no request passes them.

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
    t.kind.resize(size);
    t.down.resize(size);
    t.replicas.resize(size);
    t.standbys.resize(size);
    t.standby.assign(size, 0);
    for (int i = 0; i < t.n; ++i) {
        const Component &component = model.components.at(i);
        t.index.insert(component.id, i);
        t.kind[static_cast<std::size_t>(i)] = component.kind;
    }
    for (const Link &link : model.links) {
        const int from = t.index.value(link.from, -1);
        const int to = t.index.value(link.to, -1);
        if (from < 0 || to < 0 || t.is(from, ComponentKind::Monitor) ||
            t.is(to, ComponentKind::Monitor))
            continue;
        auto &list = link.kind == Link::Kind::Replication ? t.replicas : t.down;
        addUnique(list[static_cast<std::size_t>(from)], to);
    }
    for (int i = 0; i < t.n; ++i) {
        if (!t.is(i, ComponentKind::LoadBalancer))
            continue;
        const int peer =
            t.index.value(model.components.at(i).text(QStringLiteral("standby_for")), -1);
        if (peer >= 0 && peer != i && t.is(peer, ComponentKind::LoadBalancer)) {
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
    const bool hasDatabase = std::any_of(down.begin(), down.end(),
                                         [&](int v) { return t.is(v, ComponentKind::Database); });
    std::vector<int> calls;
    std::set<ComponentKind> served;
    for (const int v : down) {
        const ComponentKind type = t.kind[static_cast<std::size_t>(v)];
        const bool database = type == ComponentKind::Database;
        const bool endpoint = type == ComponentKind::Cache || type == ComponentKind::SessionStore ||
                              type == ComponentKind::Queue || type == ComponentKind::ShardRouter;
        if (!database && !endpoint) {
            calls.push_back(v);
            continue;
        }
        if (type == ComponentKind::ShardRouter && hasDatabase)
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
        if (t.is(i, ComponentKind::Client))
            boost::add_edge(root, from, graph);
        const std::vector<int> calls =
            t.is(i, ComponentKind::WebServer) ? webCalls(t, i, -1, true) : t.down[from];
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
        if (reached[static_cast<std::size_t>(i)] && !t.is(i, ComponentKind::Client) &&
            !t.is(i, ComponentKind::Monitor)) {
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
std::vector<char> touchedBy(const Topology &t, int client, Kind kind, int failed, bool standbys)
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
        std::any_of(first.begin(), first.end(), [&](int v) { return t.is(v, ComponentKind::Cdn); });
    for (const int v : first) {
        if ((kind == Static && hasCdn) == t.is(v, ComponentKind::Cdn))
            enter(v);
    }
    while (!queue.empty()) {
        const int u = queue.front();
        queue.pop_front();
        const bool web = t.is(u, ComponentKind::WebServer);
        const bool endsHere = kind == Static && web;
        for (const int v : web ? webCalls(t, u, failed, standbys) : t.downstream(u)) {
            if (!endsHere || t.is(v, ComponentKind::SessionStore))
                enter(v);
        }
        for (const int v : t.replicas[static_cast<std::size_t>(u)])
            enter(v);
    }
    return seen;
}

} // namespace scalelab::model::internal
