// The drawing a model without a layout gets: no two components on top of each other, clients on
// the left and the data tier right of the web tier, components on no request link in a tidy row
// clear of the drawing (inside their region's frame when they have one), neighbours ordered so
// that links do not cross or run over other components when that is avoidable, and the same
// drawing every time.

#include "../core/model/model_test_support.h"
#include "widgets/canvas/canvas_scene.h"
#include "widgets/canvas/component_item.h"
#include "widgets/canvas/region_item.h"
#include "widgets/diagram/auto_layout.h"

#include "model/architecture_document.h"
#include "model/model_json.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QUndoStack>

using namespace scalelab;
using widgets::ComponentItem;

namespace {

// A model from "id:type[@region]" components and "from>to" (request) or "from=to" (replication)
// links; clients get a rate, caches a capacity and replication targets the replica role, as the
// loader asks.
model::Model build(const QStringList &components, const QStringList &links,
                   const QStringList &regions = {})
{
    QJsonArray c;
    for (const QString &spec : components) {
        const QString id = spec.section(QLatin1Char(':'), 0, 0);
        const QString rest = spec.section(QLatin1Char(':'), 1);
        QJsonObject o{{QStringLiteral("id"), id},
                      {QStringLiteral("type"), rest.section(QLatin1Char('@'), 0, 0)}};
        if (rest.contains(QLatin1Char('@')))
            o.insert(QStringLiteral("region"), rest.section(QLatin1Char('@'), 1));
        // What the loader requires of these types.
        if (o.value(QStringLiteral("type")) == QLatin1String("client"))
            o.insert(QStringLiteral("rate_rps"), 10);
        if (o.value(QStringLiteral("type")) == QLatin1String("cache"))
            o.insert(QStringLiteral("capacity"), 1000);
        for (const QString &link : links)
            if (link.section(QLatin1Char('='), 1) == id)
                o.insert(QStringLiteral("role"), QStringLiteral("replica"));
        c.append(o);
    }
    QJsonArray l;
    for (const QString &spec : links) {
        const bool replication = spec.contains(QLatin1Char('='));
        const QStringList ends = spec.split(replication ? QLatin1Char('=') : QLatin1Char('>'));
        QJsonObject o{{QStringLiteral("from"), ends.at(0)}, {QStringLiteral("to"), ends.at(1)}};
        if (replication)
            o.insert(QStringLiteral("kind"), QStringLiteral("replication"));
        l.append(o);
    }
    QJsonArray r;
    for (const QString &region : regions)
        r.append(QJsonObject{{QStringLiteral("id"), region}});
    const QJsonObject root{{QStringLiteral("components"), c},
                           {QStringLiteral("links"), l},
                           {QStringLiteral("regions"), r}};
    const model::LoadResult loaded = model::parseModel(QJsonDocument(root).toJson());
    if (!loaded.ok())
        qFatal("%s", qPrintable(loaded.message()));
    return *loaded.model;
}

// The model drawn as the workbench draws it.
struct Drawing {
    explicit Drawing(model::Model model)
    {
        diagram::completeLayout(model);
        document.reset(std::move(model));
        scene = std::make_unique<widgets::CanvasScene>(document, stack);
    }
    const model::Model &model() const { return document.model(); }
    ComponentItem *item(const QString &id) const { return scene->componentItem(id); }
    QPointF at(const QString &id) const { return item(id)->pos(); }
    QRectF rect(const QString &id) const { return item(id)->sceneBoundingRect(); }
    // The icon and caption: what a link running over a component hides.
    QPainterPath shape(const QString &id) const { return item(id)->mapToScene(item(id)->shape()); }
    bool onRequestLink(const QString &id) const
    {
        for (const model::Link &link : model().links)
            if (link.kind == model::Link::Kind::Request && (link.from == id || link.to == id))
                return true;
        return false;
    }
    QRectF boundsOf(const QStringList &ids) const
    {
        QRectF bounds;
        for (const QString &id : ids)
            bounds = bounds.united(rect(id));
        return bounds;
    }
    QStringList ids(const std::function<bool(const model::Component &)> &which) const
    {
        QStringList result;
        for (const model::Component &c : model().components)
            if (which(c))
                result.append(c.id);
        return result;
    }
    // Pairs of components drawn over one another.
    QStringList overlaps() const
    {
        QStringList found;
        const auto &cs = model().components;
        for (qsizetype a = 0; a < cs.size(); ++a)
            for (qsizetype b = a + 1; b < cs.size(); ++b)
                if (rect(cs.at(a).id).intersects(rect(cs.at(b).id)))
                    found.append(cs.at(a).id + QLatin1Char('/') + cs.at(b).id);
        return found;
    }
    // Links whose straight line runs over a component that is not one of its ends.
    QStringList linksOverComponents() const
    {
        QStringList found;
        for (const model::Link &link : model().links) {
            QPainterPath line(at(link.from));
            line.lineTo(at(link.to));
            for (const model::Component &c : model().components)
                if (c.id != link.from && c.id != link.to && shape(c.id).intersects(line))
                    found.append(link.from + QLatin1Char('>') + link.to + QStringLiteral(" over ") +
                                 c.id);
        }
        return found;
    }
    int crossings() const
    {
        int count = 0;
        const auto &ls = model().links;
        for (qsizetype a = 0; a < ls.size(); ++a)
            for (qsizetype b = a + 1; b < ls.size(); ++b) {
                const model::Link &e = ls.at(a);
                const model::Link &f = ls.at(b);
                if (e.from == f.from || e.from == f.to || e.to == f.from || e.to == f.to)
                    continue;
                count += QLineF(at(e.from), at(e.to)).intersects(QLineF(at(f.from), at(f.to))) ==
                                 QLineF::BoundedIntersection
                             ? 1
                             : 0;
            }
        return count;
    }

    model::ArchitectureDocument document;
    QUndoStack stack;
    std::unique_ptr<widgets::CanvasScene> scene;
};

bool isKind(const model::Component &c, model::ComponentKind kind)
{
    return c.kind == kind;
}

} // namespace

class TestAutoLayout : public QObject {
    Q_OBJECT

private slots:
    void capstoneIsTidy()
    {
        const Drawing d(testing::loadTestModel(QStringLiteral("capstone.json")));
        QVERIFY2(d.overlaps().isEmpty(), qPrintable(d.overlaps().join(QLatin1Char(' '))));
        // Clients leftmost; the data tier right of the web tier; replicas right of primaries.
        const QStringList clients =
            d.ids([](const auto &c) { return isKind(c, model::ComponentKind::Client); });
        QCOMPARE(clients.size(), 2);
        for (const model::Component &c : d.model().components)
            if (!clients.contains(c.id) && d.onRequestLink(c.id))
                for (const QString &client : clients)
                    QVERIFY2(d.at(client).x() < d.at(c.id).x(), qPrintable(c.id));
        const QStringList webs =
            d.ids([](const auto &c) { return isKind(c, model::ComponentKind::WebServer); });
        const QStringList databases =
            d.ids([](const auto &c) { return isKind(c, model::ComponentKind::Database); });
        QCOMPARE(databases.size(), 8);
        for (const QString &db : databases)
            for (const QString &web : webs)
                QVERIFY2(d.at(web).x() < d.at(db).x(), qPrintable(db));
        // Every link runs rightwards.
        for (const model::Link &link : d.model().links)
            QVERIFY2(d.at(link.from).x() < d.at(link.to).x(),
                     qPrintable(link.from + QLatin1Char('>') + link.to));
        // Region frames apart.
        QVERIFY(!d.scene->regionItem(QStringLiteral("us"))
                     ->frame()
                     .intersects(d.scene->regionItem(QStringLiteral("eu"))->frame()));
        // The monitor (on no link) stands clear of the drawing, below it, at the left edge.
        const QStringList linked = d.ids([&d](const auto &c) { return d.onRequestLink(c.id); });
        QCOMPARE(linked.size(), 17); // the four replicas are on replication links only
        const QRectF drawing = d.boundsOf(d.ids([&d](const auto &c) {
            return d.onRequestLink(c.id) || isKind(c, model::ComponentKind::Database);
        }));
        const QRectF monitor = d.rect(QStringLiteral("monitor"));
        QVERIFY(!monitor.intersects(drawing));
        QVERIFY(monitor.top() > drawing.bottom());
        QCOMPARE(d.at(QStringLiteral("monitor")).x(), d.at(clients.first()).x());
        // The shared services sit between the regions that call them.
        const double dns = d.at(QStringLiteral("dns")).y();
        QVERIFY(d.scene->regionItem(QStringLiteral("us"))->frame().bottom() < dns);
        QVERIFY(dns < d.scene->regionItem(QStringLiteral("eu"))->frame().top());
        // Within a region no link runs over a component; only the steep calls from one region's
        // web tier to the other's data tier still do (7 crossings and 3 such links, against 8 and
        // 3 before the ordering sweeps).
        for (const model::Link &link : d.model().links) {
            QPainterPath line(d.at(link.from));
            line.lineTo(d.at(link.to));
            const bool crossRegion = d.model().find(link.from)->region != QLatin1String("us") ||
                                     d.model().find(link.to)->region != QLatin1String("us");
            for (const model::Component &c : d.model().components)
                if (c.id != link.from && c.id != link.to && !crossRegion)
                    QVERIFY2(!d.shape(c.id).intersects(line),
                             qPrintable(link.from + QLatin1Char('>') + link.to + QLatin1Char(' ') +
                                        c.id));
        }
        QVERIFY2(d.crossings() <= 7, qPrintable(QString::number(d.crossings())));
        QVERIFY(d.linksOverComponents().size() <= 3);
    }

    void sameModelSameDrawing()
    {
        const model::Model capstone = testing::loadTestModel(QStringLiteral("capstone.json"));
        const QHash<QString, QPointF> first = diagram::autoLayout(capstone);
        QCOMPARE(first.size(), capstone.components.size());
        for (int k = 0; k < 3; ++k)
            QCOMPARE(diagram::autoLayout(capstone), first);
        // Positions are on the canvas's snapping grid.
        for (const QPointF &p : first)
            QCOMPARE(ComponentItem::snapped(p), p);
    }

    void unconnectedComponentsStandInARow()
    {
        model::Model m = testing::loadTestModel(QStringLiteral("capstone.json"));
        const model::Model extra = build(
            {QStringLiteral("spare-queue:queue"), QStringLiteral("spare-cache:cache@us"),
             QStringLiteral("spare-db:database@eu"), QStringLiteral("spare-db-r1:database@eu")},
            {QStringLiteral("spare-db=spare-db-r1")}, {QStringLiteral("us"), QStringLiteral("eu")});
        m.components.append(extra.components);
        m.links.append(extra.links);
        const Drawing d(m);
        QVERIFY2(d.overlaps().isEmpty(), qPrintable(d.overlaps().join(QLatin1Char(' '))));

        const QStringList connected = d.ids([&d](const auto &c) {
            return d.onRequestLink(c.id) || c.id.startsWith(QLatin1String("shard-"));
        });
        // In no region: one row below everything, side by side from the left edge.
        const QRectF drawing = d.boundsOf(connected);
        const QStringList free = {QStringLiteral("monitor"), QStringLiteral("spare-queue")};
        for (const QString &id : free) {
            QVERIFY2(!d.rect(id).intersects(drawing), qPrintable(id));
            for (const QString &region : {QStringLiteral("us"), QStringLiteral("eu")})
                QVERIFY(!d.rect(id).intersects(d.scene->regionItem(region)->frame()));
        }
        QCOMPARE(d.at(free.at(0)).y(), d.at(free.at(1)).y());
        QCOMPARE(d.at(free.at(0)).x(), 0.0);
        QCOMPARE(d.at(free.at(1)).x() - d.at(free.at(0)).x(), 190.0);
        // In a region: inside its frame, in a row below its drawing, clear of the other frame.
        const QHash<QString, QStringList> inRegion = {
            {QStringLiteral("us"), {QStringLiteral("spare-cache")}},
            {QStringLiteral("eu"), {QStringLiteral("spare-db"), QStringLiteral("spare-db-r1")}}};
        for (auto it = inRegion.cbegin(); it != inRegion.cend(); ++it) {
            const QString &region = it.key();
            const QRectF own = d.boundsOf(d.ids([&](const model::Component &c) {
                return c.region == region && connected.contains(c.id);
            }));
            const QString other =
                region == QLatin1String("us") ? QStringLiteral("eu") : QStringLiteral("us");
            for (const QString &id : it.value()) {
                QVERIFY2(d.scene->regionItem(region)->frame().contains(
                             d.item(id)->mapRectToScene(ComponentItem::iconRect())),
                         qPrintable(id));
                QVERIFY2(!d.rect(id).intersects(own), qPrintable(id));
                QVERIFY2(d.rect(id).top() > own.bottom(), qPrintable(id));
                QVERIFY(!d.rect(id).intersects(d.scene->regionItem(other)->frame()));
            }
        }
        // The replica pair keeps its order, side by side.
        QCOMPARE(d.at(QStringLiteral("spare-db")).y(), d.at(QStringLiteral("spare-db-r1")).y());
        QVERIFY(d.at(QStringLiteral("spare-db")).x() < d.at(QStringLiteral("spare-db-r1")).x());
        QVERIFY(!d.scene->regionItem(QStringLiteral("us"))
                     ->frame()
                     .intersects(d.scene->regionItem(QStringLiteral("eu"))->frame()));
    }

    void neighboursOrderedAgainstModelOrder_data()
    {
        QTest::addColumn<bool>("crossed"); // whether the model order would draw a crossing
        QTest::newRow("model order crosses") << true;
        QTest::newRow("model order is right") << false;
    }
    void neighboursOrderedAgainstModelOrder()
    {
        // Two web servers, each calling its own database; the databases listed in the order
        // that would cross the two calls, or in the order that would not.
        QFETCH(bool, crossed);
        const Drawing d(build(
            {QStringLiteral("users:client"), QStringLiteral("lb:load_balancer"),
             QStringLiteral("web-1:web_server"), QStringLiteral("web-2:web_server"),
             QStringLiteral("db-a:database"), QStringLiteral("db-b:database")},
            {QStringLiteral("users>lb"), QStringLiteral("lb>web-1"), QStringLiteral("lb>web-2"),
             crossed ? QStringLiteral("web-1>db-b") : QStringLiteral("web-1>db-a"),
             crossed ? QStringLiteral("web-2>db-a") : QStringLiteral("web-2>db-b")}));
        QCOMPARE(d.crossings(), 0);
        const bool aAbove = d.at(QStringLiteral("db-a")).y() < d.at(QStringLiteral("db-b")).y();
        QCOMPARE(aAbove, !crossed);
        QVERIFY(d.overlaps().isEmpty());
    }

    void longLinksMakeRoom_data()
    {
        QTest::addColumn<bool>("longLink");
        QTest::newRow("with a long link") << true;
        QTest::newRow("without") << false;
    }
    void longLinksMakeRoom()
    {
        // users -> lb -> web -> db, and (the cause) users -> db directly: a link across two
        // columns, which would run over lb and web were they on its row.
        QFETCH(bool, longLink);
        QStringList links = {QStringLiteral("users>lb"), QStringLiteral("lb>web"),
                             QStringLiteral("web>db")};
        if (longLink)
            links << QStringLiteral("users>db");
        const Drawing d(build({QStringLiteral("users:client"), QStringLiteral("lb:load_balancer"),
                               QStringLiteral("web:web_server"), QStringLiteral("db:database")},
                              links));
        QVERIFY2(d.linksOverComponents().isEmpty(),
                 qPrintable(d.linksOverComponents().join(QStringLiteral(", "))));
        QVERIFY(d.overlaps().isEmpty());
        // Without the long link the chain is one straight row; with it, the middle moves aside.
        const bool straight = d.at(QStringLiteral("lb")).y() == d.at(QStringLiteral("users")).y() &&
                              d.at(QStringLiteral("web")).y() == d.at(QStringLiteral("db")).y() &&
                              d.at(QStringLiteral("lb")).y() == d.at(QStringLiteral("db")).y();
        QCOMPARE(straight, !longLink);
    }

    void cyclesAndUnreachedParts()
    {
        // A call cycle (a retry loop between two services) and a wired part that no client
        // reaches yet: every component placed once, no overlaps, clients still leftmost, and
        // the unreached caller just left of what it calls.
        const Drawing d(build({QStringLiteral("users:client"), QStringLiteral("web:web_server"),
                               QStringLiteral("api:web_server"), QStringLiteral("db:database"),
                               QStringLiteral("batch:worker"), QStringLiteral("archive:database"),
                               QStringLiteral("late:web_server")},
                              {QStringLiteral("users>web"), QStringLiteral("web>api"),
                               QStringLiteral("api>web"), QStringLiteral("api>db"),
                               QStringLiteral("batch>archive"), QStringLiteral("late>db")}));
        QCOMPARE(d.model().layout.size(), d.model().components.size());
        QVERIFY2(d.overlaps().isEmpty(), qPrintable(d.overlaps().join(QLatin1Char(' '))));
        for (const model::Component &c : d.model().components)
            if (c.id != QLatin1String("users"))
                QVERIFY2(d.at(QStringLiteral("users")).x() < d.at(c.id).x(), qPrintable(c.id));
        QVERIFY(d.at(QStringLiteral("web")).x() < d.at(QStringLiteral("api")).x());
        QVERIFY(d.at(QStringLiteral("api")).x() < d.at(QStringLiteral("db")).x());
        QCOMPARE(d.at(QStringLiteral("late")).x() + 190, d.at(QStringLiteral("db")).x());
        QCOMPARE(d.at(QStringLiteral("batch")).x() + 190, d.at(QStringLiteral("archive")).x());
    }

    void smallModels()
    {
        QVERIFY(diagram::autoLayout(model::Model()).isEmpty());
        const QHash<QString, QPointF> alone =
            diagram::autoLayout(build({QStringLiteral("watch:monitor")}, {}));
        QCOMPARE(alone.value(QStringLiteral("watch")), QPointF(0, 0));
        const Drawing mm1(testing::loadTestModel(QStringLiteral("mm1.json")));
        QVERIFY(mm1.overlaps().isEmpty());
    }

    void largeModelIsQuick()
    {
        // 30 web servers behind a balancer, each with a cache and a database with a replica:
        // the swap passes stay well within a second.
        QStringList components = {QStringLiteral("users:client"),
                                  QStringLiteral("lb:load_balancer")};
        QStringList links = {QStringLiteral("users>lb")};
        for (int i = 0; i < 30; ++i) {
            const QString n = QString::number(i);
            components << QStringLiteral("web-%1:web_server").arg(n)
                       << QStringLiteral("cache-%1:cache").arg(n)
                       << QStringLiteral("db-%1:database").arg(n)
                       << QStringLiteral("db-%1-r:database").arg(n);
            links << QStringLiteral("lb>web-%1").arg(n) << QStringLiteral("web-%1>cache-%1").arg(n)
                  << QStringLiteral("web-%1>db-%2").arg(n, QString::number((i * 7) % 30))
                  << QStringLiteral("db-%1=db-%1-r").arg(n);
        }
        const model::Model m = build(components, links);
        QElapsedTimer timer;
        timer.start();
        const QHash<QString, QPointF> positions = diagram::autoLayout(m);
        QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(positions.size(), m.components.size());
        QSet<QPair<double, double>> places;
        for (const QPointF &p : positions)
            places.insert({p.x(), p.y()});
        QCOMPARE(places.size(), m.components.size());
    }
};

QTEST_MAIN(TestAutoLayout)
#include "tst_auto_layout.moc"
