// Reports of the analytic view and the architecture diagram: the terminal
// tables of `svcsim analyze`, its JSON file (SPEC 5), and Graphviz DOT.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "svcsim/analysis.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim {

/// Aligned tables: workloads (rate, predicted throughput and latency, rate at
/// saturation), nodes (visits per workload, arrival rate, work and busy time
/// per visit, offered load, predicted utilisation, wait, latency), the
/// bottleneck and the maximum throughput, warnings and the approximations.
void print_analysis_report(std::ostream& out, const Analysis& analysis);

/// The `analyze --json` file: per node `visits` (per workload),
/// `arrival_rate_per_s`, `utilization`, `wait_ms.mean`, `latency_ms.mean`;
/// per workload `latency_ms.mean` and `throughput_per_s`; `bottleneck` with
/// `max_throughput_per_s`. Undefined figures are null. Deterministic.
std::string analysis_to_json(const Analysis& analysis);

/// The architecture as a Graphviz digraph: one node per scenario node (shape
/// by kind, instances and concurrency in the label), `client` with an edge per
/// workload, and an edge per call (endpoint; probability and repeat when not
/// 1; optional calls dashed; cache misses dotted).
std::string architecture_to_dot(const Scenario& scenario, const std::vector<CallEdge>& edges);

}  // namespace svcsim
