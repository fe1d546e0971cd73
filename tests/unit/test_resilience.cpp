// Resilience policies on small C++-built scenarios whose outcome can be
// reasoned exactly, or with a binomial tolerance written next to the check:
// retries and backoff, per-try and overall timeouts, circuit breakers,
// fallbacks, hedges, cancellation, retry budgets, rate limits and bulkheads.
// Network latency is zero throughout (the Scenario default).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "support/resilience_scenarios.hpp"
#include "support/scenario_builder.hpp"
#include "svcsim/metrics.hpp"
#include "svcsim/simulation.hpp"

using namespace svcsim;
using namespace svcsim::test;

namespace {
double as_double(std::uint64_t v) { return static_cast<double>(v); }
}  // namespace

TEST_CASE("retry on error: 20 % errors and two retries leave 0.2^3 of calls failed", "[resilience]") {
  Scenario s = scenario("retry-errors", sec(50));
  CallSpec c = call_to("backend");
  // Zero backoff: a retry goes out at once, so even the last request's retries
  // reach the backend before the measured window closes.
  c.retry = retry_policy(2, retry_on_error, exact_backoff({}));
  s.nodes.push_back(steps_node("front", "get", {call(c)}));
  Node backend = service("backend", Distribution::constant(ms(1)), 1, std::nullopt);
  backend.errors = 0.2;
  s.nodes.push_back(backend);
  s.workloads.push_back(open_workload("req", "front.get", 2000, ArrivalProcess::constant));
  const Results r = simulate(s);
  const WorkloadResult& w = r.workloads[0];
  REQUIRE(w.requests == 99'999);  // every 0.5 ms, strictly before 50 s
  const double n = as_double(w.requests);
  CHECK(w.succeeded + w.failed == w.requests);

  // A request fails when all three tries fail: p = 0.2^3 = 0.008. Failures
  // are binomial: sd = sqrt(n p (1 - p)) = 28.2; 5 sd = 141 around 800.
  const double p_fail = 0.008;
  CHECK(as_double(w.failed) == Approx(p_fail * n).margin(5 * std::sqrt(n * p_fail * (1 - p_fail))));

  // Retries per call X: 0 (p 0.8), 1 (0.16), 2 (0.04): E = 0.24,
  // Var = 0.32 - 0.24^2 = 0.2624; over n calls sd = 162, 5 sd = 810 around 24000.
  const NodeResult& front = find_node(r, "front");
  const NodeResult& back = find_node(r, "backend");
  const double retries = as_double(front.retries);
  CHECK(retries == Approx(0.24 * n).margin(5 * std::sqrt(n * 0.2624)));
  // Every try reaches the backend; every retry follows a failed try, and a
  // failed request's last try failed too.
  CHECK(back.requests == w.requests + front.retries);
  CHECK(back.failed == front.retries + w.failed);
  CHECK(front.hedges == 0);
  CHECK(front.timeouts == 0);

  // Amplification (SPEC 6): all tries / first tries. First tries: n entry calls
  // (client -> front) + n calls front -> backend; all tries add the retries.
  CHECK(r.run.amplification == Approx((2 * n + retries) / (2 * n)).epsilon(1e-12));
  // Its expectation 1 + 0.24 / 2 = 1.12, with the retries' 5 sd / 2n = 0.004.
  CHECK(r.run.amplification == Approx(1.12).margin(5 * std::sqrt(n * 0.2624) / (2 * n)));
}

TEST_CASE("backoff without jitter: a failing call's latency is the sum of its backoffs", "[resilience]") {
  // front: 1 ms of work, then a call that always fails with 3 retries; backoffs
  // min(max, 10ms * 2^(k-1)): 10 + 20 + 40 = 70 ms, or with max 25 ms 10 + 20 + 25.
  // Errors fail at once and the network is instant, so nothing else adds time.
  struct Case {
    Duration max;
    std::int64_t expected_ns;
  };
  for (const Case k : {Case{sec(3600), 71'000'000}, Case{ms(25), 56'000'000}}) {
    for (const bool optional : {true, false}) {
      CAPTURE(k.expected_ns, optional);
      const Results r = simulate(failing_backoff_scenario(optional, k.max));
      const WorkloadResult& w = r.workloads[0];
      REQUIRE(w.requests == 19);
      const NodeResult& front = find_node(r, "front");
      // The node's latency covers failed calls too.
      CHECK(front.latency.min_ns() == k.expected_ns);
      CHECK(front.latency.max_ns() == k.expected_ns);
      CHECK(front.retries == 3 * w.requests);
      CHECK(find_node(r, "backend").requests == 4 * w.requests);
      if (optional) {
        CHECK(w.succeeded == w.requests);
        CHECK(w.degraded == w.requests);
        CHECK(w.latency.min_ns() == k.expected_ns);
        CHECK(w.latency.max_ns() == k.expected_ns);
      } else {
        CHECK(w.failed == w.requests);
      }
    }
  }
}

TEST_CASE("per_try_timeout retries until the overall timeout ends the call", "[resilience]") {
  // Tries at 0, 40, 80 ms (each cut at +30 ms, then 10 ms of backoff); the
  // overall timeout at 100 ms ends the third try: 2 retries, 3 timeouts per call.
  const Results r = simulate(per_try_scenario(10, ms(100)));
  const WorkloadResult& w = r.workloads[0];
  REQUIRE(w.requests == 19);
  CHECK(w.failed == w.requests);  // a timeout inside the architecture is a failure
  const NodeResult& front = find_node(r, "front");
  const NodeResult& back = find_node(r, "backend");
  CHECK(front.retries == 2 * w.requests);
  CHECK(front.timeouts == 3 * w.requests);  // two per-try timeouts and the overall one
  CHECK(back.requests == 3 * w.requests);
  CHECK(back.timed_out == 3 * w.requests);
  CHECK(back.succeeded == 3 * w.requests);  // wasted work: every try still finished
  CHECK(front.failed == w.requests);
  CHECK(front.latency.min_ns() == 100'000'000);
  CHECK(front.latency.max_ns() == 100'000'000);
}

TEST_CASE("per_try_timeout without an overall timeout: the call fails when retries run out", "[resilience]") {
  // One retry: tries at 0 and 40 ms, the second cut at 70 ms.
  const Results r = simulate(per_try_scenario(1, std::nullopt));
  const WorkloadResult& w = r.workloads[0];
  REQUIRE(w.requests == 19);
  CHECK(w.failed == w.requests);
  const NodeResult& front = find_node(r, "front");
  CHECK(front.retries == w.requests);
  CHECK(front.timeouts == 2 * w.requests);
  CHECK(find_node(r, "backend").timed_out == 2 * w.requests);
  CHECK(front.latency.min_ns() == 70'000'000);
  CHECK(front.latency.max_ns() == 70'000'000);
}

TEST_CASE("circuit breaker: opens on failures, fails fast, half-opens, closes after the fault", "[resilience]") {
  // Arrivals every 10 ms; the backend answers in 1 ms and fails every call
  // from 2 s to 6 s. Breaker: 50 %, minimum 10 calls, window 1 s (10 buckets
  // of 100 ms), open for 2 s, 5 half-open calls.
  Scenario s = breaker_scenario();
  const Results r = simulate(s);
  const WorkloadResult& w = r.workloads[0];
  REQUIRE(w.requests == 999);

  // At 2.49 s the window [1.5 s, 2.5 s) holds 50 successes (answers of 1.50..1.99 s)
  // and 50 failures (2.00..2.49 s): 50 % reaches the threshold. (At 2.48 s: 49
  // of 99; in earlier buckets more successes remain in the window.)
  // Open until 4.49 s; the 5 half-open calls 4.49..4.53 s fail (fault still on):
  // open again at 4.53 s; half-open at 6.53 s, and the 5 trial calls succeed, the
  // last answered at 6.57 + 0.001 s: closed.
  const NodeResult& front = find_node(r, "front");
  REQUIRE(front.breakers.size() == 1);
  CHECK(front.breakers[0].callee == "backend");
  const auto& changes = front.breakers[0].changes;
  const std::vector<std::pair<double, std::string>> expected = {
      {2.49, "open"}, {4.49, "half_open"}, {4.53, "open"}, {6.53, "half_open"}, {6.571, "closed"}};
  REQUIRE(changes.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    CHECK(changes[i].first == Approx(expected[i].first).margin(1e-9));
    CHECK(changes[i].second == expected[i].second);
  }
  // While open, calls fail at once without being sent: arrivals 2.50..4.48 s
  // and 4.54..6.52 s (199 each) never reach the backend.
  const NodeResult& back = find_node(r, "backend");
  CHECK(back.requests == 999 - 2 * 199);
  // Failed: 2.00..2.49 (50), short-circuited 199 + 199, half-open trials 5.
  CHECK(w.failed == 50 + 199 + 5 + 199);
  CHECK(w.succeeded == w.requests - w.failed);
  // Fail fast: a short-circuited call costs no time at the caller.
  CHECK(front.latency.min_ns() == 0);
}

// Regression: a call ended by the caller's `timeout` with a try still out is a
// breaker failure, as a per_try_timeout is (it used to be ignored, so a
// hanging callee never opened the breaker).
TEST_CASE("circuit breaker: calls ended by the caller's timeout count as failures", "[resilience]") {
  // As the breaker test above, but the backend is blackholed from 2 s to 6 s and
  // the call has a 50 ms timeout. Counting a timeout when it fires, the call
  // sent at 2.00 + 0.01j s fails at 2.05 + 0.01j s; at 2.50 s the window
  // [1.6 s, 2.6 s) holds 40 successes (1.60..1.99 s) and 46 failures: open.
  Scenario s = scenario("breaker-timeout", sec(10));
  CallSpec c = call_to("backend");
  c.timeout = ms(50);
  c.circuit_breaker = small_breaker();
  s.nodes.push_back(steps_node("front", "get", {call(c)}));
  s.nodes.push_back(service("backend", Distribution::constant(ms(1)), 1, std::nullopt));
  Fault hole = fault("hole", FaultType::outage, "backend", sec(2), sec(4));
  hole.mode = OutageMode::blackhole;
  s.faults.push_back(hole);
  s.workloads.push_back(open_workload("req", "front.get", 100, ArrivalProcess::constant));
  const Results r = simulate(s);
  REQUIRE(r.workloads[0].requests == 999);
  const NodeResult& front = find_node(r, "front");
  REQUIRE(front.breakers.size() == 1);
  const auto& changes = front.breakers[0].changes;
  REQUIRE_FALSE(changes.empty());
  CHECK(changes[0].second == "open");
  CHECK(changes[0].first == Approx(2.50).margin(1e-9));
  // Open for 2 s: at least 199 calls are not sent.
  CHECK(find_node(r, "backend").requests <= 999 - 199);
}

// Regression: half-open trial calls that end by the caller's `timeout` must
// be recorded; they were not, the permits ran out and the breaker stayed
// half-open (failing everything) long after the callee recovered.
TEST_CASE("circuit breaker: half-open trials that time out reopen it instead of blocking it for good",
          "[resilience]") {
  // Errors from 2 s to 4 s open the breaker at 2.49 s (as above); it half-opens
  // at 4.49 s while the backend is blackholed (4 s to 5 s): the 5 trial calls
  // (4.49..4.53 s) time out at +50 ms, the breaker reopens at 4.58 s, half-opens
  // at 6.58 s against a healthy backend and closes at 6.621 s. Every request
  // from 7 s on succeeds; "late" is a no-op slowdown (factor 1) that only marks
  // that window in the fault phases.
  Scenario s = scenario("breaker-stuck", sec(10));
  CallSpec c = call_to("backend");
  c.timeout = ms(50);
  c.circuit_breaker = small_breaker();
  s.nodes.push_back(steps_node("front", "get", {call(c)}));
  s.nodes.push_back(service("backend", Distribution::constant(ms(1)), 1, std::nullopt));
  Fault errors = fault("errors", FaultType::errors, "backend", sec(2), sec(2));
  errors.percentage = 1.0;
  s.faults.push_back(errors);
  Fault hole = fault("hole", FaultType::outage, "backend", sec(4), sec(1));
  hole.mode = OutageMode::blackhole;
  s.faults.push_back(hole);
  s.faults.push_back(fault("late", FaultType::slowdown, "backend", sec(7), sec(3)));
  s.workloads.push_back(open_workload("req", "front.get", 100, ArrivalProcess::constant));
  const Results r = simulate(s);
  REQUIRE(r.workloads[0].requests == 999);
  const auto& changes = find_node(r, "front").breakers.at(0).changes;
  REQUIRE(changes.size() >= 2);
  CHECK(changes[0].first == Approx(2.49).margin(1e-9));
  CHECK(changes[0].second == "open");
  CHECK(changes[1].second == "half_open");
  CHECK(changes.back().second == "closed");
  const auto& late = find_fault_phases(r, "late").workloads[0][1];
  CHECK(late.requests == 300);
  CHECK(late.errors == 0);
}

TEST_CASE("fallback chain: the primary and the first fallback refuse, the second answers degraded",
          "[resilience]") {
  Scenario s = scenario("fallback", sec(2));
  CallSpec c = call_to("primary");
  c.fallback = {"alternate", "good"};
  s.nodes.push_back(steps_node("front", "get", {call(c)}));
  s.nodes.push_back(service("primary", Distribution::constant(ms(1)), 1, std::nullopt));
  s.nodes.push_back(service("alternate", Distribution::constant(ms(1)), 1, std::nullopt));
  s.nodes.push_back(service("good", Distribution::constant(ms(2)), 1, std::nullopt));
  s.faults.push_back(fault("primary-down", FaultType::outage, "primary", {}));
  s.faults.push_back(fault("alternate-down", FaultType::outage, "alternate", {}));
  s.workloads.push_back(open_workload("req", "front.get", 10, ArrivalProcess::constant));
  const Results r = simulate(s);
  const WorkloadResult& w = r.workloads[0];
  REQUIRE(w.requests == 19);
  CHECK(w.succeeded == w.requests);
  CHECK(w.degraded == w.requests);
  CHECK(w.failed == 0);
  // Refusals cost nothing: the latency is the good fallback's 2 ms.
  CHECK(w.latency.min_ns() == 2'000'000);
  CHECK(w.latency.max_ns() == 2'000'000);
  CHECK(find_node(r, "good").requests == w.requests);
  // First tries: entry + primary (2n); all tries add two fallbacks (4n).
  CHECK(r.run.amplification == Approx(2.0).epsilon(1e-12));
}

TEST_CASE("hedge: a second copy after X bounds the latency of a slow instance at X + the fast service",
          "[resilience]") {
  // backend: 3 instances, 10 ms, round robin; instance 0 is 10x slower (100 ms).
  // Arrivals every 100 ms, hedge after 20 ms. Picks go 0,1,2,0,1,2,…: a request
  // whose first try lands on 0 is hedged to 1 (answer at 20 + 10 = 30 ms), the
  // next one lands on 2 (10 ms, no hedge). 199 requests: the odd ones, 100, hedge.
  Scenario s = hedge_scenario();
  const Results r = simulate(s);
  const WorkloadResult& w = r.workloads[0];
  REQUIRE(w.requests == 199);
  CHECK(w.succeeded == w.requests);
  CHECK(w.latency.max_ns() == 30'000'000);
  CHECK(w.latency.min_ns() == 10'000'000);
  CHECK(w.latency.mean_ns() == Approx((100 * 30e6 + 99 * 10e6) / 199).epsilon(1e-9));
  const NodeResult& front = find_node(r, "front");
  CHECK(front.hedges == 100);
  CHECK(front.retries == 0);
  CHECK(find_node(r, "backend").requests == 199 + 100);
  // tries: 199 entry + 199 first + 100 hedges, over 2 * 199 first tries
  CHECK(r.run.amplification == Approx(498.0 / 398.0).epsilon(1e-12));
}

TEST_CASE("cancel_on_timeout withdraws timed-out tries from the callee's queue", "[resilience]") {
  // backend: one worker, 10 ms per call, unlimited queue; calls every 5 ms with
  // a 15 ms timeout: twice its capacity. Without cancellation every call is
  // eventually served (wasted work). With it a try still queued at its timeout
  // leaves: from the 3rd call on, the backend serves every other call (each
  // starts 10 ms after arriving, its neighbour times out while queued), so it
  // serves calls 1, 2 and the odd ones 3..199: 101, at most one per 10 ms.
  std::uint64_t served[2] = {};
  for (const bool cancel : {false, true}) {
    Scenario s = scenario("cancel", sec(1));
    CallSpec c = call_to("backend");
    c.timeout = ms(15);
    c.cancel_on_timeout = cancel;
    s.nodes.push_back(steps_node("front", "get", {call(c)}));
    s.nodes.push_back(service("backend", Distribution::constant(ms(10)), 1, 1));
    s.workloads.push_back(open_workload("req", "front.get", 200, ArrivalProcess::constant));
    const Results r = simulate(s);
    REQUIRE(r.workloads[0].requests == 199);
    const NodeResult& back = find_node(r, "backend");
    CHECK(back.requests == 199);
    served[cancel ? 1 : 0] = back.succeeded;
    // Only the first call is answered within 15 ms either way.
    CHECK(r.workloads[0].succeeded == 1);
  }
  CHECK(served[0] == 199);
  CHECK(served[1] == 101);
}

TEST_CASE("retry budget: retries to a node stay within 20 % of its first tries", "[resilience]") {
  // Every call fails and asks for up to 3 retries (demand 300 %), sent at once
  // (zero backoff); the backend's budget is 20 %. Arrivals every 10 ms for 100 s.
  // Bound over the run: split it into 10 s blocks; the last retry of a block
  // was allowed by a window that covers the block's start, so the block's
  // retries are at most 20 % of the first tries of some 10 s span: 1000, or
  // 1001 if the window counts both its ends. Total <= 0.2 * first + 0.2 per block.
  Scenario s = scenario("budget", sec(100));
  CallSpec c = call_to("backend");
  c.retry = retry_policy(3, retry_on_error, exact_backoff({}));
  s.nodes.push_back(steps_node("front", "get", {call(c)}));
  Node backend = service("backend", Distribution::constant(ms(1)), 1, std::nullopt);
  backend.errors = 1.0;
  backend.retry_budget = 0.2;
  s.nodes.push_back(backend);
  s.workloads.push_back(open_workload("req", "front.get", 100, ArrivalProcess::constant));
  const Results r = simulate(s);
  REQUIRE(r.workloads[0].requests == 9999);
  const double first_tries = as_double(r.workloads[0].requests);  // one call to backend per request
  const double retries = as_double(find_node(r, "front").retries);
  CHECK(retries <= 0.2 * first_tries + 0.2 * 10);
  // The budget is used: demand exceeds it everywhere, so at each block's last
  // arrival a retry was refused, i.e. that block holds more than 20 % - 1.
  CHECK(retries >= 0.2 * first_tries - 10);
  CHECK(find_node(r, "backend").requests == r.workloads[0].requests + find_node(r, "front").retries);
}

TEST_CASE("rate limit: a token bucket of 100/s and burst 10 under 200/s admits rate x time + burst",
          "[resilience]") {
  // Arrivals every 5 ms bring 0.5 token each. The bucket starts full (10): call
  // k finds 10.5 - 0.5k tokens, so calls 1..19 pass (the 19th takes the last
  // token); from then on it alternates: even calls find 0.5 (rejected), odd
  // calls 1.0 (admitted). 1999 calls in 10 s: 19 + 990 admitted, 990 rejected.
  Scenario s = scenario("rate-limit", sec(10));
  Node server = service("server", Distribution::constant(ms(1)), 1, std::nullopt);
  server.rate_limit = RateLimit{100, 10};
  s.nodes.push_back(server);
  s.workloads.push_back(open_workload("req", "server", 200, ArrivalProcess::constant));
  const Results r = simulate(s);
  const WorkloadResult& w = r.workloads[0];
  REQUIRE(w.requests == 1999);
  CHECK(w.succeeded == 1009);
  CHECK(w.rejected == 990);
  CHECK(find_node(r, "server").rejected == 990);
  CHECK(find_node(r, "server").admitted == 1009);
}

TEST_CASE("bulkhead: the N+1-th concurrent call to an endpoint is rejected at once", "[resilience]") {
  // front sends 4 parallel calls to backend.get (bulkhead 3, 100 ms each) once a
  // second. The 4th is rejected on arrival. Waiting for all 4, the step fails
  // at once (rejected, 0 ms); waiting for 3, it succeeds after 100 ms.
  for (const int wait_for : {4, 3}) {
    CAPTURE(wait_for);
    Scenario s = scenario("bulkhead", sec(10));
    ParallelStep par;
    par.calls = {call_to("backend.get"), call_to("backend.get"), call_to("backend.get"), call_to("backend.get")};
    par.wait_for = wait_for;
    s.nodes.push_back(steps_node("front", "get", {Step{par, {}}}));
    Node backend = steps_node("backend", "get", {work(Distribution::constant(ms(100)))});
    backend.endpoints[0].bulkhead = 3;
    s.nodes.push_back(backend);
    s.workloads.push_back(open_workload("req", "front.get", 1, ArrivalProcess::constant));
    const Results r = simulate(s);
    const WorkloadResult& w = r.workloads[0];
    REQUIRE(w.requests == 9);
    const NodeResult& back = find_node(r, "backend");
    CHECK(back.requests == 4 * w.requests);
    CHECK(back.admitted == 3 * w.requests);
    CHECK(back.rejected == w.requests);
    const NodeResult& front = find_node(r, "front");
    if (wait_for == 4) {
      CHECK(w.rejected == w.requests);
      CHECK(front.latency.max_ns() == 0);
    } else {
      CHECK(w.succeeded == w.requests);
      CHECK(w.latency.min_ns() == 100'000'000);
      CHECK(w.latency.max_ns() == 100'000'000);
    }
  }
}
