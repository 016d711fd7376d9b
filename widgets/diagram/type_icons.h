#pragma once

#include <QIcon>
#include <QString>

class QSvgRenderer;

namespace scalelab::diagram {

// The SVG drawn for each component type (assets/icons, compiled in), parsed once per type and
// shared by every item on the canvas and every palette row.
class TypeIcons {
public:
    // The renderer for `type` ("web_server"), or for "app"/"region"; never null (an unknown type
    // gets an empty renderer that draws nothing).
    static QSvgRenderer *renderer(const QString &type);
    static QIcon icon(const QString &type);
};

} // namespace scalelab::diagram
