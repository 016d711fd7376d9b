// Routing the clients' load through the model, the way the engine does on average.

#include "analysis_internal.h"

#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace scalelab::model::internal {

// ---------------------------------------------------------------------------------------------
// Routing the clients' load through the model, the way the engine does on average.

namespace {

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
                if (!m_t.is(c, ComponentKind::Client))
                    continue;
                const ClientLoad &load = m_clients[static_cast<std::size_t>(c)];
                m_stations[static_cast<std::size_t>(c)].arrival = load.rate;
                for (int kind = 0; kind < KindCount; ++kind)
                    send(c, static_cast<Kind>(kind), load.rate * load.mix[kind]);
            }
            bool changed = pass == 0;
            for (int i = 0; i < m_t.n; ++i) {
                if (!m_t.is(i, ComponentKind::Cache) && !m_t.is(i, ComponentKind::Cdn))
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
    RoutedLoad take() { return {std::move(m_stations), std::move(m_routed), std::move(m_hit)}; }

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
    static bool isCdn(const Topology &t, int v) { return t.is(v, ComponentKind::Cdn); }
    static bool notCdn(const Topology &t, int v) { return !t.is(v, ComponentKind::Cdn); }
    static bool isCache(const Topology &t, int v) { return t.is(v, ComponentKind::Cache); }
    static bool isQueue(const Topology &t, int v) { return t.is(v, ComponentKind::Queue); }
    static bool isWorker(const Topology &t, int v) { return t.is(v, ComponentKind::Worker); }
    static bool isSessionStore(const Topology &t, int v)
    {
        return t.is(v, ComponentKind::SessionStore);
    }
    static bool isDatabase(const Topology &t, int v) { return t.is(v, ComponentKind::Database); }
    static bool isRouter(const Topology &t, int v) { return t.is(v, ComponentKind::ShardRouter); }
    static std::vector<int> first(std::vector<int> list)
    {
        list.resize(std::min<std::size_t>(list.size(), 1));
        return list;
    }
    static bool isService(const Topology &t, int v)
    {
        return t.is(v, ComponentKind::LoadBalancer) || t.is(v, ComponentKind::WebServer) ||
               t.is(v, ComponentKind::Dns);
    }

    // How many identical servers a downstream offers a load balancer or a queue.
    double instances(int i) const
    {
        return m_t.is(i, ComponentKind::WebServer) || m_t.is(i, ComponentKind::Worker)
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
        const ComponentKind type = m_t.kind[static_cast<std::size_t>(i)];
        if (type == ComponentKind::WebServer) {
            serveWeb(i, kind, client, rps);
        } else if (type == ComponentKind::Database) {
            serveDatabase(i, kind, client, rps);
        } else if (type == ComponentKind::Cache) {
            cacheOperation(i, WorkRead, rps);
            at(i).lookups[static_cast<std::size_t>(client)] += rps;
        } else if (type == ComponentKind::Cdn) {
            at(i).arrival += rps;
            double onward = rps;
            if (kind == Static) {
                at(i).lookups[static_cast<std::size_t>(client)] += rps;
                onward = rps * (1 - m_hit[static_cast<std::size_t>(i)]);
            }
            spread(targets(i, any), kind, client, onward, false);
        } else if (type == ComponentKind::LoadBalancer) {
            at(i).arrival += rps;
            spread(targets(i, any), kind, client, rps, true);
        } else if (type == ComponentKind::Dns) {
            at(i).arrival += rps;
            spread(resolve(i, client), kind, client, rps, false);
        } else if (type == ComponentKind::ShardRouter) {
            at(i).arrival += rps;
            routeToShards(i, kind, client, rps);
        } else if (type == ComponentKind::SessionStore) {
            at(i).arrival += rps;
            at(i).busyMs[WorkSession] +=
                rps * meanOf(component(i), QStringLiteral("service_ms"), 0);
        } else if (type == ComponentKind::Queue) {
            at(i).arrival += rps;
            spread(targets(i, isWorker), Job, client, rps, true);
        } else if (type == ComponentKind::Worker) {
            at(i).arrival += rps;
            at(i).busyMs[WorkJob] += rps * meanOf(component(i), QStringLiteral("service_ms"), 100);
        } else if (type != ComponentKind::Monitor) {
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
            if (m_t.is(v, ComponentKind::Database))
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
            if (m_t.is(c, ComponentKind::Client))
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

} // namespace

RoutedLoad routeLoad(const Model &model, const Topology &topology,
                     const std::vector<ClientLoad> &clients)
{
    Router router(model, topology, clients);
    router.run();
    return router.take();
}

std::vector<ClientLoad> clientLoads(const Model &model, const Topology &t,
                                    std::optional<double> rateRps)
{
    std::vector<ClientLoad> loads(static_cast<std::size_t>(t.n));
    double total = 0;
    int clients = 0;
    for (int i = 0; i < t.n; ++i) {
        if (!t.is(i, ComponentKind::Client))
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
            if (t.is(i, ComponentKind::Client)) {
                double &r = loads[static_cast<std::size_t>(i)].rate;
                r = total > 0 ? r * *rateRps / total : *rateRps / clients;
            }
        }
    }
    return loads;
}

} // namespace scalelab::model::internal
