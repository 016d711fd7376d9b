// The text diagrams of `scalelab export`: every component and every link of the example models,
// and of a model whose ids and labels carry the characters each format must escape, reaches
// Graphviz, Mermaid and diagrams.net intact; the json export is the model itself.

#include "model/diagram_export.h"
#include "model/model_json.h"

#include <QProcess>
#include <QRectF>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QXmlStreamReader>
#include <QtTest>

using namespace scalelab::model;

namespace {

// Quotes, backslashes, HTML, braces and pipes in ids, labels and names; ids that are Mermaid
// words ("end"), start with a digit, or clash once sanitised (web-1, web_1); a region with a
// label; latency on a request and on a replication link; a position for one component only.
// (An ordinary string literal: moc misreads the backslashes of a raw one and drops the class.)
const char *const kTricky =
    "{\n"
    "  \"name\": \"Tricky \\\"names\\\" <here> & #1 {braces}\",\n"
    "  \"regions\": [{\"id\": \"us\", \"label\": \"US \\\"east\\\" {1}\"}, {\"id\": "
    "\"eu-west\"}],\n"
    "  \"components\": [\n"
    "    {\"id\": \"users\", \"type\": \"client\", \"region\": \"us\", \"rate_rps\": 5},\n"
    "    {\"id\": \"end\", \"type\": \"web_server\", \"region\": \"us\", \"label\": \"Web "
    "\\\"A\\\" <b>#1</b> | {x}\"},\n"
    "    {\"id\": \"web-1\", \"type\": \"web_server\", \"region\": \"eu-west\"},\n"
    "    {\"id\": \"web_1\", \"type\": \"web_server\", \"region\": \"eu-west\"},\n"
    "    {\"id\": \"1st\\\"db\\\\\", \"type\": \"database\", \"region\": \"us\"},\n"
    "    {\"id\": \"replica\", \"type\": \"database\", \"role\": \"replica\", \"region\": "
    "\"eu-west\"},\n"
    "    {\"id\": \"q\", \"type\": \"queue\"},\n"
    "    {\"id\": \"0\", \"type\": \"worker\"},\n"
    "    {\"id\": \"watch\", \"type\": \"monitor\"}\n"
    "  ],\n"
    "  \"links\": [{\"from\": \"users\", \"to\": \"end\", \"latency_ms\": 2.5},\n"
    "            {\"from\": \"users\", \"to\": \"web-1\"}, {\"from\": \"users\", \"to\": "
    "\"web_1\"},\n"
    "            {\"from\": \"end\", \"to\": \"1st\\\"db\\\\\"},\n"
    "            {\"from\": \"1st\\\"db\\\\\", \"to\": \"replica\", \"kind\": \"replication\", "
    "\"latency_ms\": 80},\n"
    "            {\"from\": \"end\", \"to\": \"q\"}, {\"from\": \"q\", \"to\": \"0\"}],\n"
    "  \"layout\": {\"users\": {\"x\": 10, \"y\": 20}}\n"
    "}\n";

Model load(const QString &name)
{
    const LoadResult result = name == QLatin1String("tricky")
                                  ? parseModel(QByteArray(kTricky), name)
                                  : loadModelFile(QStringLiteral(SCALELAB_TEST_DATA "/") + name +
                                                  QStringLiteral(".json"));
    if (!result.ok())
        qWarning().noquote() << result.message();
    return result.model.value_or(Model{});
}

QString visible(const Component &c)
{
    return c.label.isEmpty() ? c.id : c.label;
}

QSet<QString> regionsInUse(const Model &m)
{
    QSet<QString> regions;
    for (const Component &c : m.components)
        if (!c.region.isEmpty())
            regions.insert(c.region);
    return regions;
}

int replicationLinks(const Model &m)
{
    int n = 0;
    for (const Link &l : m.links)
        n += l.kind == Link::Kind::Replication ? 1 : 0;
    return n;
}

QString dotQuoted(const QString &text)
{
    QString s = text;
    s.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
        .replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return QLatin1Char('"') + s + QLatin1Char('"');
}

// Braces that DOT reads as structure, i.e. outside quoted strings, must pair up.
bool bracesBalance(const QString &dot)
{
    int depth = 0;
    bool quoted = false;
    for (qsizetype i = 0; i < dot.size(); ++i) {
        const QChar ch = dot[i];
        if (quoted) {
            if (ch == QLatin1Char('\\'))
                ++i; // an escaped character, whatever it is
            else if (ch == QLatin1Char('"'))
                quoted = false;
        } else if (ch == QLatin1Char('"')) {
            quoted = true;
        } else if (ch == QLatin1Char('{')) {
            ++depth;
        } else if (ch == QLatin1Char('}') && --depth < 0) {
            return false;
        }
    }
    return depth == 0 && !quoted;
}

QString mermaidText(const QString &text)
{
    QString s;
    for (const QChar ch : text) {
        if (ch == QLatin1Char('#'))
            s += QStringLiteral("#35;");
        else if (ch == QLatin1Char('"'))
            s += QStringLiteral("#quot;");
        else if (ch == QLatin1Char('<'))
            s += QStringLiteral("#lt;");
        else if (ch == QLatin1Char('>'))
            s += QStringLiteral("#gt;");
        else if (ch == QLatin1Char('|'))
            s += QStringLiteral("#124;");
        else
            s += ch;
    }
    return s;
}

struct Cell {
    QString id;
    QString value;
    QString style;
    QString parent;
    QString source;
    QString target;
    bool vertex = false;
    bool edge = false;
    QRectF geometry;
};

// The cells of a diagrams.net file, in order, or an empty list when the XML does not have the
// mxfile > diagram > mxGraphModel > root structure.
QList<Cell> drawioCells(const QByteArray &xml, QString *diagramName)
{
    QXmlStreamReader reader(xml);
    QStringList path;
    QList<Cell> cells;
    while (!reader.atEnd()) {
        const QXmlStreamReader::TokenType token = reader.readNext();
        if (token == QXmlStreamReader::EndElement) {
            path.removeLast();
            continue;
        }
        if (token != QXmlStreamReader::StartElement)
            continue;
        path << reader.name().toString();
        const QXmlStreamAttributes a = reader.attributes();
        if (path == QStringList{QStringLiteral("mxfile"), QStringLiteral("diagram")})
            *diagramName = a.value(QLatin1String("name")).toString();
        if (path == QStringList{QStringLiteral("mxfile"), QStringLiteral("diagram"),
                                QStringLiteral("mxGraphModel"), QStringLiteral("root"),
                                QStringLiteral("mxCell")}) {
            Cell c;
            c.id = a.value(QLatin1String("id")).toString();
            c.value = a.value(QLatin1String("value")).toString();
            c.style = a.value(QLatin1String("style")).toString();
            c.parent = a.value(QLatin1String("parent")).toString();
            c.source = a.value(QLatin1String("source")).toString();
            c.target = a.value(QLatin1String("target")).toString();
            c.vertex = a.value(QLatin1String("vertex")) == QLatin1String("1");
            c.edge = a.value(QLatin1String("edge")) == QLatin1String("1");
            cells << c;
        }
        if (path.size() == 6 && path.last() == QLatin1String("mxGeometry") && !cells.isEmpty() &&
            a.value(QLatin1String("relative")) != QLatin1String("1"))
            cells.last().geometry = QRectF(a.value(QLatin1String("x")).toDouble(),
                                           a.value(QLatin1String("y")).toDouble(),
                                           a.value(QLatin1String("width")).toDouble(),
                                           a.value(QLatin1String("height")).toDouble());
    }
    if (reader.hasError()) {
        qWarning() << reader.errorString() << "at line" << reader.lineNumber();
        return {};
    }
    return cells;
}

} // namespace

class TestDiagramExport : public QObject {
    Q_OBJECT

private slots:
    void formatNames_data();
    void formatNames();
    void canvasFormatsNeedTheRenderer();

    void models_data();
    void dotCarriesEveryComponentAndLink_data() { models_data(); }
    void dotCarriesEveryComponentAndLink();
    void graphvizReadsTheDot_data() { models_data(); }
    void graphvizReadsTheDot();
    void mermaidCarriesEveryComponentAndLink_data() { models_data(); }
    void mermaidCarriesEveryComponentAndLink();
    void drawioHasOneCellPerComponentAndLink_data() { models_data(); }
    void drawioHasOneCellPerComponentAndLink();
    void jsonIsTheModel_data() { models_data(); }
    void jsonIsTheModel();
    void sameModelSameBytes_data() { models_data(); }
    void sameModelSameBytes();

    void drawioUsesTheLayoutWhenThereIsOne();
};

void TestDiagramExport::formatNames_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("isFileName");
    QTest::addColumn<int>("expected"); // -1: not a format

    const auto row = [](const char *name, const QString &text, bool file, int format) {
        QTest::newRow(name) << text << file << format;
    };
    row("dot", QStringLiteral("dot"), false, int(DiagramFormat::Dot));
    row("DOT", QStringLiteral("DOT"), false, int(DiagramFormat::Dot));
    row("graphviz", QStringLiteral("graphviz"), false, int(DiagramFormat::Dot));
    row("mermaid", QStringLiteral("mermaid"), false, int(DiagramFormat::Mermaid));
    row("drawio", QStringLiteral("drawio"), false, int(DiagramFormat::Drawio));
    row("json", QStringLiteral("json"), false, int(DiagramFormat::Json));
    row("png", QStringLiteral("png"), false, int(DiagramFormat::Png));
    row("svg", QStringLiteral("svg"), false, int(DiagramFormat::Svg));
    row("pdf", QStringLiteral("pdf"), false, int(DiagramFormat::Pdf));
    row("visio", QStringLiteral("visio"), false, -1);
    row("empty name", QString(), false, -1);
    row("a.dot", QStringLiteral("out/a.dot"), true, int(DiagramFormat::Dot));
    row("a.gv", QStringLiteral("a.gv"), true, int(DiagramFormat::Dot));
    row("a.mmd", QStringLiteral("a.mmd"), true, int(DiagramFormat::Mermaid));
    row("a.mermaid", QStringLiteral("a.mermaid"), true, int(DiagramFormat::Mermaid));
    row("a.drawio", QStringLiteral("a.drawio"), true, int(DiagramFormat::Drawio));
    row("a.xml", QStringLiteral("a.XML"), true, int(DiagramFormat::Drawio));
    row("a.json", QStringLiteral("a.json"), true, int(DiagramFormat::Json));
    row("a.png", QStringLiteral("a.png"), true, int(DiagramFormat::Png));
    row("a.txt", QStringLiteral("a.txt"), true, -1);
    row("no extension", QStringLiteral("diagram"), true, -1);
    row("dot directory", QStringLiteral("dot.d/diagram"), true, -1);
}

void TestDiagramExport::formatNames()
{
    QFETCH(QString, text);
    QFETCH(bool, isFileName);
    QFETCH(int, expected);
    const std::optional<DiagramFormat> format =
        isFileName ? diagramFormatFromFileName(text) : diagramFormatFromName(text);
    QCOMPARE(format ? int(*format) : -1, expected);
    if (format) // the canonical name reads back as the same format
        QCOMPARE(diagramFormatFromName(diagramFormatName(*format)), format);
}

void TestDiagramExport::canvasFormatsNeedTheRenderer()
{
    const Model m = load(QStringLiteral("mm1"));
    for (const DiagramFormat f : {DiagramFormat::Png, DiagramFormat::Svg, DiagramFormat::Pdf}) {
        QVERIFY(needsCanvas(f));
        QString error;
        QVERIFY(exportDiagram(m, f, &error).isEmpty());
        QVERIFY2(error.contains(QStringLiteral("diagram renderer")), qPrintable(error));
    }
    for (const DiagramFormat f :
         {DiagramFormat::Dot, DiagramFormat::Mermaid, DiagramFormat::Drawio, DiagramFormat::Json}) {
        QVERIFY(!needsCanvas(f));
        QString error;
        QVERIFY(!exportDiagram(m, f, &error).isEmpty());
        QVERIFY(error.isEmpty());
    }
}

void TestDiagramExport::models_data()
{
    QTest::addColumn<QString>("name");
    for (const char *name : {"mm1", "lru-zipf", "capstone", "tricky"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void TestDiagramExport::dotCarriesEveryComponentAndLink()
{
    QFETCH(QString, name);
    const Model m = load(name);
    QVERIFY(!m.components.isEmpty());
    const QString dot = QString::fromUtf8(exportDiagram(m, DiagramFormat::Dot));
    QVERIFY(dot.startsWith(QLatin1String("digraph ")));
    QVERIFY(dot.contains(QLatin1String("rankdir=LR")));
    QVERIFY(bracesBalance(dot));

    for (const Component &c : m.components) {
        // One node statement per component (an edge line may also hold `"id" [label=`).
        const QString node = dotQuoted(c.id) + QStringLiteral(" [label=");
        QCOMPARE(dot.count(QStringLiteral("    ") + node), 1);
        // The visible text, then the type on a second line.
        QString label = dotQuoted(visible(c));
        label.chop(1);
        QVERIFY2(dot.contains(node + label + QStringLiteral("\\n") + kindName(c.kind) +
                              QLatin1Char('"')),
                 qPrintable(c.id));
    }
    int from = 0;
    for (const Link &l : m.links) {
        // Every link, in the model's order, dashed and labelled when it replicates.
        const QString edge = dotQuoted(l.from) + QStringLiteral(" -> ") + dotQuoted(l.to);
        const qsizetype at = dot.indexOf(edge, from);
        QVERIFY2(at >= 0, qPrintable(edge));
        const QString line = dot.mid(at, dot.indexOf(QLatin1Char('\n'), at) - at);
        QCOMPARE(line.contains(QLatin1String("style=dashed")), l.kind == Link::Kind::Replication);
        QCOMPARE(line.contains(QLatin1String("replication")), l.kind == Link::Kind::Replication);
        QCOMPARE(line.contains(QLatin1String(" ms\"")), l.latencyMs > 0);
        from = int(at + 1);
    }
    QCOMPARE(dot.count(QLatin1String(" -> ")), m.links.size());
    QCOMPARE(dot.count(QLatin1String("subgraph \"cluster_")), regionsInUse(m).size());
    for (const QString &region : regionsInUse(m))
        QVERIFY(dot.contains(QStringLiteral("subgraph ") +
                             dotQuoted(QStringLiteral("cluster_") + region)));
}

void TestDiagramExport::graphvizReadsTheDot()
{
    QFETCH(QString, name);
    const QString dotBinary = QStandardPaths::findExecutable(QStringLiteral("dot"));
    if (dotBinary.isEmpty())
        QSKIP("Graphviz (dot) is not installed");
    const Model m = load(name);
    QProcess dot;
    dot.start(dotBinary, {QStringLiteral("-Tsvg")});
    QVERIFY(dot.waitForStarted());
    dot.write(exportDiagram(m, DiagramFormat::Dot));
    dot.closeWriteChannel();
    QVERIFY(dot.waitForFinished(30000));
    const QString errors = QString::fromUtf8(dot.readAllStandardError());
    QCOMPARE(dot.exitCode(), 0);
    QVERIFY2(errors.isEmpty(), qPrintable(errors));
    // Graphviz drew what the model has: a node per component, an edge per link, a cluster per
    // region (node ids that the DOT file got wrong would have made extra nodes).
    const QString svg = QString::fromUtf8(dot.readAllStandardOutput());
    QCOMPARE(svg.count(QLatin1String("class=\"node\"")), m.components.size());
    QCOMPARE(svg.count(QLatin1String("class=\"edge\"")), m.links.size());
    QCOMPARE(svg.count(QLatin1String("class=\"cluster\"")), regionsInUse(m).size());
    QCOMPARE(svg.count(QLatin1String(">replication")), replicationLinks(m));
}

void TestDiagramExport::mermaidCarriesEveryComponentAndLink()
{
    QFETCH(QString, name);
    const Model m = load(name);
    const QString text = QString::fromUtf8(exportDiagram(m, DiagramFormat::Mermaid));
    QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.takeFirst(), QStringLiteral("flowchart LR"));

    // Every line is a comment, a region, a node or an edge; labels hold no raw quote.
    static const QRegularExpression nodeLine(
        QStringLiteral(R"re(^\s*([A-Za-z0-9_]+)(\(\[|\[\(|\[\[|\[/|\[\\|\(\(|\{\{|\[|\(|\{|>)")re"
                       R"re(([^"]*)"(\]\)|\)\]|\]\]|\\\]|/\]|\)\)|\}\}|\]|\)|\})$)re"));
    static const QRegularExpression edgeLine(
        QStringLiteral(R"re(^\s*([A-Za-z0-9_]+) (-->|-\.->)(?:\|([^|"]*)\|)? ([A-Za-z0-9_]+)$)re"));
    static const QRegularExpression subgraphLine(
        QStringLiteral(R"re(^\s*subgraph ([A-Za-z0-9_]+) \["([^"]*)"\]$)re"));
    QHash<QString, QString> labelOf; // Mermaid id -> its label
    QStringList regionIds;
    QList<QRegularExpressionMatch> edges;
    int open = 0;
    for (const QString &line : lines) {
        if (line.trimmed().startsWith(QLatin1String("%%")))
            continue;
        if (const auto s = subgraphLine.match(line); s.hasMatch()) {
            regionIds << s.captured(1);
            ++open;
        } else if (line.trimmed() == QLatin1String("end")) {
            --open;
        } else if (const auto e = edgeLine.match(line); e.hasMatch()) {
            edges << e;
        } else if (const auto n = nodeLine.match(line); n.hasMatch()) {
            QVERIFY2(!labelOf.contains(n.captured(1)), qPrintable(line)); // one line per node
            labelOf.insert(n.captured(1), n.captured(3));
        } else {
            QFAIL(qPrintable(QStringLiteral("unexpected line: ") + line));
        }
        QVERIFY(open == 0 || open == 1);
    }
    QCOMPARE(open, 0);
    QCOMPARE(labelOf.size(), m.components.size());
    QCOMPARE(regionIds.size(), regionsInUse(m).size());
    for (const QString &r : regionIds) // a region's id is no node's
        QVERIFY(!labelOf.contains(r));

    // Each component is the node whose label is its visible text and type.
    QHash<QString, QString> idOf; // component id -> Mermaid id
    for (const Component &c : m.components) {
        const QString label = mermaidText(visible(c)) + QStringLiteral("<br/>") + kindName(c.kind);
        const QStringList ids = labelOf.keys(label);
        QCOMPARE(ids.size(), 1);
        idOf.insert(c.id, ids.first());
    }
    QCOMPARE(QSet<QString>(idOf.cbegin(), idOf.cend()).size(), m.components.size()); // unique

    QCOMPARE(edges.size(), m.links.size());
    for (qsizetype i = 0; i < m.links.size(); ++i) {
        const Link &l = m.links[i];
        const QRegularExpressionMatch &e = edges[i];
        QCOMPARE(e.captured(1), idOf.value(l.from));
        QCOMPARE(e.captured(4), idOf.value(l.to));
        QCOMPARE(e.captured(2), l.kind == Link::Kind::Replication ? QStringLiteral("-.->")
                                                                  : QStringLiteral("-->"));
        QCOMPARE(e.captured(3).startsWith(QLatin1String("replication")),
                 l.kind == Link::Kind::Replication);
        QCOMPARE(e.captured(3).endsWith(QLatin1String(" ms")), l.latencyMs > 0);
    }
}

void TestDiagramExport::drawioHasOneCellPerComponentAndLink()
{
    QFETCH(QString, name);
    const Model m = load(name);
    QString diagramName;
    const QList<Cell> cells = drawioCells(exportDiagram(m, DiagramFormat::Drawio), &diagramName);
    QVERIFY(cells.size() >= 2);
    QCOMPARE(diagramName, m.name);
    QCOMPARE(cells[0].id, QStringLiteral("0"));
    QCOMPARE(cells[1].id, QStringLiteral("1"));
    QCOMPARE(cells[1].parent, QStringLiteral("0"));

    QHash<QString, Cell> components; // cell id -> cell, for the vertices that are components
    QList<Cell> frames;
    QList<Cell> edges;
    QSet<QString> cellIds;
    for (const Cell &c : cells) {
        QVERIFY2(!cellIds.contains(c.id), qPrintable(c.id)); // cell ids are unique
        cellIds.insert(c.id);
        if (c.vertex && c.id.startsWith(QLatin1String("component:")))
            components.insert(c.id, c);
        else if (c.vertex && c.id.startsWith(QLatin1String("region:")))
            frames << c;
        else if (c.edge)
            edges << c;
        else
            QVERIFY2(c.id == QLatin1String("0") || c.id == QLatin1String("1"), qPrintable(c.id));
    }
    QCOMPARE(components.size(), m.components.size());
    QCOMPARE(frames.size(), regionsInUse(m).size());
    QCOMPARE(edges.size(), m.links.size());

    for (const Component &c : m.components) {
        const Cell cell = components.value(QStringLiteral("component:") + c.id);
        QCOMPARE(cell.parent, QStringLiteral("1"));
        QCOMPARE(cell.value, visible(c) + QLatin1Char('\n') + kindName(c.kind));
        QVERIFY(cell.geometry.width() > 0 && cell.geometry.height() > 0);
        QCOMPARE(cell.style.contains(QLatin1String("shape=cylinder3")),
                 c.kind == ComponentKind::Database);
        if (!c.region.isEmpty()) { // inside its region's frame
            bool framed = false;
            for (const Cell &f : frames)
                framed |= f.id == QStringLiteral("region:") + c.region &&
                          f.geometry.contains(cell.geometry);
            QVERIFY2(framed, qPrintable(c.id));
        }
    }
    for (qsizetype i = 0; i < m.links.size(); ++i) {
        const Link &l = m.links[i];
        const Cell &e = edges[i];
        QCOMPARE(e.parent, QStringLiteral("1"));
        QVERIFY(components.contains(e.source));
        QVERIFY(components.contains(e.target));
        QCOMPARE(e.source, QStringLiteral("component:") + l.from);
        QCOMPARE(e.target, QStringLiteral("component:") + l.to);
        QCOMPARE(e.style.contains(QLatin1String("dashed=1")), l.kind == Link::Kind::Replication);
        QCOMPARE(e.value.contains(QLatin1String("replication")), l.kind == Link::Kind::Replication);
        QCOMPARE(e.value.contains(QLatin1String(" ms")), l.latencyMs > 0);
    }

    // The layered layout keeps boxes apart, and regions' frames too.
    const QList<Cell> boxes = components.values();
    for (qsizetype i = 0; i < boxes.size(); ++i)
        for (qsizetype j = i + 1; j < boxes.size(); ++j)
            QVERIFY2(!boxes[i].geometry.intersects(boxes[j].geometry),
                     qPrintable(boxes[i].id + QStringLiteral(" overlaps ") + boxes[j].id));
    for (qsizetype i = 0; i < frames.size(); ++i)
        for (qsizetype j = i + 1; j < frames.size(); ++j)
            QVERIFY(!frames[i].geometry.intersects(frames[j].geometry));
}

void TestDiagramExport::jsonIsTheModel()
{
    QFETCH(QString, name);
    const Model m = load(name);
    const LoadResult back = parseModel(exportDiagram(m, DiagramFormat::Json));
    QVERIFY2(back.ok(), qPrintable(back.message()));
    QVERIFY(*back.model == m);
}

void TestDiagramExport::sameModelSameBytes()
{
    // Everything follows the model's lists: a layout filled in another order changes nothing.
    QFETCH(QString, name);
    const Model m = load(name);
    Model shuffled = m;
    shuffled.layout.clear();
    for (qsizetype i = m.components.size() - 1; i >= 0; --i)
        shuffled.layout.insert(m.components[i].id, QPointF(100.0 * double(i), 50));
    Model placed = m;
    placed.layout.clear();
    for (qsizetype i = 0; i < m.components.size(); ++i)
        placed.layout.insert(m.components[i].id, QPointF(100.0 * double(i), 50));
    for (const DiagramFormat f :
         {DiagramFormat::Dot, DiagramFormat::Mermaid, DiagramFormat::Drawio, DiagramFormat::Json}) {
        QCOMPARE(exportDiagram(m, f), exportDiagram(m, f));
        QCOMPARE(exportDiagram(shuffled, f), exportDiagram(placed, f));
    }
}

void TestDiagramExport::drawioUsesTheLayoutWhenThereIsOne()
{
    // The tricky model places "users" only: it keeps its place, the rest are laid out below it.
    const Model m = load(QStringLiteral("tricky"));
    QString name;
    const QList<Cell> cells = drawioCells(exportDiagram(m, DiagramFormat::Drawio), &name);
    QHash<QString, QRectF> at;
    for (const Cell &c : cells)
        at.insert(c.id, c.geometry);
    QCOMPARE(at.value(QStringLiteral("component:users")).topLeft(), QPointF(10, 20));
    for (const Component &c : m.components)
        if (c.id != QLatin1String("users"))
            QVERIFY2(at.value(QStringLiteral("component:") + c.id).top() >
                         at.value(QStringLiteral("component:users")).bottom(),
                     qPrintable(c.id));

    // Without a layout, depth from the clients sets the column: users, then the web servers,
    // then the primary, then its replica.
    Model unplaced = m;
    unplaced.layout.clear();
    const QList<Cell> layered = drawioCells(exportDiagram(unplaced, DiagramFormat::Drawio), &name);
    for (const Cell &c : layered)
        at.insert(c.id, c.geometry);
    const auto x = [&](const char *id) {
        return at.value(QStringLiteral("component:") + QString::fromUtf8(id)).x();
    };
    QVERIFY(x("users") < x("end"));
    QCOMPARE(x("end"), x("web-1"));
    QVERIFY(x("end") < x("1st\"db\\"));
    QVERIFY(x("1st\"db\\") < x("replica"));
    QCOMPARE(x("1st\"db\\"), x("q"));
    QVERIFY(x("q") < x("0"));
    QVERIFY(x("0") < x("watch")); // linked to nothing: after the deepest column
}

QTEST_GUILESS_MAIN(TestDiagramExport)
#include "tst_diagram_export.moc"
