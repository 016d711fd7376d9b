// The inspector's editors for the structured parameters, the label and the region: each edit
// applies the whole value as one undo command that round-trips the model file exactly, a value the
// loader refuses leaves the model as it was with the loader's reason shown, and the form fits the
// dock it lives in.

#include "widgets/editing/edit_commands.h"
#include "widgets/editing/field_editor.h"
#include "widgets/editing/inspector.h"
#include "widgets/editing/mix_editor.h"
#include "widgets/editing/object_editor.h"
#include "widgets/editing/object_list_editor.h"
#include "widgets/editing/palette.h"

#include "../core/model/translation_test_support.h"

#include "model/architecture_document.h"
#include "model/model_json.h"
#include "model/parameter_table.h"

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSet>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStyleOptionViewItem>
#include <QTableWidget>
#include <QTest>
#include <QUndoStack>

using namespace scalelab;
using widgets::FieldEditor;
using widgets::Inspector;
using widgets::MixEditor;
using widgets::ObjectEditor;
using widgets::ObjectListEditor;

namespace {

// The capstone model in a document with its undo stack and an inspector, as the main window
// holds them.
struct Bench {
    Bench()
    {
        const model::LoadResult loaded =
            model::loadModelFile(QStringLiteral(SCALELAB_TEST_DATA "/capstone.json"));
        if (!loaded.ok())
            qFatal("%s", qPrintable(loaded.message()));
        document.reset(*loaded.model);
        inspector = std::make_unique<Inspector>(document, stack);
    }
    QByteArray saved() const { return model::serializeModel(document.model()); }
    QJsonValue written(const QString &id, const QString &name) const
    {
        return document.model().find(id)->parameters.value(name);
    }
    const model::Component &component(const QString &id) const
    {
        return *document.model().find(id);
    }

    model::ArchitectureDocument document;
    QUndoStack stack;
    std::unique_ptr<Inspector> inspector;
};

QJsonObject object(std::initializer_list<QPair<QString, QJsonValue>> members)
{
    QJsonObject o;
    for (const auto &[key, value] : members)
        o.insert(key, value);
    return o;
}

// Undo brings the file back byte for byte, redo brings the edit back the same way.
void checkUndoRedo(Bench &bench, const QByteArray &before)
{
    const QByteArray after = bench.saved();
    QVERIFY(after != before);
    bench.stack.undo();
    QCOMPARE(bench.saved(), before);
    bench.stack.redo();
    QCOMPARE(bench.saved(), after);
}

} // namespace

class TestInspectorStructured : public QObject {
    Q_OBJECT

private slots:
    void everyParameterHasAnEditor();
    void mixIsEditedAsOneValue();
    void optionalObjectTurnsOnAndOff();
    void defaultedObjectResets();
    void profileTableAppliesTheWholeList();
    void alertTableAppliesTheWholeList();
    void cellEditorCommitsThroughTheView();
    void componentIdOffersTheModelsIds();
    void textFieldAnnouncesChangesOnly();
    void labelAndRegionAreUndoable();
    void formFitsTheDock_data();
    void formFitsTheDock();
    void formSpeaksTheTranslatorsWords();
};

void TestInspectorStructured::everyParameterHasAnEditor()
{
    Bench bench;
    // The capstone has a component of every type the table knows.
    QSet<int> kinds;
    for (const model::Component &c : bench.document.model().components)
        kinds.insert(static_cast<int>(c.kind));
    QCOMPARE(kinds.size(), model::kComponentKindCount);
    for (const model::Component &c : bench.document.model().components) {
        bench.inspector->setComponent(c.id);
        QVERIFY(bench.inspector->labelEditor());
        QVERIFY(bench.inspector->regionEditor());
        QCOMPARE(bench.inspector->regionEditor()->currentData().toString(), c.region);
        for (const model::ParameterSpec &p : model::kindSpec(c.kind).type.parameters) {
            const QString where = c.id + QLatin1Char('.') + p.name;
            QWidget *editor = bench.inspector->editor(p.name);
            QVERIFY2(editor, qPrintable(where));
            QCOMPARE(editor->accessibleName(), p.name);
            QVERIFY2(editor->toolTip().contains(p.help.toHtmlEscaped()), qPrintable(where));
        }
        // Nothing is left for "later".
        for (const QLabel *label : bench.inspector->findChildren<QLabel *>())
            QVERIFY2(!label->text().contains(QLatin1String("Not editable")), qPrintable(c.id));
    }
    // Showing every form changed nothing.
    QCOMPARE(bench.stack.count(), 0);
}

void TestInspectorStructured::mixIsEditedAsOneValue()
{
    Bench bench;
    const QString users = QStringLiteral("users-us");
    bench.inspector->setComponent(users);
    auto *mix = qobject_cast<MixEditor *>(bench.inspector->editor(QStringLiteral("mix")));
    QVERIFY(mix);
    QCOMPARE(mix->weight(QStringLiteral("read"))->value(), 0.42);
    QCOMPARE(mix->share(QStringLiteral("static"))->text(), QStringLiteral("50 %"));
    QVERIFY(mix->weight(QStringLiteral("job"))->toolTip().contains(QLatin1String("job")));

    const QByteArray before = bench.saved();
    mix->weight(QStringLiteral("write"))->setValue(0.16);
    // The whole object is written, each weight as it was but the one edited.
    QCOMPARE(bench.written(users, QStringLiteral("mix")).toObject(),
             object({{QStringLiteral("static"), 0.5},
                     {QStringLiteral("read"), 0.42},
                     {QStringLiteral("write"), 0.16},
                     {QStringLiteral("job"), 0.02}}));
    QCOMPARE(mix->share(QStringLiteral("write"))->text(), QStringLiteral("15 %")); // 0.16 of 1.1
    QCOMPARE(bench.stack.count(), 1);
    checkUndoRedo(bench, before);
    bench.stack.undo();
    QCOMPARE(mix->weight(QStringLiteral("write"))->value(), 0.06);

    // Every weight at zero would send nothing: the loader refuses, and says so.
    QSignalSpy messages(bench.inspector.get(), &Inspector::message);
    for (const char *kind : {"static", "read", "write"})
        mix->weight(QLatin1String(kind))->setValue(0);
    QVERIFY(bench.inspector->lastError().isEmpty());
    const QByteArray threeZeros = bench.saved();
    mix->weight(QStringLiteral("job"))->setValue(0);
    QCOMPARE(bench.saved(), threeZeros);
    QVERIFY2(bench.inspector->lastError().contains(QLatin1String("needs at least one weight")),
             qPrintable(bench.inspector->lastError()));
    QCOMPARE(messages.size(), 1);
    QVERIFY(messages.first().first().toString().startsWith(QLatin1String("users-us.mix")));
    QCOMPARE(mix->weight(QStringLiteral("job"))->value(), 0.02); // the form shows the model again
    QCOMPARE(mix->share(QStringLiteral("job"))->text(), QStringLiteral("100 %"));
    // The zeros were one step (edits of one parameter merge); undoing it restores the file.
    QCOMPARE(bench.stack.count(), 1);
    bench.stack.undo();
    QCOMPARE(bench.saved(), before);
}

void TestInspectorStructured::optionalObjectTurnsOnAndOff()
{
    Bench bench;
    const QString web = QStringLiteral("web-us");
    bench.inspector->setComponent(web);
    auto *autoscale =
        qobject_cast<ObjectEditor *>(bench.inspector->editor(QStringLiteral("autoscale")));
    QVERIFY(autoscale);
    // Absent means off: the group is unchecked and its members cannot be edited.
    QVERIFY(autoscale->isOptional());
    QVERIFY(!autoscale->isChecked());
    QVERIFY(!autoscale->field(QStringLiteral("max"))->isEnabled());
    // Turned on, it starts from the servers running now.
    QCOMPARE(autoscale->field(QStringLiteral("max"))->value(), QJsonValue(40));
    QCOMPARE(autoscale->field(QStringLiteral("min"))->value(), QJsonValue(1));
    QVERIFY(autoscale->field(QStringLiteral("boot_s"))->toolTip().contains(QLatin1String("30 s")));

    const QByteArray before = bench.saved();
    autoscale->setChecked(true);
    QCOMPARE(bench.written(web, QStringLiteral("autoscale")),
             QJsonValue(object({{QStringLiteral("max"), 40}})));
    QVERIFY(autoscale->field(QStringLiteral("max"))->isEnabled());
    auto *max = qobject_cast<QSpinBox *>(autoscale->field(QStringLiteral("max"))->input());
    auto *min = qobject_cast<QSpinBox *>(autoscale->field(QStringLiteral("min"))->input());
    auto *target = qobject_cast<QDoubleSpinBox *>(
        autoscale->field(QStringLiteral("target_utilization"))->input());
    QVERIFY(max && min && target);
    QCOMPARE(max->suffix(), QStringLiteral(" instances"));
    max->setValue(60);
    min->setValue(5);
    // Each edit wrote the whole object; members never touched still mean their default.
    QCOMPARE(bench.written(web, QStringLiteral("autoscale")),
             QJsonValue(object({{QStringLiteral("max"), 60}, {QStringLiteral("min"), 5}})));
    QCOMPARE(bench.component(web).member(QStringLiteral("autoscale"),
                                         QStringLiteral("target_utilization")),
             QJsonValue(0.7));
    QCOMPARE(bench.stack.count(), 1);
    checkUndoRedo(bench, before);
    bench.stack.undo();
    QVERIFY(!autoscale->isChecked());
    bench.stack.redo();
    QVERIFY(autoscale->isChecked());
    QCOMPARE(min->value(), 5);

    // A minimum above the maximum is refused with the loader's reason; the form shows 5 again.
    const QByteArray valid = bench.saved();
    min->setValue(80);
    QCOMPARE(bench.saved(), valid);
    QVERIFY2(bench.inspector->lastError().contains(QLatin1String("autoscale.min")) &&
                 bench.inspector->lastError().contains(QLatin1String("above max")),
             qPrintable(bench.inspector->lastError()));
    QCOMPARE(min->value(), 5);
    // A target share of 0 too (it must be above 0).
    target->setValue(0);
    QCOMPARE(bench.saved(), valid);
    QVERIFY2(bench.inspector->lastError().contains(QLatin1String("target_utilization")),
             qPrintable(bench.inspector->lastError()));
    QCOMPARE(target->value(), 0.7);

    // Off again: the member is gone from the file, as before it was turned on.
    autoscale->setChecked(false);
    QVERIFY(!bench.component(web).parameters.contains(QLatin1String("autoscale")));
    QCOMPARE(bench.saved(), before);
    QCOMPARE(bench.stack.count(), 0); // on and back off merged into nothing to undo
}

void TestInspectorStructured::defaultedObjectResets()
{
    Bench bench;
    const QString lb = QStringLiteral("lb-us");
    bench.inspector->setComponent(lb);
    auto *health =
        qobject_cast<ObjectEditor *>(bench.inspector->editor(QStringLiteral("health_check")));
    QVERIFY(health);
    QVERIFY(!health->isOptional());
    QVERIFY(health->resetButton());
    QVERIFY(!health->resetButton()->isEnabled()); // nothing written: nothing to reset
    auto *interval =
        qobject_cast<QDoubleSpinBox *>(health->field(QStringLiteral("interval_s"))->input());
    QVERIFY(interval);
    QCOMPARE(interval->value(), 5.0);

    const QByteArray before = bench.saved();
    interval->setValue(2);
    QCOMPARE(bench.written(lb, QStringLiteral("health_check")),
             QJsonValue(object({{QStringLiteral("interval_s"), 2}})));
    QVERIFY(health->resetButton()->isEnabled());
    checkUndoRedo(bench, before);

    // A probe every 0 s is refused (the interval must be above 0).
    const QByteArray valid = bench.saved();
    interval->setValue(0);
    QCOMPARE(bench.saved(), valid);
    QVERIFY2(bench.inspector->lastError().contains(QLatin1String("greater than 0")),
             qPrintable(bench.inspector->lastError()));
    QCOMPARE(interval->value(), 2.0);

    // Reset removes the object: every member takes its default again. It edits the same
    // parameter, so it merges with the edit before it, and nothing is left to undo.
    health->resetButton()->click();
    QVERIFY(!bench.component(lb).parameters.contains(QLatin1String("health_check")));
    QCOMPARE(interval->value(), 5.0);
    QVERIFY(!health->resetButton()->isEnabled());
    QCOMPARE(bench.saved(), before);
    QCOMPARE(bench.stack.count(), 0);
}

void TestInspectorStructured::profileTableAppliesTheWholeList()
{
    Bench bench;
    const QString users = QStringLiteral("users-us");
    bench.inspector->setComponent(users);
    auto *profile =
        qobject_cast<ObjectListEditor *>(bench.inspector->editor(QStringLiteral("profile")));
    QVERIFY(profile);
    QTableWidget *table = profile->table();
    QCOMPARE(table->rowCount(), 0);
    QCOMPARE(table->columnCount(), 2);
    QCOMPARE(table->horizontalHeaderItem(0)->text(), QStringLiteral("at_s"));
    QVERIFY(!table->horizontalHeaderItem(1)->toolTip().isEmpty());
    QVERIFY(!profile->removeButton()->isEnabled());

    // A first point starts at the client's own rate; a second copies the first.
    const QByteArray before = bench.saved();
    profile->addButton()->click();
    const QJsonObject start{{QStringLiteral("at_s"), 0}, {QStringLiteral("rate_rps"), 600000}};
    QCOMPARE(bench.written(users, QStringLiteral("profile")), QJsonValue(QJsonArray{start}));
    profile->addButton()->click();
    table->item(1, 0)->setData(Qt::EditRole, 5.0);
    table->item(1, 1)->setData(Qt::EditRole, 900000.0);
    const QJsonArray twoPoints{
        start, QJsonObject{{QStringLiteral("at_s"), 5}, {QStringLiteral("rate_rps"), 900000}}};
    QCOMPARE(bench.written(users, QStringLiteral("profile")), QJsonValue(twoPoints));
    QCOMPARE(bench.stack.count(), 1); // edits of one parameter merge into one step
    checkUndoRedo(bench, before);
    bench.stack.undo();
    QCOMPARE(table->rowCount(), 0);
    bench.stack.redo();
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->item(1, 1)->data(Qt::EditRole).toDouble(), 900000.0);

    // Points out of time order are refused with the loader's message; the table shows the list
    // the model holds.
    QSignalSpy messages(bench.inspector.get(), &Inspector::message);
    const QByteArray valid = bench.saved();
    table->item(0, 0)->setData(Qt::EditRole, 10.0);
    QCOMPARE(bench.saved(), valid);
    QVERIFY2(bench.inspector->lastError().contains(QLatin1String("profile[1].at_s")) &&
                 bench.inspector->lastError().contains(QLatin1String("must not be earlier")),
             qPrintable(bench.inspector->lastError()));
    QCOMPARE(messages.size(), 1);
    QCOMPARE(table->item(0, 0)->data(Qt::EditRole).toDouble(), 0.0);
    // A negative rate too.
    table->item(1, 1)->setData(Qt::EditRole, -5.0);
    QCOMPARE(bench.saved(), valid);
    QVERIFY2(bench.inspector->lastError().contains(QLatin1String("rate_rps")),
             qPrintable(bench.inspector->lastError()));
    QCOMPARE(table->item(1, 1)->data(Qt::EditRole).toDouble(), 900000.0);

    // Removing the selected row, then the last: an empty profile leaves the file.
    table->setCurrentCell(0, 1);
    profile->removeButton()->click();
    QCOMPARE(bench.written(users, QStringLiteral("profile")), QJsonValue(QJsonArray{twoPoints[1]}));
    profile->removeButton()->click();
    QVERIFY(!bench.component(users).parameters.contains(QLatin1String("profile")));
    QVERIFY(!profile->removeButton()->isEnabled());
    QCOMPARE(bench.saved(), before);
}

void TestInspectorStructured::alertTableAppliesTheWholeList()
{
    Bench bench;
    const QString monitor = QStringLiteral("monitor");
    bench.inspector->setComponent(monitor);
    auto *alerts =
        qobject_cast<ObjectListEditor *>(bench.inspector->editor(QStringLiteral("alerts")));
    QVERIFY(alerts);
    QTableWidget *table = alerts->table();
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(table->item(0, 0)->data(Qt::EditRole).toString(), QStringLiteral("p99_ms"));
    QCOMPARE(table->item(0, 1)->data(Qt::EditRole).toString(), QStringLiteral("web-us"));
    QCOMPARE(table->item(0, 2)->data(Qt::EditRole).toDouble(), 250.0);

    const QByteArray before = bench.saved();
    table->item(0, 2)->setData(Qt::EditRole, 300.0);
    QCOMPARE(
        bench.written(monitor, QStringLiteral("alerts")),
        QJsonValue(QJsonArray{QJsonObject{{QStringLiteral("metric"), QStringLiteral("p99_ms")},
                                          {QStringLiteral("component"), QStringLiteral("web-us")},
                                          {QStringLiteral("above"), 300}}}));
    checkUndoRedo(bench, before);

    // The cells are edited with their member's input: a choice of metrics, an editable list of
    // the model's ids, a number.
    QAbstractItemDelegate *delegate = table->itemDelegate();
    const QStyleOptionViewItem option;
    const QModelIndex metricCell = table->model()->index(0, 0);
    const QModelIndex componentCell = table->model()->index(0, 1);
    std::unique_ptr<QWidget> metricInput(
        delegate->createEditor(table->viewport(), option, metricCell));
    auto *metrics = qobject_cast<QComboBox *>(metricInput.get());
    QVERIFY(metrics && !metrics->isEditable());
    QCOMPARE(metrics->count(), 12);
    std::unique_ptr<QWidget> componentInput(
        delegate->createEditor(table->viewport(), option, componentCell));
    auto *ids = qobject_cast<QComboBox *>(componentInput.get());
    QVERIFY(ids && ids->isEditable());
    QVERIFY(ids->findText(QStringLiteral("cache")) >= 0);
    QCOMPARE(ids->findText(monitor), -1); // a monitor does not watch itself
    delegate->setEditorData(ids, componentCell);
    QCOMPARE(ids->currentText(), QStringLiteral("web-us"));
    ids->setEditText(QStringLiteral("cache"));
    delegate->setModelData(ids, table->model(), componentCell);
    QCOMPARE(bench.written(monitor, QStringLiteral("alerts")).toArray().at(0)[u"component"],
             QJsonValue(QStringLiteral("cache")));

    // An id no component has, or a metric that does not exist, is refused and the cell restored.
    const QByteArray valid = bench.saved();
    ids->setEditText(QStringLiteral("nobody"));
    delegate->setModelData(ids, table->model(), componentCell);
    QCOMPARE(bench.saved(), valid);
    QVERIFY2(bench.inspector->lastError().contains(QLatin1String("no component has the id")),
             qPrintable(bench.inspector->lastError()));
    QCOMPARE(table->item(0, 1)->data(Qt::EditRole).toString(), QStringLiteral("cache"));
    table->item(0, 0)->setData(Qt::EditRole, QStringLiteral("p100_ms"));
    QCOMPARE(bench.saved(), valid);
    QVERIFY2(bench.inspector->lastError().contains(QLatin1String("must be one of")),
             qPrintable(bench.inspector->lastError()));
    QCOMPARE(table->item(0, 0)->data(Qt::EditRole).toString(), QStringLiteral("p99_ms"));

    // A new alert copies the last; removing it gives the list back.
    alerts->addButton()->click();
    QCOMPARE(bench.written(monitor, QStringLiteral("alerts")).toArray().size(), 2);
    table->item(1, 0)->setData(Qt::EditRole, QStringLiteral("error_rate"));
    table->item(1, 2)->setData(Qt::EditRole, 0.01);
    QCOMPARE(bench.written(monitor, QStringLiteral("alerts")).toArray().at(1)[u"metric"],
             QJsonValue(QStringLiteral("error_rate")));
    alerts->removeButton()->click(); // the current row is the one added
    QCOMPARE(bench.saved(), valid);
}

void TestInspectorStructured::cellEditorCommitsThroughTheView()
{
    // As a person edits a cell: the view opens the member's input, Return commits it (once the
    // event loop runs), and the list is applied while the view is closing the input.
    Bench bench;
    bench.inspector->resize(280, 600);
    bench.inspector->setComponent(QStringLiteral("users-us"));
    bench.inspector->show();
    QVERIFY(QTest::qWaitForWindowExposed(bench.inspector.get()));
    auto *profile =
        qobject_cast<ObjectListEditor *>(bench.inspector->editor(QStringLiteral("profile")));
    profile->addButton()->click();
    QTableWidget *table = profile->table();
    table->editItem(table->item(0, 1));
    auto *rate = table->viewport()->findChild<QDoubleSpinBox *>();
    QVERIFY(rate);
    QCOMPARE(rate->value(), 600000.0);
    QCOMPARE(rate->suffix(), QStringLiteral(" rps"));
    rate->setValue(750000);
    QTest::keyClick(rate, Qt::Key_Return);
    QTRY_COMPARE(bench.written(QStringLiteral("users-us"), QStringLiteral("profile")),
                 QJsonValue(QJsonArray{QJsonObject{{QStringLiteral("at_s"), 0},
                                                   {QStringLiteral("rate_rps"), 750000}}}));
    QCOMPARE(table->item(0, 1)->data(Qt::EditRole).toDouble(), 750000.0);
    QCOMPARE(bench.stack.count(), 1);
}

void TestInspectorStructured::componentIdOffersTheModelsIds()
{
    Bench bench;
    const QString lb = QStringLiteral("lb-eu");
    bench.inspector->setComponent(lb);
    auto *standby =
        qobject_cast<FieldEditor *>(bench.inspector->editor(QStringLiteral("standby_for")));
    QVERIFY(standby);
    auto *ids = qobject_cast<QComboBox *>(standby->input());
    QVERIFY(ids && ids->isEditable());
    // "none" first, then the other balancer before every other component; never itself.
    QCOMPARE(ids->itemText(0), QString());
    QCOMPARE(ids->itemText(1), QStringLiteral("lb-us"));
    QCOMPARE(ids->count(), 22); // none and the 21 others
    QCOMPARE(ids->findText(lb), -1);
    QCOMPARE(ids->currentText(), QString());

    const QByteArray before = bench.saved();
    ids->setCurrentIndex(1);
    emit ids->activated(1);
    QCOMPARE(bench.written(lb, QStringLiteral("standby_for")), QJsonValue(QStringLiteral("lb-us")));
    // The same id again (focus leaving the box) is no further step.
    emit ids->lineEdit()->editingFinished();
    QCOMPARE(bench.stack.count(), 1);
    checkUndoRedo(bench, before);
    bench.stack.undo();
    QCOMPARE(ids->currentText(), QString());
    bench.stack.redo();
    QCOMPARE(ids->currentText(), QStringLiteral("lb-us"));

    // Typed ids are judged by the loader: a web server cannot stand by for a balancer, and an id
    // nobody has is no component.
    const QByteArray valid = bench.saved();
    ids->setEditText(QStringLiteral("web-us"));
    emit ids->lineEdit()->editingFinished();
    QCOMPARE(bench.saved(), valid);
    QVERIFY2(bench.inspector->lastError().contains(QLatin1String("must name a load_balancer")),
             qPrintable(bench.inspector->lastError()));
    QCOMPARE(ids->currentText(), QStringLiteral("lb-us"));
    ids->setEditText(QStringLiteral("lb-mars"));
    emit ids->lineEdit()->editingFinished();
    QCOMPARE(bench.saved(), valid);
    QVERIFY2(bench.inspector->lastError().contains(QLatin1String("no component has the id")),
             qPrintable(bench.inspector->lastError()));
    QCOMPARE(ids->currentText(), QStringLiteral("lb-us"));
    // Emptied, it is "none" again: the member leaves the file.
    ids->setEditText(QString());
    emit ids->lineEdit()->editingFinished();
    QVERIFY(bench.inspector->lastError().isEmpty());
    QCOMPARE(bench.saved(), before);

    // A component added later is offered at once.
    QVERIFY(bench.document.addComponent(
        model::Component{QStringLiteral("lb-asia"), model::ComponentKind::LoadBalancer, {}, {}, {}},
        QPointF(0, 0)));
    QCOMPARE(ids->itemText(2), QStringLiteral("lb-asia"));
}

void TestInspectorStructured::textFieldAnnouncesChangesOnly()
{
    // No component type has a free text parameter yet; the scenario's region pairs do.
    const model::ScenarioActionSpec *partition = model::scenarioAction(QStringLiteral("partition"));
    QVERIFY(partition);
    const model::ParameterSpec *a =
        model::findParameter(partition->parameters, QStringLiteral("a"));
    QVERIFY(a && a->kind == model::ValueKind::Text);
    FieldEditor field(*a);
    auto *line = qobject_cast<QLineEdit *>(field.input());
    QVERIFY(line);
    QCOMPARE(line->accessibleName(), QStringLiteral("a"));
    QVERIFY(line->toolTip().contains(QLatin1String("any text")));
    QSignalSpy edited(&field, &FieldEditor::edited);
    field.setValue(QStringLiteral("us"));
    QCOMPARE(edited.size(), 0); // showing a value is no edit
    emit line->editingFinished();
    QCOMPARE(edited.size(), 0);
    line->setText(QStringLiteral("eu"));
    emit line->editingFinished();
    emit line->editingFinished(); // Return, then focus leaving: one edit
    QCOMPARE(edited.size(), 1);
    QCOMPARE(field.value(), QJsonValue(QStringLiteral("eu")));
    line->clear();
    emit line->editingFinished();
    QCOMPARE(field.value(), QJsonValue(QJsonValue::Undefined)); // empty: not set
}

void TestInspectorStructured::labelAndRegionAreUndoable()
{
    Bench bench;
    const QString web = QStringLiteral("web-us");
    bench.inspector->setComponent(web);
    QLineEdit *label = bench.inspector->labelEditor();
    QComboBox *region = bench.inspector->regionEditor();
    QCOMPARE(label->accessibleName(), QStringLiteral("label"));
    QCOMPARE(region->accessibleName(), QStringLiteral("region"));
    QCOMPARE(label->text(), QString());
    QCOMPARE(region->count(), 3); // none, us, eu
    QCOMPARE(region->currentData().toString(), QStringLiteral("us"));

    // Consecutive label edits of one component are one step.
    const QByteArray before = bench.saved();
    label->setText(QStringLiteral("Web tier (US)"));
    emit label->editingFinished();
    label->setText(QStringLiteral("Web tier"));
    emit label->editingFinished();
    emit label->editingFinished(); // unchanged: no step
    QCOMPARE(bench.component(web).label, QStringLiteral("Web tier"));
    QCOMPARE(bench.stack.count(), 1);
    QCOMPARE(bench.stack.text(0), QStringLiteral("Label web-us"));
    checkUndoRedo(bench, before);
    bench.stack.undo();
    QCOMPARE(label->text(), QString());
    bench.stack.redo();
    QCOMPARE(label->text(), QStringLiteral("Web tier"));

    // The region is a step of its own.
    const QByteArray labelled = bench.saved();
    const int eu = region->findData(QStringLiteral("eu"));
    region->setCurrentIndex(eu);
    emit region->activated(eu);
    QCOMPARE(bench.component(web).region, QStringLiteral("eu"));
    QCOMPARE(bench.stack.count(), 2);
    checkUndoRedo(bench, labelled);
    bench.stack.undo();
    QCOMPARE(region->currentData().toString(), QStringLiteral("us"));
    bench.stack.redo();
    QCOMPARE(region->currentData().toString(), QStringLiteral("eu"));

    // A region the model does not declare is refused with the loader's reason.
    const QByteArray valid = bench.saved();
    QSignalSpy messages(bench.inspector.get(), &Inspector::message);
    QVERIFY(!bench.inspector->editRegion(QStringLiteral("mars")));
    QCOMPARE(bench.saved(), valid);
    QVERIFY2(bench.inspector->lastError().contains(QLatin1String("unknown region")),
             qPrintable(bench.inspector->lastError()));
    QCOMPARE(messages.size(), 1);
    QVERIFY(messages.first().first().toString().startsWith(QLatin1String("web-us region")));
    QCOMPARE(region->currentData().toString(), QStringLiteral("eu"));

    // No region at all; undoing every step gives the file back.
    region->setCurrentIndex(0);
    emit region->activated(0);
    QVERIFY(bench.component(web).region.isEmpty());
    while (bench.stack.canUndo())
        bench.stack.undo();
    QCOMPARE(bench.saved(), before);

    // The commands on their own: exact inverses.
    QString error;
    QVERIFY(widgets::pushEdit(
        bench.stack,
        new widgets::SetComponentFieldCommand(
            bench.document, web, widgets::SetComponentFieldCommand::Field::Region, QString()),
        &error));
    QVERIFY(!widgets::pushEdit(
        bench.stack,
        new widgets::SetComponentFieldCommand(bench.document, web,
                                              widgets::SetComponentFieldCommand::Field::Region,
                                              QStringLiteral("mars")),
        &error));
    QVERIFY(error.contains(QLatin1String("unknown region")));
    bench.stack.undo();
    QCOMPARE(bench.saved(), before);
}

void TestInspectorStructured::formFitsTheDock_data()
{
    // A component, and parameters written into it first so that every kind of editor shows
    // content: a profile table, alerts with the longest metric name, autoscaling turned on.
    QTest::addColumn<QString>("id");
    QTest::addColumn<QByteArray>("written");
    QTest::newRow("client") << QStringLiteral("users-us") << QByteArray();
    QTest::newRow("client with a profile")
        << QStringLiteral("users-eu") << QByteArray(R"({"profile": [{"at_s": 0, "rate_rps": 400000},
                                      {"at_s": 20, "rate_rps": 1200000},
                                      {"at_s": 40, "rate_rps": 400000}]})");
    QTest::newRow("monitor")
        << QStringLiteral("monitor")
        << QByteArray(R"({"alerts": [{"metric": "p99_ms", "component": "web-us", "above": 250},
                                     {"metric": "replication_lag_ms", "component": "shard-1-r1",
                                      "above": 1000},
                                     {"metric": "error_rate", "component": "lb-eu",
                                      "above": 0.01}]})");
    QTest::newRow("autoscaled web server")
        << QStringLiteral("web-us") << QByteArray(R"({"autoscale": {"min": 10, "max": 60}})");
    QTest::newRow("database") << QStringLiteral("shard-1") << QByteArray();
    QTest::newRow("standby balancer")
        << QStringLiteral("lb-eu") << QByteArray(R"({"standby_for": "lb-us"})");
}

void TestInspectorStructured::formFitsTheDock()
{
    QFETCH(QString, id);
    QFETCH(QByteArray, written);
    Bench bench;
    const QJsonObject parameters = QJsonDocument::fromJson(written).object();
    for (auto it = parameters.begin(); it != parameters.end(); ++it) {
        QString error;
        QVERIFY2(bench.document.setParameter(id, it.key(), it.value(), &error), qPrintable(error));
    }
    Inspector &inspector = *bench.inspector;
    // The main window's dock starts 280 pixels wide; the height is the screenshot's, tall
    // enough to show the whole form.
    inspector.resize(280, 1250);
    inspector.setComponent(id);
    inspector.show();
    QVERIFY(QTest::qWaitForWindowExposed(&inspector));
    auto *scroll = inspector.findChild<QScrollArea *>();
    QVERIFY(scroll);
    // The form scrolls down but never sideways: everything must fit the width it is given.
    const int needed = scroll->widget()->minimumSizeHint().width();
    QVERIFY2(needed <= scroll->viewport()->width(),
             qPrintable(QStringLiteral("%1 needs %2 px, has %3")
                            .arg(id)
                            .arg(needed)
                            .arg(scroll->viewport()->width())));
    // Every label's text fits its label.
    for (const QLabel *label : scroll->widget()->findChildren<QLabel *>()) {
        if (!label->isVisible() || label->wordWrap() || label->text().isEmpty())
            continue;
        QVERIFY2(label->width() >= label->fontMetrics().horizontalAdvance(label->text()),
                 qPrintable(label->text()));
    }
    const QString shots = qEnvironmentVariable("SCALELAB_INSPECTOR_SHOTS");
    if (!shots.isEmpty()) {
        QDir().mkpath(shots);
        QVERIFY(inspector.grab().save(
            QDir(shots).filePath(QStringLiteral("inspector-%1.png").arg(id))));
    }
}

// The table's title, help and units reach the form, the palette and their tooltips through the
// installed translator (a MarkingTranslator says each in capitals between « and »).
void TestInspectorStructured::formSpeaksTheTranslatorsWords()
{
    const testing::MarkedTranslation marked;
    const auto translated = [](const QString &english) {
        return QStringLiteral("«") + english.toUpper() + QStringLiteral("»");
    };
    Bench bench;
    bench.inspector->setComponent(QStringLiteral("cache"));
    const model::ComponentTypeSpec *cache = model::componentType(QStringLiteral("cache"));
    bool titled = false;
    for (const QLabel *label : bench.inspector->findChildren<QLabel *>()) {
        if (label->text().contains(translated(cache->title))) {
            titled = true;
            QCOMPARE(label->toolTip(), translated(cache->help));
        }
    }
    QVERIFY(titled);
    for (const model::ParameterSpec &p : cache->parameters) {
        const QString tip = bench.inspector->editor(p.name)->toolTip();
        QVERIFY2(tip.contains(translated(p.help).toHtmlEscaped()), qPrintable(tip));
        if (!p.unit.isEmpty())
            QVERIFY2(tip.contains(translated(p.unit)), qPrintable(tip));
    }
    auto *capacity = qobject_cast<QSpinBox *>(bench.inspector->editor(QStringLiteral("capacity")));
    QVERIFY(capacity);
    QCOMPARE(capacity->suffix(), QStringLiteral(" «KEYS»"));

    widgets::Palette palette;
    for (int row = 0; row < palette.count(); ++row) {
        const model::ComponentTypeSpec *type =
            model::componentType(palette.item(row)->data(Qt::UserRole).toString());
        QVERIFY(type);
        QCOMPARE(palette.item(row)->text(), translated(type->title));
        QVERIFY(palette.item(row)->toolTip().contains(translated(type->help).toHtmlEscaped()));
    }
}

QTEST_MAIN(TestInspectorStructured)
#include "tst_inspector_structured.moc"
