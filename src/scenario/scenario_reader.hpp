// Reading the whole scenario from the (already overridden) tree: top-level
// fields and network here, sections delegated to their readers, then the
// cross-checks that need everything read.
#pragma once

#include "scenario/read_context.hpp"
#include "scenario/yaml_tree.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim::detail {

/// The scenario as far as it could be read; it is only meaningful when no
/// error was reported.
Scenario read_scenario(const YamlNode& root, ReadContext& ctx);

}  // namespace svcsim::detail
