// Faults (SPEC 3.6): a table says which keys belong to which fault type, so a
// key of another type is reported as such ("'factor' does not apply to an
// outage") rather than as unknown; node names are checked after all nodes.
#include "scenario/fault_reader.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "scenario/identifier.hpp"
#include "scenario/suggest.hpp"
#include "scenario/yaml_reader.hpp"

namespace svcsim::detail {
namespace {

constexpr std::size_t kMaxFaults = 10'000;
constexpr std::int64_t kMaxInstanceIndex = 1'000'000'000;

const std::vector<std::string>& type_names() {
  // In FaultType order: a choice's index is the enum value.
  static const std::vector<std::string> names = {"outage", "slowdown", "errors", "crash", "partition"};
  return names;
}

constexpr unsigned bit(FaultType t) { return 1u << static_cast<unsigned>(t); }
constexpr unsigned kNodeFaults = bit(FaultType::outage) | bit(FaultType::slowdown) | bit(FaultType::errors) |
                                 bit(FaultType::crash);

/// The keys that belong to some fault types only.
struct TypedKey {
  std::string_view key;
  unsigned types;
};
constexpr TypedKey kTypedKeys[] = {
    {"target", kNodeFaults},
    {"instances", kNodeFaults},
    {"mode", bit(FaultType::outage)},
    {"factor", bit(FaultType::slowdown)},
    {"add", bit(FaultType::slowdown)},
    {"percentage", bit(FaultType::errors)},
    {"mtbf", bit(FaultType::crash)},
    {"mttr", bit(FaultType::crash)},
    {"between", bit(FaultType::partition)},
};

std::string a_fault(FaultType t) {
  switch (t) {
    case FaultType::outage: return "an outage";
    case FaultType::slowdown: return "a slowdown";
    case FaultType::errors: return "an errors fault";
    case FaultType::crash: return "a crash";
    case FaultType::partition: return "a partition";
  }
  return "this fault";
}

std::optional<std::int64_t> parse_index(std::string_view text) {
  if (text.empty()) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  const auto v = parse_integer(text);
  if (!v || *v > kMaxInstanceIndex) return std::nullopt;
  return v;
}

/// `node`, `node[i]` or `node[i-j]` -> a FaultTargetRef (node checked later).
std::optional<FaultTargetRef> parse_target(const YamlNode& node, Diagnostics& diag) {
  const auto text = read_string(node, "target", diag);
  if (!text) return std::nullopt;
  FaultTargetRef ref{*text, *text, -1, -1, node.where};
  const auto open = text->find('[');
  if (open == std::string::npos && text->find(']') == std::string::npos) return ref;
  const auto bad = [&] {
    diag.error(node.where, "fault target " + quote(*text) + " must be 'node', 'node[i]' (one instance) or "
                           "'node[i-j]' (instances i to j)");
    return std::nullopt;
  };
  if (open == std::string::npos || open == 0 || text->back() != ']') return bad();
  ref.node = text->substr(0, open);
  const std::string_view inside = std::string_view(*text).substr(open + 1, text->size() - open - 2);
  const auto dash = inside.find('-');
  const auto first = parse_index(inside.substr(0, dash));
  const auto last = dash == std::string_view::npos ? first : parse_index(inside.substr(dash + 1));
  if (!first || !last) return bad();
  if (*last < *first) {
    diag.error(node.where, "fault target " + quote(*text) + ": the range must go up, e.g. '" + ref.node + "[" +
                               std::to_string(*last) + "-" + std::to_string(*first) + "]'");
    return std::nullopt;
  }
  ref.first = *first;
  ref.last = *last;
  return ref;
}

/// `instances: 50%`: the share of the node's instances struck.
std::optional<double> read_instance_share(const YamlNode& node, Diagnostics& diag) {
  if (node.is_scalar()) {
    const auto whole = parse_integer(node.scalar);
    if (whole && *whole > 1) {
      diag.error(node.where, "'instances' of a fault is a share of the node's instances, e.g. 50%, not " +
                                 quote(node.scalar) + "; for particular instances write 'node[i-j]' as the target");
      return std::nullopt;
    }
  }
  const auto v = read_ratio(node, "instances", diag);
  if (v && *v <= 0) {
    diag.error(node.where, "'instances' must be greater than 0, not " + quote(node.scalar));
    return std::nullopt;
  }
  return v;
}

void read_between(const YamlNode& node, Fault& f, std::size_t index, ReadContext& ctx) {
  Diagnostics& diag = ctx.diag;
  if (!expect_list(node, "between", diag)) return;
  if (node.items.size() != 2) {
    diag.error(node.where, "'between' must name two nodes, e.g. between: [gateway, auth]; it names " +
                               std::to_string(node.items.size()));
    return;
  }
  const auto a = read_string(node.items[0], "between", diag);
  const auto b = read_string(node.items[1], "between", diag);
  if (!a || !b) return;
  if (*a == *b) {
    diag.error(node.items[1].where, "a partition is between two different nodes, not " + quote(*a) + " and itself");
    return;
  }
  f.between_a = *a;
  f.between_b = *b;
  ctx.partition_ends.push_back(NameRef{*a, node.items[0].where, static_cast<int>(index)});
  ctx.partition_ends.push_back(NameRef{*b, node.items[1].where, static_cast<int>(index)});
}

/// The keys of the fault's type; `type` is empty when it could not be read
/// (then every key is read and none is judged out of place).
void read_typed_keys(MapReader& r, Fault& f, std::optional<FaultType> type, std::size_t index, ReadContext& ctx) {
  Diagnostics& diag = ctx.diag;
  const auto applies = [&](std::string_view key) {
    for (const auto& k : kTypedKeys) {
      if (k.key == key) return !type || (k.types & bit(*type)) != 0;
    }
    return true;
  };
  for (const auto& k : kTypedKeys) {
    if (applies(k.key) || !r.has(k.key)) continue;
    r.allow({k.key});
    std::string message = quote(k.key) + " does not apply to " + a_fault(*type);
    if (k.key == "target" || k.key == "instances") message += " (it is between the two nodes of 'between')";
    diag.error(r.key_where(k.key), message);
  }
  const auto get = [&](std::string_view key) { return applies(key) ? r.get(key) : nullptr; };

  if (const YamlNode* n = get("target")) {
    if (auto ref = parse_target(*n, diag)) {
      f.target = ref->node;
      if (ref->first >= 0) {
        // Out-of-range indices are reported by check_fault_targets; keep them in int.
        f.instances.first = static_cast<int>(std::min<std::int64_t>(ref->first, kMaxInstanceIndex));
        f.instances.last = static_cast<int>(std::min<std::int64_t>(ref->last, kMaxInstanceIndex));
      }
      ctx.fault_targets.push_back(std::move(*ref));
    }
  }
  if (const YamlNode* n = get("instances")) {
    if (f.instances.first) {
      diag.error(r.key_where("instances"), "'instances' and an instance range in 'target' (" +
                                               quote(r.get("target")->scalar) + ") do not go together; use one");
    } else if (const auto v = read_instance_share(*n, diag)) {
      f.instances.fraction = *v;
    }
  }
  if (const YamlNode* n = get("mode")) {
    static const std::vector<std::string> modes = {"refuse", "blackhole"};  // OutageMode order
    if (const auto v = read_choice(*n, "mode", modes, diag)) f.mode = static_cast<OutageMode>(*v);
  }
  if (const YamlNode* n = get("factor")) {
    const auto v = read_number(*n, "factor", diag);
    if (v && *v <= 0) {
      diag.error(n->where, "'factor' must be greater than 0, not " + quote(n->scalar));
    } else if (v) {
      f.factor = *v;
    }
  }
  if (const YamlNode* n = get("add")) {
    if (const auto v = read_duration(*n, "add", diag)) f.add = *v;
  }
  if (const YamlNode* n = get("percentage")) {
    if (const auto v = read_ratio(*n, "percentage", diag)) f.percentage = *v;
  }
  if (const YamlNode* n = get("mtbf")) {
    if (const auto v = read_positive_duration(*n, "mtbf", diag)) f.mtbf = *v;
  }
  if (const YamlNode* n = get("mttr")) {
    if (const auto v = read_positive_duration(*n, "mttr", diag)) f.mttr = *v;
  }
  if (const YamlNode* n = get("between")) read_between(*n, f, index, ctx);
}

/// What a fault of a known type must have.
void check_required(const MapReader& r, FaultType type, const Where& at, Diagnostics& diag) {
  const auto need = [&](std::string_view key, std::string_view hint) {
    if (!r.has(key)) diag.error(at, "missing field " + quote(key) + " (" + std::string(hint) + ")");
  };
  switch (type) {
    case FaultType::outage:
    case FaultType::errors:
    case FaultType::crash:
    case FaultType::slowdown:
      need("target", "the node it strikes, e.g. target: cdn");
      break;
    case FaultType::partition:
      need("between", "the two nodes it separates, e.g. between: [gateway, auth]");
      break;
  }
  if (type == FaultType::errors) need("percentage", "the fraction of calls that fail, e.g. percentage: 20%");
  if (type == FaultType::crash) {
    need("mtbf", "the mean time an instance stays up, e.g. mtbf: 10m");
    need("mttr", "the mean time it stays down, e.g. mttr: 1m");
  }
  if (type == FaultType::slowdown) {
    if (r.has("factor") && r.has("add")) {
      diag.error(r.key_where("add"), "a slowdown has 'factor' or 'add', not both");
    } else if (!r.has("factor") && !r.has("add")) {
      diag.error(at, "a slowdown needs 'factor' (work takes that many times as long, e.g. factor: 10) or 'add' "
                     "(e.g. add: 200ms)");
    }
  }
}

void read_fault(const YamlNode& map, Fault& f, std::size_t index, ReadContext& ctx) {
  Diagnostics& diag = ctx.diag;
  MapReader r(map, diag);
  if (const YamlNode* n = r.get("name")) {
    if (const auto v = read_string(*n, "name", diag)) {
      if (is_identifier(*v)) {
        f.name = *v;
      } else {
        diag.error(n->where, "fault name " + quote(*v) + " must be letters, digits, '_' or '-', starting with a "
                                                         "letter");
      }
    }
  }
  std::optional<FaultType> type;
  if (const YamlNode* n = r.require("type", "outage, slowdown, errors, crash or partition")) {
    if (const auto v = read_choice(*n, "type", type_names(), diag)) type = static_cast<FaultType>(*v);
  }
  if (type) f.type = *type;
  read_typed_keys(r, f, type, index, ctx);
  if (const YamlNode* n = r.get("at")) {
    if (const auto v = read_duration(*n, "at", diag)) f.at = *v;
  }
  if (const YamlNode* n = r.get("duration")) {
    if (const auto v = read_positive_duration(*n, "duration", diag)) f.duration = *v;
  }
  if (type) check_required(r, *type, map.where, diag);
  r.finish();
}

}  // namespace

void read_faults(const YamlNode& list, std::vector<Fault>& out, ReadContext& ctx) {
  Diagnostics& diag = ctx.diag;
  if (!expect_list(list, "faults", diag)) return;
  if (list.items.size() > kMaxFaults) {
    diag.error(list.where, "'faults' has more than " + std::to_string(kMaxFaults) + " entries");
    return;
  }
  std::unordered_map<std::string, Where> seen;  // name -> where first written
  for (const auto& item : list.items) {
    Fault f;
    f.where = item.where.location();
    if (!item.is_map()) {
      diag.error(item.where, "a fault must be a map like {type: outage, target: cdn, at: 3m}, not " +
                                 std::string(describe_type(item)));
      out.push_back(std::move(f));
      continue;
    }
    read_fault(item, f, out.size(), ctx);
    if (!f.name.empty()) {
      const Where& at = item.find("name")->where;
      const auto [first, fresh] = seen.emplace(f.name, at);
      if (!fresh) {
        std::string message = "duplicate fault '" + f.name + "'";
        if (!first->second.from_override() && first->second.line > 0) {
          message += " (first at line " + std::to_string(first->second.line) + ")";
        }
        diag.error(at, message);
      }
    }
    out.push_back(std::move(f));
  }
}

void check_fault_targets(const Scenario& scenario, const ReadContext& ctx) {
  std::unordered_map<std::string, const Node*> nodes;
  std::vector<std::string> names;
  for (const auto& n : scenario.nodes) {
    nodes.emplace(n.name, &n);
    names.push_back(n.name);
  }
  std::unordered_set<std::string> workloads;
  for (const auto& w : scenario.workloads) workloads.insert(w.name);
  const auto find = [&](const std::string& name, const Where& where, const std::string& head) -> const Node* {
    const auto it = nodes.find(name);
    if (it != nodes.end()) return it->second;
    if (name == kClientName) {
      ctx.diag.error(where, head + "'client' is the outside world, not a node; faults strike nodes");
    } else if (workloads.count(name)) {
      ctx.diag.error(where, head + quote(name) + " is a workload, not a node");
    } else {
      ctx.diag.error(where, head + "no node " + quote(name) + did_you_mean(name, names));
    }
    return nullptr;
  };
  for (const auto& ref : ctx.fault_targets) {
    if (ctx.diag.full()) return;
    const std::string head = "fault target " + quote(ref.written) + ": ";
    const Node* node = find(ref.node, ref.where, head);
    if (!node) continue;
    // An autoscaled node has room for `max` instances; a fault may strike one not started yet.
    const int slots = node->autoscaling ? node->autoscaling->max : node->instances;
    if (ref.last < slots) continue;
    const std::string count = std::to_string(slots);
    ctx.diag.error(ref.where, head + "node " + quote(node->name) + " has " + count +
                                  (slots == 1 ? " instance" : " instances") +
                                  (node->autoscaling ? " at most (autoscaling max)" : "") + ", numbered 0 to " +
                                  std::to_string(slots - 1));
  }
  for (const auto& end : ctx.partition_ends) {
    if (ctx.diag.full()) return;
    find(end.name, end.where, "partition end " + quote(end.name) + ": ");
  }
}

}  // namespace svcsim::detail
