#include "widgets/editing/inspector.h"

#include "widgets/editing/distribution_editor.h"
#include "widgets/editing/edit_commands.h"
#include "widgets/editing/field_editor.h"
#include "widgets/editing/mix_editor.h"
#include "widgets/editing/number_box.h"
#include "widgets/editing/object_editor.h"
#include "widgets/editing/object_list_editor.h"

#include "model/component_kind.h"
#include "model/parameter_table.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QFrame>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QUndoStack>
#include <QVBoxLayout>

#include <climits>
#include <cmath>

namespace scalelab::widgets {

Inspector::Inspector(model::ArchitectureDocument &document, QUndoStack &undoStack, QWidget *parent)
    : QWidget(parent), m_document(document), m_undoStack(undoStack)
{
    setObjectName(QStringLiteral("inspector"));
    setAccessibleName(QStringLiteral("Inspector"));
    auto *layout = new QVBoxLayout(this);
    m_header = new QLabel(this);
    m_header->setTextFormat(Qt::RichText);
    m_header->setWordWrap(true);
    layout->addWidget(m_header);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_formHost = new QWidget(scroll);
    m_form = new QFormLayout(m_formHost);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    scroll->setWidget(m_formHost);
    layout->addWidget(scroll, 1);
    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b83232;"));
    m_error->setVisible(false);
    layout->addWidget(m_error);

    using Document = model::ArchitectureDocument;
    connect(&document, &Document::modelReset, this, [this] { setComponent(QString()); });
    connect(&document, &Document::componentRemoved, this, [this](const QString &id) {
        if (id == m_componentId)
            setComponent(QString());
        else
            showValues(); // one id fewer to offer
    });
    connect(&document, &Document::componentAdded, this, [this] { showValues(); });
    connect(&document, &Document::componentChanged, this, [this](const QString &id) {
        if (id == m_componentId)
            showValues();
    });
    rebuild();
}

QString Inspector::lastError() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void Inspector::setComponent(const QString &id)
{
    if (id == m_componentId && !m_editors.isEmpty())
        return;
    m_componentId = id;
    m_error->setVisible(false);
    rebuild();
}

void Inspector::clearForm()
{
    while (m_form->rowCount() > 0)
        m_form->removeRow(0);
    m_editors.clear();
    m_label = nullptr;
    m_region = nullptr;
}

QStringList Inspector::otherIds() const
{
    const model::Component *self = m_document.model().find(m_componentId);
    QStringList sameType;
    QStringList others;
    for (const model::Component &c : m_document.model().components) {
        if (c.id == m_componentId)
            continue;
        (self && c.kind == self->kind ? sameType : others) << c.id;
    }
    return sameType + others;
}

// The label and region head the form: they belong to every component, whatever its type.
void Inspector::addIdentityRows(const model::Component &component)
{
    m_label = new QLineEdit(m_formHost);
    m_label->setObjectName(QStringLiteral("label"));
    m_label->setAccessibleName(QStringLiteral("label"));
    m_label->setPlaceholderText(QStringLiteral("none"));
    const QString labelTip =
        QStringLiteral("<b>label</b><br>The name the canvas shows for %1; links, scenario events "
                       "and alerts keep using the id.")
            .arg(component.id.toHtmlEscaped());
    m_label->setToolTip(labelTip);
    m_label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    m_label->setMinimumWidth(90);
    connect(m_label, &QLineEdit::editingFinished, this, [this] {
        const model::Component *c = m_document.model().find(m_componentId);
        if (c && m_label && m_label->text() != c->label)
            editLabel(m_label->text());
    });
    auto *labelLabel = new QLabel(QStringLiteral("label"), m_formHost);
    labelLabel->setToolTip(labelTip);
    labelLabel->setBuddy(m_label);
    m_form->addRow(labelLabel, m_label);

    m_region = new QComboBox(m_formHost);
    m_region->setObjectName(QStringLiteral("region"));
    m_region->setAccessibleName(QStringLiteral("region"));
    m_region->addItem(QStringLiteral("none"), QString());
    for (const model::Region &region : m_document.model().regions)
        m_region->addItem(region.label.isEmpty()
                              ? region.id
                              : QStringLiteral("%1 (%2)").arg(region.id, region.label),
                          region.id);
    const QString regionTip =
        m_document.model().regions.isEmpty()
            ? QStringLiteral("<b>region</b><br>The model declares no regions.")
            : QStringLiteral("<b>region</b><br>The data centre %1 runs in: links to another "
                             "region take the latency between the two, and a partition cuts "
                             "it off.")
                  .arg(component.id.toHtmlEscaped());
    m_region->setToolTip(regionTip);
    m_region->setEnabled(m_region->count() > 1 || !component.region.isEmpty());
    m_region->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    m_region->setMinimumWidth(90);
    connect(m_region, &QComboBox::activated, this,
            [this](int index) { editRegion(m_region->itemData(index).toString()); });
    auto *regionLabel = new QLabel(QStringLiteral("region"), m_formHost);
    regionLabel->setToolTip(regionTip);
    regionLabel->setBuddy(m_region);
    m_form->addRow(regionLabel, m_region);

    auto *line = new QFrame(m_formHost);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);
    m_form->addRow(line);
}

void Inspector::rebuild()
{
    clearForm();
    const model::Component *component = m_document.model().find(m_componentId);
    if (!component) {
        m_componentId.clear();
        m_header->setText(
            QStringLiteral("<i>Select a component to see and change its parameters.</i>"));
        return;
    }
    const model::ComponentTypeSpec &spec = model::kindSpec(component->kind).type;
    m_header->setText(QStringLiteral("<b style='font-size:large'>%1</b><br>%2")
                          .arg(component->id.toHtmlEscaped(),
                               model::translatedSpecText(spec.title).toHtmlEscaped()));
    m_header->setToolTip(model::translatedSpecText(spec.help));
    addIdentityRows(*component);
    for (const model::ParameterSpec &p : spec.parameters) {
        QWidget *editor = nullptr;
        bool whole = false; // a group of its own, as wide as the form, titled with the name
        const QString name = p.name;
        const QString suffix =
            p.unit.isEmpty() ? QString() : QLatin1Char(' ') + model::translatedSpecText(p.unit);
        switch (p.kind) {
        case model::ValueKind::Number: {
            auto *box = new NumberBox(m_formHost);
            box->setDecimals(3);
            box->setRange(lowest(p) - (canBeUnset(p) ? 1 : 0), highest(p));
            box->setSuffix(suffix);
            box->setKeyboardTracking(false);
            if (canBeUnset(p))
                box->setSpecialValueText(QStringLiteral("not set"));
            connect(box, &QDoubleSpinBox::valueChanged, this, [this, name, p](double v) {
                edit(name, canBeUnset(p) && v < lowest(p) ? QJsonValue() : QJsonValue(v));
            });
            editor = box;
            break;
        }
        case model::ValueKind::Integer: {
            auto *box = new QSpinBox(m_formHost);
            const double top = std::min(highest(p), double(INT_MAX));
            const double bottom = std::max(lowest(p), double(INT_MIN + 1));
            box->setRange(int(bottom) - (canBeUnset(p) ? 1 : 0), int(top));
            box->setSuffix(suffix);
            box->setKeyboardTracking(false);
            if (canBeUnset(p))
                box->setSpecialValueText(QStringLiteral("not set"));
            connect(box, &QSpinBox::valueChanged, this, [this, name, p](int v) {
                edit(name, canBeUnset(p) && v < lowest(p) ? QJsonValue() : QJsonValue(qint64(v)));
            });
            editor = box;
            break;
        }
        case model::ValueKind::Choice: {
            auto *box = new QComboBox(m_formHost);
            if (canBeUnset(p))
                box->addItem(QStringLiteral("not set"), QString());
            for (const QString &choice : p.choices)
                box->addItem(choice, choice);
            connect(box, &QComboBox::activated, this, [this, name, box](int index) {
                const QString choice = box->itemData(index).toString();
                edit(name, choice.isEmpty() ? QJsonValue() : QJsonValue(choice));
            });
            editor = box;
            break;
        }
        case model::ValueKind::Distribution: {
            auto *box = new DistributionEditor(model::translatedSpecText(p.unit), m_formHost);
            connect(box, &DistributionEditor::edited, this,
                    [this, name](const QJsonValue &v) { edit(name, v); });
            editor = box;
            break;
        }
        case model::ValueKind::Text:
        case model::ValueKind::ComponentId: {
            auto *field = new FieldEditor(p, m_formHost);
            connect(field, &FieldEditor::edited, this,
                    [this, name, field] { edit(name, field->value()); });
            editor = field;
            break;
        }
        case model::ValueKind::Mix: {
            auto *mix = new MixEditor(p, m_formHost);
            connect(mix, &MixEditor::edited, this,
                    [this, name](const QJsonValue &v) { edit(name, v); });
            editor = mix;
            whole = true;
            break;
        }
        case model::ValueKind::Object: {
            auto *object = new ObjectEditor(p, m_formHost);
            object->setStartingValue(startingValue(p, *component, otherIds()).toObject());
            connect(object, &ObjectEditor::edited, this,
                    [this, name](const QJsonValue &v) { edit(name, v); });
            editor = object;
            whole = true;
            break;
        }
        case model::ValueKind::ObjectList: {
            auto *list = new ObjectListEditor(p, m_formHost);
            QJsonObject row;
            for (const model::ParameterSpec &field : p.fields)
                row.insert(field.name, startingValue(field, *component, otherIds()));
            list->setNewRow(row);
            connect(list, &ObjectListEditor::edited, this,
                    [this, name](const QJsonValue &v) { edit(name, v); });
            editor = list;
            whole = true;
            break;
        }
        }
        editor->setToolTip(parameterTip(p));
        editor->setAccessibleName(name);
        editor->setObjectName(name);
        m_editors.insert(name, editor);
        if (whole) {
            editor->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
            m_form->addRow(editor);
            continue;
        }
        // Spin boxes size themselves for their widest value (up to 1e12): let the dock decide.
        editor->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
        editor->setMinimumWidth(90);
        auto *label = new QLabel(name, m_formHost);
        label->setToolTip(parameterTip(p));
        label->setBuddy(editor);
        m_form->addRow(label, editor);
    }
    showValues();
}

void Inspector::showValues()
{
    const model::Component *component = m_document.model().find(m_componentId);
    if (!component)
        return;
    if (m_label && m_label->text() != component->label) {
        const QSignalBlocker blocker(m_label);
        m_label->setText(component->label);
    }
    if (m_region) {
        const QSignalBlocker blocker(m_region);
        m_region->setCurrentIndex(std::max(0, m_region->findData(component->region)));
    }
    const QStringList ids = otherIds();
    for (auto it = m_editors.cbegin(); it != m_editors.cend(); ++it) {
        const QJsonValue value = component->value(it.key());
        QSignalBlocker blocker(it.value());
        if (auto *field = qobject_cast<FieldEditor *>(it.value())) {
            field->setCandidates(ids);
            field->setValue(value);
        } else if (auto *mix = qobject_cast<MixEditor *>(it.value())) {
            mix->setValue(value);
        } else if (auto *object = qobject_cast<ObjectEditor *>(it.value())) {
            object->setCandidates(ids);
            object->setValue(component->parameters.value(it.key())); // as written: absent is off
        } else if (auto *list = qobject_cast<ObjectListEditor *>(it.value())) {
            list->setCandidates(ids);
            list->setValue(value);
        } else if (auto *d = qobject_cast<QDoubleSpinBox *>(it.value())) {
            d->setValue(value.isDouble() ? value.toDouble() : d->minimum());
        } else if (auto *i = qobject_cast<QSpinBox *>(it.value())) {
            i->setValue(value.isDouble() ? int(value.toDouble()) : i->minimum());
        } else if (auto *c = qobject_cast<QComboBox *>(it.value())) {
            c->setCurrentIndex(std::max(0, c->findData(value.toString())));
        } else if (auto *law = qobject_cast<DistributionEditor *>(it.value())) {
            law->setValue(component->distribution(it.key()));
        }
    }
}

bool Inspector::push(EditCommand *command, const QString &what)
{
    QString error;
    const bool ok = pushEdit(m_undoStack, command, &error);
    m_error->setVisible(!ok);
    if (!ok) {
        m_error->setText(error);
        emit message(
            QStringLiteral("%1 refused: %2").arg(what, error.section(QLatin1Char('\n'), 0, 0)));
        showValues(); // back to what the document holds
    }
    return ok;
}

bool Inspector::edit(const QString &parameter, const QJsonValue &value)
{
    // An edit that writes what is already written (a list shown again, a text left as it was)
    // is no step at all.
    if (const model::Component *c = m_document.model().find(m_componentId)) {
        const QJsonValue written = c->parameters.value(parameter);
        const bool clearing = value.isUndefined() || value.isNull();
        if (clearing ? written.isUndefined() : written == value) {
            m_error->setVisible(false);
            return true;
        }
    }
    return push(new SetParameterCommand(m_document, m_componentId, parameter, value),
                QStringLiteral("%1.%2").arg(m_componentId, parameter));
}

bool Inspector::editLabel(const QString &label)
{
    return push(new SetComponentFieldCommand(m_document, m_componentId,
                                             SetComponentFieldCommand::Field::Label, label),
                QStringLiteral("%1 label").arg(m_componentId));
}

bool Inspector::editRegion(const QString &region)
{
    return push(new SetComponentFieldCommand(m_document, m_componentId,
                                             SetComponentFieldCommand::Field::Region, region),
                QStringLiteral("%1 region").arg(m_componentId));
}

} // namespace scalelab::widgets
