// scalelab: the workbench window, and the command line front end of the engine.

#include "subcommands.h"

#include "widgets/main_window.h"

#include <QApplication>
#include <QCoreApplication>
#include <QFileInfo>
#include <QGuiApplication>
#include <QTextStream>

#include <memory>

namespace {

// The window opens for no arguments or for one model file; everything else is the command line,
// which must work without a display, so this is decided before any application object exists.
bool opensWorkbench(int argc, char *argv[])
{
    if (argc == 1)
        return true;
    if (argc != 2 || argv[1][0] == '-')
        return false;
    const QString word = QString::fromLocal8Bit(argv[1]);
    for (const char *command : {"run", "analyze", "export", "sweep", "lesson", "help"})
        if (word == QLatin1String(command))
            return false;
    return QFileInfo(word).isFile();
}

// `export` may draw a picture (png, svg, pdf), which takes a GUI application for fonts and
// painting, but no widgets and never a window: it draws on the offscreen platform, so it works the
// same with or without a display.
bool drawsOffscreen(int argc, char *argv[])
{
    return argc >= 2 && QLatin1String(argv[1]) == QLatin1String("export");
}

// The offscreen platform looks for a runtime directory it never uses; where XDG_RUNTIME_DIR is
// unset (containers, CI) Qt warns about it, which would be noise on an export's standard error.
QtMessageHandler g_defaultHandler = nullptr;
void quietOffscreen(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg &&
        message.startsWith(QLatin1String("QStandardPaths: XDG_RUNTIME_DIR")))
        return;
    g_defaultHandler(type, context, message);
}

} // namespace

int main(int argc, char *argv[])
{
    const bool workbench = opensWorkbench(argc, argv);
    const bool offscreen = !workbench && drawsOffscreen(argc, argv);
    if (offscreen) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
        g_defaultHandler = qInstallMessageHandler(quietOffscreen);
    }
    std::unique_ptr<QCoreApplication> application;
    if (workbench)
        application = std::make_unique<QApplication>(argc, argv);
    else if (offscreen)
        application = std::make_unique<QGuiApplication>(argc, argv);
    else
        application = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("ScaleLab"));
    QCoreApplication::setOrganizationName(QStringLiteral("ScaleLab"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SCALELAB_VERSION));

    using namespace scalelab::app;
    QStringList args = QCoreApplication::arguments();
    args.removeFirst();
    if (workbench) {
        QApplication::setApplicationDisplayName(QStringLiteral("ScaleLab"));
        scalelab::widgets::MainWindow window;
        window.show();
        if (!args.isEmpty())
            window.openFile(args.first());
        else if (!window.offerRecovery()) // after a crash or a kill, the work it autosaved
            window.offerFirstLesson();    // a learner's first start: lesson 1
        return QApplication::exec();
    }
    QTextStream out(stdout);
    QTextStream err(stderr);

    if (args.first() == QLatin1String("--help") || args.first() == QLatin1String("-h") ||
        args.first() == QLatin1String("help")) {
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
    if (command == QLatin1String("sweep"))
        return sweepCommand(args);
    if (command == QLatin1String("lesson"))
        return lessonCommand(args);
    if (command.startsWith(QLatin1Char('-'))) {
        err << "scalelab: unknown option " << command << "\n" << usage();
        return kBadInput;
    }
    // A word that names a file was meant to be opened: say what is wrong with the file rather
    // than print the whole usage.
    if (command.contains(QLatin1Char('.')) || command.contains(QLatin1Char('/'))) {
        const QFileInfo file(command);
        err << command << ": "
            << (file.exists() ? "cannot be opened (not a regular file)" : "no such file")
            << Qt::endl;
        return kBadInput;
    }
    err << "scalelab: '" << command << "' is neither a command nor a model file to open in "
        << "the workbench\n"
        << usage();
    return kBadInput;
}
