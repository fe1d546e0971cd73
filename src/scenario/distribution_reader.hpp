// Reading a distribution: a duration (a constant) or a map with `dist`.
#pragma once

#include <initializer_list>
#include <optional>
#include <string_view>

#include "scenario/diagnostics.hpp"
#include "scenario/yaml_tree.hpp"
#include "svcsim/distribution.hpp"

namespace svcsim::detail {

/// A distribution written under `key`; errors are reported, nullopt returned.
std::optional<Distribution> read_distribution(const YamlNode& node, std::string_view key, Diagnostics& diag);

/// A map holding `dist` and its parameters; `extra` keys are allowed beside
/// them (a mixture component's `weight`), read by the caller.
std::optional<Distribution> read_distribution_map(const YamlNode& map, Diagnostics& diag,
                                                  std::initializer_list<std::string_view> extra, int depth = 0);

}  // namespace svcsim::detail
