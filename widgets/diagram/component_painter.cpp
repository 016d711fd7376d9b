#include "component_painter.h"

#include "type_icons.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QSvgRenderer>

#include <algorithm>
#include <cmath>

namespace scalelab::diagram {

namespace {

const QColor kTrack(0xe2, 0xe7, 0xeb);
const QColor kHalo(0xfb, 0xfc, 0xfd, 210);
const QColor kInk(0x2f, 0x48, 0x58);

} // namespace

QColor ComponentPainter::loadColour(double utilization)
{
    if (utilization >= 1)
        return QColor(0xd6, 0x45, 0x45);
    if (utilization >= 0.7)
        return QColor(0xf0, 0x95, 0x1d);
    return QColor(0x35, 0xa0, 0x5a);
}

void ComponentPainter::setTextPixels(QPainter *painter, int pixels, bool bold)
{
    QFont font = painter->font();
    font.setPixelSize(pixels);
    font.setBold(bold);
    painter->setFont(font);
}

void ComponentPainter::paintEstimate(QPainter *painter, model::ComponentKind kind,
                                     const QString &caption, double utilization, bool bottleneck,
                                     bool text)
{
    painter->setRenderHint(QPainter::Antialiasing);
    // The busiest component by the bottleneck law, in the colour of its load: red once it nears
    // saturation, but not alarming when the whole system idles.
    if (bottleneck)
        paintBottleneckFrame(painter, loadColour(utilization));
    if (!text && utilization >= 0) {
        // Too small to read a bar's figure: the load colour fills the frame instead.
        QColor fill = loadColour(utilization);
        fill.setAlpha(90);
        painter->setPen(Qt::NoPen);
        painter->setBrush(fill);
        painter->drawRoundedRect(frameRect(), 8, 8);
    }
    paintIcon(painter, kind);
    if (!text)
        return;
    paintCaption(painter, caption, kHalo, kInk);
    if (utilization < 0)
        return;
    paintLoadBar(painter, utilization, loadColour(utilization));
    setTextPixels(painter, kFigurePixels);
    const QString percent = !std::isfinite(utilization) || utilization >= 10
                                ? QStringLiteral(">999%")
                                : QStringLiteral("%1%").arg(utilization * 100, 0, 'f', 0);
    paintLoadBarText(painter, percent,
                     utilization >= 1 ? loadColour(utilization) : QColor(0x5f, 0x7f, 0x90));
}

void ComponentPainter::paintBottleneckFrame(QPainter *painter, const QColor &colour)
{
    painter->setPen(QPen(colour, 2.5));
    painter->setBrush(Qt::NoBrush);
    painter->drawRoundedRect(frameRect(), 8, 8);
}

void ComponentPainter::paintIcon(QPainter *painter, model::ComponentKind kind)
{
    // The icons are assets named after the types (assets/icons/web_server.svg).
    TypeIcons::renderer(model::kindName(kind))->render(painter, iconRect());
}

void ComponentPainter::paintCaption(QPainter *painter, const QString &caption, const QColor &halo,
                                    const QColor &ink)
{
    setTextPixels(painter, kNamePixels);
    const QFontMetricsF metrics(painter->font());
    const QRectF label = labelRect();
    const QString text = metrics.elidedText(caption, Qt::ElideMiddle, label.width());
    const double textWidth = metrics.horizontalAdvance(text) + 6;
    painter->setPen(Qt::NoPen);
    painter->setBrush(halo);
    painter->drawRoundedRect(QRectF(-textWidth / 2, label.top() + 1, textWidth, label.height() - 2),
                             3, 3);
    painter->setPen(ink);
    painter->drawText(label, Qt::AlignHCenter | Qt::AlignVCenter, text);
}

void ComponentPainter::paintLoadBar(QPainter *painter, double fraction, const QColor &fill)
{
    const QRectF bar = loadBarRect();
    painter->setPen(Qt::NoPen);
    painter->setBrush(kTrack);
    painter->drawRoundedRect(bar, 2, 2);
    painter->setBrush(fill);
    QRectF filled = bar;
    filled.setWidth(bar.width() * std::clamp(fraction, 0.0, 1.0));
    painter->drawRoundedRect(filled, 2, 2);
}

void ComponentPainter::paintLoadBarText(QPainter *painter, const QString &text, const QColor &ink)
{
    const QRectF bar = loadBarRect();
    painter->setPen(ink);
    painter->drawText(QRectF(bar.right() + 3, bar.center().y() - 7, 44, 14),
                      Qt::AlignLeft | Qt::AlignVCenter, text);
}

void ComponentPainter::paintSpofBadge(QPainter *painter, bool text)
{
    const QRectF badge = spofBadgeRect();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(0xd6, 0x45, 0x45));
    painter->drawRoundedRect(badge, 4, 4);
    if (!text)
        return;
    setTextPixels(painter, kFigurePixels, true);
    painter->setPen(Qt::white);
    painter->drawText(badge, Qt::AlignCenter, QStringLiteral("SPOF"));
}

} // namespace scalelab::diagram
