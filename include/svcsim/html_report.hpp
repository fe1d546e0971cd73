// `run --html`: one self-contained HTML page of a run (inline SVG and CSS, no
// script, nothing loaded from a network).
#pragma once

#include <string>
#include <vector>

#include "svcsim/analysis.hpp"
#include "svcsim/replicated_results.hpp"

namespace svcsim {

/// What the page shows beside the results: the scenario's description, the
/// analytic prediction and the resolved calls (for the architecture diagram).
struct HtmlContext {
  std::string description;
  const Analysis* analysis = nullptr;
  std::vector<CallEdge> edges;
  std::vector<Fault> faults;  // the scenario's: each faulted node is marked on the diagram with its window
};

/// The page: objectives (pass/fail), the architecture laid out as a layered
/// diagram (faulted nodes outlined in red with their fault and its window), p50/p99 per workload over time with fault windows shaded, node
/// utilisation over time, predicted beside measured utilisation, workloads and
/// fault windows. The time series is replication 0's (empty without one: the
/// charts over time are then left out). Deterministic: no clock, no paths.
std::string results_to_html(const ReplicatedResults& results, const HtmlContext& context);

}  // namespace svcsim
