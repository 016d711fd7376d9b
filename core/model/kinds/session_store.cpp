// Shared user sessions, so that any web server can serve any user.

#include "kind_support.h"

#include "sim/session_store.h"

namespace scalelab::model::kinds {

namespace {

std::unique_ptr<sim::Component> build(const Component &c, const BuildContext &)
{
    sim::SessionStore::Config cfg;
    cfg.capacity = poolCapacity(c, QString());
    cfg.capacity.instances = 1;
    cfg.service = toSim(c.distribution(QStringLiteral("service_ms")));
    cfg.sessions = static_cast<std::size_t>(c.number(QStringLiteral("capacity"), 1));
    return std::make_unique<sim::SessionStore>(c.id.toStdString(), cfg);
}

StationCapacity capacity(const Component &c)
{
    StationCapacity capacity;
    capacity.servers = c.has(QStringLiteral("cores")) ? coresOf(c, 1) : 1;
    capacity.perInstance = capacity.servers;
    return capacity;
}

double nominalDemandMs(const Component &c)
{
    return meanOf(c, QStringLiteral("service_ms"), 0.2);
}

QString advice(const AdviceContext &)
{
    return QCoreApplication::translate("ComponentKind",
                                       "every request reads its session here: add cores");
}

QString spofReason(const Component &c)
{
    return QCoreApplication::translate(
               "ComponentKind",
               "%1 is the only session store: if it fails, no request can read its session and "
               "every user is logged out. Add a second session store linked from the web tier: "
               "it takes over, though the sessions held on the failed one are still lost.")
        .arg(c.id);
}

ComponentKindSpec makeKind()
{
    ComponentKindSpec spec;
    spec.kind = ComponentKind::SessionStore;
    spec.idStem = QStringLiteral("sessions");
    spec.type = makeType(
        QStringLiteral("session_store"), QT_TRANSLATE_NOOP("ParameterTable", "Session store"),
        QT_TRANSLATE_NOOP("ParameterTable",
                          "Holds user sessions so that any web server can serve any user; an "
                          "evicted or lost session logs its user out."),
        {
            required(
                integer(QStringLiteral("capacity"), QStringLiteral("sessions"), {}, 1,
                        QT_TRANSLATE_NOOP("ParameterTable", "How many sessions the store holds."))),
            distribution(QStringLiteral("service_ms"), 0.2,
                         QT_TRANSLATE_NOOP("ParameterTable",
                                           "How long reading or writing a session takes.")),
            coresSpec(1, QT_TRANSLATE_NOOP("ParameterTable",
                                           "How many requests one session store works on at the "
                                           "same time; more wait in its queue.")),
        });
    spec.starts = {{QStringLiteral("capacity"), 100000}};
    spec.actions = {QStringLiteral("fail"), QStringLiteral("recover"), QStringLiteral("slow"),
                    QStringLiteral("flush")};
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

const ComponentKindSpec &sessionStoreKind()
{
    static const ComponentKindSpec spec = makeKind();
    return spec;
}

} // namespace scalelab::model::kinds
