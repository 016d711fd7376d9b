#include "auto_layout.h"

#include <QLineF>
#include <QRectF>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <utility>
#include <vector>

namespace scalelab::diagram {

namespace {

constexpr double kColumnWidth = 190;
constexpr double kRowHeight = 120;
constexpr double kBandGap = 0.6;   // rows between bands: room for the region frames
constexpr double kSpareGap = 0.35; // rows between a drawing and the row of unconnected parts
constexpr int kSweeps = 4;         // barycentre sweeps, alternately rightwards and leftwards
constexpr int kSwapPasses = 4;
constexpr int kAlignPasses = 4;
// Above this many components the swap passes (quadratic in the links) are left out; the
// barycentre order alone is still a fair drawing.
constexpr int kMaxRefined = 150;
// What a link should not run through: a component's icon, caption and load bar, relative to its
// position (see component_painter.h).
const QRectF kObstacle(-40, -30, 80, 84);

struct Edge {
    int from;
    int to;
    bool request;
};

// Whether the segment a-b passes through `rect` (Liang-Barsky clipping).
bool segmentHits(QPointF a, QPointF b, const QRectF &rect)
{
    double t0 = 0;
    double t1 = 1;
    const double dx = b.x() - a.x();
    const double dy = b.y() - a.y();
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {a.x() - rect.left(), rect.right() - a.x(), a.y() - rect.top(),
                         rect.bottom() - a.y()};
    for (int k = 0; k < 4; ++k) {
        if (p[k] == 0) {
            if (q[k] < 0)
                return false;
            continue;
        }
        const double t = q[k] / p[k];
        if (p[k] < 0)
            t0 = std::max(t0, t);
        else
            t1 = std::min(t1, t);
        if (t0 > t1)
            return false;
    }
    return true;
}

class Layout {
public:
    explicit Layout(const model::Model &model);
    QHash<QString, QPointF> positions();

private:
    bool isClient(int i) const
    {
        return m_model.components.at(i).kind == model::ComponentKind::Client;
    }
    void assignLayers();
    void addStandIns();
    void orderByBarycentre();
    void reduceCrossings();
    void place(); // rows from the band order and each column's order
    void alignInBand(int band, double top, int height);
    double cost() const;
    QPointF at(int i) const { return {m_layer[i] * kColumnWidth, m_row[i] * kRowHeight}; }

    const model::Model &m_model;
    int m_n;
    std::vector<Edge> m_edges;
    std::vector<std::vector<int>> m_out; // edge indices by their caller / primary
    std::vector<std::vector<int>> m_in;
    // Per component, then per stand-in (addStandIns): column (-1: on no request link, drawn in
    // a spare row), row, band.
    std::vector<int> m_layer;
    std::vector<double> m_row;    // in rows of kRowHeight, from the top
    std::vector<double> m_column; // x in columns; for the spare rows only
    QStringList m_bands;
    std::vector<int> m_band;
    std::vector<std::vector<int>> m_adjacent; // neighbours for the ordering, stand-ins included
    std::vector<int> m_bandOrder;             // top to bottom
    // cells[band][layer]: the components there, top to bottom.
    std::vector<std::map<int, std::vector<int>>> m_cells;
    std::vector<std::vector<int>> m_spare; // per band, the unconnected components in it
    int m_columns = 1;
};

Layout::Layout(const model::Model &model)
    : m_model(model), m_n(static_cast<int>(model.components.size())), m_out(m_n), m_in(m_n),
      m_layer(m_n, -1), m_row(m_n, 0), m_column(m_n, 0), m_band(m_n, 0)
{
    for (const model::Link &link : model.links) {
        const int from = model.indexOf(link.from);
        const int to = model.indexOf(link.to);
        if (from < 0 || to < 0 || from == to)
            continue;
        m_out[from].push_back(static_cast<int>(m_edges.size()));
        m_in[to].push_back(static_cast<int>(m_edges.size()));
        m_edges.push_back({from, to, link.kind == model::Link::Kind::Request});
    }
    // Bands: the regions in model order, then the components in no region.
    for (const model::Region &region : model.regions)
        m_bands << region.id;
    m_bands << QString();
    for (int i = 0; i < m_n; ++i)
        m_band[i] = std::max(0, int(m_bands.indexOf(model.components.at(i).region)));
}

// Columns: the longest request path from a client, so that every call runs rightwards. Links
// that close a cycle (found by a depth-first walk from the clients) are left out, or a cycle
// would stretch the drawing without end.
void Layout::assignLayers()
{
    std::vector<char> onRequestLink(m_n, 0);
    std::vector<char> called(m_n, 0);
    for (const Edge &e : m_edges)
        if (e.request) {
            onRequestLink[e.from] = onRequestLink[e.to] = 1;
            called[e.to] = 1;
        }
    std::vector<char> state(m_n, 0); // 0 unseen, 1 on the walk's path, 2 done
    std::vector<char> back(m_edges.size(), 0);
    std::vector<int> finished;
    auto walk = [&](int root) {
        if (state[root] || !onRequestLink[root])
            return;
        std::vector<std::pair<int, std::size_t>> path{{root, 0}};
        state[root] = 1;
        while (!path.empty()) {
            const int v = path.back().first;
            if (path.back().second < m_out[v].size()) {
                const int e = m_out[v][path.back().second++];
                if (!m_edges[e].request)
                    continue;
                const int w = m_edges[e].to;
                if (state[w] == 1) {
                    back[e] = 1;
                } else if (state[w] == 0) {
                    state[w] = 1;
                    path.push_back({w, 0});
                }
            } else {
                state[v] = 2;
                finished.push_back(v);
                path.pop_back();
            }
        }
    };
    for (int i = 0; i < m_n; ++i)
        if (isClient(i))
            walk(i);
    for (int i = 0; i < m_n; ++i)
        if (!called[i])
            walk(i);
    for (int i = 0; i < m_n; ++i)
        walk(i);

    // Reverse finishing order is a topological order of the calls that remain.
    const std::vector<int> order(finished.rbegin(), finished.rend());
    for (int v : order) {
        // Clients alone take the first column.
        m_layer[v] = std::max(m_layer[v], isClient(v) ? 0 : 1);
        for (int e : m_out[v])
            if (m_edges[e].request && !back[e] && !isClient(m_edges[e].to))
                m_layer[m_edges[e].to] = std::max(m_layer[m_edges[e].to], m_layer[v] + 1);
    }
    // A part that nothing calls (wired, but no client yet) stands just left of what it calls
    // rather than far away in the second column.
    for (int v : order) {
        if (isClient(v))
            continue;
        bool source = true;
        int nearest = std::numeric_limits<int>::max();
        for (int e : m_in[v])
            source = source && (!m_edges[e].request || back[e]);
        for (int e : m_out[v])
            if (m_edges[e].request && !back[e])
                nearest = std::min(nearest, m_layer[m_edges[e].to]);
        if (source && nearest != std::numeric_limits<int>::max())
            m_layer[v] = std::max(m_layer[v], nearest - 1);
    }
    // Replicas one column right of their primary (and replicas of replicas further right).
    std::vector<int> queue;
    for (int i = 0; i < m_n; ++i)
        if (m_layer[i] >= 0)
            queue.push_back(i);
    for (std::size_t k = 0; k < queue.size(); ++k)
        for (int e : m_out[queue[k]]) {
            const int w = m_edges[e].to;
            if (!m_edges[e].request && m_layer[w] < 0) {
                m_layer[w] = m_layer[queue[k]] + 1;
                queue.push_back(w);
            }
        }
    m_columns = 1;
    for (int layer : m_layer)
        m_columns = std::max(m_columns, layer + 1);
}

// A link that skips columns within a band gets a stand-in in each column between (Sugiyama's
// dummy nodes): the components there then make room for it instead of sitting on it. Stand-ins
// take a place in the ordering but are not drawn.
void Layout::addStandIns()
{
    m_adjacent.assign(m_n, {});
    auto join = [this](int a, int b) {
        m_adjacent[a].push_back(b);
        m_adjacent[b].push_back(a);
    };
    for (const Edge &e : m_edges) {
        int a = e.from;
        int b = e.to;
        if (m_layer[a] < 0 || m_layer[b] < 0)
            continue;
        if (m_layer[a] > m_layer[b])
            std::swap(a, b);
        if (m_layer[b] - m_layer[a] < 2 || m_band[a] != m_band[b]) {
            join(a, b);
            continue;
        }
        int previous = a;
        for (int layer = m_layer[a] + 1; layer < m_layer[b]; ++layer) {
            const int standIn = static_cast<int>(m_layer.size());
            m_layer.push_back(layer);
            m_band.push_back(m_band[a]);
            m_row.push_back(0);
            m_adjacent.emplace_back();
            join(previous, standIn);
            previous = standIn;
        }
        join(previous, b);
    }
}

void Layout::place()
{
    // A row of unconnected parts is as wide as the drawing, and at least a few components.
    const int perRow = std::max(m_columns, 4);
    auto layRow = [&](const std::vector<int> &spare, double top) {
        for (std::size_t k = 0; k < spare.size(); ++k) {
            m_row[spare[k]] = top + static_cast<double>(k / perRow);
            m_column[spare[k]] = static_cast<double>(k % perRow);
        }
        return static_cast<double>((spare.size() + perRow - 1) / perRow);
    };
    double top = 0;
    for (int band : m_bandOrder) {
        int height = 0;
        for (const auto &[layer, members] : m_cells[band])
            height = std::max(height, static_cast<int>(members.size()));
        for (const auto &[layer, members] : m_cells[band]) {
            // Each column centred in its band.
            const double offset = (height - static_cast<double>(members.size())) / 2.0;
            for (std::size_t k = 0; k < members.size(); ++k)
                m_row[members[k]] = top + offset + static_cast<double>(k);
        }
        alignInBand(band, top, height);
        // A region's unconnected parts go in a row below its drawing, inside its frame.
        double rows = height;
        if (!m_bands.at(band).isEmpty() && !m_spare[band].empty()) {
            const double spareTop = top + height + (height > 0 ? kSpareGap : 0);
            rows = spareTop - top + layRow(m_spare[band], spareTop);
        }
        if (rows > 0)
            top += rows + kBandGap;
    }
    // Those in no region (a monitor, a queue not wired yet) in a row below everything.
    layRow(m_spare[m_bands.indexOf(QString())], top);
}

// Then each component moves toward the median row of its neighbours in the band, keeping its
// column's order, a row from the next and the band's bounds: a chain through columns of
// different sizes runs straight instead of zig-zagging between centred columns.
void Layout::alignInBand(int band, double top, int height)
{
    for (int pass = 0; pass < kAlignPasses; ++pass)
        for (auto &[layer, members] : m_cells[band]) {
            const int size = static_cast<int>(members.size());
            std::vector<double> want(size);
            for (int k = 0; k < size; ++k) {
                const int i = members[k];
                std::vector<double> rows;
                for (int other : m_adjacent[i])
                    if (m_layer[other] >= 0 && m_layer[other] != layer && m_band[other] == band)
                        rows.push_back(m_row[other]);
                // The median, which one far neighbour does not drag away from the rest.
                double median = m_row[i];
                if (!rows.empty()) {
                    std::sort(rows.begin(), rows.end());
                    const std::size_t middle = rows.size() / 2;
                    median = rows.size() % 2 ? rows[middle] : (rows[middle - 1] + rows[middle]) / 2;
                }
                want[k] = std::clamp(median, top + k, top + height - size + k);
            }
            for (int k = 1; k < size; ++k)
                want[k] = std::max(want[k], want[k - 1] + 1);
            for (int k = size - 2; k >= 0; --k)
                want[k] = std::min(want[k], want[k + 1] - 1);
            for (int k = 0; k < size; ++k)
                m_row[members[k]] = want[k];
        }
}

// Barycentre ordering: each column sorted by the mean row of its neighbours in the columns
// already ordered, sweeping right and then left, so that links run short and mostly uncrossed.
void Layout::orderByBarycentre()
{
    for (int sweep = 0; sweep < kSweeps; ++sweep) {
        const bool rightwards = sweep % 2 == 0;
        for (int step = 0; step < m_columns; ++step) {
            const int layer = rightwards ? step : m_columns - 1 - step;
            for (auto &columns : m_cells) {
                auto found = columns.find(layer);
                if (found == columns.end())
                    continue;
                std::vector<int> &members = found->second;
                std::vector<double> weight(m_layer.size(), 0);
                for (int i : members) {
                    double sum = 0;
                    int count = 0;
                    auto consider = [&](int other) {
                        if (m_layer[other] >= 0 &&
                            (rightwards ? m_layer[other] < layer : m_layer[other] > layer)) {
                            sum += m_row[other];
                            ++count;
                        }
                    };
                    for (int other : m_adjacent[i])
                        consider(other);
                    // Without neighbours on that side a component keeps its place.
                    weight[i] = count ? sum / count : m_row[i];
                }
                std::stable_sort(members.begin(), members.end(),
                                 [&](int a, int b) { return weight[a] < weight[b]; });
            }
            place();
        }
    }
}

// What the drawing costs the eye: links crossing one another, and (worse) links running through
// a component that is not one of their ends, over its icon or caption. A little for the links'
// length, so that between equals the shorter drawing wins.
double Layout::cost() const
{
    // Region frames: a link running through a region that neither of its ends is in reads as
    // part of that region.
    const int regions = static_cast<int>(m_bands.size()) - 1;
    std::vector<QRectF> frames(regions);
    for (int i = 0; i < m_n; ++i)
        if (m_layer[i] >= 0 && m_band[i] < regions)
            frames[m_band[i]] = frames[m_band[i]].united(kObstacle.translated(at(i)));
    double total = 0;
    for (std::size_t a = 0; a < m_edges.size(); ++a) {
        const Edge &e = m_edges[a];
        if (m_layer[e.from] < 0 || m_layer[e.to] < 0)
            continue;
        const QLineF line(at(e.from), at(e.to));
        total += 0.02 * std::abs(line.dy()) / kRowHeight;
        for (std::size_t b = a + 1; b < m_edges.size(); ++b) {
            const Edge &f = m_edges[b];
            if (f.from == e.from || f.from == e.to || f.to == e.from || f.to == e.to ||
                m_layer[f.from] < 0 || m_layer[f.to] < 0)
                continue;
            if (line.intersects(QLineF(at(f.from), at(f.to))) == QLineF::BoundedIntersection)
                total += 1;
        }
        for (int i = 0; i < m_n; ++i)
            if (m_layer[i] >= 0 && i != e.from && i != e.to &&
                segmentHits(line.p1(), line.p2(), kObstacle.translated(at(i))))
                total += 3;
        for (int r = 0; r < regions; ++r)
            if (r != m_band[e.from] && r != m_band[e.to] && !frames[r].isNull() &&
                segmentHits(line.p1(), line.p2(), frames[r]))
                total += 2;
    }
    return total;
}

// Swaps neighbours in a column while that makes the drawing cheaper: a cheap local search after
// the barycentre order, which knows nothing of captions.
void Layout::reduceCrossings()
{
    double best = cost();
    for (int pass = 0; pass < kSwapPasses; ++pass) {
        bool improved = false;
        for (auto &columns : m_cells)
            for (auto &[layer, members] : columns)
                for (std::size_t k = 0; k + 1 < members.size(); ++k) {
                    std::swap(members[k], members[k + 1]);
                    place();
                    const double swapped = cost();
                    if (swapped < best - 1e-9) {
                        best = swapped;
                        improved = true;
                    } else {
                        std::swap(members[k], members[k + 1]);
                        place();
                    }
                }
        if (!improved)
            break;
    }
}

QHash<QString, QPointF> Layout::positions()
{
    assignLayers();
    addStandIns();
    std::vector<std::map<int, std::vector<int>>> cells(m_bands.size());
    m_spare.assign(m_bands.size(), {});
    for (int i = 0; i < static_cast<int>(m_layer.size()); ++i) {
        if (m_layer[i] >= 0)
            cells[m_band[i]][m_layer[i]].push_back(i);
        else
            m_spare[m_band[i]].push_back(i);
    }
    // Where the shared services (dns, cdn: no region) go among the region bands: between the
    // first region and the others unless above or below them draws cheaper.
    const int regions = static_cast<int>(m_bands.size()) - 1;
    std::vector<std::vector<int>> orders;
    for (int at : {1, 0, regions}) {
        std::vector<int> order(regions);
        std::iota(order.begin(), order.end(), 0);
        order.insert(order.begin() + std::min(at, regions), regions);
        if (std::find(orders.begin(), orders.end(), order) == orders.end())
            orders.push_back(order);
    }
    if (cells[regions].empty())
        orders.resize(1); // nothing of the kind to place
    double best = std::numeric_limits<double>::infinity();
    std::vector<double> bestRow;
    std::vector<double> bestColumn;
    for (const std::vector<int> &order : orders) {
        m_bandOrder = order;
        m_cells = cells;
        place();
        orderByBarycentre();
        if (m_n <= kMaxRefined)
            reduceCrossings();
        const double drawn = cost();
        if (drawn < best - 1e-9) {
            best = drawn;
            bestRow = m_row;
            bestColumn = m_column;
        }
    }
    m_row = bestRow;
    m_column = bestColumn;

    QHash<QString, QPointF> positions;
    for (int i = 0; i < m_n; ++i) {
        const double x = m_layer[i] >= 0 ? m_layer[i] * kColumnWidth : m_column[i] * kColumnWidth;
        positions.insert(m_model.components.at(i).id,
                         QPointF(x, std::round(m_row[i] * kRowHeight / 10) * 10));
    }
    return positions;
}

} // namespace

QHash<QString, QPointF> autoLayout(const model::Model &model)
{
    return Layout(model).positions();
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

} // namespace scalelab::diagram
