#pragma once

#include "model.h"

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace scalelab::model {

// One thing wrong with an input: the file, the place in it and what is wrong.
struct Problem {
    QString file;  // as the user named it; may be empty for in-memory input
    QString where; // "components[1].cores", "links[0].to", "line 3, column 14"
    QString what;  // "must be at least 1, got 0"

    QString toString() const; // "file: where: what" (parts that are empty are left out)
};

struct LoadResult {
    std::optional<Model> model; // set only when problems is empty: nothing is half-loaded
    QList<Problem> problems;

    bool ok() const { return model.has_value(); }
    QString message() const; // every problem, one per line
};

// "line L, column C" (from 1) of the character a QJsonParseError's offset points at: where a
// syntax error in any of our JSON files is shown.
QString lineAndColumn(const QByteArray &json, qsizetype errorOffset);

// A value as a message quotes it after "got": 0, "web", true, a list, an object.
QString describeValue(const QJsonValue &value);

// Parses and validates a model against docs/model.md and the parameter table: structure, types,
// ranges, choices, unique ids, links between existing components, known regions, scenario events.
LoadResult parseModel(const QByteArray &json, const QString &fileName = {});
LoadResult loadModelFile(const QString &path);

// The model file format; parseModel(toJson(m)) gives back m.
QJsonObject toJson(const Model &model);
QByteArray serializeModel(const Model &model); // indented JSON, UTF-8

} // namespace scalelab::model
