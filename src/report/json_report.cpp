// The results file (SPEC section 6): Results -> boost::json value -> text.
// Every figure comes from the Summary (summary.hpp); an undefined figure is
// written as null. Over several replications every figure is the mean,
// followed by its `<name>_ci95` (see FigureWriter).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "report/figures.hpp"
#include "report/json_writer.hpp"
#include "report/version.hpp"
#include "svcsim/metrics.hpp"
#include "svcsim/replicated_results.hpp"
#include "svcsim/report.hpp"
#include "svcsim/summary.hpp"

namespace svcsim {
namespace {

namespace json = boost::json;

json::value number_or_null(std::optional<double> v) { return v ? json::value(*v) : json::value(nullptr); }

// Writes one figure of the Summary: a single run's value as it is (counters
// stay integers); over several replications the mean and, right after it,
// `<key>_ci95`. New figures go through here so replications keep working.
class FigureWriter {
 public:
  explicit FigureWriter(std::size_t runs) : runs_(runs) {}

  void number(json::object& o, std::string_view key, const Estimate& e) const {
    o[key] = number_or_null(e.mean);
    if (runs_ > 1) o[std::string(key) + "_ci95"] = number_or_null(e.ci95);
  }

  void count(json::object& o, std::string_view key, const Estimate& e) const {
    if (runs_ == 1 && e.mean) {
      o[key] = static_cast<std::int64_t>(*e.mean);  // a count, exact below 2^53
      return;
    }
    number(o, key, e);
  }

 private:
  std::size_t runs_;
};

json::object scenario_json(std::span<const Results> runs) {
  const Results& r = runs.front();
  json::object o;
  o["name"] = r.scenario_name;
  o["seed"] = r.seed;
  o["duration_s"] = r.duration_s;
  o["warmup_s"] = r.warmup_s;
  // Only with `warmup: auto`, so files of fixed-warmup scenarios keep their bytes.
  if (r.auto_warmup) {
    o["warmup_auto"] = true;
    json::object mser;
    mser["method"] = "MSER-5";
    mser["batch_size"] = r.auto_warmup->batch_size;
    mser["batches"] = r.auto_warmup->batches;
    mser["truncated_batches"] = r.auto_warmup->truncated;
    o["warmup_mser"] = std::move(mser);
  }
  o["replications"] = runs.size();
  o["hash"] = r.scenario_hash.empty() ? json::value(nullptr) : json::value(r.scenario_hash);
  return o;
}

// The run as a whole: over replications, events add up, the wall clock is the
// whole set's and end_s is the latest; the seeds say how to rerun one.
json::object run_json(std::span<const Results> runs, const Summary& summary, double wall_s) {
  RunInfo run = runs.front().run;
  if (runs.size() > 1) {
    run.wall_s = wall_s;
    for (const Results& r : runs.subspan(1)) {
      run.events += r.run.events;
      if (r.run.end_s > run.end_s) run.end_s = r.run.end_s;
    }
  }
  json::object o;
  o["events"] = run.events;
  o["wall_s"] = run.wall_s;
  o["events_per_s"] = number_or_null(detail::events_per_s(run));
  o["end_s"] = run.end_s;
  if (runs.size() > 1) {
    json::array seeds;
    for (const Results& r : runs) seeds.push_back(r.seed);
    o["replication_seeds"] = std::move(seeds);
  }
  // Tries per first try: a ratio per replication, so a mean (and _ci95) over them.
  FigureWriter(runs.size()).number(o, "amplification", summary.run["amplification"]);
  // A stopped run's figures cover the simulated time up to the stop: say what
  // stopped it and when (the first replication that stopped, by index).
  if (const auto k = detail::first_stopped(runs)) {
    const RunInfo& stopped = runs[*k].run;
    o["stopped"] = stopped.stopped_by.empty() ? std::string("stopped") : stopped.stopped_by;
    o["stopped_at_s"] = stopped.end_s;
    o["stop_reason"] = detail::stop_text(runs, *k);
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

// Over replications the histogram is every replication's merged (counts add).
json::object merged_histogram_json(std::span<const Results> runs, std::size_t i) {
  if (runs.size() == 1) return histogram_json(runs.front().workloads[i].latency);
  LatencyHistogram merged;
  for (const Results& r : runs) merged.merge(r.workloads[i].latency);
  return histogram_json(merged);
}

// Computed on the merged histogram and sums (like `histogram`), so one value
// without `_ci95` even over replications; null when nothing succeeded.
json::value attribution_json(std::span<const Results> runs, const Summary& summary, std::size_t i) {
  const auto& a = summary.tails[i];
  if (!a) return nullptr;
  json::object o;
  o["threshold_ms"] = a->threshold_ms;
  o["requests"] = a->requests;
  o["network"] = a->network;
  json::object nodes;
  for (const TailAttribution::NodeShare& n : a->nodes) {
    json::object parts;
    parts["queue"] = n.queue;
    parts["service"] = n.service;
    parts["failed_tries"] = n.failed_tries;
    nodes[runs.front().nodes[n.node].name] = std::move(parts);
  }
  o["nodes"] = std::move(nodes);
  return o;
}

// Circuit-breaker state changes as [time_s, state]; over replications one
// list per replication (`changes_by_replication`), since they differ.
json::array breakers_json(std::span<const Results> runs, std::size_t i) {
  auto changes = [](const NodeResult::BreakerTimeline& b) {
    json::array a;
    for (const auto& [t, state] : b.changes) a.push_back(json::array{t, json::string(state)});
    return a;
  };
  json::array out;
  for (std::size_t b = 0; b < runs.front().nodes[i].breakers.size(); ++b) {
    json::object o;
    o["callee"] = runs.front().nodes[i].breakers[b].callee;
    if (runs.size() == 1) {
      o["changes"] = changes(runs.front().nodes[i].breakers[b]);
    } else {
      json::array per_run;
      for (const Results& r : runs) per_run.push_back(changes(r.nodes[i].breakers[b]));
      o["changes_by_replication"] = std::move(per_run);
    }
    out.push_back(std::move(o));
  }
  return out;
}

json::object workload_json(std::span<const Results> runs, const Summary& summary, std::size_t i) {
  const FigureWriter w(runs.size());
  const FigureSet& f = summary.workloads[i];
  json::object o;
  for (const char* name : {"requests", "succeeded", "degraded", "failed", "timed_out", "rejected"})
    w.count(o, name, f[name]);
  w.number(o, "throughput_per_s", f["throughput"]);
  w.number(o, "error_rate", f["error_rate"]);
  w.number(o, "availability", f["availability"]);
  json::object latency;
  for (const char* name : {"mean", "min", "p50", "p90", "p95", "p99", "p99.9", "max"}) w.number(latency, name, f[name]);
  o["latency_ms"] = std::move(latency);
  o["histogram"] = merged_histogram_json(runs, i);
  o["attribution"] = attribution_json(runs, summary, i);
  return o;
}

json::object node_json(std::span<const Results> runs, const Summary& summary, std::size_t i) {
  const FigureWriter w(runs.size());
  const FigureSet& f = summary.nodes[i];
  const NodeResult& config = runs.front().nodes[i];  // kind and instances are the same in every run
  json::object o;
  o["kind"] = to_string(config.kind);
  o["instances"] = config.instances;
  // A fraction of the workers, or for unlimited concurrency the mean number busy (SPEC 10).
  if (config.concurrency)
    w.number(o, "utilization", f["utilization"]);
  else
    w.number(o, "busy_mean", f["busy_mean"]);
  for (const char* name : {"requests", "rejected", "refused", "failed"}) w.count(o, name, f[name]);
  w.number(o, "queue_mean", f["queue_mean"]);
  w.count(o, "queue_max", f["queue_max"]);
  w.number(o, "in_system_mean", f["in_system_mean"]);
  json::object latency;
  json::object wait;
  for (const char* name : {"mean", "p50", "p99"}) {
    w.number(latency, name, f[name]);
    w.number(wait, name, f[std::string("wait_") + name]);
  }
  o["latency_ms"] = std::move(latency);
  o["wait_ms"] = std::move(wait);
  w.number(o, "wait_probability", f["wait_probability"]);
  if (f.has("hit_ratio")) w.number(o, "hit_ratio", f["hit_ratio"]);
  // On the calls this node makes (the caller's side).
  for (const char* name : {"retries", "hedges", "timeouts"}) w.count(o, name, f[name]);
  // On the calls it receives: tries per first try (the run's, per callee).
  w.number(o, "amplification", f["amplification"]);
  if (!config.breakers.empty()) o["breakers"] = breakers_json(runs, i);
  // The station (SPEC 7), where the node uses it.
  if (f.has("cpu_utilization")) w.number(o, "cpu_utilization", f["cpu_utilization"]);
  if (f.has("throttled_fraction")) w.number(o, "throttled_fraction", f["throttled_fraction"]);
  if (f.has("shed")) w.count(o, "shed", f["shed"]);
  if (f.has("throttled")) w.count(o, "throttled", f["throttled"]);
  if (config.adaptive) {
    w.count(o, "limited", f["limited"]);
    // The first replication's first instance: its limit at each change, from time 0.
    json::array timeline;
    for (const auto& [at_s, limit] : config.limit_timeline) timeline.push_back(json::array{at_s, limit});
    o["limit_timeline"] = std::move(timeline);
  }
  if (config.instance_integral_s) {  // autoscaled
    w.number(o, "instances_mean", f["instances_mean"]);
    // The first replication's timeline: the count of ready instances at each change.
    json::array timeline;
    for (const auto& [at_s, count] : config.instance_timeline) timeline.push_back(json::array{at_s, count});
    o["instance_timeline"] = std::move(timeline);
  }
  return o;
}

// Nodes offered at least what they can serve (SPEC 10); empty when none was.
json::array warnings_json(const Summary& summary) {
  json::array a;
  for (const OverloadWarning& w : summary.warnings) {
    json::object o;
    o["kind"] = "overload";
    o["node"] = w.name;
    o["offered_per_s"] = w.offered_per_s;
    o["capacity_per_s"] = w.capacity_per_s;
    o["message"] = detail::overload_text(w);
    a.push_back(std::move(o));
  }
  return a;
}

json::array slo_json(const std::vector<ObjectiveResult>& slo) {
  json::array a;
  for (const auto& s : slo) {
    json::object o;
    o["check"] = s.check;
    o["value"] = s.evaluable ? json::value(s.value) : json::value(nullptr);
    if (s.ci95) o["value_ci95"] = *s.ci95;
    o["pass"] = s.evaluable && s.pass;
    if (!s.evaluable) o["error"] = s.problem;
    a.push_back(std::move(o));
  }
  return a;
}

std::string to_json(std::span<const Results> runs, const std::vector<ObjectiveResult>& slo, double wall_s) {
  json::object root;
  root["svcsim"] = kSvcsimVersion;
  root["scenario"] = scenario_json(runs);
  const Summary summary = summarize(runs);
  root["run"] = run_json(runs, summary, wall_s);
  root["warnings"] = warnings_json(summary);
  const Results& first = runs.front();
  json::object workloads;
  for (std::size_t i = 0; i < first.workloads.size(); ++i)
    workloads[first.workloads[i].name] = workload_json(runs, summary, i);
  root["workloads"] = std::move(workloads);
  json::object nodes;
  for (std::size_t i = 0; i < first.nodes.size(); ++i) nodes[first.nodes[i].name] = node_json(runs, summary, i);
  root["nodes"] = std::move(nodes);
  root["slo"] = slo_json(slo);
  return detail::to_pretty_json(root);
}

}  // namespace

std::string results_to_json(const Results& results) {
  return to_json(std::span<const Results>(&results, 1), results.slo, results.run.wall_s);
}

std::string results_to_json(const ReplicatedResults& results) {
  if (results.runs.empty()) return "{}\n";
  return to_json(results.runs, results.slo, results.wall_s);
}

}  // namespace svcsim
