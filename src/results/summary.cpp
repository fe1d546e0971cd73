// Every reported figure, computed once over a run or its replications, and
// the overload warnings (see summary.hpp).
#include "svcsim/summary.hpp"

#include "svcsim/metrics.hpp"

namespace svcsim {
namespace {

using Runs = std::span<const Results>;

std::optional<double> ratio(std::uint64_t part, std::uint64_t whole) {
  if (whole == 0) return std::nullopt;
  return static_cast<double>(part) / static_cast<double>(whole);
}

template <class Count>
Estimate count_over(Runs runs, Count&& count) {
  return estimate_over(runs, [&](const Results& r) { return std::optional(static_cast<double>(count(r))); });
}

FigureSet workload_figures(Runs runs, std::size_t i) {
  FigureSet f;
  auto count = [&](const char* name, std::uint64_t WorkloadResult::*field) {
    f.add(name, count_over(runs, [&](const Results& r) { return r.workloads[i].*field; }));
  };
  count("requests", &WorkloadResult::requests);
  count("succeeded", &WorkloadResult::succeeded);
  count("degraded", &WorkloadResult::degraded);
  count("failed", &WorkloadResult::failed);
  count("timed_out", &WorkloadResult::timed_out);
  count("rejected", &WorkloadResult::rejected);
  for (const char* name : {"throughput", "error_rate", "availability", "mean", "min", "p50", "p90", "p95", "p99",
                           "p99.9", "max"})
    f.add(name, workload_estimate(runs, i, name));
  return f;
}

FigureSet node_figures(Runs runs, std::size_t i) {
  const NodeResult& config = runs.front().nodes[i];  // what the node is: the same in every run
  FigureSet f;
  auto metric = [&](const char* name) { f.add(name, node_estimate(runs, i, name)); };
  auto count = [&](const char* name, auto NodeResult::*field) {
    f.add(name, count_over(runs, [&](const Results& r) { return r.nodes[i].*field; }));
  };
  auto figure = [&](const char* name, auto&& of_node) {
    f.add(name, estimate_over(runs, [&](const Results& r) { return of_node(r.nodes[i]); }));
  };
  if (config.concurrency) metric("utilization");
  metric("busy_mean");
  count("requests", &NodeResult::requests);
  count("rejected", &NodeResult::rejected);
  count("refused", &NodeResult::refused);
  count("failed", &NodeResult::failed);
  f.add("request_rate", estimate_over(runs, [&](const Results& r) -> std::optional<double> {
          if (!(r.measured_s > 0)) return std::nullopt;
          return static_cast<double>(r.nodes[i].requests) / r.measured_s;
        }));
  metric("throughput");
  metric("queue_mean");
  f.add("queue_max", count_over(runs, [&](const Results& r) { return r.nodes[i].queue_max < 0 ? 0 : r.nodes[i].queue_max; }));
  metric("in_system_mean");
  for (const char* name : {"mean", "p50", "p99"}) metric(name);
  figure("wait_mean", [](const NodeResult& n) { return node_wait_ms(n, "mean"); });
  figure("wait_p50", [](const NodeResult& n) { return node_wait_ms(n, "p50"); });
  figure("wait_p99", [](const NodeResult& n) { return node_wait_ms(n, "p99"); });
  figure("wait_probability", [](const NodeResult& n) { return ratio(n.waited, n.admitted); });
  if (config.kind == NodeKind::cache)
    figure("hit_ratio", [](const NodeResult& n) { return ratio(n.cache_hits, n.cache_lookups); });
  count("retries", &NodeResult::retries);
  count("hedges", &NodeResult::hedges);
  count("timeouts", &NodeResult::timeouts);
  metric("amplification");
  if (config.cores) metric("cpu_utilization");
  if (config.cpu_limited) metric("throttled_fraction");
  if (config.sheds) count("shed", &NodeResult::shed);
  if (config.throttles) count("throttled", &NodeResult::throttled);
  if (config.adaptive) count("limited", &NodeResult::limited);
  if (config.instance_integral_s)
    f.add("instances_mean", estimate_over(runs, [&](const Results& r) -> std::optional<double> {
            const NodeResult& n = r.nodes[i];
            if (!n.instance_integral_s || !(r.measured_s > 0)) return std::nullopt;
            return *n.instance_integral_s / r.measured_s;
          }));
  return f;
}

// A node's load over the runs: the means of offered and capacity, when every
// run has them, and a warning when the offered load reaches the capacity.
std::optional<OverloadWarning> overload(Runs runs, std::size_t i) {
  std::optional<OverloadWarning> sum;
  for (const Results& r : runs) {
    const auto one = node_load(r, i);
    if (!one) return std::nullopt;
    if (!sum) {
      sum = one;
      continue;
    }
    sum->offered_per_s += one->offered_per_s;
    sum->capacity_per_s += one->capacity_per_s;
    sum->per_call_ms += one->per_call_ms;
    sum->servers += one->servers;
    sum->rejects = sum->rejects || one->rejects;
  }
  if (!sum) return std::nullopt;
  const auto n = static_cast<double>(runs.size());
  sum->offered_per_s /= n;
  sum->capacity_per_s /= n;
  sum->per_call_ms /= n;
  sum->servers /= n;
  if (sum->offered_per_s < sum->capacity_per_s) return std::nullopt;
  return sum;
}

}  // namespace

const Estimate& FigureSet::operator[](std::string_view name) const {
  static const Estimate undefined;
  for (const auto& [key, e] : figures_)
    if (key == name) return e;
  return undefined;
}

bool FigureSet::has(std::string_view name) const {
  for (const auto& figure : figures_)
    if (figure.first == name) return true;
  return false;
}

std::optional<double> node_wait_ms(const NodeResult& n, std::string_view metric) {
  if (n.wait.count() == 0) return std::nullopt;
  if (metric == "mean") return n.wait.mean_ns() * 1e-6;
  // The percentile grammar is metrics.hpp's; the histogram defines the value.
  if (const auto p = parse_percentile_metric(metric)) return n.wait.percentile_ns(*p) * 1e-6;
  return std::nullopt;
}

std::optional<OverloadWarning> node_load(const Results& run, std::size_t index) {
  const NodeResult& n = run.nodes[index];
  const double t = run.measured_s;
  const std::uint64_t answered = node_answered_in_window(n);
  if (!(t > 0) || answered == 0) return std::nullopt;
  // Instances in service: autoscaled nodes had a varying count.
  const double instances = n.instance_integral_s ? *n.instance_integral_s / t : static_cast<double>(n.instances);
  OverloadWarning w;
  w.node = index;
  w.name = n.name;
  // Offered load counts what reached a live instance, served or turned away
  // (Erlang's offered traffic includes the blocked calls).
  w.offered_per_s = static_cast<double>(n.requests - std::min(n.refused, n.requests)) / t;
  w.rejects = n.rejected + n.refused > 0;
  bool bounded = false;
  // Each bound serves `servers` calls at once for `per_call` seconds each:
  // capacity = servers / per_call. The tighter of workers and cores binds.
  auto consider = [&](double servers, double busy_s, bool cores) {
    if (!(servers > 0) || !(busy_s > 0)) return;
    const double per_call_s = busy_s / static_cast<double>(answered);
    const double capacity = servers / per_call_s;
    if (bounded && capacity >= w.capacity_per_s) return;
    bounded = true;
    w.capacity_per_s = capacity;
    w.per_call_ms = per_call_s * 1e3;
    w.servers = servers;
    w.cores = cores;
  };
  if (n.concurrency) consider(instances * static_cast<double>(*n.concurrency), n.busy_integral_s, false);
  if (n.cores) consider(instances * *n.cores, n.cpu_busy_integral_s, true);
  if (!bounded) return std::nullopt;
  return w;
}

Summary summarize(std::span<const Results> runs) {
  Summary s;
  s.runs = runs.size();
  if (runs.empty()) return s;
  s.run.add("amplification", estimate_over(runs, [](const Results& r) { return std::optional(r.run.amplification); }));
  for (std::size_t i = 0; i < runs.front().workloads.size(); ++i) {
    s.workloads.push_back(workload_figures(runs, i));
    // One run: its own histogram's p99, exactly (no trip through milliseconds).
    s.tails.push_back(tail_attribution(runs, i, runs.size() > 1 ? s.workloads.back()["p99"].mean : std::nullopt));
  }
  for (std::size_t i = 0; i < runs.front().nodes.size(); ++i) {
    s.nodes.push_back(node_figures(runs, i));
    if (auto w = overload(runs, i)) s.warnings.push_back(std::move(*w));
  }
  return s;
}

}  // namespace svcsim
