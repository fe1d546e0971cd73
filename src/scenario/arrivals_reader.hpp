// Reading a workload's `arrivals` (SPEC 3.5): poisson, constant, a
// distribution of inter-arrival times, `{mmpp: [states]}` or `{trace: FILE}`.
#pragma once

#include <vector>

#include "scenario/diagnostics.hpp"
#include "scenario/yaml_tree.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim::detail {

/// Reads `arrivals` into `w` (arrivals, interarrival, mmpp, trace).
void read_arrivals(const YamlNode& node, Workload& w, Diagnostics& diag);

/// A trace workload's rate for reports and analysis: its arrivals before
/// `duration`, per second of `duration`.
void set_trace_rates(std::vector<Workload>& workloads, Duration duration);

}  // namespace svcsim::detail
