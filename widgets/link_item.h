#pragma once

#include "model/model.h"

#include <QGraphicsItem>

namespace scalelab::widgets {

class ComponentItem;

// A link on the canvas: an arrow from caller to callee, dashed for a replication stream. It
// follows its two ends as they move.
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

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    ComponentItem *m_from;
    ComponentItem *m_to;
    model::Link::Kind m_kind;
    QLineF m_line; // from edge to edge, in scene coordinates (the item stays at the origin)
};

} // namespace scalelab::widgets
