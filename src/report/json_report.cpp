// The results file (SPEC section 6): Results -> boost::json value -> text.
// Figures come from metrics.hpp (or report/figures.hpp for report-only ones);
// an undefined figure is written as null.
#include <optional>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "report/figures.hpp"
#include "report/json_writer.hpp"
#include "report/version.hpp"
#include "svcsim/metrics.hpp"
#include "svcsim/report.hpp"

namespace svcsim {
namespace {

namespace json = boost::json;

json::value number_or_null(std::optional<double> v) { return v ? json::value(*v) : json::value(nullptr); }

json::object scenario_json(const Results& r) {
  json::object o;
  o["name"] = r.scenario_name;
  o["seed"] = r.seed;
  o["duration_s"] = r.duration_s;
  o["warmup_s"] = r.warmup_s;
  o["replications"] = r.replications;
  return o;
}

json::object run_json(const RunInfo& run) {
  json::object o;
  o["events"] = run.events;
  o["wall_s"] = run.wall_s;
  o["events_per_s"] = number_or_null(detail::events_per_s(run));
  o["end_s"] = run.end_s;
  if (run.stopped) {
    o["stopped"] = true;
    o["stop_reason"] = run.stop_reason;
  }
  return o;
}

// Non-empty buckets only, bounds in microseconds: enough to rebuild or merge
// the distribution without the file growing with the bucket array.
json::object histogram_json(const LatencyHistogram& h) {
  json::array buckets;
  for (int i = 0; i < LatencyHistogram::kBucketCount; ++i) {
    const std::uint64_t count = h.count_at(i);
    if (count == 0) continue;
    buckets.push_back(json::array{static_cast<double>(LatencyHistogram::lower_bound_ns(i)) / 1e3,
                                  static_cast<double>(LatencyHistogram::upper_bound_ns(i)) / 1e3, count});
  }
  json::object o;
  o["unit"] = "us";
  o["buckets"] = std::move(buckets);
  return o;
}

json::object workload_json(const WorkloadResult& w, double measured_s) {
  auto metric = [&](std::string_view name) { return number_or_null(workload_metric(w, measured_s, name)); };
  json::object o;
  o["requests"] = w.requests;
  o["succeeded"] = w.succeeded;
  o["degraded"] = w.degraded;
  o["failed"] = w.failed;
  o["timed_out"] = w.timed_out;
  o["rejected"] = w.rejected;
  o["throughput_per_s"] = metric("throughput");
  o["error_rate"] = metric("error_rate");
  o["availability"] = metric("availability");
  json::object latency;
  for (const char* name : {"mean", "min", "p50", "p90", "p95", "p99", "p99.9", "max"}) latency[name] = metric(name);
  o["latency_ms"] = std::move(latency);
  o["histogram"] = histogram_json(w.latency);
  return o;
}

json::object node_json(const NodeResult& n, double measured_s) {
  auto metric = [&](std::string_view name) { return number_or_null(node_metric(n, measured_s, name)); };
  json::object o;
  o["kind"] = to_string(n.kind);
  o["instances"] = n.instances;
  o["utilization"] = metric("utilization");
  o["requests"] = n.requests;
  o["rejected"] = n.rejected;
  o["failed"] = n.failed;
  o["queue_mean"] = metric("queue_mean");
  o["queue_max"] = n.queue_max;
  o["in_system_mean"] = metric("in_system_mean");
  json::object latency;
  json::object wait;
  for (const char* name : {"mean", "p50", "p99"}) {
    latency[name] = metric(name);
    wait[name] = number_or_null(detail::node_wait_ms(n, name));
  }
  o["latency_ms"] = std::move(latency);
  o["wait_ms"] = std::move(wait);
  o["wait_probability"] = number_or_null(detail::wait_probability(n));
  if (n.kind == NodeKind::cache) o["hit_ratio"] = number_or_null(detail::hit_ratio(n));
  return o;
}

json::array slo_json(const std::vector<ObjectiveResult>& slo) {
  json::array a;
  for (const auto& s : slo) {
    json::object o;
    o["check"] = s.check;
    o["value"] = s.evaluable ? json::value(s.value) : json::value(nullptr);
    o["pass"] = s.evaluable && s.pass;
    if (!s.evaluable) o["error"] = s.problem;
    a.push_back(std::move(o));
  }
  return a;
}

}  // namespace

std::string results_to_json(const Results& results) {
  json::object root;
  root["svcsim"] = kSvcsimVersion;
  root["scenario"] = scenario_json(results);
  root["run"] = run_json(results.run);
  json::object workloads;
  for (const auto& w : results.workloads) workloads[w.name] = workload_json(w, results.measured_s);
  root["workloads"] = std::move(workloads);
  json::object nodes;
  for (const auto& n : results.nodes) nodes[n.name] = node_json(n, results.measured_s);
  root["nodes"] = std::move(nodes);
  root["slo"] = slo_json(results.slo);
  return detail::to_pretty_json(root);
}

}  // namespace svcsim
