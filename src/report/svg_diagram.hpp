// The architecture diagram of the HTML report: boxes (one per node, plus the
// clients) placed by layout_layers, calls as arrows, each box tinted by its
// measured utilisation and labelled with the measured and predicted figures.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace svcsim::detail {

struct DiagramNode {
  std::string name;
  std::string detail;  // second line, e.g. "service, 2 x 8"
  std::optional<double> measured;   // utilisation, ratio; nullopt for unlimited nodes and the clients
  std::optional<double> predicted;
  bool client = false;
  std::vector<std::string> faults;  // one line per fault that strikes it, e.g. "cdn-outage: outage 1m-2m"
};

struct DiagramEdge {
  std::string from, to;  // node names (or the clients' name)
  std::string label;     // shown on hover: endpoint, probability…
  bool dashed = false;   // optional calls and cache misses
};

/// The diagram as an <svg> element; edges naming an unknown node are left out.
/// A node with faults is outlined in red (class "node faulted") and lists them in red.
std::string svg_architecture(const std::vector<DiagramNode>& nodes, const std::vector<DiagramEdge>& edges);

}  // namespace svcsim::detail
