// The exported picture is the canvas: the diagram library paints a model pixel for pixel as the
// canvas's items do while nobody edits or runs it (regions, links, icons, names, load bars,
// bottleneck frames and SPOF badges), so the two cannot drift apart unnoticed.

#include "../core/model/model_test_support.h"
#include "widgets/canvas/canvas_scene.h"
#include "widgets/diagram/auto_layout.h"
#include "widgets/diagram/diagram_renderer.h"

#include "model/architecture_document.h"

#include <QBuffer>
#include <QImage>
#include <QPainter>
#include <QTest>
#include <QUndoStack>

#include <cmath>

using namespace scalelab;

namespace {

// The canvas on white paper, without the editing grid's dots.
class PaperScene : public widgets::CanvasScene {
public:
    using CanvasScene::CanvasScene;

protected:
    void drawBackground(QPainter *painter, const QRectF &rect) override
    {
        painter->fillRect(rect, Qt::white);
    }
};

// The canvas drawn as the PNG export frames it: 24 units of margin, whole units, two pixels a
// unit.
QImage canvasPicture(const model::Model &m)
{
    model::Model laidOut = m;
    diagram::completeLayout(laidOut);
    model::ArchitectureDocument document;
    document.reset(std::move(laidOut));
    QUndoStack stack;
    PaperScene scene(document, stack);
    QRectF bounds = scene.itemsBoundingRect().adjusted(-24, -24, 24, 24);
    bounds = QRectF(QPointF(std::floor(bounds.left()), std::floor(bounds.top())),
                    QPointF(std::ceil(bounds.right()), std::ceil(bounds.bottom())));
    const QSize size = bounds.size().toSize();
    QImage image(size * 2, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(2);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing |
                           QPainter::SmoothPixmapTransform);
    scene.render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), bounds);
    return image;
}

QImage exportedPicture(const model::Model &m)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QString error;
    if (!diagram::renderDiagram(m, model::DiagramFormat::Png, &buffer, &error))
        qWarning("render failed: %s", qPrintable(error));
    QImage image;
    image.loadFromData(bytes, "PNG");
    return image;
}

} // namespace

class TestDiagramMatchesCanvas : public QObject {
    Q_OBJECT

private slots:
    void pngIsTheCanvas_data();
    void pngIsTheCanvas();
};

void TestDiagramMatchesCanvas::pngIsTheCanvas_data()
{
    QTest::addColumn<QString>("file");
    // Regions, replication, SPOF badges and a saturated bottleneck; and a model without a layout.
    QTest::newRow("capstone") << QStringLiteral("capstone.json");
    QTest::newRow("mm1, no layout") << QStringLiteral("mm1.json");
}

void TestDiagramMatchesCanvas::pngIsTheCanvas()
{
    QFETCH(QString, file);
    const model::Model m = testing::loadTestModel(file);
    const QImage exported = exportedPicture(m).convertToFormat(QImage::Format_ARGB32);
    const QImage canvas = canvasPicture(m).convertToFormat(QImage::Format_ARGB32);
    QVERIFY(!exported.isNull());
    QCOMPARE(exported.size(), canvas.size());
    int differing = 0;
    for (int y = 0; y < canvas.height(); ++y)
        for (int x = 0; x < canvas.width(); ++x)
            if (exported.pixel(x, y) != canvas.pixel(x, y))
                ++differing;
    QCOMPARE(differing, 0);
}

QTEST_MAIN(TestDiagramMatchesCanvas)
#include "tst_diagram_matches_canvas.moc"
