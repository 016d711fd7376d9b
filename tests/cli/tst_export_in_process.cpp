// The subcommands are a library without the workbench's widgets: `export` draws its pictures in
// this process under a plain QGuiApplication (QTEST_MAIN makes one, as no widgets are linked),
// as `scalelab export` does on the offscreen platform.

#include "cli_test_support.h"

#include "app/subcommands.h"

#include <QCoreApplication>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>

using namespace scalelab;

class TestExportInProcess : public QObject {
    Q_OBJECT

private slots:
    void picturesNeedNoWidgets();
};

void TestExportInProcess::picturesNeedNoWidgets()
{
    QVERIFY(QCoreApplication::instance()->inherits("QGuiApplication"));
    QVERIFY(!QCoreApplication::instance()->inherits("QApplication"));
    QTemporaryDir dir;
    const QString png = dir.filePath(QStringLiteral("capstone.png"));
    QCOMPARE(app::exportCommand(
                 {testing::data(QStringLiteral("capstone.json")), QStringLiteral("-o"), png}),
             int(app::kDone));
    QImage image;
    QVERIFY(image.load(png, "PNG"));
    QVERIFY(image.width() > 400 && image.height() > 200);
    const QString pdf = dir.filePath(QStringLiteral("capstone.pdf"));
    QCOMPARE(app::exportCommand(
                 {testing::data(QStringLiteral("capstone.json")), QStringLiteral("-o"), pdf}),
             int(app::kDone));
    QFile file(pdf);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.read(4) == "%PDF");
}

QTEST_MAIN(TestExportInProcess)
#include "tst_export_in_process.moc"
