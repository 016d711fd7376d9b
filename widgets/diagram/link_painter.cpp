#include "link_painter.h"

#include <QPainter>

namespace scalelab::diagram {

namespace {

constexpr double kEndGap = 32; // from a component's centre to where its links end

} // namespace

QLineF LinkPainter::line(QPointF from, QPointF to)
{
    const QLineF centres(from, to);
    if (centres.length() <= 2 * kEndGap)
        return {};
    const QPointF step = (centres.p2() - centres.p1()) / centres.length();
    return {centres.p1() + step * kEndGap, centres.p2() - step * kEndGap};
}

QPointF LinkPainter::arrowBase(const QLineF &line)
{
    const QPointF direction = (line.p2() - line.p1()) / line.length();
    return line.p2() - direction * kArrowSize;
}

QRectF LinkPainter::boundingRect(const QLineF &line)
{
    return QRectF(line.p1(), line.p2())
        .normalized()
        .adjusted(-kArrowSize, -kArrowSize, kArrowSize, kArrowSize);
}

void LinkPainter::paint(QPainter *painter, const QLineF &line, model::Link::Kind kind,
                        bool selected)
{
    if (line.isNull())
        return;
    painter->setRenderHint(QPainter::Antialiasing);
    const bool replication = kind == model::Link::Kind::Replication;
    QColor colour = replication ? QColor(0xf0, 0x95, 0x1d) : QColor(0x7a, 0x8e, 0x9a);
    if (selected)
        colour = QColor(0x2d, 0x7d, 0xd2);
    QPen pen(colour, selected ? 2.5 : 1.6);
    if (replication)
        pen.setStyle(Qt::DashLine);
    painter->setPen(pen);
    const QPointF direction = (line.p2() - line.p1()) / line.length();
    const QPointF tip = line.p2();
    const QPointF base = arrowBase(line);
    painter->drawLine(line.p1(), base);
    const QPointF normal(-direction.y(), direction.x());
    QPolygonF arrow;
    arrow << tip << base + normal * kArrowSize * 0.5 << base - normal * kArrowSize * 0.5;
    painter->setPen(Qt::NoPen);
    painter->setBrush(colour);
    painter->drawPolygon(arrow);
}

} // namespace scalelab::diagram
