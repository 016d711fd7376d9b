// scalelab: the command line front end of the engine (the workbench window joins it later).

#include "commands.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("ScaleLab"));
    QCoreApplication::setOrganizationName(QStringLiteral("ScaleLab"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SCALELAB_VERSION));

    using namespace scalelab::app;
    QStringList args = QCoreApplication::arguments();
    args.removeFirst();
    QTextStream out(stdout);
    QTextStream err(stderr);

    if (args.isEmpty() || args.first() == QLatin1String("--help") ||
        args.first() == QLatin1String("-h") || args.first() == QLatin1String("help")) {
        out << usage();
        return kDone;
    }
    if (args.first() == QLatin1String("--version")) {
        out << "scalelab " << SCALELAB_VERSION << Qt::endl;
        return kDone;
    }
    const QString command = args.takeFirst();
    if (command == QLatin1String("run"))
        return runCommand(args);
    if (command == QLatin1String("analyze"))
        return analyzeCommand(args);
    if (command == QLatin1String("export"))
        return exportCommand(args);
    if (command == QLatin1String("lesson")) {
        err << "scalelab " << command
            << ": not available in this version yet; 'run', 'analyze' and 'export' are" << Qt::endl;
        return kBadInput;
    }
    if (command.startsWith(QLatin1Char('-'))) {
        err << "scalelab: unknown option " << command << "\n" << usage();
        return kBadInput;
    }
    err << "scalelab: '" << command << "' is not a command, and the workbench that would open "
        << "it is not in this version yet.\nTry: scalelab run " << command << Qt::endl;
    return kBadInput;
}
