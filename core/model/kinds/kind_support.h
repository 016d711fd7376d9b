#pragma once

// What the kind files (core/model/kinds/<type>.cpp) share: building parameter specs, reading a
// component's values for the engine, and the registration of every kind. Internal to
// core/model.

#include "model/component_kind.h"
#include "model/model.h"
#include "model/parameter_table.h"

#include "sim/distribution.h"
#include "sim/key_store.h"
#include "sim/server_pool.h"
#include "sim/shard_router.h"

#include <QCoreApplication>
#include <QJsonObject>

#include <limits>

namespace scalelab::model::kinds {

// Whole numbers end up in an int inside the engine; the table refuses what would not fit.
inline constexpr double kIntMax = std::numeric_limits<int>::max();

// Parameter specs, as docs/model.md writes them. Titles and help are English literals marked
// QT_TRANSLATE_NOOP("ParameterTable", ...), so that lupdate finds them: the loader's messages and
// docs/model.md quote them in English, and what shows them to a person (the inspector, the
// palette) translates them with translatedSpecText(). A unit is one of parameterUnits().
ParameterSpec makeSpec(const QString &name, ValueKind kind, const QString &unit,
                       const QJsonValue &defaultValue, const char *help);
// A real number of at least `minimum` (or greater than it when `exclusive`).
ParameterSpec number(const QString &name, const QString &unit, const QJsonValue &defaultValue,
                     double minimum, const char *help, bool exclusive = false);
ParameterSpec positive(const QString &name, const QString &unit, const QJsonValue &defaultValue,
                       const char *help);
// A share in (0, 1]: zero would mean "never", which no fraction in a model should say.
ParameterSpec fraction(const QString &name, const QJsonValue &defaultValue, const char *help);
ParameterSpec integer(const QString &name, const QString &unit, const QJsonValue &defaultValue,
                      double minimum, const char *help, double maximum = kIntMax);
ParameterSpec choice(const QString &name, const QStringList &choices,
                     const QJsonValue &defaultValue, const char *help);
// A time law in milliseconds; the range applies to its mean.
ParameterSpec distribution(const QString &name, const QJsonValue &defaultValue, const char *help);
ParameterSpec text(const QString &name, const char *help);
ParameterSpec componentId(const QString &name, const char *help);
// The object's default is made of its members' defaults, so that reading it whole agrees with
// reading it member by member; an object with a member that has no default has none itself.
ParameterSpec object(const QString &name, const QList<ParameterSpec> &fields, const char *help);
ParameterSpec objectList(const QString &name, const QList<ParameterSpec> &fields, const char *help);
ParameterSpec required(ParameterSpec spec);
QJsonObject exponential(double mean);
// Specs several kinds share. Each kind gives the help whole, naming what it drops, what works or
// what is counted: a sentence with a word filled in would not translate.
ParameterSpec evictionSpec(const char *help);
ParameterSpec coresSpec(double defaultCores, const char *help);
ParameterSpec countSpec(const char *help);
ParameterSpec maxConnectionsSpec();
ParameterSpec queueCapacitySpec();
ParameterSpec ttlSpec(const QJsonValue &defaultValue, const char *help);
ComponentTypeSpec makeType(const QString &type, const char *title, const char *help,
                           const QList<ParameterSpec> &parameters);

// Reading a component for the engine and the analysis.
sim::Distribution toSim(const Distribution &d);
int wholeNumber(const Component &c, const QString &name, int fallback);
sim::KeyStore::Eviction eviction(const QString &name);
sim::ServerPool::Capacity poolCapacity(const Component &c, const QString &concurrencyName);
// A mean from a distribution parameter, which may be written as a bare number.
double meanOf(const Component &component, const QString &name, double fallback);
// `cores`, at least 1.
int coresOf(const Component &component, double fallback);
// Notes several kinds share: how a hit ratio is estimated (caches, CDNs), and the plain queueing
// station's "utilisation law over n servers". A note is a list of whole sentences, each through
// QCoreApplication::translate("ComponentKind", ...) like the kinds' advice.
QStringList hitRatioNote(const Component &component);
QStringList stationNote(const Component &component, const StationCapacity &capacity);
// The engine's key-to-shard mapping for a strategy's name (the analysis maps keys by it too).
sim::ShardStrategy shardStrategyNamed(const QString &name);

// One function per kind file, each returning its kind's spec (built once).
const ComponentKindSpec &clientKind();
const ComponentKindSpec &dnsKind();
const ComponentKindSpec &cdnKind();
const ComponentKindSpec &loadBalancerKind();
const ComponentKindSpec &webServerKind();
const ComponentKindSpec &cacheKind();
const ComponentKindSpec &sessionStoreKind();
const ComponentKindSpec &databaseKind();
const ComponentKindSpec &shardRouterKind();
const ComponentKindSpec &queueKind();
const ComponentKindSpec &workerKind();
const ComponentKindSpec &monitorKind();

} // namespace scalelab::model::kinds
