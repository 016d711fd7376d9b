#pragma once

#include <QGraphicsItem>

namespace scalelab::widgets {

// A region drawn as a labelled frame around its components; the scene sets its extent.
class RegionItem : public QGraphicsItem {
public:
    enum { Type = UserType + 3 };

    RegionItem(const QString &id, const QString &label);

    int type() const override { return Type; }
    QString id() const { return m_id; }
    QRectF frame() const { return m_frame; }
    void setFrame(const QRectF &frame); // an empty frame hides it

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    QString m_id;
    QString m_label;
    QRectF m_frame;
};

} // namespace scalelab::widgets
