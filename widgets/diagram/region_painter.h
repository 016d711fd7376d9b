#pragma once

#include <QRectF>
#include <QString>

class QPainter;

namespace scalelab::diagram {

// How a region is drawn, in scene coordinates: a dashed, lightly filled frame around its
// components with the region's icon and name at its top left. Shared by the exported diagram
// and the canvas.
class RegionPainter {
public:
    static QRectF boundingRect(const QRectF &frame) { return frame.adjusted(-2, -2, 2, 2); }
    // "Region eu": the label, or the id when the region has none.
    static QString title(const QString &id, const QString &label);
    static void paint(QPainter *painter, const QRectF &frame, const QString &title);
};

} // namespace scalelab::diagram
