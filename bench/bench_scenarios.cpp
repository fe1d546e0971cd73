// Builds the benchmark's M/M/1 and tandem scenarios.
#include "bench_scenarios.hpp"

#include <string>

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
  Scenario s = base_scenario("tandem10", requests, kTandemArrivalRate);
  const Distribution work = Distribution::exponential(Duration::from_seconds(kTandemMeanWork));
  for (int i = 0; i < kTandemStations; ++i) {
    Node station;
    station.name = "s" + std::to_string(i);
    station.concurrency = 1;
    station.threading = Threading::async;  // the worker is free while the call downstream is out
    Endpoint handle;
    handle.name = "handle";
    handle.steps.push_back(Step{WorkStep{work}, {}});
    if (i + 1 < kTandemStations) {
      CallSpec next;
      next.target = "s" + std::to_string(i + 1);
      handle.steps.push_back(Step{CallStep{next}, {}});
    }
    station.endpoints.push_back(handle);
    s.nodes.push_back(station);
  }
  s.workloads.push_back(poisson_workload("s0", kTandemArrivalRate));
  return s;
}

}  // namespace svcsim::bench
