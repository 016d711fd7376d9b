#include "widgets/editing/field_editor.h"

#include "widgets/editing/distribution_editor.h"
#include "widgets/editing/number_box.h"

#include "model/component_kind.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QSpinBox>

#include <algorithm>
#include <climits>
#include <cmath>

namespace scalelab::widgets {

namespace {

constexpr double kUnbounded = 1e12;

QString formatNumber(double value)
{
    return QString::number(value, 'g', 15);
}

// As the loader words a range, so that the tooltip and a refusal agree.
QString rangeText(const model::ParameterSpec &spec)
{
    const bool hasMinimum = std::isfinite(spec.minimum);
    // The whole numbers' ceiling is the engine's int, not a bound a learner needs to see.
    const bool hasMaximum = std::isfinite(spec.maximum) && spec.maximum < INT_MAX;
    const QString minimum = formatNumber(spec.minimum);
    const QString maximum = formatNumber(spec.maximum);
    if (hasMinimum && hasMaximum)
        return spec.minimumExclusive
                   ? QStringLiteral("greater than %1 and at most %2").arg(minimum, maximum)
                   : QStringLiteral("%1 to %2").arg(minimum, maximum);
    if (hasMinimum)
        return spec.minimumExclusive ? QStringLiteral("greater than %1").arg(minimum)
                                     : QStringLiteral("at least %1").arg(minimum);
    if (hasMaximum)
        return QStringLiteral("at most %1").arg(maximum);
    return QString();
}

QStringList fieldNames(const model::ParameterSpec &spec)
{
    QStringList names;
    for (const model::ParameterSpec &field : spec.fields)
        names << field.name;
    return names;
}

bool isNumeric(model::ValueKind kind)
{
    return kind == model::ValueKind::Number || kind == model::ValueKind::Integer;
}

bool isStructured(model::ValueKind kind)
{
    return kind == model::ValueKind::Object || kind == model::ValueKind::ObjectList ||
           kind == model::ValueKind::Mix;
}

} // namespace

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

QString displayValue(const QJsonValue &value, const QString &unit)
{
    const QString suffix = unit.isEmpty() ? QString() : QLatin1Char(' ') + unit;
    if (value.isDouble())
        return formatNumber(value.toDouble()) + suffix;
    if (value.isString())
        return value.toString();
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        QStringList parts;
        if (object.contains(QLatin1String("dist"))) {
            parts << object.value(QLatin1String("dist")).toString()
                  << QStringLiteral("mean %1").arg(
                         displayValue(object.value(QLatin1String("mean")), unit));
            for (const char *shape : {"spread", "cv", "k"})
                if (object.contains(QLatin1String(shape)))
                    parts << QStringLiteral("%1 %2").arg(
                        QLatin1String(shape), displayValue(object.value(QLatin1String(shape))));
        } else {
            for (auto it = object.begin(); it != object.end(); ++it)
                parts << QStringLiteral("%1 %2").arg(it.key(), displayValue(it.value()));
        }
        return parts.join(QStringLiteral(", "));
    }
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    return QString();
}

QString parameterTip(const model::ParameterSpec &spec)
{
    // The table's unit and help in the reader's language; the name is the model file's own.
    const QString unitWord = model::translatedSpecText(spec.unit);
    QString text = QStringLiteral("<b>%1</b>").arg(spec.name);
    if (!spec.unit.isEmpty())
        text += QStringLiteral(" (%1)").arg(unitWord);
    text += QStringLiteral("<br>%1").arg(model::translatedSpecText(spec.help).toHtmlEscaped());
    const QString unit =
        spec.kind == model::ValueKind::Distribution || isNumeric(spec.kind) ? unitWord : QString();
    if (!spec.defaultValue.isUndefined())
        text += QStringLiteral("<br>Default: %1")
                    .arg(displayValue(spec.defaultValue, unit).toHtmlEscaped());
    else if (spec.required)
        text += QStringLiteral("<br>Required.");
    else
        text += QStringLiteral("<br>Not set by default.");
    QString allowed;
    switch (spec.kind) {
    case model::ValueKind::Number:
    case model::ValueKind::Integer:
        allowed = rangeText(spec);
        if (spec.kind == model::ValueKind::Integer)
            allowed = allowed.isEmpty() ? QStringLiteral("a whole number")
                                        : QStringLiteral("a whole number, ") + allowed;
        break;
    case model::ValueKind::Distribution:
        allowed = rangeText(spec);
        if (!allowed.isEmpty())
            allowed = QStringLiteral("a mean of ") + allowed;
        break;
    case model::ValueKind::Choice:
        allowed = QStringLiteral("one of ") + spec.choices.join(QStringLiteral(", "));
        break;
    case model::ValueKind::Text:
        allowed = QStringLiteral("any text");
        break;
    case model::ValueKind::ComponentId:
        allowed = QStringLiteral("the id of another component");
        break;
    case model::ValueKind::Object:
        allowed = QStringLiteral("members ") + fieldNames(spec).join(QStringLiteral(", "));
        break;
    case model::ValueKind::ObjectList:
        allowed = QStringLiteral("rows of ") + fieldNames(spec).join(QStringLiteral(", "));
        break;
    case model::ValueKind::Mix:
        allowed = QStringLiteral("weights of at least 0 for %1, not all 0")
                      .arg(spec.choices.join(QStringLiteral(", ")));
        break;
    }
    if (!allowed.isEmpty())
        text += QStringLiteral("<br>Allowed: %1.").arg(allowed.toHtmlEscaped());
    return text;
}

QJsonValue startingValue(const model::ParameterSpec &spec, const model::Component &owner,
                         const QStringList &ids)
{
    if (!spec.defaultValue.isUndefined())
        return spec.defaultValue;
    const auto clamp = [&spec](double v) { return std::clamp(v, lowest(spec), highest(spec)); };
    if (isNumeric(spec.kind)) {
        const QList<model::ParameterSpec> &parameters = model::kindSpec(owner.kind).type.parameters;
        const model::ParameterSpec *same = model::findParameter(parameters, spec.name);
        if (same && isNumeric(same->kind) && owner.value(same->name).isDouble())
            return clamp(owner.value(same->name).toDouble());
        for (const model::ParameterSpec &p : parameters)
            if (!spec.unit.isEmpty() && p.unit == spec.unit && isNumeric(p.kind) &&
                owner.value(p.name).isDouble())
                return clamp(owner.value(p.name).toDouble());
    }
    switch (spec.kind) {
    case model::ValueKind::Number:
    case model::ValueKind::Integer:
    case model::ValueKind::Distribution: {
        double start = std::isfinite(spec.minimum) ? spec.minimum : 0;
        if (spec.minimumExclusive)
            start += 1;
        return clamp(start);
    }
    case model::ValueKind::Choice:
        return spec.choices.value(0);
    case model::ValueKind::Text:
        return QString();
    case model::ValueKind::ComponentId:
        return ids.value(0);
    case model::ValueKind::Object: {
        QJsonObject object;
        for (const model::ParameterSpec &field : spec.fields)
            if (field.required)
                object.insert(field.name, startingValue(field, owner, ids));
        return object;
    }
    case model::ValueKind::ObjectList:
        return QJsonArray();
    case model::ValueKind::Mix:
        return QJsonObject{{spec.choices.value(0), 1}};
    }
    return QJsonValue(QJsonValue::Undefined);
}

QWidget *createInput(const model::ParameterSpec &spec, QWidget *parent)
{
    const QString suffix =
        spec.unit.isEmpty() ? QString() : QLatin1Char(' ') + model::translatedSpecText(spec.unit);
    const bool unset = canBeUnset(spec);
    switch (spec.kind) {
    case model::ValueKind::Number: {
        auto *box = new NumberBox(parent);
        box->setDecimals(3);
        box->setRange(lowest(spec) - (unset ? 1 : 0), highest(spec));
        box->setSuffix(suffix);
        box->setKeyboardTracking(false);
        if (unset)
            box->setSpecialValueText(QStringLiteral("not set"));
        return box;
    }
    case model::ValueKind::Integer: {
        auto *box = new QSpinBox(parent);
        const double top = std::min(highest(spec), double(INT_MAX));
        const double bottom = std::max(lowest(spec), double(INT_MIN + 1));
        box->setRange(int(bottom) - (unset ? 1 : 0), int(top));
        box->setSuffix(suffix);
        box->setKeyboardTracking(false);
        if (unset)
            box->setSpecialValueText(QStringLiteral("not set"));
        return box;
    }
    case model::ValueKind::Choice: {
        auto *box = new QComboBox(parent);
        if (unset)
            box->addItem(QStringLiteral("not set"), QString());
        for (const QString &choice : spec.choices)
            box->addItem(choice, choice);
        return box;
    }
    case model::ValueKind::Distribution:
        return new DistributionEditor(model::translatedSpecText(spec.unit), parent);
    case model::ValueKind::ComponentId: {
        auto *box = new QComboBox(parent);
        box->setEditable(true);
        // A typed id is a value to judge, not an item to remember.
        box->setInsertPolicy(QComboBox::NoInsert);
        box->lineEdit()->setPlaceholderText(spec.required ? QStringLiteral("component id")
                                                          : QStringLiteral("none"));
        return box;
    }
    case model::ValueKind::Text:
    case model::ValueKind::Object:
    case model::ValueKind::ObjectList:
    case model::ValueKind::Mix: {
        auto *line = new QLineEdit(parent);
        if (isStructured(spec.kind))
            line->setPlaceholderText(QStringLiteral("JSON"));
        else if (unset)
            line->setPlaceholderText(QStringLiteral("not set"));
        return line;
    }
    }
    return new QLineEdit(parent);
}

void setInputValue(QWidget *input, const QJsonValue &value)
{
    const QSignalBlocker blocker(input);
    if (auto *law = qobject_cast<DistributionEditor *>(input)) {
        law->setValue(model::Distribution::fromJson(value));
    } else if (auto *d = qobject_cast<QDoubleSpinBox *>(input)) {
        d->setValue(value.isDouble() ? value.toDouble() : d->minimum());
    } else if (auto *i = qobject_cast<QSpinBox *>(input)) {
        i->setValue(value.isDouble() ? int(value.toDouble()) : i->minimum());
    } else if (auto *c = qobject_cast<QComboBox *>(input)) {
        if (c->isEditable()) {
            const QSignalBlocker lineBlocker(c->lineEdit());
            const int index = c->findText(value.toString());
            if (index >= 0)
                c->setCurrentIndex(index);
            c->setEditText(value.toString());
        } else {
            c->setCurrentIndex(std::max(0, c->findData(value.toString())));
        }
    } else if (auto *line = qobject_cast<QLineEdit *>(input)) {
        if (value.isObject() || value.isArray())
            line->setText(QString::fromUtf8((value.isObject() ? QJsonDocument(value.toObject())
                                                              : QJsonDocument(value.toArray()))
                                                .toJson(QJsonDocument::Compact)));
        else
            line->setText(value.toString());
    }
}

QJsonValue inputValue(const QWidget *input, const model::ParameterSpec &spec)
{
    const QJsonValue unset(QJsonValue::Undefined);
    if (const auto *law = qobject_cast<const DistributionEditor *>(input))
        return law->value();
    if (const auto *d = qobject_cast<const QDoubleSpinBox *>(input))
        return canBeUnset(spec) && d->value() < lowest(spec) ? unset : QJsonValue(d->value());
    if (const auto *i = qobject_cast<const QSpinBox *>(input))
        return canBeUnset(spec) && i->value() < lowest(spec) ? unset
                                                             : QJsonValue(qint64(i->value()));
    if (const auto *c = qobject_cast<const QComboBox *>(input)) {
        const QString text =
            c->isEditable() ? c->currentText().trimmed() : c->currentData().toString();
        return text.isEmpty() && !spec.required ? unset : QJsonValue(text);
    }
    if (const auto *line = qobject_cast<const QLineEdit *>(input)) {
        const QString text = line->text();
        if (text.trimmed().isEmpty())
            return spec.required ? QJsonValue(QString()) : unset;
        if (isStructured(spec.kind)) {
            // Not JSON: handed on as text, so that the loader says what it should look like.
            const QJsonDocument parsed = QJsonDocument::fromJson(text.toUtf8());
            if (parsed.isObject())
                return parsed.object();
            if (parsed.isArray())
                return parsed.array();
            bool number = false;
            const double v = text.toDouble(&number);
            if (number)
                return v;
        }
        return text;
    }
    return unset;
}

void setInputCandidates(QWidget *input, const QStringList &ids)
{
    auto *box = qobject_cast<QComboBox *>(input);
    if (!box || !box->isEditable())
        return;
    QStringList present;
    for (int i = 0; i < box->count(); ++i)
        present << box->itemText(i);
    if (present == ids)
        return;
    const QSignalBlocker blocker(box);
    const QSignalBlocker lineBlocker(box->lineEdit());
    const QString text = box->currentText();
    box->clear();
    box->addItems(ids);
    box->setCurrentIndex(box->findText(text));
    box->setEditText(text);
}

FieldEditor::FieldEditor(const model::ParameterSpec &spec, QWidget *parent)
    : QWidget(parent), m_spec(spec)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_input = createInput(spec, this);
    m_input->setAccessibleName(spec.name);
    m_input->setToolTip(parameterTip(spec));
    if (!qobject_cast<DistributionEditor *>(m_input)) {
        // Spin boxes size themselves for their widest value (up to 1e12): the form decides.
        m_input->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
        m_input->setMinimumWidth(80);
    }
    layout->addWidget(m_input);
    setFocusProxy(m_input);

    if (auto *law = qobject_cast<DistributionEditor *>(m_input)) {
        connect(law, &DistributionEditor::edited, this, &FieldEditor::edited);
    } else if (auto *d = qobject_cast<QDoubleSpinBox *>(m_input)) {
        connect(d, &QDoubleSpinBox::valueChanged, this, &FieldEditor::edited);
    } else if (auto *i = qobject_cast<QSpinBox *>(m_input)) {
        connect(i, &QSpinBox::valueChanged, this, &FieldEditor::edited);
    } else if (auto *c = qobject_cast<QComboBox *>(m_input)) {
        if (c->isEditable()) {
            connect(c, &QComboBox::activated, this, &FieldEditor::finished);
            connect(c->lineEdit(), &QLineEdit::editingFinished, this, &FieldEditor::finished);
        } else {
            connect(c, &QComboBox::activated, this, &FieldEditor::edited);
        }
    } else if (auto *line = qobject_cast<QLineEdit *>(m_input)) {
        connect(line, &QLineEdit::editingFinished, this, &FieldEditor::finished);
    }
}

void FieldEditor::setCandidates(const QStringList &ids)
{
    // An optional id can be taken away again: the empty first entry says "none".
    setInputCandidates(m_input, m_spec.required ? ids : QStringList{QString()} + ids);
}

void FieldEditor::setValue(const QJsonValue &value)
{
    setInputValue(m_input, value);
    m_shown = inputValue(m_input, m_spec);
}

QJsonValue FieldEditor::value() const
{
    return inputValue(m_input, m_spec);
}

void FieldEditor::finished()
{
    const QJsonValue now = value();
    if (now == m_shown)
        return;
    m_shown = now;
    emit edited();
}

} // namespace scalelab::widgets
