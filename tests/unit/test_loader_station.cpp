// Loader: the station keys of SPEC 7 (cores, cpu_limit, discipline, shed,
// adaptive_concurrency) and the criticality and throttle of workloads and
// calls: read into the Scenario, and each bad value refused with its exact
// message, position and suggestion.
#include <catch2/catch.hpp>

#include <string>
#include <variant>

#include "loader_test_util.hpp"
#include "svcsim/loader.hpp"

using namespace svcsim;
using svcsim::test::all_errors;
using svcsim::test::has_error;
using svcsim::test::load;

namespace {
std::string with_api(const std::string& api_fields, const std::string& workload_extra = "") {
  return "name: t\n"
         "duration: 10s\n"
         "nodes:\n"
         "  db: {service_time: 1ms}\n"
         "  api: {" + api_fields + "}\n"
         "workloads:\n"
         "  - {name: w, call: api, rate: 10/s" + workload_extra + "}\n";
}
}  // namespace

TEST_CASE("backoff_ratio is a ratio as SPEC 1 writes one: 0.9 or 90%", "[loader][station]") {
  // Only a bare number was read: '90%' was refused ("must be a number").
  const LoadResult r = load(with_api("service_time: 1ms, adaptive_concurrency: {backoff_ratio: 90%}"));
  INFO(all_errors(r));
  REQUIRE(r.scenario);
  REQUIRE(r.scenario->nodes[1].adaptive_concurrency);
  CHECK(r.scenario->nodes[1].adaptive_concurrency->backoff_ratio == Approx(0.9));
}

TEST_CASE("station keys are read into the Scenario", "[loader][station]") {
  const LoadResult r = load(with_api(
      "concurrency: 64, cores: '500m', cpu_limit: {cores: 0.25, period: 50ms}, discipline: priority_preemptive, "
      "shed: {sheddable: 20, sheddable_plus: 100}, adaptive_concurrency: {algorithm: aimd, initial_limit: 10, "
      "min_limit: 2, max_limit: 50, backoff_ratio: 0.8, timeout: 100ms}, endpoints: {get: {steps: [{call: db, "
      "criticality: sheddable, throttle: {k: 1.5, window: 30s}}]}}",
      ", criticality: critical_plus"));
  INFO(all_errors(r));
  REQUIRE(r.scenario);
  const Node& api = r.scenario->nodes[1];
  CHECK(api.cores == 0.5);
  REQUIRE(api.cpu_limit);
  CHECK(api.cpu_limit->cores == 0.25);
  CHECK(api.cpu_limit->period == Duration::from_ms(50));
  CHECK(api.discipline == Discipline::priority_preemptive);
  CHECK(api.shed[static_cast<std::size_t>(Criticality::sheddable)] == 20);
  CHECK(api.shed[static_cast<std::size_t>(Criticality::sheddable_plus)] == 100);
  CHECK_FALSE(api.shed[static_cast<std::size_t>(Criticality::critical)].has_value());
  REQUIRE(api.adaptive_concurrency);
  CHECK(api.adaptive_concurrency->initial_limit == 10);
  CHECK(api.adaptive_concurrency->min_limit == 2);
  CHECK(api.adaptive_concurrency->max_limit == 50);
  CHECK(api.adaptive_concurrency->backoff_ratio == 0.8);
  CHECK(api.adaptive_concurrency->timeout == Duration::from_ms(100));
  const CallSpec& c = std::get<CallStep>(api.endpoints[0].steps[0].action).call;
  CHECK(c.criticality == Criticality::sheddable);
  REQUIRE(c.throttle);
  CHECK(c.throttle->k == 1.5);
  CHECK(c.throttle->window == Duration::from_s(30));
  CHECK(r.scenario->workloads[0].criticality == Criticality::critical_plus);
}

TEST_CASE("station defaults", "[loader][station]") {
  const LoadResult r = load(with_api("service_time: 1ms, cpu_limit: {cores: 1}, adaptive_concurrency: {}"));
  INFO(all_errors(r));
  REQUIRE(r.scenario);
  const Node& api = r.scenario->nodes[1];
  CHECK_FALSE(api.cores.has_value());
  CHECK(api.cpu_limit->period == Duration::from_ms(100));
  CHECK(api.discipline == Discipline::fifo);
  CHECK(api.adaptive_concurrency->initial_limit == 20);
  CHECK(api.adaptive_concurrency->min_limit == 1);
  CHECK(api.adaptive_concurrency->max_limit == 200);
  CHECK(r.scenario->workloads[0].criticality == Criticality::critical);
}

TEST_CASE("bad station values are refused with the place and a suggestion", "[loader][station][errors]") {
  struct Case {
    std::string api, workload_extra, expected;
  };
  const Case cases[] = {
      {"service_time: 1ms, cores: 0", "",
       "s.yaml:5:35: error: 'cores' must be greater than 0 (and at most 1000000), not '0'; e.g. '500m' for half a core"},
      {"service_time: 1ms, cores: -2", "",
       "s.yaml:5:35: error: 'cores' must be greater than 0 (and at most 1000000), not '-2'; e.g. '500m' for half a core"},
      {"service_time: 1ms, cores: lots", "",
       "s.yaml:5:35: error: 'cores' must be a number of cores (4, 0.5) or millicores ('500m'), not 'lots'"},
      {"service_time: 1ms, cores: 2, cpu_limit: {cores: 3}", "",
       "s.yaml:5:38: error: cpu_limit 'cores' (3) is above the instance's 'cores' (2); a quota above the CPU it limits never throttles: lower it or raise 'cores'"},
      {"service_time: 1ms, concurrency: 4, cpu_limit: {cores: 8}", "",
       "s.yaml:5:44: error: cpu_limit 'cores' (8) is above the instance's cores (one per worker: concurrency 4); a quota above the CPU it limits never throttles: lower it or raise 'cores'"},
      {"service_time: 1ms, cpu_limit: {cores: 1, period: 0s}", "",
       "s.yaml:5:58: error: 'period' must be from 1ms to 1s (Linux's bounds on a CFS period), not '0s'"},
      // A period of nanoseconds rounded its quota and took hours to run.
      {"service_time: 1ms, cpu_limit: {cores: 0.5, period: 1ns}", "",
       "s.yaml:5:60: error: 'period' must be from 1ms to 1s (Linux's bounds on a CFS period), not '1ns'"},
      {"service_time: 1ms, cpu_limit: {cores: 1, period: 2s}", "",
       "s.yaml:5:58: error: 'period' must be from 1ms to 1s (Linux's bounds on a CFS period), not '2s'"},
      {"service_time: 1ms, discipline: lifo_ish", "",
       "s.yaml:5:40: error: unknown discipline 'lifo_ish'; expected one of: fifo, lifo, priority, priority_preemptive"},
      {"service_time: 1ms", ", criticality: critcal",
       "s.yaml:7:51: error: unknown criticality 'critcal' (did you mean 'critical'?); expected one of: critical_plus, critical, sheddable_plus, sheddable"},
      {"service_time: 1ms, shed: {shedable: 3}", "",
       "s.yaml:5:35: error: unknown criticality 'shedable' (did you mean 'sheddable'?); expected one of: critical_plus, critical, sheddable_plus, sheddable"},
      {"service_time: 1ms, shed: {sheddable: 2.5}", "",
       "s.yaml:5:46: error: 'shed.sheddable' must be a whole number from 0 to 1000000000, not '2.5'"},
      {"service_time: 1ms, shed: {sheddable: -1}", "",
       "s.yaml:5:46: error: 'shed.sheddable' must be a whole number from 0 to 1000000000, not '-1'"},
      {"service_time: 1ms, adaptive_concurrency: {min_limit: 30, max_limit: 10}", "",
       "s.yaml:5:51: error: adaptive_concurrency needs min_limit <= initial_limit <= max_limit, not 30 <= 20 <= 10 (defaults: min_limit 1, initial_limit 20, max_limit 200)"},
      {"service_time: 1ms, adaptive_concurrency: {min_limit: 0}", "",
       "s.yaml:5:62: error: 'min_limit' must be a whole number from 1 to 1000000, not '0'"},
      {"service_time: 1ms, adaptive_concurrency: {backoff_ratio: 1.5}", "",
       "s.yaml:5:66: error: 'backoff_ratio' must be between 0 and 1 (exclusive), not '1.5'; e.g. 0.9 or 90%"},
      {"service_time: 1ms, adaptive_concurrency: {backoff_ratio: 100%}", "",
       "s.yaml:5:66: error: 'backoff_ratio' must be between 0 and 1 (exclusive), not '100%'; e.g. 0.9 or 90%"},
      {"service_time: 1ms, adaptive_concurrency: {algorithm: vegas}", "",
       "s.yaml:5:62: error: unknown algorithm 'vegas'; expected one of: aimd"},
      {"endpoints: {get: {steps: [{call: db, throttle: {k: 0.5}}]}}", "",
       "s.yaml:5:60: error: throttle 'k' must be at least 1, not '0.5' (k = 2 rejects locally once requests exceed twice the accepts)"},
  };
  for (const Case& c : cases) {
    const LoadResult r = load(with_api(c.api, c.workload_extra));
    INFO(c.api << c.workload_extra << "\n" << all_errors(r));
    CHECK_FALSE(r.scenario.has_value());
    CHECK(has_error(r, c.expected));
  }
}

TEST_CASE("weights and speed: one positive number per instance, weights with weighted_round_robin",
          "[loader][balancing][errors]") {
  {
    const LoadResult r = load(with_api("instances: 3, balancing: weighted_round_robin, weights: [3, 1, 1], "
                                       "speed: [1, 1, 0.5], service_time: 1ms"));
    INFO(all_errors(r));
    REQUIRE(r.scenario);
    CHECK(r.scenario->nodes[1].weights == std::vector<double>{3, 1, 1});
    CHECK(r.scenario->nodes[1].speed == std::vector<double>{1, 1, 0.5});
  }
  struct Case {
    std::string api, expected;
  };
  const Case cases[] = {
      {"instances: 2, balancing: weighted_round_robin, weights: [3], service_time: 1ms",
       "s.yaml:5:65: error: 'weights' has 1 value; it needs one per instance: instances (2)"},
      {"instances: 2, balancing: weighted_round_robin, weights: [3, 0], service_time: 1ms",
       "s.yaml:5:69: error: 'weights' values must be greater than 0, not '0'"},
      {"instances: 2, balancing: weighted_round_robin, service_time: 1ms",
       "s.yaml:5:23: error: 'balancing: weighted_round_robin' needs 'weights', one per instance, e.g. weights: [3, 1]"},
      {"instances: 2, weights: [1, 2], service_time: 1ms",
       "s.yaml:5:23: error: 'weights' goes with 'balancing: weighted_round_robin'"},
      {"instances: 2, speed: [1, -1], service_time: 1ms",
       "s.yaml:5:34: error: 'speed' values must be greater than 0, not '-1'"},
  };
  for (const Case& c : cases) {
    const LoadResult r = load(with_api(c.api));
    INFO(c.api << "\n" << all_errors(r));
    CHECK_FALSE(r.scenario.has_value());
    CHECK(has_error(r, c.expected));
  }
}

TEST_CASE("replication and coalesce are checked at load", "[loader][caches][errors]") {
  auto cache = [](const std::string& fields) {
    return "name: t\nduration: 10s\nnodes:\n  storage: {service_time: 1ms}\n  cdn: {kind: cache, origin: storage, " +
           fields + "}\nworkloads:\n  - {name: w, call: cdn, rate: 10/s, catalog: {items: 100}}\n";
  };
  {
    const LoadResult r = load(cache("instances: 4, capacity: 10, balancing: ring_hash, replication: 2, coalesce: true"));
    INFO(all_errors(r));
    REQUIRE(r.scenario);
    CHECK(r.scenario->nodes[1].replication == 2);
    CHECK(r.scenario->nodes[1].coalesce);
  }
  struct Case {
    std::string fields, expected;
  };
  const Case cases[] = {
      {"instances: 2, capacity: 10, balancing: ring_hash, replication: 3",
       "s.yaml:5:89: error: 'replication' (3) is above the cache's instances (2): an item cannot live on more "
       "instances than there are"},
      {"instances: 2, capacity: 10, replication: 2",
       "s.yaml:5:67: error: 'replication' needs 'balancing: ring_hash' (an item's replicas are the next instances of "
       "the ring)"},
      {"hit_ratio: 90%, coalesce: true",
       "s.yaml:5:55: error: 'coalesce' needs 'capacity' (with a fixed 'hit_ratio' the cache keeps no items)"},
  };
  for (const Case& c : cases) {
    const LoadResult r = load(cache(c.fields));
    INFO(c.fields << "\n" << all_errors(r));
    CHECK_FALSE(r.scenario.has_value());
    CHECK(has_error(r, c.expected));
  }
}
