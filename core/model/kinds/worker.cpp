// Workers taking jobs from their queue: together one pool of servers.

#include "kind_support.h"

#include "sim/worker.h"

#include <algorithm>

namespace scalelab::model::kinds {

namespace {

std::unique_ptr<sim::Component> build(const Component &c, const BuildContext &)
{
    sim::Worker::Config cfg;
    cfg.capacity = poolCapacity(c, QString());
    cfg.service = toSim(c.distribution(QStringLiteral("service_ms")));
    return std::make_unique<sim::Worker>(c.id.toStdString(), cfg);
}

// Workers pull from one shared queue: together they are one pool of servers.
StationCapacity capacity(const Component &c)
{
    StationCapacity capacity;
    capacity.servers =
        coresOf(c, 1) * std::max(1, static_cast<int>(c.number(QStringLiteral("count"), 1)));
    capacity.perInstance = capacity.servers;
    return capacity;
}

double nominalDemandMs(const Component &c)
{
    return meanOf(c, QStringLiteral("service_ms"), 100);
}

QString advice(const AdviceContext &)
{
    return QCoreApplication::translate("ComponentKind",
                                       "jobs pile up in its queue when they arrive faster than it "
                                       "finishes them: add workers (count) or cores");
}

QString spofReason(const Component &c)
{
    return QCoreApplication::translate("ComponentKind",
                                       "%1 is a single worker: if it fails, jobs wait until it "
                                       "recovers. Add workers (count 2).")
        .arg(c.id);
}

ComponentKindSpec makeKind()
{
    ComponentKindSpec spec;
    spec.kind = ComponentKind::Worker;
    spec.idStem = QStringLiteral("worker");
    spec.type = makeType(
        QStringLiteral("worker"), QT_TRANSLATE_NOOP("ParameterTable", "Worker"),
        QT_TRANSLATE_NOOP("ParameterTable", "Takes jobs from its queue and works on them."),
        {
            countSpec(QT_TRANSLATE_NOOP(
                "ParameterTable", "How many identical workers share the load (scaling out).")),
            coresSpec(
                1, QT_TRANSLATE_NOOP("ParameterTable", "How many requests one worker works on at "
                                                       "the same time; more wait in its queue.")),
            distribution(QStringLiteral("service_ms"), exponential(100),
                         QT_TRANSLATE_NOOP("ParameterTable", "CPU time one job needs on a core.")),
        });
    spec.actions = {QStringLiteral("fail"), QStringLiteral("recover"), QStringLiteral("slow")};
    spec.build = build;
    spec.capacity = capacity;
    spec.nominalDemandMs = nominalDemandMs;
    spec.serviceParameter = QStringLiteral("service_ms");
    spec.note = stationNote;
    spec.advice = advice;
    spec.spofReason = spofReason;
    return spec;
}

} // namespace

const ComponentKindSpec &workerKind()
{
    static const ComponentKindSpec spec = makeKind();
    return spec;
}

} // namespace scalelab::model::kinds
