// Making names valid and unique (see names.hpp).
#include "import/names.hpp"

#include <set>

namespace svcsim::trace_import {
namespace {

constexpr std::size_t kMaxName = 100;

std::string cleaned(const std::string& text, bool lower, const char* fallback) {
  std::string out;
  for (char c : text) {
    if (lower && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    const bool ok = (c >= 'a' && c <= 'z') || (!lower && c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) c = '-';
    if (c == '-' && (out.empty() || out.back() == '-')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  if (out.empty()) return fallback;
  const bool letter = (out[0] >= 'a' && out[0] <= 'z') || (out[0] >= 'A' && out[0] <= 'Z');
  if (!letter) out = std::string(lower ? "n" : "e") + (out[0] == '_' || out[0] == '-' ? "" : "-") + out;
  if (out.size() > kMaxName) out.resize(kMaxName);
  return out;
}

// `name`, or `name-2`, `name-3`… the first not in `taken`; adds it.
std::string unique(const std::string& name, std::set<std::string>& taken) {
  std::string candidate = name;
  for (int k = 2; taken.count(candidate) > 0; ++k) candidate = name + "-" + std::to_string(k);
  taken.insert(candidate);
  return candidate;
}

}  // namespace

std::string node_name_from(const std::string& text) { return cleaned(text, true, "unnamed"); }
std::string identifier_from(const std::string& text) { return cleaned(text, false, "unnamed"); }

std::string ScenarioNames::target(const Observations& obs, EndpointId id) const {
  return nodes.at(obs.endpoints[id].node) + "." + endpoint[id];
}

ScenarioNames name_everything(const Observations& obs) {
  ScenarioNames names;
  std::set<std::string> taken{"client"};  // the outside world's reserved name
  for (const auto& e : obs.endpoints) names.nodes.emplace(e.node, "");
  for (auto& [original, name] : names.nodes) name = unique(node_name_from(original), taken);

  // Endpoints per node, in the order of their original names.
  std::map<std::string, std::map<std::string, EndpointId>> by_node;
  for (EndpointId id = 0; id < obs.endpoints.size(); ++id)
    by_node[obs.endpoints[id].node][obs.endpoints[id].operation] = id;
  names.endpoint.resize(obs.endpoints.size());
  for (const auto& [node, endpoints] : by_node) {
    std::set<std::string> used;
    for (const auto& [operation, id] : endpoints) names.endpoint[id] = unique(identifier_from(operation), used);
  }

  // Workloads share the nodes' namespace; assigned in the order of (operation, entry target).
  std::map<std::pair<std::string, std::string>, std::size_t> order;
  for (std::size_t w = 0; w < obs.workloads.size(); ++w)
    order[{obs.workloads[w].operation, names.target(obs, obs.workloads[w].entry)}] = w;
  names.workload.resize(obs.workloads.size());
  for (const auto& [key, w] : order) names.workload[w] = unique(identifier_from(key.first), taken);
  return names;
}

}  // namespace svcsim::trace_import
