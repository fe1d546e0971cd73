// Reading `nodes:`: each node's fields, kind-specific rules and endpoints.
#pragma once

#include <vector>

#include "scenario/read_context.hpp"
#include "scenario/yaml_tree.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim::detail {

/// Reads the `nodes` map into `out` (one Node per entry, in written order,
/// even when a node has errors, so references to it still resolve).
void read_nodes(const YamlNode& nodes, std::vector<Node>& out, ReadContext& ctx);

/// `[a-z][a-z0-9_-]*`: the names of nodes.
bool is_valid_node_name(const std::string& name);

}  // namespace svcsim::detail
