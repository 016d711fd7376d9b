#pragma once

#include "run/run_snapshot.h"

#include <QDockWidget>
#include <QList>

#include <memory>

class QAbstractItemModel;
class QCheckBox;
class QComboBox;
class QLabel;
class QTableView;

namespace scalelab::widgets {

// What happened during the run, newest last: the run's own steps, components changing state,
// actions, the traced request's hops, the bottleneck moving. Bounded: past its capacity the
// oldest entries go and the dock says how many. Filters by component and by kind; follows the
// newest entry unless the user scrolled up to read.
class EventLogDock : public QDockWidget {
    Q_OBJECT

public:
    static constexpr int kDefaultCapacity = 10000;

    explicit EventLogDock(QWidget *parent = nullptr, int capacity = kDefaultCapacity);
    ~EventLogDock() override;

    // Appends the snapshot's new entries; a new run id starts an empty log.
    void showSnapshot(const std::shared_ptr<const run::Snapshot> &snapshot);
    void clear();

    int capacity() const;
    int keptCount() const;
    // Entries this log no longer holds: the oldest dropped here, and those the run had to drop
    // because the window was too slow to take them.
    quint64 droppedCount() const;

    // Only the entries of `component` (empty: every entry).
    void setComponentFilter(const QString &component);
    void setKindShown(run::LogEntry::Kind kind, bool shown);
    // The entries as shown, after the filters: time (s), kind, component, text.
    QAbstractItemModel *shownEntries() const;
    QTableView *table() const { return m_table; }
    QString droppedText() const;
    bool followsTail() const { return m_follow; }

    // Puts the selected rows on the clipboard, one a line with tab-separated fields; returns
    // the text.
    QString copySelection();

private:
    class Entries;
    class Filter;

    void updateDropped();
    void setComponents(const QStringList &components);

    Entries *m_entries = nullptr;
    Filter *m_filter = nullptr;
    QTableView *m_table = nullptr;
    QComboBox *m_component = nullptr;
    QList<QCheckBox *> m_kinds;
    QLabel *m_dropped = nullptr;
    quint64 m_run = 0;
    bool m_haveRun = false;
    quint64 m_runDropped = 0; // the controller's count for this run
    bool m_follow = true;
};

} // namespace scalelab::widgets
