#pragma once

#include <QListWidget>

namespace scalelab::widgets {

// Every component type with its icon, title and what it does; drag one onto the canvas to add it
// (or double-click it to add it in the middle of the view).
class Palette : public QListWidget {
    Q_OBJECT

public:
    explicit Palette(QWidget *parent = nullptr);

    // A column of icons alone (names in their tooltips), for a laptop's narrow window; or icons
    // with their names.
    void setCompact(bool compact);
    bool isCompact() const { return m_compact; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void typeActivated(const QString &type);

protected:
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QList<QListWidgetItem *> &items) const override;

private:
    bool m_compact = false;
};

} // namespace scalelab::widgets
