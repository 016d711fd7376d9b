#pragma once

#include "component_kind.h"

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QPointF>
#include <QString>

#include <optional>

namespace scalelab::model {

// A distribution as written in a model: {"dist": "exponential", "mean": 10} or a bare number.
struct Distribution {
    enum class Kind { Exponential, Constant, Uniform, Lognormal, Erlang };
    Kind kind = Kind::Constant;
    double mean = 0;   // in the unit of the parameter (milliseconds for *_ms)
    double spread = 0; // uniform: the width of the interval around the mean
    double cv = 1;     // lognormal: coefficient of variation
    int k = 1;         // erlang: number of phases

    // Reads either form; members that are not written take distributionParameters()' defaults.
    // Also serves nested distributions such as member("replication", "delay_ms").
    static Distribution fromJson(const QJsonValue &value);
    bool operator==(const Distribution &) const = default;
};

// One box on the canvas. `parameters` holds every member other than id, type, label and region
// exactly as written, so a model saves back unchanged; typed reads fall back to the table's
// defaults.
struct Component {
    QString id;
    // What it is. The type's name ("web_server") exists only at the file boundary: the loader
    // parses it into this once and the writer writes kindName(kind) back. A component built in
    // code is a client until given another kind (the first kind, as in the palette).
    ComponentKind kind = ComponentKind::Client;
    QString label;
    QString region;
    QJsonObject parameters;

    // The written value, or the parameter table's default (Undefined when there is none).
    QJsonValue value(const QString &name) const;
    bool has(const QString &name) const; // written, or defaulted
    double number(const QString &name, double fallback = 0) const;
    QString text(const QString &name) const;
    Distribution distribution(const QString &name) const;
    // A member of an object parameter, with the nested default: object("health_check",
    // "interval_s")
    QJsonValue member(const QString &object, const QString &name) const;

    bool operator==(const Component &) const = default;
};

struct Link {
    enum class Kind { Request, Replication };
    QString from;
    QString to;
    Kind kind = Kind::Request;
    double latencyMs = 0;

    bool operator==(const Link &) const = default;
};

struct Region {
    QString id;
    QString label;

    bool operator==(const Region &) const = default;
};

struct RegionLatency {
    QString a;
    QString b;
    double ms = 0;

    bool operator==(const RegionLatency &) const = default;
};

struct ScenarioEvent {
    double atS = 0;
    QString action;
    QString target;         // a component id; for partition/heal the first region
    QJsonObject parameters; // every other member as written (factor, duration_s, instance, ...)
                            // partition/heal: the second region, always under "with"

    bool operator==(const ScenarioEvent &) const = default;
};

struct Scenario {
    double durationS = 60;
    std::optional<double> warmupS; // unset: 10 % of the duration
    quint64 seed = 1;
    int replications = 1;
    QList<ScenarioEvent> events;

    double effectiveWarmupS() const { return warmupS.value_or(durationS / 10); }

    bool operator==(const Scenario &) const = default;
};

// The architecture a learner draws: components, links, regions, the load scenario and the layout.
struct Model {
    QString name;
    QList<Region> regions;
    QList<RegionLatency> regionLatencies;
    QList<Component> components;
    QList<Link> links;
    Scenario scenario;
    QHash<QString, QPointF> layout; // component id -> position on the canvas

    int indexOf(const QString &componentId) const; // -1 when absent
    const Component *find(const QString &componentId) const;
    // Latency added to a link between two regions (0 for the same region or a regionless end).
    double regionLatencyMs(const QString &regionA, const QString &regionB) const;

    // Member by member; parameters compare as JSON, so a model equals its saved and reloaded self.
    bool operator==(const Model &) const = default;
};

} // namespace scalelab::model
