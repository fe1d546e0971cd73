// The scenarios the benchmark runs, built in C++ (no YAML, so loading costs
// nothing and the figures are the engine's alone).
#pragma once

#include <cstdint>

#include "svcsim/scenario.hpp"

namespace svcsim::bench {

/// M/M/1 parameters shared by svcsim and the minimal loop: rho = 0.9.
inline constexpr double kMm1ArrivalRate = 900.0;  // per second
inline constexpr double kMm1MeanService = 0.001;  // seconds
/// Tandem: 10 async stations, each exponential 1 ms work, rho = 0.5 each.
inline constexpr int kTandemStations = 10;
inline constexpr double kTandemArrivalRate = 500.0;
inline constexpr double kTandemMeanWork = 0.001;

/// Simulated seconds in which a Poisson stream at `rate` brings about `requests`.
double duration_for(std::uint64_t requests, double rate_per_s);

/// One single-worker node with exponential service, one Poisson workload; warmup 0.
Scenario mm1_scenario(std::uint64_t requests);
/// The M/M/1 above as processor sharing: unlimited threads on one core (M/M/1-PS, SPEC 7.1).
Scenario mm1_ps_scenario(std::uint64_t requests);
/// Stations s0..s9, async, one worker each; s_i's endpoint works then calls s_{i+1}.
Scenario tandem_scenario(std::uint64_t requests);

}  // namespace svcsim::bench
