// Everything a person reads from the analysis goes through Qt's translation system whole: with a
// translator installed, every estimate's note, the bottleneck explanation and every reason for a
// single point of failure come out in the translator's words, with nothing put together outside
// of them; the parameter table's titles, help and units come out in its words where the inspector
// and the palette show them. Without one, everything stays in English (the results guard,
// cli/results_unchanged, holds the exact words).

#include "model_test_support.h"
#include "translation_test_support.h"

#include "model/analysis.h"
#include "model/explanations.h"
#include "model/parameter_table.h"

#include <QDir>
#include <QTest>

#include <functional>

using namespace scalelab;
using namespace scalelab::testing;

namespace {

// Every model the project ships or tests with: between them every kind, note and reason.
QStringList modelFiles()
{
    const QDir data(QStringLiteral(SCALELAB_TEST_DATA));
    QStringList files;
    for (const QString &name : data.entryList({QStringLiteral("*.json")}, QDir::Files)) {
        if (name != QLatin1String("expect.json"))
            files << data.filePath(name);
    }
    for (const QString &lessons : {data.filePath(QStringLiteral("lessons")),
                                   data.filePath(QStringLiteral("../../lessons"))}) {
        const QDir dir(lessons);
        for (const QString &lesson : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            for (const char *file : {"start.json", "solution.json"})
                files << dir.filePath(lesson + QLatin1Char('/') + QLatin1String(file));
        }
    }
    const QDir assets(data.filePath(QStringLiteral("../../assets/models")));
    for (const QString &name : assets.entryList({QStringLiteral("*.json")}, QDir::Files))
        files << assets.filePath(name);
    return files;
}

QStringList idsOf(const model::Model &m)
{
    QStringList ids;
    for (const model::Component &c : m.components)
        ids << c.id;
    return ids;
}

} // namespace

class TestTranslation : public QObject {
    Q_OBJECT

private slots:
    // At the model's own load, at a load that overloads it and at none: the three explanations.
    void analysisSpeaksTheTranslatorsWords()
    {
        const QStringList files = modelFiles();
        QVERIFY(files.size() > 20);
        bool busy = false, overloaded = false, idle = false, cutOff = false, notes = false;
        const MarkedTranslation marked;
        for (const QString &file : files) {
            const model::LoadResult loaded = model::loadModelFile(file);
            QVERIFY2(loaded.ok(), qPrintable(file + QStringLiteral(": ") + loaded.message()));
            const model::Model &m = *loaded.model;
            const QStringList ids = idsOf(m);
            const model::Analysis own = model::analyze(m);
            QList<model::Analysis> analyses{own, model::analyze(m, 0.0)};
            if (own.offeredRps > 0)
                analyses << model::analyze(m, own.offeredRps * 1000);
            for (const model::Analysis &analysis : analyses) {
                const QString where = QFileInfo(file).fileName() + QStringLiteral(" at ") +
                                      QString::number(analysis.offeredRps) +
                                      QStringLiteral(" rps: ");
                QVERIFY2(untranslatedIn(analysis.explanation, ids).isEmpty(),
                         qPrintable(where + analysis.explanation));
                busy = busy || analysis.explanation.contains(QLatin1String("PREDICTED BUSY"));
                overloaded = overloaded ||
                             analysis.explanation.contains(QLatin1String("PREDICTED OVERLOADED"));
                idle = idle || analysis.explanation.contains(QLatin1String("NO COMPONENT"));
                for (const model::ComponentEstimate &estimate : analysis.estimates) {
                    QVERIFY2(
                        untranslatedIn(estimate.note, ids).isEmpty(),
                        qPrintable(where + estimate.id + QStringLiteral(": ") + estimate.note));
                    notes = notes || !estimate.note.isEmpty();
                }
                for (auto it = analysis.spofReasons.cbegin(); it != analysis.spofReasons.cend();
                     ++it) {
                    QVERIFY2(untranslatedIn(it.value(), ids).isEmpty(),
                             qPrintable(where + it.key() + QStringLiteral(": ") + it.value()));
                    cutOff = cutOff || it.value().contains(QLatin1String("WITHOUT IT"));
                }
            }
        }
        // The models reach every form of sentence this test means to check.
        QVERIFY(busy);
        QVERIFY(overloaded);
        QVERIFY(idle);
        QVERIFY(cutOff);
        QVERIFY(notes);
    }

    // The check above would catch a word left out of the translator: it does.
    void untranslatedWordsAreFound()
    {
        const MarkedTranslation marked;
        const QString whole = model::Explanations::noAlternative(QStringLiteral("web-eu"));
        QCOMPARE(whole, QStringLiteral("«web-eu HAS NO ALTERNATIVE: IF IT FAILS, REQUESTS CANNOT "
                                       "GET PAST IT.»"));
        QCOMPARE(untranslatedIn(whole, {QStringLiteral("web"), QStringLiteral("web-eu")}),
                 QString());
        QCOMPARE(untranslatedIn(whole + QStringLiteral(" Add one."), {}),
                 QStringLiteral("Addone."));
        QCOMPARE(untranslatedIn(QStringLiteral("«%1 IS BUSY»").arg(QStringLiteral("serving db")),
                                {QStringLiteral("db")}),
                 QStringLiteral("serving"));
        QCOMPARE(model::Explanations::list(
                     {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}),
                 QStringLiteral("««a, b» AND c»"));
    }

    // Titles, help and units as the inspector and the palette ask for them.
    void parameterTableSpeaksTheTranslatorsWords()
    {
        const MarkedTranslation marked;
        const auto marks = [](const QString &text) {
            return text.isEmpty() || model::translatedSpecText(text) ==
                                         QStringLiteral("«") + text.toUpper() + QStringLiteral("»");
        };
        const std::function<void(const model::ParameterSpec &)> verify =
            [&](const model::ParameterSpec &spec) {
                QVERIFY2(marks(spec.help), qPrintable(spec.name));
                QVERIFY2(marks(spec.unit), qPrintable(spec.name));
                for (const model::ParameterSpec &field : spec.fields)
                    verify(field);
            };
        for (const model::ComponentTypeSpec &type : model::componentTypes()) {
            QVERIFY(marks(type.title));
            QVERIFY(marks(type.help));
            for (const model::ParameterSpec &spec : type.parameters)
                verify(spec);
        }
        QCOMPARE(model::translatedSpecText(model::componentType(QStringLiteral("cache"))->title),
                 QStringLiteral("«CACHE»"));
        // Nothing to say stays nothing, rather than a pair of marks.
        QCOMPARE(model::translatedSpecText(QString()), QString());
    }

    // Without a translator the table's English is what shows.
    void englishWithoutATranslator()
    {
        const model::ComponentTypeSpec *cache = model::componentType(QStringLiteral("cache"));
        QCOMPARE(model::translatedSpecText(cache->title), QStringLiteral("Cache"));
        QCOMPARE(model::translatedSpecText(cache->parameters.first().help),
                 QStringLiteral("How many keys the cache holds."));
    }
};

QTEST_GUILESS_MAIN(TestTranslation)
#include "tst_translation.moc"
