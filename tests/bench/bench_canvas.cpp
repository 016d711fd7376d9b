// Frame time while panning and zooming a canvas of 500 components and 1,000 links: the goal is
// under 16 ms a frame. Prints figures; asserts nothing (speed goals are not tests).
//   bench_canvas [frames]   (run with QT_QPA_PLATFORM=offscreen without a display)

#include "model/model_json.h"
#include "widgets/canvas/canvas_scene.h"
#include "widgets/canvas/canvas_view.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUndoStack>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace scalelab;

namespace {

// Twenty columns of twenty-five components, each linked to two in the next column (and some
// down their column): 500
// components and 1,000 links, laid out on a grid like a large drawn architecture.
model::Model largeModel()
{
    const char *types[] = {"web_server", "database", "cache", "load_balancer", "worker"};
    QJsonArray components, links;
    QJsonObject layout;
    const int columns = 20, rows = 25;
    auto id = [](int c, int r) { return QStringLiteral("c%1-%2").arg(c).arg(r); };
    components.append(QJsonObject{{"id", "users"}, {"type", "client"}, {"rate_rps", 100}});
    for (int c = 0; c < columns; ++c)
        for (int r = 0; r < rows; ++r) {
            if (c == 0 && r == 0)
                continue; // the client takes the first place
            QJsonObject component{{"id", id(c, r)}, {"type", types[(c + r) % 5]}};
            if (component.value("type") == QLatin1String("cache"))
                component.insert("capacity", 1000);
            components.append(component);
            layout.insert(id(c, r), QJsonObject{{"x", c * 160}, {"y", r * 110}});
        }
    layout.insert("users", QJsonObject{{"x", 0}, {"y", 0}});
    for (int c = 0; c + 1 < columns; ++c)
        for (int r = 0; r < rows; ++r)
            for (int k = 0; k < 2; ++k) {
                const int to = (r + k * 7) % rows;
                const QString from = c == 0 && r == 0 ? QStringLiteral("users") : id(c, r);
                links.append(QJsonObject{{"from", from}, {"to", id(c + 1, to)}});
            }
    // Links down the last columns bring the total to 1,000.
    for (int c = columns - 1; c > 0 && links.size() < 1000; --c)
        for (int r = 0; r + 1 < rows && links.size() < 1000; ++r)
            links.append(QJsonObject{{"from", id(c, r)}, {"to", id(c, r + 1)}});
    const QJsonObject root{{"name", "500 components"},
                           {"components", components},
                           {"links", links},
                           {"layout", layout}};
    const model::LoadResult loaded = model::parseModel(QJsonDocument(root).toJson());
    if (!loaded.ok()) {
        std::fprintf(stderr, "%s\n", qPrintable(loaded.message()));
        std::exit(2);
    }
    return *loaded.model;
}

struct Figures {
    double mean = 0, p95 = 0, max = 0;
};

Figures measure(const std::vector<double> &ms)
{
    std::vector<double> sorted = ms;
    std::sort(sorted.begin(), sorted.end());
    Figures f;
    for (const double x : ms)
        f.mean += x / static_cast<double>(ms.size());
    f.p95 = sorted[static_cast<std::size_t>(0.95 * static_cast<double>(sorted.size() - 1))];
    f.max = sorted.back();
    return f;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const int frames = argc > 1 ? std::max(10, std::atoi(argv[1])) : 120;

    model::ArchitectureDocument document;
    document.reset(largeModel());
    QUndoStack undo;
    widgets::CanvasScene scene(document, undo);
    scene.refreshEstimates();
    widgets::CanvasView view(&scene);
    view.resize(1400, 900);
    view.show();
    QApplication::processEvents();

    // One frame: move or zoom the view, then paint the viewport in full, as the screen would.
    QImage target(view.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    auto frame = [&](auto &&change) {
        QElapsedTimer t;
        t.start();
        change();
        view.viewport()->render(&target);
        return static_cast<double>(t.nsecsElapsed()) / 1e6;
    };
    std::vector<double> pan, zoom;
    view.resetTransform();
    for (int i = 0; i < frames; ++i)
        pan.push_back(frame([&] { view.centerOn(QPointF(200 + 12.0 * i, 200 + 8.0 * i)); }));
    for (int i = 0; i < frames; ++i)
        zoom.push_back(frame(
            [&] { view.scale(i % 40 < 20 ? 1.05 : 1 / 1.05, i % 40 < 20 ? 1.05 : 1 / 1.05); }));
    view.fitToContents();
    std::vector<double> whole;
    for (int i = 0; i < frames / 4; ++i)
        whole.push_back(frame([&] { view.centerOn(view.sceneRect().center() + QPointF(i, 0)); }));

    const Figures p = measure(pan), z = measure(zoom), w = measure(whole);
    std::printf("canvas of %d components and %lld links, %d frames each, viewport 1400x900\n",
                scene.componentItemCount(), static_cast<long long>(scene.linkItems().size()),
                frames);
    std::printf("pan         mean %6.2f ms  p95 %6.2f ms  max %6.2f ms\n", p.mean, p.p95, p.max);
    std::printf("zoom        mean %6.2f ms  p95 %6.2f ms  max %6.2f ms\n", z.mean, z.p95, z.max);
    std::printf("all in view mean %6.2f ms  p95 %6.2f ms  max %6.2f ms  (goal: under 16 ms)\n",
                w.mean, w.p95, w.max);
    return 0;
}
