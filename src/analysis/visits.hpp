// Visit ratios: how many times each endpoint program runs per request of each
// workload, propagated down the call graph from the workload's entry call.
#pragma once

#include <cstddef>
#include <vector>

#include "analysis/program_model.hpp"

namespace svcsim::detail {

/// [workload][program]: expected runs of the program per request of the workload.
std::vector<std::vector<double>> program_visits(const ModelSet& set);

/// Program runs per second when workload w sends `rates[w]` requests per second.
std::vector<double> program_flows(const std::vector<std::vector<double>>& visits, const std::vector<double>& rates);

}  // namespace svcsim::detail
