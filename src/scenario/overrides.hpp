// --set PATH=VALUE: splicing values into the parsed tree before it is read.
#pragma once

#include <vector>

#include "scenario/diagnostics.hpp"
#include "scenario/yaml_tree.hpp"
#include "svcsim/loader.hpp"

namespace svcsim::detail {

/// Applies `overrides` in order. Each value is parsed as YAML; its nodes are
/// marked with the override's index so later errors name the --set. A path's
/// parent must exist (a missing part is reported with a suggestion); its last
/// part may be new. List entries are addressed by their `name`.
void apply_overrides(YamlNode& root, const std::vector<Override>& overrides, Diagnostics& diag);

}  // namespace svcsim::detail
