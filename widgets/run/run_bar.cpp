#include "widgets/run/run_bar.h"

#include "widgets/canvas/canvas_scene.h"
#include "widgets/run/run_timeline.h"

#include "run/simulation_controller.h"

#include <QAction>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QInputDialog>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStyle>

#include <algorithm>
#include <limits>

namespace scalelab::widgets {

namespace {

const QString kAnimateKey = QStringLiteral("view/animateLinks");
constexpr int kDefaultSpeed = 2; // 1×: real time, the pace at which a run is watched

constexpr const char *kWhatProperty = "scalelabWhat";

// The tooltip of an action: what it does, and its key. What it does is kept to restore the
// tooltip after it said why the action is unavailable.
void describe(QAction *action, const QString &what)
{
    action->setProperty(kWhatProperty, what);
    action->setToolTip(
        QStringLiteral("%1 (%2)").arg(what, action->shortcut().toString(QKeySequence::NativeText)));
    action->setStatusTip(what);
}

QString clockText(double s, int decimals)
{
    return QString::number(s, 'f', decimals);
}

// Two regions from a dialog.
std::optional<std::pair<QString, QString>> askRegionPair(QWidget *parent,
                                                         const QStringList &regions, bool partition)
{
    QDialog dialog(parent);
    dialog.setWindowTitle(partition ? QStringLiteral("Partition regions")
                                    : QStringLiteral("Heal regions"));
    auto *layout = new QFormLayout(&dialog);
    auto *a = new QComboBox(&dialog);
    auto *b = new QComboBox(&dialog);
    a->addItems(regions);
    b->addItems(regions);
    b->setCurrentIndex(std::min<int>(1, static_cast<int>(regions.size()) - 1));
    layout->addRow(partition ? QStringLiteral("Break the network between")
                             : QStringLiteral("Mend the network between"),
                   a);
    layout->addRow(QStringLiteral("and"), b);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    layout->addRow(buttons);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    const auto sameRegion = [&] {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(a->currentIndex() != b->currentIndex());
    };
    QObject::connect(a, &QComboBox::currentIndexChanged, &dialog, sameRegion);
    QObject::connect(b, &QComboBox::currentIndexChanged, &dialog, sameRegion);
    sameRegion();
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return std::pair(a->currentText(), b->currentText());
}

} // namespace

std::function<std::optional<double>(const QString &)> RunBar::slowFactorAnswer;
std::function<std::optional<std::pair<QString, QString>>(const QStringList &, bool)>
    RunBar::regionPairAnswer;

const QList<std::pair<QString, double>> &RunBar::speeds()
{
    static const QList<std::pair<QString, double>> list = {
        {QStringLiteral("0.01×"), 0.01}, {QStringLiteral("0.1×"), 0.1},
        {QStringLiteral("1×"), 1},       {QStringLiteral("10×"), 10},
        {QStringLiteral("100×"), 100},   {QStringLiteral("1000×"), 1000},
        {QStringLiteral("Max"), 0},
    };
    return list;
}

RunBar::RunBar(run::SimulationController &controller, model::ArchitectureDocument &document,
               CanvasScene *scene, QWidget *parent)
    : QToolBar(QStringLiteral("Run"), parent), m_controller(controller), m_document(document),
      m_scene(scene)
{
    setObjectName(QStringLiteral("runBar"));
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    setIconSize(QSize(16, 16));

    m_runPause = addAction(style()->standardIcon(QStyle::SP_MediaPlay), QStringLiteral("Run"));
    m_runPause->setObjectName(QStringLiteral("actionRun"));
    m_runPause->setShortcut(Qt::Key_F5);
    connect(m_runPause, &QAction::triggered, this, &RunBar::runOrPause);

    m_pause =
        new QAction(style()->standardIcon(QStyle::SP_MediaPause), QStringLiteral("&Pause"), this);
    m_pause->setObjectName(QStringLiteral("actionPause"));
    m_pause->setShortcut(Qt::Key_F6);
    describe(m_pause, QStringLiteral("Pause between two events"));
    connect(m_pause, &QAction::triggered, this, [this] { m_controller.pause(); });

    m_step = addAction(style()->standardIcon(QStyle::SP_MediaSkipForward), QStringLiteral("Step"));
    m_step->setObjectName(QStringLiteral("actionStep"));
    m_step->setShortcut(Qt::Key_F10);
    describe(m_step, QStringLiteral("Step: one event"));
    connect(m_step, &QAction::triggered, this, &RunBar::step);

    m_stepHop =
        addAction(style()->standardIcon(QStyle::SP_MediaSeekForward), QStringLiteral("Step Hop"));
    m_stepHop->setObjectName(QStringLiteral("actionStepHop"));
    m_stepHop->setShortcut(Qt::Key_F11);
    describe(m_stepHop, QStringLiteral("Step hop: until the traced request's next hop (tracing the "
                                       "next request if none is traced)"));
    connect(m_stepHop, &QAction::triggered, this, &RunBar::stepHop);

    m_reset =
        addAction(style()->standardIcon(QStyle::SP_MediaSkipBackward), QStringLiteral("Reset"));
    m_reset->setObjectName(QStringLiteral("actionReset"));
    m_reset->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    describe(m_reset, QStringLiteral("Reset: the clock back to zero, with the model, seed and "
                                     "duration as they are now"));
    connect(m_reset, &QAction::triggered, this, &RunBar::resetRun);

    addSeparator();
    m_speed = new QComboBox(this);
    m_speed->setObjectName(QStringLiteral("speedBox"));
    m_speed->setAccessibleName(QStringLiteral("Speed"));
    for (const auto &[label, speed] : speeds())
        m_speed->addItem(label, speed);
    m_speed->setCurrentIndex(kDefaultSpeed);
    m_speed->setToolTip(QStringLiteral("Pace: simulated seconds per wall-clock second; Max runs "
                                       "as fast as the engine can"));
    addWidget(m_speed);
    connect(m_speed, &QComboBox::currentIndexChanged, this,
            [this] { m_controller.setSpeed(m_speed->currentData().toDouble()); });
    m_controller.setSpeed(m_speed->currentData().toDouble());

    addSeparator();
    m_clock = new QLabel(this);
    m_clock->setObjectName(QStringLiteral("clockLabel"));
    m_clock->setAccessibleName(QStringLiteral("Simulated clock"));
    m_clock->setMinimumWidth(
        fontMetrics().horizontalAdvance(QStringLiteral("t = 0000.0 s / 0000 s")));
    m_clock->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    addWidget(m_clock);
    m_timeline = new RunTimeline(this);
    addWidget(m_timeline);

    addSeparator();
    m_load = new QDoubleSpinBox(this);
    m_load->setObjectName(QStringLiteral("loadBox"));
    m_load->setAccessibleName(QStringLiteral("Load"));
    m_load->setPrefix(QStringLiteral("load ×"));
    m_load->setRange(0.1, 10);
    m_load->setDecimals(2);
    m_load->setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
    m_load->setValue(1);
    m_load->setKeyboardTracking(false);
    m_load->setToolTip(QStringLiteral("Every client's rate times this, at once while running"));
    addWidget(m_load);
    connect(m_load, &QDoubleSpinBox::valueChanged, this,
            [this](double scale) { m_controller.setLoadScale(scale); });

    m_seed = new QSpinBox(this);
    m_seed->setObjectName(QStringLiteral("seedBox"));
    m_seed->setAccessibleName(QStringLiteral("Seed"));
    m_seed->setPrefix(QStringLiteral("seed "));
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_seed->setKeyboardTracking(false);
    m_seed->setToolTip(QStringLiteral("The random seed of the next load or reset, instead of the "
                                      "scenario's: one seed, one run (as scalelab run --seed)"));
    addWidget(m_seed);
    connect(m_seed, &QSpinBox::valueChanged, this, [this] {
        if (m_showingScenario)
            return;
        m_seedSet = true;
        m_settingsChanged = m_loaded;
        updateActions();
    });

    m_duration = new QDoubleSpinBox(this);
    m_duration->setObjectName(QStringLiteral("durationBox"));
    m_duration->setAccessibleName(QStringLiteral("Duration"));
    m_duration->setSuffix(QStringLiteral(" s"));
    m_duration->setDecimals(1);
    m_duration->setRange(0.1, 1e7);
    m_duration->setKeyboardTracking(false);
    m_duration->setToolTip(QStringLiteral("Simulated seconds of the next load or reset, instead "
                                          "of the scenario's (as scalelab run --duration)"));
    addWidget(m_duration);
    connect(m_duration, &QDoubleSpinBox::valueChanged, this, [this] {
        if (m_showingScenario)
            return;
        m_durationSet = true;
        m_settingsChanged = m_loaded;
        updateActions();
    });

    m_stale = new QLabel(this);
    m_stale->setObjectName(QStringLiteral("staleLabel"));
    m_stale->setStyleSheet(QStringLiteral("color: #b05a00; padding-left: 6px;"));
    m_staleAction = addWidget(m_stale);

    m_partition = new QAction(QStringLiteral("Pa&rtition Regions…"), this);
    m_partition->setObjectName(QStringLiteral("actionPartition"));
    m_partition->setStatusTip(QStringLiteral("Break the network between two regions"));
    connect(m_partition, &QAction::triggered, this, [this] { partitionOrHeal(true); });
    m_heal = new QAction(QStringLiteral("&Heal Regions…"), this);
    m_heal->setObjectName(QStringLiteral("actionHeal"));
    m_heal->setStatusTip(QStringLiteral("Mend the network between two regions"));
    connect(m_heal, &QAction::triggered, this, [this] { partitionOrHeal(false); });

    m_menu = new QMenu(QStringLiteral("&Run"), this);
    m_menu->setObjectName(QStringLiteral("runMenu"));
    m_menu->addAction(m_runPause);
    m_menu->addAction(m_pause);
    m_menu->addAction(m_step);
    m_menu->addAction(m_stepHop);
    m_menu->addAction(m_reset);
    m_menu->addSeparator();
    m_menu->addAction(m_partition);
    m_menu->addAction(m_heal);

    m_animate = new QAction(QStringLiteral("&Animate Links"), this);
    m_animate->setObjectName(QStringLiteral("actionAnimateLinks"));
    m_animate->setCheckable(true);
    m_animate->setChecked(QSettings().value(kAnimateKey, true).toBool());
    m_animate->setStatusTip(QStringLiteral("Moving dots on the links while a run goes"));
    if (m_scene)
        m_scene->setLinkAnimation(m_animate->isChecked());
    connect(m_animate, &QAction::toggled, this, [this](bool on) {
        QSettings().setValue(kAnimateKey, on);
        if (m_scene)
            m_scene->setLinkAnimation(on);
    });

    connect(&m_controller, &run::SimulationController::snapshotReady, this, &RunBar::onSnapshot);
    using Document = model::ArchitectureDocument;
    connect(&m_document, &Document::modelReset, this, &RunBar::onModelReplaced);
    connect(&m_document, &Document::componentAdded, this, &RunBar::onModelEdited);
    connect(&m_document, &Document::componentRemoved, this, &RunBar::onModelEdited);
    connect(&m_document, &Document::componentChanged, this, &RunBar::onModelEdited);
    connect(&m_document, &Document::linkAdded, this, &RunBar::onModelEdited);
    connect(&m_document, &Document::linkRemoved, this, &RunBar::onModelEdited);
    if (m_scene)
        connect(m_scene, &CanvasScene::componentMenuRequested, this, &RunBar::addComponentActions);

    showScenarioOf(m_document.model());
    updateActions();
}

run::RunState RunBar::state() const
{
    return m_loaded && m_last ? m_last->state : run::RunState::Empty;
}

model::RunSettings RunBar::settings(QList<model::Problem> *problems) const
{
    const model::Model &m = m_document.model();
    model::RunOverrides overrides;
    if (m_seedSet)
        overrides.seed = static_cast<quint64>(m_seed->value());
    if (m_durationSet) {
        overrides.durationS = m_duration->value();
        // A run shorter than the scenario's warm-up keeps a tenth of itself as warm-up rather
        // than refusing to start.
        if (m.scenario.effectiveWarmupS() >= m_duration->value())
            overrides.warmupS = m_duration->value() / 10;
    }
    return model::resolveSettings(m, overrides, problems);
}

QString RunBar::whyCannotRun() const
{
    const model::Model &m = m_document.model();
    if (m.components.isEmpty())
        return tr("Nothing to run: add a client and what it calls");
    bool hasClient = false;
    bool clientSends = false;
    for (const model::Component &c : m.components) {
        if (c.kind != model::ComponentKind::Client)
            continue;
        hasClient = true;
        // A client with no link answers its own requests: the run would show no system at all.
        clientSends = clientSends || std::any_of(m.links.begin(), m.links.end(), [&](auto &l) {
                          return l.from == c.id && l.kind == model::Link::Kind::Request;
                      });
    }
    if (!hasClient)
        return tr("Nothing sends load: add a client");
    if (!clientSends)
        return tr("Nothing receives the load: connect the client to what it calls");
    QList<model::Problem> problems = model::unsupportedMechanisms(m);
    settings(&problems);
    if (problems.isEmpty())
        return {};
    // Status bar messages are one line: the first problem, and how many more there are.
    return problems.size() == 1
               ? tr("Cannot run: %1").arg(problems.first().toString())
               : tr("Cannot run: %1 (and %n more)", nullptr, int(problems.size() - 1))
                     .arg(problems.first().toString());
}

bool RunBar::loadModel()
{
    const model::Model &m = m_document.model();
    if (const QString why = whyCannotRun(); !why.isEmpty()) {
        emit message(why);
        return false;
    }
    const model::RunSettings s = settings(nullptr);
    m_controller.load(m, s);
    m_firstRun = (m_last ? m_last->run : 0) + 1;
    m_last.reset();
    m_loaded = true;
    m_modelChanged = m_settingsChanged = false;
    m_loadedComponents.clear();
    m_loadedKinds.clear();
    for (const model::Component &c : m.components) {
        m_loadedComponents << c.id;
        m_loadedKinds << c.kind;
    }
    m_loadedRegions.clear();
    for (const model::Region &r : m.regions)
        m_loadedRegions << r.id;
    // A load starts at the model's rate: the load control carries over.
    if (m_load->value() != 1)
        m_controller.setLoadScale(m_load->value());
    m_timeline->setSpan(s.durationS, s.warmupS);
    m_timeline->setScenarioEvents(m.scenario.events);
    m_timeline->setSaturations({});
    m_timeline->setNow(0);
    if (m_scene)
        m_scene->clearSnapshot();
    updateClock();
    updateActions();
    return true;
}

bool RunBar::needsLoad() const
{
    return !m_loaded || m_modelChanged || m_settingsChanged;
}

void RunBar::runOrPause()
{
    const run::RunState now = m_loaded ? m_controller.state() : run::RunState::Empty;
    switch (now) {
    case run::RunState::Running:
        m_controller.pause();
        return;
    case run::RunState::Paused:
        // A paused run goes on with the model it was loaded with; Reset applies edits.
        m_controller.run();
        return;
    case run::RunState::Finished:
        if (needsLoad()) {
            if (!loadModel())
                return;
        } else {
            m_firstRun = (m_last ? m_last->run : 0) + 1;
            m_controller.reset();
        }
        m_controller.run();
        return;
    case run::RunState::Empty:
    case run::RunState::Ready:
        if (needsLoad() && !loadModel())
            return;
        m_controller.run();
        return;
    }
}

bool RunBar::ensureLoaded()
{
    const run::RunState now = m_loaded ? m_controller.state() : run::RunState::Empty;
    if (now == run::RunState::Finished)
        return false;
    // A run under way goes on with its copy; one that has not started takes the edits.
    if ((now == run::RunState::Empty || now == run::RunState::Ready) && needsLoad())
        return loadModel();
    return true;
}

void RunBar::step()
{
    if (ensureLoaded())
        m_controller.step();
}

void RunBar::stepHop()
{
    if (ensureLoaded())
        m_controller.stepHop();
}

void RunBar::resetRun()
{
    if (needsLoad()) {
        loadModel();
        return;
    }
    m_firstRun = (m_last ? m_last->run : 0) + 1;
    m_controller.reset();
    if (m_scene)
        m_scene->clearSnapshot();
    m_timeline->setSaturations({});
    m_timeline->setNow(0);
}

void RunBar::onSnapshot(const std::shared_ptr<const run::Snapshot> &snapshot)
{
    if (!m_loaded || !snapshot || snapshot->run < m_firstRun)
        return; // a run the bar has moved on from
    const run::RunState before = state();
    m_last = snapshot;
    m_timeline->setSpan(snapshot->durationS, snapshot->warmupS);
    m_timeline->setNow(snapshot->nowS);
    m_timeline->setSaturations(snapshot->saturatedAtS);
    updateClock();
    if (m_scene && !m_modelChanged)
        m_scene->showSnapshot(snapshot);
    if (snapshot->state != before)
        updateActions();
}

void RunBar::onModelEdited()
{
    if (m_loaded && !m_modelChanged) {
        m_modelChanged = true;
        if (m_scene)
            m_scene->clearSnapshot();
    }
    // Also before any run: an edit can make the design runnable, or say what it lacks.
    updateActions();
}

void RunBar::onModelReplaced()
{
    // Another model altogether: its predecessor's run stops and is forgotten.
    if (m_loaded) {
        if (m_controller.state() == run::RunState::Running)
            m_controller.pause();
        m_firstRun = (m_last ? m_last->run : 0) + 1;
        m_loaded = false;
    }
    m_last.reset();
    m_modelChanged = m_settingsChanged = false;
    m_seedSet = m_durationSet = false;
    showScenarioOf(m_document.model());
    if (m_scene)
        m_scene->clearSnapshot();
    updateActions();
}

void RunBar::showScenarioOf(const model::Model &model)
{
    m_showingScenario = true;
    m_seed->setValue(
        static_cast<int>(std::min<quint64>(model.scenario.seed, std::numeric_limits<int>::max())));
    m_duration->setValue(model.scenario.durationS);
    m_showingScenario = false;
    m_timeline->setSpan(model.scenario.durationS, model.scenario.effectiveWarmupS());
    m_timeline->setScenarioEvents(model.scenario.events);
    m_timeline->setSaturations({});
    m_timeline->setNow(0);
    updateClock();
}

void RunBar::updateClock()
{
    const bool live = m_loaded && m_last;
    const double now = live ? m_last->nowS : 0;
    const double duration = live ? m_last->durationS : m_timeline->durationS();
    // Paused, the clock shows microseconds, so that one step is seen to move it.
    int decimals = duration < 10 ? 3 : duration < 1000 ? 1 : 0;
    if (live && m_last->state == run::RunState::Paused)
        decimals = 6;
    m_clock->setText(QStringLiteral("t = %1 s / %2 s")
                         .arg(clockText(now, decimals), QString::number(duration, 'g', 6)));
    if (live)
        m_clock->setToolTip(QStringLiteral("%1 events; %2")
                                .arg(m_last->events)
                                .arg(QString::fromLatin1(run::runStateName(m_last->state))));
    else
        m_clock->setToolTip(QStringLiteral("Simulated time"));
}

void RunBar::updateActions()
{
    const run::RunState s = state();
    const QStyle *st = style();
    switch (s) {
    case run::RunState::Running:
        m_runPause->setText(QStringLiteral("Pause"));
        m_runPause->setIcon(st->standardIcon(QStyle::SP_MediaPause));
        describe(m_runPause, QStringLiteral("Pause between two events"));
        break;
    case run::RunState::Paused:
        m_runPause->setText(QStringLiteral("Continue"));
        m_runPause->setIcon(st->standardIcon(QStyle::SP_MediaPlay));
        describe(m_runPause, QStringLiteral("Continue the run"));
        break;
    case run::RunState::Finished:
        m_runPause->setText(QStringLiteral("Run Again"));
        m_runPause->setIcon(st->standardIcon(QStyle::SP_MediaPlay));
        describe(m_runPause, QStringLiteral("Run the scenario again from the start"));
        break;
    case run::RunState::Empty:
    case run::RunState::Ready:
        m_runPause->setText(QStringLiteral("Run"));
        m_runPause->setIcon(st->standardIcon(QStyle::SP_MediaPlay));
        describe(m_runPause, QStringLiteral("Run the model at the chosen speed"));
        break;
    }
    // A run under way goes on with the copy it loaded; anything else loads the design as it is
    // now, which must be able to run.
    const bool loadsAnew =
        needsLoad() && (s == run::RunState::Empty || s == run::RunState::Ready ||
                        s == run::RunState::Finished);
    const QString why = loadsAnew ? whyCannotRun() : QString();
    m_runPause->setEnabled(why.isEmpty());
    m_pause->setEnabled(s == run::RunState::Running);
    m_step->setEnabled(s != run::RunState::Finished && why.isEmpty());
    m_stepHop->setEnabled(s != run::RunState::Finished && why.isEmpty());
    // A greyed action says why on hover, not only what it would do.
    for (QAction *a : {m_runPause, m_step, m_stepHop}) {
        if (why.isEmpty()) {
            describe(a, a->property(kWhatProperty).toString());
        } else {
            a->setToolTip(why);
            a->setStatusTip(why);
        }
    }
    if (why != m_whyNotRunnable) {
        m_whyNotRunnable = why;
        emit whyNotRunnableChanged(why);
    }
    m_reset->setEnabled(m_loaded);
    const bool live = m_loaded && (s == run::RunState::Ready || s == run::RunState::Running ||
                                   s == run::RunState::Paused);
    m_partition->setEnabled(live && m_loadedRegions.size() >= 2);
    m_heal->setEnabled(live && m_loadedRegions.size() >= 2);
    QString stale;
    if (m_loaded && m_modelChanged)
        stale = QStringLiteral("model changed: Reset to apply");
    else if (m_loaded && m_settingsChanged)
        stale = QStringLiteral("seed or duration changed: Reset to apply");
    m_stale->setText(stale);
    m_staleAction->setVisible(!stale.isEmpty());
    updateClock();
}

bool RunBar::canInject(const QString &id) const
{
    const run::RunState s = state();
    return m_loaded && m_loadedComponents.contains(id) &&
           (s == run::RunState::Ready || s == run::RunState::Running || s == run::RunState::Paused);
}

void RunBar::inject(const QString &action, const QString &target, const QJsonObject &parameters)
{
    model::ScenarioEvent event;
    event.action = action;
    event.target = target;
    event.parameters = parameters;
    m_controller.inject(event);
}

void RunBar::addComponentActions(const QString &id, QMenu *menu)
{
    const qsizetype index = m_loadedComponents.indexOf(id);
    const model::Component *component = m_document.model().find(id);
    std::optional<model::ComponentKind> kind;
    if (index >= 0)
        kind = m_loadedKinds.at(index);
    else if (component)
        kind = component->kind;
    const auto applies = [&kind](const QString &action) {
        return kind && model::actionApplies(action, *kind);
    };
    const bool live = canInject(id);
    if (!menu->isEmpty())
        menu->addSeparator();
    const auto add = [&](const QString &text, const QString &name, auto &&slot) {
        QAction *action = menu->addAction(text);
        action->setObjectName(name);
        action->setEnabled(live);
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    if (applies(QStringLiteral("fail"))) {
        add(QStringLiteral("&Fail"), QStringLiteral("actionFail"),
            [this, id] { inject(QStringLiteral("fail"), id); });
        // One instance of a pool: the next one still up, so that repeated use takes them down
        // one by one.
        const qsizetype i = m_last ? m_last->components.indexOf(id) : -1;
        if (i >= 0 && static_cast<std::size_t>(i) < m_last->live.components.size()) {
            const sim::ComponentSample &x = m_last->live.components[static_cast<std::size_t>(i)];
            if (x.instanceCount > 1 && x.instancesUp > 0) {
                const int instance = x.instanceCount - x.instancesUp;
                add(QStringLiteral("Fail &One Instance"), QStringLiteral("actionFailInstance"),
                    [this, id, instance] {
                        inject(QStringLiteral("fail"), id,
                               QJsonObject{{QStringLiteral("instance"), instance}});
                    });
            }
        }
        add(QStringLiteral("&Recover"), QStringLiteral("actionRecover"),
            [this, id] { inject(QStringLiteral("recover"), id); });
    }
    if (applies(QStringLiteral("slow")))
        add(QStringLiteral("&Slow Down…"), QStringLiteral("actionSlow"), [this, id] {
            std::optional<double> factor;
            if (slowFactorAnswer) {
                factor = slowFactorAnswer(id);
            } else {
                bool ok = false;
                const double f = QInputDialog::getDouble(
                    this, QStringLiteral("Slow down %1").arg(id),
                    QStringLiteral("Service times × (1 restores them):"), 4, 0.01, 1000, 2, &ok);
                if (ok)
                    factor = f;
            }
            if (factor && *factor > 0)
                inject(QStringLiteral("slow"), id,
                       QJsonObject{{QStringLiteral("factor"), *factor}});
        });
    if (applies(QStringLiteral("flush")))
        add(QStringLiteral("F&lush"), QStringLiteral("actionFlush"),
            [this, id] { inject(QStringLiteral("flush"), id); });
    add(QStringLiteral("&Trace the Next Request"), QStringLiteral("actionTraceNext"),
        [this] { m_controller.traceNext(); });
}

void RunBar::partitionOrHeal(bool partition)
{
    if (m_loadedRegions.size() < 2)
        return;
    const std::optional<std::pair<QString, QString>> pair =
        regionPairAnswer ? regionPairAnswer(m_loadedRegions, partition)
                         : askRegionPair(this, m_loadedRegions, partition);
    if (!pair || pair->first == pair->second)
        return;
    inject(partition ? QStringLiteral("partition") : QStringLiteral("heal"), pair->first,
           QJsonObject{{QStringLiteral("with"), pair->second}});
}

} // namespace scalelab::widgets
