// A message queue buffering jobs for its workers, delivered at least once.

#include "kind_support.h"

#include "sim/queue.h"

namespace scalelab::model::kinds {

namespace {

std::unique_ptr<sim::Component> build(const Component &c, const BuildContext &)
{
    sim::MessageQueue::Config cfg;
    const QJsonValue jobs = c.value(QStringLiteral("capacity"));
    cfg.capacity = jobs.isDouble() ? static_cast<std::int64_t>(jobs.toDouble()) : -1;
    cfg.visibilityTimeout = sim::fromSeconds(c.number(QStringLiteral("visibility_timeout_s"), 30));
    return std::make_unique<sim::MessageQueue>(c.id.toStdString(), cfg);
}

QStringList note(const Component &, const StationCapacity &)
{
    return {QCoreApplication::translate("ComponentKind",
                                        "A buffer: its jobs queue for the workers, whose wait is "
                                        "estimated there.")};
}

QString spofReason(const Component &c)
{
    return QCoreApplication::translate("ComponentKind",
                                       "%1 is the only queue: if it fails, no job can be "
                                       "published. Add a second queue linked from the web tier "
                                       "and to the workers.")
        .arg(c.id);
}

ComponentKindSpec makeKind()
{
    ComponentKindSpec spec;
    spec.kind = ComponentKind::Queue;
    spec.idStem = QStringLiteral("queue");
    spec.type = makeType(
        QStringLiteral("queue"), QT_TRANSLATE_NOOP("ParameterTable", "Message queue"),
        QT_TRANSLATE_NOOP("ParameterTable",
                          "Buffers jobs for the linked workers; a job held by a failed worker is "
                          "delivered again."),
        {
            integer(QStringLiteral("capacity"), QStringLiteral("jobs"), {}, 1,
                    QT_TRANSLATE_NOOP("ParameterTable",
                                      "How many jobs the queue holds; further ones are refused. "
                                      "Unlimited when not set.")),
            positive(QStringLiteral("visibility_timeout_s"), QStringLiteral("s"), 30,
                     QT_TRANSLATE_NOOP("ParameterTable",
                                       "How long a taken job stays hidden before it is delivered "
                                       "again if not finished.")),
        });
    spec.actions = {QStringLiteral("fail"), QStringLiteral("recover")};
    spec.build = build;
    spec.note = note;
    spec.spofReason = spofReason;
    return spec;
}

} // namespace

const ComponentKindSpec &queueKind()
{
    static const ComponentKindSpec spec = makeKind();
    return spec;
}

} // namespace scalelab::model::kinds
