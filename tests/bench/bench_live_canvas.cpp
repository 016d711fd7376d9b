// Frame time of the live canvas while the engine runs the capstone flat out: each frame takes
// what the window's event loop has (snapshots for the canvas, the run bar and the docks, the
// link animation's tick) and paints the canvas in full, as the screen would. The goal is under
// 16 ms a frame. Prints figures; asserts nothing (speed goals are not tests).
//   bench_live_canvas [seconds] [model.json]   (QT_QPA_PLATFORM=offscreen without a display)

#include "widgets/canvas/canvas_scene.h"
#include "widgets/canvas/canvas_view.h"
#include "widgets/main_window.h"
#include "widgets/run/run_bar.h"

#include "run/simulation_controller.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QStandardPaths>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace scalelab;

namespace {

struct Figures {
    double mean = 0, p95 = 0, max = 0;
};

Figures measure(std::vector<double> ms)
{
    Figures f;
    if (ms.empty())
        return f;
    for (const double x : ms)
        f.mean += x / static_cast<double>(ms.size());
    std::sort(ms.begin(), ms.end());
    f.p95 = ms[static_cast<std::size_t>(0.95 * static_cast<double>(ms.size() - 1))];
    f.max = ms.back();
    return f;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // leave the learner's settings alone
    QCoreApplication::setOrganizationName(QStringLiteral("ScaleLabBench"));
    const double seconds = argc > 1 ? std::max(1.0, std::atof(argv[1])) : 5;
    const QString file = argc > 2 ? QString::fromLocal8Bit(argv[2])
                                  : QStringLiteral(SCALELAB_TEST_DATA "/capstone.json");

    widgets::MainWindow window;
    window.resize(1600, 1000);
    if (!window.openFile(file))
        return 2;
    window.show();
    QApplication::processEvents();
    window.view()->fitToContents();
    window.scene()->setLinkAnimation(true);

    // Flat out, and long enough not to finish while measured; not much longer, as the canvas's
    // figures are sampled once per chart interval (a 600th of the run) of simulated time.
    auto *speed = window.findChild<QComboBox *>(QStringLiteral("speedBox"));
    speed->setCurrentIndex(speed->findText(QStringLiteral("Max")));
    window.findChild<QDoubleSpinBox *>(QStringLiteral("durationBox"))->setValue(300);
    window.findChild<QAction *>(QStringLiteral("actionRun"))->trigger();

    std::shared_ptr<const run::Snapshot> last;
    int snapshots = 0;
    QObject::connect(window.controller(), &run::SimulationController::snapshotReady, &window,
                     [&](std::shared_ptr<const run::Snapshot> s) {
                         last = s;
                         ++snapshots;
                     });
    // Let the run get going (past the warm-up's first figures) before measuring.
    QElapsedTimer warm;
    warm.start();
    while (warm.elapsed() < 1000) {
        QApplication::processEvents();
        QThread::msleep(2);
    }

    QImage target(window.view()->viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    std::vector<double> frames, handling, painting;
    const int firstSnapshots = snapshots;
    const quint64 firstEvents = last ? last->events : 0;
    const double firstClock = last ? last->nowS : 0;
    QElapsedTimer clock;
    clock.start();
    constexpr qint64 kFrameNs = 16'666'667;
    qint64 next = 0;
    while (clock.nsecsElapsed() < static_cast<qint64>(seconds * 1e9)) {
        QElapsedTimer frame;
        frame.start();
        QApplication::processEvents();
        const double handled = static_cast<double>(frame.nsecsElapsed()) / 1e6;
        window.view()->viewport()->render(&target);
        const double total = static_cast<double>(frame.nsecsElapsed()) / 1e6;
        frames.push_back(total);
        handling.push_back(handled);
        painting.push_back(total - handled);
        // 60 frames a second, as a screen would ask for them.
        next += kFrameNs;
        const qint64 wait = next - clock.nsecsElapsed();
        if (wait > 0)
            QThread::usleep(static_cast<unsigned long>(wait / 1000));
        else
            next = clock.nsecsElapsed();
    }
    const double wall = static_cast<double>(clock.nsecsElapsed()) / 1e9;
    const bool animated = window.scene()->linkAnimationRunning();
    window.controller()->pause();
    // The canvas's own share of a snapshot: overlays, flows and the story, alone.
    std::vector<double> canvas;
    for (int i = 0; last && i < 200; ++i) {
        QElapsedTimer t;
        t.start();
        window.scene()->clearSnapshot();
        window.scene()->showSnapshot(last);
        canvas.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
    }

    const Figures f = measure(frames), h = measure(handling), p = measure(painting),
                  c = measure(canvas);
    std::printf("live canvas: %s, %d components, viewport %dx%d, %zu frames in %.1f s, "
                "links %s\n",
                qPrintable(file.section(QLatin1Char('/'), -1)),
                window.scene()->componentItemCount(), target.width(), target.height(),
                frames.size(), wall, animated ? "animated" : "NOT animated");
    std::printf("engine flat out: %.2f M events/s, %.1f simulated s/s; %d snapshots (%.0f/s)\n",
                last ? static_cast<double>(last->events - firstEvents) / wall / 1e6 : 0.0,
                last ? (last->nowS - firstClock) / wall : 0.0, snapshots - firstSnapshots,
                (snapshots - firstSnapshots) / wall);
    std::printf("events+snapshots mean %6.2f ms  p95 %6.2f ms  max %6.2f ms\n", h.mean, h.p95,
                h.max);
    std::printf("  of which canvas overlays per snapshot  mean %6.3f ms  max %6.3f ms\n", c.mean,
                c.max);
    std::printf("paint           mean %6.2f ms  p95 %6.2f ms  max %6.2f ms\n", p.mean, p.p95,
                p.max);
    std::printf("frame           mean %6.2f ms  p95 %6.2f ms  max %6.2f ms  (goal: under 16 ms)\n",
                f.mean, f.p95, f.max);
    return 0;
}
