// Top level of a scenario: name, seed, duration, warm-up, network, and the
// order in which sections are read and cross-checked.
#include "scenario/scenario_reader.hpp"

#include <map>
#include <string>
#include <utility>

#include "scenario/arrivals_reader.hpp"
#include "scenario/breaker_checks.hpp"
#include "scenario/call_graph.hpp"
#include "scenario/distribution_reader.hpp"
#include "scenario/fault_reader.hpp"
#include "scenario/name_checks.hpp"
#include "scenario/node_reader.hpp"
#include "scenario/slo_parser.hpp"
#include "scenario/workload_reader.hpp"
#include "scenario/yaml_reader.hpp"

namespace svcsim::detail {
namespace {

constexpr std::int64_t kMaxReplications = 10'000;
/// 2^53 - 1: the largest integer every JSON reader holds exactly.
constexpr std::int64_t kMaxSeed = (std::int64_t{1} << 53) - 1;

void read_links(const YamlNode& list, Network& net, ReadContext& ctx) {
  Diagnostics& diag = ctx.diag;
  if (!expect_list(list, "links", diag)) return;
  std::map<std::pair<std::string, std::string>, Where> seen;  // (from, to) -> first link
  for (const auto& item : list.items) {
    if (!item.is_map()) {
      diag.error(item.where, "a link must be a map like {from: client, to: gateway, latency: 20ms}, not " +
                                 std::string(describe_type(item)));
      continue;
    }
    MapReader r(item, diag);
    Link link;
    link.where = item.where.location();
    bool ok = true;
    for (const char* end : {"from", "to"}) {
      const YamlNode* n = r.require(end, "a node name or 'client'");
      const auto name = n ? read_string(*n, end, diag) : std::nullopt;
      if (!name) {
        ok = false;
        continue;
      }
      (std::string(end) == "from" ? link.from : link.to) = *name;
      ctx.link_ends.push_back(NameRef{*name, n->where, -1});
    }
    if (const YamlNode* n = r.require("latency", "a distribution, e.g. latency: 20ms")) {
      auto latency = read_distribution(*n, "latency", diag);
      if (latency) link.latency = std::move(*latency);
      ok = ok && latency;
    } else {
      ok = false;
    }
    r.finish();
    if (!ok) continue;
    const auto [first, fresh] = seen.emplace(std::make_pair(link.from, link.to), item.where);
    if (!fresh) {
      std::string message = "a second link from '" + link.from + "' to '" + link.to + "'";
      if (!first->second.from_override() && first->second.line > 0) {
        message += " (first at line " + std::to_string(first->second.line) + ")";
      }
      diag.error(item.where, message);
      continue;
    }
    net.links.push_back(std::move(link));
  }
}

void read_network(const YamlNode& node, Network& net, ReadContext& ctx) {
  if (!expect_map(node, "network", ctx.diag)) return;
  MapReader r(node, ctx.diag);
  if (const YamlNode* n = r.get("latency")) {
    if (auto latency = read_distribution(*n, "latency", ctx.diag)) net.latency = std::move(*latency);
  }
  if (const YamlNode* n = r.get("links")) read_links(*n, net, ctx);
  r.finish();
}

void read_timing(MapReader& r, Scenario& s, const ReadContext& ctx) {
  Diagnostics& diag = ctx.diag;
  std::optional<Duration> duration;
  if (const YamlNode* n = r.require("duration", "e.g. duration: 10m")) {
    duration = read_positive_duration(*n, "duration", diag);
    if (duration) s.duration = *duration;
  }
  if (const YamlNode* n = r.get("warmup")) {
    if (n->is_scalar() && n->scalar == "auto") {
      s.warmup_auto = true;  // chosen after pilot runs (MSER-5, src/replicate/replicate.cpp)
    } else if (const auto warmup = read_duration(*n, "warmup", diag)) {
      if (duration && *warmup >= *duration) {
        diag.error(n->where, "'warmup' (" + format_duration(*warmup) + ") must be below 'duration' (" +
                                 format_duration(*duration) + ")");
      } else {
        s.warmup = *warmup;
      }
    }
  }
}

}  // namespace

Scenario read_scenario(const YamlNode& root, ReadContext& ctx) {
  Diagnostics& diag = ctx.diag;
  Scenario s;
  if (root.is_null()) {
    diag.file_error("the scenario is empty; it needs at least 'name', 'duration', 'nodes' and 'workloads'");
    return s;
  }
  if (!root.is_map()) {
    diag.error(root.where, std::string("the top level must be a map of fields (name, duration, nodes, workloads…), "
                                       "not ") + describe_type(root));
    return s;
  }
  MapReader r(root, diag);
  if (const YamlNode* n = r.require("name")) {
    if (auto v = read_printable(*n, "name", false, diag)) s.name = std::move(*v);
  }
  if (const YamlNode* n = r.get("description")) {
    if (auto v = read_printable(*n, "description", true, diag)) s.description = std::move(*v);
  }
  if (const YamlNode* n = r.get("seed")) {
    // Below 2^53: a results file's seeds must survive JSON tools that read numbers as doubles.
    if (const auto v = read_integer(*n, "seed", 0, kMaxSeed, diag)) s.seed = static_cast<std::uint64_t>(*v);
  }
  read_timing(r, s, ctx);
  if (const YamlNode* n = r.get("replications")) {
    if (const auto v = read_integer(*n, "replications", 1, kMaxReplications, diag)) {
      s.replications = static_cast<int>(*v);
    }
  }
  if (const YamlNode* n = r.get("network")) read_network(*n, s.network, ctx);
  if (const YamlNode* n = r.require("nodes", "a map of node name to node")) read_nodes(*n, s.nodes, ctx);
  if (const YamlNode* n = r.get("workloads")) {
    read_workloads(*n, s.workloads, ctx);
    set_trace_rates(s.workloads, s.duration);
  } else {
    diag.error(root.where, "no workloads: a scenario needs at least one workload under 'workloads'");
  }
  if (const YamlNode* n = r.get("faults")) read_faults(*n, s.faults, ctx);
  if (const YamlNode* n = r.get("slo")) read_slo(*n, s.workloads, s.nodes, ctx.nodes_read, s.slo, diag);
  r.finish();

  check_names(s, ctx);
  if (ctx.nodes_read) {
    check_fault_targets(s, ctx);
    check_breakers(s, ctx);
    check_call_graph(s, ctx);
  }
  return s;
}

}  // namespace svcsim::detail
