#include "diagram_export.h"

#include "model_json.h"

#include <QFileInfo>
#include <QHash>
#include <QSet>
#include <QXmlStreamWriter>

#include <algorithm>
#include <iterator>
#include <queue>

namespace scalelab::model {

namespace {

// How one component type looks in each format, so a database is a cylinder everywhere.
struct TypeLook {
    ComponentKind kind;
    const char *dotShape;
    const char *dotStyle;     // added to "filled"
    const char *mermaidOpen;  // the shape's opening bracket, label quote included
    const char *mermaidClose; // its closing bracket
    const char *drawioShape;  // the shape part of a diagrams.net style
    const char *fill;
    const char *stroke;
};

constexpr TypeLook kLooks[] = {
    {ComponentKind::Client, "ellipse", "", "([\"", "\"])", "ellipse;", "#dae8fc", "#6c8ebf"},
    {ComponentKind::Dns, "hexagon", "", "{{\"", "\"}}",
     "shape=hexagon;perimeter=hexagonPerimeter2;fixedSize=1;", "#f5f5f5", "#666666"},
    {ComponentKind::Cdn, "octagon", "", "((\"", "\"))", "ellipse;shape=cloud;", "#f5f5f5",
     "#666666"},
    {ComponentKind::LoadBalancer, "diamond", "", "{\"", "\"}", "rhombus;", "#d5e8d4", "#82b366"},
    {ComponentKind::WebServer, "box3d", "", "[\"", "\"]", "shape=cube;size=10;", "#dae8fc",
     "#6c8ebf"},
    {ComponentKind::Cache, "box", ",rounded", "(\"", "\")", "rounded=1;", "#f8cecc", "#b85450"},
    {ComponentKind::SessionStore, "tab", "", "(\"", "\")", "rounded=1;", "#f8cecc", "#b85450"},
    {ComponentKind::Database, "cylinder", "", "[(\"", "\")]",
     "shape=cylinder3;boundedLbl=1;backgroundOutline=1;size=12;", "#fff2cc", "#d6b656"},
    {ComponentKind::ShardRouter, "invtrapezium", "", "[/\"", "\"\\]",
     "shape=trapezoid;perimeter=trapezoidPerimeter;fixedSize=1;size=14;flipV=1;", "#d5e8d4",
     "#82b366"},
    {ComponentKind::Queue, "cds", "", "[[\"", "\"]]", "shape=process;", "#ffe6cc", "#d79b00"},
    {ComponentKind::Worker, "component", "", "[\\\"", "\"/]", "rounded=0;", "#ffe6cc", "#d79b00"},
    {ComponentKind::Monitor, "note", "", ">\"", "\"]", "shape=note;size=14;", "#e1d5e7", "#9673a6"},
};

// kLooks is indexed by kind: a kind added to the enum without a look here fails to compile.
constexpr bool looksFollowKinds()
{
    for (std::size_t i = 0; i < std::size(kLooks); ++i)
        if (static_cast<std::size_t>(kLooks[i].kind) != i)
            return false;
    return std::size(kLooks) == kComponentKindCount;
}
static_assert(looksFollowKinds(), "kLooks needs one entry per ComponentKind, in the enum's order");

const TypeLook &look(ComponentKind kind)
{
    return kLooks[static_cast<std::size_t>(kind)];
}

QString visibleText(const Component &c)
{
    return c.label.isEmpty() ? c.id : c.label;
}

QString latencyText(double ms)
{
    return QString::number(ms, 'g', 6) + QStringLiteral(" ms");
}

// "replication", "5 ms", "replication, 5 ms" or nothing.
QString linkText(const Link &link)
{
    QStringList parts;
    if (link.kind == Link::Kind::Replication)
        parts << QStringLiteral("replication");
    if (link.latencyMs > 0)
        parts << latencyText(link.latencyMs);
    return parts.join(QStringLiteral(", "));
}

// Regions in the model's order, then any region a component names that the list lacks (a model
// built in code may skip the list), each once.
QList<Region> usedRegions(const Model &model)
{
    QList<Region> regions = model.regions;
    QSet<QString> known;
    for (const Region &r : regions)
        known.insert(r.id);
    for (const Component &c : model.components)
        if (!c.region.isEmpty() && !known.contains(c.region)) {
            known.insert(c.region);
            regions.append(Region{c.region, {}});
        }
    return regions;
}

QString regionText(const Region &r)
{
    return r.label.isEmpty() ? r.id : r.label;
}

// ---- Graphviz ------------------------------------------------------------------------------

// A DOT quoted string: only the quote needs escaping for the parser; backslashes are doubled so
// that labels (where \n, \l, ... are escapes) show them as written.
QString dotQuoted(const QString &text)
{
    QString escaped;
    escaped.reserve(text.size() + 2);
    escaped += QLatin1Char('"');
    for (const QChar ch : text) {
        if (ch == QLatin1Char('"') || ch == QLatin1Char('\\'))
            escaped += QLatin1Char('\\');
        if (ch == QLatin1Char('\n'))
            escaped += QStringLiteral("\\n");
        else if (ch != QLatin1Char('\r'))
            escaped += ch;
    }
    escaped += QLatin1Char('"');
    return escaped;
}

QString dotNode(const Component &c, const QString &indent)
{
    const TypeLook &l = look(c.kind);
    // The label's line break is DOT's own \n escape, so it is put in after quoting the parts.
    QString label = dotQuoted(visibleText(c));
    label.chop(1);
    label += QStringLiteral("\\n") + dotQuoted(kindName(c.kind)).mid(1);
    return QStringLiteral("%1%2 [label=%3, shape=%4, style=\"filled%5\", fillcolor=\"%6\", "
                          "color=\"%7\"];\n")
        .arg(indent, dotQuoted(c.id), label, QLatin1String(l.dotShape), QLatin1String(l.dotStyle),
             QLatin1String(l.fill), QLatin1String(l.stroke));
}

QByteArray toDot(const Model &model)
{
    QString out;
    out += QStringLiteral("digraph scalelab {\n");
    out += QStringLiteral("    graph [rankdir=LR, fontname=\"Helvetica\"");
    if (!model.name.isEmpty())
        out += QStringLiteral(", label=%1, labelloc=t").arg(dotQuoted(model.name));
    out += QStringLiteral("];\n");
    out += QStringLiteral("    node [fontname=\"Helvetica\", fontsize=11];\n");
    out += QStringLiteral("    edge [fontname=\"Helvetica\", fontsize=9];\n");

    for (const Region &r : usedRegions(model)) {
        out += QStringLiteral("\n    subgraph %1 {\n")
                   .arg(dotQuoted(QStringLiteral("cluster_") + r.id));
        out += QStringLiteral("        label=%1;\n").arg(dotQuoted(regionText(r)));
        out += QStringLiteral("        style=\"rounded,dashed\";\n        color=\"#9aa0a6\";\n");
        for (const Component &c : model.components)
            if (c.region == r.id)
                out += dotNode(c, QStringLiteral("        "));
        out += QStringLiteral("    }\n");
    }
    out += QLatin1Char('\n');
    for (const Component &c : model.components)
        if (c.region.isEmpty())
            out += dotNode(c, QStringLiteral("    "));

    out += QLatin1Char('\n');
    for (const Link &link : model.links) {
        QStringList attributes;
        if (link.kind == Link::Kind::Replication)
            attributes << QStringLiteral("style=dashed");
        if (const QString text = linkText(link); !text.isEmpty())
            attributes << QStringLiteral("label=") + dotQuoted(text);
        out += QStringLiteral("    %1 -> %2").arg(dotQuoted(link.from), dotQuoted(link.to));
        if (!attributes.isEmpty())
            out += QStringLiteral(" [") + attributes.join(QStringLiteral(", ")) + QLatin1Char(']');
        out += QStringLiteral(";\n");
    }
    out += QStringLiteral("}\n");
    return out.toUtf8();
}

// ---- Mermaid -------------------------------------------------------------------------------

// Mermaid's own words cannot be node ids, and a leading digit confuses its parser.
bool needsPrefix(const QString &id)
{
    static const QStringList reserved = {
        QStringLiteral("end"),       QStringLiteral("graph"),      QStringLiteral("subgraph"),
        QStringLiteral("flowchart"), QStringLiteral("style"),      QStringLiteral("class"),
        QStringLiteral("classdef"),  QStringLiteral("click"),      QStringLiteral("linkstyle"),
        QStringLiteral("direction"), QStringLiteral("default"),    QStringLiteral("call"),
        QStringLiteral("href"),      QStringLiteral("interpolate")};
    return id.isEmpty() || id.front().isDigit() || reserved.contains(id.toLower());
}

// Mermaid ids are [A-Za-z0-9_]: everything else becomes _, and a clash gets _2, _3, ...
class MermaidIds {
public:
    QString assign(const QString &original, const QString &prefix)
    {
        QString id;
        id.reserve(original.size());
        for (const QChar ch : original) {
            const char16_t u = ch.unicode();
            const bool plain = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
                               (u >= '0' && u <= '9') || u == '_';
            id += plain ? ch : QLatin1Char('_');
        }
        if (!prefix.isEmpty() || needsPrefix(id))
            id.prepend(prefix.isEmpty() ? QStringLiteral("c_") : prefix);
        QString unique = id;
        for (int n = 2; m_taken.contains(unique.toLower()); ++n)
            unique = id + QLatin1Char('_') + QString::number(n);
        // Ids compare case-sensitively in Mermaid, but two ids differing only in case are easy
        // to confuse on the page, so they are kept apart too.
        m_taken.insert(unique.toLower());
        return unique;
    }

private:
    QSet<QString> m_taken;
};

// A label inside Mermaid's quotes: entity codes for what its parser or HTML would take.
QString mermaidText(const QString &text)
{
    QString escaped;
    for (const QChar ch : text) {
        switch (ch.unicode()) {
        case '#':
            escaped += QStringLiteral("#35;");
            break;
        case '"':
            escaped += QStringLiteral("#quot;");
            break;
        case '<':
            escaped += QStringLiteral("#lt;");
            break;
        case '>':
            escaped += QStringLiteral("#gt;");
            break;
        case '|':
            escaped += QStringLiteral("#124;");
            break;
        case '\n':
            escaped += QStringLiteral("<br/>");
            break;
        case '\r':
            break;
        default:
            escaped += ch;
        }
    }
    return escaped;
}

QByteArray toMermaid(const Model &model)
{
    MermaidIds ids;
    QHash<QString, QString> nodeId; // component id -> Mermaid id
    for (const Component &c : model.components)
        nodeId.insert(c.id, ids.assign(c.id, {}));

    QString out = QStringLiteral("flowchart LR\n");
    if (!model.name.isEmpty())
        out += QStringLiteral("    %% ") + QString(model.name).replace(QLatin1Char('\n'), u' ') +
               QLatin1Char('\n');
    const auto node = [&](const Component &c, const QString &indent) {
        const TypeLook &l = look(c.kind);
        QString line;
        const QString id = nodeId.value(c.id);
        // A label hides the id; when the Mermaid id is not the component's either, say whose.
        if (id != c.id && visibleText(c) != c.id)
            line += indent + QStringLiteral("%% ") + id + QStringLiteral(" is ") + c.id +
                    QLatin1Char('\n');
        line += indent + id + QLatin1String(l.mermaidOpen) + mermaidText(visibleText(c)) +
                QStringLiteral("<br/>") + mermaidText(kindName(c.kind)) +
                QLatin1String(l.mermaidClose) + QLatin1Char('\n');
        return line;
    };
    for (const Region &r : usedRegions(model)) {
        out += QStringLiteral("    subgraph %1 [\"%2\"]\n")
                   .arg(ids.assign(r.id, QStringLiteral("region_")), mermaidText(regionText(r)));
        for (const Component &c : model.components)
            if (c.region == r.id)
                out += node(c, QStringLiteral("        "));
        out += QStringLiteral("    end\n");
    }
    for (const Component &c : model.components)
        if (c.region.isEmpty())
            out += node(c, QStringLiteral("    "));
    for (const Link &link : model.links) {
        const QString arrow =
            link.kind == Link::Kind::Replication ? QStringLiteral("-.->") : QStringLiteral("-->");
        const QString text = linkText(link);
        out += QStringLiteral("    ") + nodeId.value(link.from) + QLatin1Char(' ') + arrow;
        if (!text.isEmpty()) // only letters, digits, commas and spaces: no quoting needed
            out += QLatin1Char('|') + text + QLatin1Char('|');
        out += QLatin1Char(' ') + nodeId.value(link.to) + QLatin1Char('\n');
    }
    return out.toUtf8();
}

// ---- diagrams.net --------------------------------------------------------------------------

constexpr double kWidth = 120;
constexpr double kHeight = 60;
constexpr double kColumnPitch = 190;
constexpr double kRowPitch = 100;
constexpr double kMargin = 40;
constexpr double kFramePad = 20;
constexpr double kFrameTitle = 30;

struct Box {
    double x = 0;
    double y = 0;
};

// Columns by the number of links from the nearest client (replicas one step right of their
// primary); components no link reaches sit in one more column. Region frames must not overlap,
// so each region gets a band of rows of its own, the components without a region first.
QList<Box> layeredPositions(const Model &model, const QList<int> &place, double top)
{
    const qsizetype n = model.components.size();
    QList<int> depth(n, -1);
    std::queue<int> frontier;
    for (qsizetype i = 0; i < n; ++i)
        if (model.components[i].kind == ComponentKind::Client) {
            depth[i] = 0;
            frontier.push(static_cast<int>(i));
        }
    if (frontier.empty()) { // no client: start where nothing leads in
        QSet<QString> reached;
        for (const Link &link : model.links)
            reached.insert(link.to);
        for (qsizetype i = 0; i < n; ++i)
            if (!reached.contains(model.components[i].id)) {
                depth[i] = 0;
                frontier.push(static_cast<int>(i));
            }
    }
    while (!frontier.empty()) {
        const int at = frontier.front();
        frontier.pop();
        for (const Link &link : model.links) {
            if (link.from != model.components[at].id)
                continue;
            const int next = model.indexOf(link.to);
            if (next >= 0 && depth[next] < 0) {
                depth[next] = depth[at] + 1;
                frontier.push(next);
            }
        }
    }
    const int deepest = n == 0 ? 0 : *std::max_element(depth.begin(), depth.end());
    for (int &d : depth)
        if (d < 0)
            d = deepest + 1;

    QStringList bands{QString()};
    for (const Region &r : usedRegions(model))
        bands << r.id;
    QList<Box> boxes(n);
    double bandTop = top;
    for (const QString &band : bands) {
        QHash<int, int> rowsInColumn;
        int rows = 0;
        for (qsizetype i = 0; i < n; ++i) {
            if (place[i] != 0 || model.components[i].region != band)
                continue;
            const int row = rowsInColumn[depth[i]]++;
            rows = std::max(rows, row + 1);
            boxes[i] = {kMargin + depth[i] * kColumnPitch,
                        bandTop + (band.isEmpty() ? 0 : kFrameTitle) + row * kRowPitch};
        }
        if (rows > 0)
            bandTop += (band.isEmpty() ? 0 : kFrameTitle) + rows * kRowPitch +
                       (band.isEmpty() ? 0 : 2 * kFramePad);
    }
    return boxes;
}

QString number(double x)
{
    return QString::number(qRound64(x));
}

void writeGeometry(QXmlStreamWriter &xml, double x, double y, double w, double h)
{
    xml.writeEmptyElement(QStringLiteral("mxGeometry"));
    xml.writeAttribute(QStringLiteral("x"), number(x));
    xml.writeAttribute(QStringLiteral("y"), number(y));
    xml.writeAttribute(QStringLiteral("width"), number(w));
    xml.writeAttribute(QStringLiteral("height"), number(h));
    xml.writeAttribute(QStringLiteral("as"), QStringLiteral("geometry"));
}

QByteArray toDrawio(const Model &model)
{
    // Positions: the model's layout where it has one; the others in layers below it.
    const qsizetype n = model.components.size();
    QList<int> place(n, 0); // 1: the model's layout places it
    QList<Box> boxes(n);
    double below = kMargin;
    for (qsizetype i = 0; i < n; ++i) {
        const auto it = model.layout.constFind(model.components[i].id);
        if (it == model.layout.constEnd())
            continue;
        place[i] = 1;
        boxes[i] = {it->x(), it->y()};
        below = std::max(below, it->y() + kHeight + 2 * kRowPitch);
    }
    const bool anyPlaced = std::find(place.begin(), place.end(), 1) != place.end();
    const QList<Box> layered = layeredPositions(model, place, anyPlaced ? below : kMargin);
    for (qsizetype i = 0; i < n; ++i)
        if (place[i] == 0)
            boxes[i] = layered[i];

    QByteArray bytes;
    QXmlStreamWriter xml(&bytes);
    xml.setAutoFormatting(true);
    xml.setAutoFormattingIndent(2);
    xml.writeStartDocument();
    xml.writeStartElement(QStringLiteral("mxfile"));
    xml.writeAttribute(QStringLiteral("host"), QStringLiteral("ScaleLab"));
    xml.writeStartElement(QStringLiteral("diagram"));
    xml.writeAttribute(QStringLiteral("id"), QStringLiteral("scalelab"));
    xml.writeAttribute(QStringLiteral("name"),
                       model.name.isEmpty() ? QStringLiteral("Architecture") : model.name);
    xml.writeStartElement(QStringLiteral("mxGraphModel"));
    for (const auto &[key, value] : {std::pair{"grid", "1"},
                                     {"gridSize", "10"},
                                     {"guides", "1"},
                                     {"tooltips", "1"},
                                     {"connect", "1"},
                                     {"arrows", "1"},
                                     {"fold", "1"},
                                     {"page", "0"},
                                     {"math", "0"},
                                     {"shadow", "0"}})
        xml.writeAttribute(QLatin1String(key), QLatin1String(value));
    xml.writeStartElement(QStringLiteral("root"));
    xml.writeEmptyElement(QStringLiteral("mxCell"));
    xml.writeAttribute(QStringLiteral("id"), QStringLiteral("0"));
    xml.writeEmptyElement(QStringLiteral("mxCell"));
    xml.writeAttribute(QStringLiteral("id"), QStringLiteral("1"));
    xml.writeAttribute(QStringLiteral("parent"), QStringLiteral("0"));

    // Region frames first, so they lie behind the components. They are plain shapes rather than
    // containers, so every component stays one cell of the layer however the frames move.
    for (const Region &r : usedRegions(model)) {
        double left = 0, topY = 0, right = 0, bottom = 0;
        bool any = false;
        for (qsizetype i = 0; i < n; ++i) {
            if (model.components[i].region != r.id)
                continue;
            const Box &b = boxes[i];
            left = any ? std::min(left, b.x) : b.x;
            topY = any ? std::min(topY, b.y) : b.y;
            right = any ? std::max(right, b.x + kWidth) : b.x + kWidth;
            bottom = any ? std::max(bottom, b.y + kHeight) : b.y + kHeight;
            any = true;
        }
        if (!any)
            continue;
        xml.writeStartElement(QStringLiteral("mxCell"));
        xml.writeAttribute(QStringLiteral("id"), QStringLiteral("region:") + r.id);
        xml.writeAttribute(QStringLiteral("value"), regionText(r));
        xml.writeAttribute(QStringLiteral("style"),
                           QStringLiteral("rounded=1;arcSize=3;whiteSpace=wrap;dashed=1;"
                                          "fillColor=#f8f9fa;strokeColor=#9aa0a6;"
                                          "verticalAlign=top;align=left;spacingLeft=8;"
                                          "fontStyle=1;connectable=0;"));
        xml.writeAttribute(QStringLiteral("vertex"), QStringLiteral("1"));
        xml.writeAttribute(QStringLiteral("parent"), QStringLiteral("1"));
        writeGeometry(xml, left - kFramePad, topY - kFrameTitle, right - left + 2 * kFramePad,
                      bottom - topY + kFrameTitle + kFramePad);
        xml.writeEndElement();
    }

    for (qsizetype i = 0; i < n; ++i) {
        const Component &c = model.components[i];
        const TypeLook &l = look(c.kind);
        xml.writeStartElement(QStringLiteral("mxCell"));
        xml.writeAttribute(QStringLiteral("id"), QStringLiteral("component:") + c.id);
        xml.writeAttribute(QStringLiteral("value"),
                           visibleText(c) + QLatin1Char('\n') + kindName(c.kind));
        xml.writeAttribute(QStringLiteral("tooltip"), c.id);
        xml.writeAttribute(QStringLiteral("style"),
                           QLatin1String(l.drawioShape) +
                               QStringLiteral("whiteSpace=wrap;fillColor=%1;strokeColor=%2;")
                                   .arg(QLatin1String(l.fill), QLatin1String(l.stroke)));
        xml.writeAttribute(QStringLiteral("vertex"), QStringLiteral("1"));
        xml.writeAttribute(QStringLiteral("parent"), QStringLiteral("1"));
        writeGeometry(xml, boxes[i].x, boxes[i].y, kWidth, kHeight);
        xml.writeEndElement();
    }

    for (qsizetype i = 0; i < model.links.size(); ++i) {
        const Link &link = model.links[i];
        xml.writeStartElement(QStringLiteral("mxCell"));
        xml.writeAttribute(QStringLiteral("id"), QStringLiteral("link:%1").arg(i));
        xml.writeAttribute(QStringLiteral("value"), linkText(link));
        xml.writeAttribute(QStringLiteral("style"),
                           QStringLiteral("edgeStyle=orthogonalEdgeStyle;rounded=1;endArrow=block;"
                                          "fontSize=9;") +
                               (link.kind == Link::Kind::Replication
                                    ? QStringLiteral("dashed=1;strokeColor=#b85450;")
                                    : QString()));
        xml.writeAttribute(QStringLiteral("edge"), QStringLiteral("1"));
        xml.writeAttribute(QStringLiteral("parent"), QStringLiteral("1"));
        xml.writeAttribute(QStringLiteral("source"), QStringLiteral("component:") + link.from);
        xml.writeAttribute(QStringLiteral("target"), QStringLiteral("component:") + link.to);
        xml.writeEmptyElement(QStringLiteral("mxGeometry"));
        xml.writeAttribute(QStringLiteral("relative"), QStringLiteral("1"));
        xml.writeAttribute(QStringLiteral("as"), QStringLiteral("geometry"));
        xml.writeEndElement();
    }
    xml.writeEndDocument(); // closes root, mxGraphModel, diagram and mxfile
    return bytes;
}

struct FormatName {
    DiagramFormat format;
    const char *name;
};

// --format names and the extensions that imply them; the first of each is the canonical one.
constexpr FormatName kNames[] = {
    {DiagramFormat::Png, "png"},         {DiagramFormat::Svg, "svg"},
    {DiagramFormat::Pdf, "pdf"},         {DiagramFormat::Dot, "dot"},
    {DiagramFormat::Mermaid, "mermaid"}, {DiagramFormat::Drawio, "drawio"},
    {DiagramFormat::Json, "json"},       {DiagramFormat::Dot, "graphviz"},
    {DiagramFormat::Dot, "gv"},          {DiagramFormat::Mermaid, "mmd"},
};
constexpr FormatName kExtensions[] = {
    {DiagramFormat::Png, "png"},         {DiagramFormat::Svg, "svg"},
    {DiagramFormat::Pdf, "pdf"},         {DiagramFormat::Dot, "dot"},
    {DiagramFormat::Dot, "gv"},          {DiagramFormat::Mermaid, "mmd"},
    {DiagramFormat::Mermaid, "mermaid"}, {DiagramFormat::Drawio, "drawio"},
    {DiagramFormat::Drawio, "xml"},      {DiagramFormat::Json, "json"},
};

} // namespace

std::optional<DiagramFormat> diagramFormatFromName(const QString &name)
{
    for (const FormatName &f : kNames)
        if (name.compare(QLatin1String(f.name), Qt::CaseInsensitive) == 0)
            return f.format;
    return std::nullopt;
}

std::optional<DiagramFormat> diagramFormatFromFileName(const QString &fileName)
{
    const QString suffix = QFileInfo(fileName).suffix();
    for (const FormatName &f : kExtensions)
        if (suffix.compare(QLatin1String(f.name), Qt::CaseInsensitive) == 0)
            return f.format;
    return std::nullopt;
}

QString diagramFormatName(DiagramFormat format)
{
    for (const FormatName &f : kNames)
        if (f.format == format)
            return QLatin1String(f.name);
    return {};
}

QStringList diagramFormatNames()
{
    return {QStringLiteral("png"), QStringLiteral("svg"),     QStringLiteral("pdf"),
            QStringLiteral("dot"), QStringLiteral("mermaid"), QStringLiteral("drawio"),
            QStringLiteral("json")};
}

bool needsCanvas(DiagramFormat format)
{
    return format == DiagramFormat::Png || format == DiagramFormat::Svg ||
           format == DiagramFormat::Pdf;
}

QByteArray exportDiagram(const Model &model, DiagramFormat format, QString *error)
{
    switch (format) {
    case DiagramFormat::Dot:
        return toDot(model);
    case DiagramFormat::Mermaid:
        return toMermaid(model);
    case DiagramFormat::Drawio:
        return toDrawio(model);
    case DiagramFormat::Json:
        return serializeModel(model);
    case DiagramFormat::Png:
    case DiagramFormat::Svg:
    case DiagramFormat::Pdf:
        break;
    }
    if (error)
        *error = QStringLiteral("%1 export draws the canvas: the diagram renderer writes it, "
                                "not the model layer")
                     .arg(diagramFormatName(format));
    return {};
}

} // namespace scalelab::model
