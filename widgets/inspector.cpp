#include "inspector.h"

#include "commands.h"
#include "distribution_editor.h"
#include "type_icons.h"

#include "model/parameter_table.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QUndoStack>
#include <QVBoxLayout>

#include <climits>
#include <cmath>

namespace scalelab::widgets {

namespace {

constexpr double kUnbounded = 1e12;

// A parameter with neither a value nor a default shows "not set" at one step below its range.
bool canBeUnset(const model::ParameterSpec &spec)
{
    return spec.defaultValue.isUndefined() && !spec.required;
}

double lowest(const model::ParameterSpec &spec)
{
    return std::isfinite(spec.minimum) ? spec.minimum : -kUnbounded;
}

double highest(const model::ParameterSpec &spec)
{
    return std::isfinite(spec.maximum) ? spec.maximum : kUnbounded;
}

QString tip(const model::ParameterSpec &spec)
{
    QString text = QStringLiteral("<b>%1</b>").arg(spec.name);
    if (!spec.unit.isEmpty())
        text += QStringLiteral(" (%1)").arg(spec.unit);
    text += QStringLiteral("<br>%1").arg(spec.help.toHtmlEscaped());
    if (!spec.defaultValue.isUndefined())
        text +=
            QStringLiteral("<br>Default: %1")
                .arg(spec.defaultValue.isString() ? spec.defaultValue.toString()
                                                  : QString::number(spec.defaultValue.toDouble()));
    else if (spec.required)
        text += QStringLiteral("<br>Required.");
    return text;
}

// Shows 100 rather than 100.000 while still taking three decimals.
class NumberBox : public QDoubleSpinBox {
public:
    using QDoubleSpinBox::QDoubleSpinBox;
    QString textFromValue(double value) const override
    {
        QString text = locale().toString(value, 'f', decimals());
        const QString point = locale().decimalPoint();
        if (text.contains(point)) {
            while (text.endsWith(QLatin1Char('0')))
                text.chop(1);
            if (text.endsWith(point))
                text.chop(point.size());
        }
        return text;
    }
};

} // namespace

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
    });
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
    const model::ComponentTypeSpec *spec = model::componentType(component->type);
    m_header->setText(QStringLiteral("<b style='font-size:large'>%1</b><br>%2")
                          .arg(component->id.toHtmlEscaped(),
                               spec ? spec->title.toHtmlEscaped() : component->type));
    m_header->setToolTip(spec ? spec->help : QString());
    if (!spec)
        return;
    QStringList later;
    for (const model::ParameterSpec &p : spec->parameters) {
        QWidget *editor = nullptr;
        const QString name = p.name;
        const QString suffix = p.unit.isEmpty() ? QString() : QLatin1Char(' ') + p.unit;
        if (p.kind == model::ValueKind::Number) {
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
        } else if (p.kind == model::ValueKind::Integer) {
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
        } else if (p.kind == model::ValueKind::Choice) {
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
        } else if (p.kind == model::ValueKind::Distribution) {
            auto *box = new DistributionEditor(p.unit, m_formHost);
            connect(box, &DistributionEditor::edited, this,
                    [this, name](const QJsonValue &v) { edit(name, v); });
            editor = box;
        }
        if (!editor) {
            later << name; // objects and lists get their forms in a later slice
            continue;
        }
        // Spin boxes size themselves for their widest value (up to 1e12): let the dock decide.
        editor->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
        editor->setMinimumWidth(90);
        editor->setToolTip(tip(p));
        editor->setAccessibleName(name);
        editor->setObjectName(name);
        auto *label = new QLabel(name, m_formHost);
        label->setToolTip(tip(p));
        label->setBuddy(editor);
        m_form->addRow(label, editor);
        m_editors.insert(name, editor);
    }
    if (!later.isEmpty()) {
        auto *note = new QLabel(QStringLiteral("Not editable here yet (edit the model file): %1")
                                    .arg(later.join(QStringLiteral(", "))),
                                m_formHost);
        note->setWordWrap(true);
        note->setStyleSheet(QStringLiteral("color: palette(mid); font-size: small;"));
        m_form->addRow(note);
    }
    showValues();
}

void Inspector::showValues()
{
    const model::Component *component = m_document.model().find(m_componentId);
    if (!component)
        return;
    for (auto it = m_editors.cbegin(); it != m_editors.cend(); ++it) {
        const QJsonValue value = component->value(it.key());
        QSignalBlocker blocker(it.value());
        if (auto *d = qobject_cast<QDoubleSpinBox *>(it.value()))
            d->setValue(value.isDouble() ? value.toDouble() : d->minimum());
        else if (auto *i = qobject_cast<QSpinBox *>(it.value()))
            i->setValue(value.isDouble() ? int(value.toDouble()) : i->minimum());
        else if (auto *c = qobject_cast<QComboBox *>(it.value()))
            c->setCurrentIndex(std::max(0, c->findData(value.toString())));
        else if (auto *law = qobject_cast<DistributionEditor *>(it.value()))
            law->setValue(component->distribution(it.key()));
    }
}

bool Inspector::edit(const QString &parameter, const QJsonValue &value)
{
    QString error;
    const bool ok = pushEdit(
        m_undoStack, new SetParameterCommand(m_document, m_componentId, parameter, value), &error);
    m_error->setVisible(!ok);
    if (!ok) {
        m_error->setText(error);
        emit message(QStringLiteral("%1.%2 refused: %3")
                         .arg(m_componentId, parameter, error.section(QLatin1Char('\n'), 0, 0)));
        showValues(); // back to what the document holds
    }
    return ok;
}

} // namespace scalelab::widgets
