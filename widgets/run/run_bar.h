#pragma once

#include "model/architecture_document.h"
#include "model/simulation_builder.h"
#include "run/run_snapshot.h"

#include <QToolBar>

#include <functional>
#include <memory>
#include <optional>
#include <utility>

class QAction;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QMenu;
class QSpinBox;

namespace scalelab::run {
class SimulationController;
}

namespace scalelab::widgets {

class CanvasScene;
class RunTimeline;

// The run bar: run, pause, step one event, step to the traced request's next hop and reset;
// the pace; the simulated clock over a timeline of the scenario; the live load; and the seed
// and duration that override the scenario's for the next load (as `scalelab run --seed
// --duration`). It loads the document's model when a run needs it, feeds the run's snapshots to
// the canvas while they describe the model shown, and offers faults on a component's menu and
// partitions between regions in its Run menu.
class RunBar : public QToolBar {
    Q_OBJECT

public:
    // Pace choices: simulated seconds per wall second; 0 runs as fast as possible.
    static const QList<std::pair<QString, double>> &speeds();

    RunBar(run::SimulationController &controller, model::ArchitectureDocument &document,
           CanvasScene *scene, QWidget *parent = nullptr);

    // The Run menu: the bar's actions and the region partitions.
    QMenu *menu() const { return m_menu; }
    // View > Animate links: remembered in the settings.
    QAction *animateLinksAction() const { return m_animate; }

    // The state the bar last heard of (Empty before any run).
    run::RunState state() const;
    const std::shared_ptr<const run::Snapshot> &lastSnapshot() const { return m_last; }
    // A run is loaded but the document changed since: the run goes on with its copy, and the
    // canvas shows the estimate of the model as it is now.
    bool modelChangedSinceLoad() const { return m_loaded && m_modelChanged; }

    // The scenario's settings with the bar's seed and duration; problems name what is wrong.
    model::RunSettings settings(QList<model::Problem> *problems) const;
    // Loads the document's model with settings(); refused with a message when it cannot run.
    bool loadModel();

    // Adds the live actions (fail, recover, slow down, flush, trace) to a component's menu.
    void addComponentActions(const QString &id, QMenu *menu);

    // The questions the bar asks, answered by a dialog unless a test sets them. The slow-down
    // factor for a component (nullopt: cancelled).
    static std::function<std::optional<double>(const QString &component)> slowFactorAnswer;
    // Two regions to partition or heal (nullopt: cancelled).
    static std::function<std::optional<std::pair<QString, QString>>(const QStringList &regions,
                                                                    bool partition)>
        regionPairAnswer;

    // Why Run is unavailable now (empty when the design can run): shown beside the status bar's
    // messages for as long as it holds, not as a message the next one replaces.
    QString whyNotRunnable() const { return m_whyNotRunnable; }

signals:
    void message(const QString &text);
    void whyNotRunnableChanged(const QString &why);

private:
    void runOrPause();
    void step();
    void stepHop();
    void resetRun();
    bool needsLoad() const;
    // Why the design as it is now cannot run (nothing sends load, an action the target does not
    // take, ...); empty when it can.
    QString whyCannotRun() const;
    bool ensureLoaded();
    void onSnapshot(const std::shared_ptr<const run::Snapshot> &snapshot);
    void onModelEdited();
    void onModelReplaced();
    void updateActions();
    void updateClock();
    void showScenarioOf(const model::Model &model);
    void inject(const QString &action, const QString &target, const QJsonObject &parameters = {});
    void partitionOrHeal(bool partition);
    bool canInject(const QString &id) const;

    run::SimulationController &m_controller;
    model::ArchitectureDocument &m_document;
    CanvasScene *m_scene = nullptr;
    QMenu *m_menu = nullptr;
    QAction *m_runPause = nullptr;
    QAction *m_pause = nullptr;
    QAction *m_step = nullptr;
    QAction *m_stepHop = nullptr;
    QAction *m_reset = nullptr;
    QAction *m_partition = nullptr;
    QAction *m_heal = nullptr;
    QAction *m_animate = nullptr;
    QComboBox *m_speed = nullptr;
    QLabel *m_clock = nullptr;
    RunTimeline *m_timeline = nullptr;
    QDoubleSpinBox *m_load = nullptr;
    QSpinBox *m_seed = nullptr;
    QDoubleSpinBox *m_duration = nullptr;
    QLabel *m_stale = nullptr;
    QAction *m_staleAction = nullptr; // the label's place in the bar, hidden when all is current

    std::shared_ptr<const run::Snapshot> m_last;
    bool m_loaded = false;          // a load was sent to the controller
    bool m_modelChanged = false;    // the document changed since the load
    bool m_settingsChanged = false; // the seed or the duration changed since the load
    bool m_seedSet = false;         // the learner chose the seed: it overrides the scenario's
    bool m_durationSet = false;
    bool m_showingScenario = false; // the spin boxes are being set from the model
    quint64 m_firstRun = 0;         // snapshots of older runs are left unseen
    QString m_whyNotRunnable;       // the reason last told, so an edit that keeps it stays quiet
    QStringList m_loadedComponents;
    QList<model::ComponentKind> m_loadedKinds; // of m_loadedComponents, in the same order
    QStringList m_loadedRegions;
};

} // namespace scalelab::widgets
