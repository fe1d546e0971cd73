// The direct entry (src/sim/engine_direct_entry.cpp) is a speed-up only: a
// request's entry call sent into its node's task with no Try record must
// give every run exactly the results of the general path. Each scenario here
// runs both ways and the results files must be identical. (Checked by hand:
// leaving out the direct path's `++n.arrived` fails all three cases below;
// answering a call the full queue turned away as `failed` fails the two
// written here.)
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "svcsim/loader.hpp"
#include "svcsim/report.hpp"
#include "svcsim/simulation.hpp"

using namespace svcsim;

namespace {

std::string results_file(const Scenario& scenario, bool direct_entry) {
  RunOptions options;
  options.direct_entry = direct_entry;
  options.series_window = Duration::from_s(1);  // the time series too
  Results r = simulate(scenario, options);
  r.run.wall_s = 0;  // the one figure that may differ
  return results_to_json(r);
}

void check_same_both_ways(const LoadResult& loaded, const std::string& what) {
  INFO(what);
  REQUIRE(loaded.scenario);
  const std::string with = results_file(*loaded.scenario, true);
  const std::string without = results_file(*loaded.scenario, false);
  CHECK(with.size() > 1000);
  CHECK(with == without);
}

void check_directory(const std::filesystem::path& dir, int at_least) {
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    check_same_both_ways(load_scenario_file(entry.path().string()), entry.path().string());
    ++checked;
  }
  CHECK(checked >= at_least);
}

}  // namespace

TEST_CASE("direct entry leaves every shipped scenario's and exercise's results unchanged", "[sim][direct-entry]") {
  const std::filesystem::path source = SVCSIM_SOURCE_DIR;
  check_directory(source / "scenarios", 10);
  // The exercises are M/M/c stations called straight from their workloads:
  // the direct entry's own ground.
  check_directory(source / "docs" / "exercises", 5);
}

TEST_CASE("direct entry: a full queue, a queue timeout and a warmup", "[sim][direct-entry]") {
  // M/M/1/K rejections (queue: 3) and waits cut short by the queue timeout,
  // on a node called straight from two workloads, one through the direct
  // entry and one not (its call has a timeout), both across the warmup edge.
  const char* text = R"(name: queue-limits
duration: 20s
warmup: 2s
seed: 5
nodes:
  api:
    concurrency: 2
    queue: 3
    queue_timeout: 4ms
    service_time: {dist: exponential, mean: 2ms}
workloads:
  - {name: direct, call: api, rate: 700/s}
  - {name: timed, call: api, rate: 300/s, timeout: 6ms}
)";
  check_same_both_ways(load_scenario_text(text, "queue-limits.yaml"), "queue-limits.yaml");
}

TEST_CASE("direct entry: closed users, an event-loop node and balanced instances", "[sim][direct-entry]") {
  // Closed users (the answer schedules the user's next wake), an async entry
  // node that calls downstream (its worker is freed while the call is out),
  // and three instances picked by least_request (the direct entry keeps
  // their outstanding counts) and by random (the balance stream).
  const char* text = R"(name: closed-async
duration: 30s
warmup: 1s
seed: 9
nodes:
  front:
    instances: 3
    balancing: least_request
    threading: async
    concurrency: 2
    endpoints:
      go:
        steps:
          - work: {dist: exponential, mean: 1ms}
          - call: back
          - work: {dist: lognormal, median: 0.5ms, p99: 3ms}
  back:
    instances: 2
    balancing: random
    concurrency: 1
    service_time: {dist: exponential, mean: 1.5ms}
  solo:
    instances: 4
    balancing: power_of_two
    concurrency: 1
    queue: 2
    service_time: {dist: exponential, mean: 4ms}
workloads:
  - {name: users, call: front.go, users: 40, think_time: {dist: exponential, mean: 20ms}}
  - {name: open, call: solo, rate: 800/s}
)";
  check_same_both_ways(load_scenario_text(text, "closed-async.yaml"), "closed-async.yaml");
}
