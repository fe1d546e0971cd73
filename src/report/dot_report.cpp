// The architecture as Graphviz DOT (see analysis_report.hpp). Shapes by kind,
// so a diagram reads at a glance: gateways are hexagons, databases cylinders.
#include <string>

#include <fmt/format.h>

#include "svcsim/analysis_report.hpp"

namespace svcsim {
namespace {

/// A DOT double-quoted string (names are plain, but descriptions may not be).
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + '"';
}

const char* shape_of(NodeKind kind) {
  switch (kind) {
    case NodeKind::service: return "box";
    case NodeKind::api_gateway: return "hexagon";
    case NodeKind::load_balancer: return "invtrapezium";
    case NodeKind::cache: return "component";
    case NodeKind::storage: return "folder";
    case NodeKind::database: return "cylinder";
  }
  return "box";
}

std::string node_label(const Node& n) {
  std::string capacity = n.concurrency ? fmt::format("concurrency {}", *n.concurrency) : "unlimited";
  if (n.threading == Threading::async && n.kind != NodeKind::load_balancer) capacity += ", async";
  return fmt::format("{}\n{}\n{} x {}", n.name, to_string(n.kind), n.instances == 1 ? "1 instance" :
                     std::to_string(n.instances) + " instances", capacity);
}

// Short numbers for labels: 10%, 33.33%, 1500/s.
std::string percent(double p) { return fmt::format("{:.4g}%", p * 100); }

std::string workload_text(const Scenario& s, const std::string& name) {
  for (const Workload& w : s.workloads) {
    if (w.name != name) continue;
    if (w.closed()) return fmt::format("{}: {} users", name, w.users);
    return fmt::format("{}: {:.6g}/s", name, w.rate_per_s);
  }
  return name;
}

std::string edge_label(const Scenario& s, const CallEdge& e) {
  std::string label = e.endpoint;
  if (!e.workload.empty()) return label + "\n" + workload_text(s, e.workload);
  std::string details;
  auto add = [&](const std::string& part) { details += (details.empty() ? "" : ", ") + part; };
  if (e.cache_miss) add("miss " + percent(e.probability));
  else if (e.probability != 1.0) add(percent(e.probability));
  if (e.repeat != 1) add(fmt::format("x{}", e.repeat));
  if (e.parallel) add("parallel");
  if (e.optional) add("optional");
  return details.empty() ? label : label + "\n" + details;
}

}  // namespace

std::string architecture_to_dot(const Scenario& s, const std::vector<CallEdge>& edges) {
  std::string out = "digraph " + quoted(s.name) + " {\n";
  out += "  rankdir=LR;\n";
  out += "  node [fontname=\"Helvetica\", fontsize=10];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  if (!s.workloads.empty()) out += fmt::format("  {} [shape=oval, style=dashed];\n", quoted(kClientName));
  for (const Node& n : s.nodes) {
    std::string style = n.kind == NodeKind::service ? ", style=rounded" : "";
    if (n.instances > 1) style += ", peripheries=2";
    out += fmt::format("  {} [shape={}{}, label={}];\n", quoted(n.name), shape_of(n.kind), style,
                       quoted(node_label(n)));
  }
  for (const CallEdge& e : edges) {
    std::string attributes = "label=" + quoted(edge_label(s, e));
    if (e.optional) attributes += ", style=dashed";
    else if (e.cache_miss) attributes += ", style=dotted";
    out += fmt::format("  {} -> {} [{}];\n", quoted(e.from), quoted(e.to), attributes);
  }
  out += "}\n";
  return out;
}

}  // namespace svcsim
