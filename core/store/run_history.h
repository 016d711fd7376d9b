#pragma once

#include "sim/sampler.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <limits>
#include <optional>

namespace scalelab::run {
struct RunRecord;
}
namespace scalelab::model {
struct Model;
}

namespace scalelab::store {

// What the runs panel lists: the few figures of a run that fit on one line, read from the
// project without its model, results or series.
struct RunSummary {
    static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
    qint64 id = 0;        // unique within the project; 0 before it is appended
    QDateTime startedAt;  // UTC
    QString label;        // the learner's name for it; empty until renamed
    QString modelName;    // the model's name when it ran
    quint64 seed = 1;     // same seed: common random numbers, the difference is the design's
    double durationS = 0; // simulated
    double warmupS = 0;
    int replications = 1;
    std::optional<double> rateRps; // the run's total client rate override, if any
    double loadScale = 1;          // the load control when it ended (1: as the model says)
    bool interfered = false;       // the load control or an injected fault changed the run
    double offeredRps = kNone;     // the clients' total rate at the run's settings
    double throughputRps = kNone;
    double meanMs = kNone;
    double p50Ms = kNone;
    double p95Ms = kNone;
    double p99Ms = kNone;
    double errorRate = kNone;
    quint64 errors = 0;
    QString bottleneck; // empty when nothing limits it
    double bottleneckUtilization = kNone;

    bool operator==(const RunSummary &other) const;
};

// One run in full: the summary, the design that ran, the results as `scalelab run --json` gives
// them, and the chart series sampled while it ran.
struct StoredRun {
    RunSummary summary;
    QByteArray modelJson; // model::serializeModel of the design as it ran
    QJsonObject results;  // model::resultsToJson
    double seriesIntervalS = 0;
    QStringList components; // the series' component order (the model's)
    QList<sim::Sample> series;

    bool operator==(const StoredRun &other) const;
};

// A finished live run as the project keeps it: results in the JSON of `run`, the summary figures
// read from them, and the offered load from the analysis of the model that ran.
StoredRun storedRunOf(const run::RunRecord &record,
                      const QDateTime &startedAt = QDateTime::currentDateTimeUtc());

// The series in the project's encoding (docs/model.md, "Project files"): JSON naming its fields,
// compressed with qCompress. decodeSeries returns false on anything else.
QByteArray encodeSeries(double intervalS, const QStringList &components,
                        const QList<sim::Sample> &series);
bool decodeSeries(const QByteArray &blob, double *intervalS, QStringList *components,
                  QList<sim::Sample> *series);

// The settings column: seed, duration, warm-up, replications, rate, load scale, interfered.
QJsonObject settingsJson(const RunSummary &summary);
void readSettingsJson(const QJsonObject &settings, RunSummary *summary);

// The runs of the open document. They live here, in memory, until the project is saved: a save
// writes them all with the model in one atomic replacement (ProjectFile::save), so a run never
// reaches the file without the design beside it. A plain model file (.json) holds no runs.
class RunHistory {
public:
    // Appends a run (its id becomes one more than any id seen); returns the id.
    qint64 append(StoredRun run);
    QList<RunSummary> list() const; // oldest first
    const StoredRun *find(qint64 id) const;
    bool remove(qint64 id);
    bool rename(qint64 id, const QString &label);
    // The runs of a project just opened (or none): nothing is unsaved afterwards.
    void reset(QList<StoredRun> runs = {});
    const QList<StoredRun> &runs() const { return m_runs; }
    qsizetype size() const { return m_runs.size(); }
    bool isEmpty() const { return m_runs.isEmpty(); }

    // Whether runs were appended, removed or renamed since the last reset() or setSaved().
    bool isModified() const { return m_modified; }
    void setSaved() { m_modified = false; }

private:
    QList<StoredRun> m_runs;
    qint64 m_lastId = 0;
    bool m_modified = false;
};

} // namespace scalelab::store
