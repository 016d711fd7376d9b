// The file commands as a user meets them, with the dialogs answered through the window's hooks:
// File > Open loads and titles the window, or shows the loader's message and keeps the model;
// Save As writes a project or a model file and the title follows; Export writes each format;
// a cancelled dialog changes nothing; and the unsaved-changes question before New, Open, Close
// and Quit keeps the work on Cancel, drops it on Discard and saves it on Save.

#include "widgets/canvas/canvas_scene.h"
#include "widgets/main_window.h"

#include "model/diagram_export.h"
#include "model/model_json.h"
#include "store/project_file.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QStandardPaths>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>

using namespace scalelab;
using widgets::MainWindow;
using Dialog = MainWindow::FileDialog;
using Unsaved = MainWindow::UnsavedChanges;

namespace {

const QString kCapstone = QStringLiteral(SCALELAB_TEST_DATA "/capstone.json");
const QString kMm1 = QStringLiteral(SCALELAB_TEST_DATA "/mm1.json");

QByteArray saved(MainWindow &window)
{
    return model::serializeModel(window.document().model());
}

void trigger(MainWindow &window, const char *action)
{
    auto *found = window.findChild<QAction *>(QString::fromLatin1(action));
    QVERIFY2(found, action);
    found->trigger();
}

QByteArray contents(const QString &path)
{
    if (path.isEmpty())
        return {};
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A copy of a test model in `dir`, so that saving over it harms nothing.
QString copyOf(const QTemporaryDir &dir, const QString &source, const QString &name)
{
    const QString path = dir.filePath(name);
    QFile::remove(path);
    return QFile::copy(source, path) ? path : QString();
}

// Records the dialogs asked for and answers each with the next of `answers` (then Cancel).
struct DialogScript {
    explicit DialogScript(QStringList answersInOrder = {}, QString pick = {})
        : answers(std::move(answersInOrder)), filter(std::move(pick))
    {}
    QStringList answers;
    QString filter; // a type to choose instead of the dialog's default; empty keeps it
    QList<Dialog> asked;
    QStringList suggested;
    QStringList defaultFilters;

    void install()
    {
        MainWindow::fileDialogAnswer = [this](Dialog dialog, const QString &start,
                                              const QStringList &filters, QString *chosen) {
            asked.append(dialog);
            suggested.append(start);
            defaultFilters.append(chosen ? *chosen : QString());
            if (chosen && !filter.isEmpty()) {
                // A user can pick only what the dialog offers.
                if (!filters.contains(filter))
                    qFatal("the dialog offers no filter %s", qPrintable(filter));
                *chosen = filter;
            }
            return answers.isEmpty() ? QString() : answers.takeFirst();
        };
    }
};

struct Warnings {
    QStringList titles;
    QStringList texts;
    void install()
    {
        MainWindow::warningShown = [this](const QString &title, const QString &text) {
            titles.append(title);
            texts.append(text);
        };
    }
};

} // namespace

class TestWorkbenchDialogs : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("ScaleLabTest"));
        QCoreApplication::setApplicationName(QStringLiteral("ScaleLabDialogsTest"));
    }
    void cleanup()
    {
        MainWindow::fileDialogAnswer = nullptr;
        MainWindow::unsavedChangesAnswer = nullptr;
        MainWindow::warningShown = nullptr;
        MainWindow::clearRecentFiles();
    }

    void openThroughTheDialog()
    {
        DialogScript dialogs({kCapstone});
        dialogs.install();
        Warnings warnings;
        warnings.install();
        MainWindow window;
        QVERIFY(window.windowTitle().startsWith(QLatin1String("Untitled[*]")));
        trigger(window, "actionOpen");
        QCOMPARE(dialogs.asked, QList<Dialog>{Dialog::Open});
        QVERIFY(warnings.texts.isEmpty());
        QCOMPARE(window.filePath(), kCapstone);
        QVERIFY2(window.windowTitle().startsWith(QLatin1String("capstone.json[*]")),
                 qPrintable(window.windowTitle()));
        QVERIFY(!window.isWindowModified());
        QCOMPARE(window.undoStack().count(), 0);
        // The file's model, with the layout the workbench gives a model written without one.
        const model::LoadResult loaded = model::loadModelFile(kCapstone);
        QVERIFY(loaded.ok());
        model::Model expected = *loaded.model;
        QVERIFY(expected.layout.isEmpty());
        expected.layout = window.document().model().layout;
        QCOMPARE(window.document().model(), expected);
        QCOMPARE(window.document().model().layout.size(), expected.components.size());
        // The next Open starts where this file is.
        trigger(window, "actionOpen");
        QCOMPARE(QDir(dialogs.suggested.last()), QFileInfo(kCapstone).absoluteDir());
    }

    void openingABrokenFileKeepsTheDocument_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("name");
        QTest::newRow("not json") << QByteArray("{ this is not json") << "broken.json";
        QTest::newRow("refused parameter")
            << QByteArray(R"({"format": "scalelab-model", "version": 1, "components": [
                 {"id": "web", "type": "web_server", "cores": 0}], "links": []})")
            << "cores.json";
        QTest::newRow("dangling link")
            << QByteArray(R"({"components": [{"id": "a", "type": "client"}],
                             "links": [{"from": "a", "to": "b"}]})")
            << "dangling.json";
        QTest::newRow("not a project") << QByteArray("SQLite format 3") << "broken.scalelab";
        QTest::newRow("missing") << QByteArray() << "";
    }
    void openingABrokenFileKeepsTheDocument()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, name);
        QTemporaryDir dir;
        QString path = dir.filePath(name.isEmpty() ? QStringLiteral("gone.json") : name);
        if (!name.isEmpty()) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(text);
        }
        const QString loaderSays = store::loadAny(path).message();
        QVERIFY(!loaderSays.isEmpty());

        MainWindow window;
        QVERIFY(window.openFile(kMm1));
        const QByteArray before = saved(window);
        const QString title = window.windowTitle();
        DialogScript dialogs({path});
        dialogs.install();
        Warnings warnings;
        warnings.install();
        trigger(window, "actionOpen");
        QCOMPARE(dialogs.asked.size(), 1);
        QCOMPARE(warnings.texts, QStringList{loaderSays});
        QVERIFY2(warnings.titles.first().contains(QFileInfo(path).fileName()),
                 qPrintable(warnings.titles.first()));
        QCOMPARE(saved(window), before);
        QCOMPARE(window.filePath(), kMm1);
        QCOMPARE(window.windowTitle(), title);
        QVERIFY(!window.isWindowModified());
        QVERIFY(!MainWindow::recentFiles().contains(QFileInfo(path).absoluteFilePath()));
    }

    void saveAsWritesTheFile_data()
    {
        QTest::addColumn<QString>("answer");
        QTest::addColumn<QString>("filter"); // what the user picks; empty: the default
        QTest::addColumn<QString>("written");
        QTest::addColumn<bool>("project");
        QTest::newRow("project") << "model.scalelab"
                                 << ""
                                 << "model.scalelab" << true;
        QTest::newRow("model") << "model.json"
                               << ""
                               << "model.json" << false;
        QTest::newRow("no suffix, project type") << "plain"
                                                 << "ScaleLab projects (*.scalelab)"
                                                 << "plain.scalelab" << true;
        QTest::newRow("no suffix, model type") << "plain"
                                               << "Models (*.json)"
                                               << "plain.json" << false;
    }
    void saveAsWritesTheFile()
    {
        QFETCH(QString, answer);
        QFETCH(QString, filter);
        QFETCH(QString, written);
        QFETCH(bool, project);
        QTemporaryDir dir;
        MainWindow window;
        QVERIFY(window.openFile(kCapstone));
        // A change, so that the modified mark has something to follow.
        QVERIFY(window.scene()->addComponentAt(QStringLiteral("worker"), QPointF(0, 900)));
        QVERIFY(window.isWindowModified());

        DialogScript dialogs({dir.filePath(answer)}, filter);
        dialogs.install();
        trigger(window, "actionSaveAs");
        const QString path = dir.filePath(written);
        QCOMPARE(dialogs.asked, QList<Dialog>{Dialog::SaveAs});
        // A model file opened stays a model file unless the user picks otherwise.
        QCOMPARE(dialogs.defaultFilters.first(), QStringLiteral("Models (*.json)"));
        QVERIFY2(QFile::exists(path), qPrintable(path));
        QCOMPARE(store::ProjectFile::isProject(path), project);
        if (project)
            QVERIFY(contents(path).startsWith("SQLite format 3"));
        else
            QCOMPARE(contents(path), saved(window));
        const model::LoadResult back = store::loadAny(path);
        QVERIFY2(back.ok(), qPrintable(back.message()));
        QCOMPARE(*back.model, window.document().model());
        QCOMPARE(window.filePath(), path);
        QVERIFY2(window.windowTitle().startsWith(written + QStringLiteral("[*]")),
                 qPrintable(window.windowTitle()));
        QVERIFY(!window.isWindowModified());
        QCOMPARE(MainWindow::recentFiles().first(), QFileInfo(path).absoluteFilePath());
    }

    void saveAsFollowsTheModifiedMark()
    {
        QTemporaryDir dir;
        MainWindow window;
        QVERIFY(window.windowTitle().startsWith(QLatin1String("Untitled[*]")));
        // An edit marks the untitled window modified; Save (untitled) asks where, as a project.
        QVERIFY(window.scene()->addComponentAt(QStringLiteral("client"), QPointF(0, 0)));
        QVERIFY(window.isWindowModified());
        DialogScript dialogs({dir.filePath(QStringLiteral("first"))});
        dialogs.install();
        trigger(window, "actionSave");
        QCOMPARE(dialogs.asked, QList<Dialog>{Dialog::SaveAs});
        QCOMPARE(dialogs.suggested.first(), QStringLiteral("model.scalelab"));
        QCOMPARE(dialogs.defaultFilters.first(), QStringLiteral("ScaleLab projects (*.scalelab)"));
        const QString project = dir.filePath(QStringLiteral("first.scalelab"));
        QCOMPARE(window.filePath(), project);
        QVERIFY(window.windowTitle().startsWith(QLatin1String("first.scalelab[*]")));
        QVERIFY(!window.isWindowModified());

        // Another edit, then Save: no dialog, the same file; the mark comes and goes.
        QVERIFY(window.scene()->addComponentAt(QStringLiteral("web_server"), QPointF(200, 0)));
        QVERIFY(window.isWindowModified());
        trigger(window, "actionSave");
        QCOMPARE(dialogs.asked.size(), 1);
        QVERIFY(!window.isWindowModified());
        const model::LoadResult back = store::loadAny(project);
        QVERIFY2(back.ok(), qPrintable(back.message()));
        QCOMPARE(back.model->components.size(), 2);
        // Undo past the save marks it modified again.
        window.undoStack().undo();
        QVERIFY(window.isWindowModified());
    }

    void exportThroughTheDialog_data()
    {
        QTest::addColumn<QString>("answer");
        QTest::addColumn<QString>("filter");
        QTest::addColumn<QString>("written");
        QTest::addColumn<int>("format");
        using F = model::DiagramFormat;
        QTest::newRow("png") << "d.png"
                             << ""
                             << "d.png" << int(F::Png);
        QTest::newRow("svg") << "d.svg"
                             << ""
                             << "d.svg" << int(F::Svg);
        QTest::newRow("pdf") << "d.pdf"
                             << ""
                             << "d.pdf" << int(F::Pdf);
        QTest::newRow("dot") << "d.dot"
                             << ""
                             << "d.dot" << int(F::Dot);
        QTest::newRow("mermaid") << "d.mmd"
                                 << ""
                                 << "d.mmd" << int(F::Mermaid);
        QTest::newRow("drawio") << "d.drawio"
                                << ""
                                << "d.drawio" << int(F::Drawio);
        QTest::newRow("json") << "d.json"
                              << ""
                              << "d.json" << int(F::Json);
        QTest::newRow("no suffix, svg type") << "d"
                                             << "SVG drawing (*.svg)"
                                             << "d.svg" << int(F::Svg);
        QTest::newRow("no suffix, dot type") << "d"
                                             << "Graphviz (*.dot *.gv)"
                                             << "d.dot" << int(F::Dot);
    }
    void exportThroughTheDialog()
    {
        QFETCH(QString, answer);
        QFETCH(QString, filter);
        QFETCH(QString, written);
        QFETCH(int, format);
        QTemporaryDir dir;
        MainWindow window;
        QVERIFY(window.openFile(kCapstone));
        const QByteArray before = saved(window);
        DialogScript dialogs({dir.filePath(answer)}, filter);
        dialogs.install();
        Warnings warnings;
        warnings.install();
        trigger(window, "actionExport");
        QCOMPARE(dialogs.asked, QList<Dialog>{Dialog::Export});
        // It suggests the model's name beside its file, as a PNG.
        QCOMPARE(dialogs.suggested.first(),
                 QFileInfo(kCapstone).absolutePath() + QStringLiteral("/capstone.png"));
        QVERIFY2(warnings.texts.isEmpty(), qPrintable(warnings.texts.join(QLatin1Char('\n'))));
        const QString path = dir.filePath(written);
        const QByteArray bytes = contents(path);
        QVERIFY2(!bytes.isEmpty(), qPrintable(path));
        const model::Model &m = window.document().model();
        switch (model::DiagramFormat(format)) {
        case model::DiagramFormat::Png: {
            QImage image;
            QVERIFY(image.loadFromData(bytes, "PNG"));
            QVERIFY2(image.width() > 800 && image.height() > 400,
                     qPrintable(QStringLiteral("%1x%2").arg(image.width()).arg(image.height())));
            break;
        }
        case model::DiagramFormat::Svg: {
            QSvgRenderer svg(bytes);
            QVERIFY(svg.isValid());
            for (const model::Component &c : m.components)
                QVERIFY2(bytes.contains(">" + c.id.toUtf8() + "<"), qPrintable(c.id));
            break;
        }
        case model::DiagramFormat::Pdf:
            QVERIFY(bytes.startsWith("%PDF"));
            QVERIFY(bytes.contains("MediaBox"));
            break;
        case model::DiagramFormat::Json: {
            // The model itself, layout and all: it opens as the same document.
            const model::LoadResult back = model::parseModel(bytes);
            QVERIFY2(back.ok(), qPrintable(back.message()));
            QCOMPARE(*back.model, m);
            break;
        }
        default: {
            // Text diagrams: exactly what the exporter writes for this model.
            QCOMPARE(bytes, model::exportDiagram(m, model::DiagramFormat(format)));
            const QByteArray marker =
                model::DiagramFormat(format) == model::DiagramFormat::Dot ? QByteArray("digraph")
                : model::DiagramFormat(format) == model::DiagramFormat::Mermaid
                    ? QByteArray("flowchart")
                    : QByteArray("<mxfile");
            QVERIFY2(bytes.contains(marker), bytes.left(200).constData());
            for (const model::Component &c : m.components)
                QVERIFY2(bytes.contains(c.id.toUtf8()), qPrintable(c.id));
        }
        }
        // Exporting is not editing.
        QCOMPARE(saved(window), before);
        QVERIFY(!window.isWindowModified());
        QCOMPARE(window.filePath(), kCapstone);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{written});
    }

    void exportWithoutAFormatIsRefused()
    {
        QTemporaryDir dir;
        MainWindow window;
        QVERIFY(window.openFile(kMm1));
        DialogScript dialogs({dir.filePath(QStringLiteral("d.txt"))});
        dialogs.install();
        Warnings warnings;
        warnings.install();
        trigger(window, "actionExport");
        QCOMPARE(warnings.titles, QStringList{QStringLiteral("Cannot export")});
        QVERIFY(warnings.texts.first().contains(QLatin1String("d.txt")));
        QVERIFY(QDir(dir.path()).isEmpty());
    }

    void cancelledDialogChangesNothing_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<bool>("modified");
        QTest::newRow("open") << "actionOpen" << false;
        QTest::newRow("open, modified, discarded first") << "actionOpen" << true;
        QTest::newRow("save as") << "actionSaveAs" << false;
        QTest::newRow("save as, modified") << "actionSaveAs" << true;
        QTest::newRow("save, untitled") << "actionSave" << true;
        QTest::newRow("export") << "actionExport" << false;
    }
    void cancelledDialogChangesNothing()
    {
        QFETCH(QString, action);
        QFETCH(bool, modified);
        QTemporaryDir dir;
        MainWindow window;
        QString path;
        if (action == QLatin1String("actionSave")) {
            QVERIFY(window.scene()->addComponentAt(QStringLiteral("client"), QPointF(0, 0)));
        } else {
            path = copyOf(dir, kCapstone, QStringLiteral("capstone.json"));
            QVERIFY(window.openFile(path));
            if (modified)
                QVERIFY(window.scene()->addComponentAt(QStringLiteral("cache"), QPointF(0, 900)));
        }
        const QByteArray before = saved(window);
        const QString title = window.windowTitle();
        const int steps = window.undoStack().count();
        const QByteArray onDisk = contents(path);
        const QStringList files = QDir(dir.path()).entryList(QDir::Files);
        MainWindow::unsavedChangesAnswer = [] { return Unsaved::Discard; };
        DialogScript dialogs; // answers Cancel
        dialogs.install();
        Warnings warnings;
        warnings.install();
        trigger(window, action.toLatin1().constData());
        QCOMPARE(dialogs.asked.size(), 1);
        QVERIFY(warnings.texts.isEmpty());
        QCOMPARE(saved(window), before);
        QCOMPARE(window.windowTitle(), title);
        QCOMPARE(window.isWindowModified(), modified);
        QCOMPARE(window.undoStack().count(), steps);
        QCOMPARE(window.filePath(), path);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), files);
        QCOMPARE(contents(path), onDisk);
    }

    void unsavedChangesAreAskedAbout_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<int>("answer");
        for (const char *action : {"actionNew", "actionOpen", "close", "actionQuit"})
            for (const auto &[name, answer] :
                 {std::pair{"cancel", Unsaved::Cancel}, std::pair{"discard", Unsaved::Discard},
                  std::pair{"save", Unsaved::Save}})
                QTest::addRow("%s, %s", action, name) << QString::fromLatin1(action) << int(answer);
    }
    void unsavedChangesAreAskedAbout()
    {
        QFETCH(QString, action);
        QFETCH(int, answer);
        QTemporaryDir dir;
        const QString path = copyOf(dir, kCapstone, QStringLiteral("capstone.json"));
        const QString other = copyOf(dir, kMm1, QStringLiteral("mm1.json"));
        const QByteArray original = contents(path);
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(path));
        int asked = 0;
        MainWindow::unsavedChangesAnswer = [&asked, answer] {
            ++asked;
            return Unsaved(answer);
        };
        QVERIFY(window.scene()->addComponentAt(QStringLiteral("worker"), QPointF(0, 900)));
        QVERIFY(window.isWindowModified());
        const QByteArray edited = saved(window);
        DialogScript dialogs({other});
        dialogs.install();

        if (action == QLatin1String("close"))
            window.close();
        else
            trigger(window, action.toLatin1().constData());
        QCOMPARE(asked, 1);

        if (Unsaved(answer) == Unsaved::Cancel) {
            QCOMPARE(saved(window), edited);
            QVERIFY(window.isWindowModified());
            QCOMPARE(window.filePath(), path);
            QVERIFY(window.isVisible());
            QVERIFY(dialogs.asked.isEmpty());
            QCOMPARE(contents(path), original);
            return;
        }
        // Save writes the edited model to its file without asking where; Discard leaves it.
        if (Unsaved(answer) == Unsaved::Save) {
            const model::LoadResult back = model::loadModelFile(path);
            QVERIFY2(back.ok(), qPrintable(back.message()));
            QCOMPARE(model::serializeModel(*back.model), edited);
        } else {
            QCOMPARE(contents(path), original);
        }
        // Either way the command goes on.
        if (action == QLatin1String("actionNew")) {
            QCOMPARE(window.document().model().components.size(), 0);
            QVERIFY(window.filePath().isEmpty());
            QVERIFY(window.windowTitle().startsWith(QLatin1String("Untitled[*]")));
        } else if (action == QLatin1String("actionOpen")) {
            QCOMPARE(dialogs.asked, QList<Dialog>{Dialog::Open});
            QCOMPARE(window.filePath(), other);
            QVERIFY(window.windowTitle().startsWith(QLatin1String("mm1.json[*]")));
        } else {
            QVERIFY(!window.isVisible()); // closed: with the edits saved, or dropped
        }
        QCOMPARE(window.isWindowModified(), Unsaved(answer) == Unsaved::Discard &&
                                                action != QLatin1String("actionNew") &&
                                                action != QLatin1String("actionOpen"));
        QVERIFY(dialogs.asked.size() <= 1);
    }

    void savingAnUntitledModelCanBeCancelled()
    {
        // Save in the unsaved-changes question on an untitled model asks where; cancelling that
        // drops nothing and does not go on to close.
        MainWindow window;
        window.show();
        QVERIFY(window.scene()->addComponentAt(QStringLiteral("client"), QPointF(0, 0)));
        const QByteArray edited = saved(window);
        MainWindow::unsavedChangesAnswer = [] { return Unsaved::Save; };
        DialogScript dialogs; // Cancel
        dialogs.install();
        QVERIFY(!window.close());
        QCOMPARE(dialogs.asked, QList<Dialog>{Dialog::SaveAs});
        QVERIFY(window.isVisible());
        QCOMPARE(saved(window), edited);
        QVERIFY(window.isWindowModified());
        trigger(window, "actionNew");
        QCOMPARE(dialogs.asked.size(), 2);
        QCOMPARE(saved(window), edited);
    }
};

QTEST_MAIN(TestWorkbenchDialogs)
#include "tst_workbench_dialogs.moc"
