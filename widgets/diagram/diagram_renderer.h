#pragma once

#include "model/diagram_export.h"
#include "model/model.h"

#include <QString>

class QIODevice;

namespace scalelab::widgets {

// The picture exports (png, svg, pdf): the model drawn offscreen by the same canvas items the
// workbench shows, icons, labels and the analytic load bars included, on a white page cropped to
// the diagram. Components without a position get the auto-layout, as when the workbench opens
// the file. Needs a QApplication (the offscreen platform will do); returns false and sets
// `error` on failure, or for a format that is not a picture.
bool renderDiagram(const model::Model &model, model::DiagramFormat format, QIODevice *device,
                   QString *error = nullptr);
// The same into a file, written atomically: a failed export leaves no partial file.
bool renderDiagramToFile(const model::Model &model, model::DiagramFormat format,
                         const QString &path, QString *error = nullptr);

} // namespace scalelab::widgets
