// `autoscaling: {min, max, target_utilization, sync_period,
// stabilization_window, startup}` of a node (SPEC 3.4).
#include "scenario/autoscaling_reader.hpp"

#include <string>

#include "scenario/suggest.hpp"

namespace svcsim::detail {
namespace {

/// The engine preallocates `max` instances: keep it to the bound of `instances`.
constexpr std::int64_t kMaxInstances = 100'000;

std::optional<Autoscaling> read_fields(const YamlNode& node, Diagnostics& diag) {
  if (!expect_map(node, "autoscaling", diag)) return std::nullopt;
  MapReader r(node, diag);
  Autoscaling a;
  const auto count = [&](const YamlNode& n, std::string_view k) { return read_integer(n, k, 1, kMaxInstances, diag); };
  const auto ratio = [&](const YamlNode& n, std::string_view k) { return read_positive_ratio(n, k, diag); };
  const auto span = [&](const YamlNode& n, std::string_view k) { return read_positive_duration(n, k, diag); };
  const auto duration = [&](const YamlNode& n, std::string_view k) { return read_duration(n, k, diag); };
  bool ok = read_field(r, "min", a.min, count);
  const char* max_hint = "the most instances the autoscaler may run, e.g. max: 20";
  ok = read_required_field(r, "max", max_hint, a.max, count) && ok;
  const char* target_hint = "the utilisation the autoscaler aims at, e.g. target_utilization: 70%";
  ok = read_required_field(r, "target_utilization", target_hint, a.target_utilization, ratio) && ok;
  ok = read_field(r, "sync_period", a.sync_period, span) && ok;
  ok = read_field(r, "stabilization_window", a.stabilization_window, duration) && ok;
  ok = read_field(r, "startup", a.startup, duration) && ok;
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
