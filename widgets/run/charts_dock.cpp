#include "widgets/run/charts_dock.h"

#include "widgets/run/chart.h"

#include "sim/time.h"

#include <QCheckBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QStackedWidget>
#include <QTabWidget>
#include <QToolButton>

#include <cmath>

namespace scalelab::widgets {

namespace {

using Page = ChartsDock::Page;

struct PageText {
    const char *tab;
    const char *title;
    const char *yAxis;
    const char *file;  // the exported file's suggested name
    const char *empty; // shown while the page has no line
};

const PageText kPages[ChartsDock::kPageCount] = {
    {"Throughput", "Throughput: requests completed for the users, against the load offered",
     "requests/s", "throughput", "Run the model to see its throughput."},
    {"Latency", "Latency the users felt: percentiles over each interval", "latency (ms)", "latency",
     "Run the model to see the latency its users feel."},
    {"Errors", "Error rate: the users', and each component that failed requests", "errors (%)",
     "error-rate", "Run the model to see its error rate."},
    {"Utilisation", "Utilisation: the busy share of each component's capacity", "busy (%)",
     "utilisation", "Nothing with a capacity has run yet."},
    {"Queues", "Queue lengths: requests waiting at each component that had to queue", "in queue",
     "queue-lengths", "Nothing has had to queue yet."},
    {"Hit ratio", "Hit ratio of each cache and CDN", "hits (%)", "hit-ratios",
     "No cache or CDN has answered a request yet."},
    {"Replication lag", "Replication lag of each replica database: its last write's delay",
     "lag (ms)", "replication-lag", "No replica database has lagged behind a write yet."},
    {"Instances", "Instances powered in each autoscaled tier", "instances", "instances",
     "No tier in this model has an autoscaler."},
};

const QString kXAxis = QStringLiteral("simulated time (s)");

const PageText &textOf(Page page)
{
    return kPages[int(page)];
}

QString number(double value)
{
    return QString::number(value, 'g', 4);
}

// "fail db", "slow web ×4", "partition eu / us": what the scenario does, short enough for a mark.
QString eventLabel(const model::ScenarioEvent &event)
{
    QString label = event.action;
    if (!event.target.isEmpty())
        label += QLatin1Char(' ') + event.target;
    const QString with = event.parameters.value(QStringLiteral("with")).toString();
    if (!with.isEmpty())
        label += QStringLiteral(" / ") + with;
    const QJsonValue factor = event.parameters.value(QStringLiteral("factor"));
    if (factor.isDouble())
        label += QStringLiteral(" ×") + number(factor.toDouble());
    return label;
}

} // namespace

std::function<QString(const QString &, const QString &)> ChartsDock::saveFileAnswer;

ChartsDock::ChartsDock(QWidget *parent) : QDockWidget(QStringLiteral("Charts"), parent)
{
    setObjectName(QStringLiteral("chartsDock"));
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_tabs->setAccessibleName(QStringLiteral("Charts"));
    for (int p = 0; p < kPageCount; ++p) {
        const PageText &text = kPages[p];
        PageView view;
        view.chart = makeChart().release();
        view.chart->setTitle(QString::fromUtf8(text.title));
        view.chart->setAxisTitles(kXAxis, QString::fromUtf8(text.yAxis));
        view.chart->setAccessibleName(QString::fromUtf8(text.tab));
        auto *empty = new QLabel(QString::fromUtf8(text.empty));
        empty->setAlignment(Qt::AlignCenter);
        empty->setEnabled(false);
        view.stack = new QStackedWidget;
        // Below this the plot is a sliver between its title, its axes and its legend.
        view.stack->setMinimumHeight(260);
        view.stack->addWidget(empty);
        view.stack->addWidget(view.chart);
        m_tabs->addTab(view.stack, QString::fromUtf8(text.tab));
        m_pages.append(view);
    }

    auto *corner = new QWidget;
    auto *controls = new QHBoxLayout(corner);
    controls->setContentsMargins(0, 0, 4, 0);
    m_logScale = new QCheckBox(QStringLiteral("&Log scale"));
    m_logScale->setToolTip(
        QStringLiteral("Latencies on a log scale, so a tail decades above the median shows"));
    connect(m_logScale, &QCheckBox::toggled, this,
            [this](bool on) { chart(Page::Latency)->setLogarithmicY(on); });
    // One button with a menu: the dock may be a narrow column beside the canvas.
    auto *exportButton = new QToolButton;
    exportButton->setObjectName(QStringLiteral("chartExport"));
    exportButton->setText(QStringLiteral("&Export"));
    exportButton->setToolTip(QStringLiteral("Save this chart as a picture or as a table"));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    exportButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto *exportMenu = new QMenu(exportButton);
    exportMenu->addAction(QStringLiteral("As &PNG Picture…"), this, &ChartsDock::exportPng)
        ->setObjectName(QStringLiteral("actionExportChartPng"));
    exportMenu
        ->addAction(QStringLiteral("As &CSV Table…"), this, &ChartsDock::exportCsv)
        ->setStatusTip(QStringLiteral("One column per line, simulated time first"));
    exportMenu->actions().last()->setObjectName(QStringLiteral("actionExportChartCsv"));
    exportButton->setMenu(exportMenu);
    controls->addWidget(m_logScale);
    controls->addWidget(exportButton);
    m_tabs->setCornerWidget(corner, Qt::TopRightCorner);
    const auto showLogScale = [this] { m_logScale->setVisible(currentPage() == Page::Latency); };
    connect(m_tabs, &QTabWidget::currentChanged, this, showLogScale);
    showLogScale();

    setWidget(m_tabs);
}

ChartsDock::~ChartsDock() = default;

void ChartsDock::setModelSource(std::function<const model::Model *()> source)
{
    m_modelSource = std::move(source);
}

ChartsDock::Page ChartsDock::currentPage() const
{
    return Page(m_tabs->currentIndex());
}

void ChartsDock::setCurrentPage(Page page)
{
    m_tabs->setCurrentIndex(int(page));
}

Chart *ChartsDock::chart(Page page) const
{
    return m_pages.at(int(page)).chart;
}

QStringList ChartsDock::lineNames(Page page) const
{
    QStringList names;
    for (const Line &line : m_pages.at(int(page)).lines)
        names << line.name;
    return names;
}

QList<QPointF> ChartsDock::points(Page page, const QString &line) const
{
    for (const Line &l : m_pages.at(int(page)).lines)
        if (l.name == line)
            return l.points;
    return {};
}

void ChartsDock::showSnapshot(const std::shared_ptr<const run::Snapshot> &snapshot)
{
    if (!snapshot)
        return;
    const run::Snapshot &s = *snapshot;
    if (!m_haveLive || s.run != m_liveRun) {
        m_haveLive = true;
        m_liveRun = s.run;
        m_liveComponents = s.components;
        m_liveDurationS = s.durationS;
        m_liveWarmupS = s.warmupS;
        m_liveSamples.clear();
        m_liveMarks.clear();
        m_saturationsSeen = 0;
        m_showingRecord = false; // a new run takes the charts back from a stored one
        startOver(m_liveComponents, m_liveDurationS, m_liveWarmupS);
    }
    QList<QPair<double, QString>> marks;
    for (qsizetype i = m_saturationsSeen; i < s.saturatedAtS.size(); ++i)
        marks.append({s.saturatedAtS.at(i), QStringLiteral("saturated")});
    m_saturationsSeen = s.saturatedAtS.size();
    // The learner's own actions, as the controller logged them when they took.
    static const QString you = QStringLiteral("you: ");
    static const QString load = QStringLiteral("load set to ");
    for (const run::LogEntry &e : s.newLog) {
        if (e.kind != run::LogEntry::Kind::Action)
            continue;
        if (e.text.startsWith(you))
            marks.append({e.atS, e.text.mid(you.size())});
        else if (e.text.startsWith(load))
            marks.append({e.atS, QStringLiteral("load ×") +
                                     e.text.mid(load.size()).section(QLatin1Char(' '), 0, 0)});
    }
    m_liveSamples += s.newSeries;
    m_liveMarks += marks;
    if (m_showingRecord)
        return;
    addSamples(s.newSeries);
    for (const auto &mark : std::as_const(marks))
        addMarker(mark.first, mark.second);
}

void ChartsDock::showRecord(const run::RunRecord &record)
{
    m_showingRecord = true;
    startOver(record.components, record.settings.durationS, record.settings.warmupS);
    addSamples(record.series);
}

void ChartsDock::showLive()
{
    m_showingRecord = false;
    startOver(m_liveComponents, m_liveDurationS, m_liveWarmupS);
    addSamples(m_liveSamples);
    for (const auto &mark : std::as_const(m_liveMarks))
        addMarker(mark.first, mark.second);
}

void ChartsDock::clear()
{
    m_haveLive = false;
    m_liveComponents.clear();
    m_liveSamples.clear();
    m_liveMarks.clear();
    m_saturationsSeen = 0;
    m_showingRecord = false;
    startOver({}, 0, 0);
}

void ChartsDock::startOver(const QStringList &components, double durationS, double warmupS)
{
    for (PageView &page : m_pages) {
        page.chart->clear();
        page.lines.clear();
        page.byKey.clear();
        page.stack->setCurrentIndex(0);
    }
    m_markers.clear();
    m_samples.clear();
    m_components = components;
    m_clients.clear();
    m_autoscaled.clear();
    const model::Model *model = m_modelSource ? m_modelSource() : nullptr;
    if (model)
        for (const model::Component &c : model->components) {
            if (c.kind == model::ComponentKind::Client)
                m_clients << c.id;
            if (c.parameters.contains(QStringLiteral("autoscale")))
                m_autoscaled << c.id;
        }
    if (warmupS > 0)
        addMarker(warmupS, QStringLiteral("warm-up ends"));
    if (model)
        for (const model::ScenarioEvent &e : model->scenario.events)
            if (e.atS <= durationS)
                addMarker(e.atS, eventLabel(e));
}

void ChartsDock::addMarker(double x, const QString &label)
{
    m_markers.append({x, label});
    for (PageView &page : m_pages)
        page.chart->addMarker(x, label);
}

QList<ChartsDock::Figure> ChartsDock::figures(Page page, const sim::Sample &s) const
{
    QList<Figure> out;
    const auto perComponent = [&](auto value, const QString &key, const QString &suffix,
                                  bool onlyOnceNonZero) {
        const qsizetype n = std::min(qsizetype(s.components.size()), m_components.size());
        for (qsizetype i = 0; i < n; ++i) {
            const QString &id = m_components.at(i);
            out.append({key + id, id + suffix, value(s.components[std::size_t(i)]), false,
                        onlyOnceNonZero});
        }
    };
    switch (page) {
    case Page::Throughput:
        out.append({QStringLiteral("completed"), QStringLiteral("completed"), s.throughputRps});
        out.append({QStringLiteral("offered"), QStringLiteral("offered"), s.offeredRps, true});
        break;
    case Page::Latency:
        out.append({QStringLiteral("p50"), QStringLiteral("p50"), s.p50Ms});
        out.append({QStringLiteral("p95"), QStringLiteral("p95"), s.p95Ms});
        out.append({QStringLiteral("p99"), QStringLiteral("p99"), s.p99Ms});
        break;
    case Page::ErrorRate: {
        out.append({QStringLiteral("users"), QStringLiteral("all users"), s.errorRate * 100});
        // A component's line once it fails a request: most never do. The clients' errors are
        // the users' own, drawn already.
        const qsizetype first = out.size();
        perComponent([](const sim::ComponentSample &c) { return c.errorRate * 100; },
                     QStringLiteral("c:"), QString(), true);
        for (qsizetype i = out.size() - 1; i >= first; --i)
            if (m_clients.contains(out.at(i).name))
                out.removeAt(i);
        break;
    }
    case Page::Utilization:
        perComponent([](const sim::ComponentSample &c) { return c.utilization * 100; },
                     QStringLiteral("c:"), QString(), false);
        break;
    case Page::QueueLength:
        // Only what ever queued: a tier that never waits would bury the one that does.
        perComponent([](const sim::ComponentSample &c) { return c.queueLength; },
                     QStringLiteral("c:"), QString(), true);
        perComponent([](const sim::ComponentSample &c) { return c.backlog; }, QStringLiteral("b:"),
                     QStringLiteral(" backlog"), true);
        break;
    case Page::HitRatio:
        perComponent([](const sim::ComponentSample &c) { return c.hitRatio * 100; },
                     QStringLiteral("c:"), QString(), false);
        break;
    case Page::ReplicationLag:
        // Every database has the figure, a primary's always zero: the lines are the replicas
        // that received writes (a failover's new primary keeps its past as a replica).
        perComponent([](const sim::ComponentSample &c) { return c.lagMs; }, QStringLiteral("c:"),
                     QString(), true);
        break;
    case Page::Instances: {
        // Every pool counts its instances; the page is about the tiers an autoscaler sizes.
        const qsizetype first = out.size();
        perComponent([](const sim::ComponentSample &c) { return c.instances; },
                     QStringLiteral("c:"), QString(), false);
        for (qsizetype i = out.size() - 1; i >= first; --i)
            if (!m_autoscaled.contains(out.at(i).name))
                out.removeAt(i);
        break;
    }
    }
    return out;
}

void ChartsDock::addSamples(const QList<sim::Sample> &samples)
{
    if (samples.isEmpty())
        return;
    for (int p = 0; p < kPageCount; ++p) {
        PageView &page = m_pages[p];
        QHash<int, QList<QPointF>> batches; // line -> its new points, appended at once
        for (qsizetype k = 0; k < samples.size(); ++k) {
            const sim::Sample &sample = samples.at(k);
            const double x = sim::toSeconds(sample.at);
            for (const Figure &f : figures(Page(p), sample)) {
                if (std::isnan(f.y))
                    continue;
                auto found = page.byKey.constFind(f.key);
                int line = 0;
                if (found != page.byKey.cend()) {
                    line = found.value();
                } else {
                    if (f.onlyOnceNonZero && f.y == 0)
                        continue;
                    line = int(page.lines.size());
                    const int index =
                        f.dashed ? page.chart->addDashedLine(f.name) : page.chart->addLine(f.name);
                    page.lines.append({f.name, index, {}});
                    page.byKey.insert(f.key, line);
                    // A line that appears late still shows its past, where it had one.
                    const auto pastOf = [&](const sim::Sample &past) {
                        for (const Figure &g : figures(Page(p), past))
                            if (g.key == f.key && !std::isnan(g.y))
                                batches[line].append({sim::toSeconds(past.at), g.y});
                    };
                    for (const sim::Sample &past : std::as_const(m_samples))
                        pastOf(past);
                    for (qsizetype j = 0; j < k; ++j)
                        pastOf(samples.at(j));
                }
                batches[line].append({x, f.y});
            }
        }
        for (auto it = batches.cbegin(); it != batches.cend(); ++it) {
            Line &line = page.lines[it.key()];
            line.points += it.value();
            page.chart->append(line.index, it.value());
        }
        if (!page.lines.isEmpty())
            page.stack->setCurrentIndex(1);
    }
    m_samples += samples;
}

bool ChartsDock::exportPng()
{
    return exportTo(QStringLiteral("png"), QStringLiteral("PNG image (*.png)"));
}

bool ChartsDock::exportCsv()
{
    return exportTo(QStringLiteral("csv"), QStringLiteral("CSV table (*.csv)"));
}

bool ChartsDock::exportTo(const QString &extension, const QString &filter)
{
    const Page page = currentPage();
    const QString suggested = QDir::homePath() + QLatin1Char('/') +
                              QString::fromUtf8(textOf(page).file) + QLatin1Char('.') + extension;
    QString path =
        saveFileAnswer
            ? saveFileAnswer(suggested, filter)
            : QFileDialog::getSaveFileName(this, QStringLiteral("Export chart"), suggested, filter);
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += QLatin1Char('.') + extension;
    // The picture of the chart, not of the sentence an empty page shows instead.
    PageView &view = m_pages[int(page)];
    const int shown = view.stack->currentIndex();
    view.stack->setCurrentIndex(1);
    const bool written =
        extension == QLatin1String("png") ? view.chart->savePng(path) : view.chart->saveCsv(path);
    view.stack->setCurrentIndex(shown);
    emit message(
        written
            ? QStringLiteral("Exported %1").arg(QDir::toNativeSeparators(path))
            : QStringLiteral("Cannot export the chart to %1").arg(QDir::toNativeSeparators(path)));
    return written;
}

} // namespace scalelab::widgets
