// Reading the resilience options of a call: retry (with backoff), fallback,
// circuit_breaker, hedge and cancel_on_timeout.
#pragma once

#include "scenario/read_context.hpp"
#include "scenario/step_reader.hpp"
#include "scenario/yaml_reader.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim::detail {

/// Reads the options above present in `r` into `spec` (whose target is set, or
/// empty when it could not be read) and records fallbacks as call sites and
/// breakers for the cross-checks. False on any error.
bool read_resilience_options(MapReader& r, CallSpec& spec, const StepOwner& owner, ReadContext& ctx);

/// Makes the option keys known to `r` without reading them (for a map that is
/// wrong in another way, so its options add no noise).
void allow_resilience_options(MapReader& r);

}  // namespace svcsim::detail
