#include "command_line.h"

#include <cmath>

namespace scalelab::app {

CommandLine::CommandLine(const QString &command, const QStringList &arguments,
                         const QStringList &valued, const QStringList &flags)
    : m_command(command)
{
    for (int i = 0; i < arguments.size() && m_error.isEmpty(); ++i) {
        const QString &arg = arguments[i];
        if (!arg.startsWith(QLatin1String("--")) || arg == QLatin1String("-")) {
            m_positional.append(arg);
            continue;
        }
        QString name = arg.mid(2);
        std::optional<QString> inlineValue;
        if (const qsizetype eq = name.indexOf(QLatin1Char('=')); eq >= 0) {
            inlineValue = name.mid(eq + 1);
            name = name.left(eq);
        }
        if (flags.contains(name)) {
            if (inlineValue)
                m_error = QStringLiteral("--%1 takes no value").arg(name);
            else
                m_flags.append(name);
        } else if (valued.contains(name)) {
            if (inlineValue) {
                m_values.append({name, *inlineValue});
            } else if (i + 1 < arguments.size()) {
                m_values.append({name, arguments[++i]});
            } else {
                m_error = QStringLiteral("--%1 needs a value").arg(name);
            }
        } else {
            QStringList known;
            for (const QString &k : valued + flags)
                known.append(QStringLiteral("--") + k);
            m_error = QStringLiteral("unknown option --%1 for '%2' (it takes %3)")
                          .arg(name, m_command,
                               known.isEmpty() ? QStringLiteral("no options")
                                               : known.join(QStringLiteral(", ")));
        }
    }
}

std::optional<QString> CommandLine::value(const QString &name) const
{
    std::optional<QString> found;
    for (const auto &[key, v] : m_values)
        if (key == name)
            found = v; // the last one given wins, as with most command lines
    return found;
}

std::optional<double> CommandLine::number(const QString &name, double minimum,
                                          bool minimumExclusive, const QString &unit)
{
    const std::optional<QString> text = value(name);
    if (!text)
        return std::nullopt;
    bool parsed = false;
    const double x = text->toDouble(&parsed);
    const bool inRange = minimumExclusive ? x > minimum : x >= minimum;
    if (!parsed || !std::isfinite(x) || !inRange) {
        if (m_error.isEmpty())
            m_error =
                QStringLiteral("--%1: expected %2 %3 %4, got '%5'")
                    .arg(name,
                         unit.isEmpty() ? QStringLiteral("a number")
                                        : QStringLiteral("a number of ") + unit,
                         minimumExclusive ? QStringLiteral("above") : QStringLiteral("of at least"))
                    .arg(minimum)
                    .arg(*text);
        return std::nullopt;
    }
    return x;
}

std::optional<qint64> CommandLine::whole(const QString &name, qint64 minimum, qint64 maximum)
{
    const std::optional<QString> text = value(name);
    if (!text)
        return std::nullopt;
    bool parsed = false;
    const qint64 x = text->toLongLong(&parsed);
    if (!parsed || x < minimum || x > maximum) {
        if (m_error.isEmpty())
            m_error = QStringLiteral("--%1: expected a whole number from %2 to %3, got '%4'")
                          .arg(name)
                          .arg(minimum)
                          .arg(maximum)
                          .arg(*text);
        return std::nullopt;
    }
    return x;
}

} // namespace scalelab::app
