#include "auto_layout.h"

#include <QQueue>

#include <algorithm>
#include <cmath>
#include <map>

namespace scalelab::widgets {

namespace {

constexpr double kColumnWidth = 190;
constexpr double kRowHeight = 120;

} // namespace

QHash<QString, QPointF> autoLayout(const model::Model &model)
{
    const auto &components = model.components;
    const int n = static_cast<int>(components.size());
    // Column: breadth-first depth from the clients over request links.
    QList<int> depth(n, -1);
    QQueue<int> queue;
    for (int i = 0; i < n; ++i)
        if (components.at(i).type == QLatin1String("client")) {
            depth[i] = 0;
            queue.enqueue(i);
        }
    auto relax = [&](model::Link::Kind kind) {
        while (!queue.isEmpty()) {
            const int at = queue.dequeue();
            for (const model::Link &link : model.links) {
                if (link.kind != kind || link.from != components.at(at).id)
                    continue;
                const int to = model.indexOf(link.to);
                if (to >= 0 && depth[to] < 0) {
                    depth[to] = depth[at] + 1;
                    queue.enqueue(to);
                }
            }
        }
    };
    relax(model::Link::Kind::Request);
    // Replicas sit one column right of their primary.
    for (int i = 0; i < n; ++i)
        if (depth[i] >= 0)
            queue.enqueue(i);
    relax(model::Link::Kind::Replication);
    // What no client reaches (monitors, parts not wired yet) gets a column of its own at the end.
    int deepest = -1;
    for (int d : depth)
        deepest = std::max(deepest, d);
    for (int i = 0; i < n; ++i)
        if (depth[i] < 0)
            depth[i] = deepest + 1;

    // Bands: the first region, components in no region, then the other regions.
    QStringList bands;
    if (!model.regions.isEmpty())
        bands << model.regions.first().id;
    bands << QString();
    for (qsizetype r = 1; r < model.regions.size(); ++r)
        bands << model.regions.at(r).id;
    auto bandOf = [&](int i) { return std::max(0, int(bands.indexOf(components.at(i).region))); };

    // cells[band][column] = components in it, in model order, then ordered by their callers' rows.
    std::map<int, std::map<int, QList<int>>> cells;
    for (int i = 0; i < n; ++i)
        cells[bandOf(i)][depth[i]].append(i);
    QList<double> row(n, 0);
    QList<int> bandHeight(bands.size(), 0);
    for (auto &[band, columns] : cells)
        for (auto &[column, members] : columns)
            bandHeight[band] = std::max(bandHeight[band], int(members.size()));
    double top = 0;
    QHash<QString, QPointF> positions;
    for (int band = 0; band < bands.size(); ++band) {
        if (bandHeight[band] == 0)
            continue;
        for (auto &[column, members] : cells[band]) {
            // Barycentre of the callers' rows keeps links short and mostly uncrossed.
            QHash<int, double> weight;
            for (int i : members) {
                double sum = 0;
                int count = 0;
                for (const model::Link &link : model.links)
                    if (link.to == components.at(i).id) {
                        const int from = model.indexOf(link.from);
                        if (from >= 0 && depth[from] < column) {
                            sum += row[from];
                            ++count;
                        }
                    }
                weight.insert(i, count ? sum / count : top + i * 1e-3);
            }
            std::stable_sort(members.begin(), members.end(),
                             [&](int a, int b) { return weight.value(a) < weight.value(b); });
            // Centre the column in its band.
            const double offset = (bandHeight[band] - members.size()) / 2.0;
            for (int k = 0; k < members.size(); ++k) {
                const int i = members.at(k);
                row[i] = top + offset + k;
                positions.insert(
                    components.at(i).id,
                    QPointF(column * kColumnWidth, std::round(row[i] * kRowHeight / 10) * 10));
            }
        }
        top += bandHeight[band] + 0.6; // a gap between bands leaves room for the region frames
    }
    return positions;
}

bool completeLayout(model::Model &model)
{
    bool missing = false;
    for (const model::Component &c : model.components)
        missing = missing || !model.layout.contains(c.id);
    if (!missing)
        return false;
    const QHash<QString, QPointF> positions = autoLayout(model);
    for (const model::Component &c : model.components)
        if (!model.layout.contains(c.id))
            model.layout.insert(c.id, positions.value(c.id));
    return true;
}

} // namespace scalelab::widgets
