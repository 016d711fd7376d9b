#pragma once

#include "model/architecture_document.h"

#include <QHash>
#include <QJsonValue>
#include <QWidget>

class QFormLayout;
class QLabel;
class QUndoStack;

namespace scalelab::widgets {

// The selected component's id, type and a form generated from the parameter table (numbers,
// whole numbers, choices and distributions for now). Every edit is a SetParameterCommand; an edit
// the document refuses is undone in the form and its reason shown.
class Inspector : public QWidget {
    Q_OBJECT

public:
    Inspector(model::ArchitectureDocument &document, QUndoStack &undoStack,
              QWidget *parent = nullptr);

    QString componentId() const { return m_componentId; }
    void setComponent(const QString &id); // empty: nothing selected
    QWidget *editor(const QString &parameter) const { return m_editors.value(parameter); }
    // What editing `parameter` in the form does; false (and message()) when refused.
    bool edit(const QString &parameter, const QJsonValue &value);
    QString lastError() const;

signals:
    void message(const QString &text);

private:
    void rebuild();
    void showValues();
    void clearForm();

    model::ArchitectureDocument &m_document;
    QUndoStack &m_undoStack;
    QString m_componentId;
    QLabel *m_header = nullptr;
    QLabel *m_error = nullptr;
    QWidget *m_formHost = nullptr;
    QFormLayout *m_form = nullptr;
    QHash<QString, QWidget *> m_editors;
};

} // namespace scalelab::widgets
