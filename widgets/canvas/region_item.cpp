#include "widgets/canvas/region_item.h"

#include "widgets/diagram/region_painter.h"

namespace scalelab::widgets {

RegionItem::RegionItem(const QString &id, const QString &label) : m_id(id), m_label(label)
{
    setZValue(-10);
    setToolTip(diagram::RegionPainter::title(id, label));
}

void RegionItem::setFrame(const QRectF &frame)
{
    if (frame == m_frame)
        return;
    prepareGeometryChange();
    m_frame = frame;
    setVisible(!frame.isEmpty());
}

QRectF RegionItem::boundingRect() const
{
    return diagram::RegionPainter::boundingRect(m_frame);
}

void RegionItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    diagram::RegionPainter::paint(painter, m_frame, diagram::RegionPainter::title(m_id, m_label));
}

} // namespace scalelab::widgets
