// Direct calls (src/sim/engine_direct_calls.cpp) are a speed-up only: a call
// sent straight into its callee's task, and a request's entry call sent with
// no Try record, must give every run exactly the results of the general
// path. Each scenario here runs both ways and the results files must be
// identical. (Checked by hand: leaving out arrive_at_bare's `++n.arrived`
// fails every case below; answering an entry call the full queue turned
// away as `failed` fails the two written for the direct entry; dropping a
// direct try's criticality, or its item key, fails the case between nodes.)
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "support/same_both_ways.hpp"

using namespace svcsim;

namespace {

void check_same_both_ways(const LoadResult& loaded, const std::string& what) {
  test::check_same_both_ways(loaded, what, &RunOptions::direct_calls);
}

}  // namespace

TEST_CASE("direct calls leave every shipped scenario's and exercise's results unchanged", "[sim][direct-calls]") {
  const std::filesystem::path source = SVCSIM_SOURCE_DIR;
  test::check_directory_both_ways(source / "scenarios", 10, &RunOptions::direct_calls);
  // The exercises are M/M/c stations called straight from their workloads:
  // the direct entry's own ground.
  test::check_directory_both_ways(source / "docs" / "exercises", 5, &RunOptions::direct_calls);
}

TEST_CASE("direct calls: a full queue, a queue timeout and a warmup", "[sim][direct-calls]") {
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

TEST_CASE("direct calls: closed users, an event-loop node and balanced instances", "[sim][direct-calls]") {
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

TEST_CASE("direct calls between nodes: a full queue below, a step's criticality, item keys", "[sim][direct-calls]") {
  // front's calls to mid and store are direct: mid turns calls away (queue:
  // 2) and times waits out (an optional call: front goes on, degraded); the
  // call to mid names its criticality, which mid's own calls to prio carry
  // (prio serves by level, so a lost level shows); store's three instances are picked by
  // the item key each direct try carries (ring_hash over the catalog). A
  // second scenario adds a partition fault, which makes every call between
  // nodes general again: both must match the general path.
  const std::string text = R"(name: chain
duration: 20s
warmup: 1s
seed: 3
nodes:
  front:
    concurrency: 4
    endpoints:
      go:
        steps:
          - work: {dist: exponential, mean: 1ms}
          - call: mid
            criticality: sheddable
            optional: true
          - call: store
          - call: prio
  mid:
    concurrency: 1
    queue: 2
    queue_timeout: 3ms
    endpoints:
      get:
        steps:
          - work: {dist: exponential, mean: 1.5ms}
          - call: prio
  prio:
    discipline: priority
    concurrency: 1
    service_time: {dist: exponential, mean: 0.4ms}
  store:
    instances: 3
    balancing: ring_hash
    concurrency: 2
    service_time: {dist: lognormal, median: 1ms, p99: 8ms}
workloads:
  - {name: items, call: front.go, rate: 450/s, catalog: {items: 1000, zipf: 1.0}}
)";
  check_same_both_ways(load_scenario_text(text, "chain.yaml"), "chain.yaml");
  const std::string faults = R"(
faults:
  - {type: partition, between: [front, store], at: 5s, duration: 2s}
)";
  check_same_both_ways(load_scenario_text(text + faults, "chain-partition.yaml"), "chain-partition.yaml");
}
