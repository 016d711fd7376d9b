#include "diagram_renderer.h"

#include "auto_layout.h"
#include "widgets/canvas_scene.h"

#include "model/architecture_document.h"

#include <QBuffer>
#include <QImage>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QUndoStack>

#include <cmath>

namespace scalelab::widgets {

namespace {

constexpr double kMargin = 24;     // scene units of white around the diagram
constexpr double kPngScale = 2;    // device pixels per scene unit: sharp on high-density screens
constexpr double kPdfMarginMm = 8; // the page's own margin, on top of kMargin
// The canvas's font sizes are in points on a 96 dpi logical screen; drawing the vector formats at
// that resolution keeps every name the size it has next to its icon on the canvas.
constexpr int kCanvasDpi = 96;

// The canvas as it is printed: a plain white page instead of the editing grid's dots.
class PrintedScene : public CanvasScene {
public:
    using CanvasScene::CanvasScene;

protected:
    void drawBackground(QPainter *painter, const QRectF &rect) override
    {
        painter->fillRect(rect, Qt::white);
    }
};

void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

QString title(const model::Model &model)
{
    return model.name.isEmpty() ? QStringLiteral("ScaleLab architecture") : model.name;
}

} // namespace

bool renderDiagram(const model::Model &model, model::DiagramFormat format, QIODevice *device,
                   QString *error)
{
    if (!model::needsCanvas(format)) {
        setError(error, QStringLiteral("%1 is not a picture format; it is written as text")
                            .arg(model::diagramFormatName(format)));
        return false;
    }
    model::Model laidOut = model;
    completeLayout(laidOut); // as the workbench opens a model written by hand
    model::ArchitectureDocument document;
    document.reset(std::move(laidOut));
    QUndoStack undoStack;
    PrintedScene scene(document, undoStack);
    scene.clearSelection();
    // Every item's painting, not just the components' footprints: labels and badges count.
    QRectF bounds = scene.itemsBoundingRect();
    if (bounds.isEmpty())
        bounds = QRectF(0, 0, 200, 120); // an empty model: a small blank page, not an error
    bounds = bounds.adjusted(-kMargin, -kMargin, kMargin, kMargin);
    bounds = QRectF(QPointF(std::floor(bounds.left()), std::floor(bounds.top())),
                    QPointF(std::ceil(bounds.right()), std::ceil(bounds.bottom())));
    scene.setSceneRect(bounds);
    const QSize size = bounds.size().toSize();

    switch (format) {
    case model::DiagramFormat::Png: {
        QImage image(size * kPngScale, QImage::Format_ARGB32_Premultiplied);
        image.setDevicePixelRatio(kPngScale);
        image.fill(Qt::white);
        {
            QPainter painter(&image);
            painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing |
                                   QPainter::SmoothPixmapTransform);
            scene.render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), bounds);
        }
        if (!image.save(device, "PNG")) {
            setError(error, QStringLiteral("cannot encode the PNG image"));
            return false;
        }
        return true;
    }
    case model::DiagramFormat::Svg: {
        QSvgGenerator generator;
        generator.setOutputDevice(device);
        generator.setResolution(kCanvasDpi); // one scene unit is one CSS pixel
        generator.setSize(size);
        generator.setViewBox(QRect(QPoint(0, 0), size));
        generator.setTitle(title(model));
        generator.setDescription(QStringLiteral("Drawn by ScaleLab"));
        QPainter painter;
        if (!painter.begin(&generator)) {
            setError(error, QStringLiteral("cannot start the SVG drawing"));
            return false;
        }
        scene.render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), bounds);
        painter.end();
        return true;
    }
    case model::DiagramFormat::Pdf: {
        QPdfWriter writer(device);
        writer.setTitle(title(model));
        writer.setCreator(QStringLiteral("ScaleLab"));
        writer.setResolution(kCanvasDpi); // the canvas at its size on a screen
        const QMarginsF margins(kPdfMarginMm, kPdfMarginMm, kPdfMarginMm, kPdfMarginMm);
        const double pointsPerUnit = 72.0 / kCanvasDpi;
        const double pointsPerMm = 72 / 25.4;
        const QSizeF pagePoints(size.width() * pointsPerUnit + 2 * kPdfMarginMm * pointsPerMm,
                                size.height() * pointsPerUnit + 2 * kPdfMarginMm * pointsPerMm);
        writer.setPageLayout(QPageLayout(QPageSize(pagePoints, QPageSize::Point),
                                         QPageLayout::Portrait, margins, QPageLayout::Millimeter));
        QPainter painter;
        if (!painter.begin(&writer)) {
            setError(error, QStringLiteral("cannot start the PDF document"));
            return false;
        }
        // Fit the painting area, whatever rounding the page size went through.
        scene.render(&painter, QRectF(QPointF(0, 0), QSizeF(writer.width(), writer.height())),
                     bounds, Qt::KeepAspectRatio);
        painter.end();
        return true;
    }
    default:
        break;
    }
    return false;
}

bool renderDiagramToFile(const model::Model &model, model::DiagramFormat format,
                         const QString &path, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        setError(error, QStringLiteral("%1: %2").arg(path, file.errorString()));
        return false;
    }
    if (!renderDiagram(model, format, &file, error)) {
        file.cancelWriting();
        return false;
    }
    if (!file.commit()) {
        setError(error, QStringLiteral("%1: %2").arg(path, file.errorString()));
        return false;
    }
    return true;
}

} // namespace scalelab::widgets
