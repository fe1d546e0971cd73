// An open workload's arrival rate over time, from its `rate` and `schedule`:
// one definition for the engine (arrivals) and the analysis (mean rates).
#pragma once

#include <cstdint>

#include "svcsim/scenario.hpp"

namespace svcsim {

/// Requests per second before the first change: `rate`, or for arrivals given
/// as a distribution its own rate 1 / mean (0 when the mean is not finite and
/// positive).
double base_rate(const Workload& w);

/// The rate at time `t_ns`. Each change of `schedule` whose `at` has come
/// starts from the rate at its `at` (in the middle of an earlier ramp, the
/// value that ramp had reached) and moves linearly to its own rate over its
/// `ramp` (at once without one). So the rate is linear between consecutive
/// breakpoints: every `at` and every `at + ramp`.
double scheduled_rate(const Workload& w, std::int64_t t_ns);

}  // namespace svcsim
