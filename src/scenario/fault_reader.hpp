// Reading `faults:` (SPEC 3.6): each fault's type, target (a node, one
// instance, a range or a share of its instances), timing and the parameters
// of its type; then checking the named nodes once every node is read.
#pragma once

#include <vector>

#include "scenario/read_context.hpp"
#include "scenario/yaml_tree.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim::detail {

/// Reads the `faults` list into `out` (faults with errors included).
void read_faults(const YamlNode& list, std::vector<Fault>& out, ReadContext& ctx);

/// Fault targets and partition ends must be nodes; instance ranges must lie
/// within the node's instances.
void check_fault_targets(const Scenario& scenario, const ReadContext& ctx);

}  // namespace svcsim::detail
