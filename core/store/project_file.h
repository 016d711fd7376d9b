#pragma once

#include "run_history.h"

#include "model/model_json.h"

#include <QList>
#include <QString>

#include <optional>

namespace scalelab::store {

// A `.scalelab` project: one SQLite database holding the model with its layout and the run
// history (learner progress joins it later as a table of its own), always replaced whole on save.
class ProjectFile {
public:
    // 2: the runs table. A version 1 project (no runs) still opens, and becomes version 2 when
    // saved: every save writes the whole file anew, so there is nothing to migrate in place.
    static constexpr int kSchemaVersion = 2;

    // The project's model, validated like a model file; any problem (not SQLite, not our schema,
    // a newer schema, a model that does not validate) names the file, and nothing is half-loaded.
    static model::LoadResult load(const QString &path);

    // Writes the project to a temporary file beside `path` in one transaction and renames it over
    // `path`, so a crash or a full disk never leaves a half-written project. On failure returns
    // false, leaves any existing file untouched and, if `error` is set, says why.
    static bool save(const QString &path, const model::Model &model, QString *error = nullptr);
    // The same, with the runs the project keeps (ids and labels as given).
    static bool save(const QString &path, const model::Model &model, const QList<StoredRun> &runs,
                     QString *error = nullptr);

    // The run history (none for a project from before it had one). listRuns reads only the
    // summary columns, for the runs panel; loadRun one run in full; loadRuns every run in full.
    // On a problem they return nothing and, if `error` is set, say why.
    static QList<RunSummary> listRuns(const QString &path, QString *error = nullptr);
    static std::optional<StoredRun> loadRun(const QString &path, qint64 id,
                                            QString *error = nullptr);
    static QList<StoredRun> loadRuns(const QString &path, QString *error = nullptr);

    // True for a name ending in .scalelab, or an existing file that starts with the SQLite header.
    static bool isProject(const QString &path);
};

// Opens a project or a plain model file (.json), whichever `path` is.
model::LoadResult loadAny(const QString &path);

} // namespace scalelab::store
