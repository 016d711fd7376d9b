#include "model_json.h"

#include "component_kind.h"
#include "model_diagnostics.h"
#include "model_format.h"
#include "parameter_table.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace scalelab::model {

namespace {

// The members every component has; all others are its type's parameters.
const QStringList kComponentMembers = {QStringLiteral("id"), QStringLiteral("type"),
                                       QStringLiteral("label"), QStringLiteral("region")};
const QStringList kTopMembers = {
    QStringLiteral("format"),  QStringLiteral("version"),           QStringLiteral("name"),
    QStringLiteral("regions"), QStringLiteral("region_latency_ms"), QStringLiteral("components"),
    QStringLiteral("links"),   QStringLiteral("scenario"),          QStringLiteral("layout")};
const QStringList kLinkMembers = {QStringLiteral("from"), QStringLiteral("to"),
                                  QStringLiteral("kind"), QStringLiteral("latency_ms")};
const QStringList kEventMembers = {QStringLiteral("at_s"), QStringLiteral("action"),
                                   QStringLiteral("target")};

// Reads and checks one model, collecting every problem rather than stopping at the first, and
// builds the Model alongside; the caller keeps the model only when nothing was wrong.
class Loader {
public:
    explicit Loader(const QString &file) : m_file(file) {}

    LoadResult load(const QByteArray &json);

private:
    void report(const QString &where, const QString &what)
    {
        m_problems.append(Problem{m_file, where, what});
    }

    void readRegions(const QJsonValue &value);
    void readRegionLatencies(const QJsonValue &value);
    void collectComponentIds(const QJsonArray &components);
    void readComponents(const QJsonValue &value);
    void readComponent(const QJsonObject &object, qsizetype index);
    void checkComponentRules(const Component &component, const QString &path);
    void readLinks(const QJsonValue &value);
    void readScenario(const QJsonValue &value);
    void readEvent(const QJsonValue &value, const QString &path);
    void readEventTarget(const ScenarioActionSpec &action, const QJsonObject &object,
                         ScenarioEvent &event, const QString &path);
    void readEventRegions(const QJsonObject &object, ScenarioEvent &event, const QString &path);
    void readLayout(const QJsonValue &value);

    // Checks a value against its spec; false when a problem was reported.
    bool check(const ParameterSpec &spec, const QJsonValue &value, const QString &path);
    bool checkNumber(const ParameterSpec &spec, const QJsonValue &value, const QString &path);
    bool checkDistribution(const ParameterSpec &spec, const QJsonValue &value, const QString &path);
    bool checkMix(const ParameterSpec &spec, const QJsonValue &value, const QString &path);
    // Checks the members of an object against specs: unknown ones, wrong ones, missing ones.
    // `others` are members handled by the caller; `owner` names the object in messages.
    bool checkMembers(const QList<ParameterSpec> &specs, const QJsonObject &object,
                      const QString &path, const QString &owner, const QStringList &others = {});
    void checkUnknown(const QJsonObject &object, const QStringList &known, const QString &path,
                      const QString &owner);
    // A required string member; reports and returns an empty string when missing or not one.
    QString requireString(const QJsonObject &object, const QString &name, const QString &path);
    bool regionExists(const QString &region, const QString &where);
    // The kind of the component with `id` as collectComponentIds found it; nullopt when the id
    // is unknown or its type names no kind.
    std::optional<ComponentKind> kindOf(const QString &id) const;

    QString m_file;
    QList<Problem> m_problems;
    Model m_model;
    // Valid component id -> its type as written, known before parameters: messages quote it,
    // whether or not it names a kind.
    QHash<QString, QString> m_typeOf;
    QHash<QString, ComponentKind> m_kindOf; // the same ids, for those whose type names a kind
    QHash<QString, int> m_firstIndex;       // component id -> index of its first definition
    QHash<QString, QString> m_roleOf;       // database id -> role
    QSet<QString> m_regionIds;
    bool m_durationValid = true;
};

LoadResult Loader::load(const QByteArray &json)
{
    LoadResult result;
    if (json.trimmed().isEmpty()) {
        report({}, QStringLiteral("the file is empty; a model is a JSON object"));
        result.problems = m_problems;
        return result;
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError) {
        report(lineAndColumn(json, error.offset), error.errorString());
        result.problems = m_problems;
        return result;
    }
    if (!document.isObject()) {
        report({}, QStringLiteral("a model must be a JSON object {...}, got a list"));
        result.problems = m_problems;
        return result;
    }
    const QJsonObject top = document.object();

    checkUnknown(top, kTopMembers, {}, QStringLiteral("a model"));
    if (top.contains(QLatin1String("format"))) {
        const QJsonValue format = top.value(QLatin1String("format"));
        if (format.toString() == QLatin1String("scalelab-results")) {
            report(QStringLiteral("format"),
                   QStringLiteral("this is a results file, not a model (format %1)")
                       .arg(quoted(kFormat)));
        } else if (format.toString() != kFormat) {
            report(QStringLiteral("format"),
                   QStringLiteral("must be %1, got %2; is this a ScaleLab model?")
                       .arg(quoted(kFormat), describe(format)));
        }
    }
    if (top.contains(QLatin1String("version"))) {
        const QJsonValue version = top.value(QLatin1String("version"));
        if (version.isDouble() && isWhole(version.toDouble()) &&
            version.toDouble() > kNewestVersion) {
            report(QStringLiteral("version"),
                   QStringLiteral("version %1 is newer than this ScaleLab reads; the newest "
                                  "supported version is %2")
                       .arg(describe(version))
                       .arg(kNewestVersion));
        } else if (version.toDouble(-1) != kNewestVersion) {
            report(QStringLiteral("version"),
                   QStringLiteral("must be %1, got %2 (the newest supported version is %1)")
                       .arg(kNewestVersion)
                       .arg(describe(version)));
        }
    }
    if (top.contains(QLatin1String("name"))) {
        const QJsonValue name = top.value(QLatin1String("name"));
        if (name.isString())
            m_model.name = name.toString();
        else
            report(QStringLiteral("name"),
                   QStringLiteral("must be a text, got %1").arg(describe(name)));
    }

    readRegions(top.value(QLatin1String("regions")));
    readRegionLatencies(top.value(QLatin1String("region_latency_ms")));
    readComponents(top.value(QLatin1String("components")));
    readLinks(top.value(QLatin1String("links")));
    readScenario(top.value(QLatin1String("scenario")));
    // Events name components and regions, so they are read once both are known.
    const QJsonObject scenario = top.value(QLatin1String("scenario")).toObject();
    const QJsonValue events = scenario.value(QLatin1String("events"));
    if (events.isArray()) {
        const QJsonArray list = events.toArray();
        for (qsizetype i = 0; i < list.size(); ++i)
            readEvent(list.at(i), element(QStringLiteral("scenario.events"), i));
    } else if (!events.isUndefined()) {
        report(QStringLiteral("scenario.events"),
               QStringLiteral("must be a list of events, got %1").arg(describe(events)));
    }
    readLayout(top.value(QLatin1String("layout")));

    result.problems = m_problems;
    if (m_problems.isEmpty())
        result.model = m_model;
    return result;
}

void Loader::readRegions(const QJsonValue &value)
{
    if (value.isUndefined())
        return;
    if (!value.isArray()) {
        report(QStringLiteral("regions"),
               QStringLiteral("must be a list of regions like [{\"id\": \"us\"}], got %1")
                   .arg(describe(value)));
        return;
    }
    const QJsonArray list = value.toArray();
    QHash<QString, qsizetype> seen;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString path = element(QStringLiteral("regions"), i);
        if (!list.at(i).isObject()) {
            report(path, QStringLiteral("must be an object like {\"id\": \"us\"}, got %1")
                             .arg(describe(list.at(i))));
            continue;
        }
        const QJsonObject object = list.at(i).toObject();
        checkUnknown(object, {QStringLiteral("id"), QStringLiteral("label")}, path,
                     QStringLiteral("a region"));
        Region region;
        region.id = requireString(object, QStringLiteral("id"), path);
        const QJsonValue label = object.value(QLatin1String("label"));
        if (label.isString())
            region.label = label.toString();
        else if (!label.isUndefined())
            report(member(path, QStringLiteral("label")),
                   QStringLiteral("must be a text, got %1").arg(describe(label)));
        if (region.id.isEmpty())
            continue;
        if (hasWhitespace(region.id)) {
            report(member(path, QStringLiteral("id")),
                   QStringLiteral("must not contain spaces, got %1").arg(quoted(region.id)));
            continue;
        }
        if (seen.contains(region.id)) {
            report(member(path, QStringLiteral("id")),
                   QStringLiteral("%1 is already the id of regions[%2]")
                       .arg(quoted(region.id))
                       .arg(seen.value(region.id)));
            continue;
        }
        seen.insert(region.id, i);
        m_regionIds.insert(region.id);
        m_model.regions.append(region);
    }
}

void Loader::readRegionLatencies(const QJsonValue &value)
{
    if (value.isUndefined())
        return;
    if (!value.isArray()) {
        report(QStringLiteral("region_latency_ms"),
               QStringLiteral("must be a list like [{\"a\": \"us\", \"b\": \"eu\", \"ms\": 80}], "
                              "got %1")
                   .arg(describe(value)));
        return;
    }
    const QJsonArray list = value.toArray();
    QHash<QString, qsizetype> seen; // "a|b" in sorted order -> index
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString path = element(QStringLiteral("region_latency_ms"), i);
        if (!list.at(i).isObject()) {
            report(path, QStringLiteral("must be an object like {\"a\": \"us\", \"b\": \"eu\", "
                                        "\"ms\": 80}, got %1")
                             .arg(describe(list.at(i))));
            continue;
        }
        const QJsonObject object = list.at(i).toObject();
        checkUnknown(object, {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("ms")}, path,
                     QStringLiteral("a region latency"));
        RegionLatency latency;
        latency.a = requireString(object, QStringLiteral("a"), path);
        latency.b = requireString(object, QStringLiteral("b"), path);
        bool ok = !latency.a.isEmpty() && !latency.b.isEmpty();
        ok = ok && regionExists(latency.a, member(path, QStringLiteral("a")));
        ok = ok && regionExists(latency.b, member(path, QStringLiteral("b")));
        if (ok && latency.a == latency.b) {
            report(member(path, QStringLiteral("b")),
                   QStringLiteral("must differ from a: a region adds no latency to itself"));
            ok = false;
        }
        ParameterSpec msSpec;
        msSpec.name = QStringLiteral("ms");
        msSpec.minimum = 0;
        const QJsonValue ms = object.value(QLatin1String("ms"));
        if (ms.isUndefined()) {
            report(member(path, QStringLiteral("ms")),
                   QStringLiteral("is missing: the latency added between the two regions, in "
                                  "milliseconds"));
            ok = false;
        } else if (!checkNumber(msSpec, ms, member(path, QStringLiteral("ms")))) {
            ok = false;
        }
        if (!ok)
            continue;
        latency.ms = ms.toDouble();
        const QString pair = latency.a < latency.b ? latency.a + QLatin1Char('|') + latency.b
                                                   : latency.b + QLatin1Char('|') + latency.a;
        if (seen.contains(pair)) {
            report(path, QStringLiteral("repeats the latency between %1 and %2 of "
                                        "region_latency_ms[%3]")
                             .arg(quoted(latency.a), quoted(latency.b))
                             .arg(seen.value(pair)));
            continue;
        }
        seen.insert(pair, i);
        m_model.regionLatencies.append(latency);
    }
}

bool Loader::regionExists(const QString &region, const QString &where)
{
    if (m_regionIds.contains(region))
        return true;
    if (m_regionIds.isEmpty()) {
        report(where, QStringLiteral("unknown region %1: the model declares no regions (add "
                                     "\"regions\": [{\"id\": %1}])")
                          .arg(quoted(region)));
    } else {
        QStringList known;
        for (const Region &declared : std::as_const(m_model.regions))
            known << declared.id;
        report(where, QStringLiteral("unknown region %1%2")
                          .arg(quoted(region), suggestOrList(region, known,
                                                             QStringLiteral("the model's regions "
                                                                            "are"))));
    }
    return false;
}

std::optional<ComponentKind> Loader::kindOf(const QString &id) const
{
    const auto found = m_kindOf.constFind(id);
    if (found == m_kindOf.constEnd())
        return std::nullopt;
    return *found;
}

void Loader::collectComponentIds(const QJsonArray &components)
{
    for (qsizetype i = 0; i < components.size(); ++i) {
        const QJsonObject object = components.at(i).toObject();
        const QJsonValue id = object.value(QLatin1String("id"));
        const QJsonValue type = object.value(QLatin1String("type"));
        if (!id.isString() || id.toString().isEmpty() || hasWhitespace(id.toString()))
            continue;
        if (m_firstIndex.contains(id.toString()))
            continue;
        m_firstIndex.insert(id.toString(), static_cast<int>(i));
        m_typeOf.insert(id.toString(), type.toString());
        const std::optional<ComponentKind> kind = kindNamed(type.toString());
        if (kind)
            m_kindOf.insert(id.toString(), *kind);
        if (kind == ComponentKind::Database) {
            const QJsonValue role = object.value(QLatin1String("role"));
            m_roleOf.insert(id.toString(),
                            role.isString() ? role.toString() : QStringLiteral("primary"));
        }
    }
}

void Loader::readComponents(const QJsonValue &value)
{
    if (value.isUndefined())
        return;
    if (!value.isArray()) {
        report(QStringLiteral("components"),
               QStringLiteral("must be a list of components, got %1").arg(describe(value)));
        return;
    }
    const QJsonArray list = value.toArray();
    // Ids first: parameters such as standby_for and alerts may name a later component.
    collectComponentIds(list);
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString path = element(QStringLiteral("components"), i);
        if (!list.at(i).isObject()) {
            report(path, QStringLiteral("must be an object like {\"id\": \"web\", \"type\": "
                                        "\"web_server\"}, got %1")
                             .arg(describe(list.at(i))));
            continue;
        }
        readComponent(list.at(i).toObject(), i);
    }
}

void Loader::readComponent(const QJsonObject &object, qsizetype index)
{
    const QString path = element(QStringLiteral("components"), index);
    Component component;

    component.id = requireString(object, QStringLiteral("id"), path);
    if (!component.id.isEmpty()) {
        if (hasWhitespace(component.id)) {
            report(member(path, QStringLiteral("id")),
                   QStringLiteral("must not contain spaces, got %1; use - or _ instead")
                       .arg(quoted(component.id)));
        } else if (m_firstIndex.value(component.id) != index) {
            report(member(path, QStringLiteral("id")),
                   QStringLiteral("%1 is already the id of components[%2]; ids must be unique")
                       .arg(quoted(component.id))
                       .arg(m_firstIndex.value(component.id)));
        }
    }

    // The one place a type's name becomes a kind; past the loader, code compares kinds.
    const QString type = requireString(object, QStringLiteral("type"), path);
    std::optional<ComponentKind> kind;
    if (!type.isEmpty()) {
        kind = kindNamed(type);
        if (kind) {
            component.kind = *kind;
        } else {
            QStringList known;
            for (const ComponentKindSpec *spec : componentKinds())
                known << spec->type.type;
            report(member(path, QStringLiteral("type")),
                   QStringLiteral("unknown type %1%2")
                       .arg(quoted(type),
                            suggestOrList(type, known, QStringLiteral("the known types are"))));
        }
    }

    const QJsonValue label = object.value(QLatin1String("label"));
    if (label.isString())
        component.label = label.toString();
    else if (!label.isUndefined())
        report(member(path, QStringLiteral("label")),
               QStringLiteral("must be a text, got %1").arg(describe(label)));

    const QJsonValue region = object.value(QLatin1String("region"));
    if (region.isString()) {
        component.region = region.toString();
        regionExists(component.region, member(path, QStringLiteral("region")));
    } else if (!region.isUndefined()) {
        report(member(path, QStringLiteral("region")),
               QStringLiteral("must be the id of a region, got %1").arg(describe(region)));
    }

    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!kComponentMembers.contains(it.key()))
            component.parameters.insert(it.key(), it.value());
    }
    // Without a known type there is nothing to check the parameters against (and the component
    // is only kept for the checks that follow: the model is not returned).
    if (kind) {
        const bool fine = checkMembers(kindSpec(*kind).type.parameters, object, path,
                                       QStringLiteral("a ") + type, kComponentMembers);
        if (fine)
            checkComponentRules(component, path);
    }
    m_model.components.append(component);
}

// Rules that tie several values together, checked once each value is fine on its own.
void Loader::checkComponentRules(const Component &component, const QString &path)
{
    const QJsonValue autoscale = component.parameters.value(QLatin1String("autoscale"));
    if (autoscale.isObject()) {
        const double minimum =
            component.member(QStringLiteral("autoscale"), QStringLiteral("min")).toDouble();
        const double maximum =
            component.member(QStringLiteral("autoscale"), QStringLiteral("max")).toDouble();
        if (minimum > maximum) {
            report(member(path, QStringLiteral("autoscale.min")),
                   QStringLiteral("must not be above max (%1), got %2")
                       .arg(formatNumber(maximum), formatNumber(minimum)));
        }
    }

    const QJsonValue profile = component.parameters.value(QLatin1String("profile"));
    if (profile.isArray()) {
        const QJsonArray points = profile.toArray();
        for (qsizetype i = 1; i < points.size(); ++i) {
            const double previous =
                points.at(i - 1).toObject().value(QLatin1String("at_s")).toDouble();
            const double at = points.at(i).toObject().value(QLatin1String("at_s")).toDouble();
            if (at < previous) {
                report(member(element(member(path, QStringLiteral("profile")), i),
                              QStringLiteral("at_s")),
                       QStringLiteral("must not be earlier than the point before it (%1 s), got "
                                      "%2; list the points in time order")
                           .arg(formatNumber(previous), formatNumber(at)));
            }
        }
    }

    const QJsonValue standby = component.parameters.value(QLatin1String("standby_for"));
    if (standby.isString()) {
        const QString peer = standby.toString();
        const QString where = member(path, QStringLiteral("standby_for"));
        if (peer == component.id) {
            report(where, QStringLiteral("a load balancer cannot be the standby of itself"));
        } else if (kindOf(peer) != ComponentKind::LoadBalancer) {
            report(where, QStringLiteral("must name a load_balancer, but %1 is a %2")
                              .arg(quoted(peer), m_typeOf.value(peer)));
        }
    }
}

void Loader::readLinks(const QJsonValue &value)
{
    if (value.isUndefined())
        return;
    if (!value.isArray()) {
        report(QStringLiteral("links"),
               QStringLiteral("must be a list of links like [{\"from\": \"users\", \"to\": "
                              "\"web\"}], got %1")
                   .arg(describe(value)));
        return;
    }
    const QJsonArray list = value.toArray();
    QHash<QString, qsizetype> seen;    // "from|to|kind" -> index
    QHash<QString, QString> primaryOf; // replica -> the primary replicating to it
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString path = element(QStringLiteral("links"), i);
        if (!list.at(i).isObject()) {
            report(path, QStringLiteral("must be an object like {\"from\": \"users\", \"to\": "
                                        "\"web\"}, got %1")
                             .arg(describe(list.at(i))));
            continue;
        }
        const QJsonObject object = list.at(i).toObject();
        checkUnknown(object, kLinkMembers, path, QStringLiteral("a link"));
        Link link;
        bool ok = true;
        for (const QString &end : {QStringLiteral("from"), QStringLiteral("to")}) {
            const QString id = requireString(object, end, path);
            if (id.isEmpty()) {
                ok = false;
            } else if (!m_typeOf.contains(id)) {
                report(member(path, end), QStringLiteral("no component has the id %1%2")
                                              .arg(quoted(id), didYouMean(id, m_typeOf.keys())));
                ok = false;
            }
            (end == QLatin1String("from") ? link.from : link.to) = id;
        }
        if (ok && link.from == link.to) {
            report(member(path, QStringLiteral("to")),
                   QStringLiteral("a component cannot be linked to itself (%1)")
                       .arg(quoted(link.from)));
            ok = false;
        }

        const QJsonValue kind = object.value(QLatin1String("kind"));
        if (kind == QJsonValue(QStringLiteral("replication"))) {
            link.kind = Link::Kind::Replication;
        } else if (!kind.isUndefined() && kind != QJsonValue(QStringLiteral("request"))) {
            report(
                member(path, QStringLiteral("kind")),
                QStringLiteral("must be one of request, replication, got %1").arg(describe(kind)));
            ok = false;
        }

        const QJsonValue latency = object.value(QLatin1String("latency_ms"));
        if (!latency.isUndefined()) {
            ParameterSpec latencySpec;
            latencySpec.name = QStringLiteral("latency_ms");
            latencySpec.minimum = 0;
            if (checkNumber(latencySpec, latency, member(path, QStringLiteral("latency_ms"))))
                link.latencyMs = latency.toDouble();
            else
                ok = false;
        }

        if (ok && link.kind == Link::Kind::Replication) {
            for (const QString *end : {&link.from, &link.to}) {
                if (kindOf(*end) != ComponentKind::Database) {
                    report(member(path, QStringLiteral("kind")),
                           QStringLiteral("replication links join databases, but %1 is a %2")
                               .arg(quoted(*end), m_typeOf.value(*end)));
                    ok = false;
                    break;
                }
            }
            if (ok && m_roleOf.value(link.to) != QLatin1String("replica")) {
                report(member(path, QStringLiteral("to")),
                       QStringLiteral("%1 must have \"role\": \"replica\" to receive a "
                                      "replication link")
                           .arg(quoted(link.to)));
                ok = false;
            } else if (ok && primaryOf.contains(link.to)) {
                report(member(path, QStringLiteral("to")),
                       QStringLiteral("replica %1 already replicates from %2; a replica has one "
                                      "primary")
                           .arg(quoted(link.to), quoted(primaryOf.value(link.to))));
                ok = false;
            } else if (ok) {
                primaryOf.insert(link.to, link.from);
            }
        }
        if (!ok)
            continue;
        const QString key = link.from + QLatin1Char('|') + link.to + QLatin1Char('|') +
                            QString::number(static_cast<int>(link.kind));
        if (seen.contains(key)) {
            report(path, QStringLiteral("repeats links[%1] (%2 to %3)")
                             .arg(seen.value(key))
                             .arg(quoted(link.from), quoted(link.to)));
            continue;
        }
        seen.insert(key, i);
        m_model.links.append(link);
    }
}

void Loader::readScenario(const QJsonValue &value)
{
    if (value.isUndefined())
        return;
    if (!value.isObject()) {
        report(QStringLiteral("scenario"),
               QStringLiteral("must be an object like {\"duration_s\": 60}, got %1")
                   .arg(describe(value)));
        m_durationValid = false;
        return;
    }
    const QJsonObject object = value.toObject();
    const QString path = QStringLiteral("scenario");
    checkUnknown(object, namesOf(scenarioParameters()) << QStringLiteral("events"), path,
                 QStringLiteral("the scenario"));
    Scenario &scenario = m_model.scenario;
    for (const ParameterSpec &spec : scenarioParameters()) {
        const QJsonValue written = object.value(spec.name);
        if (written.isUndefined())
            continue;
        const bool fine = check(spec, written, member(path, spec.name));
        if (spec.name == QLatin1String("duration_s")) {
            m_durationValid = fine;
            if (fine)
                scenario.durationS = written.toDouble();
        } else if (!fine) {
            continue;
        } else if (spec.name == QLatin1String("warmup_s")) {
            scenario.warmupS = written.toDouble();
        } else if (spec.name == QLatin1String("seed")) {
            scenario.seed = static_cast<quint64>(written.toDouble());
        } else if (spec.name == QLatin1String("replications")) {
            scenario.replications = static_cast<int>(written.toDouble());
        }
    }
    if (m_durationValid && scenario.warmupS && *scenario.warmupS >= scenario.durationS) {
        report(member(path, QStringLiteral("warmup_s")),
               QStringLiteral("must be shorter than duration_s (%1 s), got %2 s; nothing would "
                              "be measured")
                   .arg(formatNumber(scenario.durationS), formatNumber(*scenario.warmupS)));
    }
}

void Loader::readEvent(const QJsonValue &value, const QString &path)
{
    if (!value.isObject()) {
        report(path, QStringLiteral("must be an object like {\"at_s\": 30, \"action\": \"fail\", "
                                    "\"target\": \"web\"}, got %1")
                         .arg(describe(value)));
        return;
    }
    const QJsonObject object = value.toObject();
    ScenarioEvent event;
    bool ok = true;

    const QJsonValue at = object.value(QLatin1String("at_s"));
    ParameterSpec atSpec;
    atSpec.name = QStringLiteral("at_s");
    atSpec.unit = QStringLiteral("s");
    atSpec.minimum = 0;
    if (m_durationValid)
        atSpec.maximum = m_model.scenario.durationS;
    if (at.isUndefined()) {
        report(member(path, QStringLiteral("at_s")),
               QStringLiteral("is missing: when the event happens, in seconds from the start"));
        ok = false;
    } else if (!checkNumber(atSpec, at, member(path, QStringLiteral("at_s")))) {
        ok = false;
    } else {
        event.atS = at.toDouble();
    }

    event.action = requireString(object, QStringLiteral("action"), path);
    if (event.action.isEmpty())
        return;
    const ScenarioActionSpec *action = scenarioAction(event.action);
    if (!action) {
        QStringList known;
        for (const ScenarioActionSpec &spec : scenarioActions())
            known << spec.action;
        report(member(path, QStringLiteral("action")),
               QStringLiteral("unknown action %1%2")
                   .arg(quoted(event.action),
                        suggestOrList(event.action, known, QStringLiteral("the actions are"))));
        return;
    }
    if (action->needsTarget)
        readEventTarget(*action, object, event, path);
    else
        readEventRegions(object, event, path);
    if (ok)
        m_model.scenario.events.append(event);
}

void Loader::readEventTarget(const ScenarioActionSpec &action, const QJsonObject &object,
                             ScenarioEvent &event, const QString &path)
{
    checkMembers(action.parameters, object, path, QStringLiteral("a %1 event").arg(action.action),
                 kEventMembers);
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!kEventMembers.contains(it.key()))
            event.parameters.insert(it.key(), it.value());
    }
    event.target = requireString(object, QStringLiteral("target"), path);
    if (event.target.isEmpty())
        return;
    const QString where = member(path, QStringLiteral("target"));
    if (!m_typeOf.contains(event.target)) {
        report(where, QStringLiteral("no component has the id %1%2")
                          .arg(quoted(event.target), didYouMean(event.target, m_typeOf.keys())));
        return;
    }
    const QString type = m_typeOf.value(event.target); // as written, for the messages
    const std::optional<ComponentKind> kind = kindOf(event.target);
    if (action.action == QLatin1String("flush") && kind != ComponentKind::Cache &&
        kind != ComponentKind::Cdn && kind != ComponentKind::SessionStore) {
        report(where, QStringLiteral("only a cache, cdn or session_store can be flushed, but %1 "
                                     "is a %2")
                          .arg(quoted(event.target), type));
    }
    if (action.action == QLatin1String("spike") && kind != ComponentKind::Client) {
        report(where, QStringLiteral("a spike multiplies a client's rate, but %1 is a %2")
                          .arg(quoted(event.target), type));
    }
    const QJsonValue instance = object.value(QLatin1String("instance"));
    if (instance.isDouble() && isWhole(instance.toDouble()) && instance.toDouble() >= 0) {
        const bool pool =
            kind && findParameter(kindSpec(*kind).type.parameters, QStringLiteral("count"));
        const int index = m_firstIndex.value(event.target);
        const Component *target =
            index < m_model.components.size() ? &m_model.components.at(index) : nullptr;
        double instances = 1;
        if (pool && target) {
            instances = target->number(QStringLiteral("count"), 1);
            if (target->parameters.contains(QLatin1String("autoscale"))) {
                instances = std::max(
                    instances,
                    target->member(QStringLiteral("autoscale"), QStringLiteral("max")).toDouble(1));
            }
        }
        if (instance.toDouble() >= instances) {
            report(member(path, QStringLiteral("instance")),
                   QStringLiteral("%1 has %2 instance(s), numbered from 0, got %3")
                       .arg(quoted(event.target), formatNumber(instances),
                            formatNumber(instance.toDouble())));
        }
    }
}

// partition and heal name two regions, as {"a", "b"} or as {"target", "with"}; both are kept
// as target plus "with" so that the engine reads one form.
void Loader::readEventRegions(const QJsonObject &object, ScenarioEvent &event, const QString &path)
{
    const QStringList known = {QStringLiteral("at_s"),   QStringLiteral("action"),
                               QStringLiteral("target"), QStringLiteral("with"),
                               QStringLiteral("a"),      QStringLiteral("b")};
    checkUnknown(object, known, path, QStringLiteral("a %1 event").arg(event.action));
    const bool pairForm =
        object.contains(QLatin1String("a")) || object.contains(QLatin1String("b"));
    const bool targetForm =
        object.contains(QLatin1String("target")) || object.contains(QLatin1String("with"));
    if (pairForm && targetForm) {
        report(path, QStringLiteral("name the two regions either with a and b or with target and "
                                    "with, not both"));
        return;
    }
    if (!pairForm && !targetForm) {
        report(path, QStringLiteral("%1 needs two regions, like \"a\": \"us\", \"b\": \"eu\"")
                         .arg(event.action));
        return;
    }
    const QString first = pairForm ? QStringLiteral("a") : QStringLiteral("target");
    const QString second = pairForm ? QStringLiteral("b") : QStringLiteral("with");
    const QString one = requireString(object, first, path);
    const QString other = requireString(object, second, path);
    if (one.isEmpty() || other.isEmpty())
        return;
    const bool known1 = regionExists(one, member(path, first));
    const bool known2 = regionExists(other, member(path, second));
    if (known1 && known2 && one == other) {
        report(member(path, second),
               QStringLiteral("must differ from %1: a region is never cut off from itself")
                   .arg(first));
    }
    event.target = one;
    event.parameters.insert(QStringLiteral("with"), other);
}

void Loader::readLayout(const QJsonValue &value)
{
    if (value.isUndefined())
        return;
    if (!value.isObject()) {
        report(QStringLiteral("layout"),
               QStringLiteral("must be an object like {\"web\": {\"x\": 200, \"y\": 80}}, got %1")
                   .arg(describe(value)));
        return;
    }
    const QJsonObject layout = value.toObject();
    for (auto it = layout.begin(); it != layout.end(); ++it) {
        const QString path = member(QStringLiteral("layout"), it.key());
        bool ok = true;
        if (!m_typeOf.contains(it.key())) {
            report(path, QStringLiteral("no component has the id %1%2")
                             .arg(quoted(it.key()), didYouMean(it.key(), m_typeOf.keys())));
            ok = false;
        }
        if (!it.value().isObject()) {
            report(path, QStringLiteral("must be a position like {\"x\": 200, \"y\": 80}, got %1")
                             .arg(describe(it.value())));
            continue;
        }
        const QJsonObject position = it.value().toObject();
        checkUnknown(position, {QStringLiteral("x"), QStringLiteral("y")}, path,
                     QStringLiteral("a position"));
        for (const QString &axis : {QStringLiteral("x"), QStringLiteral("y")}) {
            const QJsonValue coordinate = position.value(axis);
            if (!coordinate.isDouble()) {
                report(member(path, axis),
                       coordinate.isUndefined()
                           ? QStringLiteral("is missing")
                           : QStringLiteral("must be a number, got %1").arg(describe(coordinate)));
                ok = false;
            }
        }
        if (ok) {
            m_model.layout.insert(it.key(), QPointF(position.value(QLatin1String("x")).toDouble(),
                                                    position.value(QLatin1String("y")).toDouble()));
        }
    }
}

QString Loader::requireString(const QJsonObject &object, const QString &name, const QString &path)
{
    const QJsonValue value = object.value(name);
    if (value.isUndefined()) {
        report(member(path, name), QStringLiteral("is missing"));
        return {};
    }
    if (!value.isString()) {
        report(member(path, name), QStringLiteral("must be a text, got %1").arg(describe(value)));
        return {};
    }
    if (value.toString().isEmpty()) {
        report(member(path, name), QStringLiteral("must not be empty"));
        return {};
    }
    return value.toString();
}

void Loader::checkUnknown(const QJsonObject &object, const QStringList &known, const QString &path,
                          const QString &owner)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (known.contains(it.key()))
            continue;
        const QString suggestion = didYouMean(it.key(), known);
        report(member(path, it.key()),
               QStringLiteral("unknown member %1 for %2%3")
                   .arg(quoted(it.key()), owner,
                        suggestion.isEmpty() ? QStringLiteral("; known members are %1")
                                                   .arg(known.join(QStringLiteral(", ")))
                                             : suggestion));
    }
}

bool Loader::checkMembers(const QList<ParameterSpec> &specs, const QJsonObject &object,
                          const QString &path, const QString &owner, const QStringList &others)
{
    const qsizetype before = m_problems.size();
    const QStringList names = namesOf(specs);
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (others.contains(it.key()))
            continue;
        const ParameterSpec *spec = findParameter(specs, it.key());
        if (!spec) {
            const QString suggestion = didYouMean(it.key(), names + others);
            report(member(path, it.key()),
                   QStringLiteral("unknown parameter %1 for %2%3")
                       .arg(quoted(it.key()), owner,
                            suggestion.isEmpty()
                                ? (names.isEmpty() ? QStringLiteral("; it takes none")
                                                   : QStringLiteral("; its parameters are %1")
                                                         .arg(names.join(QStringLiteral(", "))))
                                : suggestion));
            continue;
        }
        check(*spec, it.value(), member(path, it.key()));
    }
    for (const ParameterSpec &spec : specs) {
        if (spec.required && !object.contains(spec.name)) {
            report(
                member(path, spec.name),
                QStringLiteral("is missing; %1 needs it: %2").arg(owner, lowerSentence(spec.help)));
        }
    }
    return m_problems.size() == before;
}

bool Loader::check(const ParameterSpec &spec, const QJsonValue &value, const QString &path)
{
    switch (spec.kind) {
    case ValueKind::Number:
    case ValueKind::Integer:
        return checkNumber(spec, value, path);
    case ValueKind::Choice:
        if (!value.isString() || !spec.choices.contains(value.toString())) {
            report(path, QStringLiteral("must be one of %1, got %2%3")
                             .arg(spec.choices.join(QStringLiteral(", ")), describe(value),
                                  value.isString() ? didYouMean(value.toString(), spec.choices)
                                                   : QString()));
            return false;
        }
        return true;
    case ValueKind::Distribution:
        return checkDistribution(spec, value, path);
    case ValueKind::Text:
        if (!value.isString()) {
            report(path, QStringLiteral("must be a text, got %1").arg(describe(value)));
            return false;
        }
        return true;
    case ValueKind::ComponentId:
        if (!value.isString()) {
            report(path,
                   QStringLiteral("must be the id of a component, got %1").arg(describe(value)));
            return false;
        }
        if (!m_typeOf.contains(value.toString())) {
            report(path, QStringLiteral("no component has the id %1%2")
                             .arg(quoted(value.toString()),
                                  didYouMean(value.toString(), m_typeOf.keys())));
            return false;
        }
        return true;
    case ValueKind::Object:
        if (!value.isObject()) {
            report(path,
                   QStringLiteral("must be an object with members %1, got %2")
                       .arg(namesOf(spec.fields).join(QStringLiteral(", ")), describe(value)));
            return false;
        }
        return checkMembers(spec.fields, value.toObject(), path, spec.name);
    case ValueKind::ObjectList: {
        if (!value.isArray()) {
            report(path,
                   QStringLiteral("must be a list of objects with members %1, got %2")
                       .arg(namesOf(spec.fields).join(QStringLiteral(", ")), describe(value)));
            return false;
        }
        const QJsonArray list = value.toArray();
        bool fine = true;
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QString itemPath = element(path, i);
            if (!list.at(i).isObject()) {
                report(itemPath, QStringLiteral("must be an object with members %1, got %2")
                                     .arg(namesOf(spec.fields).join(QStringLiteral(", ")),
                                          describe(list.at(i))));
                fine = false;
                continue;
            }
            fine = checkMembers(spec.fields, list.at(i).toObject(), itemPath,
                                QStringLiteral("an entry of ") + spec.name) &&
                   fine;
        }
        return fine;
    }
    case ValueKind::Mix:
        return checkMix(spec, value, path);
    }
    return true;
}

bool Loader::checkNumber(const ParameterSpec &spec, const QJsonValue &value, const QString &path)
{
    const double number = value.toDouble();
    const bool wrongKind =
        !value.isDouble() || (spec.kind == ValueKind::Integer && !isWhole(number));
    if (wrongKind || !inRange(spec, number)) {
        report(path, QStringLiteral("must be %1, got %2")
                         .arg(expectation(spec, number),
                              value.isDouble() ? withUnit(number, spec.unit) : describe(value)));
        return false;
    }
    return true;
}

bool Loader::checkDistribution(const ParameterSpec &spec, const QJsonValue &value,
                               const QString &path)
{
    if (value.isDouble()) {
        // A bare number is a constant: the parameter's range applies to it directly.
        ParameterSpec constant = spec;
        constant.kind = ValueKind::Number;
        return checkNumber(constant, value, path);
    }
    if (!value.isObject()) {
        report(path, QStringLiteral("must be a number (a constant) or a distribution like "
                                    "{\"dist\": \"exponential\", \"mean\": 10}, got %1")
                         .arg(describe(value)));
        return false;
    }
    const QJsonObject object = value.toObject();
    QList<ParameterSpec> specs = distributionParameters();
    for (ParameterSpec &member : specs) {
        // The mean is the value the parameter's range speaks of; dist and mean are the law.
        if (member.name == QLatin1String("mean")) {
            member.minimum = spec.minimum;
            member.maximum = spec.maximum;
            member.minimumExclusive = spec.minimumExclusive;
            member.unit = spec.unit;
        }
        if (member.name == QLatin1String("dist") || member.name == QLatin1String("mean"))
            member.required = true;
    }
    if (!checkMembers(specs, object, path, QStringLiteral("a distribution")))
        return false;
    const QString dist = object.value(QLatin1String("dist")).toString();
    const double mean = object.value(QLatin1String("mean")).toDouble();
    const double spread = object.value(QLatin1String("spread")).toDouble(0);
    if (dist == QLatin1String("uniform") && spread > 2 * mean) {
        report(member(path, QStringLiteral("spread")),
               QStringLiteral("must be at most twice the mean (%1), got %2: a time cannot be "
                              "negative")
                   .arg(formatNumber(2 * mean), formatNumber(spread)));
        return false;
    }
    return true;
}

bool Loader::checkMix(const ParameterSpec &spec, const QJsonValue &value, const QString &path)
{
    const QString choices = spec.choices.join(QStringLiteral(", "));
    if (!value.isObject()) {
        report(path, QStringLiteral("must be an object of weights with keys among %1, like "
                                    "{\"read\": 0.9, \"write\": 0.1}, got %2")
                         .arg(choices, describe(value)));
        return false;
    }
    const QJsonObject object = value.toObject();
    bool fine = true;
    double total = 0;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString where = member(path, it.key());
        if (!spec.choices.contains(it.key())) {
            report(where, QStringLiteral("unknown request kind %1%2")
                              .arg(quoted(it.key()), suggestOrList(it.key(), spec.choices,
                                                                   QStringLiteral("the kinds "
                                                                                  "are"))));
            fine = false;
            continue;
        }
        if (!it.value().isDouble() || it.value().toDouble() < 0) {
            report(
                where,
                QStringLiteral("must be a weight of at least 0, got %1").arg(describe(it.value())));
            fine = false;
            continue;
        }
        total += it.value().toDouble();
    }
    if (fine && total <= 0) {
        report(path, QStringLiteral("needs at least one weight above 0, among %1").arg(choices));
        fine = false;
    }
    return fine;
}

} // namespace

LoadResult parseModel(const QByteArray &json, const QString &fileName)
{
    return Loader(fileName).load(json);
}

LoadResult loadModelFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        LoadResult result;
        result.problems.append(
            Problem{path, {}, QStringLiteral("cannot read the file: %1").arg(file.errorString())});
        return result;
    }
    return parseModel(file.readAll(), path);
}

} // namespace scalelab::model
