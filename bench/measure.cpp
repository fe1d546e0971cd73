// Runs the models under the CPU clock and the allocation counter.
#include "measure.hpp"

#include "alloc_counter.hpp"
#include "bench_scenarios.hpp"
#include "cpu_time.hpp"
#include "minimal_mm1.hpp"
#include "svcsim/simulation.hpp"

namespace svcsim::bench {
namespace {

Measurement measure_scenario(const Scenario& scenario) {
  const double start = process_cpu_seconds();
  const Results results = simulate(scenario);
  const double end = process_cpu_seconds();
  Measurement m;
  m.requests = results.workloads.at(0).requests;
  m.events = results.run.events;
  m.cpu_s = end - start;
  m.mean_response_s = results.workloads.at(0).latency.mean_ns() * 1e-9;
  m.ok = !results.run.stopped;
  return m;
}

}  // namespace

Measurement measure_svcsim_mm1(std::uint64_t requests) { return measure_scenario(mm1_scenario(requests)); }
Measurement measure_svcsim_mm1_ps(std::uint64_t requests) { return measure_scenario(mm1_ps_scenario(requests)); }

Measurement measure_svcsim_tandem(std::uint64_t requests) { return measure_scenario(tandem_scenario(requests)); }

Measurement measure_minimal_mm1(std::uint64_t requests) {
  const double start = process_cpu_seconds();
  const MinimalResult r =
      run_minimal_mm1(kMm1ArrivalRate, kMm1MeanService, duration_for(requests, kMm1ArrivalRate), 42);
  const double end = process_cpu_seconds();
  Measurement m;
  m.requests = r.requests;
  m.events = r.events;
  m.cpu_s = end - start;
  m.mean_response_s = r.mean_response_s;
  return m;
}

AllocationCount count_allocations(Model model, std::uint64_t requests) {
  // The scenario is built before counting starts: only the run is measured.
  const Scenario scenario = model == Model::mm1      ? mm1_scenario(requests)
                            : model == Model::mm1_ps ? mm1_ps_scenario(requests)
                                                     : tandem_scenario(requests);
  const std::uint64_t before = allocation_count();
  const Results results = simulate(scenario);
  const std::uint64_t after = allocation_count();
  return AllocationCount{after - before, results.run.events, results.workloads.at(0).requests};
}

}  // namespace svcsim::bench
