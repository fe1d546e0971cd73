// Layered layout of the architecture diagram (see diagram_layout.hpp).
#include "report/diagram_layout.hpp"

#include <algorithm>
#include <numeric>
#include <queue>
#include <set>

namespace svcsim::detail {
namespace {

using Edge = std::pair<std::size_t, std::size_t>;

constexpr double kColumnGap = 70;  // room for arrows between columns
constexpr double kRowGap = 26;
constexpr int kSweeps = 24;        // barycentre passes (alternating down and up); small graphs settle in a few

// Every step below is O(E log E) or linear in the vertices and edges, so the
// diagram of a 100,000-node scenario is drawn in seconds (issue 14); the
// order of vertices and edges is that of quadratic searches they replaced.

std::vector<Edge> distinct_edges(std::size_t count, const std::vector<Edge>& edges) {
  std::vector<Edge> out;
  std::set<Edge> seen;
  for (const Edge& e : edges) {
    if (e.first >= count || e.second >= count || e.first == e.second) continue;
    if (seen.insert(e).second) out.push_back(e);
  }
  return out;
}

/// Longest-path ranks: a vertex sits one column right of its deepest caller.
/// Kahn's order, smallest index first; should a cycle remain (the loader
/// refuses them), its smallest vertex is taken as if it had no caller left.
std::vector<std::size_t> longest_path_ranks(std::size_t count, const std::vector<Edge>& edges) {
  std::vector<std::size_t> rank(count, 0), callers(count, 0);
  std::vector<std::vector<std::size_t>> callees(count);
  for (const Edge& e : edges) {
    ++callers[e.second];
    callees[e.first].push_back(e.second);
  }
  // Vertices without callers left, smallest first; a count of callers only
  // falls, so an entry stays valid until its vertex is placed.
  std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> ready;
  for (std::size_t v = 0; v < count; ++v)
    if (callers[v] == 0) ready.push(v);
  std::vector<bool> done(count, false);
  std::size_t first_left = 0;  // no vertex below it is left: the cycle fallback scans on from here
  for (std::size_t placed = 0; placed < count; ++placed) {
    while (!ready.empty() && done[ready.top()]) ready.pop();
    std::size_t next = count;
    if (!ready.empty()) {
      next = ready.top();
      ready.pop();
    } else {
      while (done[first_left]) ++first_left;
      next = first_left;
    }
    done[next] = true;
    for (const std::size_t to : callees[next])
      if (!done[to]) {
        rank[to] = std::max(rank[to], rank[next] + 1);
        if (callers[to] > 0 && --callers[to] == 0) ready.push(to);
      }
  }
  return rank;
}

/// The graph with long edges split: every segment joins adjacent ranks.
struct Layered {
  std::vector<std::size_t> rank;                  // real vertices, then virtual points
  std::vector<std::vector<std::size_t>> down, up;  // neighbours in the next / previous rank
  std::vector<std::vector<std::size_t>> chains;    // per edge: its virtual points, left to right
  std::vector<std::vector<std::size_t>> layers;    // per rank: vertices in order
};

Layered split_long_edges(std::size_t count, const std::vector<Edge>& edges, std::vector<std::size_t> rank) {
  Layered g;
  g.rank = std::move(rank);
  g.down.resize(count);
  g.up.resize(count);
  auto link = [&g](std::size_t a, std::size_t b) {
    g.down[a].push_back(b);
    g.up[b].push_back(a);
  };
  for (const Edge& e : edges) {
    std::vector<std::size_t> chain;
    std::size_t last = e.first;
    // A call to a lower rank can only come from a leftover cycle: drawn straight, no virtual points.
    for (std::size_t r = g.rank[e.first] + 1; g.rank[e.second] > g.rank[e.first] && r < g.rank[e.second]; ++r) {
      const std::size_t v = g.rank.size();
      g.rank.push_back(r);
      g.down.emplace_back();
      g.up.emplace_back();
      link(last, v);
      chain.push_back(v);
      last = v;
    }
    if (g.rank[e.second] > g.rank[e.first]) link(last, e.second);
    g.chains.push_back(std::move(chain));
  }
  const std::size_t ranks = *std::max_element(g.rank.begin(), g.rank.end()) + 1;
  g.layers.resize(ranks);
  for (std::size_t v = 0; v < g.rank.size(); ++v) g.layers[g.rank[v]].push_back(v);
  return g;
}

std::vector<std::size_t> positions(const Layered& g) {
  std::vector<std::size_t> pos(g.rank.size());
  for (const auto& layer : g.layers)
    for (std::size_t i = 0; i < layer.size(); ++i) pos[layer[i]] = i;
  return pos;
}

/// Pairs of segments between two adjacent ranks that cross: one starts above
/// and ends below the other (segments sharing an end do not cross). Counted
/// as inversions, with a Fenwick tree over the lower ends: O(S log S).
std::size_t count_crossings(const Layered& g) {
  const std::vector<std::size_t> pos = positions(g);
  std::size_t crossings = 0;
  std::vector<Edge> segments;
  std::vector<std::size_t> tree;
  for (std::size_t r = 0; r + 1 < g.layers.size(); ++r) {
    segments.clear();
    for (const std::size_t a : g.layers[r])
      for (const std::size_t b : g.down[a]) segments.emplace_back(pos[a], pos[b]);
    std::sort(segments.begin(), segments.end());
    const std::size_t width = g.layers[r + 1].size();
    tree.assign(width + 1, 0);
    std::size_t inserted = 0;
    for (std::size_t i = 0; i < segments.size();) {
      std::size_t j = i;
      // Those starting strictly above that end strictly below.
      for (; j < segments.size() && segments[j].first == segments[i].first; ++j) {
        std::size_t at_or_above = 0;
        for (std::size_t k = segments[j].second + 1; k > 0; k -= k & (~k + 1)) at_or_above += tree[k];
        crossings += inserted - at_or_above;
      }
      for (; i < j; ++i, ++inserted)
        for (std::size_t k = segments[i].second + 1; k <= width; k += k & (~k + 1)) ++tree[k];
    }
  }
  return crossings;
}

/// Reorders one rank by the mean position of each vertex's neighbours in the
/// adjacent rank; a vertex without such neighbours keeps its own position.
/// `pos` (positions(g)) is kept up to date for the rank reordered.
void sort_by_barycentre(Layered& g, std::size_t r, bool use_callers, std::vector<std::size_t>& pos) {
  auto& layer = g.layers[r];
  std::vector<std::pair<double, std::size_t>> keyed;
  for (const std::size_t v : layer) {
    const auto& next = use_callers ? g.up[v] : g.down[v];
    double key = static_cast<double>(pos[v]);
    if (!next.empty()) {
      double sum = 0;
      for (const std::size_t n : next) sum += static_cast<double>(pos[n]);
      key = sum / static_cast<double>(next.size());
    }
    keyed.emplace_back(key, v);
  }
  std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 0; i < layer.size(); ++i) {
    layer[i] = keyed[i].second;
    pos[layer[i]] = i;
  }
}

/// Crossings between the segments of u and those of v (towards both adjacent
/// ranks) while u sits above v; no other pair changes when they swap.
std::size_t pair_crossings(const Layered& g, const std::vector<std::size_t>& pos, std::size_t u, std::size_t v) {
  std::size_t c = 0;
  for (const auto* side : {&g.up, &g.down})
    for (const std::size_t a : (*side)[u])
      for (const std::size_t b : (*side)[v]) c += pos[a] > pos[b] ? 1 : 0;
  return c;
}

/// Swaps neighbours within a rank while that lowers the crossings (the
/// "transpose" step of Gansner et al.): it fixes what barycentres, which only
/// look one rank away, leave behind.
/// A swap is kept when the whole graph's crossings fall, which is when the
/// pair's own crossings do (pair_crossings), so the graph is not recounted.
void transpose(Layered& g, std::size_t& crossings) {
  std::vector<std::size_t> pos = positions(g);
  for (bool improved = true; improved && crossings > 0;) {
    improved = false;
    for (auto& layer : g.layers)
      for (std::size_t i = 0; i + 1 < layer.size(); ++i) {
        const std::size_t u = layer[i], v = layer[i + 1];
        const std::size_t before = pair_crossings(g, pos, u, v);
        const std::size_t after = pair_crossings(g, pos, v, u);
        if (after < before) {
          std::swap(layer[i], layer[i + 1]);
          std::swap(pos[u], pos[v]);
          crossings = crossings - before + after;
          improved = true;
        }
      }
  }
}

/// Each rank ordered by depth-first discovery from the rank-0 vertices, so
/// calls of one subtree start out next to each other.
void order_depth_first(Layered& g) {
  std::vector<std::size_t> seen(g.rank.size(), g.rank.size());
  std::size_t clock = 0;
  std::vector<std::size_t> stack;
  for (const std::size_t root : g.layers.front()) {
    stack.push_back(root);
    while (!stack.empty()) {
      const std::size_t v = stack.back();
      stack.pop_back();
      if (seen[v] != g.rank.size()) continue;
      seen[v] = clock++;
      for (auto it = g.down[v].rbegin(); it != g.down[v].rend(); ++it) stack.push_back(*it);
    }
  }
  for (auto& layer : g.layers)
    std::stable_sort(layer.begin(), layer.end(), [&](std::size_t a, std::size_t b) { return seen[a] < seen[b]; });
}

/// Barycentre sweeps and transposition from the current order; returns the crossings left.
std::size_t sweep_from(Layered& g) {
  std::size_t best_crossings = count_crossings(g);
  transpose(g, best_crossings);
  auto best = g.layers;
  for (int sweep = 0; sweep < kSweeps && best_crossings > 0; ++sweep) {
    std::vector<std::size_t> pos = positions(g);
    if (sweep % 2 == 0) {
      for (std::size_t r = g.layers.size() - 1; r-- > 0;) sort_by_barycentre(g, r, false, pos);
    } else {
      for (std::size_t r = 1; r < g.layers.size(); ++r) sort_by_barycentre(g, r, true, pos);
    }
    std::size_t c = count_crossings(g);
    transpose(g, c);
    if (c < best_crossings) {
      best_crossings = c;
      best = g.layers;
    }
  }
  g.layers = std::move(best);
  return best_crossings;
}

/// Two starts (input order with a first barycentre pass, and depth-first
/// order); the one that ends with fewer crossings wins, the first on a tie.
void reduce_crossings(Layered& g) {
  Layered depth_first = g;
  std::vector<std::size_t> pos = positions(g);
  for (std::size_t r = 1; r < g.layers.size(); ++r) sort_by_barycentre(g, r, true, pos);
  const std::size_t plain = sweep_from(g);
  order_depth_first(depth_first);
  if (plain > 0 && sweep_from(depth_first) < plain) g.layers = std::move(depth_first.layers);
}

/// Several calls leaving (entering) one box start (end) at separate points of
/// its side, in the vertical order of where they go (come from), so arrowheads
/// do not pile up on one point and the calls do not cross at the box.
void spread_ports(DiagramLayout& layout) {
  constexpr double kUsed = 0.7;  // share of the side's height the ports spread over
  std::vector<std::vector<std::size_t>> leaving(layout.boxes.size()), entering(layout.boxes.size());
  for (std::size_t k = 0; k < layout.edges.size(); ++k) {
    leaving[layout.edges[k].from].push_back(k);
    entering[layout.edges[k].to].push_back(k);
  }
  for (std::size_t v = 0; v < layout.boxes.size(); ++v) {
    for (const bool outgoing : {true, false}) {
      std::vector<std::pair<double, LayoutPoint*>> ports;  // (y of the neighbouring point, the end to move)
      for (const std::size_t k : outgoing ? leaving[v] : entering[v]) {
        LayoutEdge& e = layout.edges[k];
        const std::size_t n = e.points.size();
        ports.emplace_back(outgoing ? e.points[1].y : e.points[n - 2].y, outgoing ? &e.points[0] : &e.points[n - 1]);
      }
      if (ports.size() < 2) continue;
      std::stable_sort(ports.begin(), ports.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      const LayoutBox& b = layout.boxes[v];
      const double top = b.y + b.height * (1 - kUsed) / 2;
      for (std::size_t k = 0; k < ports.size(); ++k)
        ports[k].second->y = top + b.height * kUsed * static_cast<double>(k) / static_cast<double>(ports.size() - 1);
    }
  }
}

}  // namespace

DiagramLayout layout_layers(const std::vector<double>& widths, double box_height, const std::vector<Edge>& edges) {
  DiagramLayout out;
  const std::size_t count = widths.size();
  if (count == 0) return out;
  const std::vector<Edge> distinct = distinct_edges(count, edges);
  Layered g = split_long_edges(count, distinct, longest_path_ranks(count, distinct));
  reduce_crossings(g);
  out.crossings = count_crossings(g);

  // Columns as wide as their widest box; every slot (box or virtual point) one row pitch.
  const double pitch = box_height + kRowGap;
  std::vector<double> column_x(g.layers.size(), 0), column_w(g.layers.size(), 0);
  double tallest = 0;
  for (std::size_t r = 0; r < g.layers.size(); ++r) {
    for (const std::size_t v : g.layers[r])
      if (v < count) column_w[r] = std::max(column_w[r], widths[v]);
    if (r > 0) column_x[r] = column_x[r - 1] + column_w[r - 1] + kColumnGap;
    tallest = std::max(tallest, static_cast<double>(g.layers[r].size()) * pitch - kRowGap);
  }
  out.width = column_x.back() + column_w.back();
  out.height = tallest;
  std::vector<LayoutPoint> centre(g.rank.size());
  out.boxes.resize(count);
  for (std::size_t r = 0; r < g.layers.size(); ++r) {
    const auto& layer = g.layers[r];
    const double top = (tallest - (static_cast<double>(layer.size()) * pitch - kRowGap)) / 2;
    for (std::size_t i = 0; i < layer.size(); ++i) {
      const std::size_t v = layer[i];
      const double y = top + static_cast<double>(i) * pitch;
      centre[v] = {column_x[r] + column_w[r] / 2, y + box_height / 2};
      if (v >= count) continue;
      out.boxes[v] = {r, column_x[r] + (column_w[r] - widths[v]) / 2, y, widths[v], box_height};
    }
  }
  for (std::size_t k = 0; k < distinct.size(); ++k) {
    const auto [from, to] = distinct[k];
    const LayoutBox& a = out.boxes[from];
    const LayoutBox& b = out.boxes[to];
    LayoutEdge e{from, to, {{a.x + a.width, a.y + a.height / 2}}};
    // Through each virtual point horizontally, across its whole column, so a long edge never cuts a box.
    for (const std::size_t v : g.chains[k]) {
      const std::size_t r = g.rank[v];
      e.points.push_back({column_x[r], centre[v].y});
      e.points.push_back({column_x[r] + column_w[r], centre[v].y});
    }
    e.points.push_back({b.x, b.y + b.height / 2});
    out.edges.push_back(std::move(e));
  }
  spread_ports(out);
  return out;
}

}  // namespace svcsim::detail
