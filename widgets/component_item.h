#pragma once

#include "model/analysis.h"
#include "model/model.h"

#include <QGraphicsItem>
#include <QList>

#include <optional>

namespace scalelab::widgets {

class LinkItem;

// One component on the canvas: its type's icon, its name under it and, while editing, the
// analytic estimate (predicted utilisation, the bottleneck mark, a SPOF badge). It mirrors the
// document and holds no state of its own beyond where the user is dragging it.
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

    void attach(LinkItem *link) { m_links.append(link); }
    void detach(LinkItem *link) { m_links.removeAll(link); }
    const QList<LinkItem *> &links() const { return m_links; }

    // Where links end: around the icon, not the label.
    static QRectF iconRect() { return {-24, -24, 48, 48}; }
    static QPointF snapped(QPointF position);

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;

private:
    void updateToolTips();
    QString caption() const;

    model::Component m_component;
    std::optional<model::ComponentEstimate> m_estimate;
    bool m_bottleneck = false;
    QString m_spofReason;
    QGraphicsItem *m_badge = nullptr;
    QList<LinkItem *> m_links;
};

} // namespace scalelab::widgets
