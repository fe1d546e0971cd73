// Draw-ahead (docs/architecture.md, "Workers and queues") is a speed-up
// only: drawing a waiter's work time when it is handed a worker must give
// every run exactly the results of drawing it when the waiter runs. Each
// scenario here runs both ways and the results files must be identical.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "support/same_both_ways.hpp"

using namespace svcsim;

namespace {

void check_same_both_ways(const LoadResult& loaded, const std::string& what) {
  test::check_same_both_ways(loaded, what, &RunOptions::draw_ahead);
}

}  // namespace

TEST_CASE("draw-ahead leaves every shipped scenario's results unchanged", "[sim][draw-ahead]") {
  // Whole runs (about 12 s of CPU for all of them, twice): their faults,
  // autoscaling and caches are where the event paths differ most.
  test::check_directory_both_ways(std::filesystem::path(SVCSIM_SOURCE_DIR) / "scenarios", 10, &RunOptions::draw_ahead);
}

// Where a hand-over could meet another draw on the same stream in the same
// event: an async node whose endpoints reach each other through another node
// (w.front -> z.relay -> w.back, a cycle of nodes but not of endpoints), so a
// task that frees its worker to call out can make its own node draw again
// (on the other instance: the two share one work stream) before the waiter
// it handed the worker to runs; failures that end tasks early, and
// fallbacks, retries and hedges that send tries from answers. (Checked by
// hand: drawing ahead at such a call step's hand-over fails this test, and
// passes it again with the undo of Engine::send_try.)
TEST_CASE("draw-ahead leaves results unchanged where hand-overs meet nested calls", "[sim][draw-ahead]") {
  const char* text = R"(name: nested
duration: 30s
seed: 11
nodes:
  gateway:
    threading: async
    concurrency: 2
    endpoints:
      go:
        steps:
          - work: {dist: exponential, mean: 0.2ms}
          - call: w.front
            retry: {max_retries: 1, retry_on: [error]}
            fallback: [w.back]
            hedge: {after: 5ms, max: 1}
  w:
    instances: 2
    threading: async
    concurrency: 1
    errors: 5%
    endpoints:
      front:
        steps:
          - work: {dist: exponential, mean: 0.6ms}
          - call: z.relay
          - work: {dist: exponential, mean: 0.2ms}
      back:
        steps:
          - work: {dist: exponential, mean: 0.3ms}
  z:
    threading: async
    concurrency: 1
    errors: 10%
    endpoints:
      relay:
        steps:
          - call: w.back      # at once, inside the call that w.front sent
          - work: {dist: exponential, mean: 0.2ms}
workloads:
  - {name: req, call: gateway.go, rate: 900/s}
)";
  check_same_both_ways(load_scenario_text(text, "nested.yaml"), "nested.yaml");
}
