#include "component_item.h"

#include "canvas_scene.h"
#include "link_item.h"
#include "type_icons.h"

#include "model/parameter_table.h"

#include <QFontMetricsF>
#include <QGraphicsSimpleTextItem>
#include <QPainter>
#include <QStyleOptionGraphicsItem>
#include <QSvgRenderer>

#include <cmath>

namespace scalelab::widgets {

namespace {

const QRectF kLabelRect(-75, 27, 150, 16);
const QRectF kBarRect(-28, 47, 56, 5);

QColor loadColour(double utilization)
{
    if (utilization >= 1)
        return QColor(0xd6, 0x45, 0x45);
    if (utilization >= 0.7)
        return QColor(0xf0, 0x95, 0x1d);
    return QColor(0x35, 0xa0, 0x5a);
}

// The "SPOF" badge: its own item so that its tooltip says why, apart from the component's.
class SpofBadge : public QGraphicsItem {
public:
    explicit SpofBadge(QGraphicsItem *parent) : QGraphicsItem(parent) {}
    QRectF boundingRect() const override { return {12, -34, 36, 15}; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *) override
    {
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0xd6, 0x45, 0x45));
        painter->drawRoundedRect(boundingRect(), 4, 4);
        QFont font = painter->font();
        font.setPointSizeF(7);
        font.setBold(true);
        painter->setFont(font);
        painter->setPen(Qt::white);
        painter->drawText(boundingRect(), Qt::AlignCenter, QStringLiteral("SPOF"));
    }
};

} // namespace

ComponentItem::ComponentItem(const model::Component &component) : m_component(component)
{
    setFlags(ItemIsSelectable | ItemIsMovable | ItemSendsGeometryChanges);
    setAcceptHoverEvents(true);
    setZValue(1);
    m_badge = new SpofBadge(this);
    m_badge->setVisible(false);
    updateToolTips();
}

void ComponentItem::setComponent(const model::Component &component)
{
    m_component = component;
    updateToolTips();
    update();
}

void ComponentItem::setEstimate(const std::optional<model::ComponentEstimate> &estimate,
                                bool bottleneck, const QString &spofReason)
{
    m_estimate = estimate;
    m_bottleneck = bottleneck;
    m_spofReason = spofReason;
    m_badge->setVisible(!spofReason.isEmpty());
    updateToolTips();
    update();
}

double ComponentItem::predictedUtilization() const
{
    return m_estimate && m_estimate->servers > 0 ? m_estimate->utilization : -1;
}

QPointF ComponentItem::snapped(QPointF position)
{
    return {std::round(position.x() / kGrid) * kGrid, std::round(position.y() / kGrid) * kGrid};
}

QString ComponentItem::caption() const
{
    return m_component.label.isEmpty() ? m_component.id : m_component.label;
}

void ComponentItem::updateToolTips()
{
    const model::ComponentTypeSpec *spec = model::componentType(m_component.type);
    QString tip =
        QStringLiteral("<b>%1</b> — %2")
            .arg(caption().toHtmlEscaped(), spec ? spec->title.toHtmlEscaped() : m_component.type);
    if (!m_component.region.isEmpty())
        tip += QStringLiteral(" in region %1").arg(m_component.region.toHtmlEscaped());
    if (m_estimate && m_estimate->servers > 0)
        tip += QStringLiteral("<br>Predicted utilisation %1 % at %2 requests/s "
                              "(saturates at %3 requests/s)")
                   .arg(m_estimate->utilization * 100, 0, 'f', 0)
                   .arg(m_estimate->arrivalRps, 0, 'f', 0)
                   .arg(m_estimate->capacityRps, 0, 'f', 0);
    else if (m_estimate && m_estimate->arrivalRps > 0)
        tip += QStringLiteral("<br>Predicted load %1 requests/s")
                   .arg(m_estimate->arrivalRps, 0, 'f', 0);
    if (m_estimate && m_estimate->hitRatio >= 0)
        tip += QStringLiteral("<br>Predicted hit ratio %1 %")
                   .arg(m_estimate->hitRatio * 100, 0, 'f', 1);
    if (m_bottleneck)
        tip += QStringLiteral("<br><b>Predicted bottleneck</b>");
    if (m_estimate && !m_estimate->note.isEmpty())
        tip += QStringLiteral("<br><i>%1</i>").arg(m_estimate->note.toHtmlEscaped());
    setToolTip(tip);
    m_badge->setToolTip(
        QStringLiteral("<b>Single point of failure</b><br>%1").arg(m_spofReason.toHtmlEscaped()));
}

QRectF ComponentItem::boundingRect() const
{
    return {-76, -36, 152, 96};
}

QPainterPath ComponentItem::shape() const
{
    QPainterPath path;
    path.addRect(iconRect().adjusted(-6, -6, 6, 6));
    const double width =
        std::min(kLabelRect.width(), QFontMetricsF(QFont()).horizontalAdvance(caption()) + 8);
    path.addRect(QRectF(-width / 2, kLabelRect.top(), width, kLabelRect.height()));
    return path;
}

void ComponentItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    painter->setRenderHint(QPainter::Antialiasing);
    const QRectF frame = iconRect().adjusted(-6, -6, 6, 6);
    if (option->state & QStyle::State_Selected) {
        painter->setPen(QPen(QColor(0x2d, 0x7d, 0xd2), 1.5));
        painter->setBrush(QColor(0x2d, 0x7d, 0xd2, 40));
        painter->drawRoundedRect(QRectF(-44, -32, 88, 90), 8, 8);
    }
    if (m_bottleneck) {
        // The busiest component by the bottleneck law, in the colour of its load: red once it
        // nears saturation, but not alarming when the whole system idles.
        painter->setPen(QPen(loadColour(predictedUtilization()), 2.5));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(frame, 8, 8);
    }
    TypeIcons::renderer(m_component.type)->render(painter, iconRect());

    QFont font = painter->font();
    font.setPointSizeF(8.5);
    painter->setFont(font);
    const QString text =
        QFontMetricsF(font).elidedText(caption(), Qt::ElideMiddle, kLabelRect.width());
    // A halo keeps the name readable where links pass under it.
    const double textWidth = QFontMetricsF(font).horizontalAdvance(text) + 6;
    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(0xfb, 0xfc, 0xfd, 210));
    painter->drawRoundedRect(
        QRectF(-textWidth / 2, kLabelRect.top() + 1, textWidth, kLabelRect.height() - 2), 3, 3);
    painter->setPen(QColor(0x2f, 0x48, 0x58));
    painter->drawText(kLabelRect, Qt::AlignHCenter | Qt::AlignVCenter, text);

    const double u = predictedUtilization();
    if (u >= 0) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0xe2, 0xe7, 0xeb));
        painter->drawRoundedRect(kBarRect, 2, 2);
        painter->setBrush(loadColour(u));
        QRectF filled = kBarRect;
        filled.setWidth(kBarRect.width() * std::clamp(u, 0.0, 1.0));
        painter->drawRoundedRect(filled, 2, 2);
        font.setPointSizeF(7);
        painter->setFont(font);
        painter->setPen(u >= 1 ? loadColour(u) : QColor(0x5f, 0x7f, 0x90));
        const QString percent = !std::isfinite(u) || u >= 10
                                    ? QStringLiteral(">999%")
                                    : QStringLiteral("%1%").arg(u * 100, 0, 'f', 0);
        painter->drawText(QRectF(kBarRect.right() + 3, kBarRect.center().y() - 7, 44, 14),
                          Qt::AlignLeft | Qt::AlignVCenter, percent);
    }
}

QVariant ComponentItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemPositionChange)
        return snapped(value.toPointF());
    if (change == ItemPositionHasChanged) {
        for (LinkItem *link : std::as_const(m_links))
            link->adjust();
        if (auto *canvas = qobject_cast<CanvasScene *>(scene()))
            canvas->componentItemMoved(this);
    }
    return QGraphicsItem::itemChange(change, value);
}

} // namespace scalelab::widgets
