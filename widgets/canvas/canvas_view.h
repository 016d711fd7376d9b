#pragma once

#include <QGraphicsView>

class QLabel;

namespace scalelab::widgets {

// The view on the canvas: wheel and keyboard zoom, fit to the contents, and panning with the
// middle button or with the space bar held while dragging. While a run is shown, a banner at the
// top tells the bottleneck story.
class CanvasView : public QGraphicsView {
    Q_OBJECT

public:
    explicit CanvasView(QGraphicsScene *scene, QWidget *parent = nullptr);

    double zoom() const { return transform().m11(); }
    QLabel *storyBanner() const { return m_banner; }

public slots:
    void zoomIn();
    void zoomOut();
    void fitToContents();

protected:
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void keyReleaseEvent(QKeyEvent *event) override;
    void drawForeground(QPainter *painter, const QRectF &rect) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void scaleBy(double factor);
    void showStory(const QString &bottleneck, const QString &story);
    void placeBanner();

    bool m_hintShown = false;
    bool m_spaceHeld = false;
    bool m_panning = false;
    bool m_autoFit = false; // refit on resize: set by fitToContents(), cleared by zoom or pan
    QPoint m_panFrom;
    QLabel *m_banner = nullptr;
};

} // namespace scalelab::widgets
