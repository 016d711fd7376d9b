#pragma once

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <limits>

namespace scalelab::model {

// What a parameter's value looks like in a model file.
enum class ValueKind {
    Number,       // a JSON number within [minimum, maximum]
    Integer,      // a whole JSON number within [minimum, maximum]
    Choice,       // one of `choices`
    Distribution, // {"dist": D, "mean": M, ...} or a bare number (constant)
    Text,         // any string
    ComponentId,  // the id of another component of the model
    Object,       // an object whose members are `fields`
    ObjectList,   // a list of objects whose members are `fields`
    Mix,          // an object of weights, keys from `choices`, values >= 0, not all zero
};

// One parameter of a component type: the single source of names, units, defaults, ranges and
// help text that the loader validates against and the inspector will generate its form from.
struct ParameterSpec {
    QString name;
    ValueKind kind = ValueKind::Number;
    QString unit;            // one of parameterUnits() ("ms", "s", "keys", ...) or empty
    QJsonValue defaultValue; // Undefined: no default ("none" in docs/model.md)
    bool required = false;
    double minimum = -std::numeric_limits<double>::infinity();
    double maximum = std::numeric_limits<double>::infinity();
    bool minimumExclusive = false; // a value must be > minimum rather than >= minimum
    QStringList choices;           // Choice values, or the allowed keys of a Mix
    QString help;                  // one sentence for tooltips and the inspector (English)
    QList<ParameterSpec> fields;   // members of an Object or of each ObjectList element
};

struct ComponentTypeSpec {
    QString type;  // "web_server"
    QString title; // "Web server" (English)
    QString help;  // the mechanism, in one or two sentences (English)
    QList<ParameterSpec> parameters;
};

// A scenario action (fail, recover, slow, ...) and the extra members it takes.
struct ScenarioActionSpec {
    QString action;
    QString help;
    bool needsTarget = true; // target is a component id (partition/heal take regions instead)
    QList<ParameterSpec> parameters;
};

// Titles, help and units are kept in English: the loader's messages and docs/model.md quote them,
// and the command line speaks English. Each is marked QT_TRANSLATE_NOOP("ParameterTable", ...)
// where it is written, so lupdate finds it; what shows one to a person (the inspector, the
// palette, the canvas's tooltips) passes it through translatedSpecText(), which is
// QCoreApplication::translate("ParameterTable", text): the installed translator's words, or the
// English itself when there is none.
QString translatedSpecText(const QString &text);
// The units parameters are measured in, each marked for translation once.
const QStringList &parameterUnits();

// Every component type's name, title, help and parameters, in the registry's order
// (component_kind.h holds the rest of what a type is).
const QList<ComponentTypeSpec> &componentTypes();
const ComponentTypeSpec *componentType(const QString &type);
const ParameterSpec *findParameter(const QList<ParameterSpec> &specs, const QString &name);
const QList<ParameterSpec> &scenarioParameters();     // duration_s, warmup_s, seed, replications
const QList<ParameterSpec> &distributionParameters(); // dist, mean, spread, cv, k
const QList<ScenarioActionSpec> &scenarioActions();
const ScenarioActionSpec *scenarioAction(const QString &action);

} // namespace scalelab::model
