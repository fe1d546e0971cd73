// Reading a node's station (SPEC 7): cores, cpu_limit, discipline, shed and
// adaptive_concurrency; and the criticality and throttle of workloads and calls.
#pragma once

#include <optional>

#include "scenario/yaml_reader.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim::detail {

/// Reads the station keys present in the node map `r` into `node` (after its
/// `concurrency`, which the CPU checks compare with).
void read_station(MapReader& r, Node& node, Diagnostics& diag);

/// A criticality level by name (critical_plus, critical, sheddable_plus, sheddable).
std::optional<Criticality> read_criticality(const YamlNode& node, std::string_view key, Diagnostics& diag);

/// `throttle: {k: 2, window: 2m}` of a call step.
std::optional<ThrottlePolicy> read_throttle(const YamlNode& node, Diagnostics& diag);

}  // namespace svcsim::detail
