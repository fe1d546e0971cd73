// A layered ("Sugiyama") layout of the architecture, computed by svcsim itself
// so the HTML report needs no Graphviz: ranks by depth from the clients
// (longest path, so every call goes to a higher rank), long edges split by
// virtual points so they can route between boxes, and the order within each
// rank chosen by barycentre sweeps to reduce crossings. Ranks are columns,
// read left to right.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace svcsim::detail {

struct LayoutPoint {
  double x = 0, y = 0;
};

struct LayoutBox {
  std::size_t rank = 0;   // column, 0 = the leftmost (the clients)
  double x = 0, y = 0;    // top-left corner
  double width = 0, height = 0;
};

struct LayoutEdge {
  std::size_t from = 0, to = 0;
  /// From the middle of `from`'s right side to the middle of `to`'s left side,
  /// through one point per rank crossed in between.
  std::vector<LayoutPoint> points;
};

struct DiagramLayout {
  std::vector<LayoutBox> boxes;   // by vertex index
  std::vector<LayoutEdge> edges;  // distinct (from, to) pairs, self-loops dropped, in input order
  double width = 0, height = 0;
  std::size_t crossings = 0;      // edge crossings between adjacent ranks in the order chosen
};

/// Lays out `widths.size()` vertices of height `box_height` and the directed
/// `edges` (pairs of vertex indices) of an acyclic graph. Vertices without
/// callers are rank 0. Deterministic: ties keep the input order.
DiagramLayout layout_layers(const std::vector<double>& widths, double box_height,
                            const std::vector<std::pair<std::size_t, std::size_t>>& edges);

}  // namespace svcsim::detail
