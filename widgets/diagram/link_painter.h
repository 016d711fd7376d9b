#pragma once

#include "model/model.h"

#include <QLineF>
#include <QRectF>

class QPainter;

namespace scalelab::diagram {

// How a link is drawn, in scene coordinates: an arrow from the caller's edge to the callee's,
// grey and solid for requests, amber and dashed for a replication stream. Shared by the exported
// diagram and the canvas, so the two draw the same arrows.
class LinkPainter {
public:
    static constexpr double kArrowSize = 9;

    // From edge to edge of two components whose centres are at `from` and `to`; a null line when
    // they are too close for an arrow between them.
    static QLineF line(QPointF from, QPointF to);
    // Where the arrow head's base sits on `line` (not null): the shaft ends there.
    static QPointF arrowBase(const QLineF &line);
    static QRectF boundingRect(const QLineF &line);
    // Draws nothing for a null line. `selected` is the canvas's highlight: blue and thicker.
    static void paint(QPainter *painter, const QLineF &line, model::Link::Kind kind,
                      bool selected = false);
};

} // namespace scalelab::diagram
