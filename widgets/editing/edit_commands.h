#pragma once

#include "model/architecture_document.h"

#include <QJsonValue>
#include <QList>
#include <QPointF>
#include <QUndoCommand>

namespace scalelab::widgets {

// What QUndoCommand::id() returns for the edits that merge: the stack offers a command to the
// one on top through mergeWith() only when their ids are equal, so each kind of merging edit
// (each field, for the component fields) needs an id of its own, and none may be reused.
enum class EditCommandId { Move = 1, SetParameter, SetLabel, SetRegion };

// An undoable edit of the Architecture document. The first redo happens in pushEdit(), before
// the command reaches the stack, so that an edit the document refuses never becomes a step.
class EditCommand : public QUndoCommand {
public:
    explicit EditCommand(model::ArchitectureDocument &document) : m_document(document) {}

    bool applyFirst(QString *error);
    void redo() final;
    void undo() final;

protected:
    virtual bool apply(QString *error) = 0;
    virtual void revert() = 0;
    model::ArchitectureDocument &m_document;

private:
    bool m_applied = false; // by applyFirst(): the stack's first redo() has nothing to do
};

// Applies `command` and pushes it; if the document refuses it, deletes it and returns false
// with the document's reason in `error`.
bool pushEdit(QUndoStack &stack, EditCommand *command, QString *error = nullptr);

class AddComponentCommand : public EditCommand {
public:
    AddComponentCommand(model::ArchitectureDocument &document, const model::Component &component,
                        QPointF position);

protected:
    bool apply(QString *error) override;
    void revert() override;

private:
    model::Component m_component;
    QPointF m_position;
    int m_index = -1;
};

// Removes components with their links (and whatever named them); undo puts back exactly what
// each removal took, in reverse order, so every index is true again.
class RemoveComponentsCommand : public EditCommand {
public:
    RemoveComponentsCommand(model::ArchitectureDocument &document, const QStringList &ids);

protected:
    bool apply(QString *error) override;
    void revert() override;

private:
    QStringList m_ids;
    QList<model::ArchitectureDocument::Removal> m_removals;
};

// Moves components; consecutive moves of the same components within one gesture merge into
// one step.
class MoveComponentsCommand : public EditCommand {
public:
    struct Move {
        QString id;
        QPointF from;
        QPointF to;
    };
    MoveComponentsCommand(model::ArchitectureDocument &document, const QList<Move> &moves,
                          int gesture);

    int id() const override { return static_cast<int>(EditCommandId::Move); }
    bool mergeWith(const QUndoCommand *other) override;

protected:
    bool apply(QString *error) override;
    void revert() override;

private:
    QList<Move> m_moves;
    int m_gesture;
};

class AddLinkCommand : public EditCommand {
public:
    AddLinkCommand(model::ArchitectureDocument &document, const model::Link &link);

protected:
    bool apply(QString *error) override;
    void revert() override;

private:
    model::Link m_link;
    int m_index = -1;
};

class RemoveLinkCommand : public EditCommand {
public:
    RemoveLinkCommand(model::ArchitectureDocument &document, int index);

protected:
    bool apply(QString *error) override;
    void revert() override;

private:
    int m_index;
    model::Link m_link;
};

// Sets one parameter of one component (an undefined value clears it back to its default), as the
// inspector does for every parameter. Consecutive edits of the same field merge.
class SetParameterCommand : public EditCommand {
public:
    SetParameterCommand(model::ArchitectureDocument &document, const QString &componentId,
                        const QString &name, const QJsonValue &value);

    int id() const override { return static_cast<int>(EditCommandId::SetParameter); }
    bool mergeWith(const QUndoCommand *other) override;

protected:
    bool apply(QString *error) override;
    void revert() override;

private:
    QString m_componentId;
    QString m_name;
    QJsonValue m_before; // as written: Undefined when it was not
    QJsonValue m_after;
};

// Sets a component's label (the name the canvas shows in place of its id) or its region (empty:
// none); consecutive edits of the same field of the same component merge.
class SetComponentFieldCommand : public EditCommand {
public:
    enum class Field { Label, Region };

    SetComponentFieldCommand(model::ArchitectureDocument &document, const QString &componentId,
                             Field field, const QString &value);

    int id() const override
    {
        return static_cast<int>(m_field == Field::Label ? EditCommandId::SetLabel
                                                        : EditCommandId::SetRegion);
    }
    bool mergeWith(const QUndoCommand *other) override;

protected:
    bool apply(QString *error) override;
    void revert() override;

private:
    bool set(const QString &value, QString *error);

    QString m_componentId;
    Field m_field;
    QString m_before;
    QString m_after;
};

// Adds a pasted or duplicated fragment: its components (at their positions) and then the links
// among them, through the document; undo removes the links and then the components, so the model
// is exactly as it was. One paste is one step.
class PasteCommand : public EditCommand {
public:
    struct Placed {
        model::Component component;
        QPointF position;
    };
    PasteCommand(model::ArchitectureDocument &document, const QList<Placed> &components,
                 const QList<model::Link> &links, const QString &text);

protected:
    bool apply(QString *error) override;
    void revert() override;

private:
    QList<Placed> m_components;
    QList<model::Link> m_links;
    int m_addedComponents = 0; // how far the last apply got, so a refusal is undone exactly
    int m_addedLinks = 0;
    int m_firstLink = -1;
};

// Replaces the whole model, layout included (a lesson's "Reset to start" and "Show solution");
// undo puts back exactly the design it replaced.
class ReplaceModelCommand : public EditCommand {
public:
    ReplaceModelCommand(model::ArchitectureDocument &document, model::Model model,
                        const QString &text);

protected:
    bool apply(QString *error) override;
    void revert() override;

private:
    model::Model m_before;
    model::Model m_after;
};

} // namespace scalelab::widgets
