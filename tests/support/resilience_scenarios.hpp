// Small resilience scenarios whose outcome is reasoned exactly in
// tests/unit/test_resilience.cpp, reused by the report and attribution tests.
#pragma once

#include <optional>

#include "support/scenario_builder.hpp"

namespace svcsim::test {

/// front: 1 ms of work, then a call to a 1 ms backend that always fails, with
/// 3 retries backing off min(max, 10 ms * 2^(k-1)) without jitter: 10 + 20 + 40 ms
/// (the default max, exact_backoff's, never caps). Arrivals every 100 ms for
/// 2 s (19 requests). With `optional` a request goes on degraded, else fails.
inline Scenario failing_backoff_scenario(bool optional, Duration max = Duration::from_s(3600)) {
  Scenario s = scenario("backoff", sec(2));
  CallSpec c = call_to("backend");
  c.retry = retry_policy(3, retry_on_error, exact_backoff(ms(10), 2.0, max));
  c.optional = optional;
  s.nodes.push_back(steps_node("front", "get", {work(Distribution::constant(ms(1))), call(c)}));
  Node backend = service("backend", Distribution::constant(ms(1)), 1, std::nullopt);
  backend.errors = 1.0;
  s.nodes.push_back(backend);
  s.workloads.push_back(open_workload("req", "front.get", 10, ArrivalProcess::constant));
  return s;
}

/// front.get calls a 100 ms backend with per_try_timeout 30 ms, a constant
/// 10 ms backoff between tries, `max_retries` retries and the overall timeout
/// `overall`. Arrivals every 100 ms for 2 s (19 requests). With (10, 100 ms):
/// tries at 0, 40 and 80 ms, so per call 2 retries and 3 timeouts.
inline Scenario per_try_scenario(int max_retries, std::optional<Duration> overall) {
  Scenario s = scenario("per-try", sec(2));
  CallSpec c = call_to("backend");
  c.retry = retry_policy(max_retries, retry_on_timeout, exact_backoff(ms(10), 1.0), ms(30));
  c.timeout = overall;
  s.nodes.push_back(steps_node("front", "get", {call(c)}));
  s.nodes.push_back(service("backend", Distribution::constant(ms(100)), 1, std::nullopt));
  s.workloads.push_back(open_workload("req", "front.get", 10, ArrivalProcess::constant));
  return s;
}

/// Breaker: 50 %, minimum 10 calls, window 1 s (10 buckets of 100 ms), open
/// for 2 s, 5 half-open calls.
inline CircuitBreakerPolicy small_breaker() {
  CircuitBreakerPolicy cb;
  cb.failure_rate_threshold = 0.5;
  cb.minimum_calls = 10;
  cb.sliding_window = sec(1);
  cb.wait_in_open = sec(2);
  cb.half_open_calls = 5;
  return cb;
}

/// Arrivals every 10 ms; the backend answers in 1 ms and fails every call from
/// 2 s to 6 s. small_breaker() on the call: it opens at 2.49 s, half-opens at
/// 4.49 s, opens again at 4.53 s, half-opens at 6.53 s and closes at 6.571 s.
inline Scenario breaker_scenario() {
  Scenario s = scenario("breaker", sec(10));
  CallSpec c = call_to("backend");
  c.circuit_breaker = small_breaker();
  s.nodes.push_back(steps_node("front", "get", {call(c)}));
  s.nodes.push_back(service("backend", Distribution::constant(ms(1)), 1, std::nullopt));
  Fault errors = fault("errors", FaultType::errors, "backend", sec(2), sec(4));
  errors.percentage = 1.0;
  s.faults.push_back(errors);
  s.workloads.push_back(open_workload("req", "front.get", 100, ArrivalProcess::constant));
  return s;
}

/// backend: 3 instances of 10 ms, round robin; instance 0 is 10x slower
/// (100 ms). Arrivals every 100 ms for 20 s, hedge after 20 ms: a request whose
/// first try lands on instance 0 is hedged to 1 and answered at 30 ms; the
/// next lands on 2 (10 ms, no hedge). Of 199 requests, 100 are hedged.
inline Scenario hedge_scenario() {
  Scenario s = scenario("hedge", sec(20));
  CallSpec c = call_to("backend");
  c.hedge = HedgePolicy{ms(20), 1};
  s.nodes.push_back(steps_node("front", "get", {call(c)}));
  s.nodes.push_back(service("backend", Distribution::constant(ms(10)), 3, std::nullopt));
  Fault slow = on_instances(fault("slow0", FaultType::slowdown, "backend", {}), 0, 0);
  slow.factor = 10;
  s.faults.push_back(slow);
  s.workloads.push_back(open_workload("req", "front.get", 10, ArrivalProcess::constant));
  return s;
}

}  // namespace svcsim::test
