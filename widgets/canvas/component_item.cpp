#include "widgets/canvas/component_item.h"

#include "widgets/canvas/canvas_scene.h"
#include "widgets/canvas/link_item.h"
#include "widgets/diagram/component_painter.h"

#include "model/component_kind.h"

#include <QFontMetricsF>
#include <QGraphicsSimpleTextItem>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <algorithm>
#include <cmath>

namespace scalelab::widgets {

namespace {

using diagram::ComponentPainter;

QString number(double value, int decimals)
{
    return QString::number(value, 'f', decimals);
}

QString rate(double rps)
{
    if (!(rps > 0))
        return QStringLiteral("0 rps");
    if (rps < 10)
        return number(rps, 1) + QStringLiteral(" rps");
    if (rps < 999.5)
        return number(rps, 0) + QStringLiteral(" rps");
    if (rps < 9999.5)
        return number(rps / 1e3, 1) + QStringLiteral(" k rps");
    if (rps < 999999.5)
        return number(rps / 1e3, 0) + QStringLiteral(" k rps");
    return number(rps / 1e6, 1) + QStringLiteral(" M rps");
}

// A share as a percentage with as many decimals as it needs to read as more than nothing.
QString share(double fraction)
{
    const double percent = fraction * 100;
    if (percent >= 9.95)
        return number(percent, 0);
    if (percent >= 0.995)
        return number(percent, 1);
    if (percent >= 0.01)
        return number(percent, 2);
    return QStringLiteral("<0.01");
}

// A count that may run into millions (a queue of a saturated tier): "7.5", "340", "12 k", "1.6 M".
QString count(double n)
{
    if (n < 9.95)
        return number(n, 1);
    if (n < 999.5)
        return number(n, 0);
    if (n < 9999.5)
        return number(n / 1e3, 1) + QStringLiteral(" k");
    if (n < 999999.5)
        return number(n / 1e3, 0) + QStringLiteral(" k");
    return number(n / 1e6, 1) + QStringLiteral(" M");
}

QString milliseconds(double ms)
{
    if (ms >= 1000)
        return number(ms / 1000, 1) + QStringLiteral(" s");
    return number(ms, ms < 10 ? 1 : 0) + QStringLiteral(" ms");
}

// The "SPOF" badge: its own item so that its tooltip says why, apart from the component's.
class SpofBadge : public QGraphicsItem {
public:
    explicit SpofBadge(QGraphicsItem *parent) : QGraphicsItem(parent) {}
    QRectF boundingRect() const override { return ComponentPainter::spofBadgeRect(); }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *) override
    {
        ComponentPainter::paintSpofBadge(
            painter, ComponentPainter::textReadableAt(
                         option->levelOfDetailFromTransform(painter->worldTransform())));
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

QColor ComponentItem::utilizationColour(double u)
{
    // Green while calm, blending to amber from 60 % and to red at saturation: a queue grows
    // quickly past 80 %, so the change of colour is steepest there.
    const QColor calm(0x35, 0xa0, 0x5a), busy(0xf0, 0x95, 0x1d), saturated(0xd6, 0x45, 0x45);
    const auto blend = [](const QColor &a, const QColor &b, double t) {
        t = std::clamp(t, 0.0, 1.0);
        return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
                                float(a.greenF() + (b.greenF() - a.greenF()) * t),
                                float(a.blueF() + (b.blueF() - a.blueF()) * t));
    };
    if (!(u >= 0.6))
        return calm;
    if (u < 0.8)
        return blend(calm, busy, (u - 0.6) / 0.2);
    return blend(busy, saturated, (u - 0.8) / 0.15);
}

void ComponentItem::setLive(const sim::ComponentSample &sample, bool bottleneck)
{
    LiveFigures f;
    f.sample = sample;
    f.bottleneck = bottleneck;
    if (!std::isnan(sample.utilization))
        f.utilization =
            number(std::clamp(sample.utilization, 0.0, 9.99) * 100, 0) + QStringLiteral(" %");
    if (!std::isnan(sample.throughputRps))
        f.throughput = rate(sample.throughputRps);
    // What the component's own mechanism measures, where it has one: every pool counts its
    // powered instances and every database its lag, but only an autoscaled tier and a replica
    // have a story to tell with them.
    QStringList mechanism;
    if (!std::isnan(sample.hitRatio))
        mechanism << QStringLiteral("hit %1 %").arg(share(sample.hitRatio));
    if (!std::isnan(sample.lagMs) && m_component.text(QStringLiteral("role")) == "replica")
        mechanism << QStringLiteral("lag ") + milliseconds(sample.lagMs);
    if (!std::isnan(sample.backlog))
        mechanism << QStringLiteral("backlog %1")
                         .arg(sample.backlog < 9.95 ? number(sample.backlog, 0)
                                                    : count(sample.backlog));
    if (!std::isnan(sample.instances) &&
        m_component.parameters.contains(QStringLiteral("autoscale"))) {
        const long n = std::lround(sample.instances);
        mechanism << (n == 1 ? QStringLiteral("1 instance")
                             : QStringLiteral("%1 instances").arg(n));
    }
    f.mechanism = mechanism.join(QStringLiteral(" · "));
    if (sample.queueLength >= 0.05)
        f.queue = QStringLiteral("q ") + count(sample.queueLength);
    if (sample.instancesUp <= 0)
        f.status = QStringLiteral("failed");
    else if (sample.instancesUp < sample.instanceCount)
        f.status = QStringLiteral("%1/%2 up").arg(sample.instancesUp).arg(sample.instanceCount);
    if (sample.errorRate > 0)
        f.errors = QStringLiteral("%1 % errors").arg(share(sample.errorRate));
    // While a run is shown the link animation repaints around the items every frame: keep the
    // painted item (an SVG icon and its figures) as a pixmap, so that costs a copy, not a
    // redraw. Not while editing, where printing and exporting want the drawing itself.
    if (!m_live)
        setCacheMode(DeviceCoordinateCache);
    m_live = std::move(f);
    updateToolTips();
    update();
}

void ComponentItem::clearLive()
{
    if (!m_live)
        return;
    m_live.reset();
    setCacheMode(NoCache);
    updateToolTips();
    update();
}

double ComponentItem::predictedUtilization() const
{
    return ComponentPainter::predictedUtilization(m_estimate ? &*m_estimate : nullptr);
}

QPointF ComponentItem::snapped(QPointF position)
{
    return {std::round(position.x() / kGrid) * kGrid, std::round(position.y() / kGrid) * kGrid};
}

QString ComponentItem::caption() const
{
    return ComponentPainter::caption(m_component);
}

void ComponentItem::updateToolTips()
{
    QString tip = QStringLiteral("<b>%1</b> — %2")
                      .arg(caption().toHtmlEscaped(),
                           model::translatedSpecText(model::kindSpec(m_component.kind).type.title)
                               .toHtmlEscaped());
    if (!m_component.region.isEmpty())
        tip += QStringLiteral(" in region %1").arg(m_component.region.toHtmlEscaped());
    if (m_live) {
        const LiveFigures &f = *m_live;
        const sim::ComponentSample &x = f.sample;
        if (!f.status.isEmpty())
            tip += QStringLiteral("<br><b>%1</b>").arg(f.status);
        if (!f.utilization.isEmpty())
            tip += QStringLiteral("<br>Measured utilisation %1").arg(f.utilization);
        if (!f.throughput.isEmpty())
            tip += QStringLiteral("<br>Throughput %1").arg(f.throughput);
        if (!std::isnan(x.queueLength))
            tip += QStringLiteral("<br>Queue %1 waiting on average").arg(x.queueLength, 0, 'f', 1);
        if (!std::isnan(x.meanResponseMs))
            tip += QStringLiteral("<br>Mean time there %1").arg(milliseconds(x.meanResponseMs));
        if (!f.errors.isEmpty())
            tip += QStringLiteral("<br>%1").arg(f.errors);
        if (!f.mechanism.isEmpty())
            tip += QStringLiteral("<br>%1").arg(f.mechanism);
        if (f.bottleneck)
            tip += QStringLiteral("<br><b>Limits the system now</b>");
        setToolTip(tip);
        m_badge->setToolTip(QStringLiteral("<b>Single point of failure</b><br>%1")
                                .arg(m_spofReason.toHtmlEscaped()));
        return;
    }
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

namespace {

// The metrics of the name as ComponentPainter draws it, so that the clickable shape matches.
const QFontMetricsF &nameMetrics()
{
    static const QFontMetricsF metrics = [] {
        QFont font;
        font.setPixelSize(ComponentPainter::kNamePixels);
        return QFontMetricsF(font);
    }();
    return metrics;
}

} // namespace

QRectF ComponentItem::boundingRect() const
{
    return ComponentPainter::boundingRect();
}

QPainterPath ComponentItem::shape() const
{
    QPainterPath path;
    path.addRect(ComponentPainter::frameRect());
    const QRectF label = ComponentPainter::labelRect();
    const double width =
        std::min(label.width(), nameMetrics().horizontalAdvance(caption()) + 8);
    path.addRect(QRectF(-width / 2, label.top(), width, label.height()));
    return path;
}

void ComponentItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    painter->setRenderHint(QPainter::Antialiasing);
    if (option->state & QStyle::State_Selected) {
        painter->setPen(QPen(QColor(0x2d, 0x7d, 0xd2), 1.5));
        painter->setBrush(QColor(0x2d, 0x7d, 0xd2, 40));
        painter->drawRoundedRect(QRectF(-44, -32, 88, 90), 8, 8);
    }
    // Zoomed out past where text reads, the icon and its load colour say enough.
    const bool text = ComponentPainter::textReadableAt(
        option->levelOfDetailFromTransform(painter->worldTransform()));
    if (m_live)
        paintLive(painter, text);
    else
        ComponentPainter::paintEstimate(painter, m_component.kind, caption(),
                                        predictedUtilization(), m_bottleneck, text);
}

void ComponentItem::paintLive(QPainter *painter, bool text)
{
    const LiveFigures &f = *m_live;
    const sim::ComponentSample &x = f.sample;
    const QRectF frame = ComponentPainter::frameRect();
    const bool failed = x.instancesUp <= 0;
    const double u = x.utilization;
    // Utilisation as the colour behind the icon, so a glance finds the hot parts.
    if (!std::isnan(u) && !failed) {
        QColor fill = utilizationColour(u);
        fill.setAlpha(70);
        painter->setPen(Qt::NoPen);
        painter->setBrush(fill);
        painter->drawRoundedRect(frame, 8, 8);
    }
    if (f.bottleneck)
        ComponentPainter::paintBottleneckFrame(painter,
                                               ComponentPainter::loadColour(std::isnan(u) ? 0 : u));
    if (failed) {
        painter->setOpacity(0.3);
        ComponentPainter::paintIcon(painter, m_component.kind);
        painter->setOpacity(1);
        painter->setPen(QPen(QColor(0xd6, 0x25, 0x25), 4, Qt::SolidLine, Qt::RoundCap));
        const QRectF cross = ComponentPainter::iconRect().adjusted(6, 6, -6, -6);
        painter->drawLine(cross.topLeft(), cross.bottomRight());
        painter->drawLine(cross.topRight(), cross.bottomLeft());
    } else {
        ComponentPainter::paintIcon(painter, m_component.kind);
    }
    if (!text)
        return;

    const QColor halo(0xfb, 0xfc, 0xfd, 215);
    ComponentPainter::paintCaption(painter, caption(), halo,
                                   failed ? QColor(0x8a, 0x99, 0xa3) : QColor(0x2f, 0x48, 0x58));

    ComponentPainter::setTextPixels(painter, ComponentPainter::kFigurePixels);
    const QFontMetricsF small(painter->font());
    constexpr double kLine = ComponentPainter::kFigurePixels + 3;
    // A line of small text centred under the icon, on a halo where links pass.
    const auto line = [&](double top, const QString &words, const QColor &colour) {
        const QString shown = small.elidedText(words, Qt::ElideRight, 150);
        const double width = small.horizontalAdvance(shown) + 6;
        const QRectF box(-width / 2, top, width, kLine);
        painter->setPen(Qt::NoPen);
        painter->setBrush(halo);
        painter->drawRoundedRect(box, 3, 3);
        painter->setPen(colour);
        painter->drawText(box, Qt::AlignCenter, shown);
    };
    if (!std::isnan(u)) {
        ComponentPainter::paintLoadBar(painter, u, utilizationColour(u));
        ComponentPainter::paintLoadBarText(painter, f.utilization,
                                           u >= 0.95 ? QColor(0xc0, 0x30, 0x30)
                                                     : QColor(0x3d, 0x55, 0x66));
    }
    const QRectF bar = ComponentPainter::loadBarRect();
    QString figures = f.throughput;
    if (!f.mechanism.isEmpty())
        figures += (figures.isEmpty() ? QString() : QStringLiteral(" · ")) + f.mechanism;
    if (!figures.isEmpty())
        line(bar.bottom() + 2, figures, QColor(0x2f, 0x48, 0x58));
    if (!f.errors.isEmpty())
        line(bar.bottom() + 3 + kLine, f.errors, QColor(0xc0, 0x30, 0x30));

    // The waiting line as a small gauge left of the icon, on a log scale: one waiting shows,
    // a thousand fills it.
    if (!std::isnan(x.queueLength)) {
        const QRectF gauge(-38, -22, 5, 44);
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0xe2, 0xe7, 0xeb));
        painter->drawRoundedRect(gauge, 2, 2);
        const double level =
            std::clamp(std::log10(1 + std::max(0.0, x.queueLength)) / 3.0, 0.0, 1.0);
        if (level > 0) {
            QRectF filled = gauge;
            filled.setTop(gauge.bottom() - gauge.height() * level);
            painter->setBrush(level > 0.66 ? QColor(0xd6, 0x45, 0x45) : QColor(0x4a, 0x78, 0xa8));
            painter->drawRoundedRect(filled, 2, 2);
        }
        if (!f.queue.isEmpty()) {
            const double width = small.horizontalAdvance(f.queue) + 6;
            const QRectF box(gauge.left() - 3 - width, gauge.bottom() - kLine, width, kLine);
            painter->setBrush(halo);
            painter->drawRoundedRect(box, 3, 3);
            painter->setPen(QColor(0x3d, 0x55, 0x66));
            painter->drawText(box, Qt::AlignCenter, f.queue);
        }
    }
    if (!f.status.isEmpty()) {
        // A pill at the top left, facing the SPOF badge: failed in red, degraded in amber.
        ComponentPainter::setTextPixels(painter, ComponentPainter::kFigurePixels, true);
        const double width = QFontMetricsF(painter->font()).horizontalAdvance(f.status) + 8;
        const QRectF pill(-12 - width, -34, width, 15);
        painter->setPen(Qt::NoPen);
        painter->setBrush(failed ? QColor(0xd6, 0x45, 0x45) : QColor(0xf0, 0x95, 0x1d));
        painter->drawRoundedRect(pill, 4, 4);
        painter->setPen(Qt::white);
        painter->drawText(pill, Qt::AlignCenter, f.status);
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
