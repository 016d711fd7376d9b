#include "model_diagnostics.h"

#include "model_json.h"

#include <QJsonValue>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace scalelab::model {

namespace {

// Edits between two names, a swap of neighbours counting as one: "wbe" is one typo from "web".
int editDistance(const QString &a, const QString &b)
{
    const qsizetype columns = b.size() + 1;
    QList<int> d((a.size() + 1) * columns);
    const auto at = [&](qsizetype i, qsizetype j) -> int & { return d[i * columns + j]; };
    for (qsizetype i = 0; i <= a.size(); ++i)
        at(i, 0) = static_cast<int>(i);
    for (qsizetype j = 0; j <= b.size(); ++j)
        at(0, j) = static_cast<int>(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int substitution = a.at(i - 1) == b.at(j - 1) ? 0 : 1;
            at(i, j) =
                std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + substitution});
            if (i > 1 && j > 1 && a.at(i - 1) == b.at(j - 2) && a.at(i - 2) == b.at(j - 1))
                at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
        }
    }
    return at(a.size(), b.size());
}

// The closest known name to a misspelt one, or empty when none is close enough to be a typo
// ("cors" -> "cores") or the name without its unit ("rate" -> "rate_rps").
QString closest(const QString &name, const QStringList &known)
{
    const QString lower = name.toLower();
    QString best;
    int bestDistance = std::max(1, std::min(2, static_cast<int>(lower.size()) / 2)) + 1;
    for (const QString &candidate : known) {
        if (candidate.startsWith(lower + QLatin1Char('_')))
            return candidate;
        const int distance = editDistance(lower, candidate);
        if (distance < bestDistance) {
            bestDistance = distance;
            best = candidate;
        }
    }
    return best;
}

} // namespace

QString quoted(const QString &text)
{
    return QLatin1Char('"') + text + QLatin1Char('"');
}

QString formatNumber(double value)
{
    return QString::number(value, 'g', 15);
}

// What a value is, for "got ..." at the end of a message.
QString describe(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return formatNumber(value.toDouble());
    case QJsonValue::String:
        return quoted(value.toString());
    case QJsonValue::Array:
        return QStringLiteral("a list");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

QString didYouMean(const QString &name, QStringList known)
{
    // Ids come from a hash in no fixed order: sort them so that a tie always suggests the same.
    known.sort();
    const QString suggestion = closest(name, known);
    return suggestion.isEmpty() ? QString()
                                : QStringLiteral("; did you mean %1?").arg(quoted(suggestion));
}

// "; did you mean "cores"? The known types are ..." or, with nothing close, "; the known ...".
QString suggestOrList(const QString &name, const QStringList &known, const QString &listIntro)
{
    const QString suggestion = closest(name, known);
    const QString list = listIntro + QLatin1Char(' ') + known.join(QStringLiteral(", "));
    if (suggestion.isEmpty())
        return QStringLiteral("; ") + list;
    return QStringLiteral("; did you mean %1? ").arg(quoted(suggestion)) + list.at(0).toUpper() +
           list.mid(1);
}

QStringList namesOf(const QList<ParameterSpec> &specs)
{
    QStringList names;
    for (const ParameterSpec &spec : specs)
        names << spec.name;
    return names;
}

// Help text is written as a sentence; inside a message it continues one.
QString lowerSentence(QString help)
{
    if (help.endsWith(QLatin1Char('.')))
        help.chop(1);
    if (!help.isEmpty())
        help[0] = help.at(0).toLower();
    return help;
}

bool hasWhitespace(const QString &text)
{
    return std::any_of(text.begin(), text.end(), [](QChar c) { return c.isSpace(); });
}

bool isWhole(double value)
{
    return std::isfinite(value) && std::floor(value) == value;
}

bool inRange(const ParameterSpec &spec, double value)
{
    const bool aboveMinimum = spec.minimumExclusive ? value > spec.minimum : value >= spec.minimum;
    return aboveMinimum && value <= spec.maximum;
}

// Limits up to this belong to the quantity (a fraction, a number of runs) and are worth saying;
// larger ones only guard the engine and are no news unless they are what was hit.
constexpr double kTellMaximumUpTo = 1000;

// "a whole number of at least 1", "a number greater than 0 and at most 1", ...
QString expectation(const ParameterSpec &spec, double value)
{
    QString phrase = spec.kind == ValueKind::Integer ? QStringLiteral("a whole number")
                                                     : QStringLiteral("a number");
    const bool tooLarge = value > spec.maximum;
    const bool hasMinimum =
        std::isfinite(spec.minimum) && (!tooLarge || spec.maximum <= kTellMaximumUpTo);
    const bool hasMaximum =
        std::isfinite(spec.maximum) && (spec.maximum <= kTellMaximumUpTo || tooLarge);
    const QString minimum = formatNumber(spec.minimum);
    const QString maximum = formatNumber(spec.maximum);
    if (hasMinimum && hasMaximum) {
        phrase += spec.minimumExclusive
                      ? QStringLiteral(" greater than %1 and at most %2").arg(minimum, maximum)
                      : QStringLiteral(" between %1 and %2").arg(minimum, maximum);
    } else if (hasMinimum) {
        phrase += spec.minimumExclusive ? QStringLiteral(" greater than %1").arg(minimum)
                                        : QStringLiteral(" of at least %1").arg(minimum);
    } else if (hasMaximum) {
        phrase += QStringLiteral(" of at most %1").arg(maximum);
    }
    return phrase;
}

// Units of time and rate go with the number ("got 0 s"); counted things read fine without.
QString withUnit(double value, const QString &unit)
{
    static const QStringList measures = {QStringLiteral("ms"), QStringLiteral("s"),
                                         QStringLiteral("rps")};
    return measures.contains(unit) ? formatNumber(value) + QLatin1Char(' ') + unit
                                   : formatNumber(value);
}

QString member(const QString &path, const QString &name)
{
    return path.isEmpty() ? name : path + QLatin1Char('.') + name;
}

QString element(const QString &path, qsizetype index)
{
    return path + QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
}

QString describeValue(const QJsonValue &value)
{
    return describe(value);
}

// Qt's offset is one past the offending character, in bytes of the UTF-8 text. When it lands on
// blank space the text ran out early (an unclosed list), and the place to show is where the blank
// ends.
QString lineAndColumn(const QByteArray &json, qsizetype errorOffset)
{
    qsizetype offset = std::clamp<qsizetype>(errorOffset - 1, 0, json.size());
    while (offset < json.size() && std::isspace(static_cast<unsigned char>(json.at(offset))))
        ++offset;
    const QByteArray before = json.left(offset);
    const qsizetype line = before.count('\n') + 1;
    const qsizetype lineStart = before.lastIndexOf('\n') + 1;
    const qsizetype column = QString::fromUtf8(before.mid(lineStart)).size() + 1;
    return QStringLiteral("line %1, column %2").arg(line).arg(column);
}

QString Problem::toString() const
{
    QStringList parts;
    for (const QString &part : {file, where, what}) {
        if (!part.isEmpty())
            parts << part;
    }
    return parts.join(QStringLiteral(": "));
}

QString LoadResult::message() const
{
    QStringList lines;
    for (const Problem &problem : problems)
        lines << problem.toString();
    return lines.join(QLatin1Char('\n'));
}

} // namespace scalelab::model
