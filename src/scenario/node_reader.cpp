// Nodes: common fields (instances, concurrency, queue…), the rules of each
// kind and endpoints; caches and node limits have readers of their own.
#include "scenario/node_reader.hpp"

#include <utility>

#include "scenario/cache_reader.hpp"
#include "scenario/distribution_reader.hpp"
#include "scenario/identifier.hpp"
#include "scenario/node_limits_reader.hpp"
#include "scenario/station_reader.hpp"
#include "scenario/suggest.hpp"
#include "scenario/step_reader.hpp"
#include "scenario/yaml_reader.hpp"

namespace svcsim::detail {
namespace {

constexpr std::int64_t kMaxInstances = 100'000;
constexpr std::int64_t kMaxConcurrency = 1'000'000;
constexpr std::int64_t kMaxQueue = 1'000'000'000;

// The spellings below are in enum order: a choice's index is the enum value.
const std::vector<std::string>& kind_names() {
  static const std::vector<std::string> names = {"service", "api_gateway", "load_balancer",
                                                 "cache", "storage", "database"};
  return names;
}
const std::vector<std::string>& balancing_names() {
  static const std::vector<std::string> names = {"round_robin", "random",    "least_request",
                                                 "power_of_two", "ring_hash", "weighted_round_robin"};
  return names;
}
const std::vector<std::string>& threading_names() {
  static const std::vector<std::string> names = {"blocking", "async"};
  return names;
}

/// Reads `endpoints`; false when some endpoint could not be read whole.
bool read_endpoints(const YamlNode& node, Node& out, int index, ReadContext& ctx) {
  Diagnostics& diag = ctx.diag;
  if (!expect_map(node, "endpoints", diag)) return false;
  if (node.entries.empty()) {
    diag.error(node.where, "'endpoints' needs at least one endpoint");
    return false;
  }
  bool complete = true;
  for (const auto& e : node.entries) {
    Endpoint endpoint;
    endpoint.name = e.key;
    endpoint.where = e.key_where.location();
    if (!is_identifier(e.key)) {
      diag.error(e.key_where, "endpoint name '" + e.key +
                                  "' must be letters, digits, '_' or '-', starting with a letter");
      complete = false;
    }
    if (!e.value.is_map()) {
      diag.error(e.value.where, "endpoint '" + e.key + "' must be a map with 'steps', not " +
                                    std::string(describe_type(e.value)));
      out.endpoints.push_back(std::move(endpoint));
      complete = false;
      continue;
    }
    MapReader r(e.value, diag);
    if (const YamlNode* b = r.get("bulkhead")) {
      endpoint.bulkhead = read_bulkhead(*b, diag);
    }
    if (const YamlNode* steps = r.require("steps", "e.g. steps: [{work: 2ms}]")) {
      auto read = read_steps(*steps, "steps", StepOwner{index, e.key}, ctx);
      if (read) endpoint.steps = std::move(*read);
      complete = complete && read;
    } else {
      complete = false;
    }
    r.finish();
    out.endpoints.push_back(std::move(endpoint));
  }
  return complete;
}

/// A list of numbers > 0 (`weights`, `speed`), one per instance.
std::optional<std::vector<double>> read_per_instance(const YamlNode& node, std::string_view key, Diagnostics& diag) {
  if (!expect_list(node, key, diag)) return std::nullopt;
  std::vector<double> values;
  bool ok = true;
  for (const auto& item : node.items) {
    const auto v = read_number(item, key, diag);
    if (v && !(*v > 0)) {
      diag.error(item.where, quote(key) + " values must be greater than 0, not " + quote(item.scalar));
      ok = false;
    } else if (v) {
      values.push_back(*v);
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return values;
}

/// `weights` and `speed` (SPEC 10): one number per instance (per slot, up to
/// autoscaling's `max`); weights go with weighted_round_robin and it with them.
void read_instance_lists(MapReader& r, Node& node, Diagnostics& diag) {
  const int slots = node.autoscaling ? node.autoscaling->max : node.instances;
  const std::string slot_text = node.autoscaling ? "autoscaling max (" + std::to_string(slots) + ")"
                                                 : "instances (" + std::to_string(slots) + ")";
  for (const char* key : {"weights", "speed"}) {
    const YamlNode* n = r.get(key);
    if (!n) continue;
    auto values = read_per_instance(*n, key, diag);
    if (!values) continue;
    if (values->size() != static_cast<std::size_t>(slots)) {
      diag.error(n->where, quote(key) + " has " + std::to_string(values->size()) +
                               (values->size() == 1 ? " value" : " values") + "; it needs one per instance: " + slot_text);
      continue;
    }
    (std::string_view(key) == "weights" ? node.weights : node.speed) = std::move(*values);
  }
  const bool weighted = node.balancing == Balancing::weighted_round_robin;
  if (r.has("weights") && !weighted)
    diag.error(r.key_where("weights"), "'weights' goes with 'balancing: weighted_round_robin'");
  else if (weighted && !r.has("weights"))
    diag.error(r.key_where("balancing"), "'balancing: weighted_round_robin' needs 'weights', one per instance, e.g. "
                                         "weights: [3, 1]");
}

/// Rules that depend on the node's kind, checked once every field is read.
void check_kind_rules(MapReader& r, Node& node, const Where& name_where, ReadContext& ctx) {
  Diagnostics& diag = ctx.diag;
  const bool lb = node.kind == NodeKind::load_balancer;
  const bool cache = node.kind == NodeKind::cache;
  const std::string kind = to_string(node.kind);
  if (r.has("target") && !lb) diag.error(r.key_where("target"), "'target' is only for load_balancer nodes");
  check_cache_rules(r, node, name_where, diag);
  if (lb) {
    if (!r.has("target")) {
      diag.error(name_where, "missing field 'target' (the node a load_balancer forwards to)");
    }
    if (r.has("endpoints")) {
      diag.error(r.key_where("endpoints"),
                 "a load_balancer has no endpoints of its own; it forwards every call to its 'target'");
    }
    if (!node.service_time) node.service_time = Distribution();  // its own work: none unless given
  } else if (cache) {
    if (r.has("endpoints")) {
      diag.error(r.key_where("endpoints"),
                 "a cache has only its default endpoint; give it 'service_time' and 'origin'");
    }
    if (!node.service_time) node.service_time = Distribution();
  } else if (!r.has("service_time") && !r.has("endpoints")) {
    diag.error(name_where, kind + " '" + node.name + "' needs 'service_time' or 'endpoints'");
  }
  if (r.has("service_time") && !lb && !cache) {
    for (const auto& e : node.endpoints) {
      if (e.name == kDefaultEndpointName) {
        diag.error(r.key_where("endpoints"), std::string("endpoint '") + kDefaultEndpointName +
                                                 "' clashes with the default endpoint that 'service_time' makes");
      }
    }
  }
}

void read_node(const YamlNode& map, Node& node, int index, const Where& name_where, ReadContext& ctx) {
  Diagnostics& diag = ctx.diag;
  MapReader r(map, diag);
  bool complete = true;
  bool kind_known = true;  // with an unknown kind, the kind's rules would only add noise
  if (const YamlNode* n = r.get("kind")) {
    const auto kind = read_choice(*n, "kind", kind_names(), diag);
    if (kind) node.kind = static_cast<NodeKind>(*kind);
    kind_known = kind.has_value();
  }
  if (node.kind == NodeKind::load_balancer) {
    node.concurrency.reset();
    node.threading = Threading::async;
  }
  if (const YamlNode* n = r.get("instances")) {
    if (const auto v = read_integer(*n, "instances", 1, kMaxInstances, diag)) node.instances = static_cast<int>(*v);
  }
  if (const YamlNode* n = r.get("concurrency")) {
    if (const auto v = read_count_or_unlimited(*n, "concurrency", 1, kMaxConcurrency, diag)) node.concurrency = *v;
  }
  if (const YamlNode* n = r.get("queue")) {
    if (const auto v = read_count_or_unlimited(*n, "queue", 0, kMaxQueue, diag)) node.queue = *v;
  }
  if (const YamlNode* n = r.get("queue_timeout")) {
    if (const auto v = read_positive_duration(*n, "queue_timeout", diag)) node.queue_timeout = *v;
  }
  if (const YamlNode* n = r.get("balancing")) {
    const auto v = read_choice(*n, "balancing", balancing_names(), diag);
    if (v) node.balancing = static_cast<Balancing>(*v);
  }
  if (const YamlNode* n = r.get("threading")) {
    if (const auto v = read_choice(*n, "threading", threading_names(), diag)) node.threading = static_cast<Threading>(*v);
  }
  if (const YamlNode* n = r.get("service_time")) {
    if (auto v = read_distribution(*n, "service_time", diag)) node.service_time = std::move(*v);
  }
  if (const YamlNode* n = r.get("endpoints")) {
    complete = read_endpoints(*n, node, index, ctx) && complete;
  }
  if (const YamlNode* n = r.get("target")) {
    if (const auto v = read_string(*n, "target", diag)) {
      node.target = *v;
      ctx.lb_targets.push_back(NameRef{*v, n->where, index});
    }
  }
  read_cache_fields(r, node, index, ctx);
  read_node_limits(r, node, diag);
  read_station(r, node, diag);
  read_instance_lists(r, node, diag);
  if (kind_known) check_kind_rules(r, node, name_where, ctx);
  r.finish();
  ctx.node_incomplete[static_cast<std::size_t>(index)] = !complete || !kind_known;
}

}  // namespace

bool is_valid_node_name(const std::string& name) {
  if (name.empty() || name.size() > 128 || !(name[0] >= 'a' && name[0] <= 'z')) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  }
  return true;
}

void read_nodes(const YamlNode& nodes, std::vector<Node>& out, ReadContext& ctx) {
  Diagnostics& diag = ctx.diag;
  if (!expect_map(nodes, "nodes", diag)) return;
  if (nodes.entries.empty()) {
    diag.error(nodes.where, "'nodes' is empty: a scenario needs at least one node");
    return;
  }
  ctx.nodes_read = true;
  for (const auto& e : nodes.entries) {
    if (e.key == kClientName) {
      diag.error(e.key_where, "'client' is reserved for the outside world; give the node another name");
    } else if (!is_valid_node_name(e.key)) {
      diag.error(e.key_where, "node name '" + e.key +
                                  "' must match [a-z][a-z0-9_-]* (lower case letters, digits, '_' and '-')");
    }
    const int index = static_cast<int>(out.size());
    Node node;
    node.name = e.key;
    node.where = e.key_where.location();
    ctx.node_where.push_back(e.key_where);
    ctx.node_incomplete.push_back(true);
    if (e.value.is_map()) {
      read_node(e.value, node, index, e.key_where, ctx);
    } else {
      diag.error(e.value.where, "node '" + e.key + "' must be a map of fields (kind, service_time, endpoints…), not " +
                                    std::string(describe_type(e.value)));
    }
    out.push_back(std::move(node));
  }
}

}  // namespace svcsim::detail
