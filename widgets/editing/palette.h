#pragma once

#include <QListWidget>

namespace scalelab::widgets {

// Every component type with its icon, title and what it does; drag one onto the canvas to add it
// (or double-click it to add it in the middle of the view).
class Palette : public QListWidget {
    Q_OBJECT

public:
    explicit Palette(QWidget *parent = nullptr);

signals:
    void typeActivated(const QString &type);

protected:
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QList<QListWidgetItem *> &items) const override;
};

} // namespace scalelab::widgets
