#include "run_history.h"

#include "model/analysis.h"
#include "model/model_json.h"
#include "model/results_json.h"
#include "run/run_snapshot.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>

#include <algorithm>
#include <cmath>

namespace scalelab::store {

namespace {

constexpr int kSeriesVersion = 1;

// The series' field names, in the order each sample's array holds them: the file says what it
// holds, so a reader in another language needs no header of ours.
const QStringList kSampleFields = {
    QStringLiteral("at_ns"),          QStringLiteral("window_s"),   QStringLiteral("offered_rps"),
    QStringLiteral("throughput_rps"), QStringLiteral("error_rate"), QStringLiteral("mean_ms"),
    QStringLiteral("p50_ms"),         QStringLiteral("p95_ms"),     QStringLiteral("p99_ms"),
    QStringLiteral("components"),     QStringLiteral("link_rps")};
const QStringList kComponentFields = {
    QStringLiteral("utilization"),    QStringLiteral("queue_length"),
    QStringLiteral("throughput_rps"), QStringLiteral("error_rate"),
    QStringLiteral("hit_ratio"),      QStringLiteral("mean_response_ms"),
    QStringLiteral("backlog"),        QStringLiteral("lag_ms"),
    QStringLiteral("instances"),      QStringLiteral("instance_count"),
    QStringLiteral("instances_up")};

// NaN ("no such figure") has no JSON form: it is written as null.
QJsonValue number(double value)
{
    return std::isnan(value) ? QJsonValue(QJsonValue::Null) : QJsonValue(value);
}
double numberOf(const QJsonValue &value)
{
    return value.isDouble() ? value.toDouble() : std::numeric_limits<double>::quiet_NaN();
}

bool same(double a, double b)
{
    return a == b || (std::isnan(a) && std::isnan(b));
}

bool sameComponent(const sim::ComponentSample &a, const sim::ComponentSample &b)
{
    return same(a.utilization, b.utilization) && same(a.queueLength, b.queueLength) &&
           same(a.throughputRps, b.throughputRps) && same(a.errorRate, b.errorRate) &&
           same(a.hitRatio, b.hitRatio) && same(a.meanResponseMs, b.meanResponseMs) &&
           same(a.backlog, b.backlog) && same(a.lagMs, b.lagMs) && same(a.instances, b.instances) &&
           a.instanceCount == b.instanceCount && a.instancesUp == b.instancesUp;
}

bool sameSample(const sim::Sample &a, const sim::Sample &b)
{
    if (a.at != b.at || !same(a.windowS, b.windowS) || !same(a.offeredRps, b.offeredRps) ||
        !same(a.throughputRps, b.throughputRps) || !same(a.errorRate, b.errorRate) ||
        !same(a.meanMs, b.meanMs) || !same(a.p50Ms, b.p50Ms) || !same(a.p95Ms, b.p95Ms) ||
        !same(a.p99Ms, b.p99Ms) || a.components.size() != b.components.size() ||
        a.linkRps.size() != b.linkRps.size())
        return false;
    for (std::size_t i = 0; i < a.components.size(); ++i)
        if (!sameComponent(a.components[i], b.components[i]))
            return false;
    for (std::size_t i = 0; i < a.linkRps.size(); ++i)
        if (!same(a.linkRps[i], b.linkRps[i]))
            return false;
    return true;
}

} // namespace

bool RunSummary::operator==(const RunSummary &o) const
{
    return id == o.id && startedAt == o.startedAt && label == o.label && modelName == o.modelName &&
           seed == o.seed && same(durationS, o.durationS) && same(warmupS, o.warmupS) &&
           replications == o.replications && rateRps == o.rateRps && same(loadScale, o.loadScale) &&
           interfered == o.interfered && same(offeredRps, o.offeredRps) &&
           same(throughputRps, o.throughputRps) && same(meanMs, o.meanMs) && same(p50Ms, o.p50Ms) &&
           same(p95Ms, o.p95Ms) && same(p99Ms, o.p99Ms) && same(errorRate, o.errorRate) &&
           errors == o.errors && bottleneck == o.bottleneck &&
           same(bottleneckUtilization, o.bottleneckUtilization);
}

bool StoredRun::operator==(const StoredRun &o) const
{
    if (!(summary == o.summary) || modelJson != o.modelJson || results != o.results ||
        !same(seriesIntervalS, o.seriesIntervalS) || components != o.components ||
        series.size() != o.series.size())
        return false;
    for (qsizetype i = 0; i < series.size(); ++i)
        if (!sameSample(series.at(i), o.series.at(i)))
            return false;
    return true;
}

StoredRun storedRunOf(const run::RunRecord &record, const QDateTime &startedAt)
{
    StoredRun run;
    RunSummary &s = run.summary;
    s.startedAt = startedAt.toUTC();
    s.modelName = record.model.name;
    s.seed = record.settings.seed;
    s.durationS = record.settings.durationS;
    s.warmupS = record.settings.warmupS;
    s.replications = record.settings.replications;
    s.rateRps = record.settings.totalRateRps;
    s.loadScale = record.loadScale;
    s.interfered = record.interfered;

    const model::Analysis analysis = model::analyze(record.model, record.settings.totalRateRps);
    run.modelJson = model::serializeModel(record.model);
    run.results = model::resultsToJson(record.results, record.model, analysis.spof);
    run.seriesIntervalS = record.seriesIntervalS;
    run.components = record.components;
    run.series = record.series;

    // The load the clients really offered over the observation window (the load control may
    // have moved it); the analysis's figure when there is no series to tell.
    double weighted = 0;
    double window = 0;
    const sim::Time warmup = sim::fromSeconds(record.settings.warmupS);
    for (const sim::Sample &sample : record.series) {
        if (sample.at <= warmup || !(sample.windowS > 0))
            continue;
        weighted += sample.offeredRps * sample.windowS;
        window += sample.windowS;
    }
    s.offeredRps = window > 0 ? weighted / window : analysis.offeredRps * record.loadScale;

    const sim::Summary &summary = record.results.summary;
    s.throughputRps = summary.throughputRps;
    s.meanMs = summary.latencyMs.mean;
    s.p50Ms = summary.latencyMs.p50;
    s.p95Ms = summary.latencyMs.p95;
    s.p99Ms = summary.latencyMs.p99;
    s.errorRate = summary.errorRate;
    s.errors = summary.errors;
    s.bottleneck = QString::fromStdString(record.results.bottleneck);
    s.bottleneckUtilization =
        s.bottleneck.isEmpty() ? RunSummary::kNone : record.results.bottleneckUtilization;
    return run;
}

QByteArray encodeSeries(double intervalS, const QStringList &components,
                        const QList<sim::Sample> &series)
{
    QJsonArray samples;
    for (const sim::Sample &sample : series) {
        QJsonArray perComponent;
        for (const sim::ComponentSample &c : sample.components)
            perComponent.append(QJsonArray{number(c.utilization), number(c.queueLength),
                                           number(c.throughputRps), number(c.errorRate),
                                           number(c.hitRatio), number(c.meanResponseMs),
                                           number(c.backlog), number(c.lagMs), number(c.instances),
                                           c.instanceCount, c.instancesUp});
        QJsonArray links;
        for (const double rps : sample.linkRps)
            links.append(number(rps));
        samples.append(QJsonArray{
            static_cast<double>(sample.at), number(sample.windowS), number(sample.offeredRps),
            number(sample.throughputRps), number(sample.errorRate), number(sample.meanMs),
            number(sample.p50Ms), number(sample.p95Ms), number(sample.p99Ms), perComponent, links});
    }
    const QJsonObject object{
        {QStringLiteral("version"), kSeriesVersion},
        {QStringLiteral("interval_s"), intervalS},
        {QStringLiteral("components"), QJsonArray::fromStringList(components)},
        {QStringLiteral("sample_fields"), QJsonArray::fromStringList(kSampleFields)},
        {QStringLiteral("component_fields"), QJsonArray::fromStringList(kComponentFields)},
        {QStringLiteral("samples"), samples}};
    return qCompress(QJsonDocument(object).toJson(QJsonDocument::Compact), 9);
}

bool decodeSeries(const QByteArray &blob, double *intervalS, QStringList *components,
                  QList<sim::Sample> *series)
{
    const QByteArray json = qUncompress(blob);
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return false;
    const QJsonObject object = document.object();
    if (object.value(QStringLiteral("version")).toInt() != kSeriesVersion)
        return false;
    *intervalS = object.value(QStringLiteral("interval_s")).toDouble();
    components->clear();
    for (const QJsonValue &id : object.value(QStringLiteral("components")).toArray())
        components->append(id.toString());
    series->clear();
    const QJsonArray samples = object.value(QStringLiteral("samples")).toArray();
    series->reserve(samples.size());
    for (const QJsonValue &value : samples) {
        const QJsonArray a = value.toArray();
        if (a.size() < kSampleFields.size())
            return false;
        sim::Sample sample;
        sample.at = static_cast<sim::Time>(a.at(0).toDouble());
        sample.windowS = numberOf(a.at(1));
        sample.offeredRps = numberOf(a.at(2));
        sample.throughputRps = numberOf(a.at(3));
        sample.errorRate = numberOf(a.at(4));
        sample.meanMs = numberOf(a.at(5));
        sample.p50Ms = numberOf(a.at(6));
        sample.p95Ms = numberOf(a.at(7));
        sample.p99Ms = numberOf(a.at(8));
        for (const QJsonValue &cv : a.at(9).toArray()) {
            const QJsonArray c = cv.toArray();
            if (c.size() < kComponentFields.size())
                return false;
            sim::ComponentSample figures;
            figures.utilization = numberOf(c.at(0));
            figures.queueLength = numberOf(c.at(1));
            figures.throughputRps = numberOf(c.at(2));
            figures.errorRate = numberOf(c.at(3));
            figures.hitRatio = numberOf(c.at(4));
            figures.meanResponseMs = numberOf(c.at(5));
            figures.backlog = numberOf(c.at(6));
            figures.lagMs = numberOf(c.at(7));
            figures.instances = numberOf(c.at(8));
            figures.instanceCount = c.at(9).toInt();
            figures.instancesUp = c.at(10).toInt();
            sample.components.push_back(figures);
        }
        for (const QJsonValue &rps : a.at(10).toArray())
            sample.linkRps.push_back(numberOf(rps));
        series->append(std::move(sample));
    }
    return true;
}

QJsonObject settingsJson(const RunSummary &s)
{
    return {{QStringLiteral("seed"), QString::number(s.seed)}, // 64 bits: a double would round
            {QStringLiteral("duration_s"), s.durationS},
            {QStringLiteral("warmup_s"), s.warmupS},
            {QStringLiteral("replications"), s.replications},
            {QStringLiteral("rate_rps"),
             s.rateRps ? QJsonValue(*s.rateRps) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("load_scale"), s.loadScale},
            {QStringLiteral("interfered"), s.interfered}};
}

void readSettingsJson(const QJsonObject &o, RunSummary *s)
{
    s->seed = o.value(QStringLiteral("seed")).toString().toULongLong();
    s->durationS = o.value(QStringLiteral("duration_s")).toDouble();
    s->warmupS = o.value(QStringLiteral("warmup_s")).toDouble();
    s->replications = o.value(QStringLiteral("replications")).toInt(1);
    const QJsonValue rate = o.value(QStringLiteral("rate_rps"));
    s->rateRps = rate.isDouble() ? std::optional<double>(rate.toDouble()) : std::nullopt;
    s->loadScale = o.value(QStringLiteral("load_scale")).toDouble(1);
    s->interfered = o.value(QStringLiteral("interfered")).toBool();
}

qint64 RunHistory::append(StoredRun run)
{
    run.summary.id = ++m_lastId;
    m_runs.append(std::move(run));
    m_modified = true;
    return m_lastId;
}

QList<RunSummary> RunHistory::list() const
{
    QList<RunSummary> summaries;
    summaries.reserve(m_runs.size());
    for (const StoredRun &run : m_runs)
        summaries.append(run.summary);
    return summaries;
}

const StoredRun *RunHistory::find(qint64 id) const
{
    for (const StoredRun &run : m_runs)
        if (run.summary.id == id)
            return &run;
    return nullptr;
}

bool RunHistory::remove(qint64 id)
{
    const qsizetype removed =
        m_runs.removeIf([id](const StoredRun &run) { return run.summary.id == id; });
    m_modified = m_modified || removed > 0;
    return removed > 0;
}

bool RunHistory::rename(qint64 id, const QString &label)
{
    for (StoredRun &run : m_runs) {
        if (run.summary.id != id)
            continue;
        if (run.summary.label != label) {
            run.summary.label = label;
            m_modified = true;
        }
        return true;
    }
    return false;
}

void RunHistory::reset(QList<StoredRun> runs)
{
    m_runs = std::move(runs);
    m_lastId = 0;
    for (const StoredRun &run : m_runs)
        m_lastId = std::max(m_lastId, run.summary.id);
    m_modified = false;
}

} // namespace scalelab::store
