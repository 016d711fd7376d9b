// The picture exports draw the diagram offscreen, under a QGuiApplication with no widgets linked:
// a PNG that is the diagram (not a blank page), an SVG that parses and names every component, a
// PDF document, each cropped to the diagram, for models with and without a layout; text formats
// and unwritable places are refused.

#include "../core/model/model_test_support.h"
#include "widgets/diagram/diagram_renderer.h"

#include "model/diagram_export.h"
#include "model/model_json.h"

#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>

using namespace scalelab;
using model::DiagramFormat;

namespace {

QByteArray render(const model::Model &m, DiagramFormat format)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QString error;
    if (!diagram::renderDiagram(m, format, &buffer, &error))
        qWarning("render failed: %s", qPrintable(error));
    return bytes;
}

// Pixels that are not (nearly) white: what was drawn.
int inkedPixels(const QImage &image)
{
    int count = 0;
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    for (int y = 0; y < rgb.height(); ++y)
        for (int x = 0; x < rgb.width(); ++x)
            if (qGray(rgb.pixel(x, y)) < 240)
                ++count;
    return count;
}

} // namespace

class TestDiagramRenderer : public QObject {
    Q_OBJECT

private slots:
    void pngIsTheDiagram_data();
    void pngIsTheDiagram();
    void emptyModelIsABlankPage();
    void svgParsesAndNamesEveryComponent();
    void pdfIsADocumentFittedToTheDiagram();
    void textFormatsAreNotPictures();
    void fileIsWrittenAtomically();
};

void TestDiagramRenderer::pngIsTheDiagram_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("capstone") << QStringLiteral("capstone.json");
    QTest::newRow("mm1, no layout") << QStringLiteral("mm1.json");
}

void TestDiagramRenderer::pngIsTheDiagram()
{
    QFETCH(QString, file);
    const model::Model m = testing::loadTestModel(file);
    const QByteArray bytes = render(m, DiagramFormat::Png);
    QVERIFY(bytes.startsWith("\x89PNG\r\n\x1a\n"));
    QImage image;
    QVERIFY(image.loadFromData(bytes, "PNG"));
    // At twice the scene's size: each component item is 152 x 96 scene units.
    QVERIFY2(image.width() >= 2 * 152 * 2 && image.height() >= 2 * 96, qPrintable(file));
    // Corners are the white page; icons, labels and links are ink, in colour.
    QCOMPARE(image.pixelColor(0, 0), QColor(Qt::white));
    QCOMPARE(image.pixelColor(image.width() - 1, image.height() - 1), QColor(Qt::white));
    const int ink = inkedPixels(image);
    QVERIFY2(ink > 2000, qPrintable(QString::number(ink)));
    QVERIFY2(ink < image.width() * image.height() / 2, qPrintable(QString::number(ink)));

    // A bigger architecture is a bigger picture: the page is cropped to the diagram.
    if (file == QLatin1String("mm1.json")) {
        QImage capstone;
        QVERIFY(capstone.loadFromData(
            render(testing::loadTestModel(QStringLiteral("capstone.json")), DiagramFormat::Png)));
        QVERIFY(capstone.width() > image.width());
        QVERIFY(capstone.height() > image.height());
        QVERIFY(inkedPixels(capstone) > 4 * ink);
    }
}

void TestDiagramRenderer::emptyModelIsABlankPage()
{
    // The not-blank check above can fail: a model with nothing in it draws no ink.
    model::Model empty;
    empty.name = QStringLiteral("Nothing yet");
    QImage image;
    QVERIFY(image.loadFromData(render(empty, DiagramFormat::Png), "PNG"));
    QVERIFY(!image.isNull());
    QCOMPARE(inkedPixels(image), 0);
}

void TestDiagramRenderer::svgParsesAndNamesEveryComponent()
{
    const model::Model m = testing::loadTestModel(QStringLiteral("capstone.json"));
    const QByteArray bytes = render(m, DiagramFormat::Svg);
    QSvgRenderer svg(bytes);
    QVERIFY(svg.isValid());
    QVERIFY(svg.viewBoxF().width() > 400 && svg.viewBoxF().height() > 200);
    QVERIFY(bytes.contains("<title>" + m.name.toHtmlEscaped().toUtf8() + "</title>"));
    for (const model::Component &c : m.components)
        QVERIFY2(bytes.contains(">" + c.id.toUtf8() + "<"), qPrintable(c.id));
    for (const model::Region &r : m.regions)
        QVERIFY2(bytes.contains(">Region " + r.id.toUtf8() + "<"), qPrintable(r.id));
    // The icons are drawn, not just the names: each type's picture adds paths.
    QVERIFY(bytes.count("<path") > m.components.size());
}

void TestDiagramRenderer::pdfIsADocumentFittedToTheDiagram()
{
    const QByteArray capstone =
        render(testing::loadTestModel(QStringLiteral("capstone.json")), DiagramFormat::Pdf);
    QVERIFY(capstone.startsWith("%PDF"));
    QVERIFY2(capstone.size() > 1024, qPrintable(QString::number(capstone.size())));
    QVERIFY(capstone.contains("MediaBox"));
    // The page follows the diagram: the PNG's width (half its pixels, in 96 dpi canvas units) in
    // points, plus the margins.
    QImage png;
    QVERIFY(png.loadFromData(
        render(testing::loadTestModel(QStringLiteral("capstone.json")), DiagramFormat::Png)));
    const qsizetype at = capstone.indexOf("/MediaBox [");
    QVERIFY(at >= 0);
    const QList<QByteArray> box =
        capstone.mid(at + 11, capstone.indexOf(']', at) - at - 11).simplified().split(' ');
    QCOMPARE(box.size(), 4);
    const double width = box.at(2).toDouble();
    const double margins = 2 * 8 * 72 / 25.4;
    QVERIFY2(std::abs(width - (png.width() / 2.0 * 72 / 96 + margins)) < 2, box.at(2).constData());
}

void TestDiagramRenderer::textFormatsAreNotPictures()
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QString error;
    QVERIFY(!diagram::renderDiagram(testing::loadTestModel(QStringLiteral("mm1.json")),
                                    DiagramFormat::Dot, &buffer, &error));
    QVERIFY(error.contains(QLatin1String("dot")));
    QVERIFY(bytes.isEmpty());
}

void TestDiagramRenderer::fileIsWrittenAtomically()
{
    QTemporaryDir dir;
    const model::Model m = testing::loadTestModel(QStringLiteral("mm1.json"));
    const QString good = dir.filePath(QStringLiteral("mm1.svg"));
    QString error;
    QVERIFY2(diagram::renderDiagramToFile(m, DiagramFormat::Svg, good, &error), qPrintable(error));
    QFile file(good);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains("<svg"));

    const QString blocked = dir.filePath(QStringLiteral("no-such-dir/mm1.png"));
    QVERIFY(!diagram::renderDiagramToFile(m, DiagramFormat::Png, blocked, &error));
    QVERIFY2(error.contains(blocked), qPrintable(error));
    QVERIFY(!QFile::exists(blocked));
}

QTEST_MAIN(TestDiagramRenderer)
#include "tst_diagram_renderer.moc"
