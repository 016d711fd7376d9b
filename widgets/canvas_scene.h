#pragma once

#include "model/analysis.h"
#include "model/architecture_document.h"

#include <QGraphicsScene>
#include <QHash>
#include <QList>
#include <QPointer>

class QUndoStack;
class QGraphicsLineItem;

namespace scalelab::widgets {

class ComponentItem;
class LinkItem;
class RegionItem;

// The canvas: items built from an Architecture document and kept in step with it by its signals
// alone. Gestures (drop, drag, connect, delete) become undo commands on the stack; the scene
// never changes the model any other way.
class CanvasScene : public QGraphicsScene {
    Q_OBJECT

public:
    static constexpr char kTypeMimeType[] = "application/x-scalelab-component-type";

    CanvasScene(model::ArchitectureDocument &document, QUndoStack &undoStack,
                QObject *parent = nullptr);
    CanvasScene() = delete;
    ~CanvasScene() override;

    model::ArchitectureDocument &document() const { return m_document; }
    ComponentItem *componentItem(const QString &id) const { return m_components.value(id); }
    int componentItemCount() const { return static_cast<int>(m_components.size()); }
    const QList<LinkItem *> &linkItems() const { return m_links; } // in model link order
    RegionItem *regionItem(const QString &id) const { return m_regions.value(id); }
    const model::Analysis &analysis() const { return m_analysis; }
    QStringList selectedComponentIds() const; // in model order

    // Edits through the undo stack; on a refusal they emit message() and return false.
    bool addComponentAt(const QString &type, QPointF position);
    bool addLinkBetween(const QString &from, const QString &to, model::Link::Kind kind);
    void deleteSelection();

    // Re-runs the analytic estimate and shows it on the items. Edits schedule it for the next
    // turn of the event loop, so that one gesture's several signals cost one analysis.
    void refreshEstimates();
    // Called by a component item while it is dragged, so region frames follow.
    void componentItemMoved(ComponentItem *item);
    QRectF contentsRect() const; // the components and regions, for fitting the view

signals:
    void message(const QString &text);
    // The one selected component's id, or empty when none or several are selected.
    void currentComponentChanged(const QString &id);

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;
    void dragEnterEvent(QGraphicsSceneDragDropEvent *event) override;
    void dragMoveEvent(QGraphicsSceneDragDropEvent *event) override;
    void dropEvent(QGraphicsSceneDragDropEvent *event) override;
    void drawBackground(QPainter *painter, const QRectF &rect) override;

private:
    void rebuild();
    void addComponentItem(const QString &id);
    void addLinkItem(int index);
    void onComponentAdded(const QString &id);
    void onComponentRemoved(const QString &id);
    void onComponentChanged(const QString &id);
    void onComponentMoved(const QString &id, QPointF position);
    void onLinkAdded(int index);
    void onLinkRemoved(int index);
    void scheduleEstimates();
    void updateRegions();
    ComponentItem *componentAt(QPointF scenePosition) const;

    model::ArchitectureDocument &m_document;
    QUndoStack &m_undoStack;
    QHash<QString, ComponentItem *> m_components;
    QList<LinkItem *> m_links;
    QHash<QString, RegionItem *> m_regions;
    model::Analysis m_analysis;
    bool m_estimatesPending = false;

    // A drag of components: where each started, so the release pushes one move.
    QHash<QString, QPointF> m_dragStart;
    int m_gesture = 0;
    // A connection being drawn from m_connectFrom with the rubber line.
    ComponentItem *m_connectFrom = nullptr;
    model::Link::Kind m_connectKind = model::Link::Kind::Request;
    QGraphicsLineItem *m_connectLine = nullptr;
};

} // namespace scalelab::widgets
