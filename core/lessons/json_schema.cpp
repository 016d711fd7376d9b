#include "json_schema.h"

#include <QJsonArray>
#include <QSet>

#include <cmath>

namespace scalelab::lessons {

namespace {

const QSet<QString> &knownKeywords()
{
    static const QSet<QString> keywords{
        QStringLiteral("type"),        QStringLiteral("properties"),
        QStringLiteral("required"),    QStringLiteral("additionalProperties"),
        QStringLiteral("items"),       QStringLiteral("minItems"),
        QStringLiteral("maxItems"),    QStringLiteral("enum"),
        QStringLiteral("const"),       QStringLiteral("minimum"),
        QStringLiteral("maximum"),     QStringLiteral("exclusiveMinimum"),
        QStringLiteral("minLength"),   QStringLiteral("$ref"),
        QStringLiteral("$defs"),       QStringLiteral("title"),
        QStringLiteral("description"), QStringLiteral("$id"),
        QStringLiteral("$schema")};
    return keywords;
}

QString member(const QString &path, const QString &name)
{
    return path.isEmpty() ? name : path + QLatin1Char('.') + name;
}

bool hasType(const QJsonValue &value, const QString &type)
{
    if (type == QLatin1String("object"))
        return value.isObject();
    if (type == QLatin1String("array"))
        return value.isArray();
    if (type == QLatin1String("string"))
        return value.isString();
    if (type == QLatin1String("number"))
        return value.isDouble();
    if (type == QLatin1String("integer"))
        return value.isDouble() && std::floor(value.toDouble()) == value.toDouble();
    if (type == QLatin1String("boolean"))
        return value.isBool();
    if (type == QLatin1String("null"))
        return value.isNull();
    return false;
}

QString typeWord(const QString &type)
{
    if (type == QLatin1String("object"))
        return QStringLiteral("an object {...}");
    if (type == QLatin1String("array"))
        return QStringLiteral("a list [...]");
    if (type == QLatin1String("string"))
        return QStringLiteral("text");
    if (type == QLatin1String("number"))
        return QStringLiteral("a number");
    if (type == QLatin1String("integer"))
        return QStringLiteral("a whole number");
    if (type == QLatin1String("boolean"))
        return QStringLiteral("true or false");
    return type;
}

} // namespace

JsonSchema::JsonSchema(QJsonObject schema) : m_schema(std::move(schema))
{
    const QJsonObject defs = m_schema.value(QLatin1String("$defs")).toObject();
    for (auto it = defs.begin(); it != defs.end(); ++it)
        m_defs.insert(it.key(), it.value().toObject());
    m_schemaError = audit(m_schema, QStringLiteral("the schema"));
}

// Walks the schema once, so an unknown keyword or a $ref to nowhere is found before any document.
QString JsonSchema::audit(const QJsonObject &schema, const QString &where) const
{
    for (auto it = schema.begin(); it != schema.end(); ++it) {
        if (!knownKeywords().contains(it.key()))
            return QStringLiteral("%1: keyword '%2' is not supported").arg(where, it.key());
    }
    if (schema.contains(QLatin1String("$ref")) && !resolve(schema))
        return QStringLiteral("%1: $ref %2 leads nowhere")
            .arg(where, schema.value(QLatin1String("$ref")).toString());
    const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        const QString error = audit(it.value().toObject(), member(where, it.key()));
        if (!error.isEmpty())
            return error;
    }
    const QJsonObject defs = schema.value(QLatin1String("$defs")).toObject();
    for (auto it = defs.begin(); it != defs.end(); ++it) {
        const QString error = audit(it.value().toObject(), member(where, it.key()));
        if (!error.isEmpty())
            return error;
    }
    if (schema.value(QLatin1String("items")).isObject())
        return audit(schema.value(QLatin1String("items")).toObject(), where + QStringLiteral("[]"));
    return {};
}

const QJsonObject *JsonSchema::resolve(const QJsonObject &schema) const
{
    static const QString prefix = QStringLiteral("#/$defs/");
    const QString ref = schema.value(QLatin1String("$ref")).toString();
    if (!ref.startsWith(prefix))
        return nullptr;
    const auto found = m_defs.constFind(ref.mid(prefix.size()));
    return found == m_defs.constEnd() ? nullptr : &found.value();
}

QList<model::Problem> JsonSchema::validate(const QJsonValue &document, const QString &file) const
{
    QList<model::Problem> problems;
    if (!m_schemaError.isEmpty()) {
        problems.append({file, {}, QStringLiteral("cannot be checked: ") + m_schemaError});
        return problems;
    }
    check(m_schema, document, {}, file, &problems);
    return problems;
}

void JsonSchema::check(const QJsonObject &schemaIn, const QJsonValue &value, const QString &path,
                       const QString &file, QList<model::Problem> *problems) const
{
    QJsonObject schema = schemaIn;
    if (schema.contains(QLatin1String("$ref"))) {
        const QJsonObject *target = resolve(schema);
        if (!target)
            return; // refused by audit() already
        schema = *target;
    }
    const auto report = [&](const QString &what) { problems->append({file, path, what}); };

    const QJsonValue type = schema.value(QLatin1String("type"));
    if (type.isString() && !hasType(value, type.toString())) {
        report(QStringLiteral("must be %1, got %2")
                   .arg(typeWord(type.toString()), model::describeValue(value)));
        return;
    }
    if (schema.contains(QLatin1String("const")) && value != schema.value(QLatin1String("const"))) {
        report(QStringLiteral("must be %1, got %2")
                   .arg(model::describeValue(schema.value(QLatin1String("const"))),
                        model::describeValue(value)));
        return;
    }
    if (schema.contains(QLatin1String("enum"))) {
        const QJsonArray choices = schema.value(QLatin1String("enum")).toArray();
        if (!choices.contains(value)) {
            QStringList names;
            for (const QJsonValue &choice : choices)
                names << model::describeValue(choice);
            report(QStringLiteral("must be one of %1, got %2")
                       .arg(names.join(QStringLiteral(", ")), model::describeValue(value)));
            return;
        }
    }
    if (value.isDouble()) {
        const double x = value.toDouble();
        if (schema.contains(QLatin1String("minimum")) &&
            x < schema.value(QLatin1String("minimum")).toDouble())
            report(QStringLiteral("must be at least %1, got %2")
                       .arg(schema.value(QLatin1String("minimum")).toDouble())
                       .arg(x));
        if (schema.contains(QLatin1String("exclusiveMinimum")) &&
            x <= schema.value(QLatin1String("exclusiveMinimum")).toDouble())
            report(QStringLiteral("must be more than %1, got %2")
                       .arg(schema.value(QLatin1String("exclusiveMinimum")).toDouble())
                       .arg(x));
        if (schema.contains(QLatin1String("maximum")) &&
            x > schema.value(QLatin1String("maximum")).toDouble())
            report(QStringLiteral("must be at most %1, got %2")
                       .arg(schema.value(QLatin1String("maximum")).toDouble())
                       .arg(x));
    }
    if (value.isString() && schema.contains(QLatin1String("minLength")) &&
        value.toString().trimmed().size() < schema.value(QLatin1String("minLength")).toInt())
        report(value.toString().trimmed().isEmpty()
                   ? QStringLiteral("must not be empty")
                   : QStringLiteral("must be at least %1 characters long")
                         .arg(schema.value(QLatin1String("minLength")).toInt()));
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        if (schema.contains(QLatin1String("minItems")) &&
            array.size() < schema.value(QLatin1String("minItems")).toInt())
            report(QStringLiteral("needs at least %1 entries, has %2")
                       .arg(schema.value(QLatin1String("minItems")).toInt())
                       .arg(array.size()));
        if (schema.contains(QLatin1String("maxItems")) &&
            array.size() > schema.value(QLatin1String("maxItems")).toInt())
            report(QStringLiteral("takes at most %1 entries, has %2")
                       .arg(schema.value(QLatin1String("maxItems")).toInt())
                       .arg(array.size()));
        if (schema.value(QLatin1String("items")).isObject()) {
            const QJsonObject items = schema.value(QLatin1String("items")).toObject();
            for (qsizetype i = 0; i < array.size(); ++i)
                check(items, array.at(i), path + QStringLiteral("[%1]").arg(i), file, problems);
        }
    }
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
        for (const QJsonValue &name : schema.value(QLatin1String("required")).toArray()) {
            if (!object.contains(name.toString()))
                problems->append(
                    {file, member(path, name.toString()), QStringLiteral("is missing")});
        }
        const bool closed =
            schema.value(QLatin1String("additionalProperties")) == QJsonValue(false);
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (properties.contains(it.key())) {
                check(properties.value(it.key()).toObject(), it.value(), member(path, it.key()),
                      file, problems);
            } else if (closed) {
                problems->append({file, member(path, it.key()),
                                  QStringLiteral("is not a member here; expected one of %1")
                                      .arg(properties.keys().join(QStringLiteral(", ")))});
            }
        }
    }
}

} // namespace scalelab::lessons
