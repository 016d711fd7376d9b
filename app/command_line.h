#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace scalelab::app {

// The words after a subcommand: options with values (--seed 3 or --seed=3), flags and
// positional arguments, checked against what the subcommand accepts.
class CommandLine {
public:
    // `valued` are options that take a value, `flags` those that do not.
    CommandLine(const QString &command, const QStringList &arguments, const QStringList &valued,
                const QStringList &flags);

    bool ok() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    const QStringList &positional() const { return m_positional; }
    bool flag(const QString &name) const { return m_flags.contains(name); }
    std::optional<QString> value(const QString &name) const;

    // Typed reads; on a bad value they record an error naming the option and return nullopt.
    std::optional<double> number(const QString &name, double minimum, bool minimumExclusive,
                                 const QString &unit);
    std::optional<qint64> whole(const QString &name, qint64 minimum, qint64 maximum);

private:
    QString m_command;
    QStringList m_positional;
    QStringList m_flags;
    QList<std::pair<QString, QString>> m_values;
    QString m_error;
};

} // namespace scalelab::app
