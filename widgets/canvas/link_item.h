#pragma once

#include "model/model.h"

#include <QGraphicsItem>

namespace scalelab::widgets {

class ComponentItem;

// A link on the canvas: an arrow from caller to callee, dashed for a replication stream. It
// follows its two ends as they move. While a run is shown, dots move along a request link as
// dense as the requests it carries and coloured by how long the callee takes.
class LinkItem : public QGraphicsItem {
public:
    enum { Type = UserType + 2 };

    LinkItem(ComponentItem *from, ComponentItem *to, model::Link::Kind kind);
    ~LinkItem() override;

    int type() const override { return Type; }
    ComponentItem *from() const { return m_from; }
    ComponentItem *to() const { return m_to; }
    model::Link::Kind kind() const { return m_kind; }
    // Recomputes the line after an end moved.
    void adjust();

    // The live flow: requests per second along the link and the callee's mean response time
    // (NaN: unknown). Zero requests draw no dots.
    void setFlow(double rps, double calleeResponseMs);
    void clearFlow() { setFlow(0, 0); }
    double flowRps() const { return m_flowRps; }
    QColor flowColour() const { return m_flowColour; }
    // Distance between two dots: log-scaled so that 1 and 100,000 requests a second both show.
    double dotSpacing() const;
    // How far the dots have travelled, in scene units (the scene's one animation sets it).
    void setTravel(double travel);
    static QColor latencyColour(double ms);

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    ComponentItem *m_from;
    ComponentItem *m_to;
    model::Link::Kind m_kind;
    QLineF m_line; // from edge to edge, in scene coordinates (the item stays at the origin)
    double m_flowRps = 0;
    QColor m_flowColour;
    double m_travel = 0;
};

} // namespace scalelab::widgets
