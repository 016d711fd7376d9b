// The list of every component kind, and what is derived from their parameter specs alone.

#include "kind_support.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace scalelab::model {

namespace {

// A path into a component's parameters that holds another component's id.
struct Reference {
    QString parameter; // top-level member
    QString field;     // member of the object, or of each list element; empty for a top-level id
    bool list = false;
};

QList<Reference> referencesOf(ComponentKind kind)
{
    QList<Reference> references;
    for (const ParameterSpec &p : kindSpec(kind).type.parameters) {
        if (p.kind == ValueKind::ComponentId)
            references.append({p.name, {}, false});
        for (const ParameterSpec &f : p.fields)
            if (f.kind == ValueKind::ComponentId)
                references.append({p.name, f.name, p.kind == ValueKind::ObjectList});
    }
    return references;
}

} // namespace

const QList<const ComponentKindSpec *> &componentKinds()
{
    // One line per kind, in the order of docs/model.md: the palette's order, and the order in
    // which the loader lists the types it knows.
    static const QList<const ComponentKindSpec *> kinds = {
        &kinds::clientKind(),       &kinds::dnsKind(),       &kinds::cdnKind(),
        &kinds::loadBalancerKind(), &kinds::webServerKind(), &kinds::cacheKind(),
        &kinds::sessionStoreKind(), &kinds::databaseKind(),  &kinds::shardRouterKind(),
        &kinds::queueKind(),        &kinds::workerKind(),    &kinds::monitorKind(),
    };
    return kinds;
}

const ComponentKindSpec &kindSpec(ComponentKind kind)
{
    for (const ComponentKindSpec *spec : componentKinds())
        if (spec->kind == kind)
            return *spec;
    Q_UNREACHABLE(); // every enumerator has a line in componentKinds() (tst_component_kinds)
}

std::optional<ComponentKind> kindNamed(const QString &type)
{
    for (const ComponentKindSpec *spec : componentKinds())
        if (spec->type.type == type)
            return spec->kind;
    return std::nullopt;
}

QString kindName(ComponentKind kind)
{
    return kindSpec(kind).type.type;
}

Component newComponentOf(ComponentKind kind, const QString &id)
{
    const ComponentKindSpec &spec = kindSpec(kind);
    Component component;
    component.id = id;
    component.kind = kind;
    for (const ParameterSpec &p : spec.type.parameters) {
        if (!p.required)
            continue;
        const QJsonValue start = spec.starts.value(p.name);
        if (!start.isUndefined())
            component.parameters.insert(p.name, start);
        else if (p.kind == ValueKind::Choice && !p.choices.isEmpty())
            component.parameters.insert(p.name, p.choices.first());
        else if (p.kind == ValueKind::Number || p.kind == ValueKind::Integer)
            component.parameters.insert(
                p.name, std::isfinite(p.minimum) ? std::max(1.0, p.minimum + 1) : 1.0);
    }
    return component;
}

QStringList componentReferences(ComponentKind kind)
{
    QStringList paths;
    for (const Reference &r : referencesOf(kind))
        paths << (r.field.isEmpty()
                      ? r.parameter
                      : r.parameter + (r.list ? QStringLiteral("[].") : QStringLiteral(".")) +
                            r.field);
    return paths;
}

QStringList referencedIds(const Component &component)
{
    QStringList ids;
    const QJsonObject &parameters = component.parameters;
    for (const Reference &r : referencesOf(component.kind)) {
        const QJsonValue value = parameters.value(r.parameter);
        if (r.field.isEmpty())
            ids << value.toString();
        else if (r.list)
            for (const QJsonValue &element : value.toArray())
                ids << element.toObject().value(r.field).toString();
        else
            ids << value.toObject().value(r.field).toString();
    }
    ids.removeAll(QString());
    return ids;
}

QJsonObject withReferencesRenamed(const Component &component,
                                  const QHash<QString, QString> &renamed)
{
    QJsonObject parameters = component.parameters;
    const auto rename = [&renamed](QJsonObject &object, const QString &member) {
        const QString id = object.value(member).toString();
        if (renamed.contains(id))
            object.insert(member, renamed.value(id));
    };
    for (const Reference &r : referencesOf(component.kind)) {
        if (!parameters.contains(r.parameter))
            continue;
        if (r.field.isEmpty()) {
            rename(parameters, r.parameter);
        } else if (r.list) {
            QJsonArray elements = parameters.value(r.parameter).toArray();
            for (auto it = elements.begin(); it != elements.end(); ++it) {
                QJsonObject element = it->toObject();
                rename(element, r.field);
                *it = element;
            }
            parameters.insert(r.parameter, elements);
        } else {
            QJsonObject object = parameters.value(r.parameter).toObject();
            rename(object, r.field);
            parameters.insert(r.parameter, object);
        }
    }
    return parameters;
}

QJsonObject withoutReferencesTo(const Component &component, const QString &id)
{
    QJsonObject parameters = component.parameters;
    for (const Reference &r : referencesOf(component.kind)) {
        if (!parameters.contains(r.parameter))
            continue;
        if (r.field.isEmpty()) {
            if (parameters.value(r.parameter).toString() == id)
                parameters.remove(r.parameter);
        } else if (r.list) {
            // An element that watches the component goes with it; the rest of the list stays.
            QJsonArray kept;
            for (const QJsonValue &element : parameters.value(r.parameter).toArray())
                if (element.toObject().value(r.field).toString() != id)
                    kept.append(element);
            parameters.insert(r.parameter, kept);
        } else {
            QJsonObject object = parameters.value(r.parameter).toObject();
            if (object.value(r.field).toString() == id)
                object.remove(r.field);
            parameters.insert(r.parameter, object);
        }
    }
    return parameters;
}

} // namespace scalelab::model
