#pragma once

#include "model/model.h"

#include <QString>

namespace scalelab::widgets {

// The short word a new component's id starts from: "web" for a web server, "db" for a database.
QString idBase(const QString &type);

// A component of `type` as the palette drops it: the table's defaults, plus a sensible starting
// value for each required parameter so that the model stays loadable at once.
model::Component newComponent(const QString &type, const QString &id);

} // namespace scalelab::widgets
