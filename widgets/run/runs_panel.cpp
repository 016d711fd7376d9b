#include "widgets/run/runs_panel.h"

#include "run/simulation_controller.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace scalelab::widgets {

namespace {

constexpr int kIdRole = Qt::UserRole + 1;

QString figure(double value, int decimals)
{
    return std::isfinite(value) ? QLocale::c().toString(value, 'f', decimals) : QStringLiteral("—");
}

QString percent(double share)
{
    return std::isfinite(share) ? QStringLiteral("%1 %").arg(figure(100 * share, 2))
                                : QStringLiteral("—");
}

QString loadText(const store::RunSummary &s)
{
    QString text = figure(s.offeredRps, 1);
    if (s.loadScale != 1)
        text += QStringLiteral(" (×%1)").arg(figure(s.loadScale, 2));
    return text;
}

double valueAt(const QJsonObject &object, const QString &dotted)
{
    QJsonValue value = object;
    for (const QString &key : dotted.split(QLatin1Char('.')))
        value = value.toObject().value(key);
    return value.isDouble() ? value.toDouble() : std::numeric_limits<double>::quiet_NaN();
}

// A component's p99: its users' for a client, the time spent there for anything else.
double componentP99(const QJsonObject &results, const QString &id)
{
    const QJsonObject c =
        results.value(QStringLiteral("components")).toObject().value(id).toObject();
    const double p99 = valueAt(c, QStringLiteral("response_ms.p99"));
    return std::isnan(p99) ? valueAt(c, QStringLiteral("latency_ms.p99")) : p99;
}

QTableWidgetItem *cell(const QString &text, bool number = true)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    if (number)
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

// Which way is better for a figure: more throughput is, more latency or errors is not.
enum class Better { Higher, Lower, Neither };

void colourDelta(QTableWidgetItem *item, double delta, Better better)
{
    if (better == Better::Neither || !std::isfinite(delta) || delta == 0)
        return;
    const bool good = (delta > 0) == (better == Better::Higher);
    item->setForeground(good ? QColor(0x1b, 0x7f, 0x3a) : QColor(0xb3, 0x26, 0x1e));
}

// Fills four cells from `column`: A, B, the difference B - A and its share of A.
void numberCells(QTableWidget *table, int row, int column, double a, double b, int decimals,
                 Better better, const QString &unit = {})
{
    table->setItem(row, column, cell(figure(a, decimals) + unit));
    table->setItem(row, column + 1, cell(figure(b, decimals) + unit));
    const double delta = b - a;
    QString deltaText = figure(delta, decimals);
    if (std::isfinite(delta) && delta > 0)
        deltaText.prepend(QLatin1Char('+'));
    auto *d = cell(std::isfinite(delta) ? deltaText + unit : QStringLiteral("—"));
    colourDelta(d, delta, better);
    table->setItem(row, column + 2, d);
    QString share = QStringLiteral("—");
    if (delta == 0)
        share = QStringLiteral("0 %");
    else if (std::isfinite(delta) && std::isfinite(a) && a != 0)
        share = QStringLiteral("%1%2 %")
                    .arg(delta > 0 ? QStringLiteral("+") : QString())
                    .arg(figure(100 * delta / std::abs(a), 1));
    auto *p = cell(share);
    colourDelta(p, delta, better);
    table->setItem(row, column + 3, p);
}

void numberRow(QTableWidget *table, int row, const QString &label, double a, double b, int decimals,
               Better better, const QString &unit = {})
{
    table->setItem(row, 0, cell(label, false));
    numberCells(table, row, 1, a, b, decimals, better, unit);
}

void textRow(QTableWidget *table, int row, const QString &label, const QString &a, const QString &b)
{
    table->setItem(row, 0, cell(label, false));
    table->setItem(row, 1, cell(a));
    table->setItem(row, 2, cell(b));
    table->setItem(row, 3, cell(a == b ? QStringLiteral("same") : QStringLiteral("differs")));
    table->setItem(row, 4, cell({}));
}

QString runName(const store::RunSummary &s)
{
    return s.label.isEmpty() ? QStringLiteral("run %1").arg(s.id)
                             : QStringLiteral("run %1 “%2”").arg(s.id).arg(s.label);
}

QTableWidget *makeTable(int columns, const QStringList &headers, QWidget *parent)
{
    auto *table = new QTableWidget(0, columns, parent);
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    table->setFocusPolicy(Qt::NoFocus);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setAlternatingRowColors(true);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(true);
    return table;
}

} // namespace

std::function<bool(int)> RunsPanel::deleteConfirmation;

RunComparison::RunComparison(const store::StoredRun &a, const store::StoredRun &b, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("runComparison"));
    const store::RunSummary &sa = a.summary;
    const store::RunSummary &sb = b.summary;
    setWindowTitle(QStringLiteral("Compare %1 and %2").arg(runName(sa), runName(sb)));

    const QStringList headers = {QStringLiteral("Figure"), runName(sa), runName(sb),
                                 QStringLiteral("Difference"), QStringLiteral("Difference %")};
    m_summary = makeTable(5, headers, this);
    m_summary->setObjectName(QStringLiteral("comparisonSummary"));
    m_summary->setRowCount(19);
    int row = 0;
    // The designs themselves: whether they are the same model document, not just the same name
    // (the names go in the header's tooltips, where a long one does not widen the table).
    const bool sameDesign = a.modelJson == b.modelJson;
    textRow(m_summary, row++, QStringLiteral("Design"), QStringLiteral("A"),
            sameDesign ? QStringLiteral("same as A") : QStringLiteral("changed from A"));
    m_summary->item(0, 3)->setText(sameDesign ? QStringLiteral("same design")
                                              : QStringLiteral("designs differ"));
    m_summary->horizontalHeaderItem(1)->setToolTip(sa.modelName);
    m_summary->horizontalHeaderItem(2)->setToolTip(sb.modelName);
    textRow(m_summary, row++, QStringLiteral("Seed"), QString::number(sa.seed),
            QString::number(sb.seed));
    numberRow(m_summary, row++, QStringLiteral("Duration"), sa.durationS, sb.durationS, 0,
              Better::Neither, QStringLiteral(" s"));
    numberRow(m_summary, row++, QStringLiteral("Warm-up"), sa.warmupS, sb.warmupS, 0,
              Better::Neither, QStringLiteral(" s"));
    numberRow(m_summary, row++, QStringLiteral("Load scale"), sa.loadScale, sb.loadScale, 2,
              Better::Neither);
    textRow(m_summary, row++, QStringLiteral("Steered while running"),
            sa.interfered ? QStringLiteral("yes") : QStringLiteral("no"),
            sb.interfered ? QStringLiteral("yes") : QStringLiteral("no"));
    numberRow(m_summary, row++, QStringLiteral("Offered load (rps)"), sa.offeredRps, sb.offeredRps,
              1, Better::Neither);
    numberRow(m_summary, row++, QStringLiteral("Throughput (rps)"), sa.throughputRps,
              sb.throughputRps, 1, Better::Higher);
    numberRow(m_summary, row++, QStringLiteral("Mean latency (ms)"), sa.meanMs, sb.meanMs, 2,
              Better::Lower);
    numberRow(m_summary, row++, QStringLiteral("p50 (ms)"), sa.p50Ms, sb.p50Ms, 2, Better::Lower);
    numberRow(m_summary, row++, QStringLiteral("p95 (ms)"), sa.p95Ms, sb.p95Ms, 2, Better::Lower);
    numberRow(m_summary, row++, QStringLiteral("p99 (ms)"), sa.p99Ms, sb.p99Ms, 2, Better::Lower);
    numberRow(m_summary, row++, QStringLiteral("p99.9 (ms)"),
              valueAt(a.results, QStringLiteral("summary.latency_ms.p999")),
              valueAt(b.results, QStringLiteral("summary.latency_ms.p999")), 2, Better::Lower);
    numberRow(m_summary, row++, QStringLiteral("Error rate (%)"), 100 * sa.errorRate,
              100 * sb.errorRate, 3, Better::Lower);
    numberRow(m_summary, row++, QStringLiteral("Errors"), double(sa.errors), double(sb.errors), 0,
              Better::Lower);
    textRow(m_summary, row++, QStringLiteral("Bottleneck"),
            sa.bottleneck.isEmpty() ? QStringLiteral("none") : sa.bottleneck,
            sb.bottleneck.isEmpty() ? QStringLiteral("none") : sb.bottleneck);
    numberRow(m_summary, row++, QStringLiteral("Bottleneck utilisation (%)"),
              100 * sa.bottleneckUtilization, 100 * sb.bottleneckUtilization, 1, Better::Neither);
    numberRow(m_summary, row++, QStringLiteral("Cost per month (USD)"),
              valueAt(a.results, QStringLiteral("cost_per_month")),
              valueAt(b.results, QStringLiteral("cost_per_month")), 0, Better::Lower);
    m_summary->setRowCount(row);

    // Components of both, in the first run's order, then those only the second has.
    QStringList ids = a.components;
    for (const QString &id : b.components)
        if (!ids.contains(id))
            ids << id;
    m_components = makeTable(9,
                             {QStringLiteral("Component"), QStringLiteral("Utilisation A"),
                              QStringLiteral("Utilisation B"), QStringLiteral("Δ (points)"),
                              QStringLiteral("Δ %"), QStringLiteral("p99 A (ms)"),
                              QStringLiteral("p99 B (ms)"), QStringLiteral("Δ p99 (ms)"),
                              QStringLiteral("Δ p99 %")},
                             this);
    m_components->setObjectName(QStringLiteral("comparisonComponents"));
    m_components->setRowCount(int(ids.size()));
    for (int i = 0; i < ids.size(); ++i) {
        const QString &id = ids.at(i);
        const QString key = QStringLiteral("components.%1.utilization").arg(id);
        numberRow(m_components, i, id, 100 * valueAt(a.results, key), 100 * valueAt(b.results, key),
                  1, Better::Neither);
        numberCells(m_components, i, 5, componentP99(a.results, id), componentP99(b.results, id), 2,
                    Better::Lower);
    }

    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("comparisonNote"));
    m_note->setWordWrap(true);
    QString note;
    if (sa.seed == sb.seed) {
        note = QStringLiteral("Same seed (%1): common random numbers. The clients sent the same "
                              "requests at the same instants in both runs, so the difference is "
                              "the design's, not chance.")
                   .arg(sa.seed);
        if (a.modelJson == b.modelJson && !sa.interfered && !sb.interfered)
            note += QStringLiteral(" The design is the same too: the runs should agree.");
    } else {
        note = QStringLiteral("Seeds differ (%1 and %2): part of the difference is chance. Run "
                              "both designs with the same seed to see the design's share alone.")
                   .arg(sa.seed)
                   .arg(sb.seed);
    }
    if (sa.interfered || sb.interfered)
        note += QStringLiteral(" Note: %1 was steered while it ran (the load control or an "
                               "injected fault), which is part of the difference.")
                    .arg(sa.interfered && sb.interfered ? QStringLiteral("each run")
                         : sa.interfered                ? runName(sa)
                                                        : runName(sb));
    m_note->setText(note);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_note);
    layout->addWidget(m_summary, 3);
    layout->addWidget(new QLabel(QStringLiteral("Per component"), this));
    layout->addWidget(m_components, 1);
    layout->addWidget(buttons);
    // Tall enough for every summary row, and each component's row up to a dozen of them.
    const int rowHeight = m_summary->verticalHeader()->defaultSectionSize();
    m_summary->setMinimumHeight(rowHeight * (m_summary->rowCount() + 1) + 6);
    m_components->setMinimumHeight(rowHeight * (std::min(m_components->rowCount(), 12) + 1) + 6);
    resize(880, 760);
}

QString RunComparison::note() const
{
    return m_note->text();
}

RunsPanel::RunsPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("runsPanel"));
    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("runsList"));
    m_list->setColumnCount(kColumnCount);
    m_list->setHeaderLabels(
        {QStringLiteral("Time"), QStringLiteral("Label"), QStringLiteral("Seed"),
         QStringLiteral("Load (rps)"), QStringLiteral("p99 (ms)"), QStringLiteral("Throughput"),
         QStringLiteral("Errors"), QStringLiteral("Bottleneck"), QStringLiteral("Steered")});
    m_list->setRootIsDecorated(false);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_list->setAlternatingRowColors(true);
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);

    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("runsNote"));
    m_note->setWordWrap(true);
    m_note->setStyleSheet(QStringLiteral("color: palette(mid);"));

    m_compare = new QPushButton(QStringLiteral("Compare"), this);
    m_compare->setObjectName(QStringLiteral("compareRuns"));
    m_compare->setToolTip(QStringLiteral("Select two runs to compare them side by side"));
    m_rename = new QPushButton(QStringLiteral("Rename…"), this);
    m_delete = new QPushButton(QStringLiteral("Delete"), this);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_compare);
    buttons->addWidget(m_rename);
    buttons->addWidget(m_delete);
    buttons->addStretch();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_note);

    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &RunsPanel::updateButtons);
    connect(m_list, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem *item, int column) {
        if (m_refreshing || column != kLabel)
            return;
        renameRun(item->data(kTime, kIdRole).toLongLong(), item->text(kLabel).trimmed());
    });
    connect(m_list, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem *, int column) {
        if (column != kLabel && selectedRuns().size() == 1)
            m_list->editItem(m_list->currentItem(), kLabel);
    });
    connect(m_compare, &QPushButton::clicked, this, [this] {
        if (RunComparison *comparison = compareSelected()) {
            comparison->setAttribute(Qt::WA_DeleteOnClose);
            comparison->show();
        }
    });
    connect(m_rename, &QPushButton::clicked, this, [this] {
        const QList<qint64> ids = selectedRuns();
        if (ids.size() != 1)
            return;
        const store::StoredRun *run = m_history.find(ids.first());
        bool ok = false;
        const QString label =
            QInputDialog::getText(this, QStringLiteral("Rename run"), QStringLiteral("Label:"),
                                  QLineEdit::Normal, run->summary.label, &ok);
        if (ok)
            renameRun(ids.first(), label.trimmed());
    });
    connect(m_delete, &QPushButton::clicked, this, [this] { deleteRuns(selectedRuns()); });
    refresh();
}

void RunsPanel::attach(run::SimulationController *controller)
{
    connect(controller, &run::SimulationController::finished, this,
            [this](std::shared_ptr<const run::RunRecord> record) {
                if (!record)
                    return;
                const qint64 id = appendRun(store::storedRunOf(*record));
                emit message(QStringLiteral("Run %1 kept in the Runs panel").arg(id));
            });
}

qint64 RunsPanel::appendRun(store::StoredRun run)
{
    const qint64 id = m_history.append(std::move(run));
    refresh();
    return id;
}

void RunsPanel::setRuns(QList<store::StoredRun> runs, bool canKeepRuns)
{
    m_history.reset(std::move(runs));
    m_canKeepRuns = canKeepRuns;
    refresh();
}

void RunsPanel::setCanKeepRuns(bool canKeepRuns)
{
    m_canKeepRuns = canKeepRuns;
    updateNote();
}

void RunsPanel::markSaved()
{
    m_history.setSaved();
    updateNote();
}

bool RunsPanel::renameRun(qint64 id, const QString &label)
{
    if (!m_history.rename(id, label))
        return false;
    refresh();
    return true;
}

int RunsPanel::deleteRuns(const QList<qint64> &ids)
{
    if (ids.isEmpty())
        return 0;
    const int count = int(ids.size());
    const bool confirmed =
        deleteConfirmation
            ? deleteConfirmation(count)
            : QMessageBox::question(this, QStringLiteral("Delete runs"),
                                    count == 1 ? QStringLiteral("Delete this run? Its results "
                                                                "and series go with it.")
                                               : QStringLiteral("Delete these %1 runs? Their "
                                                                "results and series go with them.")
                                                     .arg(count)) == QMessageBox::Yes;
    if (!confirmed)
        return 0;
    int removed = 0;
    for (const qint64 id : ids)
        removed += m_history.remove(id) ? 1 : 0;
    refresh();
    return removed;
}

QList<qint64> RunsPanel::selectedRuns() const
{
    QList<qint64> ids;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_list->topLevelItem(i);
        if (item->isSelected())
            ids << item->data(kTime, kIdRole).toLongLong();
    }
    return ids;
}

void RunsPanel::selectRuns(const QList<qint64> &ids)
{
    m_list->clearSelection();
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_list->topLevelItem(i);
        if (ids.contains(item->data(kTime, kIdRole).toLongLong()))
            item->setSelected(true);
    }
}

RunComparison *RunsPanel::compareSelected()
{
    const QList<qint64> ids = selectedRuns();
    if (ids.size() != 2) {
        emit message(QStringLiteral("Select two runs to compare"));
        return nullptr;
    }
    const store::StoredRun *a = m_history.find(ids.at(0));
    const store::StoredRun *b = m_history.find(ids.at(1));
    if (!a || !b)
        return nullptr;
    return new RunComparison(*a, *b, this);
}

QString RunsPanel::noteText() const
{
    return m_note->text();
}

void RunsPanel::refresh()
{
    m_refreshing = true;
    const QList<qint64> selected = selectedRuns();
    m_list->clear();
    for (const store::RunSummary &s : m_history.list()) {
        auto *item = new QTreeWidgetItem(m_list);
        item->setFlags(item->flags() | Qt::ItemIsEditable);
        item->setData(kTime, kIdRole, s.id);
        item->setText(kTime, s.startedAt.toLocalTime().toString(QStringLiteral("MMM d HH:mm:ss")));
        item->setToolTip(kTime,
                         s.startedAt.toString(Qt::ISODate) + QStringLiteral(" · ") + s.modelName);
        item->setText(kLabel, s.label);
        item->setToolTip(kLabel, QStringLiteral("Double-click to rename"));
        item->setText(kSeed, QString::number(s.seed));
        item->setText(kLoad, loadText(s));
        item->setText(kP99, figure(s.p99Ms, 1));
        item->setText(kThroughput, figure(s.throughputRps, 1));
        item->setText(kErrors, percent(s.errorRate));
        item->setText(kBottleneck,
                      s.bottleneck.isEmpty()
                          ? QStringLiteral("none")
                          : QStringLiteral("%1 (%2 %)")
                                .arg(s.bottleneck, figure(100 * s.bottleneckUtilization, 0)));
        item->setText(kSteered, s.interfered ? QStringLiteral("interfered") : QString());
        if (s.interfered)
            item->setToolTip(kSteered, QStringLiteral("The load control or an injected fault "
                                                      "changed this run while it ran"));
        for (const int c : {int(kSeed), int(kLoad), int(kP99), int(kThroughput), int(kErrors)})
            item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
    }
    selectRuns(selected);
    m_refreshing = false;
    updateButtons();
    updateNote();
}

void RunsPanel::updateButtons()
{
    const qsizetype n = selectedRuns().size();
    m_compare->setEnabled(n == 2);
    m_rename->setEnabled(n == 1);
    m_delete->setEnabled(n > 0);
}

void RunsPanel::updateNote()
{
    QString text;
    if (m_history.isEmpty())
        text = QStringLiteral("Every finished run is kept here. Run the model, change the design, "
                              "run again with the same seed, then select both and Compare.");
    if (!m_canKeepRuns)
        text += (text.isEmpty() ? QString() : QStringLiteral(" ")) +
                QStringLiteral("This is a plain model file (.json), which cannot hold runs: save "
                               "as a project (.scalelab) to keep them.");
    else if (m_history.isModified())
        text += (text.isEmpty() ? QString() : QStringLiteral(" ")) +
                QStringLiteral("Runs reach the file when the project is saved.");
    m_note->setText(text);
    m_note->setVisible(!text.isEmpty());
}

} // namespace scalelab::widgets
