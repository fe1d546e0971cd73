// Unit tests of the named figures (metrics.hpp) and of objective evaluation,
// on hand-built Results.
#include <catch2/catch.hpp>

#include <string>

#include "svcsim/metrics.hpp"

using namespace svcsim;

namespace {

WorkloadResult play() {
  WorkloadResult w;
  w.name = "play";
  w.requests = 1000;
  w.succeeded = 990;
  w.degraded = 30;
  w.failed = 4;
  w.timed_out = 3;
  w.rejected = 3;
  w.completed = 980;  // 10 successes of the window's arrivals left after it ended (SPEC 10)
  // 990 latencies: 1ms .. 990ms.
  for (std::int64_t i = 1; i <= 990; ++i) w.latency.record(Duration::from_ms(i));
  return w;
}

NodeResult gateway() {
  NodeResult n;
  n.name = "gateway";
  n.kind = NodeKind::api_gateway;
  n.instances = 4;
  n.concurrency = 8;
  n.requests = 500;
  n.admitted = 498;
  n.rejected = 2;
  n.succeeded = 490;
  n.degraded = 5;
  n.failed = 8;
  n.timed_out = 1;
  n.in_system_at_start = 3;  // so 498 + 3 - 13 = 488 calls were answered inside the window
  n.in_system_at_end = 13;
  n.busy_integral_s = 320.0;  // 32 workers over 100 s, so utilization 0.1
  n.queue_integral_s = 50.0;
  n.in_system_integral_s = 150.0;
  n.queue_max = 7;
  n.latency.record(Duration::from_ms(4));
  n.latency.record(Duration::from_ms(6));
  return n;
}

Objective objective(const char* text, const char* subject, const char* metric, CompareOp op, double threshold) {
  Objective o;
  o.text = text;
  o.subject = subject;
  o.metric = metric;
  o.op = op;
  o.threshold = threshold;
  return o;
}

}  // namespace

TEST_CASE("percentile metric names", "[metrics]") {
  CHECK(parse_percentile_metric("p50") == 50.0);
  CHECK(parse_percentile_metric("p99") == 99.0);
  CHECK(parse_percentile_metric("p99.9") == 99.9);
  CHECK(parse_percentile_metric("p99.99") == 99.99);
  CHECK(parse_percentile_metric("p100") == 100.0);
  CHECK_FALSE(parse_percentile_metric("p0"));
  CHECK_FALSE(parse_percentile_metric("p0.0"));
  CHECK_FALSE(parse_percentile_metric("p100.5"));
  CHECK_FALSE(parse_percentile_metric("p101"));
  CHECK_FALSE(parse_percentile_metric("p"));
  CHECK_FALSE(parse_percentile_metric("p1x"));
  CHECK_FALSE(parse_percentile_metric("p99."));
  CHECK_FALSE(parse_percentile_metric("p.5"));
  CHECK_FALSE(parse_percentile_metric("p-5"));
  CHECK_FALSE(parse_percentile_metric("p1e1"));
  CHECK_FALSE(parse_percentile_metric("q50"));
}

TEST_CASE("known metrics for workloads and nodes", "[metrics]") {
  for (const char* m : {"mean", "min", "max", "p50", "p99.9", "error_rate", "timeout_rate", "rejected_rate",
                        "degraded_rate", "availability", "throughput"}) {
    INFO(m);
    CHECK(is_known_metric(m, false));
    CHECK(is_known_metric(m, true));
  }
  for (const char* m : {"utilization", "queue_max", "queue_mean", "in_system_mean"}) {
    INFO(m);
    CHECK_FALSE(is_known_metric(m, false));
    CHECK(is_known_metric(m, true));
  }
  CHECK_FALSE(is_known_metric("latency", false));
  CHECK_FALSE(is_known_metric("p1x", true));
  CHECK_FALSE(is_known_metric("", true));
}

TEST_CASE("workload metrics", "[metrics]") {
  const WorkloadResult w = play();
  const double measured_s = 100;
  CHECK(*workload_metric(w, measured_s, "mean") == Approx(495.5));
  CHECK(*workload_metric(w, measured_s, "min") == 1.0);
  CHECK(*workload_metric(w, measured_s, "max") == 990.0);
  // Nearest rank 495 of 990: 495ms, within the histogram's 0.4%.
  CHECK(*workload_metric(w, measured_s, "p50") == Approx(495.0).epsilon(0.005));
  CHECK(*workload_metric(w, measured_s, "p100") == 990.0);
  CHECK(*workload_metric(w, measured_s, "error_rate") == Approx(0.010));
  CHECK(*workload_metric(w, measured_s, "timeout_rate") == Approx(0.003));
  CHECK(*workload_metric(w, measured_s, "rejected_rate") == Approx(0.003));
  CHECK(*workload_metric(w, measured_s, "degraded_rate") == Approx(0.030));
  // What left inside the window, not the successes among the window's arrivals (9.9).
  CHECK(*workload_metric(w, measured_s, "throughput") == Approx(9.8));
  // Exactly the double of 0.99, so "availability >= 99%" holds at the boundary.
  CHECK(*workload_metric(w, measured_s, "availability") == 0.99);

  CHECK_FALSE(workload_metric(w, measured_s, "utilization"));
  CHECK_FALSE(workload_metric(w, measured_s, "p0"));
  CHECK_FALSE(workload_metric(w, measured_s, "nonsense"));
  CHECK_FALSE(workload_metric(w, 0, "throughput"));

  WorkloadResult none;
  none.name = "idle";
  CHECK_FALSE(workload_metric(none, measured_s, "error_rate"));
  CHECK_FALSE(workload_metric(none, measured_s, "availability"));
  CHECK_FALSE(workload_metric(none, measured_s, "p99"));
  CHECK_FALSE(workload_metric(none, measured_s, "mean"));
  CHECK(*workload_metric(none, measured_s, "throughput") == 0.0);

  WorkloadResult all_failed;
  all_failed.requests = 10;
  all_failed.failed = 10;
  CHECK(*workload_metric(all_failed, measured_s, "availability") == 0.0);
  CHECK(*workload_metric(all_failed, measured_s, "error_rate") == 1.0);
  CHECK_FALSE(workload_metric(all_failed, measured_s, "max"));
}

TEST_CASE("node metrics", "[metrics]") {
  NodeResult n = gateway();
  const double measured_s = 100;
  CHECK(*node_metric(n, measured_s, "utilization") == Approx(0.1));
  CHECK(*node_metric(n, measured_s, "queue_mean") == Approx(0.5));
  CHECK(*node_metric(n, measured_s, "in_system_mean") == Approx(1.5));
  CHECK(*node_metric(n, measured_s, "queue_max") == 7.0);
  // a node's errors are its failures and refusals; callers' timeouts are apart
  CHECK(*node_metric(n, measured_s, "error_rate") == Approx(10.0 / 500));
  CHECK(*node_metric(n, measured_s, "timeout_rate") == Approx(1.0 / 500));
  CHECK(*node_metric(n, measured_s, "rejected_rate") == Approx(2.0 / 500));
  // Calls answered inside the window (488), not the admitted ones answered at any time.
  CHECK(*node_metric(n, measured_s, "throughput") == Approx(4.88));
  CHECK(*node_metric(n, measured_s, "mean") == Approx(5.0));
  CHECK(*node_metric(n, measured_s, "max") == 6.0);
  CHECK_FALSE(node_metric(n, measured_s, "bogus"));
  CHECK_FALSE(node_metric(n, 0, "utilization"));
  CHECK_FALSE(node_metric(n, 0, "queue_mean"));

  CHECK(*node_metric(n, measured_s, "busy_mean") == Approx(3.2));
  // Nothing retried: one try per call.
  CHECK(*node_metric(n, measured_s, "amplification") == 1.0);

  // Unlimited concurrency: no fraction of its workers; busy_mean says how many are busy (SPEC 10).
  n.concurrency = std::nullopt;
  CHECK_FALSE(node_metric(n, measured_s, "utilization"));
  CHECK(*node_metric(n, measured_s, "busy_mean") == Approx(3.2));
}

TEST_CASE("a node's refused calls are errors, and its amplification is tries per first try received", "[metrics]") {
  NodeResult n = gateway();
  n.requests = 510;  // 10 more, refused while no instance was up
  n.refused = 10;
  CHECK(*node_metric(n, 100, "error_rate") == Approx(20.0 / 510));
  // 189 tries of which 89 retries, hedges or fallbacks: 100 first tries, 1.89 tries each.
  n.tries_received = 189;
  n.extra_tries_received = 89;
  CHECK(*node_metric(n, 100, "amplification") == Approx(1.89));
  // Only fallbacks reached it: no first try to divide by.
  n.tries_received = n.extra_tries_received = 5;
  CHECK_FALSE(node_metric(n, 100, "amplification"));
}

TEST_CASE("objectives are evaluated, or say why they cannot be", "[metrics]") {
  Scenario scenario;
  scenario.slo = {
      objective("play p99 < 1s", "play", "p99", CompareOp::less, 1000),
      objective("play p50 <= 100ms", "play", "p50", CompareOp::less_equal, 100),
      objective("play availability >= 99%", "play", "availability", CompareOp::greater_equal, 0.99),
      objective("play error_rate > 1%", "play", "error_rate", CompareOp::greater, 0.0101),
      objective("gateway utilization < 80%", "gateway", "utilization", CompareOp::less, 0.8),
      objective("nope p99 < 1ms", "nope", "p99", CompareOp::less, 1),
      objective("play p1x < 1ms", "play", "p1x", CompareOp::less, 1),
      objective("play utilization < 80%", "play", "utilization", CompareOp::less, 0.8),
      objective("idle p99 < 1ms", "idle", "p99", CompareOp::less, 1),
      objective("gateway queue_max <= 7", "gateway", "queue_max", CompareOp::less_equal, 7),
  };
  Results results;
  results.measured_s = 100;
  results.workloads.push_back(play());
  WorkloadResult idle;
  idle.name = "idle";
  results.workloads.push_back(idle);
  results.nodes.push_back(gateway());

  const auto r = evaluate_objectives(scenario, results);
  REQUIRE(r.size() == scenario.slo.size());
  for (std::size_t i = 0; i < r.size(); ++i) CHECK(r[i].check == scenario.slo[i].text);

  CHECK(r[0].evaluable);
  CHECK(r[0].pass);
  CHECK(r[0].value == Approx(980.0).epsilon(0.005));
  CHECK(r[1].evaluable);
  CHECK_FALSE(r[1].pass);
  CHECK(r[2].pass);  // exactly 0.99 >= 0.99
  CHECK_FALSE(r[3].pass);
  CHECK(r[4].pass);
  CHECK(r[4].value == Approx(0.1));

  CHECK_FALSE(r[5].evaluable);
  CHECK_FALSE(r[5].pass);
  CHECK(r[5].problem == "no workload or node named 'nope'");
  CHECK_FALSE(r[6].evaluable);
  CHECK(r[6].problem == "unknown metric 'p1x'");
  CHECK_FALSE(r[7].evaluable);
  CHECK_THAT(r[7].problem, Catch::Contains("node metric"));
  CHECK_FALSE(r[8].evaluable);
  CHECK_FALSE(r[8].pass);
  CHECK(r[8].problem == "no requests measured for 'idle'");
  CHECK(r[9].pass);
  CHECK(r[9].problem.empty());
}

TEST_CASE("a latency equal to its threshold compares equal", "[metrics]") {
  // 1000007 ns: ns × 1e-6 and ns / 1e6 differ by an ulp here. The loader turns
  // a threshold into ms with Duration::millis(), so the figure must as well.
  WorkloadResult w;
  w.name = "play";
  w.requests = 1;
  w.succeeded = 1;
  w.latency.record(Duration{1'000'007});
  Scenario scenario;
  const double threshold = Duration{1'000'007}.millis();
  scenario.slo = {objective("play max <= 1.000007ms", "play", "max", CompareOp::less_equal, threshold),
                  objective("play p99 < 1.000007ms", "play", "p99", CompareOp::less, threshold)};
  Results results;
  results.measured_s = 1;
  results.workloads.push_back(w);
  const auto r = evaluate_objectives(scenario, results);
  REQUIRE(r.size() == 2);
  CHECK(r[0].pass);
  CHECK_FALSE(r[1].pass);
}
