// The baseline for tandems: a minimal hand-written event loop for a tandem of
// M/M/c stations, written like minimal_mm1.cpp (see README.md).
#pragma once

#include <cstdint>

#include "minimal_mm1.hpp"

namespace svcsim::bench {

/// Simulates `stations` M/M/c stations in series (c = `servers` each, one FIFO
/// each): Poisson arrivals at `arrival_rate_per_s` into the first until
/// `duration_s`, then drains; every request visits each station once, in
/// order, and leaves. Exponential service with `mean_service_s` everywhere.
/// One event per hop: the arrival, then one departure per station (a
/// departure from station k is the arrival at k + 1). `mean_response_s` is
/// the mean time from the arrival to the departure from the last station.
MinimalResult run_minimal_tandem(int stations, int servers, double arrival_rate_per_s, double mean_service_s,
                                 double duration_s, std::uint64_t seed);

}  // namespace svcsim::bench
