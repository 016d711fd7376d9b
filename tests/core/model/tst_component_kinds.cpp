// The registry of component kinds: every kind it lists is complete, and each one loads, builds,
// runs and is analysed on its own; the actions it claims are the ones its engine object performs,
// and the parameters that name other components follow a rename and a removal. Nothing here
// names a kind: a new kind is checked the moment it joins the registry.

#include "model_test_support.h"

#include "model/analysis.h"
#include "model/component_kind.h"
#include "model/model_json.h"
#include "model/parameter_table.h"
#include "model/simulation_builder.h"

#include "sim/component.h"
#include "sim/engine.h"

#include <QJsonArray>
#include <QSet>
#include <QTest>

#include <functional>

using namespace scalelab;
using namespace scalelab::model;

namespace {

// A valid value for a parameter that names another component, `peer`.
QJsonValue sampleValue(const ParameterSpec &spec, const QString &peer)
{
    switch (spec.kind) {
    case ValueKind::ComponentId:
        return peer;
    case ValueKind::Choice:
        return spec.choices.value(0);
    case ValueKind::Number:
    case ValueKind::Integer:
        return std::isfinite(spec.minimum) ? spec.minimum + 1 : 1.0;
    case ValueKind::Text:
        return QStringLiteral("x");
    case ValueKind::Object:
    case ValueKind::ObjectList: {
        QJsonObject object;
        for (const ParameterSpec &field : spec.fields)
            if (field.required || field.kind == ValueKind::ComponentId)
                object.insert(field.name, sampleValue(field, peer));
        if (spec.kind == ValueKind::Object)
            return object;
        return QJsonArray{object};
    }
    case ValueKind::Distribution:
    case ValueKind::Mix:
        break;
    }
    return spec.defaultValue;
}

// A component of `kind` whose every reference to another component names `peer`.
Component referring(ComponentKind kind, const QString &id, const QString &peer)
{
    Component c = newComponentOf(kind, id);
    for (const ParameterSpec &p : kindSpec(kind).type.parameters) {
        const bool refers = p.kind == ValueKind::ComponentId ||
                            std::any_of(p.fields.begin(), p.fields.end(), [](const auto &f) {
                                return f.kind == ValueKind::ComponentId;
                            });
        if (refers)
            c.parameters.insert(p.name, sampleValue(p, peer));
    }
    return c;
}

} // namespace

class TestComponentKinds : public QObject {
    Q_OBJECT

private slots:
    void everyEnumeratorIsRegisteredOnce()
    {
        QSet<int> seen;
        QSet<QString> names;
        QSet<QString> stems;
        for (const ComponentKindSpec *spec : componentKinds()) {
            seen.insert(static_cast<int>(spec->kind));
            names.insert(spec->type.type);
            stems.insert(spec->idStem);
            QCOMPARE(&kindSpec(spec->kind), spec);
            QVERIFY(kindNamed(kindName(spec->kind)) == spec->kind);
        }
        QCOMPARE(seen.size(), kComponentKindCount);
        QCOMPARE(componentKinds().size(), kComponentKindCount);
        QCOMPARE(names.size(), kComponentKindCount);
        QCOMPARE(stems.size(), kComponentKindCount); // ids say what a component is
        QVERIFY(!kindNamed(QStringLiteral("mainframe")));
        // The parameter table is the registry's, in its order.
        QCOMPARE(componentTypes().size(), kComponentKindCount);
        for (int i = 0; i < kComponentKindCount; ++i)
            QCOMPARE(componentTypes().at(i).type, componentKinds().at(i)->type.type);
    }

    void kind_data()
    {
        QTest::addColumn<int>("kind");
        for (const ComponentKindSpec *spec : componentKinds())
            QTest::newRow(qPrintable(spec->type.type)) << static_cast<int>(spec->kind);
    }

    void everyKindIsComplete_data() { kind_data(); }
    void everyKindIsComplete()
    {
        QFETCH(int, kind);
        const ComponentKindSpec &spec = kindSpec(static_cast<ComponentKind>(kind));
        QVERIFY(!spec.type.title.isEmpty());
        QVERIFY(spec.type.help.endsWith(QLatin1Char('.')));
        QVERIFY(!spec.idStem.isEmpty());
        QVERIFY(spec.build);
        const std::function<void(const ParameterSpec &)> documented = [&](const ParameterSpec &p) {
            QVERIFY2(p.help.endsWith(QLatin1Char('.')), qPrintable(p.name + " has no help"));
            for (const ParameterSpec &f : p.fields)
                documented(f);
        };
        for (const ParameterSpec &p : spec.type.parameters)
            documented(p);
        for (auto it = spec.starts.begin(); it != spec.starts.end(); ++it)
            QVERIFY2(findParameter(spec.type.parameters, it.key()),
                     qPrintable(it.key() + " starts but is no parameter"));
        for (const QString &action : spec.actions)
            QVERIFY2(scenarioAction(action), qPrintable(action));
        // A queueing station can be the bottleneck: the analysis needs its demand, the shape of
        // its service time and what would relieve it.
        if (spec.capacity) {
            QVERIFY(spec.nominalDemandMs);
            QVERIFY(spec.advice);
            QVERIFY(findParameter(spec.type.parameters, spec.serviceParameter));
        }
        QCOMPARE(spec.spofReason != nullptr, spec.canBeSinglePointOfFailure);
    }

    // On its own, as the palette adds it: it loads, saves back unchanged, runs and is analysed.
    void everyKindRunsAndIsAnalysedAlone_data() { kind_data(); }
    void everyKindRunsAndIsAnalysedAlone()
    {
        QFETCH(int, kind);
        const ComponentKindSpec &spec = kindSpec(static_cast<ComponentKind>(kind));
        Model m;
        m.components << newComponentOf(spec.kind, spec.idStem);
        m.scenario.durationS = 5;
        const LoadResult loaded = parseModel(serializeModel(m));
        QVERIFY2(loaded.ok(), qPrintable(loaded.message()));
        QCOMPARE(loaded.model->components, m.components);
        QVERIFY(unsupportedMechanisms(*loaded.model).isEmpty());

        const sim::RunResults results = testing::runScenario(*loaded.model, 1);
        QCOMPARE(results.components.size(), std::size_t{1});
        QCOMPARE(QString::fromStdString(results.components[0].type), spec.type.type);
        QCOMPARE(QString::fromStdString(results.components[0].id), spec.idStem);

        const Analysis analysis = analyze(*loaded.model);
        QCOMPARE(analysis.estimates.size(), 1);
        QCOMPARE(analysis.estimates[0].kind, spec.kind);
        QVERIFY(analysis.spof.isEmpty()); // no client sends anything, so nothing is on a path
    }

    // The actions a kind lists are exactly those its engine object performs.
    void actionsAreTheEngines_data() { kind_data(); }
    void actionsAreTheEngines()
    {
        QFETCH(int, kind);
        const ComponentKindSpec &spec = kindSpec(static_cast<ComponentKind>(kind));
        Model m;
        m.components << newComponentOf(spec.kind, spec.idStem);
        const auto engine = buildEngine(m, resolveSettings(m, {}, nullptr), 1);
        sim::Component &c = engine->component(0);
        QCOMPARE(c.spike(*engine, 2), spec.actions.contains(QStringLiteral("spike")));
        QCOMPARE(c.slow(*engine, 2), spec.actions.contains(QStringLiteral("slow")));
        QCOMPARE(c.flush(*engine), spec.actions.contains(QStringLiteral("flush")));
        QCOMPARE(c.fail(*engine, -1), spec.actions.contains(QStringLiteral("fail")));
        QCOMPARE(c.recover(*engine, -1), spec.actions.contains(QStringLiteral("recover")));
        for (const ScenarioActionSpec &action : scenarioActions())
            if (action.needsTarget)
                QCOMPARE(actionApplies(action.action, spec.kind),
                         spec.actions.contains(action.action));
    }

    // Parameters that name another component, found from the specs alone, follow a paste's
    // renaming and go with the component they name when it is removed.
    void referencesFollowRenameAndRemoval_data() { kind_data(); }
    void referencesFollowRenameAndRemoval()
    {
        QFETCH(int, kind);
        const auto k = static_cast<ComponentKind>(kind);
        const Component c = referring(k, QStringLiteral("x"), QStringLiteral("peer"));
        const int references = static_cast<int>(componentReferences(k).size());
        QCOMPARE(referencedIds(c).size(), references);

        Component renamed = c;
        renamed.parameters = withReferencesRenamed(
            c, {{QStringLiteral("peer"), QStringLiteral("peer-2")}, {"x", "x-2"}});
        QCOMPARE(referencedIds(renamed), QStringList(references, QStringLiteral("peer-2")));
        // Ids that were not renamed stay as they are.
        QCOMPARE(withReferencesRenamed(c, {{QStringLiteral("other"), QStringLiteral("o")}}),
                 c.parameters);

        Component removed = c;
        removed.parameters = withoutReferencesTo(c, QStringLiteral("peer"));
        QVERIFY(referencedIds(removed).isEmpty());
        QCOMPARE(withoutReferencesTo(c, QStringLiteral("other")), c.parameters);

        // The model with the reference loads: the specs describe what the loader accepts.
        if (references > 0) {
            Model m;
            m.components << c << newComponentOf(k, QStringLiteral("peer"));
            const LoadResult loaded = parseModel(serializeModel(m));
            QVERIFY2(loaded.ok(), qPrintable(loaded.message()));
        }
    }
};

QTEST_GUILESS_MAIN(TestComponentKinds)
#include "tst_component_kinds.moc"
