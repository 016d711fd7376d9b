#pragma once

#include "model/architecture_document.h"

#include <QHash>
#include <QJsonValue>
#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QUndoStack;

namespace scalelab::widgets {

class EditCommand;

// The selected component's id, type, label and region, and a form generated from the parameter
// table with an editor for every kind of value: numbers, choices, distributions, texts, component
// ids, mixes, objects and lists. Every edit is an undo command (a list or an object is applied
// whole, as one value); an edit the document refuses is undone in the form and its reason shown.
class Inspector : public QWidget {
    Q_OBJECT

public:
    Inspector(model::ArchitectureDocument &document, QUndoStack &undoStack,
              QWidget *parent = nullptr);

    QString componentId() const { return m_componentId; }
    void setComponent(const QString &id); // empty: nothing selected
    QWidget *editor(const QString &parameter) const { return m_editors.value(parameter); }
    QLineEdit *labelEditor() const { return m_label; }
    QComboBox *regionEditor() const { return m_region; }
    // What editing `parameter` in the form does; false (and message()) when refused.
    bool edit(const QString &parameter, const QJsonValue &value);
    bool editLabel(const QString &label);
    bool editRegion(const QString &region); // empty: no region
    QString lastError() const;

signals:
    void message(const QString &text);

private:
    void rebuild();
    void addIdentityRows(const model::Component &component);
    void showValues();
    void clearForm();
    bool push(EditCommand *command, const QString &what);
    // The ids a component-id editor offers: the other components, those of the same type first.
    QStringList otherIds() const;

    model::ArchitectureDocument &m_document;
    QUndoStack &m_undoStack;
    QString m_componentId;
    QLabel *m_header = nullptr;
    QLabel *m_error = nullptr;
    QWidget *m_formHost = nullptr;
    QFormLayout *m_form = nullptr;
    QLineEdit *m_label = nullptr;
    QComboBox *m_region = nullptr;
    QHash<QString, QWidget *> m_editors;
};

} // namespace scalelab::widgets
