#pragma once

#include "sim/sampler.h"
#include "sim/simulation.h"

#include "model/simulation_builder.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <cmath>
#include <limits>
#include <memory>

namespace scalelab::run {

enum class RunState {
    Empty,    // nothing loaded
    Ready,    // built, the clock at zero
    Running,  // running at the chosen speed
    Paused,   // stopped between two events; step, step hop or run go on
    Finished, // reached the end of the scenario; reset starts again
};
const char *runStateName(RunState state);

// One line of the event log: what happened, where and when.
struct LogEntry {
    enum class Kind { Run, State, Action, Trace, Bottleneck };
    double atS = 0;
    Kind kind = Kind::Run;
    QString component; // empty for the run as a whole
    QString text;
};
const char *logKindName(LogEntry::Kind kind);

// A traced request's stay at one component, for the waterfall: it arrived, waited for a core,
// was served, then (for a tier that calls others) waited for the calls below it.
struct TraceSpan {
    QString component;
    int instance = 0; // which instance of a pool (0-based)
    int depth = 0;    // 0: the client
    double arrivedS = 0;
    double serviceStartS = std::numeric_limits<double>::quiet_NaN(); // NaN: no core time
    double serviceS = 0;
    double leftS = std::numeric_limits<double>::quiet_NaN(); // NaN: still there
    bool ok = true;
    double queueingS() const { return std::isnan(serviceStartS) ? 0 : serviceStartS - arrivedS; }
};

struct TraceHop {
    double atS = 0;
    QString from;
    QString to;
    bool isReply = false;
    QString explanation; // the engine's own sentence for the decision ("lb picked web ...")
};

struct Trace {
    quint32 request = 0;
    QString kind; // static, read, write, job
    QList<TraceHop> hops;
    QList<TraceSpan> spans; // in the order the request reached them
    bool finished = false;
    bool ok = false;
    double startS = 0;
    double endS = std::numeric_limits<double>::quiet_NaN();
};

// What the view needs to draw one moment of a run. Immutable once made: the worker hands it over
// and never touches it again.
struct Snapshot {
    quint64 run = 0; // changes on every load or reset: a view drops what it has drawn before
    RunState state = RunState::Empty;
    double nowS = 0;
    double durationS = 0;
    double warmupS = 0;
    quint64 events = 0;
    double speed = 0;             // simulated seconds per wall second; 0 as fast as possible
    double loadScale = 1;         // the live load control
    QStringList components;       // engine order, which is model order
    sim::Sample live;             // the latest window, for the canvas
    QList<sim::Sample> newSeries; // chart points sampled since the previous snapshot
    QList<LogEntry> newLog;       // log entries since the previous snapshot
    quint64 droppedLog = 0;       // entries the view was too slow to take
    QString bottleneck;           // the component that limits the system now, or empty
    double bottleneckUtilization = 0;
    QString story; // the engine's sentence on the bottleneck (or that nothing is near capacity)
    QList<double> saturatedAtS;         // each time the system tipped into saturation
    std::shared_ptr<const Trace> trace; // the traced request, if any
    bool hopPause = false;              // paused at a traced request's hop
};

// A whole run, as the project file keeps it and a comparison shows it.
struct RunRecord {
    model::RunSettings settings;
    double seriesIntervalS = 0;
    QList<sim::Sample> series;
    QStringList components;
    sim::RunResults results;
    bool interfered = false; // the load control or an injected fault changed the run
    model::Model model;      // the design as it ran, so a run compares after the design changed
    double loadScale = 1;    // the load control when the run ended
};

} // namespace scalelab::run

Q_DECLARE_METATYPE(std::shared_ptr<const scalelab::run::Snapshot>)
Q_DECLARE_METATYPE(std::shared_ptr<const scalelab::run::RunRecord>)
