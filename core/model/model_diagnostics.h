#pragma once

// The wording of the model file's problems, shared by the reader (which reports them) and the
// writer (which formats numbers the same way). Internal to the model file: include model_json.h.

#include "parameter_table.h"

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace scalelab::model {

QString quoted(const QString &text);
QString formatNumber(double value);
// What a value is, for "got ..." at the end of a message.
QString describe(const QJsonValue &value);

// "; did you mean "web"?" for the closest of `known`, or empty when none is close.
QString didYouMean(const QString &name, QStringList known);
// "; did you mean "cores"? The known types are ..." or, with nothing close, "; the known ...".
QString suggestOrList(const QString &name, const QStringList &known, const QString &listIntro);
QStringList namesOf(const QList<ParameterSpec> &specs);
// Help text is written as a sentence; inside a message it continues one.
QString lowerSentence(QString help);

bool hasWhitespace(const QString &text);
bool isWhole(double value);
bool inRange(const ParameterSpec &spec, double value);
// "a whole number of at least 1", "a number greater than 0 and at most 1", ...
QString expectation(const ParameterSpec &spec, double value);
// Units of time and rate go with the number ("got 0 s"); counted things read fine without.
QString withUnit(double value, const QString &unit);

// Paths into the file for a message's "where": "components[1].cores".
QString member(const QString &path, const QString &name);
QString element(const QString &path, qsizetype index);

} // namespace scalelab::model
