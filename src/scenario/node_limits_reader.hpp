// Reading a node's own failure rate and its limits on callers: errors,
// retry_budget, health_check, rate_limit, autoscaling, and an
// endpoint's bulkhead.
#pragma once

#include <cstdint>
#include <optional>

#include "scenario/yaml_reader.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim::detail {

/// Reads the keys above present in the node map `r` into `node`.
void read_node_limits(MapReader& r, Node& node, Diagnostics& diag);

/// `bulkhead: {max_concurrent: N}` of an endpoint.
std::optional<std::int64_t> read_bulkhead(const YamlNode& node, Diagnostics& diag);

}  // namespace svcsim::detail
