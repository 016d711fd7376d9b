// The bottleneck sentence's advice for a saturated database follows what is already there: a
// cache when there is none, a better cache when there is one, sharding for writes, and for a shard
// that is hot already, its key rather than more sharding.

#include "model_test_support.h"

#include "model/explanations.h"

#include <QTest>

using namespace scalelab;
using namespace scalelab::testing;

namespace {

// users -> web -> [cache] -> db or users -> web -> router -> shard-1, shard-2; one minute.
QByteArray design(const QByteArray &mix, const QByteArray &keys, const QByteArray &tiers,
                  const QByteArray &links)
{
    return R"({"format": "scalelab-model", "version": 1, "name": "advice",
      "components": [
        {"id": "users", "type": "client", "rate_rps": 400, "mix": )" +
           mix + R"(, "keys": )" + keys + R"(},
        {"id": "web", "type": "web_server", "count": 4, "cores": 4,
         "service_ms": {"dist": "exponential", "mean": 1}},
        )" +
           tiers +
           R"(],
      "links": [{"from": "users", "to": "web"}, )" +
           links + R"(],
      "scenario": {"duration_s": 30, "warmup_s": 3, "seed": 1}})";
}

const QByteArray kDatabase =
    R"({"id": "db", "type": "database", "cores": 1, "read_ms": 5, "write_ms": 5})";

QString adviceFor(const QByteArray &json)
{
    const sim::RunResults r = runScenario(loadRunnableModel(json));
    return QString::fromStdString(r.bottleneck) + QStringLiteral(": ") +
           model::Explanations::bottleneck(r);
}

} // namespace

class TestBottleneckAdvice : public QObject {
    Q_OBJECT

private slots:
    void readsWithoutACacheAskForOne()
    {
        const QString advice = adviceFor(design(R"({"read": 1})", R"({"count": 1000})", kDatabase,
                                                R"({"from": "web", "to": "db"})"));
        QVERIFY2(advice.startsWith("db: ") &&
                     advice.contains("a cache or read replicas would take reads off it"),
                 qPrintable(advice));
    }

    void readsPastACacheAskForABetterOne()
    {
        const QString advice =
            adviceFor(design(R"({"read": 1})", R"({"count": 100000})",
                             R"({"id": "cache", "type": "cache", "capacity": 100},)" + kDatabase,
                             R"({"from": "web", "to": "cache"}, {"from": "web", "to": "db"})"));
        QVERIFY2(advice.startsWith("db: ") &&
                     advice.contains("a cache that holds more of the popular keys"),
                 qPrintable(advice));
    }

    void writesAskForSharding()
    {
        const QString advice = adviceFor(design(R"({"write": 1})", R"({"count": 1000})", kDatabase,
                                                R"({"from": "web", "to": "db"})"));
        QVERIFY2(advice.contains("writes only scale by splitting the data: shard it"),
                 qPrintable(advice));
    }

    void aHotShardPointsAtItsKey()
    {
        // Zipf 1.5 over 1,000 keys gives the hottest key about 40 % of the writes: its shard
        // saturates while the other has room.
        const QString advice = adviceFor(
            design(R"({"write": 1})", R"({"count": 1000, "zipf": 1.5})",
                   R"({"id": "router", "type": "shard_router"},
               {"id": "shard-1", "type": "database", "cores": 1, "write_ms": 3},
               {"id": "shard-2", "type": "database", "cores": 1, "write_ms": 3})",
                   R"({"from": "web", "to": "router"}, {"from": "router", "to": "shard-1"},
               {"from": "router", "to": "shard-2"})"));
        QVERIFY2(advice.startsWith("shard-") && advice.contains("a hot key or the shard key") &&
                     !advice.contains("shard it"),
                 qPrintable(advice));
    }
};

QTEST_GUILESS_MAIN(TestBottleneckAdvice)
#include "tst_bottleneck_advice.moc"
