// A pool of servers with cores, concurrency slots and a waiting line: the application tier.

#include "kind_support.h"

#include "sim/web_server.h"

#include <algorithm>

namespace scalelab::model::kinds {

namespace {

std::unique_ptr<sim::Component> build(const Component &c, const BuildContext &)
{
    sim::WebServer::Config cfg;
    cfg.capacity = poolCapacity(c, QStringLiteral("max_concurrency"));
    cfg.service = toSim(c.distribution(QStringLiteral("service_ms")));
    cfg.job = toSim(c.distribution(QStringLiteral("job_ms")));
    const QString sessions = c.text(QStringLiteral("sessions"));
    if (c.parameters.contains(QStringLiteral("autoscale"))) {
        auto member = [&c](const char *name, double fallback) {
            return c.member(QStringLiteral("autoscale"), QLatin1String(name)).toDouble(fallback);
        };
        cfg.autoscale.enabled = true;
        cfg.autoscale.minimum = static_cast<int>(member("min", 1));
        cfg.autoscale.maximum = std::max(cfg.autoscale.minimum,
                                         static_cast<int>(member("max", cfg.capacity.instances)));
        cfg.autoscale.target = member("target_utilization", 0.7);
        cfg.autoscale.boot = sim::fromSeconds(member("boot_s", 30));
        cfg.autoscale.cooldown = sim::fromSeconds(member("cooldown_s", 60));
    }
    cfg.sessions = sessions == QLatin1String("local")   ? sim::WebServer::Sessions::Local
                   : sessions == QLatin1String("store") ? sim::WebServer::Sessions::Store
                                                        : sim::WebServer::Sessions::None;
    return std::make_unique<sim::WebServer>(c.id.toStdString(), cfg);
}

StationCapacity capacity(const Component &c)
{
    StationCapacity capacity;
    capacity.perInstance = coresOf(c, 1);
    capacity.instances = std::max(1.0, c.number(QStringLiteral("count"), 1));
    capacity.servers = capacity.perInstance * static_cast<int>(capacity.instances);
    return capacity;
}

double nominalDemandMs(const Component &c)
{
    return meanOf(c, QStringLiteral("service_ms"), 10);
}

QStringList note(const Component &, const StationCapacity &capacity)
{
    return {QCoreApplication::translate("ComponentKind",
                                        "Utilisation law over %1 cores x %2 instances; M/M/c "
                                        "response of one instance (c = %1), downstream calls "
                                        "not included.")
                .arg(capacity.perInstance)
                .arg(capacity.instances)};
}

QString advice(const AdviceContext &context)
{
    if (context.work == Work::Static)
        return QCoreApplication::translate("ComponentKind",
                                           "a CDN would take static requests off it, or add "
                                           "instances behind a load balancer or cores");
    if (context.work == Work::Job)
        return QCoreApplication::translate("ComponentKind",
                                           "a queue with workers would take the jobs off it");
    return QCoreApplication::translate("ComponentKind",
                                       "add instances behind a load balancer or cores");
}

QString spofReason(const Component &c)
{
    return QCoreApplication::translate("ComponentKind",
                                       "%1 is the only web server: if it fails, every request it "
                                       "serves fails. Add a second instance (count 2) behind a "
                                       "load balancer.")
        .arg(c.id);
}

ComponentKindSpec makeKind()
{
    ComponentKindSpec spec;
    spec.kind = ComponentKind::WebServer;
    spec.idStem = QStringLiteral("web");
    spec.type = makeType(
        QStringLiteral("web_server"), QT_TRANSLATE_NOOP("ParameterTable", "Web server"),
        QT_TRANSLATE_NOOP("ParameterTable",
                          "Takes a concurrency slot, works service_ms on a core, then calls its "
                          "downstreams: the cache and database for reads, the primary for writes, "
                          "a queue for jobs."),
        {
            countSpec(QT_TRANSLATE_NOOP(
                "ParameterTable", "How many identical servers share the load (scaling out).")),
            coresSpec(
                1, QT_TRANSLATE_NOOP("ParameterTable", "How many requests one server works on at "
                                                       "the same time; more wait in its queue.")),
            distribution(
                QStringLiteral("service_ms"), exponential(10),
                QT_TRANSLATE_NOOP("ParameterTable", "CPU time one request needs on a core.")),
            integer(QStringLiteral("max_concurrency"), QStringLiteral("requests"), {}, 1,
                    QT_TRANSLATE_NOOP("ParameterTable",
                                      "How many requests one server holds at once, waiting for "
                                      "downstreams included; unlimited when not set.")),
            queueCapacitySpec(),
            choice(QStringLiteral("sessions"),
                   {QStringLiteral("none"), QStringLiteral("local"), QStringLiteral("store")},
                   QStringLiteral("none"),
                   QT_TRANSLATE_NOOP("ParameterTable",
                                     "Where user sessions live: nowhere, in the server's memory "
                                     "(sticky, lost with it) or in a shared session store.")),
            distribution(QStringLiteral("job_ms"), exponential(100),
                         QT_TRANSLATE_NOOP("ParameterTable",
                                           "CPU time a background job costs when there is no queue "
                                           "to hand it to.")),
            object(QStringLiteral("autoscale"),
                   {integer(QStringLiteral("min"), QStringLiteral("instances"), 1, 1,
                            QT_TRANSLATE_NOOP("ParameterTable", "The fewest servers kept running."),
                            100000),
                    required(integer(QStringLiteral("max"), QStringLiteral("instances"), {}, 1,
                                     QT_TRANSLATE_NOOP("ParameterTable",
                                                       "The most servers the autoscaler may run."),
                                     100000)),
                    fraction(QStringLiteral("target_utilization"), 0.7,
                             QT_TRANSLATE_NOOP("ParameterTable",
                                               "The busy share of the cores the autoscaler aims "
                                               "for.")),
                    number(QStringLiteral("boot_s"), QStringLiteral("s"), 30, 0,
                           QT_TRANSLATE_NOOP("ParameterTable",
                                             "How long a new server takes before it serves.")),
                    number(QStringLiteral("cooldown_s"), QStringLiteral("s"), 60, 0,
                           QT_TRANSLATE_NOOP("ParameterTable",
                                             "How long to wait after a change before the next "
                                             "one."))},
                   QT_TRANSLATE_NOOP("ParameterTable",
                                     "Adds and removes servers to keep utilisation near the "
                                     "target; off when not set.")),
        });
    spec.actions = {QStringLiteral("fail"), QStringLiteral("recover"), QStringLiteral("slow")};
    spec.build = build;
    spec.capacity = capacity;
    spec.nominalDemandMs = nominalDemandMs;
    spec.serviceParameter = QStringLiteral("service_ms");
    spec.note = note;
    spec.advice = advice;
    spec.spofReason = spofReason;
    return spec;
}

} // namespace

const ComponentKindSpec &webServerKind()
{
    static const ComponentKindSpec spec = makeKind();
    return spec;
}

} // namespace scalelab::model::kinds
