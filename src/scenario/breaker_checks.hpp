// Circuit breakers are kept per (caller node, callee node): every breaker
// written for one pair must have the same settings.
#pragma once

#include "scenario/read_context.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim::detail {

/// Reports a breaker whose settings differ from an earlier one of the same pair.
void check_breakers(const Scenario& scenario, const ReadContext& ctx);

}  // namespace svcsim::detail
