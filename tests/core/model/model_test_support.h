// Plumbing the model-file tests share: loading a model (a test whose model does not load or
// cannot run shows nothing, so it stops there with the loader's or the builder's message),
// running its scenario as `scalelab run` does, reading the results JSON by dotted path, and
// building components in C++.
// Header-only: each tst_*.cpp is its own executable and includes what it needs.

#pragma once

#include "../sim/sim_test_support.h"

#include "model/model_json.h"
#include "model/results_json.h"
#include "model/simulation_builder.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <cmath>

namespace scalelab::testing {

// The model in `json`; ends the test with the loader's message when it does not load.
inline model::Model loadModel(const QByteArray &json)
{
    const model::LoadResult loaded = model::parseModel(json);
    if (!loaded.ok())
        qFatal("%s", qPrintable(loaded.message()));
    return *loaded.model;
}

// The model file `name` in tests/data; ends the test with the loader's message when it does not
// load.
inline model::Model loadTestModel(const QString &name)
{
    const model::LoadResult loaded =
        model::loadModelFile(QStringLiteral(SCALELAB_TEST_DATA "/") + name);
    if (!loaded.ok())
        qFatal("%s", qPrintable(loaded.message()));
    return *loaded.model;
}

// As loadModel(), and also ends the test when the engine cannot run the model yet.
inline model::Model loadRunnableModel(const QByteArray &json)
{
    model::Model m = loadModel(json);
    const QList<model::Problem> refused = model::unsupportedMechanisms(m);
    if (!refused.isEmpty())
        qFatal("refused: %s", qPrintable(refused.first().toString()));
    return m;
}

// Runs the model's scenario as the file sets it (seed, duration, warm-up, replications) on
// `threads` threads (0: as many as the machine has).
inline sim::RunResults runScenario(const model::Model &m, int threads = 0)
{
    return model::runModel(m, model::resolveSettings(m, {}, nullptr), nullptr, threads);
}

// The results JSON `scalelab run --json` would write for the model in `json`.
inline QJsonObject runToJson(const QByteArray &json)
{
    const model::Model m = loadRunnableModel(json);
    return model::resultsToJson(runScenario(m), m, {});
}

// The "components" object of runToJson(): one object of metrics per component id.
inline QJsonObject runComponents(const QByteArray &json)
{
    return runToJson(json).value(QStringLiteral("components")).toObject();
}

// A component of the given kind with these parameters, for models built in C++.
inline model::Component component(const QString &id, model::ComponentKind kind,
                                  const QJsonObject &parameters = {})
{
    model::Component c;
    c.id = id;
    c.kind = kind;
    c.parameters = parameters;
    return c;
}

// The number at a dotted path in a results object, e.g. at(results, "components.web.utilization");
// NaN when the path leads nowhere, so a misspelt name fails every comparison instead of reading 0.
inline double at(const QJsonObject &object, const char *path)
{
    QJsonValue v = object;
    for (const QString &part : QString::fromLatin1(path).split(QLatin1Char('.')))
        v = v.toObject().value(part);
    return v.toDouble(std::nan(""));
}

} // namespace scalelab::testing
