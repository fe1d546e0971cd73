// Reading `workloads:`: open (rate, arrivals, schedule) or closed (users,
// think time) traffic entering at one call target.
#pragma once

#include <vector>

#include "scenario/read_context.hpp"
#include "scenario/yaml_tree.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim::detail {

/// Reads the `workloads` list into `out` (workloads with errors included, so
/// later checks still see their names).
void read_workloads(const YamlNode& list, std::vector<Workload>& out, ReadContext& ctx);

}  // namespace svcsim::detail
