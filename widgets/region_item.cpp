#include "region_item.h"

#include "diagram/type_icons.h"

#include <QPainter>
#include <QSvgRenderer>

namespace scalelab::widgets {

RegionItem::RegionItem(const QString &id, const QString &label) : m_id(id), m_label(label)
{
    setZValue(-10);
    setToolTip(QStringLiteral("Region %1").arg(label.isEmpty() ? id : label));
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
    return m_frame.adjusted(-2, -2, 2, 2);
}

void RegionItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    painter->setRenderHint(QPainter::Antialiasing);
    QPen pen(QColor(0x5f, 0x7f, 0x90), 1.4, Qt::DashLine);
    painter->setPen(pen);
    painter->setBrush(QColor(0xe9, 0xef, 0xf3, 150));
    painter->drawRoundedRect(m_frame, 14, 14);
    const QRectF icon(m_frame.left() + 10, m_frame.top() + 6, 20, 20);
    TypeIcons::renderer(QStringLiteral("region"))->render(painter, icon);
    QFont font = painter->font();
    font.setBold(true);
    font.setPointSizeF(9);
    painter->setFont(font);
    painter->setPen(QColor(0x2f, 0x48, 0x58));
    painter->drawText(QRectF(icon.right() + 6, icon.top(), 300, icon.height()),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      QStringLiteral("Region %1").arg(m_label.isEmpty() ? m_id : m_label));
}

} // namespace scalelab::widgets
