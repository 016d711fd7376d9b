#include "widgets/editing/new_component.h"

#include "model/component_kind.h"

namespace scalelab::widgets {

QString idBase(const QString &type)
{
    const std::optional<model::ComponentKind> kind = model::kindNamed(type);
    return kind ? model::kindSpec(*kind).idStem : type;
}

model::Component newComponent(const QString &type, const QString &id)
{
    const std::optional<model::ComponentKind> kind = model::kindNamed(type);
    if (!kind) {
        model::Component component;
        component.id = id;
        component.type = type;
        return component;
    }
    return model::newComponentOf(*kind, id);
}

} // namespace scalelab::widgets
