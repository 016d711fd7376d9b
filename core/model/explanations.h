#pragma once

#include "component_kind.h"

#include "sim/hop_fact.h"
#include "sim/load_fact.h"

#include <QCoreApplication>
#include <QString>

namespace scalelab::sim {
struct RunResults;
} // namespace scalelab::sim

namespace scalelab::model {

// The one place where the engine's facts become sentences: the results JSON, the command line's
// table, the workbench's bottleneck story and trace all say the same thing for the same fact, in
// the language a translator installs (English where none is, as on the command line). The advice
// in a sentence is the component kind's own (ComponentKindSpec::advice), the one the analysis
// gives for the same situation.
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
};

} // namespace scalelab::model
