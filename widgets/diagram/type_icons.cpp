#include "type_icons.h"

#include <QHash>
#include <QSvgRenderer>

#include <memory>

namespace scalelab::diagram {

QSvgRenderer *TypeIcons::renderer(const QString &type)
{
    // Parsed on first use and kept for the life of the program: items come and go by the
    // hundred while dragging and undoing, and each SVG is a few hundred bytes.
    static QHash<QString, std::shared_ptr<QSvgRenderer>> cache;
    auto it = cache.find(type);
    if (it == cache.end())
        it = cache.insert(
            type, std::make_shared<QSvgRenderer>(QStringLiteral(":/icons/%1.svg").arg(type)));
    return it->get();
}

QIcon TypeIcons::icon(const QString &type)
{
    return QIcon(QStringLiteral(":/icons/%1.svg").arg(type));
}

} // namespace scalelab::diagram
