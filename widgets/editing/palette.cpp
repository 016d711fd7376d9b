#include "widgets/editing/palette.h"

#include "widgets/canvas/canvas_scene.h"
#include "widgets/diagram/type_icons.h"

#include "model/parameter_table.h"

#include <QMimeData>

namespace scalelab::widgets {

Palette::Palette(QWidget *parent) : QListWidget(parent)
{
    setObjectName(QStringLiteral("palette"));
    setAccessibleName(QStringLiteral("Component palette"));
    setIconSize(QSize(32, 32));
    setSpacing(2);
    setDragEnabled(true);
    setDragDropMode(QAbstractItemView::DragOnly);
    setSelectionMode(QAbstractItemView::SingleSelection);
    for (const model::ComponentTypeSpec &spec : model::componentTypes()) {
        const QString title = model::translatedSpecText(spec.title);
        auto *item = new QListWidgetItem(diagram::TypeIcons::icon(spec.type), title, this);
        item->setData(Qt::UserRole, spec.type);
        item->setData(Qt::AccessibleTextRole, title);
        item->setToolTip(
            QStringLiteral("<b>%1</b><br>%2")
                .arg(title.toHtmlEscaped(), model::translatedSpecText(spec.help).toHtmlEscaped()));
    }
    connect(this, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        emit typeActivated(item->data(Qt::UserRole).toString());
    });
    setCompact(false);
}

void Palette::setCompact(bool compact)
{
    m_compact = compact;
    for (int row = 0; row < count(); ++row) {
        QListWidgetItem *entry = item(row);
        // The name stays the item's accessible text; only its drawing goes.
        entry->setData(Qt::DisplayRole, compact ? QString() : entry->data(Qt::AccessibleTextRole));
    }
    setViewMode(QListView::ListMode);
    setFlow(QListView::TopToBottom);
    setHorizontalScrollBarPolicy(compact ? Qt::ScrollBarAlwaysOff : Qt::ScrollBarAsNeeded);
    updateGeometry();
}

QSize Palette::sizeHint() const
{
    // Compact: one icon wide, plus the frame and a scroll bar should the window be short.
    if (m_compact)
        return {iconSize().width() + 2 * spacing() + 2 * frameWidth() + 14,
                QListWidget::sizeHint().height()};
    // Named: as wide as the longest name, not the list's generic 256 pixels.
    return {sizeHintForColumn(0) + 2 * spacing() + 2 * frameWidth() + 14,
            QListWidget::sizeHint().height()};
}

QSize Palette::minimumSizeHint() const
{
    return m_compact ? sizeHint() : QListWidget::minimumSizeHint();
}

QStringList Palette::mimeTypes() const
{
    return {QLatin1String(CanvasScene::kTypeMimeType)};
}

QMimeData *Palette::mimeData(const QList<QListWidgetItem *> &items) const
{
    if (items.isEmpty())
        return nullptr;
    auto *mime = new QMimeData;
    mime->setData(QLatin1String(CanvasScene::kTypeMimeType),
                  items.first()->data(Qt::UserRole).toString().toUtf8());
    return mime;
}

} // namespace scalelab::widgets
