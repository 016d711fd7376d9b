#include "widgets/run/chart.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QFontMetricsF>
#include <QLegend>
#include <QLineSeries>
#include <QLocale>
#include <QLogValueAxis>
#include <QMap>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QSaveFile>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

namespace scalelab::widgets {

namespace {

// A tick step of 1, 2 or 5 times a power of ten, at least `raw`.
double roundStep(double raw)
{
    if (!(raw > 0))
        return 1;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double m : {1.0, 2.0, 5.0})
        if (m * power >= raw * (1 - 1e-9))
            return m * power;
    return 10 * power;
}

// Ten colours most eyes tell apart (Tableau 10), so that a chart of many components stays
// readable.
const QColor kLineColours[] = {QColor(0x4e, 0x79, 0xa7), QColor(0xf2, 0x8e, 0x2b),
                               QColor(0xe1, 0x57, 0x59), QColor(0x76, 0xb7, 0xb2),
                               QColor(0x59, 0xa1, 0x4f), QColor(0xed, 0xc9, 0x48),
                               QColor(0xb0, 0x7a, 0xa1), QColor(0xff, 0x9d, 0xa7),
                               QColor(0x9c, 0x75, 0x5f), QColor(0xba, 0xb0, 0xac)};
constexpr int kLineColourCount = int(sizeof kLineColours / sizeof kLineColours[0]);

constexpr double kInf = std::numeric_limits<double>::infinity();

// Numbers as a spreadsheet reads them back exactly: the shortest form that round-trips, with a
// dot whatever the user's locale.
QString csvNumber(double value)
{
    return QLocale::c().toString(value, 'g', QLocale::FloatingPointShortest);
}

QString csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

struct Marker {
    double x = 0;
    QString label;
};

// A chart view that draws the markers over the plot: they are not data, so they stay out of the
// axes' ranges, the legend and the CSV.
class MarkedChartView final : public QChartView {
public:
    using QChartView::QChartView;
    QList<Marker> markers;

protected:
    void drawForeground(QPainter *painter, const QRectF &rect) override
    {
        QChartView::drawForeground(painter, rect);
        QChart *c = chart();
        if (markers.isEmpty() || c->series().isEmpty())
            return;
        QAbstractSeries *series = c->series().first();
        const QRectF plot = c->mapRectToScene(c->plotArea());
        const bool dark = palette().color(QPalette::Window).lightness() < 128;
        const QColor ink = dark ? QColor(220, 220, 220) : QColor(70, 70, 70);
        QFont font = this->font();
        font.setPointSizeF(font.pointSizeF() * 0.85);
        const QFontMetricsF metrics(font);
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing, false);
        painter->setFont(font);
        // Labels stack into rows so that two close events do not write over each other.
        QList<double> rowEnds;
        for (const Marker &m : std::as_const(markers)) {
            const QPointF at = c->mapToScene(c->mapToPosition(QPointF(m.x, 1), series));
            if (!(at.x() >= plot.left() - 0.5 && at.x() <= plot.right() + 0.5))
                continue;
            painter->setPen(QPen(ink, 1, Qt::DashLine));
            painter->drawLine(QPointF(at.x(), plot.top()), QPointF(at.x(), plot.bottom()));
            if (m.label.isEmpty())
                continue;
            const double width = metrics.horizontalAdvance(m.label) + 6;
            // Near the right edge the label goes to the line's left.
            const double left = at.x() + width + 2 > plot.right() ? at.x() - width - 2 : at.x() + 2;
            qsizetype row = 0;
            while (row < rowEnds.size() && rowEnds.at(row) > left)
                ++row;
            if (row == rowEnds.size())
                rowEnds.append(0);
            rowEnds[row] = left + width + 4;
            const QRectF box(left, plot.top() + 2 + double(row) * (metrics.height() + 2), width,
                             metrics.height());
            QColor paper = palette().color(QPalette::Base);
            paper.setAlpha(215);
            painter->fillRect(box, paper);
            painter->setPen(ink);
            painter->drawText(box, Qt::AlignCenter, m.label);
        }
        painter->restore();
    }
};

// The Qt Charts form of a Chart: line series on a value axis of x and a linear or log axis of y,
// whose ranges follow the data from bounds kept as points arrive (never by scanning them).
class QtChart final : public Chart {
public:
    explicit QtChart(QWidget *parent) : Chart(parent)
    {
        m_chart = new QChart;
        const bool dark = palette().color(QPalette::Window).lightness() < 128;
        m_chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
        m_chart->setBackgroundRoundness(0);
        m_chart->setMargins(QMargins(4, 4, 4, 4));
        m_chart->legend()->setAlignment(Qt::AlignBottom);
        m_chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
        m_chart->legend()->setShowToolTips(true);
        m_x = new QValueAxis;
        m_x->setLabelFormat(QStringLiteral("%g"));
        m_x->setRange(0, 1);
        m_chart->addAxis(m_x, Qt::AlignBottom);
        // Both y axes stay in the chart, the unused one hidden: Qt Charts leaves a removed axis's
        // labels on the scene, so swapping them in and out draws two scales over each other.
        m_linearY = new QValueAxis;
        m_linearY->setLabelFormat(QStringLiteral("%g"));
        m_logY = new QLogValueAxis;
        m_logY->setBase(10);
        m_logY->setLabelFormat(QStringLiteral("%g"));
        m_logY->setMinorTickCount(8);
        m_logY->setRange(1, 10);
        m_logY->setVisible(false);
        m_chart->addAxis(m_linearY, Qt::AlignLeft);
        m_chart->addAxis(m_logY, Qt::AlignLeft);
        m_y = m_linearY;

        m_view = new MarkedChartView(m_chart, this);
        m_view->setRenderHint(QPainter::Antialiasing);
        m_view->setFrameShape(QFrame::NoFrame);
        auto *layout = new QVBoxLayout(this);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(m_view);
        // The markers are drawn over the plot: redraw them wherever it moves.
        connect(m_chart, &QChart::plotAreaChanged, m_view->viewport(),
                qOverload<>(&QWidget::update));
        // And when an axis's range moves under a still plot area: the marks move with it.
        for (QValueAxis *axis : {m_x, m_linearY})
            connect(axis, &QValueAxis::rangeChanged, m_view->viewport(),
                    qOverload<>(&QWidget::update));
        connect(m_logY, &QLogValueAxis::rangeChanged, m_view->viewport(),
                qOverload<>(&QWidget::update));
    }

    void setTitle(const QString &title) override { m_chart->setTitle(title); }

    void setAxisTitles(const QString &x, const QString &y) override
    {
        m_x->setTitleText(x);
        m_linearY->setTitleText(y);
        m_logY->setTitleText(y);
    }

    void setLogarithmicY(bool logarithmic) override
    {
        if (logarithmic == m_log)
            return;
        m_log = logarithmic;
        QAbstractAxis *old = m_y;
        m_y = logarithmic ? static_cast<QAbstractAxis *>(m_logY) : m_linearY;
        for (const Line &line : std::as_const(m_lines)) {
            line.series->detachAxis(old);
            line.series->attachAxis(m_y);
        }
        old->setVisible(false);
        m_y->setVisible(true);
        m_yLow = m_yHigh = std::numeric_limits<double>::quiet_NaN();
        updateRanges();
        m_view->viewport()->update();
    }

    int addLine(const QString &name) override { return add(name, false); }
    int addDashedLine(const QString &name) override { return add(name, true); }

    void append(int line, double x, double y) override
    {
        if (!valid(line))
            return;
        Line &l = m_lines[line];
        l.series->append(x, y);
        extend(l, x, y);
        updateRanges();
    }

    void append(int line, const QList<QPointF> &points) override
    {
        if (!valid(line) || points.isEmpty())
            return;
        Line &l = m_lines[line];
        l.series->append(points);
        for (const QPointF &p : points)
            extend(l, p.x(), p.y());
        updateRanges();
    }

    void setPoints(int line, const QList<QPointF> &points) override
    {
        if (!valid(line))
            return;
        Line &l = m_lines[line];
        l.series->replace(points);
        l.bounds = Bounds{};
        for (const QPointF &p : points)
            extend(l, p.x(), p.y());
        updateRanges();
    }

    void addMarker(double x, const QString &label) override
    {
        m_view->markers.append({x, label});
        m_view->viewport()->update();
    }

    void clear() override
    {
        m_chart->removeAllSeries(); // deletes them
        m_lines.clear();
        m_view->markers.clear();
        m_yLow = m_yHigh = std::numeric_limits<double>::quiet_NaN();
        m_x->setRange(0, 1);
        updateRanges();
        m_view->viewport()->update();
    }

    bool savePng(const QString &path) const override { return m_view->grab().save(path, "PNG"); }

    bool saveCsv(const QString &path) const override
    {
        // The union of every line's x, each line's y beside it, an empty cell where it has none.
        QMap<double, QList<double>> rows;
        const qsizetype n = m_lines.size();
        for (qsizetype i = 0; i < n; ++i) {
            const QList<QPointF> points = m_lines.at(i).series->points();
            for (const QPointF &p : points) {
                QList<double> &row = rows[p.x()];
                if (row.isEmpty())
                    row.fill(std::numeric_limits<double>::quiet_NaN(), n);
                row[i] = p.y();
            }
        }
        QString text =
            csvField(m_x->titleText().isEmpty() ? QStringLiteral("x") : m_x->titleText());
        for (const Line &line : m_lines)
            text += QLatin1Char(',') + csvField(line.series->name());
        text += QLatin1Char('\n');
        for (auto it = rows.cbegin(); it != rows.cend(); ++it) {
            text += csvNumber(it.key());
            for (const double y : it.value()) {
                text += QLatin1Char(',');
                if (!std::isnan(y))
                    text += csvNumber(y);
            }
            text += QLatin1Char('\n');
        }
        QSaveFile file(path);
        const QByteArray bytes = text.toUtf8();
        return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() &&
               file.commit();
    }

private:
    struct Bounds {
        double minX = kInf, maxX = -kInf, minY = kInf, maxY = -kInf;
        double minPositiveY = kInf; // where a log axis starts
    };
    struct Line {
        QLineSeries *series = nullptr;
        Bounds bounds;
    };

    bool valid(int line) const { return line >= 0 && line < m_lines.size(); }

    static void extend(Line &line, double x, double y)
    {
        Bounds &b = line.bounds;
        if (!std::isfinite(x) || !std::isfinite(y))
            return;
        b.minX = std::min(b.minX, x);
        b.maxX = std::max(b.maxX, x);
        b.minY = std::min(b.minY, y);
        b.maxY = std::max(b.maxY, y);
        if (y > 0)
            b.minPositiveY = std::min(b.minPositiveY, y);
    }

    int add(const QString &name, bool dashed)
    {
        auto *series = new QLineSeries;
        series->setName(name);
        const qsizetype n = m_lines.size();
        QPen pen(kLineColours[n % kLineColourCount], 2);
        // Past ten lines the colours come round again, dotted, then dash-dotted: two lines never
        // look the same. Dashes stay for predictions.
        if (dashed)
            pen.setStyle(Qt::DashLine);
        else if (n >= kLineColourCount)
            pen.setStyle(n >= 2 * kLineColourCount ? Qt::DashDotLine : Qt::DotLine);
        series->setPen(pen);
        m_chart->addSeries(series);
        series->attachAxis(m_x);
        series->attachAxis(m_y);
        connect(series, &QLineSeries::hovered, this, [this, series](const QPointF &p, bool on) {
            if (!on) {
                QToolTip::hideText();
                return;
            }
            QToolTip::showText(QCursor::pos(),
                               QStringLiteral("%1: %2 at %3 = %4")
                                   .arg(series->name(), QString::number(p.y(), 'g', 4),
                                        m_x->titleText().section(QLatin1Char(' '), 0, 0),
                                        QString::number(p.x(), 'g', 6)),
                               m_view);
        });
        m_lines.append({series, Bounds{}});
        return int(m_lines.size() - 1);
    }

    // The axes take in every point so far, with round ticks; they move only when a bound does.
    void updateRanges()
    {
        Bounds all;
        for (const Line &line : std::as_const(m_lines)) {
            const Bounds &b = line.bounds;
            all.minX = std::min(all.minX, b.minX);
            all.maxX = std::max(all.maxX, b.maxX);
            all.minY = std::min(all.minY, b.minY);
            all.maxY = std::max(all.maxY, b.maxY);
            all.minPositiveY = std::min(all.minPositiveY, b.minPositiveY);
        }
        if (all.minX <= all.maxX) {
            const double low = std::min(0.0, all.minX);
            const double high = all.maxX > low ? all.maxX : low + 1;
            // The axis ends on a round number with ticks at round steps (0, 2, 4, 6, 8 s rather
            // than 1.715, 3.43, ...); it moves only when the data passes its end.
            const double step = roundStep((high - low) / 5);
            const double end = low + std::ceil((high - low) / step - 1e-9) * step;
            if (m_x->min() != low || m_x->max() != end) {
                m_x->setRange(low, end);
                m_x->setTickCount(static_cast<int>(std::lround((end - low) / step)) + 1);
            }
        }
        double low = m_log ? 1 : 0, high = m_log ? 10 : 1;
        if (m_log) {
            if (all.minPositiveY <= all.maxY) {
                low = std::pow(10.0, std::floor(std::log10(all.minPositiveY)));
                high = std::pow(10.0, std::ceil(std::log10(all.maxY)));
                if (high <= low)
                    high = low * 10;
            }
        } else if (all.minY <= all.maxY) {
            low = std::min(0.0, all.minY);
            high = all.maxY > low ? all.maxY : low + 1;
        }
        if (low == m_yLow && high == m_yHigh)
            return;
        m_yLow = low;
        m_yHigh = high;
        if (m_log) {
            m_logY->setRange(low, high);
        } else {
            m_linearY->setRange(low, high);
            m_linearY->applyNiceNumbers();
            // Large counts read better as whole numbers than as 1e+06.
            m_linearY->setLabelFormat(high >= 1e5 ? QStringLiteral("%.0f") : QStringLiteral("%g"));
        }
    }

    QChart *m_chart = nullptr;
    MarkedChartView *m_view = nullptr;
    QValueAxis *m_x = nullptr;
    QValueAxis *m_linearY = nullptr;
    QLogValueAxis *m_logY = nullptr;
    QAbstractAxis *m_y = nullptr; // the one drawn
    bool m_log = false;
    double m_yLow = std::numeric_limits<double>::quiet_NaN();
    double m_yHigh = std::numeric_limits<double>::quiet_NaN();
    QList<Line> m_lines;
};

} // namespace

std::unique_ptr<Chart> makeChart(QWidget *parent)
{
    return std::make_unique<QtChart>(parent);
}

} // namespace scalelab::widgets
