// Cross-checks of names outside the call graph: link ends, and the one
// namespace that workloads and nodes share.
#pragma once

#include "scenario/read_context.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim::detail {

void check_names(const Scenario& scenario, const ReadContext& ctx);

}  // namespace svcsim::detail
