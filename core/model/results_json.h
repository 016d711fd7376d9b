#pragma once

#include "model.h"

#include "sim/simulation.h"

#include <QJsonObject>
#include <QStringList>

namespace scalelab::model {

// The results of `run` in the contract's JSON form (docs/model.md, "Results of run"). Component
// metrics nest by their dotted paths: "wait_ms.mean" becomes {"wait_ms": {"mean": ...}}.
// `spof` comes from the graph analysis of the same model.
QJsonObject resultsToJson(const sim::RunResults &results, const Model &model,
                          const QStringList &spof);

} // namespace scalelab::model
