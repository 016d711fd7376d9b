// The live run's bottleneck story on samples made by hand: a component is named from 50 % busy
// and dropped only under 40 %, gives way only to one at least 5 points busier, the system
// saturates at 95 % and recovers under 85 %, and the judgement reads utilisation smoothed over
// about ten chart windows, not one window's noise, and only once the warm-up is over.

#include "run/bottleneck_story.h"

#include <QTest>

#include <cmath>

using namespace scalelab;
using run::BottleneckStory;

namespace {

constexpr double kNone = sim::ComponentSample::kNone;

// users (no capacity), web and db; a chart interval of 0.1 s smooths over one second.
class Story {
public:
    explicit Story(sim::Time warmup = 0)
        : story(
              {QStringLiteral("users"), QStringLiteral("web"), QStringLiteral("db")},
              sim::fromSeconds(0.1), warmup,
              [](std::uint32_t component, double share) {
                  return QStringLiteral("component %1 at %2").arg(component).arg(share, 0, 'f', 3);
              },
              [this](const QString &component, const QString &text) {
                  notes << component + QStringLiteral(": ") + text;
              })
    {}

    // One window of `windowS` seconds ending `windowS` after the previous one. A window of a
    // hundred seconds against one second of smoothing leaves nothing of the past.
    void feed(double web, double db = kNone, double windowS = 100)
    {
        m_at += sim::fromSeconds(windowS);
        sim::Sample s;
        s.at = m_at;
        s.windowS = windowS;
        s.components.resize(3);
        s.components[1].utilization = web;
        s.components[2].utilization = db;
        story.observe(s);
    }
    double atS() const { return sim::toSeconds(m_at); }

    BottleneckStory story;
    QStringList notes;

private:
    sim::Time m_at = 0;
};

} // namespace

class TestBottleneckStory : public QObject {
    Q_OBJECT

private slots:
    void namedFromHalfBusy()
    {
        Story below;
        below.feed(0.4999);
        QVERIFY(below.story.bottleneck().isEmpty());
        QCOMPARE(below.story.utilization(), 0.4999);
        QCOMPARE(below.story.story(),
                 QStringLiteral("nothing is near its capacity: the busiest component, web, is "
                                "busy 50 % of the time"));
        QVERIFY(below.notes.isEmpty());

        Story at;
        at.feed(0.5);
        QCOMPARE(at.story.bottleneck(), QStringLiteral("web"));
        QCOMPARE(at.story.utilization(), 0.5);
        // The sentence is the engine's, for the named component at its recent share.
        QCOMPARE(at.story.story(), QStringLiteral("component 1 at 0.500"));
        QCOMPARE(at.notes,
                 QStringList{QStringLiteral("web: web is now the bottleneck (50 % busy)")});
    }

    void droppedOnlyUnderFortyPercent()
    {
        Story s;
        s.feed(0.7);
        for (const double share : {0.45, 0.41, 0.405}) {
            s.feed(share);
            QCOMPARE(s.story.bottleneck(), QStringLiteral("web"));
            QCOMPARE(s.story.utilization(), share);
        }
        s.feed(0.39);
        QVERIFY(s.story.bottleneck().isEmpty());
        QCOMPARE(s.story.utilization(), 0.39);
        QVERIFY(s.story.story().startsWith(QStringLiteral("nothing is near its capacity")));
        // Named once, however long it stayed; named again once back at half busy.
        QCOMPARE(s.notes.size(), 1);
        s.feed(0.45);
        QVERIFY(s.story.bottleneck().isEmpty());
        s.feed(0.55);
        QCOMPARE(s.story.bottleneck(), QStringLiteral("web"));
        QCOMPARE(s.notes.size(), 2);
    }

    void givesWayOnlyToAClearlyBusierComponent()
    {
        Story s;
        s.feed(0.6, 0.3);
        QCOMPARE(s.story.bottleneck(), QStringLiteral("web"));
        s.feed(0.6, 0.64); // busier, but not by five points
        QCOMPARE(s.story.bottleneck(), QStringLiteral("web"));
        QCOMPARE(s.story.utilization(), 0.6);
        QCOMPARE(s.story.story(), QStringLiteral("component 1 at 0.600"));
        s.feed(0.6, 0.66);
        QCOMPARE(s.story.bottleneck(), QStringLiteral("db"));
        QCOMPARE(s.story.utilization(), 0.66);
        QCOMPARE(s.story.story(), QStringLiteral("component 2 at 0.660"));
        QCOMPARE(s.notes.last(), QStringLiteral("db: db is now the bottleneck (66 % busy)"));
        // A named one fallen under 40 % gives way to whichever is now past half busy.
        s.feed(0.7, 0.2);
        QCOMPARE(s.story.bottleneck(), QStringLiteral("web"));
    }

    void saturatesAtNinetyFivePercent()
    {
        Story below;
        below.feed(0.9499);
        QVERIFY(below.story.saturatedAtS().isEmpty());

        Story at;
        at.feed(0.95);
        QCOMPARE(at.story.saturatedAtS(), QList<double>{at.atS()});
        QCOMPARE(at.notes.last(), QStringLiteral("web: the system saturates: web is 95 % busy"));
    }

    void recoversOnlyUnderEightyFivePercent()
    {
        Story s;
        s.feed(0.97);
        const double first = s.atS();
        for (const double share : {0.9, 0.86, 0.855, 0.96}) {
            s.feed(share);
            QCOMPARE(s.story.saturatedAtS(), QList<double>{first});
        }
        const qsizetype notes = s.notes.size();
        s.feed(0.84);
        QCOMPARE(s.notes.size(), notes + 1);
        QCOMPARE(s.notes.last(), QStringLiteral("web: out of saturation: web is 84 % busy"));
        s.feed(0.9);
        QCOMPARE(s.story.saturatedAtS().size(), 1);
        s.feed(0.99);
        QCOMPARE(s.story.saturatedAtS(), (QList<double>{first, s.atS()}));
        // The bottleneck stays the same component throughout: named once.
        QCOMPARE(s.notes.count(QStringLiteral("web: web is now the bottleneck (97 % busy)")), 1);
    }

    // Chart windows of 0.1 s: one window fully busy amid 70 % moves the smoothed figure by
    // about three points; a busy spell of a few seconds does saturate.
    void oneBusyWindowIsNoise()
    {
        Story s;
        for (int i = 0; i < 50; ++i)
            s.feed(0.7, kNone, 0.1);
        s.feed(1.0, kNone, 0.1);
        QVERIFY(s.story.saturatedAtS().isEmpty());
        QVERIFY2(s.story.utilization() > 0.72 && s.story.utilization() < 0.74,
                 qPrintable(QString::number(s.story.utilization())));
        for (int i = 0; i < 30; ++i)
            s.feed(1.0, kNone, 0.1);
        QCOMPARE(s.story.saturatedAtS().size(), 1);
        QVERIFY(s.story.saturatedAtS().first() > 5);
    }

    // During the warm-up utilisation is smoothed but nothing is judged; an empty window counts
    // for nothing at all.
    void judgedOnlyPastTheWarmUp()
    {
        Story edge(sim::fromSeconds(100));
        edge.feed(1.0); // at the warm-up's end exactly: still the warm-up
        QVERIFY(edge.story.story().isEmpty());
        QVERIFY(edge.story.saturatedAtS().isEmpty());
        edge.feed(1.0);
        QCOMPARE(edge.story.saturatedAtS(), QList<double>{200.0});

        Story s(sim::fromSeconds(10));
        s.feed(1.0, kNone, 0.1); // at 0.1 s
        QVERIFY(s.story.story().isEmpty());
        QVERIFY(s.story.bottleneck().isEmpty());
        QVERIFY(s.story.saturatedAtS().isEmpty());
        QVERIFY(s.notes.isEmpty());
        // Past the warm-up, the warm-up's smoothed 100 % has faded towards 60 %.
        s.feed(0.6, kNone, 10); // at 10.1 s
        QCOMPARE(s.story.bottleneck(), QStringLiteral("web"));
        QVERIFY(s.story.saturatedAtS().isEmpty());
        QVERIFY(s.story.utilization() > 0.6 && s.story.utilization() < 0.61);
        s.feed(1.0, kNone, 0); // an empty window
        QVERIFY(s.story.utilization() < 0.61);
    }

    void nothingWithACapacity()
    {
        Story s;
        s.feed(kNone, kNone);
        QCOMPARE(s.story.story(), QStringLiteral("nothing has a capacity limit"));
        QVERIFY(s.story.bottleneck().isEmpty());
        QVERIFY(s.notes.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestBottleneckStory)
#include "tst_bottleneck_story.moc"
