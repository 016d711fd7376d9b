#include "widgets/canvas/canvas_scene.h"

#include "widgets/canvas/component_item.h"
#include "widgets/canvas/link_item.h"
#include "widgets/canvas/region_item.h"
#include "widgets/canvas/trace_highlight.h"
#include "widgets/diagram/auto_layout.h"
#include "widgets/diagram/component_painter.h"
#include "widgets/editing/edit_commands.h"

#include "model/component_kind.h"

#include <QGraphicsLineItem>
#include <QGraphicsSceneContextMenuEvent>
#include <QGraphicsSceneDragDropEvent>
#include <QGraphicsSceneMouseEvent>
#include <QMenu>
#include <QMimeData>
#include <QPainter>
#include <QTimer>
#include <QUndoStack>

#include <cmath>

namespace scalelab::widgets {

namespace {

QRectF footprint(const ComponentItem *item)
{
    return diagram::ComponentPainter::footprint(item->pos());
}

constexpr int kAnimationIntervalMs = 30;
constexpr double kDotSpeed = 45; // scene units a second: calm enough to follow with the eye

} // namespace

CanvasScene::CanvasScene(model::ArchitectureDocument &document, QUndoStack &undoStack,
                         QObject *parent)
    : QGraphicsScene(parent), m_document(document), m_undoStack(undoStack)
{
    using Document = model::ArchitectureDocument;
    connect(&document, &Document::modelReset, this, &CanvasScene::rebuild);
    connect(&document, &Document::componentAdded, this, &CanvasScene::onComponentAdded);
    connect(&document, &Document::componentRemoved, this, &CanvasScene::onComponentRemoved);
    connect(&document, &Document::componentChanged, this, &CanvasScene::onComponentChanged);
    connect(&document, &Document::componentMoved, this, &CanvasScene::onComponentMoved);
    connect(&document, &Document::linkAdded, this, &CanvasScene::onLinkAdded);
    connect(&document, &Document::linkRemoved, this,
            [this](int index, const model::Link &) { onLinkRemoved(index); });
    connect(this, &QGraphicsScene::selectionChanged, this, [this] {
        const QStringList ids = selectedComponentIds();
        emit currentComponentChanged(ids.size() == 1 ? ids.first() : QString());
    });
    m_animation.setInterval(kAnimationIntervalMs);
    connect(&m_animation, &QTimer::timeout, this, &CanvasScene::animate);
    rebuild();
}

CanvasScene::~CanvasScene()
{
    // Deleting items changes the selection: nobody should hear of it any more.
    disconnect(this, &QGraphicsScene::selectionChanged, nullptr, nullptr);
    m_components.clear();
    // Links detach from their ends when deleted: delete them before the components.
    qDeleteAll(m_links);
    m_links.clear();
}

void CanvasScene::rebuild()
{
    m_connectFrom = nullptr;
    m_connectLine = nullptr;
    m_dragStart.clear();
    // Forget the items before deleting them: clear() announces selection changes on the way.
    m_components.clear();
    m_regions.clear();
    qDeleteAll(m_links);
    m_links.clear();
    clear();
    const model::Model &model = m_document.model();
    for (const model::Region &region : model.regions) {
        auto *item = new RegionItem(region.id, region.label);
        addItem(item);
        m_regions.insert(region.id, item);
    }
    for (const model::Component &component : model.components)
        addComponentItem(component.id);
    for (int i = 0; i < model.links.size(); ++i)
        addLinkItem(i);
    updateRegions();
    refreshEstimates();
    emit currentComponentChanged(QString());
}

void CanvasScene::addComponentItem(const QString &id)
{
    const model::Model &model = m_document.model();
    const model::Component *component = model.find(id);
    if (!component || m_components.contains(id))
        return;
    auto *item = new ComponentItem(*component);
    QPointF position = model.layout.value(id);
    if (!model.layout.contains(id))
        position = diagram::autoLayout(model).value(id); // a model file without a layout
    item->setPos(position);
    addItem(item);
    m_components.insert(id, item);
}

void CanvasScene::addLinkItem(int index)
{
    const model::Link &link = m_document.model().links.at(index);
    ComponentItem *from = m_components.value(link.from);
    ComponentItem *to = m_components.value(link.to);
    if (!from || !to)
        return;
    auto *item = new LinkItem(from, to, link.kind);
    addItem(item);
    m_links.insert(index, item);
}

void CanvasScene::onComponentAdded(const QString &id)
{
    addComponentItem(id);
    updateRegions();
    scheduleEstimates();
}

void CanvasScene::onComponentRemoved(const QString &id)
{
    ComponentItem *item = m_components.take(id);
    if (!item)
        return;
    m_dragStart.remove(id);
    if (m_connectFrom == item)
        m_connectFrom = nullptr;
    // The document announces a component's links before it, so none should be left; be safe.
    for (qsizetype i = m_links.size() - 1; i >= 0; --i)
        if (m_links.at(i)->from() == item || m_links.at(i)->to() == item)
            delete m_links.takeAt(i);
    delete item;
    updateRegions();
    scheduleEstimates();
}

void CanvasScene::onComponentChanged(const QString &id)
{
    if (ComponentItem *item = m_components.value(id))
        if (const model::Component *component = m_document.model().find(id))
            item->setComponent(*component);
    updateRegions();
    scheduleEstimates();
}

void CanvasScene::onComponentMoved(const QString &id, QPointF position)
{
    if (ComponentItem *item = m_components.value(id); item && item->pos() != position)
        item->setPos(position);
}

void CanvasScene::onLinkAdded(int index)
{
    addLinkItem(index);
    scheduleEstimates();
}

void CanvasScene::onLinkRemoved(int index)
{
    if (index >= 0 && index < m_links.size())
        delete m_links.takeAt(index);
    scheduleEstimates();
}

void CanvasScene::scheduleEstimates()
{
    if (m_estimatesPending)
        return;
    m_estimatesPending = true;
    QTimer::singleShot(0, this, [this] {
        if (m_estimatesPending)
            refreshEstimates();
    });
}

void CanvasScene::refreshEstimates()
{
    m_estimatesPending = false;
    m_analysis = model::analyze(m_document.model());
    QHash<QString, const model::ComponentEstimate *> byId;
    for (const model::ComponentEstimate &e : std::as_const(m_analysis.estimates))
        byId.insert(e.id, &e);
    for (auto it = m_components.cbegin(); it != m_components.cend(); ++it) {
        const model::ComponentEstimate *e = byId.value(it.key());
        it.value()->setEstimate(e ? std::optional(*e) : std::nullopt,
                                it.key() == m_analysis.bottleneck &&
                                    m_analysis.bottleneckUtilization > 0,
                                m_analysis.spofReasons.value(it.key()));
    }
}

void CanvasScene::showSnapshot(const std::shared_ptr<const run::Snapshot> &snapshot)
{
    if (!snapshot) {
        clearSnapshot();
        return;
    }
    m_snapshot = snapshot;
    const run::Snapshot &s = *snapshot;
    const std::vector<sim::ComponentSample> &samples = s.live.components;
    // At the clock's zero nothing is measured yet: the estimate says more.
    const bool measured = s.nowS > 0 && s.state != run::RunState::Empty;
    for (auto it = m_components.cbegin(); it != m_components.cend(); ++it) {
        const qsizetype i = s.components.indexOf(it.key());
        if (measured && i >= 0 && static_cast<std::size_t>(i) < samples.size())
            it.value()->setLive(samples[static_cast<std::size_t>(i)], it.key() == s.bottleneck);
        else
            it.value()->clearLive();
    }
    // Engine links are the model's request links in model order: replication streams are
    // attached to their databases rather than sent along.
    const model::Model &model = m_document.model();
    std::size_t engineLink = 0;
    for (qsizetype i = 0; i < model.links.size() && i < m_links.size(); ++i) {
        const model::Link &link = model.links.at(i);
        if (link.kind == model::Link::Kind::Replication) {
            m_links.at(i)->clearFlow();
            continue;
        }
        const std::size_t index = engineLink++;
        if (!measured || index >= s.live.linkRps.size()) {
            m_links.at(i)->clearFlow();
            continue;
        }
        const qsizetype callee = s.components.indexOf(link.to);
        double ms = std::nan("");
        if (callee >= 0 && static_cast<std::size_t>(callee) < samples.size()) {
            const sim::ComponentSample &x = samples[static_cast<std::size_t>(callee)];
            ms = x.meanResponseMs;
            // A saturated tier may finish none of the requests that arrived in the window: by
            // Little's law its waiting line alone holds each for queue / throughput.
            if (std::isnan(ms) && x.queueLength > 0 && x.throughputRps > 0)
                ms = x.queueLength / x.throughputRps * 1000;
        }
        m_links.at(i)->setFlow(s.live.linkRps[index], ms);
    }
    if (measured)
        setStory(s.bottleneck, s.story);
    else
        setStory({}, {});
    updateAnimation();
}

void CanvasScene::clearSnapshot()
{
    m_snapshot.reset();
    for (ComponentItem *item : std::as_const(m_components))
        item->clearLive();
    for (LinkItem *link : std::as_const(m_links))
        link->clearFlow();
    setStory({}, {});
    updateAnimation();
}

void CanvasScene::setStory(const QString &bottleneck, const QString &story)
{
    if (bottleneck == m_bottleneck && story == m_story)
        return;
    m_bottleneck = bottleneck;
    m_story = story;
    emit storyChanged(bottleneck, story);
}

void CanvasScene::setLinkAnimation(bool on)
{
    m_animateLinks = on;
    updateAnimation();
}

void CanvasScene::updateAnimation()
{
    bool flowing = false;
    for (const LinkItem *link : std::as_const(m_links))
        flowing = flowing || link->flowRps() > 0;
    const bool moving =
        m_animateLinks && flowing && m_snapshot && m_snapshot->state == run::RunState::Running;
    if (moving && !m_animation.isActive()) {
        m_animationClock.start();
        m_animation.start();
    } else if (!moving && m_animation.isActive()) {
        m_animation.stop();
    }
}

void CanvasScene::animate()
{
    m_travel += static_cast<double>(m_animationClock.restart()) / 1000 * kDotSpeed;
    for (LinkItem *link : std::as_const(m_links))
        link->setTravel(m_travel);
}

QMenu *CanvasScene::componentMenu(const QString &id, QWidget *parent)
{
    auto *menu = new QMenu(parent);
    menu->setObjectName(QStringLiteral("componentMenu"));
    emit componentMenuRequested(id, menu);
    return menu;
}

void CanvasScene::contextMenuEvent(QGraphicsSceneContextMenuEvent *event)
{
    ComponentItem *item = componentAt(event->scenePos());
    if (!item) {
        QGraphicsScene::contextMenuEvent(event);
        return;
    }
    if (!item->isSelected()) {
        clearSelection();
        item->setSelected(true);
    }
    const std::unique_ptr<QMenu> menu(componentMenu(item->id(), event->widget()));
    if (!menu->isEmpty())
        menu->exec(event->screenPos());
    event->accept();
}

void CanvasScene::componentItemMoved(ComponentItem *)
{
    updateRegions();
}

void CanvasScene::updateRegions()
{
    QHash<QString, QRectF> frames;
    for (ComponentItem *item : std::as_const(m_components)) {
        const QString region = item->component().region;
        if (!region.isEmpty())
            frames[region] = frames.value(region).united(footprint(item));
    }
    for (auto it = m_regions.cbegin(); it != m_regions.cend(); ++it)
        it.value()->setFrame(frames.value(it.key()));
}

QRectF CanvasScene::contentsRect() const
{
    QRectF rect;
    for (ComponentItem *item : std::as_const(m_components))
        rect = rect.united(footprint(item));
    for (RegionItem *region : std::as_const(m_regions))
        rect = rect.united(region->frame());
    return rect;
}

QStringList CanvasScene::selectedComponentIds() const
{
    QStringList ids;
    for (const model::Component &component : m_document.model().components)
        if (ComponentItem *item = m_components.value(component.id); item && item->isSelected())
            ids.append(component.id);
    return ids;
}

bool CanvasScene::addComponentAt(const QString &type, QPointF position)
{
    // The palette and drops name the type as the files do; past here the component has a kind.
    const std::optional<model::ComponentKind> kind = model::kindNamed(type);
    if (!kind) {
        emit message(QStringLiteral("Cannot add %1: there is no such component type").arg(type));
        return false;
    }
    // The table's defaults, plus a starting value for each required parameter, so that the model
    // stays loadable at once; its id starts from the kind's stem ("web", "db").
    const model::Component component =
        model::newComponentOf(*kind, m_document.uniqueId(model::kindSpec(*kind).idStem));
    QString error;
    if (!pushEdit(m_undoStack,
                  new AddComponentCommand(m_document, component, ComponentItem::snapped(position)),
                  &error)) {
        emit message(QStringLiteral("Cannot add %1: %2").arg(type, error));
        return false;
    }
    clearSelection();
    if (ComponentItem *item = m_components.value(component.id))
        item->setSelected(true);
    emit message(QStringLiteral("Added %1").arg(component.id));
    return true;
}

bool CanvasScene::addLinkBetween(const QString &from, const QString &to, model::Link::Kind kind)
{
    model::Link link;
    link.from = from;
    link.to = to;
    link.kind = kind;
    QString error;
    if (!pushEdit(m_undoStack, new AddLinkCommand(m_document, link), &error)) {
        emit message(QStringLiteral("Cannot connect %1 → %2: %3").arg(from, to, error));
        return false;
    }
    emit message(QStringLiteral("Connected %1 → %2%3")
                     .arg(from, to,
                          kind == model::Link::Kind::Replication ? QStringLiteral(" (replication)")
                                                                 : QString()));
    return true;
}

void CanvasScene::deleteSelection()
{
    const QStringList ids = selectedComponentIds();
    // Links chosen on their own, highest index first so the others' indices stay true.
    QList<int> links;
    for (int i = static_cast<int>(m_links.size()) - 1; i >= 0; --i) {
        LinkItem *link = m_links.at(i);
        if (link->isSelected() && !ids.contains(link->from()->id()) &&
            !ids.contains(link->to()->id()))
            links.append(i);
    }
    if (ids.isEmpty() && links.isEmpty())
        return;
    const bool macro = (ids.isEmpty() ? 0 : 1) + links.size() > 1;
    if (macro)
        m_undoStack.beginMacro(QStringLiteral("Delete %1 items").arg(ids.size() + links.size()));
    for (int index : std::as_const(links))
        pushEdit(m_undoStack, new RemoveLinkCommand(m_document, index));
    if (!ids.isEmpty())
        pushEdit(m_undoStack, new RemoveComponentsCommand(m_document, ids));
    if (macro)
        m_undoStack.endMacro();
}

ComponentItem *CanvasScene::componentAt(QPointF scenePosition) const
{
    for (QGraphicsItem *item : items(scenePosition)) {
        while (item->parentItem())
            item = item->parentItem();
        if (auto *component = qgraphicsitem_cast<ComponentItem *>(item))
            return component;
    }
    return nullptr;
}

void CanvasScene::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    const Qt::KeyboardModifiers connecting = Qt::ShiftModifier | Qt::AltModifier;
    if (event->button() == Qt::LeftButton && (event->modifiers() & connecting)) {
        if (ComponentItem *from = componentAt(event->scenePos())) {
            m_connectFrom = from;
            m_connectKind = (event->modifiers() & Qt::AltModifier) ? model::Link::Kind::Replication
                                                                   : model::Link::Kind::Request;
            m_connectLine =
                addLine(QLineF(from->pos(), event->scenePos()),
                        QPen(QColor(0x2d, 0x7d, 0xd2), 1.5,
                             m_connectKind == model::Link::Kind::Replication ? Qt::DashLine
                                                                             : Qt::SolidLine));
            m_connectLine->setZValue(5);
            event->accept();
            return;
        }
    }
    QGraphicsScene::mousePressEvent(event);
    m_dragStart.clear();
    if (event->button() == Qt::LeftButton) {
        ++m_gesture;
        for (QGraphicsItem *item : selectedItems())
            if (auto *component = qgraphicsitem_cast<ComponentItem *>(item))
                m_dragStart.insert(component->id(), component->pos());
    }
}

void CanvasScene::mouseMoveEvent(QGraphicsSceneMouseEvent *event)
{
    if (m_connectLine) {
        m_connectLine->setLine(QLineF(m_connectLine->line().p1(), event->scenePos()));
        event->accept();
        return;
    }
    QGraphicsScene::mouseMoveEvent(event);
}

void CanvasScene::mouseReleaseEvent(QGraphicsSceneMouseEvent *event)
{
    if (m_connectLine) {
        delete m_connectLine;
        m_connectLine = nullptr;
        ComponentItem *from = m_connectFrom;
        m_connectFrom = nullptr;
        ComponentItem *to = componentAt(event->scenePos());
        if (from && to && to != from)
            addLinkBetween(from->id(), to->id(), m_connectKind);
        else if (from)
            emit message(QStringLiteral("Release on another component to connect it"));
        event->accept();
        return;
    }
    QGraphicsScene::mouseReleaseEvent(event);
    if (event->button() != Qt::LeftButton)
        return;
    QList<MoveComponentsCommand::Move> moves;
    for (const model::Component &component : m_document.model().components) {
        ComponentItem *item = m_components.value(component.id);
        if (item && m_dragStart.contains(component.id) &&
            item->pos() != m_dragStart.value(component.id))
            moves.append({component.id, m_dragStart.value(component.id), item->pos()});
    }
    m_dragStart.clear();
    if (!moves.isEmpty()) {
        QString error;
        if (!pushEdit(m_undoStack, new MoveComponentsCommand(m_document, moves, m_gesture), &error))
            emit message(error);
    }
}

void CanvasScene::dragEnterEvent(QGraphicsSceneDragDropEvent *event)
{
    if (event->mimeData()->hasFormat(QLatin1String(kTypeMimeType)))
        event->acceptProposedAction();
    else
        QGraphicsScene::dragEnterEvent(event);
}

void CanvasScene::dragMoveEvent(QGraphicsSceneDragDropEvent *event)
{
    if (event->mimeData()->hasFormat(QLatin1String(kTypeMimeType)))
        event->acceptProposedAction();
    else
        QGraphicsScene::dragMoveEvent(event);
}

void CanvasScene::dropEvent(QGraphicsSceneDragDropEvent *event)
{
    if (!event->mimeData()->hasFormat(QLatin1String(kTypeMimeType))) {
        QGraphicsScene::dropEvent(event);
        return;
    }
    addComponentAt(QString::fromUtf8(event->mimeData()->data(QLatin1String(kTypeMimeType))),
                   event->scenePos());
    event->acceptProposedAction();
}

void CanvasScene::drawBackground(QPainter *painter, const QRectF &rect)
{
    painter->fillRect(rect, QColor(0xfb, 0xfc, 0xfd));
    // Dots on the snapping grid's every other line, when they are far enough apart to read.
    constexpr double spacing = ComponentItem::kGrid * 2;
    if (painter->worldTransform().m11() * spacing < 8)
        return;
    painter->setPen(QPen(QColor(0xcf, 0xd8, 0xde), 1.5));
    QList<QPointF> dots;
    for (double x = std::floor(rect.left() / spacing) * spacing; x < rect.right(); x += spacing)
        for (double y = std::floor(rect.top() / spacing) * spacing; y < rect.bottom(); y += spacing)
            dots.append(QPointF(x, y));
    painter->drawPoints(dots.constData(), static_cast<int>(dots.size()));
}

void CanvasScene::highlightTrace(const QList<QPair<QString, QString>> &hops, const QString &current,
                                 const QString &caption)
{
    auto *item = qobject_cast<TraceHighlight *>(m_traceHighlight.data());
    if (hops.isEmpty() && current.isEmpty()) {
        delete item;
        return;
    }
    if (!item) {
        item = new TraceHighlight;
        addItem(item);
        m_traceHighlight = item;
    }
    item->setPath(hops, current, caption);
}

} // namespace scalelab::widgets
