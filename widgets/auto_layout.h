#pragma once

#include "model/model.h"

#include <QHash>
#include <QPointF>

namespace scalelab::widgets {

// A layered drawing of the request graph for models that carry no layout: clients on the left,
// each component one column right of the nearest component that calls it, replicas right of
// their primary; rows grouped in one band per region so that region frames do not overlap.
QHash<QString, QPointF> autoLayout(const model::Model &model);

// Gives every component without a position one from autoLayout() (true if any was missing).
bool completeLayout(model::Model &model);

} // namespace scalelab::widgets
