// Spreads requests over healthy instances; learns of a dead backend only from health checks.

#include "kind_support.h"

#include "sim/engine.h"
#include "sim/load_balancer.h"

namespace scalelab::model::kinds {

namespace {

std::unique_ptr<sim::Component> build(const Component &c, const BuildContext &)
{
    sim::LoadBalancer::Config cfg;
    const QString algorithm = c.text(QStringLiteral("algorithm"));
    if (algorithm == QLatin1String("random"))
        cfg.algorithm = sim::LoadBalancer::Algorithm::Random;
    else if (algorithm == QLatin1String("least_connections"))
        cfg.algorithm = sim::LoadBalancer::Algorithm::LeastConnections;
    else if (algorithm == QLatin1String("ip_hash"))
        cfg.algorithm = sim::LoadBalancer::Algorithm::IpHash;
    cfg.service = toSim(c.distribution(QStringLiteral("service_ms")));
    cfg.maxConnections = wholeNumber(c, QStringLiteral("max_connections"), 0);
    cfg.healthInterval = sim::fromSeconds(
        c.member(QStringLiteral("health_check"), QStringLiteral("interval_s")).toDouble(5));
    cfg.unhealthyAfter = static_cast<int>(
        c.member(QStringLiteral("health_check"), QStringLiteral("unhealthy_after")).toDouble(2));
    return std::make_unique<sim::LoadBalancer>(c.id.toStdString(), cfg);
}

// A standby names its active peer, which hands its traffic over when it fails.
void connect(sim::Engine &engine, const Component &c, const BuildContext &context)
{
    const QString active = c.text(QStringLiteral("standby_for"));
    if (active.isEmpty())
        return;
    auto &peer = static_cast<sim::LoadBalancer &>(engine.component(context.indexOf->value(active)));
    peer.setStandby(
        &static_cast<sim::LoadBalancer &>(engine.component(context.indexOf->value(c.id))));
}

double delayMs(const Component &c)
{
    return meanOf(c, QStringLiteral("service_ms"), 0);
}

QStringList note(const Component &c, const StationCapacity &)
{
    return {meanOf(c, QStringLiteral("service_ms"), 0) > 0
                ? QCoreApplication::translate("ComponentKind",
                                              "Forwarding is a delay without a queue: its "
                                              "utilisation is not estimated.")
                : QCoreApplication::translate(
                      "ComponentKind", "Splits requests by the instances of its downstreams.")};
}

QString advice(const AdviceContext &)
{
    return QCoreApplication::translate("ComponentKind",
                                       "raise max_connections or add a second balancer");
}

QString spofReason(const Component &c)
{
    return QCoreApplication::translate("ComponentKind",
                                       "%1 is the only load balancer on this path: if it fails, "
                                       "requests cannot reach what is behind it. Add a standby "
                                       "load balancer with standby_for %1.")
        .arg(c.id);
}

ComponentKindSpec makeKind()
{
    ComponentKindSpec spec;
    spec.kind = ComponentKind::LoadBalancer;
    spec.idStem = QStringLiteral("lb");
    spec.type = makeType(
        QStringLiteral("load_balancer"), QT_TRANSLATE_NOOP("ParameterTable", "Load balancer"),
        QT_TRANSLATE_NOOP("ParameterTable",
                          "Spreads requests over the healthy instances downstream; a dead backend "
                          "keeps receiving requests until health checks notice."),
        {
            choice(QStringLiteral("algorithm"),
                   {QStringLiteral("round_robin"), QStringLiteral("random"),
                    QStringLiteral("least_connections"), QStringLiteral("ip_hash")},
                   QStringLiteral("round_robin"),
                   QT_TRANSLATE_NOOP("ParameterTable",
                                     "How to pick an instance: each in turn, at random, the one "
                                     "with fewest requests, or by the user's address.")),
            distribution(
                QStringLiteral("service_ms"), 0,
                QT_TRANSLATE_NOOP("ParameterTable", "How long forwarding one request takes.")),
            maxConnectionsSpec(),
            object(
                QStringLiteral("health_check"),
                {positive(QStringLiteral("interval_s"), QStringLiteral("s"), 5,
                          QT_TRANSLATE_NOOP("ParameterTable", "How often each backend is probed.")),
                 integer(QStringLiteral("unhealthy_after"), QStringLiteral("checks"), 2, 1,
                         QT_TRANSLATE_NOOP("ParameterTable",
                                           "How many failed probes in a row take a backend out "
                                           "of rotation."))},
                QT_TRANSLATE_NOOP("ParameterTable",
                                  "How the balancer finds out that a backend is down.")),
            componentId(QStringLiteral("standby_for"),
                        QT_TRANSLATE_NOOP("ParameterTable",
                                          "The load balancer this one takes over from when it "
                                          "fails (active-passive pair).")),
        });
    spec.actions = {QStringLiteral("fail"), QStringLiteral("recover")};
    spec.build = build;
    spec.connect = connect;
    spec.delayMs = delayMs;
    spec.note = note;
    spec.advice = advice;
    spec.spofReason = spofReason;
    return spec;
}

} // namespace

const ComponentKindSpec &loadBalancerKind()
{
    static const ComponentKindSpec spec = makeKind();
    return spec;
}

} // namespace scalelab::model::kinds
