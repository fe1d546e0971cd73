// Every figure the reports show, computed once from a run or from its
// replications (each figure's mean and 95 % half-width), plus the run's
// warnings (nodes offered more than they can serve). The terminal, JSON, HTML,
// JUnit and sweep reporters only format a Summary: none of them computes a
// statistic over replications itself, so "the p99" is one number everywhere.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "svcsim/replicated_results.hpp"
#include "svcsim/results.hpp"
#include "svcsim/tail_attribution.hpp"

namespace svcsim {

/// Named figures of one subject (a workload, a node, the run), in the order
/// they were added. Names are those of metrics.hpp where it names them.
class FigureSet {
 public:
  void add(std::string name, Estimate e) { figures_.emplace_back(std::move(name), e); }
  /// The figure called `name`; an undefined estimate when there is none.
  const Estimate& operator[](std::string_view name) const;
  bool has(std::string_view name) const;

 private:
  std::vector<std::pair<std::string, Estimate>> figures_;
};

/// A node that was offered at least what it can serve (SPEC 10): its figures
/// describe a growing (or full) queue, not a steady state. Rates are calls
/// per second of measured time; over replications, means.
struct OverloadWarning {
  std::size_t node = 0;          // index in Results::nodes
  std::string name;
  double offered_per_s = 0;      // calls that reached it (rejected and refused ones included)
  double capacity_per_s = 0;     // what its workers (or cores) serve at the holding time measured per call
  double per_call_ms = 0;        // worker (or core) time per answered call, the capacity's basis
  double servers = 0;            // workers (or cores) in service: instances x concurrency (or cores)
  bool cores = false;            // the bound is the node's CPU (cores), not its workers
  bool rejects = false;          // it rejected or refused calls: its queue is bounded and full
};

/// Every figure of a run (one Results) or of its replications.
struct Summary {
  std::size_t runs = 0;
  FigureSet run;                       // amplification
  std::vector<FigureSet> workloads;    // in Results::workloads order
  std::vector<FigureSet> nodes;        // in Results::nodes order
  /// Per workload: where the time of its requests slower than its p99 went,
  /// the p99 being the workload's `p99` figure above (nullopt: none succeeded).
  std::vector<std::optional<TailAttribution>> tails;
  std::vector<OverloadWarning> warnings;
};

/// Workload figures: requests, succeeded, degraded, failed, timed_out,
/// rejected, throughput, error_rate, availability, mean, min, p50, p90, p95,
/// p99, p99.9, max. Node figures: utilization (limited concurrency only),
/// busy_mean, requests, rejected, refused, failed, request_rate, queue_mean,
/// queue_max, in_system_mean, mean, p50, p99, wait_mean, wait_p50, wait_p99,
/// wait_probability, hit_ratio (caches), retries, hedges, timeouts,
/// amplification, and where the node uses them cpu_utilization,
/// throttled_fraction, shed, throttled, limited, instances_mean.
Summary summarize(std::span<const Results> runs);

/// The overload of node `index` in one run: (offered, capacity) in calls per
/// second, with what the capacity rests on; nullopt when the node answered
/// nothing in the window or has no bound (unlimited concurrency, no cores).
std::optional<OverloadWarning> node_load(const Results& run, std::size_t index);

/// Time admitted calls waited for a worker, in ms: `mean` or `pNN`; nullopt
/// when no call was admitted or the name is unknown.
std::optional<double> node_wait_ms(const NodeResult& n, std::string_view metric);

}  // namespace svcsim
