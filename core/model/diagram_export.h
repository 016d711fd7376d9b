#pragma once

#include "model.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace scalelab::model {

// What `scalelab export` writes. The text formats describe the architecture as a graph for other
// tools (Graphviz, Mermaid, diagrams.net) or as the model file itself; the picture formats draw
// what the canvas shows, so the diagram library renders them (widgets/diagram/diagram_renderer.h),
// not this one.
enum class DiagramFormat { Dot, Mermaid, Drawio, Json, Png, Svg, Pdf };

// "dot", "mermaid", ... (case-insensitive; "graphviz" and "gv" mean dot, "mmd" mermaid).
std::optional<DiagramFormat> diagramFormatFromName(const QString &name);
// By the output file's extension: .dot/.gv, .mmd/.mermaid, .drawio/.xml, .json, .png, .svg, .pdf.
std::optional<DiagramFormat> diagramFormatFromFileName(const QString &fileName);
QString diagramFormatName(DiagramFormat format); // the name --format takes
QStringList diagramFormatNames();                // every name --format takes, in the usage order
bool needsCanvas(DiagramFormat format);          // png, svg and pdf draw the workbench's canvas

// The model as a diagram in `format`: every component (its id, type, label or id as the visible
// text, and region) and every link (request links solid, replication links dashed and labelled
// "replication", the link latency shown when it is above zero). The same model always gives the
// same bytes: everything follows the model's order. Returns an empty array and sets `error` for a
// format that needs the canvas.
QByteArray exportDiagram(const Model &model, DiagramFormat format, QString *error = nullptr);

} // namespace scalelab::model
