// The document every editor goes through: each edit checked by the loader, announced by a precise
// signal, and reversible exactly (what undo relies on).

#include "model_test_support.h"

#include "model/architecture_document.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace scalelab::model;
using namespace scalelab::testing;

namespace {

Model sample()
{
    return loadModel(R"({
      "components": [
        {"id": "users", "type": "client", "rate_rps": 50},
        {"id": "lb", "type": "load_balancer"},
        {"id": "lb2", "type": "load_balancer", "standby_for": "lb"},
        {"id": "web", "type": "web_server", "count": 2},
        {"id": "db", "type": "database"},
        {"id": "mon", "type": "monitor",
         "alerts": [{"metric": "p99_ms", "component": "web", "above": 200},
                    {"metric": "utilization", "component": "db", "above": 0.9}]}
      ],
      "links": [{"from": "users", "to": "lb"}, {"from": "lb", "to": "web"},
                {"from": "lb2", "to": "web"}, {"from": "web", "to": "db"}],
      "scenario": {"duration_s": 60, "events": [{"at_s": 30, "action": "fail", "target": "web"},
                                                {"at_s": 40, "action": "fail", "target": "lb"}]},
      "layout": {"users": {"x": 0, "y": 0}, "web": {"x": 200, "y": 0}}
    })");
}

} // namespace

class TestArchitectureDocument : public QObject {
    Q_OBJECT

private slots:
    void resetIsCleanAndAnnounced();
    void replaceIsAnEditTheLoaderChecks();
    void addComponentAnnouncesAndMarksModified();
    void addComponentRefusesWhatTheLoaderRefuses_data();
    void addComponentRefusesWhatTheLoaderRefuses();
    void setParameterChecksWithTheTable();
    void setParameterUndefinedReturnsToTheDefault();
    void removeAndRestoreIsExact();
    void removeTakesWhatNamesTheComponent();
    void linksAreCheckedAndReversible_data();
    void linksAreCheckedAndReversible();
    void moveAnnouncesThePosition();
    void uniqueIds();
};

void TestArchitectureDocument::resetIsCleanAndAnnounced()
{
    ArchitectureDocument doc;
    QSignalSpy reset(&doc, &ArchitectureDocument::modelReset);
    doc.addComponent(
        component(QStringLiteral("a"), ComponentKind::Cache, {{QStringLiteral("capacity"), 10}}),
        {});
    QVERIFY(doc.isModified());
    doc.reset(sample());
    QCOMPARE(reset.count(), 1);
    QVERIFY(!doc.isModified());
    QCOMPARE(doc.model(), sample());
}

void TestArchitectureDocument::replaceIsAnEditTheLoaderChecks()
{
    ArchitectureDocument doc;
    QSignalSpy reset(&doc, &ArchitectureDocument::modelReset);
    Model other = sample();
    other.layout.insert(other.components.first().id, QPointF(5, 7));
    QVERIFY(doc.replace(other));
    QCOMPARE(reset.count(), 1);
    QVERIFY(doc.isModified()); // unlike reset(): the learner's edit, to be saved
    QCOMPARE(doc.model(), other);

    Model broken = sample();
    broken.links.append({QStringLiteral("nowhere"), broken.components.first().id});
    QString error;
    QVERIFY(!doc.replace(broken, &error));
    QVERIFY2(error.contains(QStringLiteral("nowhere")), qPrintable(error));
    QCOMPARE(reset.count(), 1);
    QCOMPARE(doc.model(), other);
}

void TestArchitectureDocument::addComponentAnnouncesAndMarksModified()
{
    ArchitectureDocument doc;
    doc.reset(sample());
    QSignalSpy added(&doc, &ArchitectureDocument::componentAdded);
    QSignalSpy modified(&doc, &ArchitectureDocument::modifiedChanged);
    QString error;
    QVERIFY(doc.addComponent(component(QStringLiteral("cache"), ComponentKind::Cache,
                                       {{QStringLiteral("capacity"), 1000}}),
                             QPointF(300, 40), 3, &error));
    QCOMPARE(added.count(), 1);
    QCOMPARE(added.at(0).at(0).toString(), QStringLiteral("cache"));
    QCOMPARE(modified.count(), 1);
    QCOMPARE(doc.model().components.at(3).id, QStringLiteral("cache"));
    QCOMPARE(doc.model().layout.value(QStringLiteral("cache")), QPointF(300, 40));
}

void TestArchitectureDocument::addComponentRefusesWhatTheLoaderRefuses_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QJsonObject>("parameters");
    QTest::addColumn<QString>("message");
    QTest::newRow("duplicate id") << "web"
                                  << "cache" << QJsonObject{{"capacity", 5}}
                                  << "already a component called web";
    QTest::newRow("missing required") << "c"
                                      << "cache" << QJsonObject{} << "capacity";
    QTest::newRow("out of range") << "w"
                                  << "web_server" << QJsonObject{{"cores", 0}}
                                  << "components[6].cores";
    QTest::newRow("unknown parameter") << "w"
                                       << "web_server" << QJsonObject{{"corez", 2}} << "cores";
}

void TestArchitectureDocument::addComponentRefusesWhatTheLoaderRefuses()
{
    QFETCH(QString, id);
    QFETCH(QString, type);
    QFETCH(QJsonObject, parameters);
    QFETCH(QString, message);
    ArchitectureDocument doc;
    doc.reset(sample());
    QSignalSpy added(&doc, &ArchitectureDocument::componentAdded);
    QString error;
    QVERIFY(!doc.addComponent(component(id, *kindNamed(type), parameters), {}, -1, &error));
    QVERIFY2(error.contains(message), qPrintable(error));
    QCOMPARE(added.count(), 0);
    QCOMPARE(doc.model(), sample()); // nothing half-done
    QVERIFY(!doc.isModified());
}

void TestArchitectureDocument::setParameterChecksWithTheTable()
{
    ArchitectureDocument doc;
    doc.reset(sample());
    QSignalSpy changed(&doc, &ArchitectureDocument::componentChanged);
    QString error;
    QVERIFY(doc.setParameter(QStringLiteral("web"), QStringLiteral("cores"), 8, &error));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(doc.model().find(QStringLiteral("web"))->number(QStringLiteral("cores")), 8.0);
    QVERIFY(!doc.setParameter(QStringLiteral("web"), QStringLiteral("cores"), -1, &error));
    QVERIFY2(error.contains(QStringLiteral("components[3].cores")), qPrintable(error));
    QVERIFY(!doc.setParameter(QStringLiteral("web"), QStringLiteral("sessions"),
                              QStringLiteral("sticky"), &error));
    QVERIFY2(error.contains(QStringLiteral("local")), qPrintable(error)); // lists the choices
    QCOMPARE(changed.count(), 1);
    QCOMPARE(doc.model().find(QStringLiteral("web"))->number(QStringLiteral("cores")), 8.0);
}

void TestArchitectureDocument::setParameterUndefinedReturnsToTheDefault()
{
    ArchitectureDocument doc;
    doc.reset(sample());
    QVERIFY(doc.setParameter(QStringLiteral("web"), QStringLiteral("count"), QJsonValue()));
    QVERIFY(!doc.model().find(QStringLiteral("web"))->parameters.contains(QStringLiteral("count")));
    QCOMPARE(doc.model().find(QStringLiteral("web"))->number(QStringLiteral("count")), 1.0);
}

void TestArchitectureDocument::removeAndRestoreIsExact()
{
    ArchitectureDocument doc;
    doc.reset(sample());
    QSignalSpy linkRemoved(&doc, &ArchitectureDocument::linkRemoved);
    QSignalSpy removed(&doc, &ArchitectureDocument::componentRemoved);
    const auto removal = doc.removeComponent(QStringLiteral("web"));
    QVERIFY(removal);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(linkRemoved.count(), 3); // lb->web, lb2->web, web->db
    QCOMPARE(doc.model().indexOf(QStringLiteral("web")), -1);
    QCOMPARE(doc.model().links.size(), 1);
    // What is left still loads.
    QVERIFY(parseModel(serializeModel(doc.model())).ok());
    doc.restore(*removal);
    QCOMPARE(doc.model(), sample());
    QVERIFY(!doc.removeComponent(QStringLiteral("ghost")));
}

void TestArchitectureDocument::removeTakesWhatNamesTheComponent()
{
    ArchitectureDocument doc;
    doc.reset(sample());
    QSignalSpy changed(&doc, &ArchitectureDocument::componentChanged);
    const auto removal = doc.removeComponent(QStringLiteral("lb"));
    QVERIFY(removal);
    QCOMPARE(removal->events.size(), 1); // the fail at 40 s
    QVERIFY(!doc.model()
                 .find(QStringLiteral("lb2"))
                 ->parameters.contains(QStringLiteral("standby_for")));
    QCOMPARE(changed.count(), 1); // lb2
    const auto db = doc.removeComponent(QStringLiteral("db"));
    QCOMPARE(doc.model()
                 .find(QStringLiteral("mon"))
                 ->parameters.value(QStringLiteral("alerts"))
                 .toArray()
                 .size(),
             1);
    QVERIFY(parseModel(serializeModel(doc.model())).ok());
    doc.restore(*db);
    doc.restore(*removal);
    QCOMPARE(doc.model(), sample());
}

void TestArchitectureDocument::linksAreCheckedAndReversible_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<bool>("replication");
    QTest::addColumn<QString>("message"); // empty: accepted
    QTest::newRow("request") << "users"
                             << "db" << false << "";
    QTest::newRow("self") << "web"
                          << "web" << false << "links[4]";
    QTest::newRow("dangling") << "web"
                              << "ghost" << false << "ghost";
    QTest::newRow("duplicate") << "web"
                               << "db" << false << "links[4]";
    QTest::newRow("replication from a web server") << "web"
                                                   << "db" << true << "links[4]";
}

void TestArchitectureDocument::linksAreCheckedAndReversible()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(bool, replication);
    QFETCH(QString, message);
    ArchitectureDocument doc;
    doc.reset(sample());
    Link link{from, to, replication ? Link::Kind::Replication : Link::Kind::Request, 0};
    QSignalSpy added(&doc, &ArchitectureDocument::linkAdded);
    QString error;
    const bool ok = doc.addLink(link, -1, &error);
    QCOMPARE(ok, message.isEmpty());
    if (!ok) {
        QVERIFY2(error.contains(message), qPrintable(error));
        QCOMPARE(doc.model(), sample());
        return;
    }
    QCOMPARE(added.count(), 1);
    QCOMPARE(doc.model().links.size(), 5);
    QCOMPARE(doc.removeLink(added.at(0).at(0).toInt()), std::optional<Link>(link));
    QCOMPARE(doc.model(), sample());
}

void TestArchitectureDocument::moveAnnouncesThePosition()
{
    ArchitectureDocument doc;
    doc.reset(sample());
    QSignalSpy moved(&doc, &ArchitectureDocument::componentMoved);
    QVERIFY(doc.moveComponent(QStringLiteral("db"), QPointF(10, 20)));
    QCOMPARE(moved.count(), 1);
    QCOMPARE(moved.at(0).at(1).toPointF(), QPointF(10, 20));
    QVERIFY(doc.moveComponent(QStringLiteral("db"), QPointF(10, 20))); // same place: no news
    QCOMPARE(moved.count(), 1);
    QVERIFY(!doc.moveComponent(QStringLiteral("ghost"), QPointF()));
}

void TestArchitectureDocument::uniqueIds()
{
    ArchitectureDocument doc;
    doc.reset(sample());
    QCOMPARE(doc.uniqueId(QStringLiteral("cache")), QStringLiteral("cache"));
    QCOMPARE(doc.uniqueId(QStringLiteral("web")), QStringLiteral("web-2"));
    doc.addComponent(component(QStringLiteral("web-2"), ComponentKind::WebServer), {});
    QCOMPARE(doc.uniqueId(QStringLiteral("web")), QStringLiteral("web-3"));
}

QTEST_GUILESS_MAIN(TestArchitectureDocument)
#include "tst_architecture_document.moc"
