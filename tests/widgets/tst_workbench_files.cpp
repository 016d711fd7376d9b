// The workbench's file-side conveniences: the clipboard through the model format (within one
// window and between two), recent files, and the autosave that a crashed session recovers from.

#include "widgets/canvas/canvas_scene.h"
#include "widgets/canvas/component_item.h"
#include "widgets/canvas/link_item.h"
#include "widgets/main_window.h"

#include "model/model_json.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QMenu>
#include <QMimeData>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace scalelab;
using widgets::MainWindow;

namespace {

const QString kCapstone = QStringLiteral(SCALELAB_TEST_DATA "/capstone.json");

QByteArray saved(MainWindow &window)
{
    return model::serializeModel(window.document().model());
}

// Selects the two ends of the model's first request link, so that a copy carries a link.
QStringList selectLinkedPair(MainWindow &window)
{
    const model::Link &link = window.document().model().links.first();
    window.scene()->clearSelection();
    window.scene()->componentItem(link.from)->setSelected(true);
    window.scene()->componentItem(link.to)->setSelected(true);
    return window.scene()->selectedComponentIds();
}

// Selects the link from `from` to `to` and nothing else.
void selectLink(MainWindow &window, const QString &from, const QString &to)
{
    window.scene()->clearSelection();
    const model::Model &m = window.document().model();
    for (qsizetype i = 0; i < m.links.size(); ++i)
        if (m.links.at(i).from == from && m.links.at(i).to == to)
            window.scene()->linkItems().at(i)->setSelected(true);
}

model::Model clipboardModel()
{
    const QMimeData *data = QApplication::clipboard()->mimeData();
    const model::LoadResult loaded =
        model::parseModel(data->data(QString::fromLatin1(MainWindow::kModelMimeType)));
    return loaded.ok() ? *loaded.model : model::Model();
}

int linksBetween(const model::Model &m, const QStringList &ids)
{
    int count = 0;
    for (const model::Link &link : m.links)
        count += ids.contains(link.from) && ids.contains(link.to) ? 1 : 0;
    return count;
}

} // namespace

class TestWorkbenchFiles : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("ScaleLabTest"));
        QCoreApplication::setApplicationName(QStringLiteral("ScaleLabFilesTest"));
    }
    void init()
    {
        MainWindow::clearRecentFiles();
        QDir(MainWindow::recoveryDirectory()).removeRecursively();
        MainWindow::recoveryDecision = nullptr;
    }

    void copyPasteRoundTrip()
    {
        MainWindow window;
        QVERIFY(window.openFile(kCapstone));
        const QByteArray before = saved(window);
        const QStringList ids = selectLinkedPair(window);
        const int componentsBefore = static_cast<int>(window.document().model().components.size());
        const int linksBefore = static_cast<int>(window.document().model().links.size());
        QVERIFY(window.copySelection());
        const QMimeData *data = QApplication::clipboard()->mimeData();
        QVERIFY(data->hasFormat(QString::fromLatin1(MainWindow::kModelMimeType)));
        QCOMPARE(data->text().toUtf8(),
                 data->data(QString::fromLatin1(MainWindow::kModelMimeType)));

        const int steps = window.undoStack().count();
        QVERIFY(window.paste());
        QCOMPARE(window.undoStack().count(), steps + 1);
        const model::Model &after = window.document().model();
        QCOMPARE(after.components.size(), componentsBefore + 2);
        QCOMPARE(after.links.size(), linksBefore + 1);
        // The pasted pair has new ids, is selected, and its link joins the new ids.
        const QStringList pasted = window.scene()->selectedComponentIds();
        QCOMPARE(pasted.size(), 2);
        for (const QString &id : pasted)
            QVERIFY(!ids.contains(id));
        QCOMPARE(linksBetween(after, pasted), 1);
        for (qsizetype i = 0; i < 2; ++i)
            QCOMPARE(after.layout.value(pasted.at(i)),
                     after.layout.value(ids.at(i)) + QPointF(30, 30));
        QCOMPARE(after.find(pasted.at(0))->kind, after.find(ids.at(0))->kind);
        QCOMPARE(after.find(pasted.at(0))->parameters, after.find(ids.at(0))->parameters);

        window.undoStack().undo();
        QCOMPARE(saved(window), before);
        window.undoStack().redo();
        QCOMPARE(window.document().model().components.size(), componentsBefore + 2);
        window.undoStack().undo();
        QCOMPARE(saved(window), before);
    }

    void copyingALinkBringsItsEnds_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<bool>("replication");
        QTest::newRow("request link") << "web-us"
                                      << "cache" << false;
        QTest::newRow("replication link") << "shard-2"
                                          << "shard-2-r1" << true;
    }
    void copyingALinkBringsItsEnds()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(bool, replication);
        MainWindow window;
        QVERIFY(window.openFile(kCapstone));
        const QByteArray before = saved(window);
        const qsizetype components = window.document().model().components.size();
        const qsizetype links = window.document().model().links.size();
        selectLink(window, from, to);
        QVERIFY(window.scene()->selectedComponentIds().isEmpty()); // the link alone
        QVERIFY(window.copySelection());
        // Both ends and the link, in the model format, and nothing else.
        const model::Model copied = clipboardModel();
        QCOMPARE(copied.components.size(), 2);
        QCOMPARE(copied.components.at(0).id, from);
        QCOMPARE(copied.components.at(1).id, to);
        QCOMPARE(copied.links.size(), 1);
        QCOMPARE(copied.links.first().from, from);
        QCOMPARE(copied.links.first().to, to);
        QCOMPARE(copied.links.first().kind == model::Link::Kind::Replication, replication);
        QCOMPARE(copied.layout.size(), 2);

        QVERIFY(window.paste());
        QCOMPARE(window.undoStack().count(), 1);
        const model::Model &after = window.document().model();
        QCOMPARE(after.components.size(), components + 2);
        QCOMPARE(after.links.size(), links + 1);
        const QStringList pasted = window.scene()->selectedComponentIds();
        QCOMPARE(pasted.size(), 2);
        QVERIFY(!pasted.contains(from) && !pasted.contains(to));
        const model::Link &link = after.links.last();
        QCOMPARE(link.from, pasted.at(0));
        QCOMPARE(link.to, pasted.at(1));
        QCOMPARE(link.kind == model::Link::Kind::Replication, replication);
        QCOMPARE(after.find(pasted.at(0))->parameters, after.find(from)->parameters);
        QCOMPARE(after.layout.value(pasted.at(1)), after.layout.value(to) + QPointF(30, 30));
        window.undoStack().undo();
        QCOMPARE(saved(window), before);
        window.undoStack().redo();
        QCOMPARE(window.document().model().links.size(), links + 1);
        window.undoStack().undo();
        QCOMPARE(saved(window), before);
    }

    void linksAndComponentsCopyTogether()
    {
        // A component with a link elsewhere: the component, the link's ends and the link; the
        // component's other links stay behind, their far ends not being copied.
        MainWindow window;
        QVERIFY(window.openFile(kCapstone));
        selectLink(window, QStringLiteral("jobs"), QStringLiteral("workers"));
        window.scene()->componentItem(QStringLiteral("router"))->setSelected(true);
        QVERIFY(window.copySelection());
        const model::Model copied = clipboardModel();
        QStringList ids;
        for (const model::Component &c : copied.components)
            ids.append(c.id);
        QCOMPARE(ids, (QStringList{QStringLiteral("router"), QStringLiteral("jobs"),
                                   QStringLiteral("workers")}));
        QCOMPARE(copied.links.size(), 1);
        QCOMPARE(copied.links.first().from, QStringLiteral("jobs"));

        // A link between two selected components is copied once.
        window.scene()->clearSelection();
        selectLink(window, QStringLiteral("jobs"), QStringLiteral("workers"));
        window.scene()->componentItem(QStringLiteral("jobs"))->setSelected(true);
        window.scene()->componentItem(QStringLiteral("workers"))->setSelected(true);
        QVERIFY(window.copySelection());
        QCOMPARE(clipboardModel().components.size(), 2);
        QCOMPARE(clipboardModel().links.size(), 1);
    }

    void duplicatingOrCuttingALink()
    {
        MainWindow window;
        QVERIFY(window.openFile(kCapstone));
        const QByteArray before = saved(window);
        const qsizetype links = window.document().model().links.size();
        selectLink(window, QStringLiteral("lb-eu"), QStringLiteral("web-eu"));
        window.duplicateSelection();
        QCOMPARE(window.undoStack().count(), 1);
        QCOMPARE(linksBetween(window.document().model(), window.scene()->selectedComponentIds()),
                 1);
        window.undoStack().undo();
        QCOMPARE(saved(window), before);

        // Cut copies the ends with the link but removes only what was selected: the link.
        selectLink(window, QStringLiteral("lb-eu"), QStringLiteral("web-eu"));
        window.cutSelection();
        QCOMPARE(window.undoStack().count(), 1);
        QCOMPARE(window.document().model().links.size(), links - 1);
        QVERIFY(window.document().model().find(QStringLiteral("lb-eu")));
        QCOMPARE(clipboardModel().components.size(), 2);
        QCOMPARE(clipboardModel().links.size(), 1);
        window.undoStack().undo();
        QCOMPARE(saved(window), before);
    }

    void pasteBetweenWindows()
    {
        MainWindow source;
        QVERIFY(source.openFile(kCapstone));
        const QStringList ids = selectLinkedPair(source);
        QVERIFY(source.copySelection());

        MainWindow target; // an empty model: nothing collides, the ids are kept
        const QByteArray before = saved(target);
        QVERIFY(target.paste());
        const model::Model &m = target.document().model();
        QCOMPARE(m.components.size(), 2);
        QCOMPARE(m.links.size(), 1);
        QCOMPARE(linksBetween(m, ids), 1);
        QCOMPARE(target.undoStack().count(), 1);
        QVERIFY(target.isWindowModified());
        target.undoStack().undo();
        QCOMPARE(saved(target), before);
    }

    void garbageRefused_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("not json") << QStringLiteral("hello, world");
        QTest::newRow("not a model") << QStringLiteral("{\"components\": 3}");
        QTest::newRow("dangling link")
            << QStringLiteral("{\"components\": [{\"id\": \"a\", \"type\": \"client\"}], "
                              "\"links\": [{\"from\": \"a\", \"to\": \"b\"}]}");
        QTest::newRow("empty") << QString();
    }
    void garbageRefused()
    {
        QFETCH(QString, text);
        MainWindow window;
        QVERIFY(window.openFile(kCapstone));
        const QByteArray before = saved(window);
        QApplication::clipboard()->setText(text);
        window.statusBar()->clearMessage();
        QVERIFY(!window.paste());
        QCOMPARE(saved(window), before);
        QCOMPARE(window.undoStack().count(), 0);
        QVERIFY(!window.statusBar()->currentMessage().isEmpty());
    }

    void cutAndUndo()
    {
        MainWindow window;
        QVERIFY(window.openFile(kCapstone));
        const QByteArray before = saved(window);
        const QStringList ids = selectLinkedPair(window);
        window.cutSelection();
        QCOMPARE(window.undoStack().count(), 1);
        for (const QString &id : ids)
            QVERIFY(!window.document().model().find(id));
        // What was cut pastes back under its own ids, since nothing collides any more.
        QVERIFY(window.paste());
        for (const QString &id : ids)
            QVERIFY(window.document().model().find(id));
        window.undoStack().undo();
        window.undoStack().undo();
        QCOMPARE(saved(window), before);
    }

    void duplicate()
    {
        MainWindow window;
        QVERIFY(window.openFile(kCapstone));
        const QByteArray before = saved(window);
        const QStringList ids = selectLinkedPair(window);
        QApplication::clipboard()->setText(QStringLiteral("untouched"));
        window.duplicateSelection();
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("untouched"));
        const QStringList copies = window.scene()->selectedComponentIds();
        QCOMPARE(copies.size(), 2);
        QCOMPARE(linksBetween(window.document().model(), copies), 1);
        // Duplicating the duplicate numbers on rather than stacking suffixes.
        window.duplicateSelection();
        for (const QString &id : window.scene()->selectedComponentIds())
            QVERIFY2(id.count(QLatin1Char('-')) <= ids.first().count(QLatin1Char('-')) + 1 ||
                         id.count(QLatin1Char('-')) <= ids.last().count(QLatin1Char('-')) + 1,
                     qPrintable(id));
        QCOMPARE(window.undoStack().count(), 2);
        window.undoStack().undo();
        window.undoStack().undo();
        QCOMPARE(saved(window), before);
    }

    void recentFiles()
    {
        QTemporaryDir dir;
        QStringList written;
        for (int i = 0; i < 10; ++i) {
            const QString path = dir.filePath(QStringLiteral("m%1.json").arg(i));
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("{}");
            written.append(path);
            MainWindow::addRecentFile(path);
        }
        QStringList recent = MainWindow::recentFiles();
        QCOMPARE(recent.size(), MainWindow::kMaxRecentFiles);
        QCOMPARE(recent.first(), written.last()); // newest first
        QCOMPARE(recent.last(), written.at(2));
        MainWindow::addRecentFile(written.at(5)); // again: moves to the front, no duplicate
        recent = MainWindow::recentFiles();
        QCOMPARE(recent.first(), written.at(5));
        QCOMPARE(recent.count(written.at(5)), 1);
        QCOMPARE(recent.size(), MainWindow::kMaxRecentFiles);

        // The menu forgets a file that went away and offers the rest, plus Clear Menu.
        QFile::remove(written.at(9));
        MainWindow window;
        emit window.recentMenu()->aboutToShow();
        QCOMPARE(MainWindow::recentFiles().size(), MainWindow::kMaxRecentFiles - 1);
        QVERIFY(!MainWindow::recentFiles().contains(written.at(9)));
        QCOMPARE(window.recentMenu()->actions().size(), MainWindow::kMaxRecentFiles - 1 + 2);
        window.recentMenu()->actions().last()->trigger(); // Clear Menu
        QVERIFY(MainWindow::recentFiles().isEmpty());

        // Opening and saving put files on the list.
        MainWindow opener;
        QVERIFY(opener.openFile(kCapstone));
        QCOMPARE(MainWindow::recentFiles().first(), QFileInfo(kCapstone).absoluteFilePath());
    }

    void autosaveWritesAndSaveRemoves()
    {
        QTemporaryDir dir;
        MainWindow window;
        window.setAutosaveInterval(50);
        QVERIFY(window.openFile(kCapstone));
        const QString recovery = window.recoveryFilePath();
        QVERIFY(recovery.startsWith(MainWindow::recoveryDirectory()));
        // Clean: no autosave however long one waits.
        QTest::qWait(200);
        QVERIFY(!QFile::exists(recovery));

        selectLinkedPair(window);
        window.duplicateSelection();
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(recovery), 2000);
        QFile file(recovery);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const model::LoadResult loaded = model::parseModel(file.readAll());
        QVERIFY2(loaded.ok(), qPrintable(loaded.message()));
        QCOMPARE(*loaded.model, window.document().model());
        file.close();

        QVERIFY(window.saveFile(dir.filePath(QStringLiteral("saved.json"))));
        QVERIFY(!QFile::exists(recovery));
        QTest::qWait(200); // clean again: the timer does not bring it back
        QVERIFY(!QFile::exists(recovery));

        // Undo back to clean removes it too.
        window.duplicateSelection();
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(recovery), 2000);
        window.undoStack().undo();
        QVERIFY(!QFile::exists(recovery));
    }

    void crashIsRecovered()
    {
        // A crashed session's autosave: a file named after a process that is not running.
        model::Model crashed;
        {
            MainWindow window;
            QVERIFY(window.openFile(kCapstone));
            crashed = window.document().model();
        }
        crashed.name = QStringLiteral("Work in progress");
        QDir().mkpath(MainWindow::recoveryDirectory());
        const QString left = MainWindow::recoveryDirectory() + QStringLiteral("/999999999-1.json");
        QFile file(left);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(model::serializeModel(crashed));
        file.close();

        // Declined: nothing loaded, and it is not offered again.
        QStringList offered;
        MainWindow::recoveryDecision = [&offered](const QString &path) {
            offered.append(path);
            return false;
        };
        {
            MainWindow window;
            QVERIFY(!window.offerRecovery());
            QCOMPARE(offered.size(), 1);
            QCOMPARE(window.document().model().components.size(), 0);
        }

        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(model::serializeModel(crashed));
        file.close();
        // A running process's file (this one's) is not offered.
        MainWindow running;
        running.setAutosaveInterval(10);
        running.openFile(kCapstone);
        selectLinkedPair(running);
        running.duplicateSelection();
        QVERIFY(running.writeRecoveryFile());

        offered.clear();
        MainWindow::recoveryDecision = [&offered](const QString &path) {
            offered.append(path);
            return true;
        };
        MainWindow window;
        QVERIFY(window.offerRecovery());
        QCOMPARE(offered, QStringList{QFileInfo(left).absoluteFilePath()});
        QCOMPARE(window.document().model(), crashed);
        QVERIFY(window.isWindowModified());
        QVERIFY(!window.undoStack().isClean());
        QVERIFY(window.filePath().isEmpty());
        QVERIFY(!QFile::exists(left));
        QVERIFY(QFile::exists(running.recoveryFilePath()));
    }
};

QTEST_MAIN(TestWorkbenchFiles)
#include "tst_workbench_files.moc"
