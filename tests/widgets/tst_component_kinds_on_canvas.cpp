// Every kind of the registry as the workbench shows it: an icon and a palette entry, and a copy
// pasted with the keyboard whose references (a standby's active peer, an alert's component)
// name the pasted copies. Nothing here names a kind: a new kind is checked when it registers.

#include "widgets/canvas/canvas_scene.h"
#include "widgets/canvas/canvas_view.h"
#include "widgets/canvas/component_item.h"
#include "widgets/diagram/type_icons.h"
#include "widgets/editing/palette.h"
#include "widgets/main_window.h"

#include "model/component_kind.h"
#include "model/model_json.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>

using namespace scalelab;
using widgets::MainWindow;

namespace {

// A component of `kind` whose every reference to another component names `peer`, with each
// list of references holding one element.
model::Component referring(model::ComponentKind kind, const QString &id, const QString &peer)
{
    model::Component c = model::newComponentOf(kind, id);
    for (const model::ParameterSpec &p : model::kindSpec(kind).type.parameters) {
        if (p.kind == model::ValueKind::ComponentId) {
            c.parameters.insert(p.name, peer);
            continue;
        }
        QJsonObject element;
        bool refers = false;
        for (const model::ParameterSpec &f : p.fields) {
            if (f.kind == model::ValueKind::ComponentId) {
                element.insert(f.name, peer);
                refers = true;
            } else if (f.required) {
                element.insert(f.name, f.kind == model::ValueKind::Choice
                                           ? QJsonValue(f.choices.value(0))
                                           : QJsonValue(1.0));
            }
        }
        if (refers)
            c.parameters.insert(p.name, p.kind == model::ValueKind::ObjectList
                                            ? QJsonValue(QJsonArray{element})
                                            : QJsonValue(element));
    }
    return c;
}

} // namespace

class TestComponentKindsOnCanvas : public QObject {
    Q_OBJECT

private slots:
    void kinds_data()
    {
        QTest::addColumn<int>("kind");
        for (const model::ComponentKindSpec *spec : model::componentKinds())
            QTest::newRow(qPrintable(spec->type.type)) << static_cast<int>(spec->kind);
    }

    void everyKindHasAnIconAndAPaletteEntry_data() { kinds_data(); }
    void everyKindHasAnIconAndAPaletteEntry()
    {
        QFETCH(int, kind);
        const model::ComponentKindSpec &spec =
            model::kindSpec(static_cast<model::ComponentKind>(kind));
        QVERIFY2(diagram::TypeIcons::renderer(spec.type.type)->isValid(),
                 qPrintable(QStringLiteral("no icon assets/icons/%1.svg").arg(spec.type.type)));
        widgets::Palette palette;
        bool listed = false;
        for (int row = 0; row < palette.count(); ++row)
            listed = listed || palette.item(row)->data(Qt::UserRole).toString() == spec.type.type;
        QVERIFY(listed);
    }

    // Copy a component and the peer it names with Ctrl+C, paste with Ctrl+V: the pasted copy
    // names the pasted peer, not the original.
    void pastedReferencesNameThePastedCopies_data() { kinds_data(); }
    void pastedReferencesNameThePastedCopies()
    {
        QFETCH(int, kind);
        const auto k = static_cast<model::ComponentKind>(kind);
        if (model::componentReferences(k).isEmpty())
            QSKIP("this kind names no other component");
        model::Model m;
        m.components << referring(k, QStringLiteral("x"), QStringLiteral("peer"))
                     << model::newComponentOf(k, QStringLiteral("peer"));
        m.layout.insert(QStringLiteral("x"), QPointF(0, 0));
        m.layout.insert(QStringLiteral("peer"), QPointF(200, 0));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("pair.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(model::serializeModel(m));
        file.close();

        MainWindow window;
        QVERIFY(window.openFile(path));
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.view()->setFocus();
        for (const QString &id : {QStringLiteral("x"), QStringLiteral("peer")})
            window.scene()->componentItem(id)->setSelected(true);
        QTest::keyClick(window.view(), Qt::Key_C, Qt::ControlModifier);
        QTest::keyClick(window.view(), Qt::Key_V, Qt::ControlModifier);

        const model::Model &after = window.document().model();
        QCOMPARE(after.components.size(), 4);
        const QStringList pasted = window.scene()->selectedComponentIds();
        QCOMPARE(pasted.size(), 2);
        const model::Component *copy = nullptr;
        const model::Component *peerCopy = nullptr;
        for (const QString &id : pasted) {
            const model::Component *c = after.find(id);
            if (c->parameters == model::newComponentOf(k, id).parameters)
                peerCopy = c;
            else
                copy = c;
        }
        QVERIFY(copy && peerCopy);
        // Renaming the pasted peer back to "peer" gives the original's parameters: every
        // reference was renamed, and nothing else changed.
        QVERIFY(!QJsonDocument(copy->parameters).toJson().contains("\"peer\""));
        model::Component back = *copy;
        back.parameters = model::withReferencesRenamed(*copy, {{peerCopy->id, "peer"}});
        QCOMPARE(back.parameters, after.find(QStringLiteral("x"))->parameters);
    }
};

QTEST_MAIN(TestComponentKindsOnCanvas)
#include "tst_component_kinds_on_canvas.moc"
