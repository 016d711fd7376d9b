// The workbench's canvas against its document: one item per component and link, every edit an
// undo command that round-trips the model exactly, drags merged into one step, refused links and
// parameter values leaving the model as it was, and saving and loading giving the same model.

#include "../core/model/model_test_support.h"
#include "widgets/canvas/canvas_scene.h"
#include "widgets/canvas/canvas_view.h"
#include "widgets/diagram/component_painter.h"
#include "widgets/canvas/component_item.h"
#include "widgets/canvas/link_item.h"
#include "widgets/canvas/region_item.h"
#include "widgets/diagram/auto_layout.h"
#include "widgets/editing/distribution_editor.h"
#include "widgets/editing/edit_commands.h"
#include "widgets/editing/inspector.h"
#include "widgets/main_window.h"

#include "model/architecture_document.h"
#include "model/model_json.h"
#include "model/parameter_table.h"

#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QGraphicsSceneMouseEvent>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

using namespace scalelab;
using widgets::CanvasScene;
using widgets::ComponentItem;

namespace {

// A document, its stack and a scene on them, as the main window holds them.
struct Canvas {
    explicit Canvas(const QString &file = QStringLiteral("capstone.json"))
    {
        // As the main window opens it: a model written without a layout gets one.
        model::Model model = testing::loadTestModel(file);
        diagram::completeLayout(model);
        document.reset(std::move(model));
        scene = std::make_unique<CanvasScene>(document, stack);
    }
    QByteArray saved() const { return model::serializeModel(document.model()); }
    // Every component and link of the model has its item, and nothing else has one.
    bool itemsMatchModel() const
    {
        const model::Model &m = document.model();
        if (scene->componentItemCount() != m.components.size() ||
            scene->linkItems().size() != m.links.size())
            return false;
        for (const model::Component &c : m.components) {
            ComponentItem *item = scene->componentItem(c.id);
            if (!item || item->component() != c)
                return false;
            if (m.layout.contains(c.id) && item->pos() != m.layout.value(c.id))
                return false;
        }
        for (qsizetype i = 0; i < m.links.size(); ++i) {
            const widgets::LinkItem *link = scene->linkItems().at(i);
            if (link->from()->id() != m.links.at(i).from || link->to()->id() != m.links.at(i).to ||
                link->kind() != m.links.at(i).kind)
                return false;
        }
        return true;
    }

    model::ArchitectureDocument document;
    QUndoStack stack;
    std::unique_ptr<CanvasScene> scene;
};

void sendMouse(QGraphicsScene &scene, QEvent::Type type, QPointF at, QPointF downAt,
               Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QGraphicsSceneMouseEvent event(type);
    event.setScenePos(at);
    event.setLastScenePos(at);
    event.setButtonDownScenePos(Qt::LeftButton, downAt);
    event.setButton(type == QEvent::GraphicsSceneMouseMove ? Qt::NoButton : Qt::LeftButton);
    event.setButtons(type == QEvent::GraphicsSceneMouseRelease ? Qt::NoButton : Qt::LeftButton);
    event.setModifiers(modifiers);
    QCoreApplication::sendEvent(&scene, &event);
}

// Closes the message box an operation opens, so that the test does not wait for a user.
void dismissNextMessageBox()
{
    auto *timer = new QTimer;
    QObject::connect(timer, &QTimer::timeout, timer, [timer] {
        if (QWidget *box = QApplication::activeModalWidget()) {
            box->close();
            timer->deleteLater();
        }
    });
    timer->start(20);
}

} // namespace

class TestCanvas : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void capstoneHasOneItemPerComponentAndLink();
    void estimatesAreShownWhileEditing();
    void commandsUpdateItems();
    void undoRedoRestoresTheModel_data();
    void undoRedoRestoresTheModel();
    void movesOfOneGestureMerge();
    void draggingIsOneUndoStep();
    void shiftDragConnects();
    void refusedLinkLeavesTheModel();
    void newComponentsAreLoadable();
    void inspectorEditsAndRefusals();
    void inspectorEditsDistributions();
    void saveAndLoadGiveTheSameModel();
    void openingABadFileKeepsTheDocument();
    void viewKeepsFittingUntilTheUserZooms();
};

void TestCanvas::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("ScaleLabTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_canvas"));
}

void TestCanvas::capstoneHasOneItemPerComponentAndLink()
{
    Canvas canvas;
    QCOMPARE(canvas.scene->componentItemCount(), 22);
    QCOMPARE(canvas.scene->linkItems().size(), 26);
    QVERIFY(canvas.itemsMatchModel());
    // Replication links are told apart; regions frame their components.
    int replication = 0;
    for (const widgets::LinkItem *link : canvas.scene->linkItems())
        replication += link->kind() == model::Link::Kind::Replication;
    QCOMPARE(replication, 4);
    for (const QString &region : {QStringLiteral("us"), QStringLiteral("eu")}) {
        widgets::RegionItem *frame = canvas.scene->regionItem(region);
        QVERIFY(frame);
        for (const model::Component &c : canvas.document.model().components)
            if (c.region == region)
                QVERIFY2(frame->frame().contains(canvas.scene->componentItem(c.id)->pos()),
                         qPrintable(c.id));
    }
    // Without a layout in the file, no two components are drawn on top of each other.
    QSet<QPair<double, double>> places;
    for (const model::Component &c : canvas.document.model().components) {
        const QPointF p = canvas.scene->componentItem(c.id)->pos();
        places.insert({p.x(), p.y()});
    }
    QCOMPARE(places.size(), 22);
}

void TestCanvas::estimatesAreShownWhileEditing()
{
    Canvas canvas;
    // The capstone's session store is the predicted bottleneck and its single balancer per
    // region a single point of failure (analyze says the same on the command line).
    QVERIFY(canvas.scene->componentItem(QStringLiteral("sessions"))->isBottleneck());
    QVERIFY(!canvas.scene->componentItem(QStringLiteral("web-us"))->isBottleneck());
    QVERIFY(canvas.scene->componentItem(QStringLiteral("lb-us"))->isSpof());
    QVERIFY(!canvas.scene->componentItem(QStringLiteral("web-us"))->isSpof());
    QCOMPARE_GT(canvas.scene->componentItem(QStringLiteral("web-us"))->predictedUtilization(), 1);
    QCOMPARE(canvas.scene->componentItem(QStringLiteral("dns"))->predictedUtilization(), -1);

    // Four times the web servers: their predicted utilisation falls four times, at once.
    const double before =
        canvas.scene->componentItem(QStringLiteral("web-us"))->predictedUtilization();
    QVERIFY(widgets::pushEdit(
        canvas.stack, new widgets::SetParameterCommand(canvas.document, QStringLiteral("web-us"),
                                                       QStringLiteral("count"), 160)));
    QTRY_COMPARE(canvas.scene->componentItem(QStringLiteral("web-us"))->predictedUtilization(),
                 before / 4);
}

void TestCanvas::commandsUpdateItems()
{
    Canvas canvas(QStringLiteral("lru-zipf.json"));
    model::Component worker;
    worker.id = QStringLiteral("worker");
    worker.kind = model::ComponentKind::Worker;
    QVERIFY(widgets::pushEdit(canvas.stack, new widgets::AddComponentCommand(
                                                canvas.document, worker, QPointF(400, 300))));
    QVERIFY(canvas.scene->componentItem(QStringLiteral("worker")));
    QCOMPARE(canvas.scene->componentItem(QStringLiteral("worker"))->pos(), QPointF(400, 300));

    QVERIFY(widgets::pushEdit(
        canvas.stack,
        new widgets::MoveComponentsCommand(
            canvas.document, {{QStringLiteral("worker"), {400, 300}, {500, 100}}}, 1)));
    QCOMPARE(canvas.scene->componentItem(QStringLiteral("worker"))->pos(), QPointF(500, 100));

    QVERIFY(widgets::pushEdit(canvas.stack, new widgets::RemoveComponentsCommand(
                                                canvas.document, {QStringLiteral("web")})));
    QVERIFY(!canvas.scene->componentItem(QStringLiteral("web")));
    QCOMPARE(canvas.scene->linkItems().size(), 0); // all three links touched web
    QVERIFY(canvas.itemsMatchModel());
    canvas.stack.undo();
    QCOMPARE(canvas.scene->linkItems().size(), 3);
    QVERIFY(canvas.itemsMatchModel());
}

void TestCanvas::undoRedoRestoresTheModel_data()
{
    QTest::addColumn<QString>("edit");
    for (const char *edit : {"add", "remove several", "move", "add link", "add replication",
                             "remove link", "set parameter", "clear parameter"})
        QTest::newRow(edit) << QString::fromLatin1(edit);
}

void TestCanvas::undoRedoRestoresTheModel()
{
    QFETCH(QString, edit);
    Canvas canvas;
    model::ArchitectureDocument &doc = canvas.document;
    widgets::EditCommand *command = nullptr;
    model::Link link;
    if (edit == QLatin1String("add")) {
        command = new widgets::AddComponentCommand(
            doc, model::newComponentOf(model::ComponentKind::Cache, QStringLiteral("cache-2")),
            {700, 900});
    } else if (edit == QLatin1String("remove several")) {
        // Components with links, a region member, a replica's primary and one that an alert
        // and a scenario-free referrer name: everything comes back in its place.
        command = new widgets::RemoveComponentsCommand(
            doc, {QStringLiteral("web-us"), QStringLiteral("shard-2"), QStringLiteral("dns")});
    } else if (edit == QLatin1String("move")) {
        command = new widgets::MoveComponentsCommand(
            doc,
            {{QStringLiteral("cache"), canvas.scene->componentItem("cache")->pos(), {20, 30}},
             {QStringLiteral("router"), canvas.scene->componentItem("router")->pos(), {90, 10}}},
            7);
    } else if (edit == QLatin1String("add link")) {
        link.from = QStringLiteral("web-eu");
        link.to = QStringLiteral("shard-1");
        command = new widgets::AddLinkCommand(doc, link);
    } else if (edit == QLatin1String("add replication")) {
        QVERIFY(widgets::pushEdit(canvas.stack,
                                  new widgets::AddComponentCommand(
                                      doc,
                                      [] {
                                          auto c = model::newComponentOf(
                                              model::ComponentKind::Database, QStringLiteral("r2"));
                                          c.parameters.insert(QStringLiteral("role"),
                                                              QStringLiteral("replica"));
                                          return c;
                                      }(),
                                      {0, 0})));
        link.from = QStringLiteral("shard-1");
        link.to = QStringLiteral("r2");
        link.kind = model::Link::Kind::Replication;
        command = new widgets::AddLinkCommand(doc, link);
    } else if (edit == QLatin1String("remove link")) {
        command = new widgets::RemoveLinkCommand(doc, 9);
    } else if (edit == QLatin1String("set parameter")) {
        command = new widgets::SetParameterCommand(
            doc, QStringLiteral("cache"), QStringLiteral("eviction"), QStringLiteral("lfu"));
    } else if (edit == QLatin1String("clear parameter")) {
        command = new widgets::SetParameterCommand(doc, QStringLiteral("web-us"),
                                                   QStringLiteral("cores"), QJsonValue());
    }
    QVERIFY(command);
    const QByteArray before = canvas.saved();
    const int steps = canvas.stack.count();
    QString error;
    QVERIFY2(widgets::pushEdit(canvas.stack, command, &error), qPrintable(error));
    QCOMPARE(canvas.stack.count(), steps + 1);
    const QByteArray after = canvas.saved();
    QVERIFY(after != before);
    QVERIFY(canvas.itemsMatchModel());
    for (int round = 0; round < 2; ++round) {
        canvas.stack.undo();
        QCOMPARE(canvas.saved(), before);
        QVERIFY(canvas.itemsMatchModel());
        canvas.stack.redo();
        QCOMPARE(canvas.saved(), after);
        QVERIFY(canvas.itemsMatchModel());
    }
}

void TestCanvas::movesOfOneGestureMerge()
{
    Canvas canvas(QStringLiteral("lru-zipf.json"));
    const QString web = QStringLiteral("web");
    const QPointF start = canvas.scene->componentItem(web)->pos();
    using Move = widgets::MoveComponentsCommand;
    QVERIFY(
        widgets::pushEdit(canvas.stack, new Move(canvas.document, {{web, start, {10, 10}}}, 1)));
    QVERIFY(
        widgets::pushEdit(canvas.stack, new Move(canvas.document, {{web, {10, 10}, {40, 20}}}, 1)));
    QCOMPARE(canvas.stack.count(), 1);
    QCOMPARE(canvas.document.model().layout.value(web), QPointF(40, 20));
    // A new gesture is a new step.
    QVERIFY(
        widgets::pushEdit(canvas.stack, new Move(canvas.document, {{web, {40, 20}, {80, 20}}}, 2)));
    QCOMPARE(canvas.stack.count(), 2);
    canvas.stack.undo();
    QCOMPARE(canvas.scene->componentItem(web)->pos(), QPointF(40, 20));
    canvas.stack.undo();
    QCOMPARE(canvas.scene->componentItem(web)->pos(), start);
    QCOMPARE(canvas.document.model().layout.value(web), start);
}

void TestCanvas::draggingIsOneUndoStep()
{
    Canvas canvas(QStringLiteral("lru-zipf.json"));
    ComponentItem *item = canvas.scene->componentItem(QStringLiteral("db"));
    const QPointF start = item->pos();
    sendMouse(*canvas.scene, QEvent::GraphicsSceneMousePress, start, start);
    QVERIFY(item->isSelected());
    for (int step = 1; step <= 5; ++step)
        sendMouse(*canvas.scene, QEvent::GraphicsSceneMouseMove, start + QPointF(7, 3) * step,
                  start);
    QCOMPARE(canvas.stack.count(), 0); // nothing is pushed while dragging
    sendMouse(*canvas.scene, QEvent::GraphicsSceneMouseRelease, start + QPointF(35, 15), start);
    QCOMPARE(canvas.stack.count(), 1);
    // Snapped to the 10 px grid, and the document holds where it was dropped.
    QCOMPARE(item->pos(), start + QPointF(40, 20));
    QCOMPARE(canvas.document.model().layout.value(QStringLiteral("db")), item->pos());
    canvas.stack.undo();
    QCOMPARE(item->pos(), start);
}

void TestCanvas::shiftDragConnects()
{
    Canvas canvas(QStringLiteral("lru-zipf.json"));
    QSignalSpy messages(canvas.scene.get(), &CanvasScene::message);
    const QPointF cache = canvas.scene->componentItem(QStringLiteral("cache"))->pos();
    const QPointF db = canvas.scene->componentItem(QStringLiteral("db"))->pos();
    sendMouse(*canvas.scene, QEvent::GraphicsSceneMousePress, cache, cache, Qt::ShiftModifier);
    sendMouse(*canvas.scene, QEvent::GraphicsSceneMouseMove, (cache + db) / 2, cache,
              Qt::ShiftModifier);
    sendMouse(*canvas.scene, QEvent::GraphicsSceneMouseRelease, db, cache, Qt::ShiftModifier);
    QCOMPARE(canvas.document.model().links.size(), 4);
    QCOMPARE(canvas.document.model().links.last().from, QStringLiteral("cache"));
    QCOMPARE(canvas.document.model().links.last().to, QStringLiteral("db"));
    QCOMPARE(canvas.scene->componentItem(QStringLiteral("cache"))->pos(), cache); // not moved
    QVERIFY(canvas.itemsMatchModel());

    // Alt+drag asks for replication, which only a primary and a replica database may have.
    const QByteArray before = canvas.saved();
    const QPointF web = canvas.scene->componentItem(QStringLiteral("web"))->pos();
    sendMouse(*canvas.scene, QEvent::GraphicsSceneMousePress, web, web, Qt::AltModifier);
    sendMouse(*canvas.scene, QEvent::GraphicsSceneMouseRelease, db, web, Qt::AltModifier);
    QCOMPARE(canvas.saved(), before);
    QVERIFY(messages.last().first().toString().startsWith(QLatin1String("Cannot connect")));
}

void TestCanvas::refusedLinkLeavesTheModel()
{
    Canvas canvas;
    QSignalSpy messages(canvas.scene.get(), &CanvasScene::message);
    const QByteArray before = canvas.saved();
    // A self link, a duplicate, and replication from a web server.
    QVERIFY(!canvas.scene->addLinkBetween(QStringLiteral("cache"), QStringLiteral("cache"),
                                          model::Link::Kind::Request));
    QVERIFY(!canvas.scene->addLinkBetween(QStringLiteral("lb-us"), QStringLiteral("web-us"),
                                          model::Link::Kind::Request));
    QVERIFY(!canvas.scene->addLinkBetween(QStringLiteral("web-us"), QStringLiteral("shard-1"),
                                          model::Link::Kind::Replication));
    QCOMPARE(canvas.saved(), before);
    QCOMPARE(canvas.stack.count(), 0);
    QCOMPARE(messages.size(), 3);
    for (const QList<QVariant> &m : messages)
        QVERIFY2(m.first().toString().size() > 30, qPrintable(m.first().toString()));
    QVERIFY(canvas.itemsMatchModel());
    // The same pair the right way round is accepted.
    QVERIFY(canvas.scene->addLinkBetween(QStringLiteral("web-us"), QStringLiteral("shard-1"),
                                         model::Link::Kind::Request));
    QCOMPARE(canvas.stack.count(), 1);
}

void TestCanvas::newComponentsAreLoadable()
{
    // Every type of the palette drops into an empty model and keeps it loadable; ids count up.
    model::ArchitectureDocument document;
    QUndoStack stack;
    CanvasScene scene(document, stack);
    for (const model::ComponentTypeSpec &type : model::componentTypes())
        QVERIFY2(scene.addComponentAt(type.type, QPointF(10, 10)), qPrintable(type.type));
    QVERIFY(scene.addComponentAt(QStringLiteral("web_server"), QPointF(203, 98)));
    QVERIFY(document.model().find(QStringLiteral("web")));
    QVERIFY(document.model().find(QStringLiteral("web-2")));
    QVERIFY(document.model().find(QStringLiteral("db")));
    QCOMPARE(document.model().layout.value(QStringLiteral("web-2")), QPointF(200, 100));
    QCOMPARE(document.model().find(QStringLiteral("cache"))->number(QStringLiteral("capacity")),
             10000);
    QCOMPARE(scene.selectedComponentIds(), QStringList{QStringLiteral("web-2")});
    QVERIFY(model::parseModel(model::serializeModel(document.model())).ok());
    QCOMPARE(scene.componentItemCount(), model::componentTypes().size() + 1);
    // A name that is no type (a drop from elsewhere) adds nothing.
    QSignalSpy messages(&scene, &CanvasScene::message);
    QVERIFY(!scene.addComponentAt(QStringLiteral("mainframe"), QPointF(10, 10)));
    QCOMPARE(scene.componentItemCount(), model::componentTypes().size() + 1);
    QCOMPARE(messages.count(), 1);
    QVERIFY(messages.at(0).at(0).toString().startsWith(QStringLiteral("Cannot add mainframe")));
}

void TestCanvas::inspectorEditsDistributions()
{
    Canvas canvas;
    widgets::Inspector inspector(canvas.document, canvas.stack);
    inspector.setComponent(QStringLiteral("web-us"));
    // web-us serves in a lognormal time of mean 4 ms with cv 1.
    auto *service =
        qobject_cast<widgets::DistributionEditor *>(inspector.editor(QStringLiteral("service_ms")));
    QVERIFY(service);
    QCOMPARE(service->value().toObject().value(QStringLiteral("dist")).toString(),
             QStringLiteral("lognormal"));
    auto *law = service->findChild<QComboBox *>();
    auto *mean = service->findChild<QDoubleSpinBox *>(QString(), Qt::FindDirectChildrenOnly);
    QVERIFY(law && mean);
    QCOMPARE(mean->value(), 4.0);

    const QByteArray before = canvas.saved();
    mean->setValue(6);
    model::Distribution d = canvas.document.model()
                                .find(QStringLiteral("web-us"))
                                ->distribution(QStringLiteral("service_ms"));
    QCOMPARE(d.kind, model::Distribution::Kind::Lognormal);
    QCOMPARE(d.mean, 6.0);
    QCOMPARE(d.cv, 1.0); // the shape stays
    // Another law: a uniform keeps the mean and takes a spread.
    law->setCurrentIndex(law->findData(QStringLiteral("uniform")));
    emit law->activated(law->currentIndex());
    d = canvas.document.model()
            .find(QStringLiteral("web-us"))
            ->distribution(QStringLiteral("service_ms"));
    QCOMPARE(d.kind, model::Distribution::Kind::Uniform);
    QCOMPARE(d.mean, 6.0);
    // A spread wider than twice the mean would give negative times: the model refuses it.
    auto *spread = service->findChildren<QDoubleSpinBox *>().at(1);
    spread->setValue(20);
    QVERIFY2(inspector.lastError().contains(QLatin1String("service_ms")),
             qPrintable(inspector.lastError()));
    QCOMPARE(canvas.document.model()
                 .find(QStringLiteral("web-us"))
                 ->distribution(QStringLiteral("service_ms"))
                 .spread,
             d.spread);
    // Edits of one field are one undo step, and undo brings the file back byte for byte.
    QCOMPARE(canvas.stack.count(), 1);
    canvas.stack.undo();
    QCOMPARE(canvas.saved(), before);
}

void TestCanvas::inspectorEditsAndRefusals()
{
    Canvas canvas;
    widgets::Inspector inspector(canvas.document, canvas.stack);
    inspector.setComponent(QStringLiteral("cdn"));
    // The form comes from the parameter table: a positive TTL, a choice of eviction.
    auto *ttl = qobject_cast<QDoubleSpinBox *>(inspector.editor(QStringLiteral("ttl_s")));
    QVERIFY(ttl);
    QCOMPARE(ttl->value(), 3600);
    QCOMPARE(ttl->suffix(), QStringLiteral(" s"));
    QVERIFY(!ttl->toolTip().isEmpty());
    QVERIFY(inspector.editor(QStringLiteral("eviction")));

    QSignalSpy messages(&inspector, &widgets::Inspector::message);
    const QByteArray before = canvas.saved();
    ttl->setValue(0); // the box allows it; the model does not (a TTL must be above 0)
    QCOMPARE(canvas.saved(), before);
    QCOMPARE(canvas.stack.count(), 0);
    QCOMPARE(messages.size(), 1);
    QVERIFY2(inspector.lastError().contains(QLatin1String("ttl_s")),
             qPrintable(inspector.lastError()));
    QVERIFY(messages.first().first().toString().contains(QLatin1String("greater than 0")));
    QCOMPARE(ttl->value(), 3600); // the form shows the document again

    // Valid edits apply at once, and consecutive edits of one field are one step.
    ttl->setValue(60);
    ttl->setValue(120);
    QCOMPARE(canvas.document.model().find(QStringLiteral("cdn"))->number(QStringLiteral("ttl_s")),
             120);
    QCOMPARE(canvas.stack.count(), 1);
    QVERIFY(inspector.lastError().isEmpty());
    canvas.stack.undo();
    QCOMPARE(canvas.saved(), before);
    QCOMPARE(ttl->value(), 3600);

    // A whole number, with its unit.
    inspector.setComponent(QStringLiteral("web-us"));
    auto *cores = qobject_cast<QSpinBox *>(inspector.editor(QStringLiteral("cores")));
    QVERIFY(cores);
    QCOMPARE(cores->value(), 8);
    cores->setValue(16);
    QCOMPARE(
        canvas.document.model().find(QStringLiteral("web-us"))->number(QStringLiteral("cores")),
        16);
    canvas.stack.undo();
    QCOMPARE(cores->value(), 8);
}

void TestCanvas::saveAndLoadGiveTheSameModel()
{
    widgets::MainWindow window;
    QVERIFY(window.openFile(QStringLiteral(SCALELAB_TEST_DATA "/capstone.json")));
    QVERIFY(window.windowTitle().startsWith(QLatin1String("capstone.json[*]")));
    QVERIFY(!window.isWindowModified());
    // The opened model got a layout; nothing else changed.
    model::Model expected = testing::loadTestModel(QStringLiteral("capstone.json"));
    expected.layout = window.document().model().layout;
    QCOMPARE(window.document().model(), expected);
    QCOMPARE(window.document().model().layout.size(), 22);

    QVERIFY(window.scene()->addComponentAt(QStringLiteral("worker"), QPointF(100, 900)));
    QVERIFY(window.isWindowModified());
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("saved.json"));
    QVERIFY(window.saveFile(path));
    QVERIFY(!window.isWindowModified());
    QVERIFY(window.windowTitle().startsWith(QLatin1String("saved.json")));
    const model::LoadResult reloaded = model::loadModelFile(path);
    QVERIFY2(reloaded.ok(), qPrintable(reloaded.message()));
    QCOMPARE(*reloaded.model, window.document().model());
    // Undo back past the save point marks the window modified again.
    window.undoStack().undo();
    QVERIFY(window.isWindowModified());
    window.undoStack().redo();
    QVERIFY(!window.isWindowModified());
}

void TestCanvas::openingABadFileKeepsTheDocument()
{
    widgets::MainWindow window;
    QVERIFY(window.openFile(QStringLiteral(SCALELAB_TEST_DATA "/lru-zipf.json")));
    const QByteArray before = model::serializeModel(window.document().model());
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.json"));
    QFile bad(path);
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write(R"({"format": "scalelab-model", "version": 1, "components": [
                 {"id": "web", "type": "web_server", "cores": 0}], "links": []})");
    bad.close();
    dismissNextMessageBox();
    QVERIFY(!window.openFile(path));
    QCOMPARE(model::serializeModel(window.document().model()), before);
    QCOMPARE(window.filePath(), QStringLiteral(SCALELAB_TEST_DATA "/lru-zipf.json"));
    QCOMPARE(window.scene()->componentItemCount(), 4);
}

// The drawing fits the view as the window and its docks settle, until the learner zooms or pans;
// a view too small for it stops at the zoom where text reads, and the learner scrolls.
void TestCanvas::viewKeepsFittingUntilTheUserZooms()
{
    Canvas canvas;
    widgets::CanvasView view(canvas.scene.get());
    view.resize(300, 200);
    view.show();
    view.fitToContents();
    QCOMPARE(view.zoom(), diagram::ComponentPainter::readableZoom());
    QVERIFY(!view.mapToScene(view.viewport()->rect())
                 .boundingRect()
                 .contains(canvas.scene->contentsRect()));
    view.resize(1600, 1600);
    QVERIFY2(view.zoom() >= diagram::ComponentPainter::readableZoom() && view.zoom() <= 1,
             qPrintable(QString::number(view.zoom())));
    const QRectF shown = view.mapToScene(view.viewport()->rect()).boundingRect();
    QVERIFY(shown.contains(canvas.scene->contentsRect()));
    view.zoomIn();
    const double chosen = view.zoom();
    view.resize(500, 400);
    QCOMPARE(view.zoom(), chosen); // the learner's zoom stays
}

QTEST_MAIN(TestCanvas)
#include "tst_canvas.moc"
