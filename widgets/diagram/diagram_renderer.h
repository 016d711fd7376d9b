#pragma once

#include "model/diagram_export.h"
#include "model/model.h"

#include <QString>

class QIODevice;

namespace scalelab::diagram {

// The picture exports (png, svg, pdf): the model drawn as the workbench's canvas shows it while
// editing, through the same painters (icons, names, regions, links, the analytic load bars and
// badges), on a white page cropped to the diagram. Components without a position get the
// auto-layout, as when the workbench opens the file. Needs a QGuiApplication (the offscreen
// platform will do) but no widgets; returns false and sets `error` on failure, or for a format
// that is not a picture.
bool renderDiagram(const model::Model &model, model::DiagramFormat format, QIODevice *device,
                   QString *error = nullptr);
// The same into a file, written atomically: a failed export leaves no partial file.
bool renderDiagramToFile(const model::Model &model, model::DiagramFormat format,
                         const QString &path, QString *error = nullptr);

} // namespace scalelab::diagram
