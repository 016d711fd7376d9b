#include "region_painter.h"

#include "type_icons.h"

#include <QPainter>
#include <QSvgRenderer>

namespace scalelab::diagram {

QString RegionPainter::title(const QString &id, const QString &label)
{
    return QStringLiteral("Region %1").arg(label.isEmpty() ? id : label);
}

void RegionPainter::paint(QPainter *painter, const QRectF &frame, const QString &title)
{
    painter->setRenderHint(QPainter::Antialiasing);
    QPen pen(QColor(0x5f, 0x7f, 0x90), 1.4, Qt::DashLine);
    painter->setPen(pen);
    painter->setBrush(QColor(0xe9, 0xef, 0xf3, 150));
    painter->drawRoundedRect(frame, 14, 14);
    const QRectF icon(frame.left() + 10, frame.top() + 6, 20, 20);
    TypeIcons::renderer(QStringLiteral("region"))->render(painter, icon);
    QFont font = painter->font();
    font.setBold(true);
    font.setPointSizeF(9);
    painter->setFont(font);
    painter->setPen(QColor(0x2f, 0x48, 0x58));
    painter->drawText(QRectF(icon.right() + 6, icon.top(), 300, icon.height()),
                      Qt::AlignLeft | Qt::AlignVCenter, title);
}

} // namespace scalelab::diagram
