// Closed workloads by Mean Value Analysis: exact recursion over the number of
// users for one closed workload (multi-server nodes by load-dependent MVA with
// marginal probabilities), Schweitzer's approximation for several (multi-server
// nodes by Seidmann's approximation); open workloads as background
// load that stretches the closed residence times (docs/analyze.md, "Closed").
#pragma once

#include <cstddef>
#include <vector>

#include "analysis/latency_model.hpp"
#include "analysis/program_model.hpp"
#include "analysis/visits.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim::detail {

struct ClosedClass {
  std::size_t workload = 0;
  int users = 0;
  double think_s = 0;
};

struct ClosedSolution {
  std::vector<double> throughput;           // by class, requests per second
  std::vector<double> latency_s;            // by class, client side
  std::vector<std::vector<double>> wait_s;  // [class][node], per acquisition
  bool exact = true;                        // false: Schweitzer's fixed point was used
  /// By node: a multi-server station solved exactly, by load-dependent MVA
  /// with marginal probabilities (as JMVA does), rather than by Seidmann's
  /// approximation (one closed workload, no open load on the node).
  std::vector<bool> load_dependent;
};

/// Above this many users the exact recursion gives way to Schweitzer's fixed point.
inline constexpr int kMaxExactMvaUsers = 100'000;

/// `open_utilization` is each node's
/// utilisation from open workloads alone (0 where there are none).
ClosedSolution solve_closed(const Scenario& scenario, const ModelSet& set,
                            const VisitTable& visits, const std::vector<ClosedClass>& classes,
                            const std::vector<double>& open_utilization);

}  // namespace svcsim::detail
