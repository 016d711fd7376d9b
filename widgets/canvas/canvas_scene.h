#pragma once

#include "model/analysis.h"
#include "model/architecture_document.h"
#include "run/run_snapshot.h"

#include <QElapsedTimer>
#include <QGraphicsScene>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QTimer>

#include <memory>

class QMenu;
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

    // A moment of a live run of this model: measured figures on the components, the request
    // flow on the links, the bottleneck marked and its story told (storyChanged). Before the
    // clock has moved the estimate stays.
    void showSnapshot(const std::shared_ptr<const run::Snapshot> &snapshot);
    // Back to the estimate: no run, or the model changed since the run was loaded.
    void clearSnapshot();
    const std::shared_ptr<const run::Snapshot> &snapshot() const { return m_snapshot; }
    // Moving dots on the links while a run goes; off, no timer runs (the dots stand still).
    void setLinkAnimation(bool on);
    bool linkAnimation() const { return m_animateLinks; }
    bool linkAnimationRunning() const { return m_animation.isActive(); }
    // The right-click menu of a component, filled by whoever listens to componentMenuRequested.
    // The caller owns it.
    QMenu *componentMenu(const QString &id, QWidget *parent = nullptr);

signals:
    void message(const QString &text);
    // The one selected component's id, or empty when none or several are selected.
    void currentComponentChanged(const QString &id);
    // The run's bottleneck (empty if nothing limits it) and the engine's sentence on it; both
    // empty when no run is shown.
    void storyChanged(const QString &bottleneck, const QString &story);
    // A component's menu is being made: add actions to it.
    void componentMenuRequested(const QString &id, QMenu *menu);

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;
    void dragEnterEvent(QGraphicsSceneDragDropEvent *event) override;
    void dragMoveEvent(QGraphicsSceneDragDropEvent *event) override;
    void dropEvent(QGraphicsSceneDragDropEvent *event) override;
    void drawBackground(QPainter *painter, const QRectF &rect) override;
    void contextMenuEvent(QGraphicsSceneContextMenuEvent *event) override;

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
    void setStory(const QString &bottleneck, const QString &story);
    void updateAnimation();
    void animate();

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

    // The live run shown, if any.
    std::shared_ptr<const run::Snapshot> m_snapshot;
    QString m_bottleneck;
    QString m_story;
    // One timer moves the dots of every link.
    QTimer m_animation;
    QElapsedTimer m_animationClock;
    double m_travel = 0;
    bool m_animateLinks = true;

public:
    // A traced request on the canvas: the links of its sends (from, to) glow, numbered, the
    // components it reached are outlined and `current` (where it is now; empty once back) glows
    // with `caption`. No hops and no current clears it.
    void highlightTrace(const QList<QPair<QString, QString>> &hops, const QString &current,
                        const QString &caption = {});

private:
    QPointer<QObject> m_traceHighlight; // a TraceHighlight the scene owns; clear() may delete it
};

} // namespace scalelab::widgets
