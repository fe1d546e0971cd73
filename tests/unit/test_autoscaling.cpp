// Autoscaling (the Kubernetes HPA rule) on small C++-built scenarios whose
// outcome can be reasoned exactly: constant arrivals and constant 10 ms of
// work on single-worker instances, so the node's busy workers are exactly
// rate x 10 ms and every sync period's utilisation is known in advance.
#include <catch2/catch.hpp>

#include <utility>
#include <vector>

#include "support/scenario_builder.hpp"
#include "svcsim/metrics.hpp"
#include "svcsim/simulation.hpp"

using namespace svcsim;
using namespace svcsim::test;

namespace {

using Timeline = std::vector<std::pair<double, int>>;

/// api: 10 ms of work, one worker per instance, round robin, autoscaled with a
/// 60 % target and a 10 s sync period. Load: constant arrivals at `before`
/// per second, stepping to `after` per second at 20 s.
Scenario step_scenario(int instances, double before, double after, Autoscaling a, Duration duration = sec(60)) {
  Scenario s = scenario("hpa", duration);
  Node api = service("api", Distribution::constant(ms(10)), instances, 1);
  api.autoscaling = a;
  s.nodes.push_back(api);
  Workload w = open_workload("req", "api", before, ArrivalProcess::constant);
  w.schedule.push_back(RateChange{sec(20), after, {}});
  s.workloads.push_back(w);
  return s;
}

Autoscaling hpa(int min, int max, Duration startup, Duration window) {
  Autoscaling a;
  a.min = min;
  a.max = max;
  a.target_utilization = 0.6;
  a.sync_period = sec(10);
  a.stabilization_window = window;
  a.startup = startup;
  return a;
}

}  // namespace

TEST_CASE("a step of load doubles the instances after one sync period and the startup", "[autoscaling]") {
  // 100/s x 10 ms = 1 busy worker on 2 instances: utilisation 0.5, ratio
  // 0.5 / 0.6 = 0.83 (outside the 10 % tolerance) but ceil(2 x 0.83) = 2: no
  // change. At 20 s the load doubles: the period 20-30 s measures 2 busy workers
  // on 2 instances, ratio 1 / 0.6 = 1.67, ceil(2 x 1.67) = 4. The sync at 30 s
  // starts two instances, ready at 35 s. The sync at 40 s measures 20 busy
  // worker-seconds over 2 x 5 + 4 x 5 = 30 instance-seconds (a mean of 3 in
  // service): ratio 0.67 / 0.6 = 1.11, ceil(3 x 1.11) = 4, no change; later
  // periods: 0.5 / 0.6 on 4 instances, ceil(3.33) = 4.
  Scenario s = step_scenario(2, 100, 200, hpa(1, 10, sec(5), sec(300)));
  RunOptions options;
  options.series_window = sec(1);
  const Results r = simulate(s, options);
  const NodeResult& api = find_node(r, "api");
  CHECK(api.instance_timeline == Timeline{{0.0, 2}, {35.0, 4}});
  // No request is lost or waits for long: new instances are only added.
  const WorkloadResult& w = r.workloads[0];
  CHECK(w.succeeded == w.requests);
  // Starting instances get no traffic: the two old ones are exactly fully
  // busy from 20 s to 35 s (the series' utilisation is over instances in service).
  REQUIRE(r.series.size() == 60);
  for (int second = 21; second < 35; ++second) {
    CAPTURE(second);
    CHECK(r.series[static_cast<std::size_t>(second)].nodes[0].instances_up == 2);
    CHECK(r.series[static_cast<std::size_t>(second)].nodes[0].utilization == Approx(1.0).epsilon(1e-9));
  }
  for (int second = 36; second < 60; ++second) {
    CAPTURE(second);
    CHECK(r.series[static_cast<std::size_t>(second)].nodes[0].instances_up == 4);
    CHECK(r.series[static_cast<std::size_t>(second)].nodes[0].utilization == Approx(0.5).epsilon(1e-3));
  }
  // The node's utilisation is over the instance-seconds in service: 99.985
  // busy worker-seconds (1 worker from the first arrival at 10 ms to 20.005 s,
  // when the first arrival at 200/s comes, then 2 x 39.995 s) over
  // 2 x 35 + 4 x 25 = 170 instance-seconds.
  REQUIRE(api.instance_integral_s.has_value());
  CHECK(*api.instance_integral_s == Approx(170.0).epsilon(1e-12));
  CHECK(node_metric(api, r.measured_s, "utilization").value() == Approx(99.985 / 170.0).epsilon(1e-9));
}

TEST_CASE("without startup the instances serve at the sync that adds them", "[autoscaling]") {
  const Results r = simulate(step_scenario(2, 100, 200, hpa(1, 10, {}, sec(300))));
  CHECK(find_node(r, "api").instance_timeline == Timeline{{0.0, 2}, {30.0, 4}});
}

TEST_CASE("max caps a scale-up", "[autoscaling]") {
  // As above, but max 3: the recommendation 4 becomes 3; on 3 instances the
  // ratio is 0.67 / 0.6 = 1.11 and ceil(3 x 1.11) = 4 again, capped at 3.
  const Results r = simulate(step_scenario(2, 100, 200, hpa(1, 3, sec(5), sec(300))));
  CHECK(find_node(r, "api").instance_timeline == Timeline{{0.0, 2}, {35.0, 3}});
}

TEST_CASE("a scale-down waits for the stabilization window", "[autoscaling]") {
  // 4 instances at 200/s: 2 busy workers, ratio 0.5 / 0.6, ceil(4 x 0.83) = 4.
  // At 20 s the load falls to 50/s (0.5 busy workers): from the sync at 30 s
  // on, the ratio is 0.125 / 0.6 = 0.21 and the recommendation ceil(4 x 0.21)
  // = 1. A scale-down takes the highest recommendation of the window: with
  // 30 s, the syncs at 30 s and 40 s still see the 4 of the sync at 20 s
  // (window (0, 30] and (10, 40]); at 50 s the window (20, 50] holds only 1s.
  // On one instance the ratio is 0.5 / 0.6 and ceil(0.83) = 1: it stays.
  SECTION("30 s window") {
    const Results r = simulate(step_scenario(4, 200, 50, hpa(1, 10, sec(5), sec(30))));
    CHECK(find_node(r, "api").instance_timeline == Timeline{{0.0, 4}, {50.0, 1}});
    const WorkloadResult& w = r.workloads[0];
    CHECK(w.succeeded == w.requests);  // draining instances finish their work
  }
  SECTION("no window: at the first sync that recommends it") {
    const Results r = simulate(step_scenario(4, 200, 50, hpa(1, 10, sec(5), {})));
    CHECK(find_node(r, "api").instance_timeline == Timeline{{0.0, 4}, {30.0, 1}});
  }
  SECTION("min holds the floor") {
    // On 2 instances: ratio 0.25 / 0.6, ceil(2 x 0.42) = 1, raised to min 2.
    const Results r = simulate(step_scenario(4, 200, 50, hpa(2, 10, sec(5), sec(30))));
    CHECK(find_node(r, "api").instance_timeline == Timeline{{0.0, 4}, {50.0, 2}});
  }
}

TEST_CASE("a removed instance drains: its queued and in-service work is done", "[autoscaling]") {
  // 4 instances with 30 ms of work and 200/s: 6 busy workers on 4, so queues
  // grow until the HPA adds instances; when the load drops, instances with a
  // queue are removed. Nothing fails, and every request is answered.
  Scenario s = scenario("drain", sec(90));
  Node api = service("api", Distribution::constant(ms(30)), 4, 1);
  api.autoscaling = hpa(1, 10, sec(5), {});
  s.nodes.push_back(api);
  Workload w = open_workload("req", "api", 200, ArrivalProcess::poisson);
  w.schedule.push_back(RateChange{sec(40), 20, {}});
  s.workloads.push_back(w);
  const Results r = simulate(s);
  const NodeResult& node = find_node(r, "api");
  INFO(node.instance_timeline.size());
  REQUIRE(node.instance_timeline.size() >= 3);
  CHECK(node.instance_timeline.back().second < 4);
  CHECK(r.workloads[0].succeeded == r.workloads[0].requests);
  CHECK(node.failed == 0);
  CHECK(node.rejected == 0);
}

TEST_CASE("faults strike autoscaled slots, started or not", "[autoscaling][faults]") {
  // Slot 3 is down from the start; the scale-up at 30 s starts slots 2 and 3,
  // so from 35 s only 3 instances take calls (no health check: balancers see
  // at once that it is down) and none fails.
  Scenario s = step_scenario(2, 100, 200, hpa(1, 10, sec(5), sec(300)));
  s.faults.push_back(on_instances(fault("slot3", FaultType::outage, "api", {}), 3, 3));
  RunOptions options;
  options.series_window = sec(1);
  const Results r = simulate(s, options);
  const NodeResult& api = find_node(r, "api");
  CHECK(api.instance_timeline.front() == std::pair{0.0, 2});
  CHECK(api.instance_timeline.at(1) == std::pair{35.0, 4});
  CHECK(r.series.at(36).nodes[0].instances_up == 3);
  CHECK(api.failed == 0);
  // A whole-node outage from 40 s to 41 s strikes every slot: the 200 arrivals
  // of [40 s, 41 s) are refused, and the two requests in service at 40 s
  // (started at 39.990 s and 39.995 s; the first would end at 40 s, after the
  // fault, which is a control event) fail. The arrival at 41 s comes after the end.
  s.faults.push_back(fault("all", FaultType::outage, "api", sec(40), sec(1)));
  const Results r2 = simulate(s);
  CHECK(r2.workloads[0].failed == 202);
  CHECK(find_node(r2, "api").instance_timeline == api.instance_timeline);
}

TEST_CASE("autoscaling one node leaves another node's random numbers alone", "[autoscaling][random]") {
  // Two independent paths; only `api` is autoscaled. `other` draws from its
  // own streams, which the autoscaler never touches.
  auto build = [](bool autoscaled) {
    Scenario s = step_scenario(2, 100, 200, hpa(1, 10, sec(5), sec(300)));
    if (!autoscaled) s.nodes[0].autoscaling.reset();
    s.nodes.push_back(service("other", Distribution::exponential(ms(5)), 2, 1));
    s.workloads.push_back(open_workload("side", "other", 50, ArrivalProcess::poisson));
    return s;
  };
  const Results with = simulate(build(true));
  const Results without = simulate(build(false));
  CHECK(find_node(with, "api").instance_timeline.size() == 2);
  CHECK(find_node(without, "api").instance_timeline.empty());
  CHECK(with.workloads[1].requests == without.workloads[1].requests);
  CHECK(with.workloads[1].latency.mean_ns() == without.workloads[1].latency.mean_ns());
  CHECK(find_node(with, "other").busy_integral_s == find_node(without, "other").busy_integral_s);
}

TEST_CASE("random crashes and a health check on an autoscaled node keep every request accounted for",
          "[autoscaling][faults]") {
  // Crashes strike every slot (started or not) while the load steps up and
  // down; the health check takes crashed instances out of rotation. Whatever
  // the interleaving, each request ends exactly once, nothing is left in
  // flight, and the run is reproducible.
  auto build = [] {
    Scenario s = step_scenario(2, 100, 300, hpa(1, 8, sec(5), sec(20)), sec(90));
    s.workloads[0].arrivals = ArrivalProcess::poisson;
    s.workloads[0].schedule.push_back(RateChange{sec(50), 50, {}});
    HealthCheck hc;
    hc.interval = sec(1);
    hc.timeout = ms(100);
    hc.unhealthy_threshold = 1;
    hc.healthy_threshold = 1;
    s.nodes[0].health_check = hc;
    Fault f = fault("crashes", FaultType::crash, "api", {});
    f.mtbf = sec(8);
    f.mttr = sec(2);
    s.faults.push_back(f);
    return s;
  };
  const Results a = simulate(build());
  const Results b = simulate(build());
  const WorkloadResult& w = a.workloads[0];
  CHECK(w.requests > 10000);
  CHECK(w.succeeded + w.failed + w.rejected + w.timed_out == w.requests);
  CHECK(w.failed > 0);  // crashes failed some, and scaling did not hide them
  const NodeResult& api = find_node(a, "api");
  CHECK(api.instance_timeline.size() >= 3);
  CHECK(api.instance_timeline == find_node(b, "api").instance_timeline);
  CHECK(w.failed == b.workloads[0].failed);
  CHECK(w.latency.mean_ns() == b.workloads[0].latency.mean_ns());
  CHECK_FALSE(a.run.stopped);
}
