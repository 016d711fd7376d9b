// A content delivery network: real cached objects near the users, misses go to the origin.

#include "kind_support.h"

#include "sim/cdn.h"

namespace scalelab::model::kinds {

namespace {

QString advice(const AdviceContext &)
{
    return QCoreApplication::translate("ComponentKind",
                                       "more capacity would keep more objects there");
}

std::unique_ptr<sim::Component> build(const Component &c, const BuildContext &)
{
    sim::Cdn::Config cfg;
    cfg.capacity = static_cast<std::size_t>(c.number(QStringLiteral("capacity"), 10000));
    cfg.eviction = eviction(c.text(QStringLiteral("eviction")));
    const QJsonValue ttl = c.value(QStringLiteral("ttl_s"));
    cfg.ttl = ttl.isDouble() ? sim::fromSeconds(ttl.toDouble()) : 0;
    cfg.hit = toSim(c.distribution(QStringLiteral("hit_ms")));
    return std::make_unique<sim::Cdn>(c.id.toStdString(), cfg);
}

double delayMs(const Component &c)
{
    return meanOf(c, QStringLiteral("hit_ms"), 5);
}

QStringList note(const Component &c, const StationCapacity &)
{
    return hitRatioNote(c);
}

ComponentKindSpec makeKind()
{
    ComponentKindSpec spec;
    spec.kind = ComponentKind::Cdn;
    spec.idStem = QStringLiteral("cdn");
    spec.type = makeType(
        QStringLiteral("cdn"), QT_TRANSLATE_NOOP("ParameterTable", "CDN"),
        QT_TRANSLATE_NOOP("ParameterTable",
                          "Serves static requests from real cached objects near the users; a miss "
                          "goes on to the origin downstream."),
        {
            integer(QStringLiteral("capacity"), QStringLiteral("objects"), 10000, 1,
                    QT_TRANSLATE_NOOP("ParameterTable", "How many objects the CDN keeps at once.")),
            evictionSpec(QT_TRANSLATE_NOOP(
                "ParameterTable", "Which object to drop when full: lru the least recently used, "
                                  "fifo the oldest, lfu the least often used, random any.")),
            ttlSpec({}, QT_TRANSLATE_NOOP("ParameterTable",
                                          "How long an object stays valid before it is fetched "
                                          "again; forever when not set.")),
            distribution(
                QStringLiteral("hit_ms"), 5,
                QT_TRANSLATE_NOOP("ParameterTable", "How long serving a cached object takes.")),
        });
    spec.actions = {QStringLiteral("fail"), QStringLiteral("recover"), QStringLiteral("flush")};
    spec.canBeSinglePointOfFailure = false;
    spec.build = build;
    spec.delayMs = delayMs;
    spec.note = note;
    spec.advice = advice;
    return spec;
}

} // namespace

const ComponentKindSpec &cdnKind()
{
    static const ComponentKindSpec spec = makeKind();
    return spec;
}

} // namespace scalelab::model::kinds
