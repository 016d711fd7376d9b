#pragma once

#include "parameter_table.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <optional>

namespace scalelab::sim {
class Component;
class Engine;
} // namespace scalelab::sim

namespace scalelab::model {

struct Component;
struct Model;

// The component types of docs/model.md. The loader parses a type's name once into this; code
// that must treat a kind specially switches over it, so the compiler names every switch a new
// kind has to join.
enum class ComponentKind : std::uint8_t {
    Client,
    Dns,
    Cdn,
    LoadBalancer,
    WebServer,
    Cache,
    SessionStore,
    Database,
    ShardRouter,
    Queue,
    Worker,
    Monitor,
};
inline constexpr int kComponentKindCount = static_cast<int>(ComponentKind::Monitor) + 1;

// What the builder knows of the whole model when it builds one component.
struct BuildContext {
    double rateScale = 1;         // clients' rates are multiplied by this (run --rate)
    std::uint32_t firstUser = 0;  // a client's users are numbered after the clients before it
    std::uint32_t totalUsers = 0; // every client's users (DNS and user-sharding size to them)
    std::uint64_t maxKeys = 1;    // the largest client key space (range sharding sizes to it)
    const QHash<QString, std::uint32_t> *indexOf = nullptr; // component id -> engine index
};

// How the analysis sees one component as a queueing station.
struct StationCapacity {
    int servers = 0;      // cores x instances (0: not a queueing station)
    int perInstance = 0;  // the c of each instance's M/M/c
    double instances = 1; // how many instances share the arrivals
};

// What a component spends its cores on, as the analysis accounts it: the bottleneck's advice
// follows the largest share.
enum class Work { Static, Read, Write, Job, Session, Replication };

// The situation advice depends on, as the engine's load facts and the analysis both know it, so
// that both give the same advice for the same situation.
struct AdviceContext {
    Work work = Work::Read;          // what it spends its cores on most
    bool hasReplicas = false;        // a database in a replica set: more replicas can join
    bool isReplica = false;          // role: replica
    bool calledThroughCache = false; // its callers ask a cache first
    bool isShard = false;            // a shard router calls it: it is split already
};

// Everything ScaleLab knows about one component type, in one place (core/model/kinds/<type>.cpp):
// its parameters (the loader validates against them, the inspector draws them), how the palette
// names and starts it, how to build its engine object, how the analysis sees it, what advice and
// single-point-of-failure reason it gives, and which scenario actions it takes. docs/adding-a-
// component-type.md walks through adding one.
struct ComponentKindSpec {
    ComponentKind kind;
    ComponentTypeSpec type; // name ("web_server"), title, help and parameters
    QString idStem;         // what new ids start with on the canvas: "web", "web-2", ...
    // Values a new component from the palette starts with, for parameters that have no default
    // (a modest load, stores big enough to matter).
    QJsonObject starts;
    // The scenario actions (fail, recover, slow, flush, spike) its engine object performs.
    QStringList actions;

    // Its engine object, from a valid component.
    std::unique_ptr<sim::Component> (*build)(const Component &, const BuildContext &) = nullptr;
    // After every component is built: ties to other components that are parameters rather than
    // links (a standby load balancer and its active peer). Null when there are none.
    void (*connect)(sim::Engine &, const Component &, const BuildContext &) = nullptr;

    // The analysis: cores and instances when it is a queueing station; the core time a request
    // takes when none arrives yet, so that capacity means something on an idle component; and
    // the time a request spends in it when it is not a station.
    StationCapacity (*capacity)(const Component &) = nullptr;
    double (*nominalDemandMs)(const Component &) = nullptr;
    double (*delayMs)(const Component &) = nullptr;
    // The name of the distribution whose shape decides whether the M/M/c wait is exact.
    QString serviceParameter;
    // How the estimate was obtained, for the tooltip; the analysis adds what all kinds share.
    QStringList (*note)(const Component &, const StationCapacity &) = nullptr;
    // What would relieve it in the situation `context` states ("add workers (count) or cores");
    // core/model/explanations puts it into the bottleneck sentences of runs and of the analysis.
    QString (*advice)(const AdviceContext &context) = nullptr;
    // Whether losing it can cut the system: clients are the users and monitors only watch, DNS
    // and CDNs are global services, everywhere at once rather than one box.
    bool canBeSinglePointOfFailure = true;
    // Why it is a single point of failure and what to add, naming it.
    QString (*spofReason)(const Component &) = nullptr;
};

// Every kind, in the order of docs/model.md (the palette's order).
const QList<const ComponentKindSpec *> &componentKinds();
const ComponentKindSpec &kindSpec(ComponentKind kind);
// The kind a type name stands for; nullopt for a name that is no type.
std::optional<ComponentKind> kindNamed(const QString &type);
QString kindName(ComponentKind kind);
// A component of `kind` as the palette adds it: every required parameter given its starting
// value, a choice its first option, a number the smallest sensible one.
Component newComponentOf(ComponentKind kind, const QString &id);

// The parameters of a kind that hold other components' ids, as paths into the parameters:
// "standby_for", "alerts[].component", "x.y" for a member of an object.
QStringList componentReferences(ComponentKind kind);
// The ids the component's parameters name, in parameter order.
QStringList referencedIds(const Component &component);
// The component's parameters with every id in `renamed` replaced by its new id (a paste).
QJsonObject withReferencesRenamed(const Component &component,
                                  const QHash<QString, QString> &renamed);
// The component's parameters without what names `id` (its removal): a reference parameter is
// removed, a list element (an alert) that names it is dropped.
QJsonObject withoutReferencesTo(const Component &component, const QString &id);

} // namespace scalelab::model
