// The baseline: a minimal hand-written event loop for the M/M/1 queue, the
// yardstick svcsim's speed is measured against (see README.md).
#pragma once

#include <cstdint>

namespace svcsim::bench {

struct MinimalResult {
  std::uint64_t requests = 0;  // arrivals before the end of the run
  std::uint64_t events = 0;    // arrivals + departures
  double mean_response_s = 0;  // sanity check: 1 / (mu - lambda) for M/M/1
};

/// Simulates an M/M/1 queue: Poisson arrivals at `arrival_rate_per_s` until
/// `duration_s`, then drains. Exponential service with `mean_service_s`.
MinimalResult run_minimal_mm1(double arrival_rate_per_s, double mean_service_s, double duration_s,
                              std::uint64_t seed);

}  // namespace svcsim::bench
