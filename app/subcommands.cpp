#include "subcommands.h"

#include "command_line.h"
#include "progress_bar.h"
#include "results_table.h"

#include "widgets/diagram/diagram_renderer.h"

#include "model/analysis.h"
#include "model/diagram_export.h"
#include "model/model_json.h"
#include "model/results_json.h"
#include "model/simulation_builder.h"
#include "run/load_sweep.h"
#include "store/project_file.h"

#include <QBuffer>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>
#include <QTextStream>

#include <cstdio>
#include <limits>

namespace scalelab::app {

namespace {

void printError(const QString &message)
{
    QTextStream err(stderr);
    err << message << Qt::endl;
}

void printOut(const QString &text)
{
    QTextStream out(stdout);
    out << text;
    out.flush();
}

// The one model file a command works on, loaded and validated; nullopt after printing why not.
std::optional<model::Model> loadSingleModel(const QString &command, const CommandLine &line)
{
    if (line.positional().size() != 1) {
        printError(QStringLiteral("scalelab %1: expected one model file, got %2\n"
                                  "usage: %3")
                       .arg(command)
                       .arg(line.positional().size())
                       .arg(command == QLatin1String("run")
                                ? QStringLiteral("scalelab run FILE [options]; see --help")
                            : command == QLatin1String("export")
                                ? QStringLiteral("scalelab export FILE -o OUT [--format F]")
                            : command == QLatin1String("sweep")
                                ? QStringLiteral("scalelab sweep FILE --from RPS --to RPS "
                                                 "[--steps N]; see --help")
                                : QStringLiteral("scalelab analyze FILE [--json PATH|-]")));
        return std::nullopt;
    }
    model::LoadResult loaded = store::loadAny(line.positional().first());
    if (!loaded.ok()) {
        printError(loaded.message());
        return std::nullopt;
    }
    return std::move(*loaded.model);
}

// Writes JSON to stdout ("-") or atomically to a file.
bool writeJson(const QString &target, const QJsonObject &object)
{
    const QByteArray bytes = QJsonDocument(object).toJson(QJsonDocument::Indented);
    if (target == QLatin1String("-")) {
        std::fwrite(bytes.constData(), 1, static_cast<std::size_t>(bytes.size()), stdout);
        std::fflush(stdout);
        return true;
    }
    QSaveFile file(target);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        printError(QStringLiteral("--json %1: cannot write the results: %2")
                       .arg(target, file.errorString()));
        return false;
    }
    return true;
}

QStringList componentOrder(const model::Model &m)
{
    QStringList ids;
    for (const model::Component &c : m.components)
        ids << c.id;
    return ids;
}

} // namespace

QString usage()
{
    return QStringLiteral(
        "ScaleLab: learn how a web system scales from one server to millions of users.\n"
        "\n"
        "usage:\n"
        "  scalelab                          open the workbench\n"
        "  scalelab FILE                     open a model or project in the workbench\n"
        "  scalelab run FILE [--duration S] [--warmup S] [--seed N] [--replications R]\n"
        "                    [--rate RPS] [--json PATH|-] [--quiet] [--threads N]\n"
        "  scalelab analyze FILE [--rate RPS] [--json PATH|-]\n"
        "  scalelab export FILE -o OUT [--format png|svg|pdf|dot|mermaid|drawio|json]\n"
        "  scalelab sweep FILE --from RPS --to RPS [--steps N] [--duration S] [--warmup S]\n"
        "                      [--seed N] [--threads N] [--json PATH|-]\n"
        "  scalelab lesson list\n"
        "  scalelab lesson verify [ID...]\n"
        "  scalelab --version | --help\n"
        "\n"
        "run       simulates the model and prints a table of what every component measured\n"
        "          (--json writes the results as JSON; - is standard output)\n"
        "analyze   checks the graph (unreachable components, request cycles, single points\n"
        "          of failure) and predicts utilisation and the bottleneck, without simulating\n"
        "export    writes the architecture as a diagram: the canvas as drawn, with icons and\n"
        "          labels (png, svg, pdf; no display needed), Graphviz (dot), Mermaid,\n"
        "          diagrams.net (drawio) or the model file (json); the format comes from\n"
        "          --format or from OUT's extension (.png .svg .pdf .dot .gv .mmd .drawio .xml\n"
        "          .json); -o - is standard output\n"
        "sweep     runs the model at N evenly spaced total rates (default 10) on every core\n"
        "          and prints throughput and latency against the offered load beside the\n"
        "          analysis's prediction, so the knee shows\n"
        "lesson    lists the guided lessons, or checks with the engine that each lesson's\n"
        "          start misses a goal and its reference solution meets every goal\n"
        "          (SCALELAB_LESSONS_DIR: a folder of one's own lessons instead of the built-in)\n"
        "--rate    scales every client so that their rates add up to RPS\n"
        "--threads replications run on this many threads (default: every core)\n"
        "\n"
        "Exit status: 0 done, 1 the run or a check failed, 2 bad usage or bad input.\n");
}

int runCommand(const QStringList &arguments)
{
    CommandLine line(QStringLiteral("run"), arguments,
                     {QStringLiteral("duration"), QStringLiteral("warmup"), QStringLiteral("seed"),
                      QStringLiteral("replications"), QStringLiteral("rate"),
                      QStringLiteral("json"), QStringLiteral("threads")},
                     {QStringLiteral("quiet")});
    model::RunOverrides overrides;
    overrides.durationS =
        line.number(QStringLiteral("duration"), 0, true, QStringLiteral("seconds"));
    overrides.warmupS = line.number(QStringLiteral("warmup"), 0, false, QStringLiteral("seconds"));
    if (const auto seed = line.whole(QStringLiteral("seed"), 0, std::numeric_limits<qint64>::max()))
        overrides.seed = static_cast<quint64>(*seed);
    if (const auto r = line.whole(QStringLiteral("replications"), 1, 1000))
        overrides.replications = static_cast<int>(*r);
    overrides.rateRps =
        line.number(QStringLiteral("rate"), 0, true, QStringLiteral("requests per second"));
    const int threads = static_cast<int>(line.whole(QStringLiteral("threads"), 1, 256).value_or(0));
    if (!line.ok()) {
        printError(QStringLiteral("scalelab run: ") + line.error());
        return kBadInput;
    }
    const std::optional<model::Model> m = loadSingleModel(QStringLiteral("run"), line);
    if (!m)
        return kBadInput;
    const QString file = line.positional().first();

    QList<model::Problem> problems = model::unsupportedMechanisms(*m);
    const model::RunSettings settings = model::resolveSettings(*m, overrides, &problems);
    if (!problems.isEmpty()) {
        for (model::Problem &p : problems)
            if (p.file.isEmpty() && !p.where.startsWith(QLatin1String("--")))
                p.file = file;
        QStringList lines;
        for (const model::Problem &p : problems)
            lines << p.toString();
        printError(QStringLiteral("scalelab run: cannot run this model:\n") +
                   lines.join(QLatin1Char('\n')));
        return kBadInput;
    }

    const bool quiet = line.flag(QStringLiteral("quiet"));
    const std::optional<QString> json = line.value(QStringLiteral("json"));
    ProgressBar progress(sim::fromSeconds(settings.durationS), !quiet);
    const sim::RunResults results = model::runModel(*m, settings, &progress, threads);
    progress.finish();

    const model::Analysis analysis = model::analyze(*m, settings.totalRateRps);
    const QJsonObject object = model::resultsToJson(results, *m, analysis.spof);
    if (json && !writeJson(*json, object))
        return kFailed;
    if (!quiet && json != QStringLiteral("-"))
        printOut(runTable(object, componentOrder(*m)));
    return kDone;
}

int analyzeCommand(const QStringList &arguments)
{
    CommandLine line(QStringLiteral("analyze"), arguments,
                     {QStringLiteral("json"), QStringLiteral("rate")}, {});
    const std::optional<double> rate =
        line.number(QStringLiteral("rate"), 0, true, QStringLiteral("requests per second"));
    if (!line.ok()) {
        printError(QStringLiteral("scalelab analyze: ") + line.error());
        return kBadInput;
    }
    const std::optional<model::Model> m = loadSingleModel(QStringLiteral("analyze"), line);
    if (!m)
        return kBadInput;
    const model::Analysis analysis = model::analyze(*m, rate);
    const QJsonObject object = model::toJson(analysis, *m);
    const std::optional<QString> json = line.value(QStringLiteral("json"));
    if (json && !writeJson(*json, object))
        return kFailed;
    if (json != QStringLiteral("-"))
        printOut(analysisTable(object, componentOrder(*m)));
    return kDone;
}

int exportCommand(const QStringList &arguments)
{
    // -o is the one short option of the command line; it means --output.
    QStringList words = arguments;
    for (QString &word : words)
        if (word == QLatin1String("-o"))
            word = QStringLiteral("--output");
        else if (word.startsWith(QLatin1String("-o=")))
            word = QStringLiteral("--output=") + word.mid(3);
    CommandLine line(QStringLiteral("export"), words,
                     {QStringLiteral("output"), QStringLiteral("format")}, {});
    if (!line.ok()) {
        QString error = line.error();
        if (arguments.contains(QStringLiteral("-o"))) // name the option as the user wrote it
            error.replace(QStringLiteral("--output needs"), QStringLiteral("-o needs"));
        printError(QStringLiteral("scalelab export: ") + error);
        return kBadInput;
    }
    const std::optional<QString> output = line.value(QStringLiteral("output"));
    if (!output || output->isEmpty()) {
        printError(QStringLiteral("scalelab export: -o OUT is required: the file to write, or - "
                                  "for standard output\n"
                                  "usage: scalelab export FILE -o OUT [--format F]"));
        return kBadInput;
    }
    const QString names = model::diagramFormatNames().join(QStringLiteral(", "));
    std::optional<model::DiagramFormat> format;
    if (const std::optional<QString> name = line.value(QStringLiteral("format"))) {
        format = model::diagramFormatFromName(*name);
        if (!format) {
            printError(QStringLiteral("scalelab export: --format: expected one of %1, got '%2'")
                           .arg(names, *name));
            return kBadInput;
        }
    } else if (*output == QLatin1String("-")) {
        printError(QStringLiteral("scalelab export: -o - (standard output) has no extension to "
                                  "tell the format; give --format (%1)")
                       .arg(names));
        return kBadInput;
    } else {
        format = model::diagramFormatFromFileName(*output);
        if (!format) {
            printError(QStringLiteral("scalelab export: -o %1: cannot tell the format from the "
                                      "file name (.png .svg .pdf .dot .gv .mmd .mermaid .drawio "
                                      ".xml .json); give --format (%2)")
                           .arg(*output, names));
            return kBadInput;
        }
    }
    const std::optional<model::Model> m = loadSingleModel(QStringLiteral("export"), line);
    if (!m)
        return kBadInput;

    QString error;
    QByteArray bytes;
    if (model::needsCanvas(*format)) {
        // The pictures are drawn offscreen; main() made the GUI application for them.
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        if (!diagram::renderDiagram(*m, *format, &buffer, &error)) {
            printError(QStringLiteral("scalelab export: ") + error);
            return kFailed;
        }
    } else {
        bytes = model::exportDiagram(*m, *format, &error);
    }
    if (!error.isEmpty()) {
        printError(QStringLiteral("scalelab export: ") + error);
        return kBadInput;
    }
    if (*output == QLatin1String("-")) {
        std::fwrite(bytes.constData(), 1, static_cast<std::size_t>(bytes.size()), stdout);
        std::fflush(stdout);
        return kDone;
    }
    QSaveFile file(*output);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        printError(QStringLiteral("scalelab export: -o %1: cannot write the diagram: %2")
                       .arg(*output, file.errorString()));
        return kFailed;
    }
    return kDone;
}

int sweepCommand(const QStringList &arguments)
{
    CommandLine line(QStringLiteral("sweep"), arguments,
                     {QStringLiteral("from"), QStringLiteral("to"), QStringLiteral("steps"),
                      QStringLiteral("duration"), QStringLiteral("warmup"), QStringLiteral("seed"),
                      QStringLiteral("threads"), QStringLiteral("json")},
                     {});
    run::SweepSettings settings;
    const std::optional<double> from =
        line.number(QStringLiteral("from"), 0, true, QStringLiteral("requests per second"));
    const std::optional<double> to =
        line.number(QStringLiteral("to"), 0, true, QStringLiteral("requests per second"));
    settings.steps = static_cast<int>(line.whole(QStringLiteral("steps"), 2, 1000).value_or(10));
    settings.run.durationS =
        line.number(QStringLiteral("duration"), 0, true, QStringLiteral("seconds"));
    settings.run.warmupS =
        line.number(QStringLiteral("warmup"), 0, false, QStringLiteral("seconds"));
    if (const auto seed = line.whole(QStringLiteral("seed"), 0, std::numeric_limits<qint64>::max()))
        settings.run.seed = static_cast<quint64>(*seed);
    settings.threads = static_cast<int>(line.whole(QStringLiteral("threads"), 1, 256).value_or(0));
    if (line.ok() && (!from || !to)) {
        printError(QStringLiteral("scalelab sweep: --from and --to are required: the first and "
                                  "last total rate (requests per second)"));
        return kBadInput;
    }
    if (!line.ok()) {
        printError(QStringLiteral("scalelab sweep: ") + line.error());
        return kBadInput;
    }
    settings.fromRps = *from;
    settings.toRps = *to;
    const std::optional<model::Model> m = loadSingleModel(QStringLiteral("sweep"), line);
    if (!m)
        return kBadInput;

    const run::SweepResult result = run::runLoadSweep(*m, settings);
    if (!result.problems.isEmpty()) {
        QStringList lines;
        for (model::Problem p : result.problems) {
            if (p.file.isEmpty() && !p.where.startsWith(QLatin1String("--")))
                p.file = line.positional().first();
            lines << p.toString();
        }
        printError(QStringLiteral("scalelab sweep: cannot run this model:\n") +
                   lines.join(QLatin1Char('\n')));
        return kBadInput;
    }
    const std::optional<QString> json = line.value(QStringLiteral("json"));
    if (json && !writeJson(*json, run::sweepJson(result, *m, settings)))
        return kFailed;
    if (json == QStringLiteral("-"))
        return kDone;
    const auto cell = [](double value, int width, int decimals) {
        return std::isfinite(value) ? QStringLiteral("%1").arg(value, width, 'f', decimals)
                                    : QStringLiteral("%1").arg(QStringLiteral("inf"), width);
    };
    QString table = QStringLiteral("%1 %2 %3 %4 %5 %6 %7  %8\n")
                        .arg(QStringLiteral("offered"), 10)
                        .arg(QStringLiteral("throughput"), 11)
                        .arg(QStringLiteral("predicted"), 10)
                        .arg(QStringLiteral("mean ms"), 10)
                        .arg(QStringLiteral("pred. ms"), 10)
                        .arg(QStringLiteral("p99 ms"), 10)
                        .arg(QStringLiteral("errors"), 8)
                        .arg(QStringLiteral("bottleneck"));
    for (const run::SweepPoint &p : result.points)
        table += QStringLiteral("%1 %2 %3 %4 %5 %6 %7  %8\n")
                     .arg(cell(p.offeredRps, 10, 1), cell(p.throughputRps, 11, 1),
                          cell(p.predictedThroughputRps, 10, 1), cell(p.meanMs, 10, 2),
                          cell(p.predictedMeanMs, 10, 2), cell(p.p99Ms, 10, 2),
                          cell(100 * p.errorRate, 7, 2) + QLatin1Char('%'),
                          p.bottleneck.isEmpty() ? QStringLiteral("-") : p.bottleneck);
    table += QStringLiteral("\nThe bottleneck law predicts at most %1 rps (%2). Predicted latency: "
                            "each station's M/M/c time weighted by its visits per request.\n")
                 .arg(cell(result.maxThroughputRps, 0, 1).trimmed(),
                      result.bottleneck.isEmpty() ? QStringLiteral("no limit") : result.bottleneck);
    printOut(table);
    return kDone;
}

} // namespace scalelab::app
