#pragma once

#include "run_snapshot.h"

#include "model/model.h"
#include "model/simulation_builder.h"

#include <QObject>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <variant>

namespace scalelab::run {

// Owns one engine in a worker thread and drives it for the workbench. The window sends commands
// (run, pause, step, reset, speed, load, faults, tracing) that the worker takes between events,
// and receives immutable snapshots through queued signals at a bounded rate: the window never
// waits for the engine and the engine never touches a window object.
//
// Chart points are sampled at fixed instants of simulated time, and sampling only reads the
// engine, so a run that nobody steers gives the results of `scalelab run` with the same seed,
// however it was paced, paused or stepped.
class SimulationController : public QObject {
    Q_OBJECT

public:
    explicit SimulationController(QObject *parent = nullptr);
    ~SimulationController() override;

    // Builds a fresh engine for `model` (which must run: see model::unsupportedMechanisms) with
    // `settings`; a running one is dropped. Only one replication runs live.
    void load(const model::Model &model, const model::RunSettings &settings);
    void run();
    void pause();
    void step();    // one event
    void stepHop(); // until the traced request's next hop (tracing the next request if none)
    void reset();   // back to the clock at zero with the same model and settings
    // Simulated seconds per wall second; 0 (or less) runs as fast as possible.
    void setSpeed(double simulatedPerWallSecond);
    // Every client's rate times `scale` from now on (1: as the model says).
    void setLoadScale(double scale);
    // A scenario action now: fail, recover, slow, flush, spike on a component, partition and
    // heal between regions (event.atS is ignored). The log says whether it took.
    void inject(const model::ScenarioEvent &event);
    // Follows the next request of `kind` ("static", "read", "write", "job"; empty: any).
    void traceNext(const QString &kind = {});
    // While tracing, pause at each hop of the traced request.
    void setPauseAtHops(bool pause);
    // At most this many snapshots a second reach the window (each only after the last was taken).
    void setSnapshotRate(double perSecond);

    RunState state() const { return m_state.load(); }

signals:
    void snapshotReady(std::shared_ptr<const scalelab::run::Snapshot> snapshot);
    // The run reached the end of its scenario: its settings, series and results.
    void finished(std::shared_ptr<const scalelab::run::RunRecord> record);

private:
    struct Load {
        model::Model model;
        model::RunSettings settings;
    };
    struct Simple {
        enum class What { Run, Pause, Step, StepHop, Reset, Quit } what;
    };
    struct Speed {
        double value;
    };
    struct LoadScale {
        double value;
    };
    struct Inject {
        model::ScenarioEvent event;
    };
    struct TraceNext {
        QString kind;
    };
    struct PauseAtHops {
        bool value;
    };
    using Command = std::variant<Load, Simple, Speed, LoadScale, Inject, TraceNext, PauseAtHops>;

    class Worker;
    void post(Command command);
    void deliver(std::shared_ptr<const Snapshot> snapshot); // in the window's thread

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Command> m_commands;
    sim::Engine *m_liveEngine = nullptr; // the worker's engine, to interrupt it; under m_mutex
    std::atomic<RunState> m_state{RunState::Empty};
    std::atomic<bool> m_snapshotInFlight{false};
    std::atomic<int> m_snapshotIntervalMs{33};
    std::unique_ptr<Worker> m_worker;
    std::thread m_thread;
};

} // namespace scalelab::run
