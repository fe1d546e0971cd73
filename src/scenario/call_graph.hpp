// Cross-checks of calls: every call target resolves to an endpoint, load
// balancer targets exist, and no endpoint can reach itself.
#pragma once

#include "scenario/read_context.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim::detail {

/// Resolves every call site noted in `ctx` (endpoint calls, cache origins,
/// workload entries, load-balancer targets) and reports unknown nodes and
/// endpoints, ambiguous defaults and call cycles (at the call site that
/// closes the cycle, naming it `a.x -> b.y -> a.x`).
void check_call_graph(const Scenario& scenario, const ReadContext& ctx);

}  // namespace svcsim::detail
