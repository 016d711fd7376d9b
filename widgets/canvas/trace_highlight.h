#pragma once

#include <QGraphicsObject>
#include <QList>
#include <QPair>
#include <QString>

namespace scalelab::widgets {

class CanvasScene;

// A traced request's path drawn over the canvas: the links it took glow, numbered in the order it
// took them, the components it reached are outlined, and the one it is at now stands out with a
// caption. It takes no clicks, so editing and the run's own overlays work through it.
class TraceHighlight : public QGraphicsObject {
    Q_OBJECT

public:
    TraceHighlight();

    // `hops`: each send's (from, to) in order; `current`: where the request is now (empty once
    // it is back at its client).
    void setPath(const QList<QPair<QString, QString>> &hops, const QString &current,
                 const QString &caption);
    const QList<QPair<QString, QString>> &hops() const { return m_hops; }
    QString current() const { return m_current; }
    QStringList visited() const; // every component the request reached, in order

    QRectF boundingRect() const override;
    QPainterPath shape() const override; // empty: clicks go to what lies under it
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    bool centreOf(const QString &id, QPointF *centre) const;
    QRectF computeBounds() const;

    QList<QPair<QString, QString>> m_hops;
    QString m_current;
    QString m_caption;
    QRectF m_bounds;
};

} // namespace scalelab::widgets
