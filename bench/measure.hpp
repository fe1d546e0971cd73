// One timed run of each benchmarked model, and the allocation probe.
#pragma once

#include <cstdint>

namespace svcsim::bench {

struct Measurement {
  std::uint64_t requests = 0;  // workload requests simulated (warmup is 0)
  std::uint64_t events = 0;
  double cpu_s = 0;
  double mean_response_s = 0;  // sanity check against queueing theory
  bool ok = true;              // false: the run stopped early
  double requests_per_cpu_s() const { return cpu_s > 0 ? static_cast<double>(requests) / cpu_s : 0.0; }
};

/// Each timed call includes building the engine and collecting Results: what a
/// user of simulate() pays.
Measurement measure_svcsim_mm1(std::uint64_t requests);
Measurement measure_svcsim_mm1_ps(std::uint64_t requests);
Measurement measure_svcsim_tandem(std::uint64_t requests);
Measurement measure_minimal_mm1(std::uint64_t requests);
Measurement measure_svcsim_tandem4(std::uint64_t requests);
Measurement measure_minimal_tandem(std::uint64_t requests);
/// scenarios/netflix.yaml, timed from loading the file (what `svcsim run`
/// pays, less the report): with `--duration 570s` when `requests` is 0, else
/// with a duration that brings about `requests` in the measured window.
/// `requests` counts the workloads' requests in the measured window (warmup
/// 15 s excluded), `events` the whole run's; ok is false when the file does
/// not load or the run stopped early.
Measurement measure_netflix(std::uint64_t requests = 0);

struct AllocationCount {
  std::uint64_t allocations = 0;  // operator new calls during simulate(), start to end
  std::uint64_t events = 0;
  std::uint64_t requests = 0;
  bool ok = true;  // false: the scenario did not load or the run stopped early
};

enum class Model { mm1, mm1_ps, tandem, tandem4, netflix };
AllocationCount count_allocations(Model model, std::uint64_t requests);

}  // namespace svcsim::bench
