#pragma once

#include "store/run_history.h"

#include <QDialog>
#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;
class QTableWidget;
class QTreeWidget;

namespace scalelab::run {
class SimulationController;
}

namespace scalelab::widgets {

// Two runs side by side: their settings and what they measured, each difference absolute and in
// per cent, and each component's utilisation and p99 in both. A note says whether the seeds are
// equal: with common random numbers the clients sent the same requests at the same instants, so
// what differs is the design's doing, not chance.
class RunComparison : public QDialog {
    Q_OBJECT

public:
    RunComparison(const store::StoredRun &a, const store::StoredRun &b, QWidget *parent = nullptr);

    QTableWidget *summaryTable() const { return m_summary; }
    QTableWidget *componentTable() const { return m_components; }
    QString note() const;

private:
    QTableWidget *m_summary = nullptr;
    QTableWidget *m_components = nullptr;
    QLabel *m_note = nullptr;
};

// The "Runs" dock: every finished run of the document, newest last (time, label, seed, offered
// load, p99, throughput, errors, bottleneck, and whether the run was steered while it ran).
// Rename a run by editing its label; delete asks first; select two and Compare.
//
// Runs live in memory with the document and reach the disk when it is saved as a project
// (.scalelab); a plain model file holds no runs, which the panel says.
class RunsPanel : public QWidget {
    Q_OBJECT

public:
    enum Column {
        kTime,
        kLabel,
        kSeed,
        kLoad,
        kP99,
        kThroughput,
        kErrors,
        kBottleneck,
        kSteered,
        kColumnCount
    };

    explicit RunsPanel(QWidget *parent = nullptr);

    // Appends every run the controller finishes (the design as it ran comes with the record).
    void attach(run::SimulationController *controller);

    const store::RunHistory &history() const { return m_history; }
    qint64 appendRun(store::StoredRun run);
    // The runs of a document just opened (none for a new one or a .json model); `canKeepRuns` is
    // false while the document is a plain model file.
    void setRuns(QList<store::StoredRun> runs, bool canKeepRuns);
    void setCanKeepRuns(bool canKeepRuns);
    bool hasUnsavedRuns() const { return m_history.isModified(); }
    void markSaved();

    bool renameRun(qint64 id, const QString &label);
    // Asks (deleteConfirmation, or a message box), then forgets the runs; returns how many.
    int deleteRuns(const QList<qint64> &ids);
    QList<qint64> selectedRuns() const;
    void selectRuns(const QList<qint64> &ids);
    // Opens the comparison of the two selected runs (older first); null unless exactly two are.
    RunComparison *compareSelected();

    QTreeWidget *list() const { return m_list; }
    QString noteText() const;

    // Answers "Delete N runs?" instead of a message box; tests set it.
    static std::function<bool(int count)> deleteConfirmation;

signals:
    void message(const QString &text);

private:
    void refresh();
    void updateButtons();
    void updateNote();

    store::RunHistory m_history;
    bool m_canKeepRuns = true;
    bool m_refreshing = false;
    QTreeWidget *m_list = nullptr;
    QLabel *m_note = nullptr;
    QPushButton *m_compare = nullptr;
    QPushButton *m_rename = nullptr;
    QPushButton *m_delete = nullptr;
};

} // namespace scalelab::widgets
