// Parsing objectives: `<subject> <metric> <op> <value>` strings under `slo:`.
#pragma once

#include <vector>

#include "scenario/diagnostics.hpp"
#include "scenario/yaml_tree.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim::detail {

/// Reads the `slo` list; subjects must name one of `workloads` or `nodes`
/// (unknown subjects are not judged when the nodes could not be read).
void read_slo(const YamlNode& list, const std::vector<Workload>& workloads, const std::vector<Node>& nodes,
              bool nodes_read, std::vector<Objective>& out, Diagnostics& diag);

}  // namespace svcsim::detail
