// `autoscaling: {min, max, target_utilization, sync_period,
// stabilization_window, startup}` of a node (SPEC 3.4).
#include "scenario/autoscaling_reader.hpp"

#include <string>
#include <utility>

#include "scenario/suggest.hpp"

namespace svcsim::detail {
namespace {

/// The engine preallocates `max` instances: keep it to the bound of `instances`.
constexpr std::int64_t kMaxInstances = 100'000;

std::optional<Autoscaling> read_fields(const YamlNode& node, Diagnostics& diag) {
  if (!expect_map(node, "autoscaling", diag)) return std::nullopt;
  MapReader r(node, diag);
  Autoscaling a;
  bool ok = true;
  if (const YamlNode* n = r.get("min")) {
    const auto v = read_integer(*n, "min", 1, kMaxInstances, diag);
    if (v) a.min = static_cast<int>(*v);
    ok = v.has_value();
  }
  if (const YamlNode* n = r.require("max", "the most instances the autoscaler may run, e.g. max: 20")) {
    const auto v = read_integer(*n, "max", 1, kMaxInstances, diag);
    if (v) a.max = static_cast<int>(*v);
    ok = ok && v;
  } else {
    ok = false;
  }
  if (const YamlNode* n =
          r.require("target_utilization", "the utilisation the autoscaler aims at, e.g. target_utilization: 70%")) {
    const auto v = read_positive_ratio(*n, "target_utilization", diag);
    if (v) a.target_utilization = *v;
    ok = ok && v;
  } else {
    ok = false;
  }
  if (const YamlNode* n = r.get("sync_period")) {
    const auto v = read_positive_duration(*n, "sync_period", diag);
    if (v) a.sync_period = *v;
    ok = ok && v;
  }
  using Field = std::pair<const char*, Duration*>;
  for (const auto& [key, field] : {Field{"stabilization_window", &a.stabilization_window}, Field{"startup", &a.startup}}) {
    if (const YamlNode* n = r.get(key)) {
      const auto v = read_duration(*n, key, diag);
      if (v) *field = *v;
      ok = ok && v;
    }
  }
  if (ok && a.min > a.max) {
    diag.error(r.key_where("min"), "autoscaling 'min' (" + std::to_string(a.min) + ") is above 'max' (" +
                                       std::to_string(a.max) + ")");
    ok = false;
  }
  r.finish();
  if (!ok) return std::nullopt;
  return a;
}

}  // namespace

void read_autoscaling(MapReader& r, Node& node, Diagnostics& diag) {
  const YamlNode* n = r.get("autoscaling");
  if (!n) return;
  auto a = read_fields(*n, diag);
  if (!a) return;
  bool ok = true;
  if (!node.concurrency) {
    // Utilisation is busy workers over workers; an unlimited node has no workers to count.
    diag.error(r.key_where("autoscaling"), "autoscaling needs a whole-number 'concurrency' (utilisation is busy "
                                           "workers over workers; 'unlimited' has none to count)");
    ok = false;
  }
  if (!r.has("instances")) {
    node.instances = a->min;  // start at the floor
  } else if (node.instances < a->min || node.instances > a->max) {
    diag.error(r.key_where("instances"), "'instances' (" + std::to_string(node.instances) +
                                             ") is the count at time 0 and must lie within autoscaling's min " +
                                             std::to_string(a->min) + " and max " + std::to_string(a->max) +
                                             " (or leave it out to start at min)");
    ok = false;
  }
  if (ok) node.autoscaling = *a;
}

}  // namespace svcsim::detail
