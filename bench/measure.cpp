// Runs the models under the CPU clock and the allocation counter.
#include "measure.hpp"

#include "alloc_counter.hpp"
#include "bench_scenarios.hpp"
#include "cpu_time.hpp"
#include "minimal_mm1.hpp"
#include "minimal_tandem.hpp"
#include "svcsim/simulation.hpp"

namespace svcsim::bench {
namespace {

/// Requests summed over the workloads; the mean response over all of them.
Measurement from_results(const Results& results, double cpu_s) {
  Measurement m;
  double latency_sum_ns = 0;
  std::uint64_t succeeded = 0;
  for (const auto& w : results.workloads) {
    m.requests += w.requests;
    latency_sum_ns += w.latency.mean_ns() * static_cast<double>(w.latency.count());
    succeeded += w.latency.count();
  }
  m.events = results.run.events;
  m.cpu_s = cpu_s;
  // One workload: its own mean, computed exactly as before the netflix model came.
  m.mean_response_s = results.workloads.size() == 1 ? results.workloads[0].latency.mean_ns() * 1e-9
                      : succeeded ? latency_sum_ns / static_cast<double>(succeeded) * 1e-9
                                  : 0.0;
  m.ok = !results.run.stopped;
  return m;
}

Measurement measure_scenario(const Scenario& scenario) {
  const double start = process_cpu_seconds();
  const Results results = simulate(scenario);
  const double end = process_cpu_seconds();
  return from_results(results, end - start);
}

Scenario scenario_of(Model model, std::uint64_t requests) {
  switch (model) {
    case Model::mm1: return mm1_scenario(requests);
    case Model::mm1_ps: return mm1_ps_scenario(requests);
    case Model::tandem: return tandem_scenario(requests);
    case Model::tandem4: return tandem4_scenario(requests);
    case Model::netflix: break;
  }
  return netflix_scenario_for(requests).value_or(Scenario{});
}

}  // namespace

Measurement measure_svcsim_mm1(std::uint64_t requests) { return measure_scenario(mm1_scenario(requests)); }
Measurement measure_svcsim_mm1_ps(std::uint64_t requests) { return measure_scenario(mm1_ps_scenario(requests)); }

Measurement measure_svcsim_tandem(std::uint64_t requests) { return measure_scenario(tandem_scenario(requests)); }

namespace {
/// A minimal loop's result and the CPU time it took, as a Measurement.
Measurement minimal_measurement(const MinimalResult& r, double cpu_s) {
  Measurement m;
  m.requests = r.requests;
  m.events = r.events;
  m.cpu_s = cpu_s;
  m.mean_response_s = r.mean_response_s;
  return m;
}
}  // namespace

Measurement measure_minimal_mm1(std::uint64_t requests) {
  const double start = process_cpu_seconds();
  const MinimalResult r =
      run_minimal_mm1(kMm1ArrivalRate, kMm1MeanService, duration_for(requests, kMm1ArrivalRate), 42);
  return minimal_measurement(r, process_cpu_seconds() - start);
}

Measurement measure_svcsim_tandem4(std::uint64_t requests) { return measure_scenario(tandem4_scenario(requests)); }

Measurement measure_minimal_tandem(std::uint64_t requests) {
  const double start = process_cpu_seconds();
  const MinimalResult r = run_minimal_tandem(kTandem4Stations, kTandem4Workers, kTandem4ArrivalRate, kTandem4MeanWork,
                                             duration_for(requests, kTandem4ArrivalRate), 42);
  return minimal_measurement(r, process_cpu_seconds() - start);
}

Measurement measure_netflix(std::uint64_t requests) {
  const double start = process_cpu_seconds();
  const std::optional<Scenario> scenario =
      requests == 0 ? netflix_scenario(kNetflixDuration) : netflix_scenario_for(requests);
  if (!scenario) {
    Measurement failed;
    failed.ok = false;
    return failed;
  }
  const Results results = simulate(*scenario);
  const double end = process_cpu_seconds();
  return from_results(results, end - start);
}

AllocationCount count_allocations(Model model, std::uint64_t requests) {
  // The scenario is built (or loaded) before counting starts: only the run is measured.
  const Scenario scenario = scenario_of(model, requests);
  const std::uint64_t before = allocation_count();
  const Results results = simulate(scenario);
  const std::uint64_t after = allocation_count();
  const Measurement m = from_results(results, 0);
  return AllocationCount{after - before, m.events, m.requests, !scenario.nodes.empty() && m.ok};
}

}  // namespace svcsim::bench
