// Visit ratios: how many times each endpoint program runs per request of each
// workload, propagated down the call graph from the workload's entry call.
// Kept per workload for the programs it reaches only: a workload reaches few
// of the programs of a large architecture, and a dense workloads x programs
// table grew with the square of its size (issue 14).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "analysis/program_model.hpp"
#include "svcsim/analysis.hpp"

namespace svcsim::detail {

struct ProgramVisits {
  std::uint32_t program = 0;
  double visits = 0;
};

/// [workload]: the programs a request of the workload can reach (ascending
/// program id) with their expected runs per request; every other program 0.
using VisitTable = std::vector<std::vector<ProgramVisits>>;

VisitTable program_visits(const ModelSet& set);

/// Workload w's row as a vector by program (0 where it does not reach).
std::vector<double> dense_visits(const ModelSet& set, const VisitTable& visits, std::size_t w);

/// Program runs per second when workload w sends `rates[w]` requests per second.
std::vector<double> program_flows(const ModelSet& set, const VisitTable& visits, const std::vector<double>& rates);

/// By node: its visits per request of each workload (the sum over its programs).
std::vector<WorkloadFigures> node_visits(const ModelSet& set, const VisitTable& visits, std::size_t nodes);

}  // namespace svcsim::detail
