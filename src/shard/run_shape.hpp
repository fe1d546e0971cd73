// The shape a run's Results must have for its scenario: how many workloads,
// nodes, breakers and fault phases, and in which order. `svcsim merge` checks
// every decoded run against it before any report code subscripts one array by
// the length of another (a shard edited by hand, or written by a bug, would
// otherwise crash the merge or give a wrong report).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "svcsim/results.hpp"

namespace svcsim::shard {

struct RunShape {
  std::vector<std::string> workloads;  // names, in the scenario's order
  std::vector<std::string> nodes;      // names, in the scenario's order
  /// Per node: the callee of each circuit breaker it keeps, in the engine's order.
  std::vector<std::vector<std::string>> breaker_callees;
  std::size_t fault_phases = 0;        // faults reported before / during / after (Results::faults)
};

/// What is wrong with `run` for a scenario of `shape`, as "FIELD: what"
/// (FIELD as in the shard file, e.g. "series[3].nodes"); empty when it fits.
std::string shape_problem(const Results& run, const RunShape& shape);

}  // namespace svcsim::shard
