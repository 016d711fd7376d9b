#include "simulation_controller.h"

#include "bottleneck_story.h"
#include "model/explanations.h"
#include "pacer.h"
#include "trace_recorder.h"

#include "sim/client.h"
#include "sim/engine.h"
#include "sim/observer.h"

#include <QMetaObject>

#include <chrono>
#include <cmath>
#include <optional>

namespace scalelab::run {

const char *runStateName(RunState state)
{
    switch (state) {
    case RunState::Empty:
        return "empty";
    case RunState::Ready:
        return "ready";
    case RunState::Running:
        return "running";
    case RunState::Paused:
        return "paused";
    case RunState::Finished:
        return "finished";
    }
    return "empty";
}

const char *logKindName(LogEntry::Kind kind)
{
    switch (kind) {
    case LogEntry::Kind::Run:
        return "run";
    case LogEntry::Kind::State:
        return "state";
    case LogEntry::Kind::Action:
        return "action";
    case LogEntry::Kind::Trace:
        return "trace";
    case LogEntry::Kind::Bottleneck:
        return "bottleneck";
    }
    return "run";
}

namespace {

using Clock = std::chrono::steady_clock;

// Chart points: about 600 over the run, at a round interval so the axis reads well.
double seriesInterval(double durationS)
{
    static constexpr double steps[] = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2,
                                       0.5,   1,     2,     5,    10,   20,   30,  60};
    for (const double s : steps)
        if (s * 600 >= durationS)
            return s;
    return 60;
}

// The log keeps at most this many entries waiting for a window that is not taking them.
constexpr int kPendingLogLimit = 20000;

} // namespace

// Everything the worker thread touches; the window's thread only posts commands to it.
class SimulationController::Worker final : public sim::Observer {
public:
    explicit Worker(SimulationController &controller)
        : m_controller(controller),
          m_recorder([this](const QString &component, const QString &text) {
              log(LogEntry::Kind::Trace, component, text);
          })
    {}

    void loop();

    // sim::Observer, called from inside the engine.
    void onHop(const Hop &hop) override;
    void onServiceStart(sim::Time at, std::uint32_t request, std::uint32_t component,
                        sim::Time serviceTime) override;
    void onStateChange(sim::Time at, std::uint32_t component, std::string_view what) override;
    void onProgress(sim::Time, std::uint64_t) override { publish(false); }

private:
    enum class Mode { Idle, Running, HopStepping };

    bool apply(Command &command); // false: quit
    void build();
    void advance();
    void stepOne();
    void catchUpSamples(sim::Time before);
    void takeSeriesSample();
    void finish();
    void publish(bool force);
    void setState(RunState state);
    void log(LogEntry::Kind kind, const QString &component, const QString &text);
    void anchorPace();
    void scaleClients(double scale);
    bool caughtUp() const;
    QString idOf(std::uint32_t component) const;

    SimulationController &m_controller;
    std::optional<model::Model> m_model;
    model::RunSettings m_settings;
    std::unique_ptr<sim::Engine> m_engine;
    std::unique_ptr<sim::Sampler> m_seriesSampler;
    std::unique_ptr<sim::Sampler> m_liveSampler;
    RunState m_state = RunState::Empty;
    Mode m_mode = Mode::Idle;
    quint64 m_runId = 0;
    Pacer m_pacer;
    double m_loadScale = 1;
    bool m_pauseAtHops = false;
    Clock::time_point m_lastPublish;
    sim::Time m_interval = 0;
    sim::Time m_nextSample = 0;
    std::shared_ptr<RunRecord> m_record;
    QList<sim::Sample> m_pendingSeries;
    QList<LogEntry> m_pendingLog;
    quint64 m_droppedLog = 0;
    sim::Sample m_live;
    bool m_haveLive = false;
    BottleneckStory m_story;
    TraceRecorder m_recorder;
    bool m_hopReached = false;
    bool m_hopPause = false;
};

SimulationController::SimulationController(QObject *parent)
    : QObject(parent), m_worker(std::make_unique<Worker>(*this))
{
    qRegisterMetaType<std::shared_ptr<const Snapshot>>();
    qRegisterMetaType<std::shared_ptr<const RunRecord>>();
    m_thread = std::thread([this] { m_worker->loop(); });
}

SimulationController::~SimulationController()
{
    post(Simple{Simple::What::Quit});
    m_thread.join();
}

void SimulationController::post(Command command)
{
    std::lock_guard lock(m_mutex);
    m_commands.push_back(std::move(command));
    // Interrupt a long stretch of events: the worker takes commands as soon as it returns.
    if (sim::Engine *engine = m_liveEngine)
        engine->stop();
    m_wake.notify_one();
}

void SimulationController::load(const model::Model &model, const model::RunSettings &settings)
{
    post(Load{model, settings});
}

void SimulationController::run()
{
    post(Simple{Simple::What::Run});
}

void SimulationController::pause()
{
    post(Simple{Simple::What::Pause});
}

void SimulationController::step()
{
    post(Simple{Simple::What::Step});
}

void SimulationController::stepHop()
{
    post(Simple{Simple::What::StepHop});
}

void SimulationController::reset()
{
    post(Simple{Simple::What::Reset});
}

void SimulationController::setSpeed(double simulatedPerWallSecond)
{
    post(Speed{simulatedPerWallSecond});
}

void SimulationController::setLoadScale(double scale)
{
    post(LoadScale{scale});
}

void SimulationController::inject(const model::ScenarioEvent &event)
{
    post(Inject{event});
}

void SimulationController::traceNext(const QString &kind)
{
    post(TraceNext{kind});
}

void SimulationController::setPauseAtHops(bool pause)
{
    post(PauseAtHops{pause});
}

void SimulationController::setSnapshotRate(double perSecond)
{
    m_snapshotIntervalMs = perSecond > 0 ? static_cast<int>(std::lround(1000 / perSecond)) : 0;
}

void SimulationController::deliver(std::shared_ptr<const Snapshot> snapshot)
{
    m_snapshotInFlight = false;
    emit snapshotReady(std::move(snapshot));
}

// ---- the worker ----------------------------------------------------------------------------

void SimulationController::Worker::loop()
{
    for (;;) {
        std::deque<Command> commands;
        {
            std::unique_lock lock(m_controller.m_mutex);
            const auto hasCommand = [this] { return !m_controller.m_commands.empty(); };
            if (m_mode == Mode::Idle)
                m_controller.m_wake.wait(lock, hasCommand);
            else if (m_mode == Mode::Running && caughtUp())
                // Paced and ahead of the wall clock: wait a little, or for a command.
                m_controller.m_wake.wait_for(lock, std::chrono::milliseconds(4), hasCommand);
            commands.swap(m_controller.m_commands);
            if (m_engine)
                m_engine->clearStop();
        }
        for (Command &command : commands)
            if (!apply(command))
                return;
        if (m_mode != Mode::Idle)
            advance();
        publish(false);
    }
}

bool SimulationController::Worker::apply(Command &command)
{
    if (auto *load = std::get_if<Load>(&command)) {
        m_model = std::move(load->model);
        m_settings = load->settings;
        m_loadScale = 1;
        build();
        return true;
    }
    if (const auto *simple = std::get_if<Simple>(&command)) {
        switch (simple->what) {
        case Simple::What::Quit: {
            std::lock_guard lock(m_controller.m_mutex);
            m_controller.m_liveEngine = nullptr;
            return false;
        }
        case Simple::What::Run:
            if (m_state == RunState::Ready || m_state == RunState::Paused) {
                m_mode = Mode::Running;
                m_hopPause = false;
                anchorPace();
                log(LogEntry::Kind::Run, {},
                    m_state == RunState::Ready ? QStringLiteral("run started")
                                               : QStringLiteral("run resumed"));
                setState(RunState::Running);
            }
            break;
        case Simple::What::Pause:
            if (m_state == RunState::Running) {
                m_mode = Mode::Idle;
                log(LogEntry::Kind::Run, {}, QStringLiteral("paused"));
                setState(RunState::Paused);
                publish(true);
            }
            break;
        case Simple::What::Step:
            if (m_state == RunState::Ready || m_state == RunState::Paused ||
                m_state == RunState::Running) {
                m_mode = Mode::Idle;
                setState(RunState::Paused);
                stepOne();
                publish(true);
            }
            break;
        case Simple::What::StepHop:
            if (m_state == RunState::Ready || m_state == RunState::Paused ||
                m_state == RunState::Running) {
                // Nothing followed nor awaited: the next request of any kind (an awaited one
                // keeps the kind it was asked for).
                if (!m_recorder.busy()) {
                    m_engine->traceNext(-1);
                    m_recorder.awaitNext();
                }
                m_hopReached = false;
                m_mode = Mode::HopStepping;
                setState(RunState::Running);
            }
            break;
        case Simple::What::Reset:
            if (m_model)
                build();
            break;
        }
        return true;
    }
    if (const auto *speed = std::get_if<Speed>(&command)) {
        m_pacer.setSpeed(speed->value);
        anchorPace();
        return true;
    }
    if (!m_engine)
        return true;
    if (const auto *scale = std::get_if<LoadScale>(&command)) {
        if (!(scale->value >= 0) || !std::isfinite(scale->value) || m_state == RunState::Finished)
            return true;
        scaleClients(scale->value);
        if (scale->value != m_loadScale) {
            m_record->interfered = true;
            log(LogEntry::Kind::Action, {},
                QStringLiteral("load set to %1 × the model's rate").arg(scale->value));
        }
        m_loadScale = scale->value;
        return true;
    }
    if (const auto *inject = std::get_if<Inject>(&command)) {
        if (m_state == RunState::Finished)
            return true;
        const model::ScenarioEvent &e = inject->event;
        const auto action = model::engineAction(*m_model, e);
        const bool took = action && m_engine->act(*action);
        if (took)
            m_record->interfered = true;
        QString what = e.action + QLatin1Char(' ') + e.target;
        if (e.action == QLatin1String("partition") || e.action == QLatin1String("heal"))
            what += QStringLiteral(" and ") + e.parameters.value(QStringLiteral("with")).toString();
        log(LogEntry::Kind::Action, e.target,
            took ? QStringLiteral("you: %1").arg(what)
                 : QStringLiteral("%1 means nothing for %2").arg(e.action, e.target));
        publish(true);
        return true;
    }
    if (const auto *trace = std::get_if<TraceNext>(&command)) {
        int kind = -1;
        for (int k = 0; k < sim::kRequestKinds; ++k)
            if (trace->kind ==
                QLatin1String(sim::requestKindName(static_cast<sim::RequestKind>(k))))
                kind = k;
        m_engine->traceNext(kind);
        m_recorder.awaitNext();
        log(LogEntry::Kind::Trace, {},
            QStringLiteral("tracing the next %1request")
                .arg(kind >= 0 ? trace->kind + QLatin1Char(' ') : QString()));
        return true;
    }
    if (const auto *pause = std::get_if<PauseAtHops>(&command)) {
        m_pauseAtHops = pause->value;
        return true;
    }
    return true;
}

void SimulationController::Worker::build()
{
    auto engine = model::buildEngine(*m_model, m_settings, m_settings.seed);
    engine->setObserver(this);
    {
        std::lock_guard lock(m_controller.m_mutex);
        m_controller.m_liveEngine = engine.get();
    }
    m_engine = std::move(engine);
    ++m_runId;
    m_seriesSampler = std::make_unique<sim::Sampler>(*m_engine);
    m_liveSampler = std::make_unique<sim::Sampler>(*m_engine);
    m_interval = sim::fromSeconds(seriesInterval(m_settings.durationS));
    m_nextSample = m_interval;
    m_record = std::make_shared<RunRecord>();
    m_record->settings = m_settings;
    m_record->model = *m_model;
    m_record->seriesIntervalS = sim::toSeconds(m_interval);
    for (const model::Component &c : m_model->components)
        m_record->components << c.id;
    m_pendingSeries.clear();
    m_pendingLog.clear();
    m_droppedLog = 0;
    m_live = sim::Sample{};
    m_haveLive = false;
    QStringList ids;
    for (std::uint32_t i = 0; i < m_engine->componentCount(); ++i)
        ids << idOf(i);
    m_story = BottleneckStory(
        ids, m_interval, m_engine->warmup(),
        [this](std::uint32_t component, double share) {
            // The engine's fact in words, stating the recent busy share rather than the run's
            // average, so that the sentence agrees with the number beside it.
            return model::Explanations::load(
                m_engine->component(component).loadFact(m_engine->now(), share));
        },
        [this](const QString &component, const QString &text) {
            log(LogEntry::Kind::Bottleneck, component, text);
        });
    m_recorder.clear();
    m_hopReached = m_hopPause = false;
    if (m_loadScale != 1) {
        // A reset keeps the load control where the learner left it.
        scaleClients(m_loadScale);
        m_record->interfered = true;
    }
    m_mode = Mode::Idle;
    setState(RunState::Ready);
    publish(true);
}

void SimulationController::Worker::scaleClients(double scale)
{
    m_engine->start(); // a client's load scale reschedules its next arrival, so after start()
    for (std::uint32_t i = 0; i < m_engine->componentCount(); ++i)
        if (auto *client = dynamic_cast<sim::Client *>(&m_engine->component(i)))
            client->setLoadScale(*m_engine, scale);
}

void SimulationController::Worker::anchorPace()
{
    m_pacer.anchor(m_engine ? m_engine->now() : 0);
}

// Paced and as far as the wall clock allows: nothing to do but wait.
bool SimulationController::Worker::caughtUp() const
{
    return m_engine && m_pacer.caughtUp(m_engine->now());
}

void SimulationController::Worker::advance()
{
    const sim::Time end = m_engine->end();
    if (m_mode == Mode::HopStepping && !m_recorder.tracing() && !m_recorder.awaiting()) {
        m_mode = Mode::Idle;
        return;
    }
    sim::Time target = std::min(m_nextSample, end);
    if (m_mode == Mode::Running)
        target = m_pacer.limit(target);
    if (target > m_engine->now() || m_engine->nextEventTime() <= target)
        m_engine->runUntil(target);
    while (m_engine->now() >= m_nextSample && m_nextSample <= end) {
        takeSeriesSample();
        m_nextSample += m_interval;
    }
    if (m_engine->now() >= end) {
        finish();
        return;
    }
    if (m_hopReached) {
        m_hopReached = false;
        if (m_mode == Mode::HopStepping || m_pauseAtHops) {
            m_mode = Mode::Idle;
            m_hopPause = true;
            setState(RunState::Paused);
            publish(true);
        }
    }
}

// One event, with the chart samples it passes taken at their own instants first.
void SimulationController::Worker::stepOne()
{
    m_engine->start(); // the first events exist only once it has started
    const sim::Time next = m_engine->nextEventTime();
    catchUpSamples(std::min(next, m_engine->end()));
    if (!m_engine->step()) {
        catchUpSamples(m_engine->end() + 1);
        finish();
        return;
    }
    m_hopReached = false;
}

// Samples due strictly before `before`: the clock moves to each without an event happening.
void SimulationController::Worker::catchUpSamples(sim::Time before)
{
    while (m_nextSample < before && m_nextSample <= m_engine->end()) {
        m_engine->runUntil(m_nextSample);
        takeSeriesSample();
        m_nextSample += m_interval;
    }
}

void SimulationController::Worker::takeSeriesSample()
{
    sim::Sample s = m_seriesSampler->take(*m_engine);
    m_story.observe(s);
    m_record->series << s;
    m_pendingSeries << std::move(s);
}

void SimulationController::Worker::finish()
{
    if (m_record->series.isEmpty() || m_record->series.last().at < m_engine->now())
        takeSeriesSample();
    m_record->results = sim::resultsOf(*m_engine);
    m_record->loadScale = m_loadScale;
    m_mode = Mode::Idle;
    const sim::Summary &sum = m_record->results.summary;
    log(LogEntry::Kind::Run, {},
        QStringLiteral("finished: %1 requests completed, %2 errors, p99 %3 ms")
            .arg(sum.completed)
            .arg(sum.errors)
            .arg(sum.latencyMs.p99, 0, 'f', 2));
    setState(RunState::Finished);
    publish(true);
    std::shared_ptr<const RunRecord> record = m_record;
    QMetaObject::invokeMethod(
        &m_controller, [c = &m_controller, record] { emit c->finished(record); },
        Qt::QueuedConnection);
}

void SimulationController::Worker::setState(RunState state)
{
    m_state = state;
    m_controller.m_state = state;
}

void SimulationController::Worker::log(LogEntry::Kind kind, const QString &component,
                                       const QString &text)
{
    if (m_pendingLog.size() >= kPendingLogLimit) {
        m_pendingLog.removeFirst();
        ++m_droppedLog;
    }
    m_pendingLog << LogEntry{m_engine ? sim::toSeconds(m_engine->now()) : 0, kind, component, text};
}

QString SimulationController::Worker::idOf(std::uint32_t component) const
{
    return QString::fromStdString(m_engine->component(component).id());
}

void SimulationController::Worker::publish(bool force)
{
    if (!m_engine)
        return;
    const auto now = Clock::now();
    if (!force) {
        if (m_controller.m_snapshotInFlight)
            return;
        if (now - m_lastPublish < std::chrono::milliseconds(m_controller.m_snapshotIntervalMs))
            return;
    }
    m_lastPublish = now;

    auto s = std::make_shared<Snapshot>();
    s->run = m_runId;
    s->state = m_state;
    s->nowS = sim::toSeconds(m_engine->now());
    s->durationS = sim::toSeconds(m_engine->end());
    s->warmupS = sim::toSeconds(m_engine->warmup());
    s->events = m_engine->eventsProcessed();
    s->speed = m_pacer.speed();
    s->loadScale = m_loadScale;
    s->components = m_record->components;
    // The canvas's window: a chart interval, at most a simulated second (a long run's interval
    // can be a minute, and the canvas must stay live), so that a slow pace or a single step does
    // not show the noise of a few microseconds.
    const sim::Time liveWindow = std::min(m_interval, sim::fromSeconds(1));
    if (!m_haveLive || m_engine->now() - m_live.at >= liveWindow) {
        m_live = m_liveSampler->take(*m_engine);
        m_haveLive = true;
    }
    s->live = m_live;
    s->newSeries.swap(m_pendingSeries);
    s->newLog.swap(m_pendingLog);
    s->droppedLog = m_droppedLog;
    s->bottleneck = m_story.bottleneck();
    s->bottleneckUtilization = m_story.utilization();
    s->story = m_story.story();
    s->saturatedAtS = m_story.saturatedAtS();
    s->trace = m_recorder.published();
    s->hopPause = m_hopPause;

    m_controller.m_snapshotInFlight = true;
    std::shared_ptr<const Snapshot> snapshot = std::move(s);
    QMetaObject::invokeMethod(
        &m_controller, [c = &m_controller, snapshot] { c->deliver(snapshot); },
        Qt::QueuedConnection);
}

void SimulationController::Worker::onHop(const Hop &hop)
{
    if (!m_recorder.onHop(*m_engine, hop))
        return;
    m_hopReached = true;
    if (m_mode == Mode::HopStepping || m_pauseAtHops)
        m_engine->stop(); // after this event: the worker pauses there
}

void SimulationController::Worker::onServiceStart(sim::Time at, std::uint32_t request,
                                                  std::uint32_t component, sim::Time serviceTime)
{
    m_recorder.onServiceStart(*m_engine, at, request, component, serviceTime);
}

void SimulationController::Worker::onStateChange(sim::Time, std::uint32_t component,
                                                 std::string_view what)
{
    log(LogEntry::Kind::State, idOf(component),
        idOf(component) + QLatin1Char(' ') +
            QString::fromUtf8(what.data(), static_cast<qsizetype>(what.size())));
}

} // namespace scalelab::run
