#pragma once

#include "model.h"
#include "model_json.h"

#include <QJsonValue>
#include <QObject>
#include <QPointF>
#include <QString>

namespace scalelab::model {

// The architecture being edited: the one truth the canvas, the inspector and the runs observe.
// Every change goes through it, is checked by the same loader that reads model files (an edit
// the loader would refuse is refused here, with its message), and is announced by a signal
// precise enough for a view to update one item. It knows nothing of undo: undo commands call
// these methods and their inverses.
class ArchitectureDocument : public QObject {
    Q_OBJECT

public:
    explicit ArchitectureDocument(QObject *parent = nullptr);

    const Model &model() const { return m_model; }
    // Replaces the whole model (open, new, revert): modelReset(), and the document is clean.
    void reset(Model model);
    // Replaces the whole model as an edit (a lesson's start or solution put in place, and the
    // undo of that): checked by the loader, modelReset(), and the document is modified.
    bool replace(Model model, QString *error = nullptr);

    // Components. `index` places it in model order (-1: at the end); paste and undo use it.
    bool addComponent(const Component &component, QPointF position, int index = -1,
                      QString *error = nullptr);
    // Removes the component, its links and its layout; returns what was removed so that undo
    // can put it back exactly (the links with their indices).
    struct Removal {
        Component component;
        int index = -1;
        QPointF position;
        bool hadPosition = false;
        QList<std::pair<int, Link>> links;                // ascending link indices
        QList<std::pair<int, ScenarioEvent>> events;      // events aimed at it, ascending indices
        QList<std::pair<QString, QJsonObject>> referrers; // others' parameters before (standby_for,
                                                          // monitor alerts naming it)
    };
    std::optional<Removal> removeComponent(const QString &id);
    void restore(const Removal &removal);
    bool moveComponent(const QString &id, QPointF position);
    // Sets one parameter, or with a null or undefined value clears it back to its default.
    bool setParameter(const QString &id, const QString &name, const QJsonValue &value,
                      QString *error = nullptr);
    bool setLabel(const QString &id, const QString &label, QString *error = nullptr);
    bool setRegion(const QString &id, const QString &region, QString *error = nullptr);

    // Links. A link the model format would refuse (self link, duplicate, replication between
    // anything but a primary and a replica database, ...) is refused with the loader's reason.
    bool addLink(const Link &link, int index = -1, QString *error = nullptr);
    std::optional<Link> removeLink(int index);

    // An id not in use yet, from a base such as "web" (web, web-2, web-3, ...).
    QString uniqueId(const QString &base) const;

    bool isModified() const { return m_modified; }
    void setClean();

signals:
    void modelReset();
    void componentAdded(const QString &id);
    void componentRemoved(const QString &id);
    void componentChanged(const QString &id); // parameters, label or region
    void componentMoved(const QString &id, QPointF position);
    void linkAdded(int index);
    void linkRemoved(int index, const scalelab::model::Link &link);
    void modifiedChanged(bool modified);

private:
    // Checks a candidate model with the loader; on success it becomes the model.
    bool accept(Model candidate, QString *error, const QString &focus);
    void markModified();

    Model m_model;
    bool m_modified = false;
};

} // namespace scalelab::model
