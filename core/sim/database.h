#pragma once

#include "sim/distribution.h"
#include "sim/key_store.h"
#include "sim/server_pool.h"
#include "sim/statistics.h"

#include <memory>
#include <utility>
#include <vector>

namespace scalelab::sim {

class Database;

// A primary and the replicas that hang off it by replication links: who is primary now, how
// writes are shipped, and how a failed primary is replaced. Shared by its members.
struct ReplicaSet {
    enum class Mode { Async, SemiSync, Sync };

    Mode mode = Mode::Async;
    Distribution delay; // shipping delay of each write, ns
    Time detect = 10 * kNanosecondsPerSecond;
    Time promote = 5 * kNanosecondsPerSecond;
    std::vector<Database *> members; // the original primary first
    std::vector<Time> linkLatency;   // per member: latency of its replication link
    Database *primary = nullptr;     // nullptr while a failover is in progress
    std::uint32_t epoch = 0;         // bumped whenever the primary changes
    std::size_t nextReplica = 0;     // round robin of reads over the replicas
};

// A database server: reads cost `read_ms` and writes `write_ms` on one of its cores, behind an
// optional connection limit and waiting line. It keeps a version per key, bumped by each write.
// In a replica set, the primary ships every committed write to its replicas, which pay write_ms
// to apply it; reads sent to the primary are served by healthy replicas; a failed primary is
// replaced after detection and promotion by the replica holding most of its acknowledged writes,
// caught up from the others, and the acknowledged writes no surviving replica received are lost.
class Database : public ServerPool {
public:
    struct Config {
        Capacity capacity;
        Distribution read;
        Distribution write;
        bool replica = false; // role
    };

    Database(std::string id, Config config);

    // Builds a replica set around this primary (once) and adds a replica to it.
    void attachReplica(Database &replica, Time linkLatency, ReplicaSet::Mode mode,
                       const Distribution &delay, Time detect, Time promote);

    void start(Engine &engine) override;
    void handle(Engine &engine, const Event &event) override;
    void resetStatistics(Time now) override;
    void merge(const Component &other, Time otherNow) override;
    void report(Time now, Metrics &out) const override;
    LoadFact loadFact(Time now, double busy) const override;
    bool fail(Engine &engine, int instance) override;
    bool recover(Engine &engine, int instance) override;
    double gauge(const std::string &name, Time now) const override;

    std::uint64_t version(std::uint64_t key) const;
    std::uint64_t acknowledgedVersion(std::uint64_t key) const;
    bool isPrimary() const { return !m_set ? !m_config.replica : m_set->primary == this; }
    bool up() const { return instanceUp(0); }

protected:
    Time serviceTime(Engine &engine, std::uint32_t request) override;
    void serviceDone(Engine &engine, std::uint32_t request) override;

private:
    enum : std::uint32_t { kShipAck = kFirstPoolPrivate, kPromote };
    enum Phase : std::uint16_t { kForwarded = 1, kShipping, kAwaitingReplicas };
    static constexpr std::uint32_t kNobody = UINT32_MAX;

    Database *route(const Request &request);
    void forward(Engine &engine, std::uint32_t request, Database &target);
    void receiveShipment(Engine &engine, std::uint32_t request);
    void ship(Engine &engine, std::uint32_t original, bool awaiting, std::uint32_t sequence);
    void acknowledge(Engine &engine, std::uint32_t apply, bool received);
    void commit(Engine &engine, std::uint32_t request);
    void acknowledgeWrite(Engine &engine, std::uint32_t request);
    void promoteReplica(Engine &engine);
    std::uint64_t acknowledgedWritesMissing(const KeyIndex &held) const;
    Time latencyTo(const Database &other) const;

    Config m_config;
    // What calls it, for the advice in the bottleneck sentence: a shard is split already, and
    // callers that ask a cache first need a better hit ratio rather than a cache.
    bool m_isShard = false;
    bool m_callersCache = false;
    KeyIndex m_versions; // key -> version (flat: probed on every write and stale check)
    // As primary: the newest version of each key whose write the client was told succeeded. A
    // replica behind it serves a stale read; behind only m_versions, an uncommitted write.
    KeyIndex m_acknowledged;
    std::shared_ptr<ReplicaSet> m_set;
    std::vector<std::uint32_t> m_awaiting; // writes waiting for replica acknowledgements
    std::uint32_t m_sequence = 0;          // writes committed here, ever
    // As a failed primary: (key, version) of the writes still waiting for replicas when it
    // failed, committed here but never acknowledged to their clients.
    std::vector<std::pair<std::uint64_t, std::uint32_t>> m_unacknowledged;
    Time m_lastLag = 0; // as replica: the lag of the last write applied
    struct Replication {
        LatencyHistogram lag; // commit at the primary to apply here, ns
        std::uint64_t staleReads = 0;
        std::uint64_t lostWrites = 0;
        std::uint64_t failovers = 0;
        std::uint64_t applied = 0;
    } m_replication;
};

} // namespace scalelab::sim
