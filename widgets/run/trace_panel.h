#pragma once

#include "run/run_snapshot.h"

#include <QDockWidget>
#include <QList>
#include <QString>
#include <QWidget>

#include <functional>
#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSplitter;
class QTreeWidget;

namespace scalelab::run {
class SimulationController;
}

namespace scalelab::widgets {

class CanvasScene;

// The traced request's time at each component as a waterfall: one row per stay, indented by how
// deep in the call chain it is, on a shared axis in milliseconds from the moment the request left
// its client. Each bar is split into the wait for a core (queueing), the core's work (service)
// and the rest, when the component waits on the calls below it and on the links.
class WaterfallView : public QWidget {
    Q_OBJECT

public:
    struct Row {
        QString label; // "web (instance 2)"
        int depth = 0;
        double startMs = 0;   // arrival, from the request's start
        double queueMs = 0;   // waiting for a core
        double serviceMs = 0; // on a core
        double endMs = 0;     // departure, or now while still there
        bool open = false;    // still there
        bool ok = true;
    };

    explicit WaterfallView(QWidget *parent = nullptr);

    // `instances`: how many instances each component has, to name the one the request took.
    void setTrace(std::shared_ptr<const run::Trace> trace, double nowS,
                  const QHash<QString, int> &instances = {});
    void setNow(double nowS); // open rows reach it
    void clear();
    const QList<Row> &rows() const { return m_rows; }
    double axisEndMs() const { return m_axisEndMs; }
    // The bar of row `row` in widget coordinates, for tooltips and tests.
    QRectF barRect(int row) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;

private:
    void rebuildRows();
    double xOf(double ms) const;
    double labelWidth() const;
    QString toolTipFor(int row) const;

    std::shared_ptr<const run::Trace> m_trace;
    QHash<QString, int> m_instances;
    double m_nowS = 0;
    QList<Row> m_rows;
    double m_axisEndMs = 1;
};

// The "Trace" dock: pick a kind of request, follow the next one hop by hop (pausing at each hop if
// asked), read why each hop went where it did, and see in the waterfall where its time went. The
// path lights up on the canvas as it goes.
class TracePanel : public QDockWidget {
    Q_OBJECT

public:
    TracePanel(run::SimulationController *controller, CanvasScene *scene,
               QWidget *parent = nullptr);

    void showSnapshot(const std::shared_ptr<const run::Snapshot> &snapshot);
    // How the dock gets a run when there is none, or the last one finished: the window loads the
    // document's model. Without it the buttons wait for a run started elsewhere.
    void setLoader(std::function<bool()> load);

    QComboBox *kindChooser() const { return m_kind; }
    QPushButton *traceButton() const { return m_traceButton; }
    QCheckBox *pauseAtHopsBox() const { return m_pauseAtHops; }
    QPushButton *stepHopButton() const { return m_stepHop; }
    QTreeWidget *hopList() const { return m_hops; }
    WaterfallView *waterfall() const { return m_waterfall; }
    QLabel *summaryLabel() const { return m_summary; }
    const std::shared_ptr<const run::Trace> &trace() const { return m_trace; }
    // The kind the chooser asks for: "" for any, else static, read, write, job.
    QString chosenKind() const;

    void traceNext(); // as the button
    void stepHop();   // as the button: traces the chosen kind first if nothing is followed

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    bool ensureRun();
    void clearTrace();
    void showTrace(bool rebuildHops);
    void updateButtons();
    void highlight();
    QHash<QString, int> instanceCounts() const;

    run::SimulationController *m_controller;
    std::function<bool()> m_loader;
    bool m_loading = false; // asked the window for a run: its first snapshot keeps the wait
    CanvasScene *m_scene;
    QComboBox *m_kind = nullptr;
    QPushButton *m_traceButton = nullptr;
    QCheckBox *m_pauseAtHops = nullptr;
    QPushButton *m_stepHop = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_summary = nullptr;
    QSplitter *m_split = nullptr; // hops beside the waterfall when wide, above it when narrow
    QTreeWidget *m_hops = nullptr;
    WaterfallView *m_waterfall = nullptr;

    quint64 m_run = 0;
    bool m_haveRun = false;
    run::RunState m_state = run::RunState::Empty;
    double m_nowS = 0;
    bool m_hopPause = false;
    std::shared_ptr<const run::Trace> m_trace;
    bool m_waiting = false; // asked for the next request, which has not left its client yet
    QString m_waitingKind;
};

} // namespace scalelab::widgets
