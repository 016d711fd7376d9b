// The command line as scripts and graders use it: the example models against theory, exit
// statuses, messages for bad input, and determinism across runs.

#include "cli_test_support.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace scalelab::testing;

namespace {

QJsonValue at(const QJsonObject &root, const QString &path)
{
    QJsonValue v = root;
    for (const QString &part : path.split(QLatin1Char('.')))
        v = v.toObject().value(part);
    return v;
}

// A results object without the figures that depend on the machine's speed.
QJsonObject withoutTimings(QJsonObject results)
{
    results.remove(QStringLiteral("wall_s"));
    results.remove(QStringLiteral("events_per_s"));
    return results;
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT

private slots:
    void examplesMatchTheory_data();
    void examplesMatchTheory();
    void resultsCarryTheContractFields();
    void sameSeedSameResults();
    void otherSeedOtherResults();
    void rateScalesTheClients();
    void replicationsNarrowTheInterval();
    void jsonToFileIsWrittenAndTableStillPrinted();
    void badUsage_data();
    void badUsage();
    void badModel_data();
    void badModel();
    void unbuiltMechanismsAreRefused();
    void analyzePredictsTheExamples();
    void exportWritesTheTextDiagrams();
    void exportDrawsThePictures_data();
    void exportDrawsThePictures();
    void versionAndHelp();
};

void TestCli::examplesMatchTheory_data()
{
    QTest::addColumn<QString>("example");
    QTest::addColumn<QString>("path");
    QTest::addColumn<double>("theory");
    QTest::addColumn<QString>("mode");
    QTest::addColumn<double>("tolerance");

    QFile file(data(QStringLiteral("expect.json")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject expect = QJsonDocument::fromJson(file.readAll()).object();
    QVERIFY(!expect.isEmpty());
    for (auto it = expect.begin(); it != expect.end(); ++it)
        for (const QJsonValue &row : it.value().toArray()) {
            const QJsonArray r = row.toArray();
            QTest::newRow(qPrintable(it.key() + QLatin1Char(':') + r[0].toString()))
                << it.key() << r[0].toString() << r[1].toDouble() << r[2].toString()
                << r[3].toDouble();
        }
}

void TestCli::examplesMatchTheory()
{
    QFETCH(QString, example);
    QFETCH(QString, path);
    QFETCH(double, theory);
    QFETCH(QString, mode);
    QFETCH(double, tolerance);

    // Each example runs once per process, then its results are reused for its other rows.
    static QHash<QString, QJsonObject> cache;
    if (!cache.contains(example)) {
        const Outcome o =
            runScalelab({QStringLiteral("run"), data(example + QStringLiteral(".json")),
                         QStringLiteral("--json"), QStringLiteral("-")});
        QCOMPARE(o.exitCode, 0);
        cache.insert(example, QJsonDocument::fromJson(o.out).object());
    }
    const QJsonValue value = at(cache.value(example), path);
    QVERIFY2(value.isDouble(), qPrintable(path + QStringLiteral(" is missing")));
    const double measured = value.toDouble();
    const double allowed = mode == QLatin1String("rel") ? tolerance * theory : tolerance;
    QVERIFY2(std::abs(measured - theory) <= allowed,
             qPrintable(QStringLiteral("%1 = %2, theory %3 ± %4")
                            .arg(path)
                            .arg(measured)
                            .arg(theory)
                            .arg(allowed)));
}

void TestCli::resultsCarryTheContractFields()
{
    const Outcome o = runScalelab({QStringLiteral("run"), data(QStringLiteral("lru-zipf.json")),
                                   QStringLiteral("--duration"), QStringLiteral("40"),
                                   QStringLiteral("--json"), QStringLiteral("-")});
    QCOMPARE(o.exitCode, 0);
    const QJsonObject r = QJsonDocument::fromJson(o.out).object();
    for (const char *field : {"format",
                              "version",
                              "model",
                              "seed",
                              "duration_s",
                              "warmup_s",
                              "replications",
                              "events",
                              "wall_s",
                              "events_per_s",
                              "summary.requests",
                              "summary.completed",
                              "summary.errors",
                              "summary.error_rate",
                              "summary.throughput_rps",
                              "summary.latency_ms.mean",
                              "summary.latency_ms.p50",
                              "summary.latency_ms.p95",
                              "summary.latency_ms.p99",
                              "summary.latency_ms.p999",
                              "summary.latency_ms.max",
                              "summary.latency_ms.ci95",
                              "bottleneck.component",
                              "bottleneck.utilization",
                              "bottleneck.explanation",
                              "spof"})
        QVERIFY2(!at(r, QLatin1String(field)).isUndefined(), field);
    QCOMPARE(r.value(QStringLiteral("format")).toString(), QStringLiteral("scalelab-results"));
    for (const char *component : {"web", "cache", "db"})
        for (const char *field :
             {"type", "arrivals", "completed", "rejected", "throughput_rps", "utilization",
              "queue_length_mean", "wait_ms.mean", "service_ms.mean", "response_ms.mean",
              "response_ms.p50", "response_ms.p95", "response_ms.p99"})
            QVERIFY2(!at(r, QStringLiteral("components.%1.%2").arg(component, field)).isUndefined(),
                     qPrintable(QStringLiteral("%1.%2").arg(component, field)));
    for (const char *field : {"hits", "misses", "hit_ratio", "evictions"})
        QVERIFY2(!at(r, QStringLiteral("components.cache.") + field).isUndefined(), field);
    // The cache's own counts agree with each other and with the database behind it.
    const double hits = at(r, QStringLiteral("components.cache.hits")).toDouble();
    const double misses = at(r, QStringLiteral("components.cache.misses")).toDouble();
    QVERIFY(hits > 0 && misses > 0);
    QCOMPARE(at(r, QStringLiteral("components.cache.hit_ratio")).toDouble(),
             hits / (hits + misses));
}

void TestCli::sameSeedSameResults()
{
    const QStringList args{QStringLiteral("run"),        data(QStringLiteral("lru-zipf.json")),
                           QStringLiteral("--duration"), QStringLiteral("30"),
                           QStringLiteral("--json"),     QStringLiteral("-")};
    const Outcome a = runScalelab(args);
    const Outcome b = runScalelab(args);
    QCOMPARE(a.exitCode, 0);
    QCOMPARE(withoutTimings(QJsonDocument::fromJson(a.out).object()),
             withoutTimings(QJsonDocument::fromJson(b.out).object()));
}

void TestCli::otherSeedOtherResults()
{
    auto run = [](const QString &seed) {
        return QJsonDocument::fromJson(
                   runScalelab({QStringLiteral("run"), data(QStringLiteral("mm1.json")),
                                QStringLiteral("--duration"), QStringLiteral("2000"),
                                QStringLiteral("--seed"), seed, QStringLiteral("--json"),
                                QStringLiteral("-")})
                       .out)
            .object();
    };
    const QJsonObject a = run(QStringLiteral("1"));
    const QJsonObject b = run(QStringLiteral("2"));
    QCOMPARE(a.value(QStringLiteral("seed")).toInt(), 1);
    QCOMPARE(b.value(QStringLiteral("seed")).toInt(), 2);
    QVERIFY(at(a, QStringLiteral("summary.latency_ms.mean")) !=
            at(b, QStringLiteral("summary.latency_ms.mean")));
}

void TestCli::rateScalesTheClients()
{
    // At 50 rps the M/M/1 example runs at rho = 0.5: W = 1 / (100 - 50) = 20 ms.
    const Outcome o =
        runScalelab({QStringLiteral("run"), data(QStringLiteral("mm1.json")),
                     QStringLiteral("--rate"), QStringLiteral("50"), QStringLiteral("--duration"),
                     QStringLiteral("4000"), QStringLiteral("--json"), QStringLiteral("-")});
    QCOMPARE(o.exitCode, 0);
    const QJsonObject r = QJsonDocument::fromJson(o.out).object();
    QVERIFY(std::abs(at(r, QStringLiteral("components.web.utilization")).toDouble() - 0.5) < 0.01);
    QVERIFY(std::abs(at(r, QStringLiteral("summary.latency_ms.mean")).toDouble() - 20) < 0.6);
    QVERIFY(std::abs(at(r, QStringLiteral("summary.throughput_rps")).toDouble() - 50) < 0.5);
}

void TestCli::replicationsNarrowTheInterval()
{
    const Outcome o = runScalelab({QStringLiteral("run"), data(QStringLiteral("mm1.json")),
                                   QStringLiteral("--duration"), QStringLiteral("2000"),
                                   QStringLiteral("--replications"), QStringLiteral("4"),
                                   QStringLiteral("--json"), QStringLiteral("-")});
    QCOMPARE(o.exitCode, 0);
    const QJsonObject r = QJsonDocument::fromJson(o.out).object();
    QCOMPARE(r.value(QStringLiteral("replications")).toInt(), 4);
    const double mean = at(r, QStringLiteral("summary.latency_ms.mean")).toDouble();
    const double ci = at(r, QStringLiteral("summary.latency_ms.ci95")).toDouble();
    QVERIFY(ci > 0);
    // Four replications of 1800 observed seconds: the interval is a few ms and covers 50 ms
    // (fixed seed; a 95 % interval can miss, this one does not).
    QVERIFY2(std::abs(mean - 50) <= ci, qPrintable(QStringLiteral("%1 ± %2").arg(mean).arg(ci)));
    // Counts add up over replications: four times one replication's requests, roughly.
    QVERIFY(at(r, QStringLiteral("summary.completed")).toDouble() > 4 * 80 * 1800 * 0.97);
}

void TestCli::jsonToFileIsWrittenAndTableStillPrinted()
{
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("results.json"));
    const Outcome o =
        runScalelab({QStringLiteral("run"), data(QStringLiteral("mmc.json")),
                     QStringLiteral("--duration=100"), QStringLiteral("--json"), out});
    QCOMPARE(o.exitCode, 0);
    QVERIFY(o.out.contains("Bottleneck"));
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(
        QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("model")).toString(),
        QStringLiteral("M/M/4: one four-core web server at 75 % load"));
    const Outcome quiet =
        runScalelab({QStringLiteral("run"), data(QStringLiteral("mmc.json")),
                     QStringLiteral("--duration=100"), QStringLiteral("--quiet")});
    QCOMPARE(quiet.exitCode, 0);
    QVERIFY(quiet.out.isEmpty());
}

void TestCli::badUsage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QString mm1 = data(QStringLiteral("mm1.json"));
    QTest::newRow("unknown command") << QStringList{QStringLiteral("fly")} << QStringLiteral("fly");
    QTest::newRow("file to open missing")
        << QStringList{QStringLiteral("/nope/model.json")} << QStringLiteral("no such file");
    QTest::newRow("unknown option")
        << QStringList{QStringLiteral("--fly")} << QStringLiteral("--fly");
    QTest::newRow("no file") << QStringList{QStringLiteral("run")}
                             << QStringLiteral("one model file");
    QTest::newRow("two files") << QStringList{QStringLiteral("run"), mm1, mm1}
                               << QStringLiteral("one model file");
    QTest::newRow("missing file") << QStringList{QStringLiteral("run"),
                                                 QStringLiteral("/nope.json")}
                                  << QStringLiteral("/nope.json");
    QTest::newRow("duration not a number")
        << QStringList{QStringLiteral("run"), mm1, QStringLiteral("--duration"),
                       QStringLiteral("x")}
        << QStringLiteral("--duration");
    QTest::newRow("duration zero")
        << QStringList{QStringLiteral("run"), mm1, QStringLiteral("--duration=0")}
        << QStringLiteral("--duration");
    QTest::newRow("negative warmup")
        << QStringList{QStringLiteral("run"), mm1, QStringLiteral("--warmup=-1")}
        << QStringLiteral("--warmup");
    QTest::newRow("model warmup not shorter")
        << QStringList{QStringLiteral("run"), mm1, QStringLiteral("--duration=100")}
        << QStringLiteral("scenario.warmup_s");
    QTest::newRow("warmup not shorter")
        << QStringList{QStringLiteral("run"), mm1, QStringLiteral("--duration=10"),
                       QStringLiteral("--warmup=10")}
        << QStringLiteral("--warmup");
    QTest::newRow("seed negative")
        << QStringList{QStringLiteral("run"), mm1, QStringLiteral("--seed=-3")}
        << QStringLiteral("--seed");
    QTest::newRow("seed fraction")
        << QStringList{QStringLiteral("run"), mm1, QStringLiteral("--seed=1.5")}
        << QStringLiteral("--seed");
    QTest::newRow("replications zero")
        << QStringList{QStringLiteral("run"), mm1, QStringLiteral("--replications=0")}
        << QStringLiteral("--replications");
    QTest::newRow("rate zero") << QStringList{QStringLiteral("run"), mm1,
                                              QStringLiteral("--rate=0")}
                               << QStringLiteral("--rate");
    QTest::newRow("value missing")
        << QStringList{QStringLiteral("run"), mm1, QStringLiteral("--seed")}
        << QStringLiteral("--seed needs a value");
    QTest::newRow("flag with value")
        << QStringList{QStringLiteral("run"), mm1, QStringLiteral("--quiet=yes")}
        << QStringLiteral("--quiet");
    QTest::newRow("run option on analyze")
        << QStringList{QStringLiteral("analyze"), mm1, QStringLiteral("--seed=2")}
        << QStringLiteral("--seed");
}

void TestCli::badUsage()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Outcome o = runScalelab(arguments);
    QCOMPARE(o.exitCode, 2);
    QVERIFY2(o.err.contains(message), qPrintable(o.err));
    QVERIFY(o.out.isEmpty());
}

void TestCli::badModel_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("where");

    QTest::newRow("broken json") << QByteArray("{\n  \"components\": [\n    {\"id\": \"a\",,}\n")
                                 << QStringLiteral("line 3");
    QTest::newRow("bad cores")
        << QByteArray(R"({"components": [{"id": "users", "type": "client", "rate_rps": 5},
           {"id": "web", "type": "web_server", "cores": 0}],
           "links": [{"from": "users", "to": "web"}]})")
        << QStringLiteral("components[1].cores");
    QTest::newRow("dangling link")
        << QByteArray(R"({"components": [{"id": "users", "type": "client", "rate_rps": 5}],
           "links": [{"from": "users", "to": "ghost"}]})")
        << QStringLiteral("links[0].to");
    QTest::newRow("unknown type") << QByteArray(
                                         R"({"components": [{"id": "x", "type": "mainframe"}]})")
                                  << QStringLiteral("components[0].type");
}

void TestCli::badModel()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, where);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.json"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(json);
    f.close();
    for (const char *command : {"run", "analyze"}) {
        const Outcome o = runScalelab({QLatin1String(command), path});
        QCOMPARE(o.exitCode, 2);
        QVERIFY2(o.err.contains(path), qPrintable(o.err));  // names the file
        QVERIFY2(o.err.contains(where), qPrintable(o.err)); // and the place
    }
}

void TestCli::unbuiltMechanismsAreRefused()
{
    // The capstone is valid. While the engine lacks one of its mechanisms, run refuses it and
    // names each place; once it has them all, the capstone runs and every component reports.
    const Outcome o =
        runScalelab({QStringLiteral("run"), data(QStringLiteral("capstone.json")),
                     QStringLiteral("--duration"), QStringLiteral("2"), QStringLiteral("--warmup"),
                     QStringLiteral("1"), QStringLiteral("--json"), QStringLiteral("-")});
    if (o.exitCode == 2) {
        QVERIFY2(o.err.contains(QStringLiteral("capstone.json: components[")), qPrintable(o.err));
        QVERIFY2(o.err.contains(QStringLiteral("not in the engine yet")), qPrintable(o.err));
        QVERIFY(o.out.isEmpty());
    } else {
        QCOMPARE(o.exitCode, 0);
        const QJsonObject components =
            QJsonDocument::fromJson(o.out).object().value(QStringLiteral("components")).toObject();
        QCOMPARE(components.size(), 22);
    }
    // analyze needs no simulation, so it works on the same model either way.
    QCOMPARE(
        runScalelab({QStringLiteral("analyze"), data(QStringLiteral("capstone.json"))}).exitCode,
        0);
}

void TestCli::analyzePredictsTheExamples()
{
    const Outcome o = runScalelab({QStringLiteral("analyze"), data(QStringLiteral("mm1.json")),
                                   QStringLiteral("--json"), QStringLiteral("-")});
    QCOMPARE(o.exitCode, 0);
    const QJsonObject a = QJsonDocument::fromJson(o.out).object();
    QCOMPARE(a.value(QStringLiteral("format")).toString(), QStringLiteral("scalelab-analysis"));
    QVERIFY(std::abs(at(a, QStringLiteral("components.web.utilization")).toDouble() - 0.8) < 1e-9);
    QCOMPARE(at(a, QStringLiteral("bottleneck.component")).toString(), QStringLiteral("web"));
    const Outcome table =
        runScalelab({QStringLiteral("analyze"), data(QStringLiteral("mm1.json"))});
    QCOMPARE(table.exitCode, 0);
    QVERIFY(table.out.contains("web"));
}

void TestCli::exportWritesTheTextDiagrams()
{
    const QString capstone = data(QStringLiteral("capstone.json"));
    QTemporaryDir dir;
    // The format from the extension, or from --format whatever the extension; each file starts
    // the way its format does.
    const QList<std::tuple<QString, QStringList, QByteArray>> cases = {
        {QStringLiteral("a.dot"), {}, "digraph "},
        {QStringLiteral("a.gv"), {}, "digraph "},
        {QStringLiteral("a.mmd"), {}, "flowchart LR"},
        {QStringLiteral("a.drawio"), {}, "<?xml"},
        {QStringLiteral("a.xml"), {}, "<?xml"},
        {QStringLiteral("a.json"), {}, "{"},
        {QStringLiteral("a.txt"),
         {QStringLiteral("--format"), QStringLiteral("mermaid")},
         "flowchart LR"},
        {QStringLiteral("b.dot"), {QStringLiteral("--format=json")}, "{"},
        {QStringLiteral("c.dot"), {QStringLiteral("--output")}, "digraph "}, // long form of -o
    };
    for (const auto &[file, options, start] : cases) {
        const QString out = dir.filePath(file);
        QStringList arguments{QStringLiteral("export"), capstone};
        if (options == QStringList{QStringLiteral("--output")})
            arguments << QStringLiteral("--output") << out;
        else
            arguments << QStringLiteral("-o") << out << options;
        const Outcome o = runScalelab(arguments);
        QCOMPARE(o.exitCode, 0);
        QVERIFY2(o.err.isEmpty(), qPrintable(o.err));
        QFile f(out);
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(out));
        const QByteArray bytes = f.readAll();
        QVERIFY2(bytes.startsWith(start), qPrintable(file));
        QVERIFY(bytes.contains("shard-4-r1")); // the last component made it
    }
    // The json export is the model again: it loads and exports to the same bytes.
    const Outcome again = runScalelab(
        {QStringLiteral("export"), dir.filePath(QStringLiteral("a.json")), QStringLiteral("-o"),
         QStringLiteral("-"), QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(again.exitCode, 0);
    QFile json(dir.filePath(QStringLiteral("a.json")));
    QVERIFY(json.open(QIODevice::ReadOnly));
    QCOMPARE(again.out, json.readAll());

    // -o - writes to standard output, the same bytes as the file.
    const Outcome toStdout =
        runScalelab({QStringLiteral("export"), capstone, QStringLiteral("-o"), QStringLiteral("-"),
                     QStringLiteral("--format"), QStringLiteral("dot")});
    QCOMPARE(toStdout.exitCode, 0);
    QFile dot(dir.filePath(QStringLiteral("a.dot")));
    QVERIFY(dot.open(QIODevice::ReadOnly));
    QCOMPARE(toStdout.out, dot.readAll());

    // Bad usage: exit 2, a message naming the option or the file, nothing written.
    const QString unused = dir.filePath(QStringLiteral("unused.dot"));
    const QList<std::pair<QStringList, QString>> bad = {
        {{QStringLiteral("export"), capstone, QStringLiteral("-o"), unused,
          QStringLiteral("--format"), QStringLiteral("visio")},
         QStringLiteral("--format")},
        {{QStringLiteral("export"), capstone}, QStringLiteral("-o OUT")},
        {{QStringLiteral("export"), capstone, QStringLiteral("-o")},
         QStringLiteral("-o needs a value")},
        {{QStringLiteral("export"), capstone, QStringLiteral("-o"), QStringLiteral("-")},
         QStringLiteral("--format")},
        {{QStringLiteral("export"), capstone, QStringLiteral("-o"),
          dir.filePath(QStringLiteral("a.txt"))},
         QStringLiteral("a.txt")},
        {{QStringLiteral("export"), QStringLiteral("/nope.json"), QStringLiteral("-o"), unused},
         QStringLiteral("/nope.json")},
        {{QStringLiteral("export"), QStringLiteral("-o"), unused},
         QStringLiteral("one model file")},
        {{QStringLiteral("export"), capstone, QStringLiteral("-o"), unused,
          QStringLiteral("--seed=1")},
         QStringLiteral("--seed")},
    };
    for (const auto &[arguments, message] : bad) {
        const Outcome o = runScalelab(arguments);
        QCOMPARE(o.exitCode, 2);
        QVERIFY2(o.err.contains(message), qPrintable(o.err));
        QVERIFY(o.out.isEmpty());
    }
    QVERIFY(!QFile::exists(unused));

    // A place that cannot be written fails the run (exit 1) and names it; no stray file is left.
    const QString blocked = dir.filePath(QStringLiteral("no-such-dir/a.dot"));
    const Outcome o =
        runScalelab({QStringLiteral("export"), capstone, QStringLiteral("-o"), blocked});
    QCOMPARE(o.exitCode, 1);
    QVERIFY2(o.err.contains(blocked), qPrintable(o.err));
}

void TestCli::exportDrawsThePictures_data()
{
    QTest::addColumn<bool>("display");
    QTest::newRow("offscreen platform") << true;
    QTest::newRow("no platform, no display") << false;
}

void TestCli::exportDrawsThePictures()
{
    // The pictures draw the canvas, and need no display: with QT_QPA_PLATFORM, DISPLAY and
    // WAYLAND_DISPLAY all unset the command line still draws them.
    QFETCH(bool, display);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (display) {
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    } else {
        for (const char *name : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"})
            environment.remove(QLatin1String(name));
    }
    const QString capstone = data(QStringLiteral("capstone.json"));
    QTemporaryDir dir;
    // By extension, by --format whatever the extension, and to standard output.
    const QList<std::tuple<QString, QStringList, QByteArray>> cases = {
        {QStringLiteral("a.png"), {}, "\x89PNG\r\n\x1a\n"},
        {QStringLiteral("a.svg"), {}, "<?xml"},
        {QStringLiteral("a.pdf"), {}, "%PDF"},
        {QStringLiteral("b.dat"), {QStringLiteral("--format=png")}, "\x89PNG\r\n\x1a\n"},
        {QStringLiteral("-"), {QStringLiteral("--format"), QStringLiteral("svg")}, "<?xml"},
        {QStringLiteral("-"), {QStringLiteral("--format=pdf")}, "%PDF"},
    };
    for (const auto &[file, options, start] : cases) {
        const QString out = file == QLatin1String("-") ? file : dir.filePath(file);
        const Outcome o = runScalelab(
            QStringList{QStringLiteral("export"), capstone, QStringLiteral("-o"), out} + options,
            environment);
        QVERIFY2(o.exitCode == 0, qPrintable(file + QLatin1String(": ") + o.err));
        QVERIFY2(o.err.isEmpty(), qPrintable(o.err));
        QByteArray bytes = o.out;
        if (out != QLatin1String("-")) {
            QVERIFY(o.out.isEmpty());
            QFile f(out);
            QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(out));
            bytes = f.readAll();
        }
        QVERIFY2(bytes.startsWith(start), qPrintable(file + QLatin1Char(' ') + options.join(' ')));
        QVERIFY2(bytes.size() > 1024, qPrintable(file));
        if (start == "<?xml")
            QVERIFY(bytes.contains("shard-4-r1")); // the names are text in the drawing
    }
    // The same model gives the same picture.
    QFile first(dir.filePath(QStringLiteral("a.png")));
    QFile second(dir.filePath(QStringLiteral("b.dat")));
    QVERIFY(first.open(QIODevice::ReadOnly) && second.open(QIODevice::ReadOnly));
    QCOMPARE(first.readAll(), second.readAll());

    // A place that cannot be written fails the run (exit 1) and leaves no file.
    const QString blocked = dir.filePath(QStringLiteral("no-such-dir/a.png"));
    const Outcome o = runScalelab(
        {QStringLiteral("export"), capstone, QStringLiteral("-o"), blocked}, environment);
    QCOMPARE(o.exitCode, 1);
    QVERIFY2(o.err.contains(blocked), qPrintable(o.err));
    QVERIFY(!QFile::exists(blocked));
}

void TestCli::versionAndHelp()
{
    const Outcome v = runScalelab({QStringLiteral("--version")});
    QCOMPARE(v.exitCode, 0);
    QVERIFY(v.out.startsWith("scalelab "));
    const Outcome h = runScalelab({QStringLiteral("--help")});
    QCOMPARE(h.exitCode, 0);
    for (const char *word :
         {"run", "analyze", "export", "mermaid", "--replications", "--json", "Exit status"})
        QVERIFY2(h.out.contains(word), word);
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
