#include "widgets/run/sweep_dialog.h"

#include "widgets/run/chart.h"

#include "model/analysis.h"
#include "model/simulation_builder.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPointF>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace scalelab::widgets {

namespace {

QString rps(double value)
{
    return QLocale::c().toString(value, 'f', value < 10 ? 2 : value < 1000 ? 1 : 0);
}

QDoubleSpinBox *rateBox(QWidget *parent)
{
    auto *box = new QDoubleSpinBox(parent);
    box->setRange(0.001, 1e9);
    box->setDecimals(1);
    box->setSuffix(QStringLiteral(" rps"));
    box->setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
    return box;
}

} // namespace

SweepDialog::SweepDialog(const model::Model &model, QWidget *parent)
    : QDialog(parent), m_model(model)
{
    setObjectName(QStringLiteral("sweepDialog"));
    setWindowTitle(QStringLiteral("Load sweep — %1").arg(model.name));

    m_from = rateBox(this);
    m_to = rateBox(this);
    m_steps = new QSpinBox(this);
    m_steps->setRange(2, 200);
    m_seed = new QSpinBox(this);
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_duration = new QDoubleSpinBox(this);
    m_duration->setRange(0.01, 1e9);
    m_duration->setDecimals(2);
    m_duration->setSuffix(QStringLiteral(" s"));
    m_warmup = new QDoubleSpinBox(this);
    m_warmup->setRange(0, 1e9);
    m_warmup->setDecimals(2);
    m_warmup->setSuffix(QStringLiteral(" s"));
    m_from->setToolTip(QStringLiteral("The clients' total rate at the first point"));
    m_to->setToolTip(QStringLiteral("The clients' total rate at the last point"));
    m_steps->setToolTip(QStringLiteral("Points, both ends included, evenly spaced"));
    m_seed->setToolTip(QStringLiteral("Every point runs with this seed: common random numbers, so "
                                      "the curve's steps are the load's, not chance's"));

    // Defaults that show the knee: from a tenth of the predicted capacity to a third past it.
    QList<model::Problem> problems;
    const model::RunSettings settings = model::resolveSettings(model, {}, &problems);
    const model::Analysis analysis = model::analyze(model);
    const double capacity = analysis.maxThroughputRps;
    const double offered = analysis.offeredRps > 0 ? analysis.offeredRps : 100;
    const bool finite = std::isfinite(capacity) && capacity > 0;
    // At most ten simulated minutes a point: enough for a steady state well below the knee, and
    // past it a queue that grows for an hour would only cost memory to show the same thing.
    const double duration = std::min(settings.durationS, 600.0);
    setSweep(finite ? 0.1 * capacity : 0.25 * offered, finite ? 1.3 * capacity : 2 * offered, 14,
             settings.seed, duration, std::min(settings.warmupS, duration / 10));

    auto *form = new QFormLayout;
    form->addRow(QStringLiteral("From"), m_from);
    form->addRow(QStringLiteral("To"), m_to);
    form->addRow(QStringLiteral("Points"), m_steps);
    form->addRow(QStringLiteral("Seed"), m_seed);
    form->addRow(QStringLiteral("Duration"), m_duration);
    form->addRow(QStringLiteral("Warm-up"), m_warmup);

    m_run = new QPushButton(QStringLiteral("Run sweep"), this);
    m_run->setObjectName(QStringLiteral("runSweep"));
    m_run->setDefault(true);
    m_cancel = new QPushButton(QStringLiteral("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelSweep"));
    m_export = new QPushButton(QStringLiteral("Export CSV…"), this);
    m_export->setObjectName(QStringLiteral("exportSweep"));
    m_progress = new QProgressBar(this);
    m_progress->setFormat(QStringLiteral("%v of %m points"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("sweepSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setMinimumWidth(240);
    m_summary->setAlignment(Qt::AlignTop | Qt::AlignLeft);

    auto *side = new QVBoxLayout;
    side->addLayout(form);
    side->addWidget(m_run);
    side->addWidget(m_cancel);
    side->addWidget(m_progress);
    side->addWidget(m_summary, 1);
    side->addWidget(m_export);

    m_throughput = makeChart(this).release();
    m_throughput->setObjectName(QStringLiteral("sweepThroughput"));
    m_latency = makeChart(this).release();
    m_latency->setObjectName(QStringLiteral("sweepLatency"));
    auto *charts = new QVBoxLayout;
    charts->addWidget(m_throughput, 1);
    charts->addWidget(m_latency, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *body = new QHBoxLayout;
    body->addLayout(side);
    body->addLayout(charts, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(body, 1);
    layout->addWidget(buttons);

    connect(m_run, &QPushButton::clicked, this, &SweepDialog::start);
    connect(m_cancel, &QPushButton::clicked, this, &SweepDialog::cancel);
    connect(m_export, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Export sweep"),
                                                          QStringLiteral("sweep.csv"),
                                                          QStringLiteral("CSV (*.csv)"));
        if (!path.isEmpty() && !exportCsv(path))
            m_summary->setText(m_summary->text() + QStringLiteral("\n\nCannot write %1").arg(path));
    });
    setRunning(false);
    m_export->setEnabled(false);
    plot();
    resize(1100, 760);
}

SweepDialog::~SweepDialog()
{
    m_cancelRequested = true;
    join();
}

void SweepDialog::join()
{
    if (m_worker.joinable())
        m_worker.join();
}

void SweepDialog::setSweep(double fromRps, double toRps, int steps, quint64 seed, double durationS,
                           double warmupS)
{
    m_from->setValue(fromRps);
    m_to->setValue(toRps);
    m_steps->setValue(steps);
    m_seed->setValue(static_cast<int>(std::min<quint64>(seed, quint64(m_seed->maximum()))));
    m_duration->setValue(durationS);
    m_warmup->setValue(warmupS);
}

void SweepDialog::setRunning(bool running)
{
    for (QWidget *w : std::initializer_list<QWidget *>{m_from, m_to, m_steps, m_seed, m_duration,
                                                       m_warmup, m_run})
        w->setEnabled(!running);
    m_cancel->setEnabled(running);
    m_export->setEnabled(!running && !m_result.points.isEmpty());
}

void SweepDialog::start()
{
    if (isRunning())
        return;
    join();
    run::SweepSettings settings;
    settings.fromRps = m_from->value();
    settings.toRps = m_to->value();
    settings.steps = m_steps->value();
    settings.run.seed = static_cast<quint64>(m_seed->value());
    settings.run.durationS = m_duration->value();
    settings.run.warmupS = m_warmup->value();
    m_cancelRequested = false;
    m_finished = false;
    m_result = {};
    m_result.points.clear();
    m_progress->setRange(0, settings.steps);
    m_progress->setValue(0);
    m_summary->setText(QStringLiteral("Running %1 points on every core…").arg(settings.steps));
    setRunning(true);
    plot();
    m_worker = std::thread([this, settings, model = m_model] {
        auto result = std::make_shared<run::SweepResult>(
            run::runLoadSweep(model, settings, &m_cancelRequested, [this](int done, int) {
                QMetaObject::invokeMethod(
                    this, [this, done] { m_progress->setValue(done); }, Qt::QueuedConnection);
            }));
        QMetaObject::invokeMethod(
            this, [this, result] { finish(result); }, Qt::QueuedConnection);
    });
}

void SweepDialog::cancel()
{
    m_cancelRequested = true;
}

void SweepDialog::finish(std::shared_ptr<run::SweepResult> result)
{
    join();
    m_finished = true;
    m_result = std::move(*result);
    setRunning(false);
    plot();
    emit sweepFinished();
}

QString SweepDialog::summaryText() const
{
    return m_summary->text();
}

void SweepDialog::plot()
{
    m_throughput->clear();
    m_throughput->setTitle(QStringLiteral("Throughput against offered load"));
    m_throughput->setAxisTitles(QStringLiteral("offered load (rps)"),
                                QStringLiteral("throughput (rps)"));
    m_latency->clear();
    m_latency->setTitle(QStringLiteral("Latency against offered load"));
    m_latency->setAxisTitles(QStringLiteral("offered load (rps)"), QStringLiteral("latency (ms)"));
    m_latency->setLogarithmicY(true); // past the knee it grows by decades
    if (m_result.points.isEmpty())
        return;

    const int measured = m_throughput->addLine(QStringLiteral("measured"));
    const int predicted =
        m_throughput->addDashedLine(QStringLiteral("predicted: min(offered, capacity)"));
    const int mean = m_latency->addLine(QStringLiteral("measured mean"));
    const int p99 = m_latency->addLine(QStringLiteral("measured p99"));
    const int predictedMean =
        m_latency->addDashedLine(QStringLiteral("predicted mean (M/M/c per station)"));
    QList<QPointF> throughput, expected, means, p99s, expectedMeans;
    int done = 0;
    double knee = std::numeric_limits<double>::quiet_NaN();
    double peak = 0;
    double lastFollowed = std::numeric_limits<double>::quiet_NaN();
    for (const run::SweepPoint &p : m_result.points) {
        expected << QPointF(p.offeredRps, p.predictedThroughputRps);
        if (std::isfinite(p.predictedMeanMs) && p.predictedMeanMs > 0)
            expectedMeans << QPointF(p.offeredRps, p.predictedMeanMs);
        if (!p.done)
            continue;
        ++done;
        throughput << QPointF(p.offeredRps, p.throughputRps);
        peak = std::max(peak, p.throughputRps);
        if (p.meanMs > 0)
            means << QPointF(p.offeredRps, p.meanMs);
        if (p.p99Ms > 0)
            p99s << QPointF(p.offeredRps, p.p99Ms);
        // The knee: the first load at which the users get noticeably less than they ask for.
        if (std::isnan(knee) && p.throughputRps < 0.97 * p.offeredRps)
            knee = p.offeredRps;
        else if (std::isnan(knee))
            lastFollowed = p.offeredRps;
    }
    m_throughput->setPoints(measured, throughput);
    m_throughput->setPoints(predicted, expected);
    m_latency->setPoints(mean, means);
    m_latency->setPoints(p99, p99s);
    m_latency->setPoints(predictedMean, expectedMeans);
    const double capacity = m_result.maxThroughputRps;
    if (std::isfinite(capacity)) {
        const QString label = QStringLiteral("capacity %1 rps").arg(rps(capacity));
        m_throughput->addMarker(capacity, label);
        m_latency->addMarker(capacity, label);
    }

    if (!m_result.problems.isEmpty()) {
        QStringList lines;
        for (const model::Problem &problem : m_result.problems)
            lines << problem.toString();
        m_summary->setText(QStringLiteral("Cannot sweep this model:\n") +
                           lines.join(QLatin1Char('\n')));
        return;
    }
    QString text;
    if (m_result.cancelled)
        text += QStringLiteral("Cancelled after %1 of %2 points.\n\n")
                    .arg(done)
                    .arg(m_result.points.size());
    if (std::isfinite(capacity))
        text += QStringLiteral("The bottleneck law predicts at most %1 rps, when %2 is busy all "
                               "the time.\n\n")
                    .arg(rps(capacity), m_result.bottleneck);
    else
        text += QStringLiteral("No component has a capacity limit at these loads.\n\n");
    if (done > 0) {
        text += QStringLiteral("Measured: at most %1 rps of throughput. ").arg(rps(peak));
        text += std::isnan(knee)
                    ? QStringLiteral("Throughput followed the offered load at every point: the "
                                     "knee lies beyond this sweep.")
                : std::isnan(lastFollowed)
                    ? QStringLiteral("Already at %1 rps the users got less than they asked "
                                     "for: the knee lies below this sweep.")
                          .arg(rps(knee))
                    : QStringLiteral("Between %1 and %2 rps throughput stops following the "
                                     "load: the knee, past which queues grow without bound and "
                                     "latency climbs by decades.")
                          .arg(rps(lastFollowed), rps(knee));
    }
    text += QStringLiteral("\n\nDashed: the analysis. Its latency is each station's M/M/c time "
                           "(queueing and service) weighted by its visits per request; link "
                           "latencies, timeouts and retries are not in it, and past saturation "
                           "it has no finite value.");
    m_summary->setText(text);
}

bool SweepDialog::exportCsv(const QString &path) const
{
    QSaveFile file(path);
    const QByteArray bytes = run::sweepCsv(m_result).toUtf8();
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.commit();
}

} // namespace scalelab::widgets
