// Faults on small C++-built scenarios whose outcome can be reasoned exactly,
// or with a tolerance written next to the check: outages (refuse, blackhole),
// errors, random crashes, slowdowns, faults on some instances with and without
// health checks, partitions, and requests caught on an instance going down.
// Network latency is zero throughout (the Scenario default).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>

#include "support/scenario_builder.hpp"
#include "svcsim/metrics.hpp"
#include "svcsim/simulation.hpp"

using namespace svcsim;
using namespace svcsim::test;

namespace {
double as_double(std::uint64_t v) { return static_cast<double>(v); }
}  // namespace

TEST_CASE("outage refuse: calls fail at once", "[faults]") {
  // front: 1 ms of work, then a call to a backend refusing all along.
  Scenario s = scenario("refuse", sec(2));
  s.nodes.push_back(steps_node("front", "get", {work(Distribution::constant(ms(1))), call("backend")}));
  s.nodes.push_back(service("backend", Distribution::constant(ms(50)), 1, std::nullopt));
  s.faults.push_back(fault("down", FaultType::outage, "backend", {}));
  s.workloads.push_back(open_workload("req", "front.get", 10, ArrivalProcess::constant));
  const Results r = simulate(s);
  const WorkloadResult& w = r.workloads[0];
  REQUIRE(w.requests == 19);
  CHECK(w.failed == w.requests);
  const NodeResult& front = find_node(r, "front");
  CHECK(front.failed == w.requests);
  // The refusal costs nothing: front's calls last its own 1 ms of work.
  CHECK(front.latency.min_ns() == 1'000'000);
  CHECK(front.latency.max_ns() == 1'000'000);
  CHECK(find_node(r, "backend").succeeded == 0);
}

TEST_CASE("outage blackhole: a blocking caller's workers are held until its timeout", "[faults]") {
  // front: 4 blocking workers; it calls the backend (1 ms) with a 100 ms
  // timeout, 10 times a second for 10 s (99 calls). Blackholed, each call holds
  // a worker 100 ms and fails at exactly 100 ms: busy 99 x 0.1 s over 4 x 10 s =
  // 0.2475; healthy, 99 x 1 ms: 0.002475.
  for (const bool blackhole : {false, true}) {
    CAPTURE(blackhole);
    Scenario s = scenario("blackhole", sec(10));
    CallSpec c = call_to("backend");
    c.timeout = ms(100);
    s.nodes.push_back(steps_node("front", "get", {call(c)}, 4));
    s.nodes.push_back(service("backend", Distribution::constant(ms(1)), 1, std::nullopt));
    if (blackhole) {
      Fault f = fault("hole", FaultType::outage, "backend", {});
      f.mode = OutageMode::blackhole;
      s.faults.push_back(f);
    }
    s.workloads.push_back(open_workload("req", "front.get", 10, ArrivalProcess::constant));
    const Results r = simulate(s);
    const WorkloadResult& w = r.workloads[0];
    REQUIRE(w.requests == 99);
    const NodeResult& front = find_node(r, "front");
    const double u = node_metric(front, r.measured_s, "utilization").value();
    const std::int64_t held = blackhole ? 100'000'000 : 1'000'000;
    CHECK(front.latency.min_ns() == held);
    CHECK(front.latency.max_ns() == held);
    CHECK(u == Approx(blackhole ? 0.2475 : 0.002475).epsilon(1e-9));
    if (blackhole) {
      CHECK(w.failed == w.requests);
      CHECK(front.timeouts == w.requests);
      CHECK(find_node(r, "backend").timed_out == w.requests);
    } else {
      CHECK(w.succeeded == w.requests);
    }
  }
}

TEST_CASE("an optional call during an errors fault succeeds degraded", "[faults]") {
  // front: 1 ms of work, then an optional call to `extra`, which fails every
  // call from 2 s to 4 s. The call is sent 1 ms after arrival, so arrivals
  // 2.00..3.99 s (200 of them) are degraded; the others are whole.
  Scenario s = scenario("optional-fault", sec(6));
  CallSpec c = call_to("extra");
  c.optional = true;
  s.nodes.push_back(steps_node("front", "get", {work(Distribution::constant(ms(1))), call(c)}));
  s.nodes.push_back(service("extra", Distribution::constant(ms(2)), 1, std::nullopt));
  Fault f = fault("extra-errors", FaultType::errors, "extra", sec(2), sec(2));
  f.percentage = 1.0;
  s.faults.push_back(f);
  s.workloads.push_back(open_workload("req", "front.get", 100, ArrivalProcess::constant));
  const Results r = simulate(s);
  const WorkloadResult& w = r.workloads[0];
  REQUIRE(w.requests == 599);
  CHECK(w.succeeded == w.requests);
  CHECK(w.failed == 0);
  CHECK(w.degraded == 200);
  const FaultPhases& phases = find_fault_phases(r, "extra-errors");
  const auto& during = phases.workloads[0][1];
  CHECK(during.requests == 200);
  CHECK(during.errors == 0);
  // Degraded requests skip the 2 ms of `extra`: 1 ms inside, 3 ms outside.
  CHECK(during.latency.max_ns() == 1'000'000);
  CHECK(phases.workloads[0][0].latency.min_ns() == 3'000'000);
  CHECK(find_node(r, "front").degraded == 200);
}

TEST_CASE("crash with mtbf and mttr: the failed fraction is mttr / (mtbf + mttr)", "[faults]") {
  // One instance, up for Exp(mean 90 ms), down for Exp(mean 10 ms): down a
  // fraction d = 10 / (90 + 10) = 0.1 of the time. Requests arrive every 1 ms
  // for 1000 s and are refused while it is down. The fraction of time down over
  // T, for this two-state Markov process (rates a = 1/90ms, b = 1/10ms), has
  // variance 2 d (1 - d) / ((a + b) T) = 0.18 / (111.1/s x 1000 s) = 1.62e-6:
  // sd 0.00127, 5 sd 0.0064. Sampling it every 1 ms adds a negligible term.
  Scenario s = scenario("crash", sec(1000));
  s.nodes.push_back(service("server", Distribution::constant(Duration{}), 1, std::nullopt));
  Fault f = fault("flaky", FaultType::crash, "server", {});
  f.mtbf = ms(90);
  f.mttr = ms(10);
  s.faults.push_back(f);
  s.workloads.push_back(open_workload("req", "server", 1000, ArrivalProcess::constant));
  const Results r = simulate(s);
  const WorkloadResult& w = r.workloads[0];
  REQUIRE(w.requests == 999'999);
  CHECK(w.succeeded + w.failed == w.requests);
  const double d = 0.1;
  const double rates = 1 / 0.090 + 1 / 0.010;
  const double sd = std::sqrt(2 * d * (1 - d) / (rates * 1000.0));
  CHECK(as_double(w.failed) / as_double(w.requests) == Approx(d).margin(5 * sd));
}

TEST_CASE("slowdown: factor 3 and add 5 ms change the work only inside their windows", "[faults]") {
  // Constant 10 ms of work, arrivals every 100 ms for 10 s (99). Factor 3 from
  // 2 s to 4 s (30 ms, 20 arrivals), add 5 ms from 6 s to 8 s (15 ms, 20 arrivals).
  Scenario s = scenario("slowdown", sec(10));
  s.nodes.push_back(service("server", Distribution::constant(ms(10)), 1, std::nullopt));
  Fault times3 = fault("times3", FaultType::slowdown, "server", sec(2), sec(2));
  times3.factor = 3;
  Fault plus5 = fault("plus5", FaultType::slowdown, "server", sec(6), sec(2));
  plus5.add = ms(5);
  s.faults.push_back(times3);
  s.faults.push_back(plus5);
  s.workloads.push_back(open_workload("req", "server", 10, ArrivalProcess::constant));
  const Results r = simulate(s);
  const WorkloadResult& w = r.workloads[0];
  REQUIRE(w.requests == 99);
  CHECK(w.succeeded == w.requests);
  const auto& t3 = find_fault_phases(r, "times3").workloads[0];
  CHECK(t3[0].latency.min_ns() == 10'000'000);
  CHECK(t3[0].latency.max_ns() == 10'000'000);
  CHECK(t3[1].requests == 20);
  CHECK(t3[1].latency.min_ns() == 30'000'000);
  CHECK(t3[1].latency.max_ns() == 30'000'000);
  const auto& p5 = find_fault_phases(r, "plus5").workloads[0];
  CHECK(p5[1].requests == 20);
  CHECK(p5[1].latency.min_ns() == 15'000'000);
  CHECK(p5[1].latency.max_ns() == 15'000'000);
  CHECK(p5[2].latency.min_ns() == 10'000'000);
  CHECK(p5[2].latency.max_ns() == 10'000'000);
  // 20 x 30 + 20 x 15 + 59 x 10 ms
  CHECK(w.latency.mean_ns() == Approx((20 * 30e6 + 20 * 15e6 + 59 * 10e6) / 99).epsilon(1e-9));
}

TEST_CASE("slowdown: a huge factor makes long work, never negative work", "[faults][regression]") {
  // 10 ms x 1e13 overflowed integer nanoseconds into a negative work time
  // (calls ended at once, busy_mean below zero); it saturates at Duration::max().
  Scenario s = scenario("slowdown-huge", sec(10));
  s.nodes.push_back(service("server", Distribution::constant(ms(10)), 1, std::nullopt));
  Fault huge = fault("huge", FaultType::slowdown, "server", sec(2), sec(1));
  huge.factor = 1e13;
  s.faults.push_back(huge);
  s.workloads.push_back(open_workload("req", "server", 10, ArrivalProcess::constant));
  const Results r = simulate(s);
  const WorkloadResult& w = r.workloads[0];
  CHECK(w.latency.min_ns() == 10'000'000);
  // A slowed call ends at the end of time (Duration::max()), so its latency is that less its arrival.
  CHECK(w.latency.max_ns() >= Duration::max().ns - sec(10).ns);
  CHECK(w.latency.max_ns() <= Duration::max().ns);
  const NodeResult& n = find_node(r, "server");
  CHECK(n.busy_integral_s >= 0.0);  // busy workers' time: it went below zero
}

TEST_CASE("a fault on node[0] without a health check: balancers skip it at once", "[faults]") {
  // 2 instances, round robin, 5 ms of work, arrivals every 10 ms (each call is
  // over before the next arrives, so none is caught by the outage's start).
  Scenario s = scenario("instance-fault", sec(6));
  s.nodes.push_back(service("backend", Distribution::constant(ms(5)), 2, std::nullopt));
  s.faults.push_back(on_instances(fault("zero-down", FaultType::outage, "backend", sec(1), sec(2)), 0, 0));
  s.workloads.push_back(open_workload("req", "backend", 100, ArrivalProcess::constant));
  const Results r = simulate(s);
  const WorkloadResult& w = r.workloads[0];
  REQUIRE(w.requests == 599);
  CHECK(w.failed == 0);
  CHECK(w.succeeded == w.requests);
  CHECK(find_node(r, "backend").failed == 0);
}

TEST_CASE("a fault on node[0] with a health check: failures only during the detection delay", "[faults]") {
  // As above with a health check every 1 s, unhealthy after 2 failed probes,
  // healthy again after 1. Instance 0 refuses from 1.5 s to 5.5 s. Probes at
  // 2 s and 3 s fail: unhealthy from 3 s. Until then round robin sends it every
  // other call: the k-th arrival (at k x 10 ms) goes to instance (k-1) mod 2, so
  // arrivals k = 151, 153, …, 299 fail: 75. Bound: at most unhealthy_threshold
  // x interval x rate / 2 = 2 s x 100/s / 2 = 100. At 5.5 s it is still marked
  // unhealthy (no traffic) until the probe at 6 s: no failures after.
  Scenario s = scenario("health-check", sec(8));
  Node backend = service("backend", Distribution::constant(ms(5)), 2, std::nullopt);
  HealthCheck hc;
  hc.interval = sec(1);
  hc.timeout = sec(1);
  hc.unhealthy_threshold = 2;
  hc.healthy_threshold = 1;
  backend.health_check = hc;
  s.nodes.push_back(backend);
  s.faults.push_back(on_instances(fault("zero-down", FaultType::outage, "backend", ms(1500), sec(4)), 0, 0));
  s.workloads.push_back(open_workload("req", "backend", 100, ArrivalProcess::constant));
  const Results r = simulate(s);
  const WorkloadResult& w = r.workloads[0];
  REQUIRE(w.requests == 799);
  CHECK(w.failed > 0);
  CHECK(w.failed <= 100);
  CHECK(w.failed == 75);
  const auto& phases = find_fault_phases(r, "zero-down").workloads[0];
  CHECK(phases[0].errors == 0);
  CHECK(phases[1].errors == w.failed);
  CHECK(phases[2].errors == 0);
  // Refused by instance 0 itself while down: counted in the node's `refused`, not `failed` (SPEC 10).
  CHECK(find_node(r, "backend").refused == w.failed);
  CHECK(find_node(r, "backend").failed == 0);
}

TEST_CASE("partition: calls across it time out, other pairs are unaffected", "[faults]") {
  // front and side both call the backend (1 ms) with a 50 ms timeout, every
  // 10 ms for 6 s. front <-> backend is cut from 2 s to 4 s: its calls sent at
  // 2.00..3.99 s (200) are never answered and fail at 50 ms; side's all succeed.
  Scenario s = scenario("partition", sec(6));
  CallSpec c = call_to("backend");
  c.timeout = ms(50);
  s.nodes.push_back(steps_node("front", "get", {call(c)}));
  s.nodes.push_back(steps_node("side", "get", {call(c)}));
  s.nodes.push_back(service("backend", Distribution::constant(ms(1)), 1, std::nullopt));
  s.faults.push_back(partition("cut", "front", "backend", sec(2), sec(2)));
  s.workloads.push_back(open_workload("via-front", "front.get", 100, ArrivalProcess::constant));
  s.workloads.push_back(open_workload("via-side", "side.get", 100, ArrivalProcess::constant));
  const Results r = simulate(s);
  const WorkloadResult& wf = r.workloads[0];
  const WorkloadResult& ws = r.workloads[1];
  REQUIRE(wf.requests == 599);
  REQUIRE(ws.requests == 599);
  CHECK(wf.failed == 200);
  CHECK(ws.failed == 0);
  CHECK(ws.succeeded == ws.requests);
  const NodeResult& front = find_node(r, "front");
  CHECK(front.timeouts == 200);
  CHECK(find_node(r, "side").timeouts == 0);
  CHECK(front.latency.max_ns() == 50'000'000);
  CHECK(find_node(r, "side").latency.max_ns() == 1'000'000);
  // Dropped on the way out: those calls never reach the backend.
  CHECK(find_node(r, "backend").requests == 599 + 599 - 200);
  CHECK(find_fault_phases(r, "cut").workloads[1][1].errors == 0);
}

TEST_CASE("requests queued or in service on an instance that goes down fail", "[faults]") {
  // One worker, 100 ms of work, arrivals every 20 ms. By 0.25 s twelve calls
  // arrived (0.02..0.24 s): two served (0.02-0.12, 0.12-0.22), the third in
  // service since 0.22 and nine queued. The outage at 0.25 s fails those ten at once; later calls find
  // no instance up and are refused.
  Scenario s = scenario("down-while-queued", sec(1));
  s.nodes.push_back(service("backend", Distribution::constant(ms(100)), 1, 1));
  s.faults.push_back(fault("down", FaultType::outage, "backend", ms(250)));
  s.workloads.push_back(open_workload("req", "backend", 50, ArrivalProcess::constant));
  const Results r = simulate(s);
  const WorkloadResult& w = r.workloads[0];
  REQUIRE(w.requests == 49);
  CHECK(w.succeeded == 2);
  CHECK(w.failed == 47);
  const auto& phases = find_fault_phases(r, "down").workloads[0];
  CHECK(phases[0].requests == 12);
  CHECK(phases[0].errors == 10);
  const NodeResult& back = find_node(r, "backend");
  // The 37 calls that found no instance up count in the node's figures as
  // `refused` (SPEC 10), not nowhere: 12 reached it up, 37 were refused.
  CHECK(back.requests == 49);
  CHECK(back.refused == 37);
  CHECK(back.succeeded == 2);
  CHECK(back.failed == 10);
  // They fail at 0.25 s, not when their work would have ended: the longest
  // latency is the one in service, arrived at 0.06 s: 190 ms (served calls: 100
  // and 180 ms).
  CHECK(back.latency.max_ns() == 190'000'000);
}

// Regression: the node's own `errors` and `errors` faults are independent
// causes, 1 - (1 - a)(1 - b), as several faults are among themselves (they
// used to be added: node 50 % + fault 50 % failed everything).
TEST_CASE("a node's own errors and an errors fault combine as independent causes", "[faults]") {
  // 9999 calls; failures binomial with p = 0.75: sd = sqrt(n p (1 - p)) = 43.3,
  // 5 sd = 217 calls, 0.0217 of the fraction.
  Scenario s = scenario("errors-combined", sec(100));
  Node backend = service("backend", Distribution::constant(ms(1)), 1, std::nullopt);
  backend.errors = 0.5;
  s.nodes.push_back(backend);
  Fault f = fault("half", FaultType::errors, "backend", {});
  f.percentage = 0.5;
  s.faults.push_back(f);
  s.workloads.push_back(open_workload("req", "backend", 100, ArrivalProcess::constant));
  const Results r = simulate(s);
  const WorkloadResult& w = r.workloads[0];
  REQUIRE(w.requests == 9999);
  const double n = as_double(w.requests);
  CHECK(as_double(w.failed) == Approx(0.75 * n).margin(5 * std::sqrt(n * 0.75 * 0.25)));
}

TEST_CASE("the run ends with its last request, whatever faults or timers lie beyond", "[faults]") {
  // A 1 ms backend at 10 requests/s for 2 s: the last request ends at
  // 1.9 s + 1 ms. A fault planned for 10 s and the users' 5 s timeouts
  // (lazily cancelled) must not stretch the run.
  Scenario s = scenario("late-fault", sec(2));
  s.nodes.push_back(service("backend", Distribution::constant(ms(1)), 1, std::nullopt));
  s.faults.push_back(fault("late", FaultType::outage, "backend", sec(10), sec(5)));
  s.workloads.push_back(open_workload("req", "backend", 10, ArrivalProcess::constant));
  s.workloads[0].timeout = sec(5);
  const Results r = simulate(s);
  CHECK(r.workloads[0].failed == 0);
  CHECK(r.run.end_s == Approx(1.901).margin(1e-9));
}
