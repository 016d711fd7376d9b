// Pacing a live run: from its anchor, simulated time may advance `speed` times as fast as the wall
// clock and no further; without a speed nothing holds the run back; and a speed too large for
// the nanosecond clock is no time limit rather than an overflow.

#include "run/pacer.h"

#include <QTest>

#include <chrono>
#include <limits>

using namespace scalelab;
using run::Pacer;
using namespace std::chrono_literals;

class TestPacer : public QObject {
    Q_OBJECT

private slots:
    void simulatedTimeFollowsTheWallClock()
    {
        Pacer p;
        p.setSpeed(10);
        QVERIFY(p.paced());
        QCOMPARE(p.speed(), 10.0);
        const Pacer::Clock::time_point t0{};
        p.anchor(sim::fromSeconds(3), t0);
        // A wall second later the simulated clock may be ten seconds on, from where it was.
        QCOMPARE(p.limit(sim::fromSeconds(100), t0 + 1s), sim::fromSeconds(13));
        QCOMPARE(p.limit(sim::fromSeconds(5), t0 + 1s), sim::fromSeconds(5));
        QCOMPARE(p.limit(sim::fromSeconds(100), t0 + 250ms), sim::fromSeconds(5.5));
        QVERIFY(p.caughtUp(sim::fromSeconds(13), t0 + 1s));
        QVERIFY(!p.caughtUp(sim::fromSeconds(13) - 1, t0 + 1s));
        QVERIFY(p.caughtUp(sim::fromSeconds(3), t0));
    }

    // Anchoring again starts over: time spent paused is not made up for afterwards.
    void anchoringAgainStartsOver()
    {
        Pacer p;
        p.setSpeed(2);
        const Pacer::Clock::time_point t0{};
        p.anchor(0, t0);
        QCOMPARE(p.limit(sim::fromSeconds(1000), t0 + 60s), sim::fromSeconds(120));
        p.anchor(sim::fromSeconds(4), t0 + 60s);
        QCOMPARE(p.limit(sim::fromSeconds(100), t0 + 61s), sim::fromSeconds(6));
        QVERIFY(!p.caughtUp(sim::fromSeconds(5), t0 + 61s));
    }

    void unpacedRunsFlatOut()
    {
        for (const double speed : {0.0, -1.0, std::numeric_limits<double>::infinity(),
                                   std::numeric_limits<double>::quiet_NaN()}) {
            Pacer p;
            p.setSpeed(4);
            p.setSpeed(speed);
            QVERIFY(!p.paced());
            QCOMPARE(p.speed(), 0.0);
            const Pacer::Clock::time_point t0{};
            p.anchor(0, t0);
            QCOMPARE(p.limit(sim::fromSeconds(100), t0), sim::fromSeconds(100));
            QVERIFY(!p.caughtUp(sim::fromSeconds(100), t0 + 1s));
        }
    }

    void hugeSpeedsDoNotOverflow()
    {
        Pacer p;
        p.setSpeed(1e15);
        const Pacer::Clock::time_point t0{};
        p.anchor(0, t0);
        QCOMPARE(p.limit(sim::kNever - 1, t0 + 1h), sim::kNever - 1);
        QCOMPARE(p.limit(sim::fromSeconds(1), t0 + 1s), sim::fromSeconds(1));
    }

    // With the wall clock itself: a tenth of a second at 100 times is at most ten simulated
    // seconds, however slow the machine.
    void realClock()
    {
        Pacer p;
        p.setSpeed(100);
        const auto before = Pacer::Clock::now();
        p.anchor(0);
        QTest::qSleep(100);
        const sim::Time allowed = p.limit(sim::fromSeconds(1000));
        const double wall = std::chrono::duration<double>(Pacer::Clock::now() - before).count();
        QVERIFY(allowed >= sim::fromSeconds(10));
        QVERIFY(allowed <= sim::fromSeconds(100 * wall));
    }
};

QTEST_GUILESS_MAIN(TestPacer)
#include "tst_pacer.moc"
