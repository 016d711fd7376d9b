#pragma once

#include "model/parameter_table.h"

#include <QGroupBox>
#include <QHash>
#include <QJsonObject>
#include <QJsonValue>

class QPushButton;

namespace scalelab::widgets {

class FieldEditor;

// An object parameter (autoscaling, a health check, replication) as a small form with one row
// per member. Each edit emits the whole object: the members written so far with the edited one
// changed, so a member never touched keeps meaning "the default". An object without a default
// (autoscale: off when absent) is a checkable group, unchecked when absent; one whose members all
// have defaults offers "Reset to defaults", which removes it from the file. Undefined means that.
class ObjectEditor : public QGroupBox {
    Q_OBJECT

public:
    explicit ObjectEditor(const model::ParameterSpec &spec, QWidget *parent = nullptr);

    // What turning the object on writes: its required members without a default.
    void setStartingValue(const QJsonObject &start) { m_start = start; }
    void setCandidates(const QStringList &ids);
    void setValue(const QJsonValue &written); // Undefined: absent
    QJsonValue value() const;                 // Undefined: absent
    FieldEditor *field(const QString &name) const { return m_fields.value(name); }
    QPushButton *resetButton() const { return m_reset; }
    bool isOptional() const { return isCheckable(); } // absent means off

signals:
    void edited(const QJsonValue &value);

private:
    void showState();

    model::ParameterSpec m_spec;
    QHash<QString, FieldEditor *> m_fields;
    QPushButton *m_reset = nullptr;
    QJsonObject m_start;
    QJsonValue m_written;
};

} // namespace scalelab::widgets
