#pragma once

#include "model/parameter_table.h"

#include <QGroupBox>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

class QLabel;
class QPushButton;
class QTableWidget;

namespace scalelab::widgets {

// A list parameter (a rate profile, monitor alerts) as a compact table: one row per entry, one
// column per member, each cell edited with the input its member's kind calls for. Every change
// (a cell, a row added or removed) emits the whole list, so it is one command; a list left empty
// is emitted as Undefined, which removes the parameter. The document judges the list and, when
// it refuses, the owner shows the list it holds again.
class ObjectListEditor : public QGroupBox {
    Q_OBJECT

public:
    explicit ObjectListEditor(const model::ParameterSpec &spec, QWidget *parent = nullptr);

    // What "Add row" starts from when there is no row to copy.
    void setNewRow(const QJsonObject &row) { m_newRow = row; }
    void setCandidates(const QStringList &ids); // for members naming a component
    void setValue(const QJsonValue &value);
    QJsonValue value() const; // Undefined when empty

    QTableWidget *table() const { return m_table; }
    QPushButton *addButton() const { return m_add; }
    QPushButton *removeButton() const { return m_remove; }
    // What the buttons do: add a row (a copy of the last one, else the new-row values); remove
    // the current row, else the last one.
    void addRow();
    void removeRow();

signals:
    void edited(const QJsonValue &value);

private:
    void fillRow(int row, const QJsonObject &entry);
    QJsonObject entry(int row) const;
    void changed();
    void fitHeight();

    model::ParameterSpec m_spec;
    QTableWidget *m_table = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_remove = nullptr;
    QLabel *m_empty = nullptr; // says so inside the table while it has no row
    QJsonObject m_newRow;
    QJsonValue m_shown; // what the table shows, as last set or emitted
    bool m_filling = false;
};

} // namespace scalelab::widgets
