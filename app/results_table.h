#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace scalelab::app {

// Readable tables of the results and analysis JSON: the command line's default output. They are
// rendered from the JSON so the table never says something the JSON does not.
// `order` lists component ids in model order (JSON objects forget it); ids not in it follow.
QString runTable(const QJsonObject &results, const QStringList &order = {});
QString analysisTable(const QJsonObject &analysis, const QStringList &order = {});

} // namespace scalelab::app
