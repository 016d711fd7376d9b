#pragma once

#include "model.h"
#include "model_json.h"

#include "sim/engine.h"
#include "sim/simulation.h"

#include <QList>

#include <memory>
#include <optional>

namespace scalelab::model {

// How to run a model: the scenario's settings with the command line's (or the run bar's)
// overrides applied.
struct RunSettings {
    double durationS = 60;
    double warmupS = 6;
    quint64 seed = 1;
    int replications = 1;
    std::optional<double> totalRateRps; // scale every client so their rates add up to this
};

struct RunOverrides {
    std::optional<double> durationS;
    std::optional<double> warmupS;
    std::optional<quint64> seed;
    std::optional<int> replications;
    std::optional<double> rateRps;
};

// The scenario's settings with overrides applied; problems (a warm-up not shorter than the
// duration, a rate for a model whose clients send nothing) name the option or the model place.
RunSettings resolveSettings(const Model &model, const RunOverrides &overrides,
                            QList<Problem> *problems);

// What in the model the engine cannot run yet, each naming the place ("components[3].type",
// "links[2].kind", "scenario.events[0].action") and what is missing. Empty: it can run.
QList<Problem> unsupportedMechanisms(const Model &model);

// Builds an engine for one replication. The model must be valid and have no unsupported
// mechanisms. Components get their engine index in model order.
std::unique_ptr<sim::Engine> buildEngine(const Model &model, const RunSettings &settings,
                                         quint64 seed);

// Whether a component of `kind` understands the scenario `action` (fail, recover, slow, flush,
// spike): what a model's scenario is checked against and what the canvas offers on a component.
bool actionApplies(const QString &action, ComponentKind kind);

// The engine's form of one scenario event of a valid model (the scenario's, or one the run bar
// injects while running); nullopt when it names nothing the engine has.
std::optional<sim::ScenarioAction> engineAction(const Model &model, const ScenarioEvent &event);

// The factory runReplications() calls from its worker threads (it copies the model).
sim::EngineFactory engineFactory(const Model &model, const RunSettings &settings);

// Runs the model to the end of its scenario: the one call both front ends make.
sim::RunResults runModel(const Model &model, const RunSettings &settings,
                         sim::Observer *observer = nullptr, int threads = 0);

} // namespace scalelab::model
