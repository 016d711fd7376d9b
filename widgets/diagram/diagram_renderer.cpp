#include "diagram_renderer.h"

#include "auto_layout.h"
#include "component_painter.h"
#include "link_painter.h"
#include "region_painter.h"

#include "model/analysis.h"

#include <QBuffer>
#include <QHash>
#include <QImage>
#include <QList>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QTransform>

#include <algorithm>
#include <cmath>

namespace scalelab::diagram {

namespace {

constexpr double kMargin = 24;     // scene units of white around the diagram
constexpr double kPngScale = 2;    // device pixels per scene unit: sharp on high-density screens
constexpr double kPdfMarginMm = 8; // the page's own margin, on top of kMargin
// The canvas's font sizes are in points on a 96 dpi logical screen; drawing the vector formats at
// that resolution keeps every name the size it has next to its icon on the canvas.
constexpr int kCanvasDpi = 96;

struct PlacedRegion {
    QRectF frame; // null for a region nothing is in yet: its title alone, as on a new canvas
    QString title;
};

struct PlacedLink {
    QLineF line;
    model::Link::Kind kind;
};

struct PlacedComponent {
    QPointF position;
    model::ComponentKind kind;
    QString caption;
    double utilization;
    bool bottleneck;
    bool spof;
};

// The canvas of a model just opened, with nothing selected and no run shown, as plain data: what
// each of its items would paint and where. Painted back to front in the canvas's stacking
// order (regions, links, components in model order, each component's badge over it), with the
// painter set for each as the canvas sets it, so the picture is the canvas's drawing.
class Drawing {
public:
    explicit Drawing(const model::Model &model);
    // Everything any part paints, as the canvas's itemsBoundingRect() counts it.
    QRectF bounds() const;
    // `source` (scene units) drawn into `target` (the painter's units), on a white page.
    void paint(QPainter &painter, const QRectF &target, const QRectF &source,
               Qt::AspectRatioMode mode = Qt::IgnoreAspectRatio) const;

private:
    QList<PlacedRegion> m_regions;
    QList<PlacedLink> m_links;
    QList<PlacedComponent> m_components;
};

Drawing::Drawing(const model::Model &original)
{
    model::Model model = original;
    completeLayout(model); // as the workbench opens a model written by hand
    const model::Analysis analysis = model::analyze(model);
    QHash<QString, const model::ComponentEstimate *> estimates;
    for (const model::ComponentEstimate &e : analysis.estimates)
        estimates.insert(e.id, &e);
    QHash<QString, QRectF> frames;
    for (const model::Component &c : model.components) {
        const QPointF position = model.layout.value(c.id);
        const double utilization = ComponentPainter::predictedUtilization(estimates.value(c.id));
        const bool bottleneck = c.id == analysis.bottleneck && analysis.bottleneckUtilization > 0;
        m_components.append({position, c.kind, ComponentPainter::caption(c), utilization,
                             bottleneck, analysis.spofReasons.contains(c.id)});
        if (!c.region.isEmpty())
            frames[c.region] = frames.value(c.region).united(ComponentPainter::footprint(position));
    }
    for (const model::Region &r : model.regions)
        m_regions.append({frames.value(r.id), RegionPainter::title(r.id, r.label)});
    for (const model::Link &link : model.links) {
        const model::Component *from = model.find(link.from);
        const model::Component *to = model.find(link.to);
        if (from && to)
            m_links.append(
                {LinkPainter::line(model.layout.value(from->id), model.layout.value(to->id)),
                 link.kind});
    }
}

QRectF Drawing::bounds() const
{
    QRectF bounds;
    for (const PlacedRegion &r : m_regions)
        bounds |= RegionPainter::boundingRect(r.frame);
    for (const PlacedLink &l : m_links)
        bounds |= LinkPainter::boundingRect(l.line);
    for (const PlacedComponent &c : m_components)
        bounds |= ComponentPainter::boundingRect().translated(c.position);
    return bounds;
}

void Drawing::paint(QPainter &painter, const QRectF &target, const QRectF &source,
                    Qt::AspectRatioMode mode) const
{
    double xRatio = target.width() / source.width();
    double yRatio = target.height() / source.height();
    if (mode == Qt::KeepAspectRatio)
        xRatio = yRatio = std::min(xRatio, yRatio);
    painter.save();
    painter.setClipRect(target, Qt::IntersectClip);
    const QTransform view = QTransform()
                                .translate(target.left(), target.top())
                                .scale(xRatio, yRatio)
                                .translate(-source.left(), -source.top());
    painter.setWorldTransform(view, true);
    painter.fillRect(source, Qt::white);
    // Each part in its own coordinates and its own painter state, so none leaks into the next.
    const auto part = [&](QPointF position, const auto &draw) {
        painter.setWorldTransform(QTransform::fromTranslate(position.x(), position.y()) * view);
        painter.save();
        draw();
        painter.restore();
    };
    for (const PlacedRegion &r : m_regions)
        part({}, [&] { RegionPainter::paint(&painter, r.frame, r.title); });
    for (const PlacedLink &l : m_links)
        part({}, [&] { LinkPainter::paint(&painter, l.line, l.kind); });
    for (const PlacedComponent &c : m_components) {
        part(c.position, [&] {
            ComponentPainter::paintEstimate(&painter, c.kind, c.caption, c.utilization,
                                            c.bottleneck);
        });
        if (c.spof)
            part(c.position, [&] { ComponentPainter::paintSpofBadge(&painter); });
    }
    painter.restore();
}

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
    const Drawing drawing(model);
    // Every part's painting, not just the components' footprints: labels and badges count.
    QRectF bounds = drawing.bounds();
    if (bounds.isEmpty())
        bounds = QRectF(0, 0, 200, 120); // an empty model: a small blank page, not an error
    bounds = bounds.adjusted(-kMargin, -kMargin, kMargin, kMargin);
    bounds = QRectF(QPointF(std::floor(bounds.left()), std::floor(bounds.top())),
                    QPointF(std::ceil(bounds.right()), std::ceil(bounds.bottom())));
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
            drawing.paint(painter, QRectF(QPointF(0, 0), QSizeF(size)), bounds);
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
        drawing.paint(painter, QRectF(QPointF(0, 0), QSizeF(size)), bounds);
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
        drawing.paint(painter, QRectF(QPointF(0, 0), QSizeF(writer.width(), writer.height())),
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

} // namespace scalelab::diagram
