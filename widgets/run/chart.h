#pragma once

#include <QList>
#include <QPointF>
#include <QString>
#include <QWidget>

#include <memory>

namespace scalelab::widgets {

// One chart of named lines against a shared x axis (simulated seconds, or offered load in a
// sweep): the one small interface every chart of the workbench is drawn through, so the charting
// library stays behind it (Qt Charts today, see makeChart()).
class Chart : public QWidget {
    Q_OBJECT

public:
    using QWidget::QWidget;
    ~Chart() override = default;

    virtual void setTitle(const QString &title) = 0;
    virtual void setAxisTitles(const QString &x, const QString &y) = 0;
    // Log-scaled y for latencies spanning decades; linear by default.
    virtual void setLogarithmicY(bool logarithmic) = 0;
    // A new line; returns its index for append() and setPoints().
    virtual int addLine(const QString &name) = 0;
    // A line drawn dashed, for a prediction beside a measurement.
    virtual int addDashedLine(const QString &name) = 0;
    virtual void append(int line, double x, double y) = 0;
    virtual void append(int line, const QList<QPointF> &points) = 0;
    virtual void setPoints(int line, const QList<QPointF> &points) = 0;
    // A labelled vertical mark: a scenario event, the moment the system saturated.
    virtual void addMarker(double x, const QString &label) = 0;
    // Drops every line and marker.
    virtual void clear() = 0;
    // The lines as drawn: a picture, or one CSV column per line (x first).
    virtual bool savePng(const QString &path) const = 0;
    virtual bool saveCsv(const QString &path) const = 0;
};

std::unique_ptr<Chart> makeChart(QWidget *parent = nullptr);

} // namespace scalelab::widgets
