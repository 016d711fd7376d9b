#pragma once

#include <QString>

namespace scalelab::model {

// What marks a model file, shared by the reader that checks it and the writer that stamps it.
inline const QString kFormat = QStringLiteral("scalelab-model");
inline constexpr int kNewestVersion = 1;

} // namespace scalelab::model
