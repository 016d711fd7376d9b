#include "widgets/canvas/trace_highlight.h"

#include "widgets/canvas/canvas_scene.h"
#include "widgets/canvas/component_item.h"

#include <QFontMetricsF>
#include <QPainter>

#include <cmath>

namespace scalelab::widgets {

namespace {

// The trace's own colour: warm, so it reads apart from the grey links, the blue selection and the
// load colours of a run.
const QColor kTrace(0xe8, 0x59, 0x0c);
constexpr double kEndGap = 32;  // as the links: from a component's centre to a link's end
constexpr double kMargin = 120; // room for the caption and the glow around the path

} // namespace

TraceHighlight::TraceHighlight()
{
    setZValue(50); // above links and components: an outline, not a fill, so nothing is hidden
    setAcceptedMouseButtons(Qt::NoButton);
    setAcceptHoverEvents(false);
    setFlag(ItemHasNoContents, false);
}

void TraceHighlight::setPath(const QList<QPair<QString, QString>> &hops, const QString &current,
                             const QString &caption)
{
    prepareGeometryChange();
    m_hops = hops;
    m_current = current;
    m_caption = caption;
    m_bounds = computeBounds();
    update();
}

QStringList TraceHighlight::visited() const
{
    QStringList ids;
    for (const auto &hop : m_hops) {
        if (!ids.contains(hop.first))
            ids << hop.first;
        if (!ids.contains(hop.second))
            ids << hop.second;
    }
    if (!m_current.isEmpty() && !ids.contains(m_current))
        ids << m_current;
    return ids;
}

bool TraceHighlight::centreOf(const QString &id, QPointF *centre) const
{
    const auto *canvas = qobject_cast<const CanvasScene *>(scene());
    const ComponentItem *item = canvas ? canvas->componentItem(id) : nullptr;
    if (!item)
        return false;
    *centre = item->pos();
    return true;
}

QRectF TraceHighlight::computeBounds() const
{
    QRectF bounds;
    for (const QString &id : visited()) {
        QPointF c;
        if (centreOf(id, &c))
            bounds |= QRectF(c - QPointF(kMargin, kMargin), QSizeF(2 * kMargin, 2 * kMargin));
    }
    return bounds;
}

QRectF TraceHighlight::boundingRect() const
{
    return m_bounds;
}

QPainterPath TraceHighlight::shape() const
{
    return {};
}

void TraceHighlight::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    painter->setRenderHint(QPainter::Antialiasing);
    // The links taken, each once, numbered by when the request first took them.
    QList<QPair<QString, QString>> drawn;
    QFont small = painter->font();
    small.setPixelSize(diagram::ComponentPainter::kFigurePixels);
    small.setBold(true);
    for (const auto &hop : m_hops) {
        if (drawn.contains(hop))
            continue;
        drawn << hop;
        QPointF a, b;
        if (!centreOf(hop.first, &a) || !centreOf(hop.second, &b))
            continue;
        const QLineF centres(a, b);
        if (centres.length() <= 2 * kEndGap)
            continue;
        const QPointF step = (b - a) / centres.length();
        const QLineF line(a + step * kEndGap, b - step * kEndGap);
        QColor glow = kTrace;
        glow.setAlpha(90);
        painter->setPen(QPen(glow, 7, Qt::SolidLine, Qt::RoundCap));
        painter->drawLine(line);
        // The hop's number in a disc at the middle of the link.
        const QPointF mid = line.center();
        painter->setPen(Qt::NoPen);
        painter->setBrush(kTrace);
        painter->drawEllipse(mid, 8, 8);
        painter->setPen(Qt::white);
        painter->setFont(small);
        painter->drawText(QRectF(mid - QPointF(8, 8), QSizeF(16, 16)), Qt::AlignCenter,
                          QString::number(drawn.size()));
    }
    // The components reached: an outline around the icon.
    // Round the icon, its name, its load bar and gauges, so that the outline crosses no text.
    const QRectF ring(-54, -40, 108, 100);
    painter->setBrush(Qt::NoBrush);
    for (const QString &id : visited()) {
        QPointF c;
        if (id == m_current || !centreOf(id, &c))
            continue;
        painter->setPen(QPen(kTrace, 2, Qt::DashLine));
        painter->drawRoundedRect(ring.translated(c), 8, 8);
    }
    // Where the request is now: a glow of widening rings and a caption above.
    QPointF c;
    if (m_current.isEmpty() || !centreOf(m_current, &c))
        return;
    for (int i = 4; i >= 1; --i) {
        QColor glow = kTrace;
        glow.setAlpha(40);
        painter->setPen(QPen(glow, 2.0 * i));
        painter->drawRoundedRect(ring.translated(c).adjusted(-i, -i, i, i), 10, 10);
    }
    painter->setPen(QPen(kTrace, 3));
    painter->drawRoundedRect(ring.translated(c), 8, 8);
    if (m_caption.isEmpty())
        return;
    QFont font = painter->font();
    font.setPixelSize(diagram::ComponentPainter::kNamePixels);
    font.setBold(true);
    painter->setFont(font);
    const QFontMetricsF metrics(font);
    const double width = metrics.horizontalAdvance(m_caption) + 12;
    const QRectF box(c.x() - width / 2, c.y() + ring.top() - metrics.height() - 10, width,
                     metrics.height() + 4);
    painter->setPen(Qt::NoPen);
    painter->setBrush(kTrace);
    painter->drawRoundedRect(box, 4, 4);
    painter->setPen(Qt::white);
    painter->drawText(box, Qt::AlignCenter, m_caption);
}

} // namespace scalelab::widgets
