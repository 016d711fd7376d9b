#pragma once

#include "model/model.h"
#include "run/run_snapshot.h"

#include <QDockWidget>
#include <QHash>
#include <QList>
#include <QPointF>
#include <QStringList>

#include <functional>
#include <memory>

class QCheckBox;
class QStackedWidget;
class QTabWidget;

namespace scalelab::widgets {

class Chart;

// The run over simulated time, one chart a page: what the users got (throughput against the
// offered load, latency percentiles, errors) and what each component went through (utilisation,
// queues, hit ratios, replication lag, instances). Lines grow with every snapshot of the live
// run; a stored run can be drawn whole. Events of the scenario, the learner's own actions and
// the moments the system saturated are marked on every chart.
class ChartsDock : public QDockWidget {
    Q_OBJECT

public:
    enum class Page {
        Throughput,
        Latency,
        ErrorRate,
        Utilization,
        QueueLength,
        HitRatio,
        ReplicationLag,
        Instances,
    };
    static constexpr int kPageCount = 8;

    explicit ChartsDock(QWidget *parent = nullptr);
    ~ChartsDock() override;

    // The model being run (the window's document), asked at each new run for its scenario's
    // events to mark and its components' types; may answer null.
    void setModelSource(std::function<const model::Model *()> source);

    // The live run: points since the last snapshot are appended; a new run id starts afresh.
    void showSnapshot(const std::shared_ptr<const run::Snapshot> &snapshot);
    // A finished or stored run, whole. The live run comes back with its next run id, or with
    // showLive().
    void showRecord(const run::RunRecord &record);
    void showLive();
    // Another design altogether (a file opened, a lesson started): the last design's curves go.
    void clear();

    Page currentPage() const;
    void setCurrentPage(Page page);
    Chart *chart(Page page) const;
    // What a page draws, for tests: its lines' names in drawing order and each line's points.
    QStringList lineNames(Page page) const;
    QList<QPointF> points(Page page, const QString &line) const;
    // The marks every chart carries: (simulated second, label).
    QList<QPair<double, QString>> markers() const { return m_markers; }

    // The current page as a picture or a table, to a file the user picks; false when cancelled
    // or not written.
    bool exportPng();
    bool exportCsv();

    // Answers the save dialog of the exports: the chosen path, or empty for Cancel. Unset, a
    // native dialog asks. Tests set it.
    static std::function<QString(const QString &suggested, const QString &filter)> saveFileAnswer;

signals:
    // A sentence for the status bar: what was exported, or why it was not.
    void message(const QString &text);

private:
    struct Line {
        QString name;
        int index = -1; // in the page's chart
        QList<QPointF> points;
    };
    struct PageView {
        Chart *chart = nullptr;
        QStackedWidget *stack = nullptr; // the chart, or a sentence while it has no line
        QList<Line> lines;
        QHash<QString, int> byKey; // figure key -> position in lines
    };
    // One figure of one sample for one page's line: users' or a component's.
    struct Figure {
        QString key;
        QString name;
        double y = 0;
        bool dashed = false;
        bool onlyOnceNonZero = false; // its line appears the first time it is not zero
    };

    void startOver(const QStringList &components, double durationS, double warmupS);
    void addSamples(const QList<sim::Sample> &samples);
    void addMarker(double x, const QString &label);
    QList<Figure> figures(Page page, const sim::Sample &sample) const;
    bool exportTo(const QString &extension, const QString &filter);

    QTabWidget *m_tabs = nullptr;
    QCheckBox *m_logScale = nullptr;
    QList<PageView> m_pages;
    QList<QPair<double, QString>> m_markers;
    std::function<const model::Model *()> m_modelSource;
    QStringList m_clients;    // the users' side: no line of their own among the components
    QStringList m_autoscaled; // the tiers the Instances page draws

    // What is drawn now.
    QStringList m_components;
    QList<sim::Sample> m_samples;

    // The live run, kept whole while a stored run is shown.
    quint64 m_liveRun = 0;
    bool m_haveLive = false;
    bool m_showingRecord = false;
    QStringList m_liveComponents;
    double m_liveDurationS = 0;
    double m_liveWarmupS = 0;
    QList<sim::Sample> m_liveSamples;
    QList<QPair<double, QString>> m_liveMarks; // saturations and the learner's actions
    qsizetype m_saturationsSeen = 0;
};

} // namespace scalelab::widgets
