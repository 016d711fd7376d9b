#pragma once

#include "model/model.h"
#include "run/load_sweep.h"

#include <QDialog>

#include <atomic>
#include <memory>
#include <thread>

class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace scalelab::widgets {

class Chart;

// Run > Load sweep…: the model run at evenly spaced loads on every core, with throughput and
// latency drawn against the offered load so the knee shows, the analysis's prediction dashed
// beside the measurement. The sweep runs in a worker thread; Cancel stops it within moments.
class SweepDialog : public QDialog {
    Q_OBJECT

public:
    explicit SweepDialog(const model::Model &model, QWidget *parent = nullptr);
    ~SweepDialog() override;

    // The form, for tests and for a caller that knows better defaults.
    void setSweep(double fromRps, double toRps, int steps, quint64 seed, double durationS,
                  double warmupS);
    void start();
    void cancel();
    bool isRunning() const { return m_worker.joinable() && !m_finished; }
    const run::SweepResult &result() const { return m_result; }
    QString summaryText() const;
    bool exportCsv(const QString &path) const;
    Chart *throughputChart() const { return m_throughput; }
    Chart *latencyChart() const { return m_latency; }

signals:
    void sweepFinished();

private:
    void finish(std::shared_ptr<run::SweepResult> result);
    void plot();
    void setRunning(bool running);
    void join();

    model::Model m_model;
    QDoubleSpinBox *m_from = nullptr;
    QDoubleSpinBox *m_to = nullptr;
    QSpinBox *m_steps = nullptr;
    QSpinBox *m_seed = nullptr;
    QDoubleSpinBox *m_duration = nullptr;
    QDoubleSpinBox *m_warmup = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_export = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_summary = nullptr;
    Chart *m_throughput = nullptr;
    Chart *m_latency = nullptr;

    run::SweepResult m_result;
    std::atomic<bool> m_cancelRequested{false};
    std::thread m_worker;
    bool m_finished = true;
};

} // namespace scalelab::widgets
