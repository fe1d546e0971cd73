// Loader: the resilience keys (retry, fallback, circuit_breaker, hedge,
// cancel_on_timeout, bulkhead, errors, retry_budget, health_check,
// rate_limit), caches with capacity and catalogs: read into the Scenario with
// their defaults, and each validation error with its exact text and position.
#include <catch2/catch.hpp>

#include <functional>
#include <random>
#include <string>
#include <variant>

#include "loader_test_util.hpp"
#include "support/random_edits.hpp"
#include "svcsim/loader.hpp"

using namespace svcsim;
using svcsim::test::all_errors;
using svcsim::test::has_error;
using svcsim::test::load;

namespace {

const Node& node_named(const Scenario& s, const std::string& name) {
  for (const auto& n : s.nodes) {
    if (n.name == name) return n;
  }
  FAIL("no node " << name);
  return s.nodes.front();
}

/// Random edits of `base` (fixed seed): loading must never throw or crash, and
/// a scenario comes back exactly when there is no error.
void damage(const std::string& base, int rounds, const std::function<LoadResult(const std::string&)>& loader) {
  std::mt19937 rng(4242);
  for (int i = 0; i < rounds; ++i) {
    const std::string text = svcsim::test::randomly_edited(base, rng);
    LoadResult r;
    REQUIRE_NOTHROW(r = loader(text));
    CHECK(r.scenario.has_value() == r.errors.empty());
  }
}

const CallSpec& call_of(const Step& step) { return std::get<CallStep>(step.action).call; }

/// Node `api` and node `gw` whose endpoint `x` calls `api` with `options`
/// (lines from 10 on, indented by 12).
std::string with_call(const std::string& options) {
  return "name: t\nduration: 10s\nnodes:\n  api: {service_time: 1ms}\n  gw:\n    endpoints:\n      x:\n"
         "        steps:\n          - call: api\n" +
         options + "workloads:\n  - {name: w, call: gw, rate: 10/s}\n";
}

/// kMinimal with `fields` (lines from 5 on, indented by 4) added to node `api`.
std::string with_api_fields(const std::string& fields) {
  return "name: t\nduration: 10s\nnodes:\n  api:\n" + fields +
         "    service_time: 1ms\nworkloads:\n  - {name: w, call: api, rate: 10/s}\n";
}

const char* kResilient = R"(name: r
duration: 1m
nodes:
  gateway:
    instances: 2
    errors: 0.1%
    retry_budget: 20%
    health_check: {interval: 5s, timeout: 500ms, unhealthy_threshold: 2, healthy_threshold: 3}
    rate_limit: {rate: 5000/s, burst: 500}
    endpoints:
      play:
        bulkhead: {max_concurrent: 10}
        steps:
          - call: streaming.start
            timeout: 2s
            retry: {max_retries: 2, per_try_timeout: 500ms, retry_on: [error, timeout],
                    backoff: {base: 50ms, max: 1s, multiplier: 3, jitter: equal}}
            fallback: [cdn-b, storage.get]
            circuit_breaker: {failure_rate_threshold: 40%, minimum_calls: 20, sliding_window: 5s,
                              wait_in_open: 30s, half_open_calls: 5}
          - call: search
            hedge: {after: 50ms, max: 2}
            cancel_on_timeout: true
          - parallel: [{call: search, retry: {}}, {call: storage.get, hedge: {after: 1ms}}]
          - choose:
              - {weight: 1, call: search, fallback: [storage.get], cancel_on_timeout: false}
              - {weight: 1, steps: [{call: storage.get, circuit_breaker: {}}]}
  streaming:
    endpoints:
      start: {steps: [{work: 1ms}]}
  search: {service_time: 1ms, rate_limit: {rate: 100/s}, health_check: {interval: 2s}}
  cdn-b: {kind: cache, hit_ratio: 90%, origin: storage.get}
  storage:
    endpoints:
      get: {steps: [{work: 1ms}]}
workloads:
  - {name: play, call: gateway.play, rate: 10/s}
)";

}  // namespace

TEST_CASE("every resilience key is read into the Scenario", "[loader][resilience]") {
  const auto r = load(kResilient);
  INFO(all_errors(r));
  REQUIRE(r.scenario);
  const Node& gw = node_named(*r.scenario, "gateway");
  CHECK(gw.errors == Approx(0.001));
  CHECK(gw.retry_budget == std::optional<double>(0.2));
  REQUIRE(gw.health_check);
  CHECK(gw.health_check->interval == Duration::from_s(5));
  CHECK(gw.health_check->timeout == Duration::from_ms(500));
  CHECK(gw.health_check->unhealthy_threshold == 2);
  CHECK(gw.health_check->healthy_threshold == 3);
  REQUIRE(gw.rate_limit);
  CHECK(gw.rate_limit->rate_per_s == 5000.0);
  CHECK(gw.rate_limit->burst == 500.0);
  REQUIRE(gw.endpoints.size() == 1);
  const Endpoint& play = gw.endpoints[0];
  CHECK(play.bulkhead == std::optional<std::int64_t>(10));
  REQUIRE(play.steps.size() == 4);

  const CallSpec& start = call_of(play.steps[0]);
  CHECK(start.timeout == Duration::from_s(2));
  REQUIRE(start.retry);
  CHECK(start.retry->max_retries == 2);
  CHECK(start.retry->per_try_timeout == Duration::from_ms(500));
  CHECK(start.retry->retry_on == (retry_on_error | retry_on_timeout));
  CHECK(start.retry->backoff.base == Duration::from_ms(50));
  CHECK(start.retry->backoff.max == Duration::from_s(1));
  CHECK(start.retry->backoff.multiplier == 3.0);
  CHECK(start.retry->backoff.jitter == Jitter::equal);
  CHECK(start.fallback == std::vector<std::string>{"cdn-b", "storage.get"});
  REQUIRE(start.circuit_breaker);
  CHECK(start.circuit_breaker->failure_rate_threshold == Approx(0.4));
  CHECK(start.circuit_breaker->minimum_calls == 20);
  CHECK(start.circuit_breaker->sliding_window == Duration::from_s(5));
  CHECK(start.circuit_breaker->wait_in_open == Duration::from_s(30));
  CHECK(start.circuit_breaker->half_open_calls == 5);
  CHECK_FALSE(start.hedge);
  CHECK_FALSE(start.cancel_on_timeout);

  const CallSpec& search = call_of(play.steps[1]);
  CHECK_FALSE(search.retry);
  CHECK(search.fallback.empty());
  CHECK_FALSE(search.circuit_breaker);
  REQUIRE(search.hedge);
  CHECK(search.hedge->after == Duration::from_ms(50));
  CHECK(search.hedge->max == 2);
  CHECK(search.cancel_on_timeout);

  // Sub-keys not written keep the defaults of the structs.
  const auto& par = std::get<ParallelStep>(play.steps[2].action);
  REQUIRE(par.calls.size() == 2);
  REQUIRE(par.calls[0].retry);
  const RetryPolicy defaults;
  CHECK(par.calls[0].retry->max_retries == defaults.max_retries);
  CHECK_FALSE(par.calls[0].retry->per_try_timeout);
  CHECK(par.calls[0].retry->retry_on == (retry_on_error | retry_on_timeout | retry_on_rejected));
  CHECK(par.calls[0].retry->backoff.base == Duration::from_ms(25));
  CHECK(par.calls[0].retry->backoff.max == Duration::from_ms(250));
  CHECK(par.calls[0].retry->backoff.multiplier == 2.0);
  CHECK(par.calls[0].retry->backoff.jitter == Jitter::full);
  REQUIRE(par.calls[1].hedge);
  CHECK(par.calls[1].hedge->after == Duration::from_ms(1));
  CHECK(par.calls[1].hedge->max == 1);

  const auto& choose = std::get<ChooseStep>(play.steps[3].action);
  REQUIRE(choose.branches.size() == 2);
  const CallSpec& branch_call = call_of(choose.branches[0].steps[0]);
  CHECK(branch_call.fallback == std::vector<std::string>{"storage.get"});
  CHECK_FALSE(branch_call.cancel_on_timeout);
  const CallSpec& nested = call_of(choose.branches[1].steps[0]);
  REQUIRE(nested.circuit_breaker);
  CHECK(nested.circuit_breaker->failure_rate_threshold == 0.5);
  CHECK(nested.circuit_breaker->minimum_calls == 100);
  CHECK(nested.circuit_breaker->sliding_window == Duration::from_s(10));
  CHECK(nested.circuit_breaker->wait_in_open == Duration::from_s(60));
  CHECK(nested.circuit_breaker->half_open_calls == 10);

  const Node& search_node = node_named(*r.scenario, "search");
  REQUIRE(search_node.rate_limit);
  CHECK(search_node.rate_limit->rate_per_s == 100.0);
  CHECK(search_node.rate_limit->burst == 1.0);  // default
  REQUIRE(search_node.health_check);
  CHECK(search_node.health_check->interval == Duration::from_s(2));
  CHECK(search_node.health_check->timeout == Duration::from_s(1));
  CHECK(search_node.health_check->unhealthy_threshold == 3);
  CHECK(search_node.health_check->healthy_threshold == 2);
  CHECK(search_node.errors == 0.0);
  CHECK_FALSE(search_node.retry_budget);
  CHECK(node_named(*r.scenario, "storage").endpoints[0].bulkhead == std::nullopt);
}

TEST_CASE("retry options are validated", "[loader][resilience][errors]") {
  const auto r = load(with_call(
      "            retry: {max_retries: 101, per_try_timeout: 0s, retry_on: [eror, timeout]}\n"
      "            fallback: []\n"
      "          - call: api\n"
      "            retry: {retry_on: [], backoff: {base: 1s, max: 100ms, multiplier: 0.5, jitter: ful}}\n"
      "          - call: api\n"
      "            retry: {retry_on: error, max_retry: 2, backoff: {base: 1s}}\n"
      "          - call: api\n"
      "            retry: {backoff: {max: 10ms}}\n"
      "          - call: api\n"
      "            retry: 3\n"));
  INFO(all_errors(r));
  CHECK(has_error(r, "s.yaml:10:34: error: 'max_retries' must be a whole number from 0 to 100, not '101'"));
  CHECK(has_error(r, "s.yaml:10:56: error: 'per_try_timeout' must be greater than 0, not '0s'"));
  CHECK(has_error(r, "s.yaml:10:71: error: unknown retry_on 'eror' (did you mean 'error'?); expected one of: "
                     "error, timeout, rejected"));
  CHECK(has_error(r, "s.yaml:11:23: error: 'fallback' needs at least one call target, e.g. fallback: [cdn-b.get]"));
  CHECK(has_error(r, "s.yaml:13:31: error: 'retry_on' needs at least one of: error, timeout, rejected"));
  CHECK(has_error(r, "s.yaml:13:79: error: 'multiplier' must be at least 1, not '0.5'"));
  CHECK(has_error(r, "s.yaml:13:92: error: unknown jitter 'ful' (did you mean 'full'?); expected one of: none, "
                     "full, equal, decorrelated"));
  CHECK(has_error(r, "s.yaml:15:31: error: 'retry_on' must be a list, not a single value"));
  CHECK(has_error(r, "s.yaml:15:38: error: unknown field 'max_retry' (did you mean 'max_retries'?)"));
  CHECK(has_error(r, "s.yaml:15:62: error: 'base' (1s) is above the default 'max' (250ms); give a 'max' of at "
                     "least 1s"));
  CHECK(has_error(r, "s.yaml:17:31: error: 'max' (10ms) is below the default 'base' (25ms); give a 'base' of at "
                     "most 10ms"));
  CHECK(has_error(r, "s.yaml:19:20: error: 'retry' must be a map, not a single value"));
  CHECK(r.errors.size() == 12);  // the backoff of line 13 has other errors, so base/max are not compared
}

TEST_CASE("backoff max below base, both written", "[loader][resilience][errors]") {
  const auto r = load(with_call("            retry: {backoff: {base: 1s, max: 100ms}}\n"));
  INFO(all_errors(r));
  CHECK(has_error(r, "s.yaml:10:41: error: 'max' (100ms) must be at least 'base' (1s)"));
  CHECK(r.errors.size() == 1);
}

TEST_CASE("circuit breaker, hedge and cancel_on_timeout are validated", "[loader][resilience][errors]") {
  const auto r = load(with_call(
      "            circuit_breaker: {failure_rate_threshold: 0, minimum_calls: 0, sliding_window: 0s,\n"
      "                              wait_in_open: 10, half_open_calls: 0}\n"
      "          - call: api\n"
      "            circuit_breaker: {failure_rate_threshold: 150%}\n"
      "            hedge: {max: 11}\n"
      "            cancel_on_timeout: yes\n"
      "          - {call: api, hedge: {after: 0s}}\n"));
  INFO(all_errors(r));
  CHECK(has_error(r, "s.yaml:10:55: error: 'failure_rate_threshold' must be greater than 0, not '0'"));
  CHECK(has_error(r, "s.yaml:10:73: error: 'minimum_calls' must be a whole number from 1 to 1000000, not '0'"));
  CHECK(has_error(r, "s.yaml:10:92: error: 'sliding_window' must be greater than 0, not '0s'"));
  CHECK(has_error(r, "s.yaml:11:45: error: '10' needs a unit, e.g. '10ms'"));
  CHECK(has_error(r, "s.yaml:11:66: error: 'half_open_calls' must be a whole number from 1 to 1000000, not '0'"));
  CHECK(has_error(r, "s.yaml:13:55: error: '150%' is above 100%"));
  CHECK(has_error(r, "s.yaml:14:20: error: missing field 'after' (how long to wait before sending a copy, e.g. "
                     "after: 50ms)"));
  CHECK(has_error(r, "s.yaml:14:26: error: 'max' must be a whole number from 1 to 10, not '11'"));
  CHECK(has_error(r, "s.yaml:15:32: error: 'cancel_on_timeout' must be true or false, not 'yes'"));
  CHECK(has_error(r, "s.yaml:16:40: error: 'after' must be greater than 0, not '0s'"));
  CHECK(r.errors.size() == 10);
}

TEST_CASE("options of a call are not options of a work step", "[loader][resilience][errors]") {
  const auto r = load(with_call("          - {work: 1ms, retry: {}}\n"));
  CHECK(has_error(r, "s.yaml:10:25: error: unknown field 'retry'"));
}

TEST_CASE("fallbacks are call targets: resolved, suggested and part of the call graph",
          "[loader][resilience][errors][calls]") {
  const auto r = load(with_call(
      "            fallback: [apii, api.gett, gw, 3]\n"
      "          - {call: api, fallback: api}\n"));
  INFO(all_errors(r));
  CHECK(has_error(r, "s.yaml:10:24: error: fallback call to 'apii': no node 'apii' (did you mean 'api'?)"));
  CHECK(has_error(r, "s.yaml:10:30: error: fallback call to 'api.gett': node 'api' has no endpoint 'gett'; it has "
                     "only its default endpoint: call it as 'api'"));
  CHECK(has_error(r, "s.yaml:10:44: error: fallback call to '3': no node '3'"));
  CHECK(has_error(r, "s.yaml:11:35: error: 'fallback' must be a list, not a single value"));
  CHECK(r.errors.size() == 4);

  const auto cycle = load(with_call("            fallback: [gw]\n"));
  CHECK(has_error(cycle, "s.yaml:10:24: error: fallback call to 'gw' makes a call cycle: gw.x -> gw.x"));
  CHECK(cycle.errors.size() == 1);
}

TEST_CASE("one breaker per caller and callee: different settings for one pair are an error",
          "[loader][resilience][errors]") {
  const auto r = load(with_call(
      "            circuit_breaker: {minimum_calls: 20}\n"
      "          - {call: api, circuit_breaker: {minimum_calls: 20}}\n"
      "          - {call: api, circuit_breaker: {minimum_calls: 30}}\n"));
  INFO(all_errors(r));
  CHECK(has_error(r, "s.yaml:12:25: error: circuit_breaker of 'gw' for calls to 'api' differs from the one at "
                     "line 10; a node keeps one breaker per callee, so give them the same settings"));
  CHECK(r.errors.size() == 1);
}

TEST_CASE("node limits are validated", "[loader][resilience][errors]") {
  const auto r = load(with_api_fields(
      "    errors: 2\n"
      "    retry_budget: 0\n"
      "    health_check: {timeout: 1s, unhealthy_threshold: 0}\n"
      "    rate_limit: {burst: 0}\n"));
  INFO(all_errors(r));
  CHECK(has_error(r, "s.yaml:5:13: error: '2' is above 1; write '2%' for a percentage"));
  CHECK(has_error(r, "s.yaml:6:19: error: 'retry_budget' must be greater than 0, not '0' (leave it out for no "
                     "budget)"));
  CHECK(has_error(r, "s.yaml:7:19: error: missing field 'interval' (how often each instance is probed, e.g. "
                     "interval: 5s)"));
  CHECK(has_error(r, "s.yaml:7:54: error: 'unhealthy_threshold' must be a whole number from 1 to 1000, not '0'"));
  CHECK(has_error(r, "s.yaml:8:17: error: missing field 'rate' (the refill rate of the token bucket, e.g. rate: "
                     "5000/s)"));
  CHECK(has_error(r, "s.yaml:8:25: error: 'burst' must be a whole number from 1 to 1000000000, not '0'"));
  CHECK(r.errors.size() == 6);
}

TEST_CASE("a health check's timeout must be below its interval, the default timeout too",
          "[loader][resilience][errors]") {
  const auto r = load(with_api_fields(
      "    health_check: {interval: 1s}\n"
      "    rate_limit: {rate: 0/s}\n"
      "    endpoints:\n      x:\n        bulkhead: {max_concurrent: 0}\n        steps: [{work: 1ms}]\n"
      "      y:\n        bulkhead: {}\n        steps: [{work: 1ms}]\n"));
  INFO(all_errors(r));
  CHECK(has_error(r, "s.yaml:5:20: error: health_check 'timeout' (1s, the default) must be below 'interval' (1s)"));
  CHECK(has_error(r, "s.yaml:6:24: error: 'rate' must be greater than 0, not '0/s'"));
  CHECK(has_error(r, "s.yaml:9:36: error: 'max_concurrent' must be a whole number from 1 to 1000000, not '0'"));
  CHECK(has_error(r, "s.yaml:12:19: error: missing field 'max_concurrent' (calls in progress at once per instance, "
                     "e.g. max_concurrent: 10)"));
  CHECK(r.errors.size() == 4);

  const auto written = load(with_api_fields("    health_check: {interval: 5s, timeout: 5s}\n"));
  CHECK(has_error(written, "s.yaml:5:34: error: health_check 'timeout' (5s) must be below 'interval' (5s)"));
}

// ------------------------------------------------- caches with capacity

namespace {

const char* kCaches = R"(name: c
duration: 1m
nodes:
  lb: {kind: load_balancer, target: cdn, balancing: ring_hash}
  cdn: {kind: cache, instances: 4, capacity: 20000, eviction: lfu, ttl: 10m, prewarm: true, origin: storage}
  small: {kind: cache, capacity: 5, origin: storage}
  storage: {service_time: 1ms}
workloads:
  - {name: play, call: lb, rate: 10/s, catalog: {items: 100000, zipf: 0.9}}
  - {name: other, call: small, rate: 1/s, catalog: {items: 10}}
  - {name: direct, call: storage, rate: 1/s}
)";

}  // namespace

TEST_CASE("caches with capacity, ring_hash and catalogs are read", "[loader][cache][gate]") {
  const auto r = load(kCaches);
  INFO(all_errors(r));
  REQUIRE(r.scenario);
  const Scenario& s = *r.scenario;
  CHECK(node_named(s, "lb").balancing == Balancing::ring_hash);
  const Node& cdn = node_named(s, "cdn");
  CHECK(cdn.capacity == std::optional<std::int64_t>(20000));
  CHECK(cdn.eviction == Eviction::lfu);
  CHECK(cdn.ttl == Duration::from_s(600));
  CHECK(cdn.prewarm);
  CHECK_FALSE(cdn.hit_ratio);
  const Node& small = node_named(s, "small");
  CHECK(small.capacity == std::optional<std::int64_t>(5));
  CHECK(small.eviction == Eviction::lru);
  CHECK_FALSE(small.ttl);
  CHECK_FALSE(small.prewarm);
  REQUIRE(s.workloads[0].catalog);
  CHECK(s.workloads[0].catalog->items == 100000);
  CHECK(s.workloads[0].catalog->zipf == 0.9);
  REQUIRE(s.workloads[1].catalog);
  CHECK(s.workloads[1].catalog->items == 10);
  CHECK(s.workloads[1].catalog->zipf == 0.0);
  CHECK_FALSE(s.workloads[2].catalog);  // reaches no cache with capacity: none needed
}

TEST_CASE("cache keys are validated", "[loader][cache][gate][errors]") {
  const auto r = load(
      "name: t\nduration: 10s\nnodes:\n  api: {service_time: 1ms, capacity: 10, ttl: 1m}\n"
      "  a: {kind: cache, hit_ratio: 90%, capacity: 10, origin: api}\n"
      "  b: {kind: cache, origin: api}\n"
      "  c: {kind: cache, capacity: 10}\n"
      "  d: {kind: cache, hit_ratio: 1, ttl: 1m, eviction: fifo, prewarm: true}\n"
      "  e: {kind: cache, capacity: 0, eviction: lr, ttl: 0s, prewarm: 1, origin: api}\n"
      "workloads:\n  - {name: w, call: api, rate: 10/s, catalog: {zipf: -1}}\n"
      "  - {name: v, call: api, rate: 10/s, catalog: {items: 10000001, zipf: x, size: 3}}\n");
  INFO(all_errors(r));
  CHECK(has_error(r, "s.yaml:4:28: error: 'capacity' is only for cache nodes"));
  CHECK(has_error(r, "s.yaml:4:42: error: 'ttl' is only for cache nodes"));
  CHECK(has_error(r, "s.yaml:5:36: error: a cache has 'hit_ratio' (a fixed probability) or 'capacity' (items it "
                     "keeps), not both"));
  CHECK(has_error(r, "s.yaml:6:3: error: missing field 'hit_ratio' (the fraction of lookups that hit, e.g. 95%) or "
                     "'capacity' (the items each instance keeps, e.g. 20000)"));
  CHECK(has_error(r, "s.yaml:7:20: error: cache 'c' has 'capacity' but no 'origin' to call on a miss"));
  CHECK(has_error(r, "s.yaml:8:34: error: 'ttl' needs 'capacity' (with a fixed 'hit_ratio' the cache keeps no "
                     "items)"));
  CHECK(has_error(r, "s.yaml:8:43: error: 'eviction' needs 'capacity' (with a fixed 'hit_ratio' the cache keeps no "
                     "items)"));
  CHECK(has_error(r, "s.yaml:8:59: error: 'prewarm' needs 'capacity' (with a fixed 'hit_ratio' the cache keeps no "
                     "items)"));
  CHECK(has_error(r, "s.yaml:9:30: error: 'capacity' must be a whole number from 1 to 1000000000, not '0'"));
  CHECK(has_error(r, "s.yaml:9:43: error: unknown eviction 'lr' (did you mean 'lru'?); expected one of: lru, lfu, "
                     "fifo"));
  CHECK(has_error(r, "s.yaml:9:52: error: 'ttl' must be greater than 0, not '0s'"));
  CHECK(has_error(r, "s.yaml:9:65: error: 'prewarm' must be true or false, not '1'"));
  CHECK(has_error(r, "s.yaml:11:47: error: missing field 'items' (how many distinct items requests ask for, e.g. "
                     "items: 100000)"));
  CHECK(has_error(r, "s.yaml:11:54: error: 'zipf' must be 0 (all items alike) or more, not '-1'"));
  CHECK(has_error(r, "s.yaml:12:55: error: 'items' must be a whole number from 1 to 10000000, not '10000001'"));
  CHECK(has_error(r, "s.yaml:12:71: error: 'zipf' must be a number, not 'x'"));
  CHECK(has_error(r, "s.yaml:12:74: error: unknown field 'size'"));
  CHECK(r.errors.size() == 17);
}

TEST_CASE("a workload that reaches a cache with capacity or a ring_hash node needs a catalog",
          "[loader][cache][gate][errors]") {
  const auto r = load(
      "name: t\nduration: 10s\nnodes:\n"
      "  api:\n    endpoints:\n      x: {steps: [{call: db, fallback: [cdn]}]}\n"
      "  front: {kind: load_balancer, target: api}\n"
      "  cdn: {kind: cache, capacity: 10, origin: db}\n"
      "  db: {service_time: 1ms}\n"
      "  ring: {service_time: 1ms, balancing: ring_hash}\n"
      "workloads:\n"
      "  - {name: via-lb, call: front, rate: 10/s}\n"
      "  - {name: keyed, call: front, rate: 10/s, catalog: {items: 10}}\n"
      "  - {name: plain, call: db, rate: 10/s}\n"
      "  - {name: hashed, call: ring, rate: 10/s}\n");
  INFO(all_errors(r));
  CHECK(has_error(r, "s.yaml:12:26: error: workload 'via-lb' reaches cache 'cdn', which has 'capacity', but has no "
                     "'catalog' to draw item keys from (e.g. catalog: {items: 100000, zipf: 0.9})"));
  CHECK(has_error(r, "s.yaml:15:26: error: workload 'hashed' reaches node 'ring', which balances by ring_hash, but "
                     "has no 'catalog' to draw item keys from (e.g. catalog: {items: 100000, zipf: 0.9})"));
  CHECK(r.errors.size() == 2);
}

TEST_CASE("warmup: auto and replications load: nothing is refused as not supported yet", "[loader][gate][errors]") {
  const auto r = load(
      "name: t\nduration: 10s\nwarmup: auto\nreplications: 3\nnodes:\n"
      "  api: {service_time: 1ms}\n"
      "workloads:\n  - {name: w, call: api, rate: 1/s}\n");
  INFO(all_errors(r));
  CHECK(r.errors.empty());
}

TEST_CASE("the endpoint example of SPEC 3.2 loads as written", "[loader][resilience]") {
  const auto r = load(R"(name: spec
duration: 1m
nodes:
  gateway:
    retry_budget: 20%
    health_check: {interval: 5s, timeout: 1s, unhealthy_threshold: 2, healthy_threshold: 2}
    rate_limit: {rate: 5000/s, burst: 500}
    endpoints:
      play:
        bulkhead: {max_concurrent: 10}
        steps:
          - work: {dist: lognormal, median: 2ms, p99: 10ms}
          - call: auth.validate                 # node.endpoint, or just node (see below)
          - parallel: [profile.get, metadata.get]   # fork-join; `wait: all` (default) | any | <k>
          - call: recommendations.suggest
            optional: true                      # on final failure, continue degraded instead of failing
            timeout: 80ms
          - call: streaming.start
            timeout: 2s
            retry: {max_retries: 2, per_try_timeout: 500ms, retry_on: [error, timeout, rejected],
                    backoff: {base: 50ms, max: 1s, multiplier: 2, jitter: full}}
            fallback: [cdn-b.get, storage.get]  # tried in order once the call (after retries) failed
            circuit_breaker: {failure_rate_threshold: 50%, minimum_calls: 20, sliding_window: 10s,
                              wait_in_open: 30s, half_open_calls: 5}
          - choose:                             # exactly one branch, by weight
              - {weight: 70%, call: ranking.fast}
              - {weight: 30%, steps: [{work: 1ms}, {call: ranking.full}]}
          - call: db.query
            probability: 30%                    # the call happens in 30% of requests
            repeat: 3                           # three sequential calls
          - call: search.query
            hedge: {after: 50ms, max: 1}        # a second copy if no answer after 50ms; first answer wins
            cancel_on_timeout: true             # a timed-out or losing try is withdrawn from the callee's queue
  auth: {endpoints: {validate: {steps: [{work: 1ms}]}}}
  profile: {endpoints: {get: {steps: [{work: 1ms}]}}}
  metadata: {endpoints: {get: {steps: [{work: 1ms}]}}}
  recommendations: {endpoints: {suggest: {steps: [{work: 1ms}]}}}
  streaming: {endpoints: {start: {steps: [{work: 1ms}]}}}
  cdn-b: {endpoints: {get: {steps: [{work: 1ms}]}}}
  storage: {endpoints: {get: {steps: [{work: 1ms}]}}}
  ranking: {endpoints: {fast: {steps: [{work: 1ms}]}, full: {steps: [{work: 1ms}]}}}
  db: {errors: 0.1%, endpoints: {query: {steps: [{work: 1ms}]}}}
  search: {endpoints: {query: {steps: [{work: 1ms}]}}}
workloads:
  - {name: play, call: gateway.play, rate: 10/s}
)");
  INFO(all_errors(r));
  REQUIRE(r.scenario);
  const auto& steps = r.scenario->nodes[0].endpoints[0].steps;
  REQUIRE(steps.size() == 8);
  CHECK(call_of(steps[4]).fallback.size() == 2);
  CHECK(call_of(steps[7]).hedge->max == 1);
}

TEST_CASE("random damage to the resilience and cache scenarios never throws or crashes", "[loader][guards]") {
  damage(kResilient, 1500, [](const std::string& t) { return load(t); });
  damage(kCaches, 1500, [](const std::string& t) { return load(t); });
}
