#include "widgets/lessons/lesson_panel.h"

#include "widgets/diagram/auto_layout.h"
#include "widgets/editing/edit_commands.h"

#include "model/analysis.h"
#include "run/simulation_controller.h"

#include <QAction>
#include <QButtonGroup>
#include <QFrame>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QTextBrowser>
#include <QTextDocument>
#include <QThread>
#include <QTimer>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>

namespace scalelab::widgets {

namespace {

constexpr int kLessonIdRole = Qt::UserRole + 1;
const QString kOfferDismissedKey = QStringLiteral("lessons/firstLessonOfferDismissed");

LessonPanel::Mark markOf(lessons::GoalStatus::State state)
{
    switch (state) {
    case lessons::GoalStatus::State::Unknown:
        break;
    case lessons::GoalStatus::State::Live:
        return LessonPanel::Mark::Live;
    case lessons::GoalStatus::State::Met:
        return LessonPanel::Mark::Met;
    case lessons::GoalStatus::State::Missed:
        return LessonPanel::Mark::Missed;
    }
    return LessonPanel::Mark::Unchecked;
}

// The tick and cross colours: the same meaning on a light or a dark palette, each readable on it.
QColor goodColour(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128 ? QColor(0x6c, 0xd0, 0x8a)
                                                             : QColor(0x1b, 0x7f, 0x3a);
}
QColor badColour(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128 ? QColor(0xf2, 0x8b, 0x82)
                                                             : QColor(0xb3, 0x26, 0x1e);
}

QString capitalised(QString text)
{
    if (!text.isEmpty())
        text[0] = text.at(0).toUpper();
    return text;
}

// A figure's short name for the completion line: "latency p95", "web utilization", "cost".
QString shortName(const QString &metric, const QString &component)
{
    QString name = metric;
    if (name == QLatin1String("cost_per_month"))
        name = QStringLiteral("cost");
    for (const QLatin1String unit : {QLatin1String("_ms"), QLatin1String("_rps")})
        if (name.endsWith(unit))
            name.chop(unit.size());
    name.replace(QLatin1Char('_'), QLatin1Char(' ')).replace(QLatin1Char('.'), QLatin1Char(' '));
    return component.isEmpty() ? name : component + QLatin1Char(' ') + name;
}

// Text that reads comfortably: on a wide dock the lines stop at about 80 characters, centred,
// rather than running the width of the screen.
class ReadableTextBrowser : public QTextBrowser {
public:
    using QTextBrowser::QTextBrowser;

protected:
    void resizeEvent(QResizeEvent *event) override
    {
        const int readable = fontMetrics().averageCharWidth() * 80;
        const int spare = std::max(0, width() - readable - 2 * frameWidth());
        setViewportMargins(spare / 2, 0, spare / 2, 0);
        QTextBrowser::resizeEvent(event);
    }
};

// A choice's text beside its radio button: a radio button does not wrap its text, a label does,
// and a click on the text chooses it as a click on the button would.
class ChoiceLabel : public QLabel {
public:
    ChoiceLabel(const QString &text, QRadioButton *button, QWidget *parent)
        : QLabel(text, parent), m_button(button)
    {
        setWordWrap(true);
        setTextFormat(Qt::PlainText);
        setBuddy(button);
    }

protected:
    void mousePressEvent(QMouseEvent *event) override
    {
        if (event->button() == Qt::LeftButton && m_button->isEnabled())
            m_button->click();
        QLabel::mousePressEvent(event);
    }

private:
    QRadioButton *m_button;
};

QLabel *wrappedLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

// Secondary text (a goal's figures, a note): the palette's own quieter colour.
void quieten(QLabel *label)
{
    label->setForegroundRole(QPalette::PlaceholderText);
}

} // namespace

std::function<bool()> LessonPanel::solutionConfirmation;
std::function<bool()> LessonPanel::forgetConfirmation;

LessonPanel::LessonPanel(model::ArchitectureDocument &document, QUndoStack &undoStack,
                         run::SimulationController *controller, QWidget *parent,
                         const QString &progressPath)
    : QWidget(parent), m_document(document), m_undoStack(undoStack),
      m_progress(std::make_unique<store::LessonProgress>(progressPath))
{
    setObjectName(QStringLiteral("lessonPanel"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    m_progressError = wrappedLabel({}, this);
    m_progressError->setObjectName(QStringLiteral("lessonProgressError"));
    m_progressError->hide();
    layout->addWidget(m_progressError);
    m_pages = new QStackedWidget(this);
    m_pages->addWidget(buildCataloguePage());
    m_pages->addWidget(buildLessonPage());
    layout->addWidget(m_pages);

    if (controller) {
        connect(controller, &run::SimulationController::snapshotReady, this,
                &LessonPanel::showSnapshot);
        connect(controller, &run::SimulationController::finished, this, &LessonPanel::checkRun);
    }
    using Document = model::ArchitectureDocument;
    for (auto signal :
         {&Document::componentAdded, &Document::componentRemoved, &Document::componentChanged})
        connect(&m_document, signal, this, &LessonPanel::scheduleAnalysis);
    connect(&m_document, &Document::modelReset, this, &LessonPanel::scheduleAnalysis);
    connect(&m_document, &Document::linkAdded, this, &LessonPanel::scheduleAnalysis);
    connect(&m_document, &Document::linkRemoved, this, &LessonPanel::scheduleAnalysis);

    showProgressError();
    loadCatalogue();
}

LessonPanel::~LessonPanel()
{
    // The start's measurement reads only its own copy of the model, but its thread must end
    // before its QThread object goes.
    if (m_measuring) {
        m_measuring->disconnect(this);
        m_measuring->wait();
        delete m_measuring;
    }
}

QWidget *LessonPanel::buildCataloguePage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);

    m_offer = new QFrame(page);
    m_offer->setObjectName(QStringLiteral("firstLessonOffer"));
    m_offer->setFrameShape(QFrame::StyledPanel);
    auto *offerLayout = new QVBoxLayout(m_offer);
    offerLayout->addWidget(
        wrappedLabel(QStringLiteral("New here? The lessons go through the chapter \"Scale from "
                                    "zero to millions of users\" one stage at a time: read, "
                                    "change the design, run it, and the engine checks the "
                                    "goals."),
                     m_offer));
    auto *offerButtons = new QHBoxLayout;
    m_firstLessonButton = new QPushButton(m_offer);
    m_firstLessonButton->setObjectName(QStringLiteral("firstLessonButton"));
    m_firstLessonButton->setDefault(true);
    auto *notNow = new QPushButton(QStringLiteral("Not now"), m_offer);
    notNow->setObjectName(QStringLiteral("firstLessonDismiss"));
    notNow->setAccessibleName(QStringLiteral("Not now: hide this offer"));
    notNow->setToolTip(QStringLiteral("Hide this offer; the lessons stay in Help > Lessons"));
    offerButtons->addWidget(m_firstLessonButton, 1);
    offerButtons->addWidget(notNow);
    offerLayout->addLayout(offerButtons);
    connect(m_firstLessonButton, &QPushButton::clicked, this, [this] {
        if (!m_catalogue.lessons.isEmpty())
            openLesson(m_catalogue.lessons.first().id);
    });
    connect(notNow, &QPushButton::clicked, this, [this] {
        QSettings().setValue(kOfferDismissedKey, true);
        m_offer->hide();
    });
    m_offer->hide();
    layout->addWidget(m_offer);

    m_list = new QListWidget(page);
    m_list->setObjectName(QStringLiteral("lessonList"));
    m_list->setAccessibleName(QStringLiteral("Lessons"));
    m_list->setToolTip(QStringLiteral("The chapter's lessons in order; double-click one to open "
                                      "it"));
    m_list->setWordWrap(true);
    m_list->setUniformItemSizes(false);
    m_list->setSpacing(2);
    layout->addWidget(m_list, 1);

    m_summary = wrappedLabel({}, page);
    m_summary->setObjectName(QStringLiteral("lessonSummary"));
    layout->addWidget(m_summary);

    m_openButton = new QPushButton(QStringLiteral("Open lesson"), page);
    m_openButton->setObjectName(QStringLiteral("openLessonButton"));
    m_openButton->setToolTip(QStringLiteral("Put the lesson's starting design on the canvas (as a "
                                            "new untitled model) and show its text and goals"));
    layout->addWidget(m_openButton);

    m_problems = wrappedLabel({}, page);
    m_problems->setObjectName(QStringLiteral("lessonProblems"));
    m_problems->hide();
    layout->addWidget(m_problems);

    connect(m_list, &QListWidget::currentRowChanged, this, &LessonPanel::updateListButton);
    connect(m_list, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        const QString id = item->data(kLessonIdRole).toString();
        if (currentLesson() && currentLesson()->id == id)
            m_pages->setCurrentIndex(1);
        else
            openLesson(id);
    });
    connect(m_openButton, &QPushButton::clicked, this, [this] {
        if (QListWidgetItem *item = m_list->currentItem())
            emit m_list->itemActivated(item);
    });
    // Starting a lesson over from nothing (a teacher's demo machine, a second attempt).
    auto *forget = new QAction(QStringLiteral("Forget My Progress on This Lesson…"), m_list);
    forget->setObjectName(QStringLiteral("forgetProgressAction"));
    forget->setStatusTip(QStringLiteral("Clear the hints shown, the answers given and the "
                                        "completion of the selected lesson"));
    connect(forget, &QAction::triggered, this, [this] {
        if (QListWidgetItem *item = m_list->currentItem())
            forgetProgress(item->data(kLessonIdRole).toString());
    });
    m_list->addAction(forget);
    m_list->setContextMenuPolicy(Qt::ActionsContextMenu);
    return page;
}

QWidget *LessonPanel::buildLessonPage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);

    auto *header = new QHBoxLayout;
    auto *back = new QPushButton(QStringLiteral("◀ All lessons"), page);
    back->setObjectName(QStringLiteral("allLessonsButton"));
    back->setAccessibleName(QStringLiteral("All lessons"));
    back->setToolTip(QStringLiteral("Back to the list of lessons; this lesson stays open and "
                                    "keeps checking your runs"));
    connect(back, &QPushButton::clicked, this, &LessonPanel::showCatalogue);
    header->addWidget(back);
    m_title = new QLabel(page);
    m_title->setObjectName(QStringLiteral("lessonTitle"));
    m_title->setWordWrap(true);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    header->addWidget(m_title, 1);
    layout->addLayout(header);

    m_completed = wrappedLabel({}, page);
    m_completed->setObjectName(QStringLiteral("lessonCompleted"));
    m_completed->hide();
    layout->addWidget(m_completed);

    auto *splitter = new QSplitter(Qt::Vertical, page);
    splitter->setChildrenCollapsible(false);
    m_text = new ReadableTextBrowser(splitter);
    m_text->setObjectName(QStringLiteral("lessonText"));
    m_text->setAccessibleName(QStringLiteral("Lesson text"));
    m_text->setOpenExternalLinks(true);
    m_text->document()->setDocumentMargin(8);
    splitter->addWidget(m_text);

    auto *scroll = m_work = new QScrollArea(splitter);
    scroll->setObjectName(QStringLiteral("lessonWork"));
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *work = new QWidget(scroll);
    auto *workLayout = new QVBoxLayout(work);
    workLayout->setContentsMargins(0, 0, 4, 0);

    auto *goals = new QGroupBox(QStringLiteral("Goals"), work);
    goals->setObjectName(QStringLiteral("lessonGoals"));
    auto *goalsOuter = new QVBoxLayout(goals);
    m_goalsLayout = new QVBoxLayout;
    m_goalsLayout->setSpacing(8);
    goalsOuter->addLayout(m_goalsLayout);
    m_runNote = wrappedLabel({}, goals);
    m_runNote->setObjectName(QStringLiteral("lessonRunNote"));
    goalsOuter->addWidget(m_runNote);
    workLayout->addWidget(goals);

    auto *hints = new QGroupBox(QStringLiteral("Hints"), work);
    hints->setObjectName(QStringLiteral("lessonHints"));
    auto *hintsOuter = new QVBoxLayout(hints);
    m_hintsLayout = new QVBoxLayout;
    hintsOuter->addLayout(m_hintsLayout);
    m_hintButton = new QPushButton(hints);
    m_hintButton->setObjectName(QStringLiteral("hintButton"));
    m_hintButton->setToolTip(QStringLiteral("Reveal the next hint, gentlest first"));
    connect(m_hintButton, &QPushButton::clicked, this, &LessonPanel::revealHint);
    hintsOuter->addWidget(m_hintButton, 0, Qt::AlignLeft);
    workLayout->addWidget(hints);

    auto *actions = new QHBoxLayout;
    m_resetButton = new QPushButton(QStringLiteral("Reset to start"), work);
    m_resetButton->setObjectName(QStringLiteral("resetLessonButton"));
    m_resetButton->setToolTip(QStringLiteral("Put the lesson's starting design back on the canvas "
                                             "(one step: Undo brings yours back)"));
    connect(m_resetButton, &QPushButton::clicked, this, &LessonPanel::resetToStart);
    m_solutionButton = new QPushButton(QStringLiteral("Show solution…"), work);
    m_solutionButton->setObjectName(QStringLiteral("showSolutionButton"));
    m_solutionButton->setAccessibleName(QStringLiteral("Show solution"));
    m_solutionButton->setToolTip(QStringLiteral("Replace the design with the reference solution "
                                                "(one step: Undo brings yours back)"));
    connect(m_solutionButton, &QPushButton::clicked, this, &LessonPanel::showSolution);
    actions->addWidget(m_resetButton);
    actions->addWidget(m_solutionButton);
    actions->addStretch(1);
    workLayout->addLayout(actions);

    auto *questions = new QGroupBox(QStringLiteral("Check your understanding"), work);
    questions->setObjectName(QStringLiteral("lessonQuestions"));
    m_questionsLayout = new QVBoxLayout(questions);
    m_questionsLayout->setSpacing(10);
    workLayout->addWidget(questions);
    workLayout->addStretch(1);

    scroll->setWidget(work);
    splitter->addWidget(scroll);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);
    return page;
}

void LessonPanel::showProgressError()
{
    const QString error = m_progress->error();
    m_progressError->setVisible(!error.isEmpty());
    if (error.isEmpty())
        return;
    m_progressError->setText(
        m_progress->isAvailable()
            ? QStringLiteral("Progress was not saved: %1").arg(error)
            : QStringLiteral("Your progress cannot be kept this time: %1. The lessons work as "
                             "usual.")
                  .arg(error));
}

void LessonPanel::loadCatalogue(const QString &root)
{
    const QString currentId = currentLesson() ? currentLesson()->id : QString();
    m_catalogue = lessons::loadCatalogue(root);
    m_current = -1;
    for (qsizetype i = 0; i < m_catalogue.lessons.size(); ++i)
        if (m_catalogue.lessons.at(i).id == currentId)
            m_current = int(i);
    QStringList lines;
    for (const model::Problem &problem : std::as_const(m_catalogue.problems))
        lines << problem.toString();
    if (lines.isEmpty()) {
        m_problems->hide();
    } else {
        m_problems->setText(
            QStringLiteral("Some lessons could not be loaded and are left out:\n• ") +
            lines.mid(0, 8).join(QStringLiteral("\n• ")) +
            (lines.size() > 8 ? QStringLiteral("\n… and %1 more").arg(lines.size() - 8)
                              : QString()));
        m_problems->setToolTip(lines.join(QLatin1Char('\n')));
        m_problems->show();
    }
    if (m_catalogue.lessons.isEmpty() && lines.isEmpty())
        m_summary->setText(QStringLiteral("No lessons found in %1").arg(root));
    refreshList();
    if (m_current < 0)
        showCatalogue();
}

void LessonPanel::refreshList()
{
    const QString selected =
        m_list->currentItem() ? m_list->currentItem()->data(kLessonIdRole).toString() : QString();
    m_list->clear();
    for (const lessons::Lesson &lesson : std::as_const(m_catalogue.lessons)) {
        const store::LessonRecord record = m_progress->record(lesson.id);
        const QString state = record.completed() ? QStringLiteral("completed")
                              : record.started() ? QStringLiteral("started")
                                                 : QStringLiteral("not started");
        const QString mark = record.completed() ? QStringLiteral("✓")
                             : record.started() ? QStringLiteral("◐")
                                                : QStringLiteral("○");
        auto *item = new QListWidgetItem(
            QStringLiteral("%1  %2. %3").arg(mark).arg(lesson.number).arg(lesson.title), m_list);
        item->setData(kLessonIdRole, lesson.id);
        item->setData(
            Qt::AccessibleTextRole,
            QStringLiteral("Lesson %1, %2, %3").arg(lesson.number).arg(lesson.title, state));
        item->setToolTip(QStringLiteral("%1\n(%2)").arg(lesson.summary, state));
        if (lesson.id == selected)
            m_list->setCurrentItem(item);
    }
    // Where the learner left off, or the beginning.
    const QString last = m_progress->lastOpened();
    for (int i = 0; i < m_list->count() && !m_list->currentItem() && !last.isEmpty(); ++i)
        if (m_list->item(i)->data(kLessonIdRole).toString() == last)
            m_list->setCurrentRow(i);
    if (!m_list->currentItem() && m_list->count() > 0)
        m_list->setCurrentRow(0);
    updateListButton();
}

void LessonPanel::updateListButton()
{
    QListWidgetItem *item = m_list->currentItem();
    m_openButton->setEnabled(item != nullptr);
    if (!item) {
        if (!m_catalogue.lessons.isEmpty())
            m_summary->clear();
        return;
    }
    const QString id = item->data(kLessonIdRole).toString();
    const lessons::Lesson *lesson = lessons::findLesson(m_catalogue, id);
    if (!lesson)
        return;
    const store::LessonRecord record = m_progress->record(id);
    QString text = lesson->summary;
    if (record.completed())
        text += QStringLiteral("\nCompleted on %1.")
                    .arg(QLocale().toString(record.completedAt.toLocalTime().date(),
                                            QStringLiteral("d MMMM yyyy")));
    m_summary->setText(text);
    const bool isCurrent = currentLesson() && currentLesson()->id == id;
    m_openButton->setText(isCurrent ? QStringLiteral("Back to lesson %1").arg(lesson->number)
                                    : QStringLiteral("Open lesson %1").arg(lesson->number));
    m_openButton->setAccessibleName(m_openButton->text());
}

const lessons::Lesson *LessonPanel::currentLesson() const
{
    return m_current >= 0 && m_current < m_catalogue.lessons.size()
               ? &m_catalogue.lessons.at(m_current)
               : nullptr;
}

void LessonPanel::showCatalogue()
{
    refreshList();
    if (const lessons::Lesson *lesson = currentLesson())
        for (int i = 0; i < m_list->count(); ++i)
            if (m_list->item(i)->data(kLessonIdRole).toString() == lesson->id)
                m_list->setCurrentRow(i);
    m_pages->setCurrentIndex(0);
}

bool LessonPanel::showingLesson() const
{
    return m_pages->currentIndex() == 1 && currentLesson();
}

bool LessonPanel::offerFirstLesson()
{
    if (!m_progress->isAvailable() || m_progress->anyOpened() || m_catalogue.lessons.isEmpty() ||
        QSettings().value(kOfferDismissedKey).toBool())
        return false;
    const lessons::Lesson &first = m_catalogue.lessons.first();
    m_firstLessonButton->setText(
        QStringLiteral("Start lesson %1: %2").arg(first.number).arg(first.title));
    m_firstLessonButton->setAccessibleName(m_firstLessonButton->text());
    m_firstLessonButton->setToolTip(first.summary);
    m_offer->show();
    showCatalogue();
    return true;
}

bool LessonPanel::firstLessonOffered() const
{
    return !m_offer->isHidden();
}

bool LessonPanel::openLesson(const QString &idOrNumber)
{
    const lessons::Lesson *found = lessons::findLesson(m_catalogue, idOrNumber);
    if (!found) {
        emit message(QStringLiteral("No lesson %1").arg(idOrNumber));
        return false;
    }
    const int index = int(found - m_catalogue.lessons.constData());
    model::Model start = found->start;
    diagram::completeLayout(start);
    if (m_starter) {
        if (!m_starter(start))
            return false; // the learner kept the design on the canvas
    } else {
        m_undoStack.clear();
        m_document.reset(std::move(start));
    }
    m_current = index;
    const lessons::Lesson &lesson = m_catalogue.lessons.at(index);
    if (!m_progress->markOpened(lesson.id))
        showProgressError();
    m_offer->hide();
    showLesson(index);
    measureStart(lesson);
    emit lessonOpened(lesson.id);
    emit message(QStringLiteral("Lesson %1: %2").arg(lesson.number).arg(lesson.title));
    return true;
}

void LessonPanel::showLesson(int index)
{
    const lessons::Lesson &lesson = m_catalogue.lessons.at(index);
    m_title->setText(QStringLiteral("Lesson %1 · %2").arg(lesson.number).arg(lesson.title));
    m_title->setAccessibleName(m_title->text());
    m_text->setMarkdown(lesson.markdown);
    m_tracker = std::make_unique<lessons::GoalTracker>(lesson);
    if (const std::optional<QJsonObject> start = startResults(lesson.id))
        m_tracker->setStartFigures(*start);
    rebuildGoals();
    showHints(m_progress->record(lesson.id).hintsShown);
    rebuildQuestions();
    m_completed->setText(completionText());
    m_completed->setVisible(!m_completed->text().isEmpty());
    setRunNote(tr("Run the model (Run, F5) to check the goals."));
    m_runNote->setToolTip(tr("A run counts when it runs under the lesson's load: the "
                             "lesson's clients and scenario, the run bar's duration "
                             "and seed as the scenario sets them, and the load "
                             "control at 1×."));
    updateAnalysisGoals();
    m_pages->setCurrentIndex(1);
    // Another lesson starts at its top, wherever the last one was left.
    m_work->verticalScrollBar()->setValue(0);
    m_text->verticalScrollBar()->setValue(0);
}

void LessonPanel::setRunNote(const QString &text)
{
    m_runNote->setText(text);
}

QString LessonPanel::runNote() const
{
    return m_runNote->text();
}

QString LessonPanel::completionNote() const
{
    return m_completed->isHidden() ? QString() : m_completed->text();
}

void LessonPanel::rebuildGoals()
{
    for (GoalRow &row : m_goalRows) {
        delete row.mark->parentWidget();
    }
    m_goalRows.clear();
    const lessons::Lesson *lesson = currentLesson();
    if (!lesson)
        return;
    for (const lessons::Goal &goal : lesson->goals) {
        auto *rowWidget = new QWidget(m_goalsLayout->parentWidget());
        auto *grid = new QGridLayout(rowWidget);
        grid->setContentsMargins(0, 0, 0, 0);
        grid->setHorizontalSpacing(6);
        grid->setVerticalSpacing(1);
        GoalRow row;
        row.mark = new QLabel(rowWidget);
        row.mark->setMinimumWidth(rowWidget->fontMetrics().horizontalAdvance(QStringLiteral("✓✓")));
        row.mark->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
        QFont bold = row.mark->font();
        bold.setBold(true);
        row.mark->setFont(bold);
        row.text = wrappedLabel(goal.text, rowWidget);
        row.text->setToolTip(lessons::describe(goal));
        row.detail = wrappedLabel({}, rowWidget);
        quieten(row.detail);
        grid->addWidget(row.mark, 0, 0, 2, 1);
        grid->addWidget(row.text, 0, 1);
        grid->addWidget(row.detail, 1, 1);
        grid->setColumnStretch(1, 1);
        m_goalsLayout->addWidget(rowWidget);
        setMark(row, Mark::Unchecked);
        m_goalRows.append(row);
    }
    drawGoals();
}

void LessonPanel::drawGoals()
{
    if (!m_tracker)
        return;
    const QList<lessons::GoalStatus> &statuses = m_tracker->statuses();
    for (qsizetype i = 0; i < statuses.size() && i < m_goalRows.size(); ++i) {
        const lessons::GoalStatus &status = statuses.at(i);
        GoalRow &row = m_goalRows[i];
        const Mark mark = markOf(status.state);
        // A running window redraws several times a second: a screen reader hears the mark change
        // once.
        if (row.state != mark)
            setMark(row, mark);
        row.detail->setText(status.detail);
        row.detail->setToolTip(status.basis);
    }
}

void LessonPanel::setMark(GoalRow &row, Mark mark)
{
    row.state = mark;
    QPalette palette = row.mark->palette();
    palette.setColor(QPalette::WindowText, palette.color(QPalette::PlaceholderText));
    QString glyph = QStringLiteral("○");
    QString words = QStringLiteral("not checked yet");
    switch (mark) {
    case Mark::Unchecked:
        break;
    case Mark::Live:
        glyph = QStringLiteral("…");
        words = QStringLiteral("running");
        break;
    case Mark::Met:
        glyph = QStringLiteral("✓");
        words = QStringLiteral("met");
        palette.setColor(QPalette::WindowText, goodColour(palette));
        break;
    case Mark::Missed:
        glyph = QStringLiteral("✗");
        words = QStringLiteral("missed");
        palette.setColor(QPalette::WindowText, badColour(palette));
        break;
    }
    row.mark->setPalette(palette);
    row.mark->setText(glyph);
    row.mark->setAccessibleName(words);
    row.mark->setToolTip(capitalised(words));
}

LessonPanel::Mark LessonPanel::goalMark(int index) const
{
    return m_goalRows.value(index).state;
}

QString LessonPanel::goalDetail(int index) const
{
    const GoalRow row = m_goalRows.value(index);
    return row.detail ? row.detail->text() : QString();
}

void LessonPanel::scheduleAnalysis()
{
    if (!currentLesson() || !m_tracker)
        return;
    // The last run's verdict is history now: the analysis of the edited design shows at once.
    if (m_tracker->designChanged())
        updateAnalysisGoals();
    // One analysis for a burst of signals (a paste, a replaced model).
    if (m_analysisPending)
        return;
    m_analysisPending = true;
    QTimer::singleShot(0, this, [this] {
        m_analysisPending = false;
        updateAnalysisGoals();
    });
}

void LessonPanel::updateAnalysisGoals()
{
    if (!currentLesson() || !m_tracker)
        return;
    const QList<lessons::Goal> &goals = m_tracker->lesson().goals;
    if (std::any_of(goals.cbegin(), goals.cend(), &lessons::GoalTracker::isAnalysisGoal))
        m_tracker->setDesign(model::analyze(m_document.model()));
    drawGoals();
}

void LessonPanel::showSnapshot(std::shared_ptr<const run::Snapshot> snapshot)
{
    if (!currentLesson() || !m_tracker || !snapshot ||
        (snapshot->state != run::RunState::Running && snapshot->state != run::RunState::Paused))
        return;
    m_tracker->showLive(*snapshot);
    drawGoals();
    setRunNote(tr("Running (%1 of %2 s): the goals are checked when the run ends.")
                   .arg(QLocale().toString(snapshot->nowS, 'f', 0))
                   .arg(QLocale().toString(snapshot->durationS, 'f', 0)));
}

void LessonPanel::checkRun(std::shared_ptr<const run::RunRecord> record)
{
    const lessons::Lesson *lesson = currentLesson();
    if (!lesson || !m_tracker || !record)
        return;
    const bool counts = m_tracker->finishRun(*record);
    drawGoals();
    if (!counts) {
        setRunNote(
            tr("This run does not count toward the goals: %1").arg(m_tracker->notCountedReason()));
        return;
    }

    const QList<lessons::GoalCheck> &checks = m_tracker->checks();
    const qsizetype met = std::count_if(checks.cbegin(), checks.cend(),
                                        [](const lessons::GoalCheck &c) { return c.met; });
    if (!lessons::allMet(checks)) {
        setRunNote(tr("The run met %1 of %2 goals. Change the design and run again; "
                      "the hints help if you are stuck.")
                       .arg(met)
                       .arg(checks.size()));
        return;
    }
    // A learner may well arrive at the reference design by themselves; only the one shown it has
    // not.
    if (isReferenceSolution(record->model) &&
        (m_solutionShown.contains(lesson->id) ||
         m_progress->record(lesson->id).solutionShownAt.isValid())) {
        setRunNote(tr("The reference solution meets every goal. Since it was shown to "
                      "you, the lesson is completed by a design of your own: Undo "
                      "brings yours back."));
        return;
    }
    QJsonArray figures;
    for (const lessons::GoalCheck &check : checks)
        figures.append(QJsonObject{{QStringLiteral("metric"), check.goal.metric},
                                   {QStringLiteral("component"), check.goal.component},
                                   {QStringLiteral("measured"), *check.measured}});
    const bool first = !m_progress->record(lesson->id).completed();
    const bool best = m_progress->recordPass(lesson->id, figures, m_tracker->margin());
    if (!m_progress->error().isEmpty())
        showProgressError();
    m_completed->setText(completionText());
    m_completed->setVisible(!m_completed->text().isEmpty());
    setRunNote(first ? tr("Every goal met: lesson %1 completed. Try the check "
                          "questions below, then go on to the next lesson.")
                           .arg(lesson->number)
               : best ? tr("Every goal met, with more room than your best run so far.")
                      : tr("Every goal met again."));
    emit message(tr("Lesson %1: every goal met").arg(lesson->number));
}

QString LessonPanel::completionText() const
{
    const lessons::Lesson *lesson = currentLesson();
    if (!lesson)
        return {};
    const store::LessonRecord record = m_progress->record(lesson->id);
    if (!record.completed())
        return {};
    QStringList figures;
    for (const QJsonValue &value : record.bestFigures) {
        const QJsonObject f = value.toObject();
        const QString metric = f.value(QStringLiteral("metric")).toString();
        figures << QStringLiteral("%1 %2").arg(
            shortName(metric, f.value(QStringLiteral("component")).toString()),
            lessons::formatFigure(metric, f.value(QStringLiteral("measured")).toDouble()));
    }
    QString text = QStringLiteral("✓ Completed on %1.")
                       .arg(QLocale().toString(record.completedAt.toLocalTime().date(),
                                               QStringLiteral("d MMMM yyyy")));
    if (!figures.isEmpty())
        text += QStringLiteral(" Your best run: %1.").arg(figures.join(QStringLiteral(" · ")));
    return text;
}

bool LessonPanel::isReferenceSolution(const model::Model &m) const
{
    const lessons::Lesson *lesson = currentLesson();
    if (!lesson)
        return false;
    const model::Model &s = lesson->solution;
    // Where the learner put the boxes is not a design of their own.
    return m.components == s.components && m.links == s.links && m.regions == s.regions &&
           m.regionLatencies == s.regionLatencies;
}

bool LessonPanel::replaceModel(const model::Model &replacement, const QString &text)
{
    model::Model m = replacement;
    diagram::completeLayout(m);
    if (m == m_document.model()) {
        emit message(QStringLiteral("The canvas already shows that design"));
        return false;
    }
    QString error;
    if (!pushEdit(m_undoStack, new ReplaceModelCommand(m_document, std::move(m), text), &error)) {
        emit message(QStringLiteral("Cannot replace the design: %1").arg(error));
        return false;
    }
    emit message(text + QStringLiteral(" (Undo brings your design back)"));
    return true;
}

bool LessonPanel::resetToStart()
{
    const lessons::Lesson *lesson = currentLesson();
    if (!lesson)
        return false;
    return replaceModel(lesson->start,
                        QStringLiteral("Reset to the start of lesson %1").arg(lesson->number));
}

bool LessonPanel::forgetProgress(const QString &lessonId)
{
    const lessons::Lesson *lesson = lessons::findLesson(m_catalogue, lessonId);
    if (!lesson || !m_progress->record(lesson->id).started())
        return false;
    const bool confirmed =
        forgetConfirmation
            ? forgetConfirmation()
            : QMessageBox::question(
                  this, QStringLiteral("Forget your progress?"),
                  QStringLiteral("Lesson %1 (%2) will count as not started: the hints shown, "
                                 "the answers given and its completion are forgotten. The design "
                                 "on the canvas stays.\n\nForget it?")
                      .arg(lesson->number)
                      .arg(lesson->title)) == QMessageBox::Yes;
    if (!confirmed)
        return false;
    if (!m_progress->forget(lesson->id)) {
        showProgressError();
        return false;
    }
    m_solutionShown.remove(lesson->id);
    refreshList();
    if (const lessons::Lesson *open = currentLesson(); open && open->id == lesson->id)
        showLesson(m_current);
    emit message(QStringLiteral("Lesson %1: progress forgotten").arg(lesson->number));
    return true;
}

bool LessonPanel::showSolution()
{
    const lessons::Lesson *lesson = currentLesson();
    if (!lesson)
        return false;
    const bool confirmed =
        solutionConfirmation
            ? solutionConfirmation()
            : QMessageBox::question(
                  this, QStringLiteral("Show the solution?"),
                  QStringLiteral("The reference solution replaces your design on the canvas. You "
                                 "can bring your design back with Undo (Ctrl+Z).\n\nShow it?")) ==
                  QMessageBox::Yes;
    if (!confirmed)
        return false;
    if (!replaceModel(lesson->solution,
                      QStringLiteral("Show the solution of lesson %1").arg(lesson->number)))
        return false;
    m_solutionShown.insert(lesson->id);
    if (!m_progress->markSolutionShown(lesson->id))
        showProgressError();
    return true;
}

void LessonPanel::showHints(int count)
{
    qDeleteAll(m_hintLabels);
    m_hintLabels.clear();
    m_hintsShown = 0;
    const lessons::Lesson *lesson = currentLesson();
    if (!lesson)
        return;
    const qsizetype total = lesson->hints.size();
    m_hintsShown = int(std::clamp<qsizetype>(count, 0, total));
    for (int i = 0; i < m_hintsShown; ++i) {
        auto *label = wrappedLabel(QStringLiteral("%1. %2").arg(i + 1).arg(lesson->hints.at(i)),
                                   m_hintButton->parentWidget());
        label->setAccessibleName(QStringLiteral("Hint %1").arg(i + 1));
        m_hintsLayout->addWidget(label);
        m_hintLabels << label;
    }
    m_hintButton->setText(
        m_hintsShown < total
            ? QStringLiteral("Show a hint (%1 of %2)").arg(m_hintsShown + 1).arg(total)
            : QStringLiteral("All %1 hints shown").arg(total));
    m_hintButton->setEnabled(m_hintsShown < total);
    m_hintButton->setAccessibleName(m_hintButton->text());
}

bool LessonPanel::revealHint()
{
    const lessons::Lesson *lesson = currentLesson();
    if (!lesson || m_hintsShown >= lesson->hints.size())
        return false;
    // Shown even when the file cannot keep it: the hint helps now all the same.
    if (!m_progress->setHintsShown(lesson->id, m_hintsShown + 1))
        showProgressError();
    showHints(m_hintsShown + 1);
    return true;
}

QStringList LessonPanel::shownHints() const
{
    QStringList hints;
    for (const QLabel *label : m_hintLabels)
        hints << label->text();
    return hints;
}

void LessonPanel::rebuildQuestions()
{
    for (const QuestionBox &q : std::as_const(m_questionBoxes))
        delete q.box;
    m_questionBoxes.clear();
    const lessons::Lesson *lesson = currentLesson();
    if (!lesson)
        return;
    const store::LessonRecord record = m_progress->record(lesson->id);
    const qsizetype count = lesson->questions.size();
    for (qsizetype i = 0; i < count; ++i) {
        const lessons::Question &question = lesson->questions.at(i);
        QuestionBox q;
        q.box = new QGroupBox(QStringLiteral("Question %1 of %2").arg(i + 1).arg(count),
                              m_questionsLayout->parentWidget());
        q.box->setFlat(true);
        auto *layout = new QVBoxLayout(q.box);
        layout->setContentsMargins(0, 4, 0, 0);
        auto *prompt = wrappedLabel(question.question, q.box);
        layout->addWidget(prompt);
        q.choices = new QButtonGroup(q.box);
        for (qsizetype c = 0; c < question.choices.size(); ++c) {
            auto *row = new QHBoxLayout;
            auto *button = new QRadioButton(q.box);
            button->setAccessibleName(question.choices.at(c));
            button->setToolTip(question.choices.at(c));
            q.choices->addButton(button, int(c));
            row->addWidget(button, 0, Qt::AlignTop);
            row->addWidget(new ChoiceLabel(question.choices.at(c), button, q.box), 1);
            layout->addLayout(row);
        }
        q.check = new QPushButton(QStringLiteral("Check answer"), q.box);
        q.check->setAccessibleName(QStringLiteral("Check answer to question %1").arg(i + 1));
        q.check->setToolTip(QStringLiteral("Check the chosen answer and read why"));
        q.check->setEnabled(false);
        layout->addWidget(q.check, 0, Qt::AlignLeft);
        q.result = new QLabel(q.box);
        q.result->setWordWrap(true);
        q.result->setTextFormat(Qt::RichText);
        q.result->setTextInteractionFlags(Qt::TextSelectableByMouse);
        q.result->hide();
        layout->addWidget(q.result);
        m_questionsLayout->addWidget(q.box);

        const int index = int(i);
        connect(q.choices, &QButtonGroup::idClicked, q.check,
                [check = q.check] { check->setEnabled(true); });
        connect(q.check, &QPushButton::clicked, this, [this, index] {
            answerQuestion(index, m_questionBoxes.at(index).choices->checkedId());
        });
        m_questionBoxes.append(q);

        if (record.answers.contains(index)) {
            const int chosen = record.answers.value(index).choice;
            if (QAbstractButton *button = q.choices->button(chosen)) {
                button->setChecked(true);
                q.check->setEnabled(true);
            }
            // Shown as answered, without writing the same answer again.
            const bool right = chosen == question.answer;
            const QColor colour = right ? goodColour(palette()) : badColour(palette());
            q.result->setText(
                QStringLiteral("<b style=\"color:%1\">%2</b> %3")
                    .arg(colour.name(),
                         right ? QStringLiteral("✓ Right.") : QStringLiteral("✗ Not quite."),
                         question.explanation.toHtmlEscaped()));
            q.result->show();
        }
    }
}

bool LessonPanel::answerQuestion(int index, int choice)
{
    const lessons::Lesson *lesson = currentLesson();
    if (!lesson || index < 0 || index >= m_questionBoxes.size() ||
        index >= lesson->questions.size())
        return false;
    const lessons::Question &question = lesson->questions.at(index);
    QuestionBox &q = m_questionBoxes[index];
    QAbstractButton *button = q.choices->button(choice);
    if (!button)
        return false;
    button->setChecked(true);
    q.check->setEnabled(true);
    const bool right = choice == question.answer;
    if (!m_progress->answer(lesson->id, index, choice, right))
        showProgressError();
    const QColor colour = right ? goodColour(palette()) : badColour(palette());
    q.result->setText(QStringLiteral("<b style=\"color:%1\">%2</b> %3")
                          .arg(colour.name(),
                               right ? QStringLiteral("✓ Right.") : QStringLiteral("✗ Not quite."),
                               question.explanation.toHtmlEscaped()));
    q.result->setAccessibleName(right ? QStringLiteral("Right") : QStringLiteral("Not right"));
    q.result->show();
    return right;
}

QString LessonPanel::answerText(int question) const
{
    if (question < 0 || question >= m_questionBoxes.size())
        return {};
    const QLabel *result = m_questionBoxes.at(question).result;
    if (result->isHidden())
        return {};
    QTextDocument document;
    document.setHtml(result->text());
    return document.toPlainText();
}

QString LessonPanel::catalogueProblems() const
{
    return m_problems->isHidden() ? QString() : m_problems->text();
}

std::optional<QJsonObject> LessonPanel::startResults(const QString &lessonId) const
{
    const auto it = m_startResults.constFind(lessonId);
    if (it == m_startResults.constEnd())
        return std::nullopt;
    return *it;
}

void LessonPanel::measureStart(const lessons::Lesson &lesson)
{
    if (m_startResults.contains(lesson.id) || m_measureQueue.contains(lesson.id))
        return;
    m_measureQueue << lesson.id;
    startNextMeasure();
}

void LessonPanel::startNextMeasure()
{
    if (m_measuring || m_measureQueue.isEmpty())
        return;
    const QString id = m_measureQueue.first();
    const lessons::Lesson *lesson = lessons::findLesson(m_catalogue, id);
    if (!lesson) {
        m_measureQueue.removeFirst();
        startNextMeasure();
        return;
    }
    // The engine runs the start in a thread of its own: a lesson's start may take seconds, and
    // the window never waits for the engine. The thread has its own copy of the model.
    auto result = std::make_shared<QJsonObject>();
    m_measuring = QThread::create(
        [start = lesson->start, result] { *result = lessons::measureModel(start); });
    connect(m_measuring, &QThread::finished, this, [this, id, result] {
        m_measuring->deleteLater();
        m_measuring = nullptr;
        m_measureQueue.removeAll(id);
        m_startResults.insert(id, *result);
        if (m_tracker && currentLesson() && currentLesson()->id == id) {
            m_tracker->setStartFigures(*result);
            drawGoals();
        }
        startNextMeasure();
    });
    m_measuring->start(QThread::LowPriority);
}

} // namespace scalelab::widgets
