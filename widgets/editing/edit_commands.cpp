#include "widgets/editing/edit_commands.h"

#include <QUndoStack>

#include <memory>

namespace scalelab::widgets {

bool EditCommand::applyFirst(QString *error)
{
    m_applied = apply(error);
    return m_applied;
}

void EditCommand::redo()
{
    if (m_applied) {
        m_applied = false;
        return;
    }
    apply(nullptr);
}

void EditCommand::undo()
{
    revert();
}

bool pushEdit(QUndoStack &stack, EditCommand *command, QString *error)
{
    std::unique_ptr<EditCommand> owned(command);
    if (!owned->applyFirst(error))
        return false;
    stack.push(owned.release());
    return true;
}

AddComponentCommand::AddComponentCommand(model::ArchitectureDocument &document,
                                         const model::Component &component, QPointF position)
    : EditCommand(document), m_component(component), m_position(position)
{
    setText(QStringLiteral("Add %1").arg(component.id));
}

bool AddComponentCommand::apply(QString *error)
{
    if (m_index < 0)
        m_index = static_cast<int>(m_document.model().components.size());
    return m_document.addComponent(m_component, m_position, m_index, error);
}

void AddComponentCommand::revert()
{
    m_document.removeComponent(m_component.id);
}

RemoveComponentsCommand::RemoveComponentsCommand(model::ArchitectureDocument &document,
                                                 const QStringList &ids)
    : EditCommand(document), m_ids(ids)
{
    setText(ids.size() == 1 ? QStringLiteral("Delete %1").arg(ids.first())
                            : QStringLiteral("Delete %1 components").arg(ids.size()));
}

bool RemoveComponentsCommand::apply(QString *error)
{
    m_removals.clear();
    for (const QString &id : std::as_const(m_ids))
        if (auto removal = m_document.removeComponent(id))
            m_removals.append(*removal);
    if (m_removals.isEmpty() && error)
        *error = QStringLiteral("nothing to delete");
    return !m_removals.isEmpty();
}

void RemoveComponentsCommand::revert()
{
    for (auto it = m_removals.crbegin(); it != m_removals.crend(); ++it)
        m_document.restore(*it);
}

MoveComponentsCommand::MoveComponentsCommand(model::ArchitectureDocument &document,
                                             const QList<Move> &moves, int gesture)
    : EditCommand(document), m_moves(moves), m_gesture(gesture)
{
    setText(moves.size() == 1 ? QStringLiteral("Move %1").arg(moves.first().id)
                              : QStringLiteral("Move %1 components").arg(moves.size()));
}

bool MoveComponentsCommand::mergeWith(const QUndoCommand *other)
{
    const auto *move = static_cast<const MoveComponentsCommand *>(other);
    if (move->m_gesture != m_gesture || move->m_moves.size() != m_moves.size())
        return false;
    for (qsizetype i = 0; i < m_moves.size(); ++i)
        if (m_moves.at(i).id != move->m_moves.at(i).id)
            return false;
    for (qsizetype i = 0; i < m_moves.size(); ++i)
        m_moves[i].to = move->m_moves.at(i).to;
    return true;
}

bool MoveComponentsCommand::apply(QString *error)
{
    bool ok = true;
    for (const Move &m : std::as_const(m_moves))
        ok = m_document.moveComponent(m.id, m.to) && ok;
    if (!ok && error)
        *error = QStringLiteral("a moved component no longer exists");
    return ok;
}

void MoveComponentsCommand::revert()
{
    for (const Move &m : std::as_const(m_moves))
        m_document.moveComponent(m.id, m.from);
}

AddLinkCommand::AddLinkCommand(model::ArchitectureDocument &document, const model::Link &link)
    : EditCommand(document), m_link(link)
{
    setText(QStringLiteral("Connect %1 → %2%3")
                .arg(link.from, link.to,
                     link.kind == model::Link::Kind::Replication ? QStringLiteral(" (replication)")
                                                                 : QString()));
}

bool AddLinkCommand::apply(QString *error)
{
    if (m_index < 0)
        m_index = static_cast<int>(m_document.model().links.size());
    return m_document.addLink(m_link, m_index, error);
}

void AddLinkCommand::revert()
{
    m_document.removeLink(m_index);
}

RemoveLinkCommand::RemoveLinkCommand(model::ArchitectureDocument &document, int index)
    : EditCommand(document), m_index(index)
{
    if (index >= 0 && index < document.model().links.size()) {
        const model::Link &link = document.model().links.at(index);
        setText(QStringLiteral("Disconnect %1 → %2").arg(link.from, link.to));
    }
}

bool RemoveLinkCommand::apply(QString *error)
{
    const std::optional<model::Link> link = m_document.removeLink(m_index);
    if (!link) {
        if (error)
            *error = QStringLiteral("there is no link %1").arg(m_index);
        return false;
    }
    m_link = *link;
    return true;
}

void RemoveLinkCommand::revert()
{
    m_document.addLink(m_link, m_index);
}

SetParameterCommand::SetParameterCommand(model::ArchitectureDocument &document,
                                         const QString &componentId, const QString &name,
                                         const QJsonValue &value)
    : EditCommand(document), m_componentId(componentId), m_name(name), m_after(value)
{
    if (const model::Component *c = document.model().find(componentId))
        m_before = c->parameters.value(name);
    setText(QStringLiteral("Set %1.%2").arg(componentId, name));
}

bool SetParameterCommand::mergeWith(const QUndoCommand *other)
{
    const auto *set = static_cast<const SetParameterCommand *>(other);
    if (set->m_componentId != m_componentId || set->m_name != m_name)
        return false;
    m_after = set->m_after;
    // Back where it started: the step has nothing left to undo.
    setObsolete(m_after == m_before);
    return true;
}

bool SetParameterCommand::apply(QString *error)
{
    if (!m_document.model().find(m_componentId)) {
        if (error)
            *error = QStringLiteral("there is no component %1").arg(m_componentId);
        return false;
    }
    return m_document.setParameter(m_componentId, m_name, m_after, error);
}

void SetParameterCommand::revert()
{
    m_document.setParameter(m_componentId, m_name, m_before);
}

SetComponentFieldCommand::SetComponentFieldCommand(model::ArchitectureDocument &document,
                                                   const QString &componentId, Field field,
                                                   const QString &value)
    : EditCommand(document), m_componentId(componentId), m_field(field), m_after(value)
{
    if (const model::Component *c = document.model().find(componentId))
        m_before = field == Field::Label ? c->label : c->region;
    if (field == Field::Label)
        setText(QStringLiteral("Label %1").arg(componentId));
    else
        setText(value.isEmpty() ? QStringLiteral("Take %1 out of its region").arg(componentId)
                                : QStringLiteral("Move %1 to region %2").arg(componentId, value));
}

bool SetComponentFieldCommand::mergeWith(const QUndoCommand *other)
{
    // Same id() means the same field.
    const auto *set = static_cast<const SetComponentFieldCommand *>(other);
    if (set->m_componentId != m_componentId)
        return false;
    m_after = set->m_after;
    setObsolete(m_after == m_before);
    return true;
}

bool SetComponentFieldCommand::apply(QString *error)
{
    if (!m_document.model().find(m_componentId)) {
        if (error)
            *error = QStringLiteral("there is no component %1").arg(m_componentId);
        return false;
    }
    return set(m_after, error);
}

void SetComponentFieldCommand::revert()
{
    set(m_before, nullptr);
}

bool SetComponentFieldCommand::set(const QString &value, QString *error)
{
    return m_field == Field::Label ? m_document.setLabel(m_componentId, value, error)
                                   : m_document.setRegion(m_componentId, value, error);
}

PasteCommand::PasteCommand(model::ArchitectureDocument &document, const QList<Placed> &components,
                           const QList<model::Link> &links, const QString &text)
    : EditCommand(document), m_components(components), m_links(links)
{
    setText(text);
}

bool PasteCommand::apply(QString *error)
{
    m_addedComponents = 0;
    m_addedLinks = 0;
    m_firstLink = static_cast<int>(m_document.model().links.size());
    for (const Placed &placed : std::as_const(m_components)) {
        if (!m_document.addComponent(placed.component, placed.position, -1, error)) {
            revert();
            return false;
        }
        ++m_addedComponents;
    }
    for (const model::Link &link : std::as_const(m_links)) {
        if (!m_document.addLink(link, m_firstLink + m_addedLinks, error)) {
            revert();
            return false;
        }
        ++m_addedLinks;
    }
    return true;
}

void PasteCommand::revert()
{
    for (int i = m_addedLinks - 1; i >= 0; --i)
        m_document.removeLink(m_firstLink + i);
    for (int i = m_addedComponents - 1; i >= 0; --i)
        m_document.removeComponent(m_components.at(i).component.id);
    m_addedLinks = 0;
    m_addedComponents = 0;
}

ReplaceModelCommand::ReplaceModelCommand(model::ArchitectureDocument &document, model::Model model,
                                         const QString &text)
    : EditCommand(document), m_after(std::move(model))
{
    setText(text);
}

bool ReplaceModelCommand::apply(QString *error)
{
    // Taken at every apply rather than at construction: a redo follows the undo of exactly this
    // state, and the first apply must see the design as it is when the command is pushed.
    m_before = m_document.model();
    return m_document.replace(m_after, error);
}

void ReplaceModelCommand::revert()
{
    m_document.replace(m_before);
}

} // namespace scalelab::widgets
