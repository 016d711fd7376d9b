#pragma once

#include "model/model.h"

#include <QList>
#include <QWidget>

namespace scalelab::widgets {

// The run's span of simulated time in one slim strip: the warm-up shaded (its statistics are
// thrown away), how far the clock has got, a tick for each of the scenario's scheduled events
// and a red mark at each moment the system tipped into saturation. Hovering a mark says what it
// is.
class RunTimeline : public QWidget {
    Q_OBJECT

public:
    explicit RunTimeline(QWidget *parent = nullptr);

    void setSpan(double durationS, double warmupS);
    void setScenarioEvents(const QList<model::ScenarioEvent> &events);
    void setNow(double nowS);
    void setSaturations(const QList<double> &atS);

    double durationS() const { return m_durationS; }
    double warmupS() const { return m_warmupS; }
    double nowS() const { return m_nowS; }
    const QList<model::ScenarioEvent> &scenarioEvents() const { return m_events; }
    const QList<double> &saturations() const { return m_saturations; }
    // What the strip says at a point of it (what a tooltip would show), or empty.
    QString describeAt(int x) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;

private:
    QRectF track() const;
    double xOf(double atS) const;

    double m_durationS = 0;
    double m_warmupS = 0;
    double m_nowS = 0;
    QList<model::ScenarioEvent> m_events;
    QList<double> m_saturations;
};

} // namespace scalelab::widgets
