// Users sending requests: the load every other component serves.

#include "kind_support.h"

#include "sim/client.h"

#include <QJsonArray>

#include <algorithm>

namespace scalelab::model::kinds {

namespace {

std::unique_ptr<sim::Component> build(const Component &c, const BuildContext &context)
{
    sim::Client::Config cfg;
    cfg.rateRps = c.number(QStringLiteral("rate_rps")) * context.rateScale;
    cfg.poisson = c.text(QStringLiteral("arrival")) != QLatin1String("constant");
    for (const QJsonValue &step : c.value(QStringLiteral("profile")).toArray()) {
        const QJsonObject o = step.toObject();
        cfg.profile.emplace_back(sim::fromSeconds(o.value(QStringLiteral("at_s")).toDouble()),
                                 o.value(QStringLiteral("rate_rps")).toDouble() *
                                     context.rateScale);
    }
    std::sort(cfg.profile.begin(), cfg.profile.end());
    const QJsonObject mix = c.value(QStringLiteral("mix")).toObject();
    static const char *requestKinds[] = {"static", "read", "write", "job"};
    for (int k = 0; k < sim::kRequestKinds; ++k)
        cfg.mix[static_cast<std::size_t>(k)] =
            mix.value(QLatin1String(requestKinds[k])).toDouble(0);
    cfg.keyCount = static_cast<std::uint64_t>(
        c.member(QStringLiteral("keys"), QStringLiteral("count")).toDouble(10000));
    cfg.zipf = c.member(QStringLiteral("keys"), QStringLiteral("zipf")).toDouble(0);
    cfg.users = static_cast<std::uint32_t>(c.number(QStringLiteral("users"), 100000));
    cfg.firstUser = context.firstUser;
    return std::make_unique<sim::Client>(c.id.toStdString(), std::move(cfg));
}

QStringList note(const Component &c, const StationCapacity &)
{
    QStringList parts{QCoreApplication::translate(
        "ComponentKind", "Offered load: the client's rate_rps split by its mix.")};
    if (c.parameters.contains(QStringLiteral("profile")))
        parts << QCoreApplication::translate("ComponentKind",
                                             "The rate profile is not in the estimate: it uses "
                                             "the base rate_rps.");
    return parts;
}

ComponentKindSpec makeKind()
{
    ComponentKindSpec spec;
    spec.kind = ComponentKind::Client;
    spec.idStem = QStringLiteral("users");
    spec.type = makeType(
        QStringLiteral("client"), QT_TRANSLATE_NOOP("ParameterTable", "Client"),
        QT_TRANSLATE_NOOP("ParameterTable",
                          "Users sending requests: open arrivals, each request with a kind drawn "
                          "from the mix, a key from the popularity law and a user id."),
        {
            required(number(QStringLiteral("rate_rps"), QStringLiteral("rps"), {}, 0,
                            QT_TRANSLATE_NOOP("ParameterTable",
                                              "How many requests per second these users send "
                                              "altogether."))),
            choice(QStringLiteral("arrival"),
                   {QStringLiteral("poisson"), QStringLiteral("constant")},
                   QStringLiteral("poisson"),
                   QT_TRANSLATE_NOOP("ParameterTable",
                                     "poisson: independent random arrivals, as from many users; "
                                     "constant: evenly spaced arrivals.")),
            objectList(
                QStringLiteral("profile"),
                {required(number(QStringLiteral("at_s"), QStringLiteral("s"), {}, 0,
                                 QT_TRANSLATE_NOOP("ParameterTable",
                                                   "When this rate starts, in seconds from the "
                                                   "start of the run."))),
                 required(number(QStringLiteral("rate_rps"), QStringLiteral("rps"), {}, 0,
                                 QT_TRANSLATE_NOOP("ParameterTable",
                                                   "The rate the users send from then on.")))},
                QT_TRANSLATE_NOOP("ParameterTable",
                                  "A load curve: from each point's at_s on, the users send that "
                                  "point's rate_rps instead of the base rate.")),
            [] {
                ParameterSpec mix = makeSpec(
                    QStringLiteral("mix"), ValueKind::Mix, {},
                    QJsonObject{{QStringLiteral("read"), 1}},
                    QT_TRANSLATE_NOOP("ParameterTable",
                                      "Relative weights of the request kinds: static files (to a "
                                      "CDN), reads, writes and background jobs."));
                mix.choices = {QStringLiteral("static"), QStringLiteral("read"),
                               QStringLiteral("write"), QStringLiteral("job")};
                return mix;
            }(),
            object(QStringLiteral("keys"),
                   {integer(QStringLiteral("count"), QStringLiteral("keys"), 10000, 1,
                            QT_TRANSLATE_NOOP("ParameterTable",
                                              "How many different keys (rows, pages, profiles) "
                                              "the requests address.")),
                    number(QStringLiteral("zipf"), {}, 0, 0,
                           QT_TRANSLATE_NOOP("ParameterTable",
                                             "Popularity skew s: 0 makes every key equally likely; "
                                             "near 1 a few hot keys get most requests."))},
                   QT_TRANSLATE_NOOP("ParameterTable",
                                     "Which data the requests touch: how many keys and how "
                                     "unevenly popular they are.")),
            integer(QStringLiteral("users"), QStringLiteral("users"), 100000, 1,
                    QT_TRANSLATE_NOOP("ParameterTable",
                                      "How many different users send the requests; sessions and "
                                      "ip_hash follow the user id.")),
        });
    spec.starts = {{QStringLiteral("rate_rps"), 100}};
    spec.actions = {QStringLiteral("spike")};
    spec.canBeSinglePointOfFailure = false;
    spec.build = build;
    spec.note = note;
    return spec;
}

} // namespace

const ComponentKindSpec &clientKind()
{
    static const ComponentKindSpec spec = makeKind();
    return spec;
}

} // namespace scalelab::model::kinds
