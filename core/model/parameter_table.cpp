#include "parameter_table.h"

#include "component_kind.h"
#include "kinds/kind_support.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace scalelab::model {

namespace {

using namespace kinds;

// A seed travels through JSON as a double: beyond 2^53 it would no longer be the seed written.
constexpr double kSeedMax = 9007199254740992.0;

QList<ParameterSpec> buildScenarioParameters()
{
    return {
        positive(QStringLiteral("duration_s"), QStringLiteral("s"), 60,
                 QT_TRANSLATE_NOOP("ParameterTable", "How much simulated time one run covers.")),
        number(QStringLiteral("warmup_s"), QStringLiteral("s"), {}, 0,
               QT_TRANSLATE_NOOP("ParameterTable",
                                 "Time at the start left out of the statistics, while queues fill "
                                 "up; 10 % of the duration when not set.")),
        integer(QStringLiteral("seed"), {}, 1, 0,
                QT_TRANSLATE_NOOP("ParameterTable",
                                  "Starting point of the random numbers: the same seed gives the "
                                  "same run."),
                kSeedMax),
        integer(QStringLiteral("replications"), QStringLiteral("runs"), 1, 1,
                QT_TRANSLATE_NOOP("ParameterTable",
                                  "How many independent runs to average, for confidence "
                                  "intervals."),
                1000),
    };
}

QList<ParameterSpec> buildDistributionParameters()
{
    return {
        choice(
            QStringLiteral("dist"),
            {QStringLiteral("exponential"), QStringLiteral("constant"), QStringLiteral("uniform"),
             QStringLiteral("lognormal"), QStringLiteral("erlang")},
            {},
            QT_TRANSLATE_NOOP("ParameterTable",
                              "The shape of the law: exponential (memoryless), constant, uniform, "
                              "lognormal (long tail) or erlang (k phases).")),
        number(QStringLiteral("mean"), {}, {}, 0,
               QT_TRANSLATE_NOOP("ParameterTable", "The average value.")),
        number(QStringLiteral("spread"), {}, 0, 0,
               QT_TRANSLATE_NOOP("ParameterTable",
                                 "uniform: the width of the interval, centred on the mean.")),
        number(QStringLiteral("cv"), {}, 1, 0,
               QT_TRANSLATE_NOOP("ParameterTable",
                                 "lognormal: the standard deviation divided by the mean.")),
        integer(QStringLiteral("k"), QStringLiteral("phases"), 1, 1,
                QT_TRANSLATE_NOOP("ParameterTable",
                                  "erlang: the number of phases; more phases vary less."),
                1000),
    };
}

ScenarioActionSpec makeAction(const QString &action, const char *help,
                              const QList<ParameterSpec> &parameters, bool needsTarget = true)
{
    ScenarioActionSpec spec;
    spec.action = action;
    spec.help = QString::fromUtf8(help);
    spec.needsTarget = needsTarget;
    spec.parameters = parameters;
    return spec;
}

ParameterSpec instanceSpec()
{
    return integer(QStringLiteral("instance"), {}, {}, 0,
                   QT_TRANSLATE_NOOP("ParameterTable",
                                     "Which instance of a pool (counting from 0); every instance "
                                     "when not set."));
}

QList<ParameterSpec> regionPairSpecs()
{
    return {
        text(QStringLiteral("a"),
             QT_TRANSLATE_NOOP("ParameterTable", "One region (written with b).")),
        text(QStringLiteral("b"),
             QT_TRANSLATE_NOOP("ParameterTable", "The other region (written with a).")),
        text(QStringLiteral("with"),
             QT_TRANSLATE_NOOP("ParameterTable", "The other region (written with target).")),
    };
}

QList<ScenarioActionSpec> buildScenarioActions()
{
    return {
        makeAction(QStringLiteral("fail"),
                   QT_TRANSLATE_NOOP("ParameterTable",
                                     "The target stops answering: all of it, or one instance of a "
                                     "pool."),
                   {instanceSpec()}),
        makeAction(QStringLiteral("recover"),
                   QT_TRANSLATE_NOOP("ParameterTable",
                                     "The target (or one instance) comes back, empty: caches "
                                     "restart cold."),
                   {instanceSpec()}),
        makeAction(QStringLiteral("slow"),
                   QT_TRANSLATE_NOOP("ParameterTable",
                                     "The target's service times are multiplied by factor (1 "
                                     "restores them)."),
                   {required(positive(QStringLiteral("factor"), {}, {},
                                      QT_TRANSLATE_NOOP("ParameterTable",
                                                        "How many times slower the target "
                                                        "works.")))}),
        makeAction(QStringLiteral("flush"),
                   QT_TRANSLATE_NOOP("ParameterTable",
                                     "The target cache, CDN or session store loses everything it "
                                     "holds."),
                   {}),
        makeAction(
            QStringLiteral("spike"),
            QT_TRANSLATE_NOOP("ParameterTable", "The target client sends factor times its rate for "
                                                "duration_s seconds."),
            {required(
                 positive(QStringLiteral("factor"), {}, {},
                          QT_TRANSLATE_NOOP("ParameterTable", "How many times the usual rate."))),
             required(positive(QStringLiteral("duration_s"), QStringLiteral("s"), {},
                               QT_TRANSLATE_NOOP("ParameterTable", "How long the spike lasts.")))}),
        makeAction(QStringLiteral("partition"),
                   QT_TRANSLATE_NOOP("ParameterTable",
                                     "The network between two regions breaks; write "
                                     "{\"a\": \"us\", \"b\": \"eu\"} or "
                                     "{\"target\": \"us\", \"with\": \"eu\"}."),
                   regionPairSpecs(), false),
        makeAction(QStringLiteral("heal"),
                   QT_TRANSLATE_NOOP("ParameterTable",
                                     "The network between two regions works again; write "
                                     "{\"a\": \"us\", \"b\": \"eu\"} or "
                                     "{\"target\": \"us\", \"with\": \"eu\"}."),
                   regionPairSpecs(), false),
    };
}

} // namespace

const QStringList &parameterUnits()
{
    // Each unit once, marked for lupdate where it is listed rather than at every parameter that
    // uses it; tst_parameter_table checks that no parameter uses a unit missing here.
    static const QStringList units = [] {
        static const char *const marked[] = {
            QT_TRANSLATE_NOOP("ParameterTable", "ms"),
            QT_TRANSLATE_NOOP("ParameterTable", "s"),
            QT_TRANSLATE_NOOP("ParameterTable", "rps"),
            QT_TRANSLATE_NOOP("ParameterTable", "keys"),
            QT_TRANSLATE_NOOP("ParameterTable", "objects"),
            QT_TRANSLATE_NOOP("ParameterTable", "users"),
            QT_TRANSLATE_NOOP("ParameterTable", "sessions"),
            QT_TRANSLATE_NOOP("ParameterTable", "cores"),
            QT_TRANSLATE_NOOP("ParameterTable", "instances"),
            QT_TRANSLATE_NOOP("ParameterTable", "requests"),
            QT_TRANSLATE_NOOP("ParameterTable", "connections"),
            QT_TRANSLATE_NOOP("ParameterTable", "jobs"),
            QT_TRANSLATE_NOOP("ParameterTable", "checks"),
            QT_TRANSLATE_NOOP("ParameterTable", "nodes"),
            QT_TRANSLATE_NOOP("ParameterTable", "runs"),
            QT_TRANSLATE_NOOP("ParameterTable", "phases"),
        };
        QStringList list;
        for (const char *unit : marked)
            list << QString::fromUtf8(unit);
        return list;
    }();
    return units;
}

QString translatedSpecText(const QString &text)
{
    if (text.isEmpty())
        return text;
    return QCoreApplication::translate("ParameterTable", text.toUtf8().constData());
}

const QList<ComponentTypeSpec> &componentTypes()
{
    static const QList<ComponentTypeSpec> types = [] {
        QList<ComponentTypeSpec> list;
        for (const ComponentKindSpec *kind : componentKinds())
            list << kind->type;
        return list;
    }();
    return types;
}

const ComponentTypeSpec *componentType(const QString &type)
{
    for (const ComponentTypeSpec &spec : componentTypes()) {
        if (spec.type == type)
            return &spec;
    }
    return nullptr;
}

const ParameterSpec *findParameter(const QList<ParameterSpec> &specs, const QString &name)
{
    for (const ParameterSpec &spec : specs) {
        if (spec.name == name)
            return &spec;
    }
    return nullptr;
}

const QList<ParameterSpec> &scenarioParameters()
{
    static const QList<ParameterSpec> parameters = buildScenarioParameters();
    return parameters;
}

const QList<ParameterSpec> &distributionParameters()
{
    static const QList<ParameterSpec> parameters = buildDistributionParameters();
    return parameters;
}

const QList<ScenarioActionSpec> &scenarioActions()
{
    static const QList<ScenarioActionSpec> actions = buildScenarioActions();
    return actions;
}

const ScenarioActionSpec *scenarioAction(const QString &action)
{
    for (const ScenarioActionSpec &spec : scenarioActions()) {
        if (spec.action == action)
            return &spec;
    }
    return nullptr;
}

} // namespace scalelab::model
