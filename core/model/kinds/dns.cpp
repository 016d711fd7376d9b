// Geo or round-robin name resolution, with answers cached per user for their TTL.

#include "kind_support.h"

#include "sim/dns.h"

namespace scalelab::model::kinds {

namespace {

// A name service remembers a refresh epoch per user: it is sized to every client's users.
std::unique_ptr<sim::Component> build(const Component &c, const BuildContext &context)
{
    sim::Dns::Config cfg;
    cfg.ttl = sim::fromSeconds(c.number(QStringLiteral("ttl_s"), 60));
    cfg.policy = c.text(QStringLiteral("policy")) == QLatin1String("round_robin")
                     ? sim::Dns::Policy::RoundRobin
                     : sim::Dns::Policy::Geo;
    cfg.latency = toSim(c.distribution(QStringLiteral("latency_ms")));
    cfg.users = context.totalUsers;
    return std::make_unique<sim::Dns>(c.id.toStdString(), cfg);
}

double delayMs(const Component &c)
{
    return meanOf(c, QStringLiteral("latency_ms"), 0);
}

QStringList note(const Component &c, const StationCapacity &)
{
    return {c.text(QStringLiteral("policy")) == QLatin1String("round_robin")
                ? QCoreApplication::translate("ComponentKind",
                                              "Round robin: requests are split evenly.")
                : QCoreApplication::translate("ComponentKind",
                                              "Geo: each client's requests go to the downstreams "
                                              "nearest its region, split evenly among them.")};
}

ComponentKindSpec makeKind()
{
    ComponentKindSpec spec;
    spec.kind = ComponentKind::Dns;
    spec.idStem = QStringLiteral("dns");
    spec.type = makeType(
        QStringLiteral("dns"), QT_TRANSLATE_NOOP("ParameterTable", "DNS"),
        QT_TRANSLATE_NOOP("ParameterTable",
                          "Resolves a name to one of its downstreams; clients cache the answer for "
                          "its TTL, even after that downstream has failed."),
        {
            ttlSpec(60, QT_TRANSLATE_NOOP("ParameterTable",
                                          "How long clients keep an answer; after a failure they "
                                          "keep using the old one until it runs out.")),
            choice(QStringLiteral("policy"), {QStringLiteral("geo"), QStringLiteral("round_robin")},
                   QStringLiteral("geo"),
                   QT_TRANSLATE_NOOP("ParameterTable",
                                     "geo: the downstream in the client's region, else the nearest "
                                     "healthy one; round_robin: each in turn.")),
            distribution(QStringLiteral("latency_ms"), 0,
                         QT_TRANSLATE_NOOP("ParameterTable",
                                           "How long a lookup takes when the answer is not "
                                           "cached.")),
        });
    spec.actions = {QStringLiteral("fail"), QStringLiteral("recover")};
    spec.canBeSinglePointOfFailure = false;
    spec.build = build;
    spec.delayMs = delayMs;
    spec.note = note;
    return spec;
}

} // namespace

const ComponentKindSpec &dnsKind()
{
    static const ComponentKindSpec spec = makeKind();
    return spec;
}

} // namespace scalelab::model::kinds
