// The loader refuses call cycles (an endpoint that can reach itself); traces
// can show them (recursion, a service calling itself back). The calls that
// close a cycle are taken out of the templates, and counted.
#pragma once

#include <cstdint>
#include <vector>

#include "import/step_template.hpp"

namespace svcsim::trace_import {

/// Removes from `templates` (one per endpoint) every call that closes a cycle,
/// visiting endpoints in `order`; returns how many calls were removed.
std::uint64_t cut_call_cycles(std::vector<StepTemplate>& templates, const std::vector<EndpointId>& order);

}  // namespace svcsim::trace_import
