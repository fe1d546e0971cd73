// Replications: derived seeds, Student-t half-widths, figures and objectives
// over hand-built runs (exact values, no simulation).
#include <catch2/catch.hpp>

#include <cmath>
#include <optional>
#include <set>
#include <vector>

#include "svcsim/metrics.hpp"
#include "svcsim/replicated_results.hpp"

using namespace svcsim;

namespace {

// One run whose workload `req` has `latency_ms` for every one of `ok` requests.
Results run_with(std::uint64_t seed, std::int64_t latency_ms, std::uint64_t ok, std::uint64_t failed = 0) {
  Results r;
  r.scenario_name = "s";
  r.seed = seed;
  r.measured_s = 10;
  WorkloadResult w;
  w.name = "req";
  w.requests = ok + failed;
  w.succeeded = ok;
  w.failed = failed;
  for (std::uint64_t i = 0; i < ok; ++i) w.latency.record(Duration::from_ms(latency_ms));
  r.workloads.push_back(std::move(w));
  NodeResult n;
  n.name = "server";
  n.instances = 1;
  n.concurrency = 1;
  n.busy_integral_s = static_cast<double>(latency_ms);  // utilization latency_ms / 10 (1 worker, 10 s)
  r.nodes.push_back(std::move(n));
  return r;
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

TEST_CASE("replication 0 keeps the seed, and the others are splitmix64 outputs below 2^53", "[replications]") {
  CHECK(replication_seed(42, 0) == 42);
  // The top 53 bits of the first output of splitmix64 from state 0 (Vigna's
  // reference generator: 0xe220a8397b1dcdaf).
  CHECK(replication_seed(0, 1) == (0xe220a8397b1dcdafULL >> 11));
  std::set<std::uint64_t> seeds;
  for (int k = 0; k < 1000; ++k) {
    seeds.insert(replication_seed(7, k));
    // A JSON number read as a double (jq 1.6, JavaScript) is exact below 2^53.
    CHECK(replication_seed(7, k) < (std::uint64_t{1} << 53));
    CHECK(replication_seed(~std::uint64_t{0} >> 11, k) < (std::uint64_t{1} << 53));
  }
  CHECK(seeds.size() == 1000);
  CHECK(replication_seed(7, 3) != replication_seed(8, 3));
}

TEST_CASE("Student t quantiles match the tables", "[replications]") {
  // Values of t(0.975, df) from any statistics table (here to 9 digits).
  CHECK(student_t_975(1) == Approx(12.706204736).epsilon(1e-9));
  CHECK(student_t_975(4) == Approx(2.776445105).epsilon(1e-9));
  CHECK(student_t_975(9) == Approx(2.262157163).epsilon(1e-9));
  CHECK(student_t_975(30) == Approx(2.042272456).epsilon(1e-9));
  // Large df: the normal quantile z plus (z^3 + z) / (4 df), Cornish-Fisher's first term.
  CHECK(student_t_975(100000) == Approx(1.959987708).epsilon(1e-9));
}

TEST_CASE("estimate: mean and 95% half-width", "[replications]") {
  const std::vector<std::optional<double>> values = {1.0, 2.0, 3.0, 4.0, 5.0};
  const Estimate e = estimate_of(values);
  REQUIRE(e.mean);
  CHECK(*e.mean == 3.0);
  REQUIRE(e.ci95);
  // s = sqrt(2.5), n = 5, t(0.975, 4) = 2.776445105
  CHECK(*e.ci95 == Approx(2.776445105 * std::sqrt(2.5) / std::sqrt(5.0)).epsilon(1e-9));

  const std::vector<std::optional<double>> one = {7.5};
  CHECK(estimate_of(one).mean == 7.5);
  CHECK_FALSE(estimate_of(one).ci95);  // no spread from one run

  const std::vector<std::optional<double>> same = {2.0, 2.0, 2.0};
  CHECK(estimate_of(same).ci95 == 0.0);

  const std::vector<std::optional<double>> gap = {1.0, std::nullopt, 3.0};
  CHECK_FALSE(estimate_of(gap).mean);  // undefined in one replication: undefined
  CHECK_FALSE(estimate_of(gap).ci95);
}

TEST_CASE("figures over runs come from workload_metric and node_metric", "[replications]") {
  const std::vector<Results> runs = {run_with(1, 10, 100), run_with(2, 20, 100), run_with(3, 30, 100)};
  const Estimate p99 = workload_estimate(runs, 0, "p99");
  REQUIRE(p99.mean);
  CHECK(*p99.mean == Approx(20.0).epsilon(0.004));  // histogram midpoints: within 0.39 %
  REQUIRE(p99.ci95);
  CHECK(*p99.ci95 > 0);
  const Estimate util = node_estimate(runs, 0, "utilization");
  CHECK(*util.mean == Approx(2.0));  // busy 10, 20, 30 s over 10 s: 1, 2, 3
  CHECK(*util.ci95 == Approx(4.302652730 * 1.0 / std::sqrt(3.0)).epsilon(1e-9));  // s = 1
}

TEST_CASE("objectives over replications hold on the mean", "[replications][objectives]") {
  Scenario s;
  s.slo.push_back(objective("req p99 < 25ms", "req", "p99", CompareOp::less, 25));
  s.slo.push_back(objective("req p99 < 15ms", "req", "p99", CompareOp::less, 15));
  // One run above the limit, the mean below it: the objective holds.
  const std::vector<Results> runs = {run_with(1, 10, 100), run_with(2, 20, 100), run_with(3, 30, 100)};
  const auto slo = evaluate_objectives(s, runs);
  REQUIRE(slo.size() == 2);
  CHECK(slo[0].evaluable);
  CHECK(slo[0].pass);
  CHECK(slo[0].value == Approx(20.0).epsilon(0.004));
  REQUIRE(slo[0].ci95);
  CHECK_FALSE(slo[1].pass);
  CHECK(slo[1].metric == "p99");
  CHECK(slo[1].threshold == 15);

  // A single run: exactly evaluate_objectives(Results), no half-width.
  const std::vector<Results> single = {run_with(1, 10, 100)};
  const auto one = evaluate_objectives(s, single);
  CHECK(one[0].value == evaluate_objectives(s, single[0])[0].value);
  CHECK_FALSE(one[0].ci95);
}

TEST_CASE("an objective undefined in one replication cannot be evaluated", "[replications][objectives]") {
  Scenario s;
  s.slo.push_back(objective("req p99 < 25ms", "req", "p99", CompareOp::less, 25));
  const std::vector<Results> runs = {run_with(1, 10, 100), run_with(99, 10, 0, 5)};  // nothing succeeded in the second
  const auto slo = evaluate_objectives(s, runs);
  REQUIRE(slo.size() == 1);
  CHECK_FALSE(slo[0].evaluable);
  CHECK_FALSE(slo[0].pass);
  CHECK(slo[0].problem.starts_with("in replication 1 (seed 99): no succeeded requests"));
}
