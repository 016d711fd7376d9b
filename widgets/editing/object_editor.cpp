#include "widgets/editing/object_editor.h"

#include "widgets/editing/field_editor.h"

#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>

namespace scalelab::widgets {

ObjectEditor::ObjectEditor(const model::ParameterSpec &spec, QWidget *parent)
    : QGroupBox(spec.name, parent), m_spec(spec)
{
    setToolTip(parameterTip(spec));
    auto *form = new QFormLayout(this);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    for (const model::ParameterSpec &member : spec.fields) {
        auto *field = new FieldEditor(member, this);
        field->setObjectName(member.name);
        field->setAccessibleName(QStringLiteral("%1 %2").arg(spec.name, member.name));
        field->setToolTip(parameterTip(member));
        field->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
        field->setMinimumWidth(80);
        auto *label = new QLabel(member.name, this);
        label->setToolTip(parameterTip(member));
        label->setBuddy(field->input());
        form->addRow(label, field);
        m_fields.insert(member.name, field);
        const QString name = member.name;
        connect(field, &FieldEditor::edited, this, [this, name, field] {
            QJsonObject object = m_written.toObject();
            const QJsonValue v = field->value();
            if (v.isUndefined())
                object.remove(name);
            else
                object.insert(name, v);
            emit edited(object);
        });
    }
    if (spec.defaultValue.isUndefined()) {
        // Absent means off: the group's check box turns it on with its starting members.
        setCheckable(true);
        connect(this, &QGroupBox::toggled, this, [this](bool on) {
            emit edited(on ? QJsonValue(m_start) : QJsonValue(QJsonValue::Undefined));
        });
    } else {
        m_reset = new QPushButton(QStringLiteral("Reset to defaults"), this);
        m_reset->setAccessibleName(QStringLiteral("%1 reset to defaults").arg(spec.name));
        m_reset->setToolTip(QStringLiteral("Remove %1 from the model: every member takes its "
                                           "default.")
                                .arg(spec.name));
        form->addRow(m_reset);
        form->setAlignment(m_reset, Qt::AlignRight);
        connect(m_reset, &QPushButton::clicked, this,
                [this] { emit edited(QJsonValue(QJsonValue::Undefined)); });
    }
}

void ObjectEditor::setCandidates(const QStringList &ids)
{
    for (FieldEditor *field : std::as_const(m_fields))
        if (field->spec().kind == model::ValueKind::ComponentId)
            field->setCandidates(ids);
}

void ObjectEditor::setValue(const QJsonValue &written)
{
    m_written = written.isObject() ? written : QJsonValue(QJsonValue::Undefined);
    const QJsonObject object = m_written.toObject();
    for (const model::ParameterSpec &member : std::as_const(m_spec.fields)) {
        // A member not written shows what it means: its default, else what turning on writes.
        QJsonValue shown = object.value(member.name);
        if (shown.isUndefined())
            shown = member.defaultValue;
        if (shown.isUndefined())
            shown = m_start.value(member.name);
        m_fields.value(member.name)->setValue(shown);
    }
    if (isCheckable()) {
        const QSignalBlocker blocker(this);
        setChecked(m_written.isObject());
    }
    showState();
}

QJsonValue ObjectEditor::value() const
{
    return m_written;
}

void ObjectEditor::showState()
{
    if (m_reset)
        m_reset->setEnabled(m_written.isObject());
}

} // namespace scalelab::widgets
