// Reading a node's `autoscaling` (SPEC 3.4): the HPA's bounds, target and
// timing, checked against the node's `instances` and `concurrency`.
#pragma once

#include "scenario/read_context.hpp"
#include "scenario/yaml_reader.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim::detail {

/// Reads `autoscaling` from the node map `r` when present. The node's
/// `instances` and `concurrency` must have been read already: without
/// `instances` the node starts at `min`; with it, it must lie in [min, max].
void read_autoscaling(MapReader& r, Node& node, Diagnostics& diag);

}  // namespace svcsim::detail
