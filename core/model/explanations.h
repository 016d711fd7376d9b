#pragma once

#include "component_kind.h"

#include "sim/hop_fact.h"
#include "sim/load_fact.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace scalelab::sim {
struct RunResults;
} // namespace scalelab::sim

namespace scalelab::model {

// The one place where the engine's facts and the analysis's findings become sentences: the
// results JSON, the command line's table, the workbench's bottleneck story and trace all say the
// same thing for the same fact, in the language a translator installs (English where none is, as
// on the command line). The advice in a sentence is the component kind's own
// (ComponentKindSpec::advice), the one the analysis gives for the same situation; what a kind
// alone knows (its note and single-point-of-failure reason) it words itself, in the
// "ComponentKind" context.
class Explanations {
    Q_DECLARE_TR_FUNCTIONS(Explanations)

public:
    // What keeps a component busy and what would help: "db is busy 93 % of the time serving reads
    // (88 % of its work); a cache or read replicas would take reads off it".
    static QString load(const sim::LoadFact &fact);
    // The run's bottleneck sentence, or "nothing is near its capacity yet: ..."; empty when
    // nothing has a capacity limit.
    static QString bottleneck(const sim::RunResults &results);
    // The decision behind a traced hop: "lb picked web instance 3: least connections, 2 open".
    static QString hop(const sim::HopFact &fact);

    // The situation a load fact describes, as a kind's advice needs it.
    static AdviceContext adviceContext(const sim::LoadFact &fact);
    // What would relieve a component of `kind` in `context`: its kind's advice, or a general word
    // for kinds that have none.
    static QString advice(ComponentKind kind, const AdviceContext &context);
    // The same for a type named by the engine (a load fact's type; core/sim knows no kinds): the
    // general word when the name is no kind.
    static QString advice(const QString &type, const AdviceContext &context);

    // The analysis's bottleneck, at `utilization` of its capacity (1 and more: overloaded), spent
    // mostly on `work`: "db is predicted busy 93 % of the time serving reads; <advice>". One
    // sentence without a final full stop, as docs/model.md's results show it.
    static QString predictedBottleneck(const QString &id, ComponentKind kind, Work work,
                                       double utilization, const QString &advice);
    // The analysis's explanation when no component has work to do at the load.
    static QString nothingPredictedBusy();
    // What the analysis adds to a kind's note (each a sentence of its own): the M/M/c wait of a
    // service time that is not exponential, and a request cycle the estimate cut.
    static QString waitOnlyIndicative();
    static QString cycleCut();
    // Single points of failure: a shard's reason, the reason of a kind that has none of its own,
    // and the sentence that follows either when losing it cuts components off.
    static QString onlyCopyOfShard(const QString &id);
    static QString noAlternative(const QString &id);
    static QString cutOff(const QStringList &ids);
    // "a", "a and b", "a, b and c".
    static QString list(const QStringList &items);
};

} // namespace scalelab::model
