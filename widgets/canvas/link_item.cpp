#include "widgets/canvas/link_item.h"

#include "widgets/canvas/component_item.h"
#include "widgets/diagram/link_painter.h"

#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>

#include <algorithm>
#include <cmath>

namespace scalelab::widgets {

namespace {

using diagram::LinkPainter;

constexpr double kDotRadius = 2.6;

} // namespace

LinkItem::LinkItem(ComponentItem *from, ComponentItem *to, model::Link::Kind kind)
    : m_from(from), m_to(to), m_kind(kind)
{
    setFlags(ItemIsSelectable);
    setZValue(0);
    m_from->attach(this);
    m_to->attach(this);
    setToolTip(kind == model::Link::Kind::Replication
                   ? QStringLiteral("Replication %1 → %2").arg(from->id(), to->id())
                   : QStringLiteral("Requests %1 → %2").arg(from->id(), to->id()));
    adjust();
}

LinkItem::~LinkItem()
{
    m_from->detach(this);
    m_to->detach(this);
}

void LinkItem::adjust()
{
    prepareGeometryChange();
    m_line = LinkPainter::line(m_from->pos(), m_to->pos());
}

void LinkItem::setFlow(double rps, double calleeResponseMs)
{
    const double flow = rps > 0 && std::isfinite(rps) ? rps : 0;
    const QColor colour = latencyColour(calleeResponseMs);
    if (flow == m_flowRps && colour == m_flowColour)
        return;
    m_flowRps = flow;
    m_flowColour = colour;
    update();
}

double LinkItem::dotSpacing() const
{
    // Dots per 100 scene units: 0.5 at 1 request a second, one more for every factor of ten
    // less a tenth, 5 (the cap) at 100,000 and above.
    const double density = std::clamp(0.5 + 0.9 * std::log10(std::max(1.0, m_flowRps)), 0.5, 5.0);
    return 100 / density;
}

void LinkItem::setTravel(double travel)
{
    m_travel = travel;
    if (m_flowRps > 0)
        update();
}

QColor LinkItem::latencyColour(double ms)
{
    // Blue under a millisecond, through green and yellow, to red at a second and beyond: a log
    // scale, as latencies in one system span several orders of magnitude.
    if (!(ms >= 0))
        return QColor(0x5f, 0x7f, 0x90);
    const double t = std::clamp(std::log10(std::max(ms, 1e-3)) / 3.0, 0.0, 1.0);
    return QColor::fromHsvF(float((1 - t) * 200.0 / 360.0), 0.8f, t > 0.5 ? 0.88f : 0.78f);
}

QRectF LinkItem::boundingRect() const
{
    return LinkPainter::boundingRect(m_line);
}

QPainterPath LinkItem::shape() const
{
    QPainterPath path(m_line.p1());
    path.lineTo(m_line.p2());
    QPainterPathStroker stroker;
    stroker.setWidth(10);
    return stroker.createStroke(path);
}

void LinkItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    if (m_line.isNull())
        return;
    LinkPainter::paint(painter, m_line, m_kind, option->state & QStyle::State_Selected);
    if (m_flowRps > 0 && m_kind != model::Link::Kind::Replication) {
        const QPointF direction = (m_line.p2() - m_line.p1()) / m_line.length();
        const double length = QLineF(m_line.p1(), LinkPainter::arrowBase(m_line)).length();
        const double spacing = dotSpacing();
        painter->setPen(Qt::NoPen);
        painter->setBrush(m_flowColour);
        for (double at = std::fmod(m_travel, spacing); at < length; at += spacing)
            painter->drawEllipse(m_line.p1() + direction * at, kDotRadius, kDotRadius);
    }
}

} // namespace scalelab::widgets
