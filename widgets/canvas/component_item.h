#pragma once

#include "model/analysis.h"
#include "model/model.h"

#include "sim/sampler.h"

#include "widgets/diagram/component_painter.h"

#include <QGraphicsItem>
#include <QList>

#include <optional>

namespace scalelab::widgets {

class LinkItem;

// What a live run measured at one component over its latest window, with the words drawn for it
// (made once per snapshot, not at every paint).
struct LiveFigures {
    sim::ComponentSample sample;
    bool bottleneck = false; // the component that limits the system now
    QString utilization;     // "87 %", or empty for a component without a capacity
    QString throughput;      // "1.2 k rps"
    QString mechanism;       // "hit 92 %", "lag 12 ms", "backlog 340", "4 instances"
    QString queue;           // "q 12", or empty when nothing waits
    QString status;          // "failed", "2/3 up", or empty when every instance is up
    QString errors;          // "2.3 % errors", or empty without errors
};

// One component on the canvas: its type's icon, its name under it and, while editing, the
// analytic estimate (predicted utilisation, the bottleneck mark, a SPOF badge); while a run is
// shown, what the run measures there instead. It mirrors the document and the run's snapshots
// and holds no state of its own beyond where the user is dragging it.
class ComponentItem : public QGraphicsItem {
public:
    enum { Type = UserType + 1 };
    static constexpr double kGrid = 10;

    explicit ComponentItem(const model::Component &component);

    int type() const override { return Type; }
    QString id() const { return m_component.id; }
    const model::Component &component() const { return m_component; }
    void setComponent(const model::Component &component);
    // nullopt: no estimate (not a queueing station, or the model cannot be analysed).
    void setEstimate(const std::optional<model::ComponentEstimate> &estimate, bool bottleneck,
                     const QString &spofReason);
    bool isBottleneck() const { return m_bottleneck; }
    bool isSpof() const { return !m_spofReason.isEmpty(); }
    double predictedUtilization() const; // -1 without an estimate

    // The live run's figures replace the estimate until clearLive().
    void setLive(const sim::ComponentSample &sample, bool bottleneck);
    void clearLive();
    bool isLive() const { return m_live.has_value(); }
    const LiveFigures &live() const { return *m_live; } // only while isLive()
    bool isFailed() const { return m_live && m_live->sample.instancesUp == 0; }
    // Calm green through amber to saturated red, continuously.
    static QColor utilizationColour(double utilization);

    void attach(LinkItem *link) { m_links.append(link); }
    void detach(LinkItem *link) { m_links.removeAll(link); }
    const QList<LinkItem *> &links() const { return m_links; }

    // Where links end: around the icon, not the label.
    static QRectF iconRect() { return diagram::ComponentPainter::iconRect(); }
    static QPointF snapped(QPointF position);

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;

private:
    void updateToolTips();
    QString caption() const;
    void paintLive(QPainter *painter, bool text);

    model::Component m_component;
    std::optional<model::ComponentEstimate> m_estimate;
    bool m_bottleneck = false;
    QString m_spofReason;
    std::optional<LiveFigures> m_live;
    QGraphicsItem *m_badge = nullptr;
    QList<LinkItem *> m_links;
};

} // namespace scalelab::widgets
