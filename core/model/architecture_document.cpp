#include "architecture_document.h"

#include "component_kind.h"

#include <QJsonArray>

namespace scalelab::model {

ArchitectureDocument::ArchitectureDocument(QObject *parent) : QObject(parent)
{}

void ArchitectureDocument::reset(Model model)
{
    m_model = std::move(model);
    emit modelReset();
    setClean();
}

bool ArchitectureDocument::replace(Model model, QString *error)
{
    if (!accept(std::move(model), error, {}))
        return false;
    emit modelReset();
    markModified();
    return true;
}

void ArchitectureDocument::setClean()
{
    if (!m_modified)
        return;
    m_modified = false;
    emit modifiedChanged(false);
}

void ArchitectureDocument::markModified()
{
    if (m_modified)
        return;
    m_modified = true;
    emit modifiedChanged(true);
}

bool ArchitectureDocument::accept(Model candidate, QString *error, const QString &focus)
{
    // The loader is the one judge of what a model may contain: round-trip the candidate through
    // it. Problems elsewhere in the model (a scenario event naming a component being edited, say)
    // are reported too, since the edit would leave a file that no longer loads.
    const LoadResult checked = parseModel(serializeModel(candidate));
    if (!checked.ok()) {
        if (error) {
            QStringList lines;
            for (const Problem &p : checked.problems)
                if (focus.isEmpty() || p.where.startsWith(focus))
                    lines.prepend(p.toString());
                else
                    lines.append(p.toString());
            *error = lines.join(QLatin1Char('\n'));
        }
        return false;
    }
    m_model = std::move(candidate);
    return true;
}

bool ArchitectureDocument::addComponent(const Component &component, QPointF position, int index,
                                        QString *error)
{
    if (m_model.indexOf(component.id) >= 0) {
        if (error)
            *error = QStringLiteral("there is already a component called %1").arg(component.id);
        return false;
    }
    Model candidate = m_model;
    if (index < 0 || index > candidate.components.size())
        index = static_cast<int>(candidate.components.size());
    candidate.components.insert(index, component);
    candidate.layout.insert(component.id, position);
    if (!accept(std::move(candidate), error, QStringLiteral("components[%1]").arg(index)))
        return false;
    emit componentAdded(component.id);
    markModified();
    return true;
}

std::optional<ArchitectureDocument::Removal>
ArchitectureDocument::removeComponent(const QString &id)
{
    const int index = m_model.indexOf(id);
    if (index < 0)
        return std::nullopt;
    Removal removal;
    removal.component = m_model.components.at(index);
    removal.index = index;
    removal.hadPosition = m_model.layout.contains(id);
    removal.position = m_model.layout.value(id);
    // Links go first, highest index first, so that the indices announced stay true.
    for (int i = static_cast<int>(m_model.links.size()) - 1; i >= 0; --i) {
        const Link &l = m_model.links.at(i);
        if (l.from == id || l.to == id) {
            removal.links.prepend({i, l});
            const Link removed = m_model.links.takeAt(i);
            emit linkRemoved(i, removed);
        }
    }
    // What names it would dangle and make the file unloadable: scenario events aimed at it, a
    // balancer standing by for it, alerts watching it. They go with it and come back with it.
    for (int i = static_cast<int>(m_model.scenario.events.size()) - 1; i >= 0; --i)
        if (m_model.scenario.events.at(i).target == id)
            removal.events.prepend({i, m_model.scenario.events.takeAt(i)});
    for (Component &other : m_model.components) {
        const QJsonObject parameters = withoutReferencesTo(other, id);
        if (parameters != other.parameters) {
            removal.referrers.append({other.id, other.parameters});
            other.parameters = parameters;
            emit componentChanged(other.id);
        }
    }
    m_model.components.removeAt(index);
    m_model.layout.remove(id);
    emit componentRemoved(id);
    markModified();
    return removal;
}

void ArchitectureDocument::restore(const Removal &removal)
{
    m_model.components.insert(removal.index, removal.component);
    if (removal.hadPosition)
        m_model.layout.insert(removal.component.id, removal.position);
    emit componentAdded(removal.component.id);
    for (const auto &[i, link] : removal.links) {
        m_model.links.insert(i, link);
        emit linkAdded(i);
    }
    for (const auto &[i, event] : removal.events)
        m_model.scenario.events.insert(i, event);
    for (const auto &[other, parameters] : removal.referrers) {
        const int at = m_model.indexOf(other);
        if (at >= 0) {
            m_model.components[at].parameters = parameters;
            emit componentChanged(other);
        }
    }
    markModified();
}

bool ArchitectureDocument::moveComponent(const QString &id, QPointF position)
{
    if (m_model.indexOf(id) < 0)
        return false;
    if (m_model.layout.value(id) == position && m_model.layout.contains(id))
        return true;
    m_model.layout.insert(id, position);
    emit componentMoved(id, position);
    markModified();
    return true;
}

bool ArchitectureDocument::setParameter(const QString &id, const QString &name,
                                        const QJsonValue &value, QString *error)
{
    const int index = m_model.indexOf(id);
    if (index < 0)
        return false;
    Model candidate = m_model;
    QJsonObject &parameters = candidate.components[index].parameters;
    if (value.isUndefined() || value.isNull())
        parameters.remove(name);
    else
        parameters.insert(name, value);
    if (candidate == m_model)
        return true;
    if (!accept(std::move(candidate), error, QStringLiteral("components[%1]").arg(index)))
        return false;
    emit componentChanged(id);
    markModified();
    return true;
}

bool ArchitectureDocument::setLabel(const QString &id, const QString &label, QString *error)
{
    const int index = m_model.indexOf(id);
    if (index < 0)
        return false;
    Model candidate = m_model;
    candidate.components[index].label = label;
    if (!accept(std::move(candidate), error, QStringLiteral("components[%1]").arg(index)))
        return false;
    emit componentChanged(id);
    markModified();
    return true;
}

bool ArchitectureDocument::setRegion(const QString &id, const QString &region, QString *error)
{
    const int index = m_model.indexOf(id);
    if (index < 0)
        return false;
    Model candidate = m_model;
    candidate.components[index].region = region;
    if (!accept(std::move(candidate), error, QStringLiteral("components[%1]").arg(index)))
        return false;
    emit componentChanged(id);
    markModified();
    return true;
}

bool ArchitectureDocument::addLink(const Link &link, int index, QString *error)
{
    Model candidate = m_model;
    if (index < 0 || index > candidate.links.size())
        index = static_cast<int>(candidate.links.size());
    candidate.links.insert(index, link);
    if (!accept(std::move(candidate), error, QStringLiteral("links[%1]").arg(index)))
        return false;
    emit linkAdded(index);
    markModified();
    return true;
}

std::optional<Link> ArchitectureDocument::removeLink(int index)
{
    if (index < 0 || index >= m_model.links.size())
        return std::nullopt;
    const Link link = m_model.links.takeAt(index);
    emit linkRemoved(index, link);
    markModified();
    return link;
}

QString ArchitectureDocument::uniqueId(const QString &base) const
{
    const QString stem = base.isEmpty() ? QStringLiteral("component") : base;
    if (m_model.indexOf(stem) < 0)
        return stem;
    for (int n = 2;; ++n) {
        const QString candidate = QStringLiteral("%1-%2").arg(stem).arg(n);
        if (m_model.indexOf(candidate) < 0)
            return candidate;
    }
}

} // namespace scalelab::model
