#include "widgets/run/event_log_dock.h"

#include <QAbstractTableModel>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace scalelab::widgets {

namespace {

using Kind = run::LogEntry::Kind;

constexpr int kKindCount = 5;
const Kind kKinds[kKindCount] = {Kind::Run, Kind::State, Kind::Action, Kind::Trace,
                                 Kind::Bottleneck};

struct KindText {
    const char *label;
    const char *tip;
};
const KindText kKindTexts[kKindCount] = {
    {"Run", "The run itself: started, paused, resumed, finished"},
    {"State", "A component changed: failed, recovered, slowed, scaled, flushed"},
    {"Action", "Actions taken on the running system: the scenario's and yours"},
    {"Trace", "The traced request, hop by hop, with each decision explained"},
    {"Bottleneck", "The bottleneck moved, or the system tipped into saturation or out of it"},
};

enum Column { TimeColumn, KindColumn, ComponentColumn, TextColumn, ColumnCount };

QString kindLabel(Kind kind)
{
    return QString::fromUtf8(kKindTexts[int(kind)].label);
}

} // namespace

// The entries in a ring: appending past the capacity drops the oldest rows, so memory stays
// bounded however long the run.
class EventLogDock::Entries final : public QAbstractTableModel {
public:
    Entries(int capacity, QObject *parent)
        : QAbstractTableModel(parent), m_capacity(std::max(1, capacity))
    {}

    int capacity() const { return m_capacity; }
    quint64 dropped() const { return m_dropped; }
    const run::LogEntry &at(int row) const { return m_ring.at((m_head + row) % m_capacity); }

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : m_count;
    }
    int columnCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : ColumnCount;
    }

    QVariant data(const QModelIndex &index, int role) const override
    {
        if (!index.isValid() || index.row() >= m_count)
            return {};
        const run::LogEntry &e = at(index.row());
        switch (role) {
        case Qt::DisplayRole:
            switch (index.column()) {
            case TimeColumn:
                return QString::number(e.atS, 'f', 3);
            case KindColumn:
                return kindLabel(e.kind);
            case ComponentColumn:
                return e.component;
            case TextColumn:
                return e.text;
            }
            return {};
        case Qt::ToolTipRole:
            return QStringLiteral("%1 s · %2%3\n%4")
                .arg(QString::number(e.atS, 'f', 3), kindLabel(e.kind),
                     e.component.isEmpty() ? QString() : QStringLiteral(" · ") + e.component,
                     e.text);
        case Qt::TextAlignmentRole:
            return index.column() == TimeColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                                : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
        }
        return {};
    }

    QVariant headerData(int section, Qt::Orientation orientation, int role) const override
    {
        if (orientation != Qt::Horizontal)
            return {};
        static const char *const names[ColumnCount] = {"Time (s)", "Kind", "Component", "What"};
        static const char *const tips[ColumnCount] = {
            "Simulated time of the entry, in seconds", "What sort of entry it is",
            "The component it is about (empty: the run as a whole)", "What happened"};
        if (section < 0 || section >= ColumnCount)
            return {};
        if (role == Qt::DisplayRole)
            return QString::fromUtf8(names[section]);
        if (role == Qt::ToolTipRole)
            return QString::fromUtf8(tips[section]);
        return {};
    }

    void append(const QList<run::LogEntry> &entries)
    {
        qsizetype skip = 0;
        qsizetype n = entries.size();
        if (n == 0)
            return;
        if (n > m_capacity) {
            skip = n - m_capacity;
            m_dropped += quint64(skip);
            n = m_capacity;
        }
        const int overflow = int(m_count + n - m_capacity);
        if (overflow > 0) {
            beginRemoveRows({}, 0, overflow - 1);
            m_head = (m_head + overflow) % m_capacity;
            m_count -= overflow;
            m_dropped += quint64(overflow);
            endRemoveRows();
        }
        beginInsertRows({}, m_count, m_count + int(n) - 1);
        for (qsizetype i = skip; i < entries.size(); ++i) {
            const int slot = (m_head + m_count) % m_capacity;
            if (slot < m_ring.size())
                m_ring[slot] = entries.at(i);
            else
                m_ring.append(entries.at(i)); // still filling: the slot is the end
            ++m_count;
        }
        endInsertRows();
    }

    void clear()
    {
        beginResetModel();
        m_ring.clear();
        m_head = m_count = 0;
        m_dropped = 0;
        endResetModel();
    }

private:
    int m_capacity;
    QList<run::LogEntry> m_ring;
    int m_head = 0; // the oldest entry's slot
    int m_count = 0;
    quint64 m_dropped = 0;
};

class EventLogDock::Filter final : public QSortFilterProxyModel {
public:
    Filter(Entries *entries, QObject *parent) : QSortFilterProxyModel(parent), m_entries(entries)
    {
        setSourceModel(entries);
    }

    void setComponent(const QString &component)
    {
        if (component == m_component)
            return;
        m_component = component;
        invalidateFilter();
    }
    void setKindShown(Kind kind, bool shown)
    {
        const unsigned bit = 1u << unsigned(kind);
        const unsigned kinds = shown ? m_kinds | bit : m_kinds & ~bit;
        if (kinds == m_kinds)
            return;
        m_kinds = kinds;
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &) const override
    {
        const run::LogEntry &e = m_entries->at(row);
        return (m_kinds & (1u << unsigned(e.kind))) &&
               (m_component.isEmpty() || e.component == m_component);
    }

private:
    Entries *m_entries;
    QString m_component;
    unsigned m_kinds = ~0u;
};

EventLogDock::EventLogDock(QWidget *parent, int capacity)
    : QDockWidget(QStringLiteral("Event log"), parent)
{
    setObjectName(QStringLiteral("eventLogDock"));
    m_entries = new Entries(capacity, this);
    m_filter = new Filter(m_entries, this);

    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    // Two rows, so the log fits a narrow column beside the canvas: what to show, then the kinds.
    auto *bar = new QHBoxLayout;
    auto *kindsRow = new QHBoxLayout;
    m_component = new QComboBox;
    m_component->setAccessibleName(QStringLiteral("Component filter"));
    m_component->setToolTip(QStringLiteral("Show only the entries about one component"));
    m_component->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_component->addItem(QStringLiteral("All components"), QString());
    connect(m_component, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setComponent(m_component->currentData().toString()); });
    bar->addWidget(m_component);
    for (int k = 0; k < kKindCount; ++k) {
        auto *box = new QCheckBox(QString::fromUtf8(kKindTexts[k].label));
        box->setChecked(true);
        box->setToolTip(QString::fromUtf8(kKindTexts[k].tip));
        const Kind kind = kKinds[k];
        connect(box, &QCheckBox::toggled, this,
                [this, kind](bool on) { m_filter->setKindShown(kind, on); });
        kindsRow->addWidget(box);
        m_kinds.append(box);
    }
    kindsRow->addStretch();
    bar->addStretch();
    m_dropped = new QLabel;
    m_dropped->setVisible(false);
    bar->addWidget(m_dropped);
    auto *copy = new QPushButton(QStringLiteral("Cop&y"));
    copy->setToolTip(QStringLiteral("Copy the selected entries, one a line, fields separated by "
                                    "tabs (%1)")
                         .arg(QKeySequence(QKeySequence::Copy).toString(QKeySequence::NativeText)));
    connect(copy, &QPushButton::clicked, this, &EventLogDock::copySelection);
    bar->addWidget(copy);
    auto *clearButton = new QPushButton(QStringLiteral("C&lear"));
    clearButton->setToolTip(QStringLiteral("Empty the log; the run goes on"));
    connect(clearButton, &QPushButton::clicked, this, &EventLogDock::clear);
    bar->addWidget(clearButton);
    layout->addLayout(bar);
    layout->addLayout(kindsRow);

    m_table = new QTableView;
    m_table->setAccessibleName(QStringLiteral("Event log"));
    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    // Fixed row heights: sizing ten thousand rows to their contents would stall every append.
    QHeaderView *rows = m_table->verticalHeader();
    rows->setVisible(false);
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(m_table->fontMetrics().height() + 4);
    QHeaderView *columns = m_table->horizontalHeader();
    columns->setStretchLastSection(true);
    columns->setHighlightSections(false);
    const int digit = m_table->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    m_table->setColumnWidth(TimeColumn, digit * 11);
    m_table->setColumnWidth(KindColumn, digit * 12);
    m_table->setColumnWidth(ComponentColumn, digit * 16);
    auto *copyAction = new QAction(QStringLiteral("Copy"), m_table);
    copyAction->setShortcut(QKeySequence::Copy);
    copyAction->setShortcutContext(Qt::WidgetShortcut);
    connect(copyAction, &QAction::triggered, this, &EventLogDock::copySelection);
    m_table->addAction(copyAction);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    // Following the newest entry stops when the user scrolls up to read, and resumes at the end.
    QScrollBar *scroll = m_table->verticalScrollBar();
    connect(scroll, &QScrollBar::valueChanged, this,
            [this, scroll](int value) { m_follow = value >= scroll->maximum(); });
    layout->addWidget(m_table);
    setWidget(content);
}

EventLogDock::~EventLogDock() = default;

int EventLogDock::capacity() const
{
    return m_entries->capacity();
}

int EventLogDock::keptCount() const
{
    return m_entries->rowCount();
}

quint64 EventLogDock::droppedCount() const
{
    return m_entries->dropped() + m_runDropped;
}

QAbstractItemModel *EventLogDock::shownEntries() const
{
    return m_filter;
}

void EventLogDock::showSnapshot(const std::shared_ptr<const run::Snapshot> &snapshot)
{
    if (!snapshot)
        return;
    const run::Snapshot &s = *snapshot;
    if (!m_haveRun || s.run != m_run) {
        m_haveRun = true;
        m_run = s.run;
        clear();
        setComponents(s.components);
    }
    m_runDropped = s.droppedLog;
    if (!s.newLog.isEmpty()) {
        const bool follow = m_follow;
        m_entries->append(s.newLog);
        if (follow)
            m_table->scrollToBottom();
    }
    updateDropped();
}

void EventLogDock::clear()
{
    m_entries->clear();
    m_runDropped = 0;
    m_follow = true;
    updateDropped();
}

void EventLogDock::setComponents(const QStringList &components)
{
    const QString chosen = m_component->currentData().toString();
    const QSignalBlocker quiet(m_component);
    m_component->clear();
    m_component->addItem(QStringLiteral("All components"), QString());
    for (const QString &id : components)
        m_component->addItem(id, id);
    // The same component stays chosen across runs of the same model.
    const int again = m_component->findData(chosen);
    m_component->setCurrentIndex(std::max(0, again));
    m_filter->setComponent(m_component->currentData().toString());
}

void EventLogDock::setComponentFilter(const QString &component)
{
    int index = m_component->findData(component);
    if (index < 0) {
        m_component->addItem(component, component);
        index = m_component->count() - 1;
    }
    m_component->setCurrentIndex(index);
    m_filter->setComponent(component);
}

void EventLogDock::setKindShown(run::LogEntry::Kind kind, bool shown)
{
    m_kinds.at(int(kind))->setChecked(shown);
    m_filter->setKindShown(kind, shown);
}

QString EventLogDock::droppedText() const
{
    const quint64 dropped = droppedCount();
    if (dropped == 0)
        return {};
    return QStringLiteral("%1 older %2 dropped")
        .arg(QLocale().toString(dropped),
             dropped == 1 ? QStringLiteral("entry") : QStringLiteral("entries"));
}

void EventLogDock::updateDropped()
{
    const QString text = droppedText();
    m_dropped->setText(text);
    m_dropped->setVisible(!text.isEmpty());
    m_dropped->setToolTip(
        QStringLiteral("The log keeps the latest %1 entries; %2 of the dropped ones the run "
                       "could not hand over while the window was busy")
            .arg(QLocale().toString(capacity()), QLocale().toString(m_runDropped)));
}

QString EventLogDock::copySelection()
{
    QModelIndexList selected = m_table->selectionModel()->selectedRows();
    std::sort(selected.begin(), selected.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList lines;
    for (const QModelIndex &index : std::as_const(selected)) {
        QStringList fields;
        for (int c = 0; c < ColumnCount; ++c)
            fields << m_filter->index(index.row(), c).data().toString();
        lines << fields.join(QLatin1Char('\t'));
    }
    const QString text =
        lines.isEmpty() ? QString() : lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
    if (!text.isEmpty())
        QApplication::clipboard()->setText(text);
    return text;
}

} // namespace scalelab::widgets
