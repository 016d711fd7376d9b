#include "widgets/canvas/canvas_view.h"

#include "widgets/canvas/canvas_scene.h"
#include "widgets/diagram/component_painter.h"

#include <QKeyEvent>
#include <QLabel>
#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace scalelab::widgets {

namespace {

constexpr double kMinZoom = 0.05;
constexpr double kMaxZoom = 4;
constexpr double kStep = 1.2;

} // namespace

CanvasView::CanvasView(QGraphicsScene *scene, QWidget *parent) : QGraphicsView(scene, parent)
{
    setObjectName(QStringLiteral("canvas"));
    setAccessibleName(QStringLiteral("Architecture canvas"));
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing |
                   QPainter::SmoothPixmapTransform);
    setDragMode(QGraphicsView::RubberBandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setAcceptDrops(true);
    // Room to pan beyond the drawing, so a new component can go anywhere.
    setSceneRect(QRectF(-5000, -5000, 10000, 10000));
    // The empty-canvas hint spans the viewport: erase all of it once the first item arrives.
    connect(scene, &QGraphicsScene::changed, this, [this] {
        if (m_hintShown)
            viewport()->update();
    });
    m_banner = new QLabel(this);
    m_banner->setObjectName(QStringLiteral("storyBanner"));
    m_banner->setWordWrap(true);
    m_banner->setTextFormat(Qt::RichText);
    // It tells, it does not take clicks: the canvas under it stays usable.
    m_banner->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_banner->hide();
    if (auto *canvas = qobject_cast<CanvasScene *>(scene))
        connect(canvas, &CanvasScene::storyChanged, this, &CanvasView::showStory);
}

void CanvasView::showStory(const QString &bottleneck, const QString &story)
{
    if (story.isEmpty()) {
        m_banner->hide();
        return;
    }
    // "nothing is near..." starts a sentence; a component's id keeps its spelling.
    const QString sentence = bottleneck.isEmpty() ? story.left(1).toUpper() + story.mid(1) : story;
    if (bottleneck.isEmpty()) {
        m_banner->setStyleSheet(QStringLiteral(
            "QLabel { background: rgba(240, 247, 242, 235); border: 1px solid #9fcfb0; "
            "border-radius: 6px; padding: 5px 9px; color: #2f4858; }"));
        m_banner->setText(sentence.toHtmlEscaped());
    } else {
        m_banner->setStyleSheet(QStringLiteral(
            "QLabel { background: rgba(255, 245, 240, 240); border: 1px solid #e08a7a; "
            "border-radius: 6px; padding: 5px 9px; color: #2f4858; }"));
        m_banner->setText(QStringLiteral("<b>Bottleneck: %1</b> — %2")
                              .arg(bottleneck.toHtmlEscaped(), sentence.toHtmlEscaped()));
    }
    m_banner->setAccessibleName(m_banner->text());
    placeBanner();
    m_banner->show();
}

// The banner floats over the top of the canvas: it appearing or going never moves the drawing
// under the learner's pointer, and it lets clicks through to what is under it.
void CanvasView::placeBanner()
{
    const QRect frame = viewport()->geometry();
    const int width = std::max(200, frame.width() - 12);
    m_banner->setFixedWidth(width);
    const int height = m_banner->heightForWidth(width);
    m_banner->setFixedHeight(height > 0 ? height : m_banner->sizeHint().height());
    m_banner->move(frame.left() + 6, frame.top() + 4);
    m_banner->raise();
}

void CanvasView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    if (!m_banner->isHidden())
        placeBanner();
    // Until the learner zooms or pans, the drawing keeps fitting the view as the window and its
    // docks settle or change size.
    if (m_autoFit)
        fitToContents();
}

void CanvasView::scaleBy(double factor)
{
    m_autoFit = false;
    const double target = std::clamp(zoom() * factor, kMinZoom, kMaxZoom);
    scale(target / zoom(), target / zoom());
}

void CanvasView::zoomIn()
{
    const auto anchor = transformationAnchor();
    setTransformationAnchor(QGraphicsView::AnchorViewCenter);
    scaleBy(kStep);
    setTransformationAnchor(anchor);
}

void CanvasView::zoomOut()
{
    const auto anchor = transformationAnchor();
    setTransformationAnchor(QGraphicsView::AnchorViewCenter);
    scaleBy(1 / kStep);
    setTransformationAnchor(anchor);
}

void CanvasView::fitToContents()
{
    auto *canvas = qobject_cast<CanvasScene *>(scene());
    QRectF contents = canvas ? canvas->contentsRect() : scene()->itemsBoundingRect();
    if (contents.isEmpty())
        contents = QRectF(-300, -200, 600, 400);
    m_autoFit = true;
    fitInView(contents.adjusted(-20, -20, 20, 20), Qt::KeepAspectRatio);
    // A small model is not blown up beyond its natural size, and a large one is not shrunk
    // past where its names and figures read: the learner scrolls to see the rest.
    const double fitted = std::clamp(zoom(), diagram::ComponentPainter::readableZoom(), 1.0);
    setTransform(QTransform::fromScale(fitted, fitted));
    // Too large to show whole: its upstream end (clients, at the left) comes first.
    const QRectF shown = mapToScene(viewport()->rect()).boundingRect();
    if (shown.width() < contents.width() || shown.height() < contents.height())
        centerOn(QPointF(contents.left() + std::min(shown.width(), contents.width()) / 2 - 20,
                         contents.top() + std::min(shown.height(), contents.height()) / 2 - 20));
    else
        centerOn(contents.center());
}

void CanvasView::wheelEvent(QWheelEvent *event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps != 0)
        scaleBy(std::pow(kStep, steps));
    event->accept();
}

void CanvasView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::MiddleButton || (event->button() == Qt::LeftButton && m_spaceHeld)) {
        m_panning = true;
        m_autoFit = false;
        m_panFrom = event->position().toPoint();
        viewport()->setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QGraphicsView::mousePressEvent(event);
}

void CanvasView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_panning) {
        const QPoint now = event->position().toPoint();
        const QPoint delta = now - m_panFrom;
        m_panFrom = now;
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta.x());
        verticalScrollBar()->setValue(verticalScrollBar()->value() - delta.y());
        event->accept();
        return;
    }
    QGraphicsView::mouseMoveEvent(event);
}

void CanvasView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_panning) {
        m_panning = false;
        viewport()->setCursor(m_spaceHeld ? Qt::OpenHandCursor : Qt::ArrowCursor);
        event->accept();
        return;
    }
    QGraphicsView::mouseReleaseEvent(event);
}

void CanvasView::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_spaceHeld = true;
        viewport()->setCursor(Qt::OpenHandCursor);
        event->accept();
        return;
    }
    QGraphicsView::keyPressEvent(event);
}

void CanvasView::keyReleaseEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_spaceHeld = false;
        viewport()->setCursor(Qt::ArrowCursor);
        event->accept();
        return;
    }
    QGraphicsView::keyReleaseEvent(event);
}

void CanvasView::drawForeground(QPainter *painter, const QRectF &rect)
{
    QGraphicsView::drawForeground(painter, rect);
    auto *canvas = qobject_cast<CanvasScene *>(scene());
    m_hintShown = canvas && canvas->componentItemCount() == 0;
    if (!m_hintShown)
        return;
    // An empty canvas says how to begin.
    painter->save();
    painter->resetTransform();
    QFont font = painter->font();
    font.setPointSizeF(font.pointSizeF() * 1.3);
    painter->setFont(font);
    painter->setPen(QColor(0x7a, 0x8e, 0x9a));
    painter->drawText(viewport()->rect(), Qt::AlignCenter | Qt::TextWordWrap,
                      QStringLiteral("Drag a client, a web server and a database here from the "
                                     "palette,\nthen Shift+drag from one to the next to connect "
                                     "them."));
    painter->restore();
}

} // namespace scalelab::widgets
