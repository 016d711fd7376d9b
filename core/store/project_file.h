#pragma once

#include "model/model_json.h"

#include <QString>

namespace scalelab::store {

// A `.scalelab` project: one SQLite database holding the model with its layout (run history and
// learner progress join it later as tables of their own), always replaced whole on save.
class ProjectFile {
public:
    static constexpr int kSchemaVersion = 1;

    // The project's model, validated like a model file; any problem (not SQLite, not our schema,
    // a newer schema, a model that does not validate) names the file, and nothing is half-loaded.
    static model::LoadResult load(const QString &path);

    // Writes the project to a temporary file beside `path` in one transaction and renames it over
    // `path`, so a crash or a full disk never leaves a half-written project. On failure returns
    // false, leaves any existing file untouched and, if `error` is set, says why.
    static bool save(const QString &path, const model::Model &model, QString *error = nullptr);

    // True for a name ending in .scalelab, or an existing file that starts with the SQLite header.
    static bool isProject(const QString &path);
};

// Opens a project or a plain model file (.json), whichever `path` is.
model::LoadResult loadAny(const QString &path);

} // namespace scalelab::store
