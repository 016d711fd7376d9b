// A learner's journeys through the real window, by real input events on it: components dropped
// from the palette onto the canvas view, links drawn with Shift+drag, keys for the run bar's
// actions. Each journey is one a learner takes in their first hour; the checks are what they
// would see.

#include "widgets/canvas/canvas_scene.h"
#include "widgets/canvas/canvas_view.h"
#include "widgets/canvas/component_item.h"
#include "widgets/editing/palette.h"
#include "widgets/main_window.h"
#include "widgets/run/run_bar.h"

#include "run/simulation_controller.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QMimeData>
#include <QStatusBar>
#include <QTest>

using namespace scalelab;
using widgets::MainWindow;

namespace {

QAction *action(const MainWindow &window, const char *name)
{
    auto *a = window.findChild<QAction *>(QLatin1String(name));
    Q_ASSERT(a);
    return a;
}

// Drags `type` from the palette and drops it on the canvas view at `at` (viewport pixels), by
// the drag-and-drop events the view receives from a real drag. Returns the id the new
// component got.
QString dropFromPalette(MainWindow &window, const QString &type, QPoint at)
{
    auto *palette = window.findChild<widgets::Palette *>(QStringLiteral("palette"));
    QListWidgetItem *item = nullptr;
    for (int row = 0; row < palette->count() && !item; ++row)
        if (palette->item(row)->data(Qt::UserRole).toString() == type)
            item = palette->item(row);
    if (!item)
        return {};
    const QModelIndex index = palette->indexFromItem(item);
    std::unique_ptr<QMimeData> mime(palette->model()->mimeData({index}));
    QWidget *viewport = window.view()->viewport();
    const int before = static_cast<int>(window.document().model().components.size());
    QDragEnterEvent enter(at, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(viewport, &enter);
    QDragMoveEvent move(at, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(viewport, &move);
    QDropEvent drop(at, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(viewport, &drop);
    const QList<model::Component> &after = window.document().model().components;
    return after.size() == before + 1 ? after.last().id : QString();
}

QPoint onView(const MainWindow &window, const QString &id)
{
    const auto *item = window.scene()->componentItem(id);
    return window.view()->mapFromScene(item->mapToScene(widgets::ComponentItem::iconRect().center()));
}

// Shift+drag from one component to another: the connect gesture.
void drawLink(MainWindow &window, const QString &from, const QString &to)
{
    QWidget *viewport = window.view()->viewport();
    const QPoint a = onView(window, from);
    const QPoint b = onView(window, to);
    QTest::mousePress(viewport, Qt::LeftButton, Qt::ShiftModifier, a);
    QTest::mouseMove(viewport, (a + b) / 2);
    QTest::mouseMove(viewport, b);
    QTest::mouseRelease(viewport, Qt::LeftButton, Qt::ShiftModifier, b);
}

} // namespace

class TestLearnerJourneys : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        MainWindow::unsavedChangesAnswer = [] { return MainWindow::UnsavedChanges::Discard; };
        MainWindow::warningShown = [](const QString &title, const QString &text) {
            QFAIL(qPrintable(title + QStringLiteral(": ") + text));
        };
    }

    // An empty canvas, a design drawn on it, Run: the design runs and its figures appear. Run
    // says why it cannot while the design cannot run.
    void designDrawnOnAnEmptyCanvasRuns()
    {
        MainWindow window;
        window.resize(1366, 768);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QAction *run = action(window, "actionRun");
        QVERIFY(!run->isEnabled());
        QVERIFY2(run->toolTip().contains(QLatin1String("add a client")),
                 qPrintable(run->toolTip()));

        const QString users = dropFromPalette(window, QStringLiteral("client"), {120, 150});
        QVERIFY(!users.isEmpty());
        QVERIFY(!run->isEnabled());
        QVERIFY2(run->toolTip().contains(QLatin1String("connect the client")),
                 qPrintable(run->toolTip()));
        auto *whyNot = window.statusBar()->findChild<QLabel *>(QStringLiteral("whyNotRunnable"));
        QVERIFY(whyNot && whyNot->isVisible());
        QCOMPARE(whyNot->text(), run->toolTip());

        const QString lb = dropFromPalette(window, QStringLiteral("load_balancer"), {280, 150});
        const QString web1 = dropFromPalette(window, QStringLiteral("web_server"), {440, 80});
        const QString web2 = dropFromPalette(window, QStringLiteral("web_server"), {440, 240});
        const QString db = dropFromPalette(window, QStringLiteral("database"), {620, 150});
        for (const QString &id : {lb, web1, web2, db})
            QVERIFY(!id.isEmpty());
        drawLink(window, users, lb);
        QVERIFY2(run->isEnabled(), qPrintable(run->toolTip()));
        QVERIFY(!whyNot->isVisible());
        drawLink(window, lb, web1);
        drawLink(window, lb, web2);
        drawLink(window, web1, db);
        drawLink(window, web2, db);
        QCOMPARE(window.document().model().links.size(), 5);
        QVERIFY(run->isEnabled());
        QVERIFY(action(window, "actionStep")->isEnabled());

        // As fast as it goes, over a short stretch: the run finishes and every component shows
        // what it measured.
        auto *bar = window.runBar();
        auto *speed = bar->findChild<QComboBox *>(QStringLiteral("speedBox"));
        speed->setCurrentIndex(speed->count() - 1);
        auto *duration = bar->findChild<QDoubleSpinBox *>(QStringLiteral("durationBox"));
        QVERIFY(duration);
        duration->setValue(5);
        window.view()->setFocus();
        QTest::keyClick(&window, Qt::Key_F5);
        QTRY_COMPARE_WITH_TIMEOUT(bar->state(), run::RunState::Finished, 20000);
        for (const QString &id : {users, lb, web1, web2, db}) {
            const widgets::ComponentItem *item = window.scene()->componentItem(id);
            QVERIFY2(item->isLive(), qPrintable(id));
        }
        QVERIFY(window.scene()->componentItem(db)->live().sample.throughputRps > 0);

        // Undoing the links takes the design back to one that cannot run.
        for (int i = 0; i < 5; ++i)
            QTest::keyClick(window.view(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(window.document().model().links.size(), 0);
        QVERIFY(!run->isEnabled());
        QVERIFY(run->toolTip().contains(QLatin1String("connect the client")));
    }
};

QTEST_MAIN(TestLearnerJourneys)
#include "tst_learner_journeys.moc"
