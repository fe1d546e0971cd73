// Named figures derived from Results: the single place that defines what
// `p99`, `error_rate` or `utilization` means, shared by the reports, the
// objectives and (later) compare and sweep.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "svcsim/results.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim {

/// A workload figure by metric name (`mean`, `max`, `min`, `pNN`, `error_rate`,
/// `timeout_rate`, `rejected_rate`, `degraded_rate`, `availability`,
/// `throughput`); latency in ms. nullopt when the name is unknown or the
/// figure is undefined (e.g. a percentile with no succeeded request).
std::optional<double> workload_metric(const WorkloadResult& w, double measured_s, std::string_view metric);

/// A node figure: the workload metrics over the node's calls (`throughput`:
/// calls it answered inside the window per second; refused calls count as
/// errors) plus `utilization` (a fraction: undefined with unlimited
/// concurrency), `busy_mean`, `queue_max`, `queue_mean`, `in_system_mean`,
/// `cpu_utilization`, `throttled_fraction`, `amplification`.
std::optional<double> node_metric(const NodeResult& n, double measured_s, std::string_view metric);

/// Calls the node answered inside the measured window (whenever admitted).
std::uint64_t node_answered_in_window(const NodeResult& n);

/// Parses `pNN` / `p99.9` into a percentile in (0, 100]; nullopt otherwise.
std::optional<double> parse_percentile_metric(std::string_view metric);

/// True when `metric` names something the objective grammar knows for a
/// workload (for_node = false) or a node (for_node = true).
bool is_known_metric(std::string_view metric, bool for_node);

/// Whether `value <op> threshold` holds.
bool objective_holds(double value, CompareOp op, double threshold);

/// Evaluates one objective against the results (not evaluable, with the
/// reason, when its subject or metric is unknown or its figure undefined).
ObjectiveResult evaluate_objective(const Objective& objective, const Results& results);

/// Evaluates every objective of the scenario against the results.
std::vector<ObjectiveResult> evaluate_objectives(const Scenario& scenario, const Results& results);

}  // namespace svcsim
