// Names that must refer to something: network link ends must be nodes or
// `client`; a workload may not share a node's name (objectives name either).
#include "scenario/name_checks.hpp"

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "scenario/suggest.hpp"

namespace svcsim::detail {

void check_names(const Scenario& scenario, const ReadContext& ctx) {
  std::vector<std::string> node_names;
  for (const auto& n : scenario.nodes) node_names.push_back(n.name);

  std::vector<std::string> link_names = node_names;
  link_names.emplace_back(kClientName);
  const std::unordered_set<std::string> known_names(link_names.begin(), link_names.end());
  for (const auto& end : ctx.link_ends) {
    if (ctx.diag.full() || !ctx.nodes_read) break;
    if (!known_names.count(end.name)) {
      ctx.diag.error(end.where, "link end '" + end.name + "': no node '" + end.name + "'" +
                                    did_you_mean(end.name, link_names) + "; links join nodes or 'client'");
    }
  }

  std::unordered_map<std::string, std::size_t> node_index;
  for (std::size_t n = 0; n < scenario.nodes.size(); ++n) node_index.emplace(scenario.nodes[n].name, n);
  for (std::size_t w = 0; w < scenario.workloads.size(); ++w) {
    const std::string& name = scenario.workloads[w].name;
    const auto it = name.empty() ? node_index.end() : node_index.find(name);
    if (it == node_index.end()) continue;
    std::string message = "workload '" + name + "' has the same name as a node";
    const Where& node_where = ctx.node_where[it->second];
    if (!node_where.from_override() && node_where.line > 0) {
      message += " (line " + std::to_string(node_where.line) + ")";
    }
    ctx.diag.error(ctx.workload_where[w], message + "; workloads and nodes share one namespace");
  }
}

}  // namespace svcsim::detail
