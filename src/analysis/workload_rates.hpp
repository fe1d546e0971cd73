// The arrival rate an open workload offers over the measured window: its
// base rate, or 1 / mean inter-arrival time, and its schedule (steps and
// linear ramps, as the engine applies them), averaged over [warmup, duration].
#pragma once

#include "svcsim/scenario.hpp"

namespace svcsim::detail {

/// The mean rate over [from, to) (the rate at `from` when the window is empty).
double mean_rate(const Workload& w, Duration from, Duration to);

/// The highest rate the workload reaches over [0, to).
double peak_rate(const Workload& w, Duration to);

}  // namespace svcsim::detail
