// The canvas owns the window: at a laptop's 1366x768 and at 1920x1080 the default layout gives
// it most of the window, View > Reset Layout brings that back after docks were moved, and at the
// zoom a model opens with every name and figure is drawn at least 9 pixels high.

#include "widgets/canvas/canvas_scene.h"
#include "widgets/canvas/canvas_view.h"
#include "widgets/canvas/component_item.h"
#include "widgets/diagram/component_painter.h"
#include "widgets/editing/palette.h"
#include "widgets/main_window.h"

#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QPainter>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

using namespace scalelab;
using widgets::MainWindow;

namespace {

const QString kData = QStringLiteral(SCALELAB_TEST_DATA);

QString lessonStart(const QString &folder)
{
    return QStringLiteral(SCALELAB_TEST_DATA "/../../lessons/%1/start.json").arg(folder);
}

double canvasShare(const MainWindow &window)
{
    const QSize canvas = window.view()->size();
    return double(canvas.width()) * canvas.height() /
           (double(window.width()) * window.height());
}

// Triggers a View menu action as a learner would: through the menu bar's menu, by its name.
void triggerViewAction(MainWindow &window, const char *name)
{
    auto *action = window.findChild<QAction *>(QLatin1String(name));
    QVERIFY(action);
    QVERIFY(action->isEnabled());
    action->trigger();
    QApplication::processEvents();
}

} // namespace

class TestWorkbenchLayout : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // No layout a previous test or session saved: the default one is measured.
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void canvasHasMostOfTheWindow_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<double>("least");
        QTest::newRow("1366x768") << QSize(1366, 768) << 0.55;
        QTest::newRow("1920x1080") << QSize(1920, 1080) << 0.65;
    }

    void canvasHasMostOfTheWindow()
    {
        QFETCH(QSize, size);
        QFETCH(double, least);
        MainWindow window;
        window.resize(size);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        triggerViewAction(window, "actionResetLayout");
        QTRY_COMPARE(window.size(), size);
        const double share = canvasShare(window);
        QVERIFY2(share >= least, qPrintable(QStringLiteral("canvas %1x%2 is %3 of %4x%5")
                                                .arg(window.view()->width())
                                                .arg(window.view()->height())
                                                .arg(share, 0, 'f', 3)
                                                .arg(window.width())
                                                .arg(window.height())));
        qInfo("canvas %dx%d: %.0f %% of the window", window.view()->width(),
              window.view()->height(), share * 100);

        // Docks moved about and closed, then View > Reset Layout: back to the same share.
        auto *inspector = window.findChild<QDockWidget *>(QStringLiteral("inspectorDock"));
        auto *charts = window.findChild<QDockWidget *>(QStringLiteral("chartsDock"));
        inspector->setFloating(true);
        charts->close();
        window.addDockWidget(Qt::BottomDockWidgetArea,
                             window.findChild<QDockWidget *>(QStringLiteral("runsDock")));
        QApplication::processEvents();
        triggerViewAction(window, "actionResetLayout");
        QVERIFY(!inspector->isFloating());
        QVERIFY(charts->isVisible());
        QTRY_VERIFY(canvasShare(window) >= least);
    }

    // The palette at a laptop's width is a column of icons, each named in its tooltip and
    // accessible text; View > Palette Names brings the names back.
    void paletteIsACompactColumnOnALaptop()
    {
        MainWindow window;
        window.resize(1366, 768);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        triggerViewAction(window, "actionResetLayout");
        auto *palette = window.findChild<widgets::Palette *>(QStringLiteral("palette"));
        QVERIFY(palette->isCompact());
        QVERIFY(palette->width() < 80);
        for (int row = 0; row < palette->count(); ++row) {
            QVERIFY(palette->item(row)->text().isEmpty());
            QVERIFY(!palette->item(row)->data(Qt::AccessibleTextRole).toString().isEmpty());
            QVERIFY(!palette->item(row)->toolTip().isEmpty());
        }
        triggerViewAction(window, "actionPaletteNames");
        QVERIFY(!palette->isCompact());
        QVERIFY(!palette->item(0)->text().isEmpty());
    }

    // Names and live figures are drawn at least 9 pixels high at the zoom a model opens with:
    // a large model is not shrunk past that, the learner scrolls instead.
    void textStaysReadableAtTheOpeningZoom_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("lesson 2") << lessonStart(QStringLiteral("02-database"));
        QTest::newRow("capstone") << kData + QStringLiteral("/capstone.json");
    }

    void textStaysReadableAtTheOpeningZoom()
    {
        QFETCH(QString, path);
        MainWindow window;
        window.resize(1366, 768);
        QVERIFY(window.openFile(path));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QApplication::processEvents();
        const double zoom = window.view()->zoom();
        const double smallest = zoom * diagram::ComponentPainter::kFigurePixels;
        QVERIFY2(smallest >= diagram::ComponentPainter::kReadablePixels,
                 qPrintable(QStringLiteral("zoom %1: figures %2 px high").arg(zoom).arg(smallest)));
        qInfo("zoom %.2f: names %.1f px, figures %.1f px", zoom,
              zoom * diagram::ComponentPainter::kNamePixels, smallest);
        // The drawing starts in view: its first component is on screen.
        const QString first = window.document().model().components.first().id;
        const QPoint at = window.view()->mapFromScene(window.scene()->componentItem(first)->pos());
        QVERIFY(window.view()->viewport()->rect().contains(at));
    }

    // The bottleneck banner floats over the canvas: it appearing or going moves nothing under the
    // learner's pointer.
    void bannerDoesNotMoveTheDrawing()
    {
        MainWindow window;
        window.resize(1366, 768);
        QVERIFY(window.openFile(lessonStart(QStringLiteral("02-database"))));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString first = window.document().model().components.first().id;
        const auto where = [&] {
            QApplication::processEvents();
            return window.view()->mapFromScene(window.scene()->componentItem(first)->pos());
        };
        const QPoint before = where();
        emit window.scene()->storyChanged(QStringLiteral("db"),
                                          QStringLiteral("busy 97 % serving reads; more cores"));
        auto *banner = window.view()->findChild<QLabel *>(QStringLiteral("storyBanner"));
        QVERIFY(banner && banner->isVisible());
        QCOMPARE(where(), before);
        emit window.scene()->storyChanged(QString(), QString());
        QVERIFY(!banner->isVisible());
        QCOMPARE(where(), before);
    }

    // Zoomed out past where text reads, a component draws its icon and load colour only: no
    // text smaller than 9 pixels reaches the screen.
    void zoomedOutDrawsNoText()
    {
        using diagram::ComponentPainter;
        QVERIFY(ComponentPainter::textReadableAt(ComponentPainter::readableZoom()));
        QVERIFY(!ComponentPainter::textReadableAt(ComponentPainter::readableZoom() * 0.95));
        const auto labelInk = [](bool text) {
            QImage image(200, 140, QImage::Format_ARGB32);
            image.fill(Qt::white);
            QPainter painter(&image);
            painter.translate(100, 50);
            ComponentPainter::paintEstimate(&painter, model::ComponentKind::WebServer,
                                            QStringLiteral("WWWWWWWW"), 0.5, false, text);
            painter.end();
            // The name's and the figure's rows, under the icon.
            int ink = 0;
            for (int y = 50 + 27; y < 50 + 60; ++y)
                for (int x = 0; x < image.width(); ++x)
                    ink += qGray(image.pixel(x, y)) < 128;
            return ink;
        };
        QVERIFY(labelInk(true) > 50);
        QCOMPARE(labelInk(false), 0);

        // The canvas zoomed out by the keyboard goes below that zoom and still draws.
        MainWindow window;
        window.resize(1366, 768);
        QVERIFY(window.openFile(kData + QStringLiteral("/capstone.json")));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        for (int i = 0; i < 6; ++i)
            QTest::keyClick(window.view(), Qt::Key_Minus, Qt::ControlModifier);
        QVERIFY(window.view()->zoom() < ComponentPainter::readableZoom());
    }
};

QTEST_MAIN(TestWorkbenchLayout)
#include "tst_workbench_layout.moc"
