#include "parameter_table.h"

#include "component_kind.h"
#include "kinds/kind_support.h"

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
                 QStringLiteral("How much simulated time one run covers.")),
        number(QStringLiteral("warmup_s"), QStringLiteral("s"), {}, 0,
               QStringLiteral("Time at the start left out of the statistics, while queues fill "
                              "up; 10 % of the duration when not set.")),
        integer(QStringLiteral("seed"), {}, 1, 0,
                QStringLiteral("Starting point of the random numbers: the same seed gives the "
                               "same run."),
                kSeedMax),
        integer(QStringLiteral("replications"), QStringLiteral("runs"), 1, 1,
                QStringLiteral("How many independent runs to average, for confidence "
                               "intervals."),
                1000),
    };
}

QList<ParameterSpec> buildDistributionParameters()
{
    return {
        choice(QStringLiteral("dist"),
               {QStringLiteral("exponential"), QStringLiteral("constant"),
                QStringLiteral("uniform"), QStringLiteral("lognormal"), QStringLiteral("erlang")},
               {},
               QStringLiteral("The shape of the law: exponential (memoryless), constant, uniform, "
                              "lognormal (long tail) or erlang (k phases).")),
        number(QStringLiteral("mean"), {}, {}, 0, QStringLiteral("The average value.")),
        number(QStringLiteral("spread"), {}, 0, 0,
               QStringLiteral("uniform: the width of the interval, centred on the mean.")),
        number(QStringLiteral("cv"), {}, 1, 0,
               QStringLiteral("lognormal: the standard deviation divided by the mean.")),
        integer(QStringLiteral("k"), QStringLiteral("phases"), 1, 1,
                QStringLiteral("erlang: the number of phases; more phases vary less."), 1000),
    };
}

ScenarioActionSpec makeAction(const QString &action, const QString &help,
                              const QList<ParameterSpec> &parameters, bool needsTarget = true)
{
    ScenarioActionSpec spec;
    spec.action = action;
    spec.help = help;
    spec.needsTarget = needsTarget;
    spec.parameters = parameters;
    return spec;
}

ParameterSpec instanceSpec()
{
    return integer(QStringLiteral("instance"), {}, {}, 0,
                   QStringLiteral("Which instance of a pool (counting from 0); every instance "
                                  "when not set."));
}

QList<ParameterSpec> regionPairSpecs()
{
    return {
        text(QStringLiteral("a"), QStringLiteral("One region (written with b).")),
        text(QStringLiteral("b"), QStringLiteral("The other region (written with a).")),
        text(QStringLiteral("with"), QStringLiteral("The other region (written with target).")),
    };
}

QList<ScenarioActionSpec> buildScenarioActions()
{
    return {
        makeAction(QStringLiteral("fail"),
                   QStringLiteral("The target stops answering: all of it, or one instance of a "
                                  "pool."),
                   {instanceSpec()}),
        makeAction(QStringLiteral("recover"),
                   QStringLiteral("The target (or one instance) comes back, empty: caches "
                                  "restart cold."),
                   {instanceSpec()}),
        makeAction(QStringLiteral("slow"),
                   QStringLiteral("The target's service times are multiplied by factor (1 "
                                  "restores them)."),
                   {required(positive(QStringLiteral("factor"), {}, {},
                                      QStringLiteral("How many times slower the target "
                                                     "works.")))}),
        makeAction(QStringLiteral("flush"),
                   QStringLiteral("The target cache, CDN or session store loses everything it "
                                  "holds."),
                   {}),
        makeAction(QStringLiteral("spike"),
                   QStringLiteral("The target client sends factor times its rate for "
                                  "duration_s seconds."),
                   {required(positive(QStringLiteral("factor"), {}, {},
                                      QStringLiteral("How many times the usual rate."))),
                    required(positive(QStringLiteral("duration_s"), QStringLiteral("s"), {},
                                      QStringLiteral("How long the spike lasts.")))}),
        makeAction(QStringLiteral("partition"),
                   QStringLiteral("The network between two regions breaks; write "
                                  "{\"a\": \"us\", \"b\": \"eu\"} or "
                                  "{\"target\": \"us\", \"with\": \"eu\"}."),
                   regionPairSpecs(), false),
        makeAction(QStringLiteral("heal"),
                   QStringLiteral("The network between two regions works again; write "
                                  "{\"a\": \"us\", \"b\": \"eu\"} or "
                                  "{\"target\": \"us\", \"with\": \"eu\"}."),
                   regionPairSpecs(), false),
    };
}

} // namespace

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
