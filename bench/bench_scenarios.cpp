// Builds the benchmark's M/M/1 and tandem scenarios.
#include "bench_scenarios.hpp"

#include <fmt/format.h>

#include <string>

#include "svcsim/loader.hpp"

namespace svcsim::bench {
namespace {

Workload poisson_workload(const std::string& target, double rate_per_s) {
  Workload w;
  w.name = "load";
  w.call = target;
  w.rate_per_s = rate_per_s;
  w.arrivals = ArrivalProcess::poisson;
  return w;
}

Scenario base_scenario(const std::string& name, std::uint64_t requests, double rate_per_s) {
  Scenario s;
  s.name = name;
  s.seed = 42;
  s.duration = Duration::from_seconds(duration_for(requests, rate_per_s));
  s.warmup = Duration{0};  // every request is counted as simulated
  return s;
}

/// `stations` async stations s0..; s_i's endpoint is [work exponential
/// `mean_work_s`, call s_{i+1}] (the last only works), `workers` each, no
/// network latency: the response goes back through the async stations, which
/// hold no worker while they wait, so nothing queues on the way back.
Scenario tandem_of(const std::string& name, std::uint64_t requests, int stations, int workers, double rate_per_s,
                   double mean_work_s) {
  Scenario s = base_scenario(name, requests, rate_per_s);
  const Distribution work = Distribution::exponential(Duration::from_seconds(mean_work_s));
  for (int i = 0; i < stations; ++i) {
    Node station;
    station.name = "s" + std::to_string(i);
    station.concurrency = workers;
    station.threading = Threading::async;  // the worker is free while the call downstream is out
    Endpoint handle;
    handle.name = "handle";
    handle.steps.push_back(Step{WorkStep{work}, {}});
    if (i + 1 < stations) {
      CallSpec next;
      next.target = "s" + std::to_string(i + 1);
      handle.steps.push_back(Step{CallStep{next}, {}});
    }
    station.endpoints.push_back(handle);
    s.nodes.push_back(station);
  }
  s.workloads.push_back(poisson_workload("s0", rate_per_s));
  return s;
}

}  // namespace

double duration_for(std::uint64_t requests, double rate_per_s) {
  return static_cast<double>(requests) / rate_per_s;
}

Scenario mm1_scenario(std::uint64_t requests) {
  Scenario s = base_scenario("mm1", requests, kMm1ArrivalRate);
  Node server;
  server.name = "server";
  server.concurrency = 1;
  server.service_time = Distribution::exponential(Duration::from_seconds(kMm1MeanService));
  s.nodes.push_back(server);
  s.workloads.push_back(poisson_workload("server", kMm1ArrivalRate));
  return s;
}

Scenario mm1_ps_scenario(std::uint64_t requests) {
  Scenario s = mm1_scenario(requests);
  s.name = "mm1-ps";
  s.nodes[0].concurrency.reset();  // unlimited threads
  s.nodes[0].cores = 1;            // sharing one core
  return s;
}

Scenario tandem_scenario(std::uint64_t requests) {
  return tandem_of("tandem10", requests, kTandemStations, 1, kTandemArrivalRate, kTandemMeanWork);
}

Scenario tandem4_scenario(std::uint64_t requests) {
  return tandem_of("tandem10x4", requests, kTandem4Stations, kTandem4Workers, kTandem4ArrivalRate, kTandem4MeanWork);
}

std::string netflix_path() { return std::string(SVCSIM_BENCH_SCENARIOS_DIR) + "/netflix.yaml"; }

std::optional<Scenario> netflix_scenario(const std::string& duration) {
  LoadResult loaded = load_scenario_file(netflix_path(), {Override{"duration", duration}});
  for (const Diagnostic& d : loaded.errors) fmt::print(stderr, "{}\n", d.format());
  return std::move(loaded.scenario);
}

std::optional<Scenario> netflix_scenario_for(std::uint64_t requests) {
  const std::optional<Scenario> as_shipped = netflix_scenario(kNetflixDuration);
  if (!as_shipped) return std::nullopt;
  double rate_per_s = 0;
  for (const Workload& w : as_shipped->workloads) rate_per_s += w.rate_per_s;
  if (rate_per_s <= 0) return std::nullopt;
  return netflix_scenario(
      fmt::format("{:.3f}s", as_shipped->warmup.seconds() + duration_for(requests, rate_per_s)));
}

}  // namespace svcsim::bench
