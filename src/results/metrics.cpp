// Named figures derived from Results (what `p99`, `error_rate` or
// `utilization` mean) and the evaluation of the scenario's objectives.
#include "svcsim/metrics.hpp"

#include <charconv>
#include <string>

namespace svcsim {

namespace {

// Nanoseconds to milliseconds as Duration::millis() does it (× 1e-6), so a
// latency of exactly N ns equals an objective threshold parsed as N ns; a
// division would differ from it by an ulp a third of the time.
double to_ms(double ns) { return ns * 1e-6; }

// The counters a workload and a node share, so one function defines the
// rates and the latency figures for both.
struct Counts {
  std::uint64_t requests = 0;
  std::uint64_t succeeded = 0;
  std::uint64_t degraded = 0;
  std::uint64_t failed = 0;
  std::uint64_t timed_out = 0;
  std::uint64_t rejected = 0;
  std::uint64_t refused = 0;    // nodes: calls refused while no instance was up (an error, like rejected)
  std::uint64_t completed = 0;  // left inside the measured window (throughput's numerator)
};

bool is_latency_metric(std::string_view metric) {
  return metric == "mean" || metric == "min" || metric == "max" || parse_percentile_metric(metric).has_value();
}

bool is_common_metric(std::string_view metric) {
  return is_latency_metric(metric) || metric == "error_rate" || metric == "timeout_rate" ||
         metric == "rejected_rate" || metric == "degraded_rate" || metric == "availability" ||
         metric == "throughput";
}

bool is_node_only_metric(std::string_view metric) {
  return metric == "utilization" || metric == "busy_mean" || metric == "queue_max" || metric == "queue_mean" ||
         metric == "in_system_mean" || metric == "cpu_utilization" || metric == "throttled_fraction" ||
         metric == "amplification";
}

std::optional<double> ratio(std::uint64_t part, std::uint64_t whole) {
  if (whole == 0) return std::nullopt;
  return static_cast<double>(part) / static_cast<double>(whole);
}

/// `timeouts_are_errors`: a workload's timed-out request is one of its errors;
/// a node's call whose caller gave up may still have been answered by the node
/// (and counted succeeded there), so for nodes timeouts are reported apart.
std::optional<double> common_metric(const Counts& c, const LatencyHistogram& latency, double measured_s,
                                    std::string_view metric, bool timeouts_are_errors) {
  if (is_latency_metric(metric)) {
    // Only succeeded requests are timed: without one there is no latency.
    if (latency.count() == 0) return std::nullopt;
    if (metric == "mean") return to_ms(latency.mean_ns());
    if (metric == "min") return to_ms(static_cast<double>(latency.min_ns()));
    if (metric == "max") return to_ms(static_cast<double>(latency.max_ns()));
    return to_ms(latency.percentile_ns(*parse_percentile_metric(metric)));
  }
  const std::uint64_t errors = c.failed + c.rejected + c.refused + (timeouts_are_errors ? c.timed_out : 0);
  if (metric == "error_rate") return ratio(errors, c.requests);
  if (metric == "timeout_rate") return ratio(c.timed_out, c.requests);
  if (metric == "rejected_rate") return ratio(c.rejected, c.requests);
  if (metric == "degraded_rate") return ratio(c.degraded, c.requests);
  // (requests - errors) / requests rather than 1 - error_rate: one rounding,
  // so "availability >= 99.9%" holds exactly at 999 of 1000.
  if (metric == "availability") return errors <= c.requests ? ratio(c.requests - errors, c.requests) : ratio(0, c.requests);
  if (metric == "throughput") {
    if (!(measured_s > 0)) return std::nullopt;
    // What left inside the window (SPEC 10): an overloaded system's successes
    // that finish in the drain after `duration` are not throughput.
    return static_cast<double>(c.completed) / measured_s;
  }
  return std::nullopt;
}

// Built by appending: `"'" + std::string(...)` trips GCC 12's false -Wrestrict (PR 105329).
std::string quoted(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '\'';
  out += text;
  out += '\'';
  return out;
}

// Why a known metric has no value, in the user's terms.
std::string why_undefined(std::string_view subject, const Counts& c, double measured_s, std::string_view metric) {
  const bool per_time = metric == "throughput" || is_node_only_metric(metric);
  if (per_time && !(measured_s > 0)) {
    return "no measured time for " + quoted(subject) + " (warmup reaches the end of the run)";
  }
  if (c.requests == 0) return "no requests measured for " + quoted(subject);
  if (is_latency_metric(metric)) {
    return "no succeeded requests measured for " + quoted(subject) + ", so it has no latency";
  }
  return "no value for " + quoted(std::string(metric)) + " of " + quoted(subject);
}

}  // namespace

bool objective_holds(double value, CompareOp op, double threshold) {
  switch (op) {
    case CompareOp::less: return value < threshold;
    case CompareOp::less_equal: return value <= threshold;
    case CompareOp::greater: return value > threshold;
    case CompareOp::greater_equal: return value >= threshold;
  }
  return false;
}

std::optional<double> parse_percentile_metric(std::string_view metric) {
  if (metric.size() < 2 || metric[0] != 'p') return std::nullopt;
  const std::string_view number = metric.substr(1);
  // Only plain decimals: digits, optionally '.' and more digits (no sign, no exponent).
  std::size_t i = 0;
  while (i < number.size() && number[i] >= '0' && number[i] <= '9') ++i;
  if (i == 0) return std::nullopt;
  if (i < number.size()) {
    if (number[i] != '.' || i + 1 == number.size()) return std::nullopt;
    for (std::size_t j = i + 1; j < number.size(); ++j) {
      if (number[j] < '0' || number[j] > '9') return std::nullopt;
    }
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (ec != std::errc{} || end != number.data() + number.size()) return std::nullopt;
  if (!(value > 0 && value <= 100)) return std::nullopt;
  return value;
}

std::uint64_t node_answered_in_window(const NodeResult& n) {
  // Admitted in the window, plus those already in the node when it opened,
  // less those still in it when it closed.
  const std::int64_t answered = static_cast<std::int64_t>(n.admitted) + n.in_system_at_start - n.in_system_at_end;
  return answered > 0 ? static_cast<std::uint64_t>(answered) : 0;
}

bool is_known_metric(std::string_view metric, bool for_node) {
  return is_common_metric(metric) || (for_node && is_node_only_metric(metric));
}

std::optional<double> workload_metric(const WorkloadResult& w, double measured_s, std::string_view metric) {
  const Counts c{w.requests, w.succeeded, w.degraded, w.failed, w.timed_out, w.rejected, 0, w.completed};
  return common_metric(c, w.latency, measured_s, metric, true);
}

std::optional<double> node_metric(const NodeResult& n, double measured_s, std::string_view metric) {
  if (is_common_metric(metric)) {
    const Counts c{n.requests, n.succeeded, n.degraded, n.failed, n.timed_out, n.rejected, n.refused,
                   node_answered_in_window(n)};
    return common_metric(c, n.latency, measured_s, metric, false);
  }
  if (metric == "queue_max") return static_cast<double>(n.queue_max);
  if (metric == "amplification") {
    // Tries received per first try received, over the whole run like the run's figure.
    const std::uint64_t firsts = n.tries_received - n.extra_tries_received;
    if (firsts == 0) return n.tries_received == 0 ? std::optional(1.0) : std::nullopt;
    return static_cast<double>(n.tries_received) / static_cast<double>(firsts);
  }
  if (!is_node_only_metric(metric) || !(measured_s > 0)) return std::nullopt;
  if (metric == "busy_mean") return n.busy_integral_s / measured_s;
  if (metric == "utilization") {
    // A fraction of unlimited workers is undefined: such a node has busy_mean instead (SPEC 10).
    if (!n.concurrency) return std::nullopt;
    if (n.instance_integral_s) {  // autoscaled: the instances in service varied
      const double worker_s = *n.instance_integral_s * static_cast<double>(*n.concurrency);
      if (!(worker_s > 0)) return std::nullopt;
      return n.busy_integral_s / worker_s;
    }
    const double workers = static_cast<double>(n.instances) * static_cast<double>(*n.concurrency);
    if (!(workers > 0)) return std::nullopt;
    return n.busy_integral_s / (measured_s * workers);
  }
  if (metric == "cpu_utilization" || metric == "throttled_fraction") {
    // Per instance-second in service: autoscaled nodes had a varying count.
    const double instance_s =
        n.instance_integral_s ? *n.instance_integral_s : measured_s * static_cast<double>(n.instances);
    if (!(instance_s > 0)) return std::nullopt;
    if (metric == "cpu_utilization") {
      if (!n.cores) return std::nullopt;  // no cores given: nothing to divide by
      return n.cpu_busy_integral_s / (instance_s * *n.cores);
    }
    if (!n.cpu_limited) return std::nullopt;
    return n.throttled_integral_s / instance_s;
  }
  if (metric == "queue_mean") return n.queue_integral_s / measured_s;
  if (metric == "in_system_mean") return n.in_system_integral_s / measured_s;
  return std::nullopt;
}

ObjectiveResult evaluate_objective(const Objective& objective, const Results& results) {
  ObjectiveResult r;
  r.check = objective.text;
  r.metric = objective.metric;
  r.op = objective.op;
  r.threshold = objective.threshold;
  r.evaluable = false;

  const WorkloadResult* workload = nullptr;
  const NodeResult* node = nullptr;
  for (const auto& w : results.workloads) {
    if (w.name == objective.subject) workload = &w;
  }
  if (workload == nullptr) {
    for (const auto& n : results.nodes) {
      if (n.name == objective.subject) node = &n;
    }
  }

  std::optional<double> value;
  Counts counts;
  if (workload != nullptr) {
    if (!is_known_metric(objective.metric, false)) {
      r.problem = is_node_only_metric(objective.metric)
                      ? quoted(objective.metric) + " is a node metric and " + quoted(objective.subject) +
                            " is a workload"
                      : "unknown metric " + quoted(objective.metric);
    } else {
      value = workload_metric(*workload, results.measured_s, objective.metric);
      counts = {workload->requests, workload->succeeded, workload->degraded,
                workload->failed,   workload->timed_out, workload->rejected, 0, workload->completed};
    }
  } else if (node != nullptr) {
    if (!is_known_metric(objective.metric, true)) {
      r.problem = "unknown metric " + quoted(objective.metric);
    } else {
      value = node_metric(*node, results.measured_s, objective.metric);
      counts = {node->requests, node->succeeded, node->degraded, node->failed, node->timed_out, node->rejected,
                node->refused, node_answered_in_window(*node)};
    }
  } else {
    r.problem = "no workload or node named " + quoted(objective.subject);
  }

  if (value) {
    r.value = *value;
    r.evaluable = true;
    r.pass = objective_holds(*value, objective.op, objective.threshold);
  } else if (r.problem.empty()) {
    r.problem = why_undefined(objective.subject, counts, results.measured_s, objective.metric);
  }
  return r;
}

std::vector<ObjectiveResult> evaluate_objectives(const Scenario& scenario, const Results& results) {
  std::vector<ObjectiveResult> out;
  out.reserve(scenario.slo.size());
  for (const Objective& objective : scenario.slo) out.push_back(evaluate_objective(objective, results));
  return out;
}

}  // namespace svcsim
