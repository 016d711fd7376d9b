// Running the scalelab binary as a script would, for the command-line tests.
// Header-only: each tst_*.cpp is its own executable and includes what it needs.

#pragma once

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace scalelab::testing {

struct Outcome {
    int exitCode = -1;
    QByteArray out;
    QString err;
};

inline Outcome
runScalelab(const QStringList &arguments,
            const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(environment);
    p.start(QStringLiteral(SCALELAB_BINARY), arguments);
    if (!p.waitForFinished(300000))
        return {};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            QString::fromUtf8(p.readAllStandardError())};
}

inline QString data(const QString &name)
{
    return QStringLiteral(SCALELAB_TEST_DATA "/") + name;
}

} // namespace scalelab::testing
