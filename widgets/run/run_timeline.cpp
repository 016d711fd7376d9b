#include "widgets/run/run_timeline.h"

#include <QHelpEvent>
#include <QJsonValue>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace scalelab::widgets {

namespace {

constexpr double kHitRadius = 4; // how close to a mark the pointer must be for its tooltip

QString seconds(double s)
{
    return QStringLiteral("%1 s").arg(QString::number(s, 'g', 6));
}

// "fail web (instance 2)", "slow db × 3", "partition us and eu"
QString describe(const model::ScenarioEvent &e)
{
    QString text = e.action + QLatin1Char(' ') + e.target;
    const QJsonValue with = e.parameters.value(QStringLiteral("with"));
    if (with.isString())
        text += QStringLiteral(" and ") + with.toString();
    for (auto it = e.parameters.constBegin(); it != e.parameters.constEnd(); ++it) {
        if (it.key() == QLatin1String("with"))
            continue;
        text += QStringLiteral(", %1 %2").arg(it.key(), it.value().isDouble()
                                                            ? QString::number(it.value().toDouble())
                                                            : it.value().toString());
    }
    return text;
}

QColor actionColour(const QString &action)
{
    if (action == QLatin1String("fail") || action == QLatin1String("partition"))
        return QColor(0xb0, 0x3a, 0x3a);
    if (action == QLatin1String("recover") || action == QLatin1String("heal"))
        return QColor(0x2f, 0x85, 0x4c);
    return QColor(0x3f, 0x55, 0x66);
}

} // namespace

RunTimeline::RunTimeline(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("runTimeline"));
    setAccessibleName(QStringLiteral("Run timeline"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

QSize RunTimeline::sizeHint() const
{
    return {260, 22};
}

QSize RunTimeline::minimumSizeHint() const
{
    return {120, 22};
}

void RunTimeline::setSpan(double durationS, double warmupS)
{
    m_durationS = std::max(0.0, durationS);
    m_warmupS = std::clamp(warmupS, 0.0, m_durationS);
    update();
}

void RunTimeline::setScenarioEvents(const QList<model::ScenarioEvent> &events)
{
    m_events = events;
    update();
}

void RunTimeline::setNow(double nowS)
{
    if (nowS == m_nowS)
        return;
    m_nowS = nowS;
    update();
}

void RunTimeline::setSaturations(const QList<double> &atS)
{
    if (atS == m_saturations)
        return;
    m_saturations = atS;
    update();
}

QRectF RunTimeline::track() const
{
    return QRectF(4, height() / 2.0 - 4, std::max(1, width() - 8), 8);
}

double RunTimeline::xOf(double atS) const
{
    const QRectF t = track();
    if (m_durationS <= 0)
        return t.left();
    return t.left() + t.width() * std::clamp(atS / m_durationS, 0.0, 1.0);
}

QString RunTimeline::describeAt(int x) const
{
    QStringList lines;
    for (const double at : m_saturations)
        if (std::abs(xOf(at) - x) <= kHitRadius)
            lines << QStringLiteral("%1: the system saturates").arg(seconds(at));
    for (const model::ScenarioEvent &e : m_events)
        if (std::abs(xOf(e.atS) - x) <= kHitRadius)
            lines << QStringLiteral("%1: %2").arg(seconds(e.atS), describe(e));
    if (!lines.isEmpty())
        return lines.join(QLatin1Char('\n'));
    if (m_durationS <= 0)
        return {};
    if (m_warmupS > 0 && x <= xOf(m_warmupS))
        return QStringLiteral("Warm-up until %1: its statistics are dropped from the results")
            .arg(seconds(m_warmupS));
    return QStringLiteral("%1 of %2 simulated").arg(seconds(m_nowS), seconds(m_durationS));
}

bool RunTimeline::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString text = describeAt(help->pos().x());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

void RunTimeline::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF t = track();
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(0xe2, 0xe7, 0xeb));
    painter.drawRoundedRect(t, 3, 3);
    if (m_durationS > 0) {
        // The warm-up: hatched, as its figures do not count.
        if (m_warmupS > 0) {
            const QRectF warm(t.left(), t.top(), xOf(m_warmupS) - t.left(), t.height());
            painter.setBrush(QColor(0xc9, 0xd2, 0xd9));
            painter.drawRoundedRect(warm, 3, 3);
            painter.setBrush(QBrush(QColor(0xa6, 0xb3, 0xbd), Qt::BDiagPattern));
            painter.drawRect(warm);
        }
        const QRectF done(t.left(), t.top(), xOf(m_nowS) - t.left(), t.height());
        painter.setBrush(QColor(0x2d, 0x7d, 0xd2, 170));
        painter.drawRoundedRect(done, 3, 3);
        for (const model::ScenarioEvent &e : m_events) {
            const double x = xOf(e.atS);
            QPolygonF tick;
            tick << QPointF(x, t.bottom() - 1) << QPointF(x - 3.5, t.bottom() + 5)
                 << QPointF(x + 3.5, t.bottom() + 5);
            painter.setBrush(actionColour(e.action));
            painter.drawPolygon(tick);
            painter.setPen(QPen(actionColour(e.action), 1));
            painter.drawLine(QPointF(x, t.top()), QPointF(x, t.bottom()));
            painter.setPen(Qt::NoPen);
        }
        painter.setPen(QPen(QColor(0xd6, 0x25, 0x25), 2.5));
        for (const double at : m_saturations) {
            const double x = xOf(at);
            painter.drawLine(QPointF(x, t.top() - 4), QPointF(x, t.bottom() + 4));
        }
        // The clock's hand.
        painter.setPen(QPen(QColor(0x1f, 0x3a, 0x4d), 1.5));
        const double now = xOf(m_nowS);
        painter.drawLine(QPointF(now, t.top() - 3), QPointF(now, t.bottom() + 3));
    }
}

} // namespace scalelab::widgets
