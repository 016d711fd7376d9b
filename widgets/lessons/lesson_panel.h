#pragma once

#include "lessons/goal_tracker.h"
#include "lessons/lesson.h"
#include "model/architecture_document.h"
#include "run/run_snapshot.h"
#include "store/lesson_progress.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QWidget>

#include <functional>
#include <memory>
#include <optional>

class QButtonGroup;
class QFrame;
class QGroupBox;
class QLabel;
class QListWidget;
class QPushButton;
class QScrollArea;
class QStackedWidget;
class QTextBrowser;
class QThread;
class QUndoStack;
class QVBoxLayout;

namespace scalelab::run {
class SimulationController;
}

namespace scalelab::widgets {

// The "Lessons" dock: the chapter's lessons with the learner's progress, and the open lesson's
// text, its goals as a checklist the engine ticks, hints one at a time, reset to the start or
// show the solution (both undoable), and check questions. Progress is kept per user in SQLite.
//
// Goals on figures the graph analysis gives (single points of failure, monthly cost) follow every
// edit; the others show the running window's figure while a run goes and are ticked when it
// ends, if the run ran under the lesson's load. A met goal shows the start's figure beside the
// learner's, the start measured once by the engine in a thread of its own. The goals are judged
// by lessons::GoalTracker, as `scalelab lesson verify` judges them; the panel draws its verdicts.
class LessonPanel : public QWidget {
    Q_OBJECT

public:
    // Puts a model on the canvas as a new untitled document, after offering to save the one
    // there; false when the learner cancelled. The window gives its own (New's path).
    using DocumentStarter = std::function<bool(const model::Model &model)>;

    enum class Mark { Unchecked, Live, Met, Missed };

    LessonPanel(model::ArchitectureDocument &document, QUndoStack &undoStack,
                run::SimulationController *controller, QWidget *parent = nullptr,
                const QString &progressPath = store::LessonProgress::defaultPath());
    ~LessonPanel() override;

    void setDocumentStarter(DocumentStarter starter) { m_starter = std::move(starter); }

    // Loads the lessons again (a teacher editing theirs); problems are listed, never fatal.
    void loadCatalogue(const QString &root = lessons::lessonsRoot());
    const lessons::Catalogue &catalogue() const { return m_catalogue; }
    const store::LessonProgress &progress() const { return *m_progress; }

    // Opens a lesson by id or number: its start becomes the canvas's untitled document (after
    // the unsaved-changes question) and its page is shown. False if cancelled or unknown.
    bool openLesson(const QString &idOrNumber);
    const lessons::Lesson *currentLesson() const;
    void showCatalogue();
    bool showingLesson() const;

    // A first start (no lesson ever opened): the catalogue with a button for lesson 1. Returns
    // whether it was offered; the window shows the dock when it is.
    bool offerFirstLesson();
    bool firstLessonOffered() const;

    // Both are one undoable step that replaces the whole model; the solution asks first.
    bool resetToStart();
    bool showSolution();
    // Answers "Show the solution?" instead of a message box; tests set it.
    static std::function<bool()> solutionConfirmation;

    // Forgets what the learner did in a lesson (opened, hints, answers, completion), after asking;
    // the lesson itself and the design on the canvas stay. False when cancelled or nothing kept.
    bool forgetProgress(const QString &lessonId);
    // Answers "Forget your progress?" instead of a message box; tests set it.
    static std::function<bool()> forgetConfirmation;

    bool revealHint(); // the next hint; false when all are shown
    int hintsShown() const { return m_hintsShown; }
    QStringList shownHints() const;

    // Selects `choice` for question `question` and checks it, as the learner's click would.
    bool answerQuestion(int question, int choice);
    QString answerText(int question) const; // right or wrong, and the explanation

    // What the checklist shows for goal `index` (in the lesson's order).
    int goalCount() const { return int(m_goalRows.size()); }
    Mark goalMark(int index) const;
    QString goalDetail(int index) const;
    // Why the last run counted or not, and what it met.
    QString runNote() const;
    // "Completed on ...; your best run: ...", or empty while the lesson is not completed.
    QString completionNote() const;
    // The start's results measured by the engine, once ready.
    std::optional<QJsonObject> startResults(const QString &lessonId) const;

    QListWidget *lessonList() const { return m_list; }
    QTextBrowser *textView() const { return m_text; }
    QPushButton *hintButton() const { return m_hintButton; }
    QPushButton *resetButton() const { return m_resetButton; }
    QPushButton *solutionButton() const { return m_solutionButton; }
    QPushButton *firstLessonButton() const { return m_firstLessonButton; }
    QString catalogueProblems() const;

public slots:
    void showSnapshot(std::shared_ptr<const scalelab::run::Snapshot> snapshot);
    // Checks a finished run against the open lesson's goals (the controller's finished()).
    void checkRun(std::shared_ptr<const scalelab::run::RunRecord> record);

signals:
    void message(const QString &text);
    void lessonOpened(const QString &lessonId);

private:
    struct GoalRow {
        QLabel *mark = nullptr;
        QLabel *text = nullptr;
        QLabel *detail = nullptr;
        Mark state = Mark::Unchecked;
    };
    struct QuestionBox {
        QGroupBox *box = nullptr;
        QButtonGroup *choices = nullptr;
        QPushButton *check = nullptr;
        QLabel *result = nullptr;
    };

    QWidget *buildCataloguePage();
    QWidget *buildLessonPage();
    void refreshList();
    void updateListButton();
    void showLesson(int index); // fills the lesson page for m_catalogue.lessons[index]
    void rebuildGoals();
    void showHints(int count);
    void rebuildQuestions();
    void scheduleAnalysis();
    void updateAnalysisGoals();
    void drawGoals();
    void setMark(GoalRow &row, Mark mark);
    void setRunNote(const QString &text);
    void showProgressError();
    bool replaceModel(const model::Model &model, const QString &text);
    void measureStart(const lessons::Lesson &lesson);
    void startNextMeasure();
    QString completionText() const;
    bool isReferenceSolution(const model::Model &model) const;

    model::ArchitectureDocument &m_document;
    QUndoStack &m_undoStack;
    DocumentStarter m_starter;
    std::unique_ptr<store::LessonProgress> m_progress;
    lessons::Catalogue m_catalogue;
    int m_current = -1; // index into m_catalogue.lessons

    // The engine's figures of each lesson's start, measured once per session.
    QHash<QString, QJsonObject> m_startResults;
    QSet<QString> m_solutionShown; // this session, in case progress cannot be kept
    QStringList m_measureQueue;
    QThread *m_measuring = nullptr;

    // The open lesson's goals: what the checklist draws.
    std::unique_ptr<lessons::GoalTracker> m_tracker;
    bool m_analysisPending = false;
    int m_hintsShown = 0;

    QStackedWidget *m_pages = nullptr;
    // The catalogue page.
    QFrame *m_offer = nullptr;
    QPushButton *m_firstLessonButton = nullptr;
    QListWidget *m_list = nullptr;
    QLabel *m_summary = nullptr;
    QPushButton *m_openButton = nullptr;
    QLabel *m_problems = nullptr;
    QLabel *m_progressError = nullptr;
    // The lesson page.
    QLabel *m_title = nullptr;
    QLabel *m_completed = nullptr;
    QTextBrowser *m_text = nullptr;
    QScrollArea *m_work = nullptr; // goals, hints, actions and questions
    QVBoxLayout *m_goalsLayout = nullptr;
    QList<GoalRow> m_goalRows;
    QLabel *m_runNote = nullptr;
    QVBoxLayout *m_hintsLayout = nullptr;
    QList<QLabel *> m_hintLabels;
    QPushButton *m_hintButton = nullptr;
    QPushButton *m_resetButton = nullptr;
    QPushButton *m_solutionButton = nullptr;
    QVBoxLayout *m_questionsLayout = nullptr;
    QList<QuestionBox> m_questionBoxes;
};

} // namespace scalelab::widgets
