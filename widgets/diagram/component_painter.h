#pragma once

#include "model/analysis.h"
#include "model/model.h"

#include <QColor>
#include <QRectF>
#include <QString>

class QPainter;

namespace scalelab::diagram {

// How a component is drawn, in coordinates relative to its position (the centre of its icon):
// the exported diagram and the workbench's canvas both paint through here, so that a picture
// shows exactly what the canvas shows while nobody is editing or running it.
class ComponentPainter {
public:
    // Where links end: around the icon, not the label.
    static QRectF iconRect() { return {-24, -24, 48, 48}; }
    // The frame around the icon that the bottleneck mark and the live load colour fill.
    static QRectF frameRect() { return iconRect().adjusted(-6, -6, 6, 6); }
    static QRectF labelRect() { return {-75, 27, 150, 16}; }
    static QRectF loadBarRect() { return {-28, 47, 56, 5}; }
    static QRectF spofBadgeRect() { return {12, -34, 36, 15}; }
    // Everything a component may paint, down to the live figures' second line under the bar.
    static QRectF boundingRect() { return {-76, -36, 152, 120}; }

    // Text sizes in scene pixels: the name, and the figures (the smallest text drawn). Below
    // kReadablePixels on screen text is noise, so a view zoomed out further draws less.
    static constexpr int kNamePixels = 12;
    static constexpr int kFigurePixels = 10;
    static constexpr double kReadablePixels = 9;
    // The least zoom at which every text of a component is kReadablePixels high or more.
    static constexpr double readableZoom() { return kReadablePixels / kFigurePixels; }
    // Whether text is worth drawing at `scale` (scene pixels to screen pixels).
    static bool textReadableAt(double scale) { return scale >= readableZoom() - 1e-9; }
    // A font of `pixels` height on the painter's family.
    static void setTextPixels(QPainter *painter, int pixels, bool bold = false);
    // What a region frame must enclose of a component at `position`: label and load bar
    // included, with a margin.
    static QRectF footprint(QPointF position)
    {
        return {position + QPointF(-72, -66), QSizeF(144, 136)};
    }

    // The name a component goes by on the canvas: its label, or its id when it has none.
    static QString caption(const model::Component &component)
    {
        return component.label.isEmpty() ? component.id : component.label;
    }
    // What the load bar shows of an estimate: its utilisation, or -1 (no bar) without an
    // estimate or for a component that is not a queueing station.
    static double predictedUtilization(const model::ComponentEstimate *estimate)
    {
        return estimate && estimate->servers > 0 ? estimate->utilization : -1;
    }
    // The predicted load in three steps: calm, busy (70 %), saturated.
    static QColor loadColour(double utilization);

    // The component as the analytic estimate sees it: the bottleneck frame, the icon, the name
    // and, for a queueing station (`utilization` >= 0), the load bar with its percentage. The
    // painter's font is the base the name's and the figures' sizes are set on.
    // With `text` false (a view zoomed out past readableZoom()) only the icon and its load
    // colour are drawn.
    static void paintEstimate(QPainter *painter, model::ComponentKind kind, const QString &caption,
                              double utilization, bool bottleneck, bool text = true);
    static void paintBottleneckFrame(QPainter *painter, const QColor &colour);
    static void paintIcon(QPainter *painter, model::ComponentKind kind);
    // The name under the icon, elided in the middle, on a halo that keeps it readable where
    // links pass under it; leaves the painter's font at the name's size.
    static void paintCaption(QPainter *painter, const QString &caption, const QColor &halo,
                             const QColor &ink);
    // The bar's track and its part filled up to `fraction` (clamped to 0..1) in `fill`.
    static void paintLoadBar(QPainter *painter, double fraction, const QColor &fill);
    // The figure right of the load bar, in the painter's font.
    static void paintLoadBarText(QPainter *painter, const QString &text, const QColor &ink);
    // The red "SPOF" badge at the icon's top right; without `text`, the red mark alone.
    static void paintSpofBadge(QPainter *painter, bool text = true);
};

} // namespace scalelab::diagram
