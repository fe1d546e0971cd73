// The scenarios the benchmark runs, built in C++ (no YAML, so loading costs
// nothing and the figures are the engine's alone).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "svcsim/scenario.hpp"

namespace svcsim::bench {

/// M/M/1 parameters shared by svcsim and the minimal loop: rho = 0.9.
inline constexpr double kMm1ArrivalRate = 900.0;  // per second
inline constexpr double kMm1MeanService = 0.001;  // seconds
/// Tandem: 10 async stations, each exponential 1 ms work, rho = 0.5 each.
inline constexpr int kTandemStations = 10;
inline constexpr double kTandemArrivalRate = 500.0;
inline constexpr double kTandemMeanWork = 0.001;
/// Tandem of M/M/4 stations (issue 15): 10 async stations of 4 workers each,
/// exponential 1 ms work, Poisson arrivals at rho = 0.7 per station:
/// lambda = 0.7 * 4 / 1 ms = 2800/s. The minimal tandem loop runs the same.
inline constexpr int kTandem4Stations = 10;
inline constexpr int kTandem4Workers = 4;
inline constexpr double kTandem4Rho = 0.7;
inline constexpr double kTandem4MeanWork = 0.001;
inline constexpr double kTandem4ArrivalRate = kTandem4Rho * kTandem4Workers / kTandem4MeanWork;
/// scenarios/netflix.yaml's issue-15 run: `--duration 570s`, about 10^6
/// requests in the measured window (1800/s over 570 s - 15 s of warmup).
inline constexpr const char* kNetflixDuration = "570s";

/// Simulated seconds in which a Poisson stream at `rate` brings about `requests`.
double duration_for(std::uint64_t requests, double rate_per_s);

/// One single-worker node with exponential service, one Poisson workload; warmup 0.
Scenario mm1_scenario(std::uint64_t requests);
/// The M/M/1 above as processor sharing: unlimited threads on one core (M/M/1-PS, SPEC 7.1).
Scenario mm1_ps_scenario(std::uint64_t requests);
/// Stations s0..s9, async, one worker each; s_i's endpoint works then calls s_{i+1}.
Scenario tandem_scenario(std::uint64_t requests);
/// Stations s0..s9, async, kTandem4Workers workers each; s_i's endpoint works then calls s_{i+1}.
Scenario tandem4_scenario(std::uint64_t requests);

/// The repository's scenarios/netflix.yaml (its path is fixed at build time:
/// SVCSIM_BENCH_SCENARIOS_DIR), read by the library's loader with the
/// duration overridden as `--duration` does (`--set duration=...`). nullopt,
/// with the loader's errors on stderr, when it does not load.
std::optional<Scenario> netflix_scenario(const std::string& duration);
/// The same with the duration chosen so that about `requests` arrive in the
/// measured window: warmup + requests / (the workloads' total rate).
std::optional<Scenario> netflix_scenario_for(std::uint64_t requests);
/// The path netflix_scenario() reads.
std::string netflix_path();

}  // namespace svcsim::bench
