#pragma once

#include "model/model.h"

#include <QHash>
#include <QPointF>

namespace scalelab::diagram {

// A layered drawing of the request graph for models that carry no layout: clients on the left,
// each component one column right of the furthest component that calls it (calls closing a
// cycle aside), replicas right of their primary; rows grouped in one band per region so that
// region frames do not overlap, the components of each column ordered by their neighbours' rows
// (a few barycentre sweeps, then swaps while they cut crossings and links over captions),
// each drawn level with the median of its neighbours where its column leaves room; a link
// that skips columns reserves a place in each, so that nothing sits on it.
// Components on no request link (a monitor, a queue not wired yet) stand in a row below the
// drawing: below their region's part inside its frame, or below everything. Deterministic: the
// same model always gives the same drawing.
QHash<QString, QPointF> autoLayout(const model::Model &model);

// Gives every component without a position one from autoLayout() (true if any was missing).
bool completeLayout(model::Model &model);

} // namespace scalelab::diagram
