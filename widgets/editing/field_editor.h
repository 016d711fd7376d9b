#pragma once

#include "model/model.h"
#include "model/parameter_table.h"

#include <QJsonValue>
#include <QWidget>

namespace scalelab::widgets {

// What the form tells about a value, from the parameter table: its help, unit, default and the
// range or choices the model file allows.
QString parameterTip(const model::ParameterSpec &spec);
// A value as a person reads it: "30 s", "lru", "lognormal, mean 4 ms, cv 1".
QString displayValue(const QJsonValue &value, const QString &unit = QString());

// A value with neither a default nor a requirement may be "not set"; number boxes show that one
// step below their range.
bool canBeUnset(const model::ParameterSpec &spec);
double lowest(const model::ParameterSpec &spec);
double highest(const model::ParameterSpec &spec);

// What a new member with no default starts from (a new row, an object being turned on): the
// owner's own value of that name or else of a parameter in the same unit, so that a new profile
// point starts at the client's rate and autoscaling at the present server count; else the first
// choice or offered id, else the lowest value allowed.
QJsonValue startingValue(const model::ParameterSpec &spec, const model::Component &owner,
                         const QStringList &ids);

// The bare input for one value, shared by the form's rows and the table's cells: a spin box for
// numbers, a combo box for a choice, an editable combo box of ids for a component, a line edit
// for text, a distribution form; structured kinds nested deeper than the table has are edited as
// JSON text. The document judges every value; the inputs only keep typing within reason.
QWidget *createInput(const model::ParameterSpec &spec, QWidget *parent);
void setInputValue(QWidget *input, const QJsonValue &value);
QJsonValue inputValue(const QWidget *input, const model::ParameterSpec &spec); // Undefined: unset
// The ids an editable component combo offers (typing another is allowed).
void setInputCandidates(QWidget *input, const QStringList &ids);

// One value in a form row: the input its kind calls for, announcing each finished edit once.
class FieldEditor : public QWidget {
    Q_OBJECT

public:
    explicit FieldEditor(const model::ParameterSpec &spec, QWidget *parent = nullptr);

    const model::ParameterSpec &spec() const { return m_spec; }
    QWidget *input() const { return m_input; }
    void setCandidates(const QStringList &ids);
    void setValue(const QJsonValue &value); // Undefined: not set (the default is shown, if any)
    QJsonValue value() const;

signals:
    void edited();

private:
    void finished();

    model::ParameterSpec m_spec;
    QWidget *m_input = nullptr;
    QJsonValue m_shown; // text inputs announce a change only, not every focus loss
};

} // namespace scalelab::widgets
