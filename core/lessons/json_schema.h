#pragma once

#include "model/model_json.h"

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace scalelab::lessons {

// Checks JSON documents against a JSON Schema. The subset our schemas use: type, properties,
// required, additionalProperties (false), items, minItems, maxItems, enum, const, minimum,
// maximum, exclusiveMinimum, minLength, $ref to "#/$defs/...", plus title, description, $id and
// $schema, which only document. A schema keyword outside that subset is refused when the schema
// is made, so a schema never silently checks less than it says.
class JsonSchema {
public:
    // An empty schemaError() means the schema is usable.
    explicit JsonSchema(QJsonObject schema);
    const QString &schemaError() const { return m_schemaError; }

    // Every place where `document` breaks the schema, named like "goals[2].at_most" and reported
    // against `file`.
    QList<model::Problem> validate(const QJsonValue &document, const QString &file) const;

private:
    void check(const QJsonObject &schema, const QJsonValue &value, const QString &path,
               const QString &file, QList<model::Problem> *problems) const;
    const QJsonObject *resolve(const QJsonObject &schema) const;
    QString audit(const QJsonObject &schema, const QString &where) const;

    QJsonObject m_schema;
    QHash<QString, QJsonObject> m_defs; // "#/$defs/<name>" targets
    QString m_schemaError;
};

} // namespace scalelab::lessons
