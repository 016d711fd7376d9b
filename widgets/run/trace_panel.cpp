#include "widgets/run/trace_panel.h"

#include "widgets/canvas/canvas_scene.h"

#include "run/simulation_controller.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHelpEvent>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QSplitter>
#include <QToolTip>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace scalelab::widgets {

namespace {

// Waiting is amber, working is blue, and what a component spends waiting on others is pale: the
// eye finds the queueing first, which is what a learner is looking for.
const QColor kQueueing(0xf0, 0x9a, 0x1d);
const QColor kService(0x2d, 0x7d, 0xd2);
const QColor kWaiting(0xdd, 0xe4, 0xe9);
const QColor kFailed(0xd6, 0x45, 0x45);

constexpr int kLegendHeight = 22;
constexpr int kRowHeight = 22;
constexpr int kBarHeight = 12;
constexpr int kAxisHeight = 26;
constexpr int kIndent = 10;
constexpr int kDurationWidth = 74; // room right of the bars for "12.63 ms…"

bool isSet(double value)
{
    return !std::isnan(value);
}

QString ms(double value)
{
    const double a = std::abs(value);
    return QString::number(value, 'f',
                           a >= 100  ? 0
                           : a >= 10 ? 1
                           : a >= 1  ? 2
                                     : 3) +
           QStringLiteral(" ms");
}

// 1, 2 or 5 times a power of ten: about `target` ticks on the axis.
double tickStep(double span, int target)
{
    const double raw = span / std::max(target, 1);
    const double power = std::pow(10, std::floor(std::log10(raw)));
    for (const double m : {1.0, 2.0, 5.0, 10.0})
        if (m * power >= raw)
            return m * power;
    return 10 * power;
}

QString labelOf(const run::TraceSpan &span, const QHash<QString, int> &instances)
{
    if (instances.value(span.component, 1) > 1)
        return QStringLiteral("%1 #%2").arg(span.component).arg(span.instance + 1);
    return span.component;
}

QString hopText(const run::TraceHop &hop)
{
    return hop.from + QStringLiteral(" → ") + hop.to +
           (hop.isReply ? QStringLiteral(" (reply)") : QString());
}

} // namespace

// ---- the waterfall --------------------------------------------------------------------------

WaterfallView::WaterfallView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("traceWaterfall"));
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

void WaterfallView::setTrace(std::shared_ptr<const run::Trace> trace, double nowS,
                             const QHash<QString, int> &instances)
{
    m_trace = std::move(trace);
    m_nowS = nowS;
    m_instances = instances;
    rebuildRows();
    updateGeometry();
    update();
}

void WaterfallView::setNow(double nowS)
{
    if (nowS == m_nowS)
        return;
    m_nowS = nowS;
    if (m_trace && !m_trace->finished) {
        rebuildRows();
        update();
    }
}

void WaterfallView::clear()
{
    setTrace(nullptr, 0);
}

void WaterfallView::rebuildRows()
{
    m_rows.clear();
    m_axisEndMs = 1;
    if (!m_trace)
        return;
    const run::Trace &t = *m_trace;
    const double nowMs = std::max(0.0, (m_nowS - t.startS) * 1000);
    double end = isSet(t.endS) ? (t.endS - t.startS) * 1000 : nowMs;
    for (const run::TraceSpan &span : t.spans) {
        Row row;
        row.label = labelOf(span, m_instances);
        row.depth = span.depth;
        row.startMs = (span.arrivedS - t.startS) * 1000;
        row.open = !isSet(span.leftS);
        // A request still on its way there has not arrived: its bar starts and ends at arrival.
        row.endMs = row.open ? std::max(row.startMs, nowMs) : (span.leftS - t.startS) * 1000;
        if (isSet(span.serviceStartS)) {
            row.queueMs = span.queueingS() * 1000;
            row.serviceMs = span.serviceS * 1000;
        }
        row.ok = span.ok;
        end = std::max({end, row.endMs, row.startMs + row.queueMs + row.serviceMs});
        m_rows << row;
    }
    m_axisEndMs = end > 0 ? end : 1;
}

double WaterfallView::labelWidth() const
{
    const QFontMetrics metrics(font());
    int widest = 40;
    for (const Row &row : m_rows)
        widest = std::max(widest, row.depth * kIndent + metrics.horizontalAdvance(row.label));
    return std::min<double>(widest + 12, width() * 0.45);
}

double WaterfallView::xOf(double valueMs) const
{
    const double left = labelWidth();
    const double right = width() - kDurationWidth;
    return left + (right - left) * std::clamp(valueMs / m_axisEndMs, 0.0, 1.0);
}

QRectF WaterfallView::barRect(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return {};
    const Row &r = m_rows.at(row);
    const double y = kLegendHeight + row * kRowHeight + (kRowHeight - kBarHeight) / 2.0;
    const double x0 = xOf(r.startMs);
    return QRectF(x0, y, std::max(xOf(r.endMs) - x0, 1.0), kBarHeight);
}

QSize WaterfallView::sizeHint() const
{
    return QSize(340, kLegendHeight +
                          std::max<int>(3, static_cast<int>(m_rows.size())) * kRowHeight +
                          kAxisHeight + 4);
}

QSize WaterfallView::minimumSizeHint() const
{
    return QSize(220, kLegendHeight + kRowHeight + kAxisHeight);
}

void WaterfallView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    p.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics metrics(font());

    // The legend.
    double x = 6;
    const auto key = [&](const QColor &colour, const QString &text) {
        p.setPen(Qt::NoPen);
        p.setBrush(colour);
        p.drawRect(QRectF(x, 6, 12, 10));
        p.setPen(palette().color(QPalette::Text));
        p.drawText(QPointF(x + 16, 6 + metrics.ascent() - 1), text);
        x += 16 + metrics.horizontalAdvance(text) + 12;
    };
    key(kQueueing, QStringLiteral("queueing"));
    key(kService, QStringLiteral("service"));
    key(kWaiting, QStringLiteral("calls below and links"));

    if (m_rows.isEmpty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(8, kLegendHeight, -8, 0), Qt::AlignCenter | Qt::TextWordWrap,
                   QStringLiteral("No request traced yet"));
        return;
    }

    const double axisY = kLegendHeight + m_rows.size() * kRowHeight + 4;
    const double left = xOf(0), right = xOf(m_axisEndMs);
    // Grid lines under the bars, at the axis' ticks.
    const double step = tickStep(m_axisEndMs, std::max(2, static_cast<int>((right - left) / 70)));
    p.setPen(QPen(QColor(0xec, 0xef, 0xf1), 1));
    for (double t = 0; t <= m_axisEndMs + step * 1e-6; t += step)
        p.drawLine(QPointF(xOf(t), kLegendHeight), QPointF(xOf(t), axisY));

    for (int i = 0; i < m_rows.size(); ++i) {
        const Row &r = m_rows.at(i);
        const double rowTop = kLegendHeight + i * kRowHeight;
        p.setPen(r.ok ? palette().color(QPalette::Text) : kFailed);
        p.drawText(QRectF(4 + r.depth * kIndent, rowTop, left - 8 - r.depth * kIndent, kRowHeight),
                   Qt::AlignVCenter | Qt::AlignLeft,
                   metrics.elidedText(r.label, Qt::ElideRight,
                                      static_cast<int>(left - 8 - r.depth * kIndent)));
        const QRectF bar = barRect(i);
        p.setPen(Qt::NoPen);
        p.setBrush(kWaiting);
        p.drawRect(bar);
        const double queueEnd = std::min(r.startMs + r.queueMs, r.endMs);
        const double serviceEnd = std::min(r.startMs + r.queueMs + r.serviceMs, r.endMs);
        if (r.queueMs > 0) {
            p.setBrush(kQueueing);
            p.drawRect(QRectF(QPointF(xOf(r.startMs), bar.top()),
                              QPointF(std::max(xOf(queueEnd), xOf(r.startMs) + 1), bar.bottom())));
        }
        if (r.serviceMs > 0 && serviceEnd > queueEnd) {
            p.setBrush(kService);
            p.drawRect(QRectF(QPointF(xOf(queueEnd), bar.top()),
                              QPointF(std::max(xOf(serviceEnd), xOf(queueEnd) + 1), bar.bottom())));
        }
        if (!r.ok) {
            p.setPen(QPen(kFailed, 1.5));
            p.setBrush(Qt::NoBrush);
            p.drawRect(bar);
        }
        // How long it stayed, after the bar; an open one is still counting.
        p.setPen(palette().color(QPalette::Text));
        const QString stay = ms(r.endMs - r.startMs) + (r.open ? QStringLiteral("…") : QString());
        p.drawText(QRectF(bar.right() + 4, rowTop, width() - bar.right() - 4, kRowHeight),
                   Qt::AlignVCenter | Qt::AlignLeft, stay);
    }

    // The axis, in milliseconds since the request left its client.
    p.setPen(QPen(palette().color(QPalette::Mid), 1));
    p.drawLine(QPointF(left, axisY), QPointF(right, axisY));
    p.setPen(palette().color(QPalette::Text));
    for (double t = 0; t <= m_axisEndMs + step * 1e-6; t += step) {
        const double tx = xOf(t);
        p.drawLine(QPointF(tx, axisY), QPointF(tx, axisY + 4));
        const QString text = QString::number(t, 'g', 4);
        const double w = metrics.horizontalAdvance(text);
        p.drawText(QPointF(std::clamp(tx - w / 2, 0.0, width() - w), axisY + 5 + metrics.ascent()),
                   text);
    }
    const QString unit = QStringLiteral("ms");
    p.drawText(QPointF(right + 6, axisY + 5 + metrics.ascent()), unit);
}

QString WaterfallView::toolTipFor(int row) const
{
    const Row &r = m_rows.at(row);
    const run::TraceSpan &span = m_trace->spans.at(row);
    QString text = QStringLiteral("<b>%1</b>").arg(span.component.toHtmlEscaped());
    const int count = m_instances.value(span.component, 1);
    if (count > 1)
        text += QStringLiteral(", instance %1 of %2").arg(span.instance + 1).arg(count);
    text += QStringLiteral("<br>arrived at %1").arg(ms(r.startMs));
    if (isSet(span.serviceStartS))
        text += QStringLiteral("<br>queueing %1 (waiting for a core)<br>service %2 (on a core)")
                    .arg(ms(r.queueMs), ms(r.serviceMs));
    else
        text += QStringLiteral("<br>no core time here");
    const double rest = std::max(0.0, r.endMs - r.startMs - r.queueMs - r.serviceMs);
    if (rest > 1e-9 || row == 0)
        text += QStringLiteral("<br>%1 waiting on calls below and links").arg(ms(rest));
    if (r.open)
        text += QStringLiteral("<br>still there, %1 so far").arg(ms(r.endMs - r.startMs));
    else
        text += QStringLiteral("<br>left at %1: %2 here%3")
                    .arg(ms(r.endMs), ms(r.endMs - r.startMs),
                         r.ok ? QString() : QStringLiteral(", failed"));
    return text;
}

bool WaterfallView::event(QEvent *e)
{
    if (e->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(e);
        const int row = static_cast<int>(
            std::floor((help->pos().y() - kLegendHeight) / static_cast<double>(kRowHeight)));
        if (m_trace && row >= 0 && row < m_rows.size() && help->pos().y() >= kLegendHeight)
            QToolTip::showText(help->globalPos(), toolTipFor(row), this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(e);
}

// ---- the dock -------------------------------------------------------------------------------

TracePanel::TracePanel(run::SimulationController *controller, CanvasScene *scene, QWidget *parent)
    : QDockWidget(QStringLiteral("Trace"), parent), m_controller(controller), m_scene(scene)
{
    setObjectName(QStringLiteral("traceDock"));
    auto *body = new QWidget(this);
    auto *layout = new QVBoxLayout(body);
    layout->setContentsMargins(6, 6, 6, 6);

    auto *row1 = new QHBoxLayout;
    m_kind = new QComboBox(body);
    m_kind->setObjectName(QStringLiteral("traceKind"));
    m_kind->addItem(QStringLiteral("any request"), QString());
    for (const char *kind : {"static", "read", "write", "job"})
        m_kind->addItem(QStringLiteral("%1 request").arg(QLatin1String(kind)),
                        QString::fromLatin1(kind));
    m_kind->setToolTip(QStringLiteral("Which kind of request to follow"));
    m_traceButton = new QPushButton(QStringLiteral("Trace next request"), body);
    m_traceButton->setObjectName(QStringLiteral("traceNext"));
    m_traceButton->setToolTip(
        QStringLiteral("Follow the next request of this kind that a client sends"));
    row1->addWidget(m_kind);
    row1->addWidget(m_traceButton);

    m_pauseAtHops = new QCheckBox(QStringLiteral("Pause at each hop"), body);
    m_pauseAtHops->setObjectName(QStringLiteral("pauseAtHops"));
    m_pauseAtHops->setToolTip(
        QStringLiteral("While a request is traced, the run stops each time it moves"));
    m_stepHop = new QPushButton(QStringLiteral("Step hop"), body);
    m_stepHop->setObjectName(QStringLiteral("stepHop"));
    m_stepHop->setToolTip(QStringLiteral("Run until the traced request's next hop"));
    // Two rows of controls, so the panel fits a narrow column; they keep their own width rather
    // than stretch across a wide dock.
    row1->addStretch(1);
    auto *row2 = new QHBoxLayout;
    row2->addWidget(m_stepHop);
    row2->addWidget(m_pauseAtHops);
    row2->addStretch(1);
    layout->addLayout(row1);
    layout->addLayout(row2);

    m_status = new QLabel(body);
    m_status->setWordWrap(true);
    m_status->setStyleSheet(QStringLiteral("color: palette(mid);"));
    layout->addWidget(m_status);
    m_summary = new QLabel(body);
    m_summary->setObjectName(QStringLiteral("traceSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    layout->addWidget(m_summary);

    auto *split = m_split = new QSplitter(Qt::Horizontal, body);
    m_hops = new QTreeWidget(split);
    m_hops->setObjectName(QStringLiteral("traceHops"));
    m_hops->setRootIsDecorated(false);
    m_hops->setUniformRowHeights(true);
    m_hops->setHeaderLabels(
        {QStringLiteral("at ms"), QStringLiteral("hop"), QStringLiteral("why")});
    m_hops->headerItem()->setToolTip(0, QStringLiteral("Since the request left its client"));
    m_hops->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_hops->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_hops->header()->setStretchLastSection(true);
    m_hops->setWordWrap(false);
    m_waterfall = new WaterfallView(split);
    split->addWidget(m_hops);
    split->addWidget(m_waterfall);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);
    setWidget(body);

    connect(m_traceButton, &QPushButton::clicked, this, &TracePanel::traceNext);
    connect(m_stepHop, &QPushButton::clicked, this, &TracePanel::stepHop);
    connect(m_pauseAtHops, &QCheckBox::toggled, this, [this](bool on) {
        if (m_controller)
            m_controller->setPauseAtHops(on);
    });
    clearTrace();
    updateButtons();
}

void TracePanel::resizeEvent(QResizeEvent *event)
{
    QDockWidget::resizeEvent(event);
    const Qt::Orientation wanted = width() > 1.6 * height() ? Qt::Horizontal : Qt::Vertical;
    if (m_split->orientation() != wanted)
        m_split->setOrientation(wanted);
}

QString TracePanel::chosenKind() const
{
    return m_kind->currentData().toString();
}

void TracePanel::setLoader(std::function<bool()> load)
{
    m_loader = std::move(load);
    updateButtons();
    showTrace(false);
}

bool TracePanel::ensureRun()
{
    if (!m_controller)
        return false;
    // A run under way, or one asked for whose first snapshot has not come yet (loading again
    // would drop the trace just asked for).
    if (m_loading ||
        (m_haveRun && m_state != run::RunState::Empty && m_state != run::RunState::Finished))
        return true;
    if (!m_loader || !m_loader())
        return false;
    m_loading = true;
    return true;
}

void TracePanel::traceNext()
{
    if (!ensureRun())
        return;
    m_controller->traceNext(chosenKind());
    m_waiting = true;
    m_waitingKind = chosenKind();
    showTrace(false);
}

void TracePanel::stepHop()
{
    if (!ensureRun())
        return;
    // Nothing followed: the chosen kind's next request, not any.
    if (!m_waiting && (!m_trace || m_trace->finished))
        traceNext();
    m_controller->stepHop();
}

QHash<QString, int> TracePanel::instanceCounts() const
{
    QHash<QString, int> counts;
    if (!m_scene)
        return counts;
    for (const model::Component &c : m_scene->document().model().components)
        counts.insert(
            c.id, std::max(1, static_cast<int>(std::lround(c.number(QStringLiteral("count"), 1)))));
    return counts;
}

void TracePanel::showSnapshot(const std::shared_ptr<const run::Snapshot> &snapshot)
{
    if (!snapshot)
        return;
    if (!m_haveRun || snapshot->run != m_run) {
        m_haveRun = true;
        m_run = snapshot->run;
        // A run this dock asked for: the request it is waiting for is still to come.
        const bool waiting = m_loading && m_waiting;
        const QString kind = m_waitingKind;
        m_loading = false;
        clearTrace();
        m_waiting = waiting;
        m_waitingKind = kind;
    }
    m_state = snapshot->state;
    m_nowS = snapshot->nowS;
    m_hopPause = snapshot->hopPause;
    if (snapshot->trace != m_trace) {
        const bool another =
            snapshot->trace && (!m_trace || snapshot->trace->request != m_trace->request ||
                                snapshot->trace->startS != m_trace->startS);
        if (another) {
            m_waiting = false;
            // Asked for here or on the run bar: a dock tabbed away comes to the front.
            if (!isVisible() || visibleRegion().isEmpty())
                raise();
        }
        m_trace = snapshot->trace;
        showTrace(true);
    } else if (m_trace && !m_trace->finished) {
        m_waterfall->setNow(m_nowS);
        showTrace(false);
    } else {
        showTrace(false);
    }
    updateButtons();
}

void TracePanel::clearTrace()
{
    m_trace.reset();
    m_waiting = false;
    m_hops->clear();
    m_waterfall->clear();
    m_summary->clear();
    if (m_scene)
        m_scene->highlightTrace({}, {});
    showTrace(false);
}

void TracePanel::updateButtons()
{
    const bool live = m_controller && m_haveRun && m_state != run::RunState::Empty &&
                      m_state != run::RunState::Finished;
    m_traceButton->setEnabled(live || (m_controller && m_loader));
    m_stepHop->setEnabled(live || (m_controller && m_loader));
}

void TracePanel::showTrace(bool rebuild)
{
    // What the learner is waiting for, or how to start.
    QString status;
    if (m_waiting)
        status = QStringLiteral("Waiting for the next %1request to leave its client: run, or "
                                "step hop.")
                     .arg(m_waitingKind.isEmpty() ? QString() : m_waitingKind + QLatin1Char(' '));
    else if (!m_trace)
        status = (m_haveRun && m_state != run::RunState::Empty) || m_loader
                     ? QStringLiteral("Pick a kind and trace the next request, or step hop.")
                     : QStringLiteral("Start a run to trace its requests.");
    else if (m_hopPause && !m_trace->finished)
        status = QStringLiteral("Paused at a hop: step hop or run to go on.");
    m_status->setText(status);
    m_status->setVisible(!status.isEmpty());

    if (!m_trace) {
        m_summary->clear();
        return;
    }
    const run::Trace &t = *m_trace;
    const QHash<QString, int> instances = instanceCounts();
    if (rebuild) {
        // The hops only ever grow within one trace: add the new ones, or start over for another.
        const bool sameRequest = m_hops->topLevelItemCount() <= t.hops.size() &&
                                 m_hops->property("request").toUInt() == t.request &&
                                 m_hops->property("startS").toDouble() == t.startS;
        if (!sameRequest)
            m_hops->clear();
        m_hops->setProperty("request", t.request);
        m_hops->setProperty("startS", t.startS);
        for (int i = m_hops->topLevelItemCount(); i < t.hops.size(); ++i) {
            const run::TraceHop &h = t.hops.at(i);
            auto *item = new QTreeWidgetItem(m_hops);
            item->setText(0, QString::number((h.atS - t.startS) * 1000, 'f', 3));
            item->setData(0, Qt::UserRole, h.atS);
            item->setTextAlignment(0, Qt::AlignRight | Qt::AlignVCenter);
            item->setText(1, hopText(h));
            item->setText(2, h.explanation);
            item->setToolTip(2, h.explanation);
        }
        if (m_hops->topLevelItemCount() > 0)
            m_hops->scrollToItem(m_hops->topLevelItem(m_hops->topLevelItemCount() - 1));
        m_waterfall->setTrace(m_trace, m_nowS, instances);
        highlight();
    }

    // Where the time went: the request is in one place at a time, so the stays' queueing and
    // service and the links' latencies add up to its whole time.
    double queueing = 0, service = 0, links = 0;
    const double nowOrEnd = t.finished ? t.endS : m_nowS;
    int send = 0;
    QList<const run::TraceHop *> sends;
    for (const run::TraceHop &h : t.hops)
        if (!h.isReply)
            sends << &h;
    for (int i = 0; i < t.spans.size(); ++i) {
        const run::TraceSpan &s = t.spans.at(i);
        if (isSet(s.serviceStartS)) {
            queueing += s.queueingS();
            service += std::min(s.serviceS, std::max(0.0, nowOrEnd - s.serviceStartS));
        }
        if (i == 0)
            continue;
        // Span i came by the (i-1)th send; the reply pays the hop's latency again.
        if (send < sends.size()) {
            const double latency = s.arrivedS - sends.at(send)->atS;
            links += std::min(latency, std::max(0.0, nowOrEnd - sends.at(send)->atS));
            if (isSet(s.leftS))
                links += std::min(latency, std::max(0.0, nowOrEnd - s.leftS));
        }
        ++send;
    }
    const double total = (nowOrEnd - t.startS);
    const double other = total - queueing - service - links;
    QString text =
        QStringLiteral("<b>%1 request</b> %2 <b>%3</b>%4<br>")
            .arg(t.kind.isEmpty() ? QStringLiteral("A") : t.kind.at(0).toUpper() + t.kind.mid(1),
                 t.finished
                     ? (t.ok ? QStringLiteral("answered in") : QStringLiteral("failed after"))
                     : QStringLiteral("so far"),
                 ms(total * 1000),
                 t.finished ? QString() : QStringLiteral(" (%1 hops)").arg(t.hops.size()));
    // Each part with its share of the whole: where the time went, in one line.
    const auto part = [total](double seconds) {
        QString figure = ms(seconds * 1000);
        if (total > 0)
            figure += QStringLiteral(" (%1 %)").arg(std::lround(100 * seconds / total));
        return figure;
    };
    text += QStringLiteral("<span style='color:%1'>■</span> queueing %2 &nbsp; "
                           "<span style='color:%3'>■</span> service %4 &nbsp; links %5")
                .arg(kQueueing.name(), part(queueing), kService.name(), part(service), part(links));
    if (other > 1e-7)
        text += QStringLiteral(" &nbsp; other %1").arg(part(other));
    m_summary->setText(text);
}

void TracePanel::highlight()
{
    if (!m_scene)
        return;
    if (!m_trace) {
        m_scene->highlightTrace({}, {});
        return;
    }
    QList<QPair<QString, QString>> sends;
    for (const run::TraceHop &h : m_trace->hops)
        if (!h.isReply)
            sends << qMakePair(h.from, h.to);
    QString current, caption;
    if (!m_trace->finished && !m_trace->hops.isEmpty()) {
        const run::TraceHop &last = m_trace->hops.last();
        current = last.to;
        caption = QStringLiteral("traced %1 request").arg(m_trace->kind);
        if (!last.isReply) {
            // Name the instance it went to, as the waterfall does.
            for (auto it = m_trace->spans.crbegin(); it != m_trace->spans.crend(); ++it)
                if (it->component == current) {
                    if (instanceCounts().value(current, 1) > 1)
                        caption += QStringLiteral(" · #%1").arg(it->instance + 1);
                    break;
                }
        }
    } else if (m_trace->finished) {
        current.clear();
    }
    if (sends.isEmpty() && current.isEmpty())
        current = m_trace->spans.isEmpty() ? QString() : m_trace->spans.first().component;
    m_scene->highlightTrace(sends, current, caption);
}

} // namespace scalelab::widgets
