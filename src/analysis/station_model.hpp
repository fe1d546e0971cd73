// The analytic station (SPEC 7, docs/analyze.md "The station"): how much
// shared cores stretch a work step (the birth-death chain of processor
// sharing: exact for M/G/c-PS, whatever the work distribution), and the
// per-criticality table of a priority node (Cobham's formula and the
// preemptive-resume formula for one server, M/G/1).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "analysis/program_model.hpp"
#include "svcsim/analysis.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim::detail {

/// The cores a node's working workers share per instance, when they can be
/// fewer than its workers (`cores` below `concurrency`, or a cpu_limit, whose
/// quota counts as that many cores: a fluid view of CFS); nullopt when every
/// worker has a core of its own.
std::optional<double> shared_cores(const Node& node);

/// Shared cores under `work_rate` Erlangs of work (split over the instances),
/// from the birth-death chain with service rate min(n, cores) per instance
/// (n calls present): exact for M/G/c-PS (unlimited threads, any work
/// distribution) and for work-only endpoints with exponential work under K
/// threads; an approximation elsewhere (docs/analyze.md).
struct CpuModel {
  double stretch = 1;               // mean time in work per unit of work (L_cpu / a; 1: no sharing)
  double thread_wait_per_work = 0;  // mean wait for a thread per unit of work ((L - L_cpu) / a)
};
/// Infinite figures at or above the cores.
CpuModel cpu_model(const Node& node, double work_rate);

/// Calls per second that reach each program at each criticality level, from
/// the workloads' rates (a call keeps its caller's level unless its step names one).
std::vector<std::array<double, kCriticalityLevels>> level_flows(const Scenario& scenario, const ModelSet& set,
                                                                const std::vector<double>& workload_rates);

/// The per-level table of a node that serves several levels (empty when it
/// serves one): rates, and the wait and latency per level where a formula
/// applies (one worker per instance, endpoints of work only); `model` names it.
std::vector<ClassAnalysis> class_table(const Scenario& scenario, const ModelSet& set, std::size_t node,
                                       const std::vector<std::array<double, kCriticalityLevels>>& flows);

}  // namespace svcsim::detail
