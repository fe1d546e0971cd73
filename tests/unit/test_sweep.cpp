// Sweeps: --vary values and ranges as written, the grid's order, the
// bisection of --find (including a contradicted assumption), and results that
// do not depend on the number of threads.
#include <catch2/catch.hpp>

#include <functional>

#include "svcsim/loader.hpp"
#include "svcsim/sweep.hpp"

using namespace svcsim;
using Catch::Matchers::Contains;

namespace {

std::vector<std::string> values_of(const std::string& text) {
  auto axis = parse_sweep_axis(text);
  INFO(axis.error.message);
  REQUIRE(axis);
  return axis.value->values;
}

std::string error_of(const std::string& text) {
  auto axis = parse_sweep_axis(text);
  REQUIRE_FALSE(axis);
  return axis.error.message;
}

using Strings = std::vector<std::string>;

/// Runs a bisection against a pass/fail rule and returns the indices it evaluated, in order.
std::vector<std::size_t> drive(Bisection& b, const std::function<bool(std::size_t)>& passes) {
  std::vector<std::size_t> order;
  for (int guard = 0; guard < 100 && !b.finished(); ++guard)
    for (const std::size_t i : b.next()) {
      order.push_back(i);
      b.record(i, passes(i));
    }
  return order;
}

}  // namespace

TEST_CASE("sweep values: lists as written, YAML values with commas, ranges", "[sweep]") {
  const auto axis = parse_sweep_axis("nodes.gateway.instances=2,4,8");
  REQUIRE(axis);
  CHECK(axis.value->path == "nodes.gateway.instances");
  CHECK(axis.value->values == Strings{"2", "4", "8"});
  CHECK(values_of("nodes.a.service_time={dist: exponential, mean: 2ms},3ms") ==
        Strings{"{dist: exponential, mean: 2ms}", "3ms"});
  CHECK(values_of("x=2..5") == Strings{"2", "3", "4", "5"});
  CHECK(values_of("x=2..10:4") == Strings{"2", "6", "10"});
  CHECK(values_of("workloads.play.rate=1000/s..5000/s:1000/s") ==
        Strings{"1000/s", "2000/s", "3000/s", "4000/s", "5000/s"});
  CHECK(values_of("x=0.5..0.9:0.1") == Strings{"0.5", "0.6", "0.7", "0.8", "0.9"});
  CHECK(values_of("x=1ms..2ms:0.25ms") == Strings{"1.00ms", "1.25ms", "1.50ms", "1.75ms", "2.00ms"});
  CHECK(values_of("x=3..3") == Strings{"3"});
}

TEST_CASE("sweep values: mistakes are named", "[sweep]") {
  CHECK_THAT(error_of("novalue"), Contains("expected PATH="));
  CHECK_THAT(error_of("x="), Contains("no values"));
  CHECK_THAT(error_of("x=1,,2"), Contains("empty value"));
  CHECK_THAT(error_of("x=1,2,1"), Contains("'1' is given twice"));
  CHECK_THAT(error_of("x=1000/s..5000/s"), Contains("needs a step"));
  CHECK_THAT(error_of("x=1000/s..5s:1/s"), Contains("same unit"));
  CHECK_THAT(error_of("x=5..2"), Contains("below the start"));
  CHECK_THAT(error_of("x=1..5:0"), Contains("above 0"));
  CHECK_THAT(error_of("x=1..1000000"), Contains("at most"));
}

TEST_CASE("sweep grid: every combination, the first axis outermost", "[sweep]") {
  const auto grid = sweep_grid({{"a", {"1", "2"}}, {"b", {"x", "y", "z"}}});
  REQUIRE(grid.size() == 6);
  CHECK((grid[0][0].value == "1" && grid[0][1].value == "x"));
  CHECK((grid[2][0].value == "1" && grid[2][1].value == "z"));
  CHECK((grid[3][0].value == "2" && grid[3][1].value == "x"));
  CHECK(grid[5][1].path == "b");
  CHECK(sweep_grid({}).size() == 1);
}

TEST_CASE("find: bisection for the smallest passing value, then the value above it", "[sweep]") {
  // values 0..15, passing from 6 on
  Bisection b(16);
  const auto order = drive(b, [](std::size_t i) { return i >= 6; });
  CHECK(order == std::vector<std::size_t>{0, 15, 7, 3, 5, 6});  // ends, then bisection; 7, above 6, is known
  REQUIRE(b.found());
  CHECK(*b.found() == 6);
  CHECK(b.assumption_problem({}).empty());
}

TEST_CASE("find: none passes, all pass, one value", "[sweep]") {
  Bisection none(8);
  CHECK(drive(none, [](std::size_t) { return false; }) == std::vector<std::size_t>{0, 7});
  CHECK_FALSE(none.found());
  Bisection all(8);
  CHECK(drive(all, [](std::size_t) { return true; }) == std::vector<std::size_t>{0, 7, 1});
  REQUIRE(all.found());
  CHECK(*all.found() == 0);
  Bisection one(1);
  CHECK(drive(one, [](std::size_t) { return true; }) == std::vector<std::size_t>{0});
  CHECK(*one.found() == 0);
}

TEST_CASE("find: a contradicted assumption is said plainly", "[sweep]") {
  const Strings values{"1", "2", "3", "4", "5", "6", "7", "8"};
  // 4 passes but 5 does not (noise, or more is worse past a point)
  Bisection b(values.size());
  drive(b, [](std::size_t i) { return i == 3 || i >= 6; });
  REQUIRE(b.found());
  CHECK(values[*b.found()] == "4");
  CHECK_THAT(b.assumption_problem(values), Contains("4 meets every objective but the larger 5 does not"));
  // the smallest passes but the largest fails
  Bisection down(values.size());
  drive(down, [](std::size_t i) { return i < 2; });
  CHECK(*down.found() == 0);
  CHECK_THAT(down.assumption_problem(values), Contains("1 meets every objective but the larger 8 does not"));
}

TEST_CASE("sweep points: results do not depend on the number of threads", "[sweep]") {
  const char* yaml = R"(
name: mm1
duration: 4s
warmup: 1s
nodes:
  server: {service_time: {dist: exponential, mean: 1ms}}
workloads:
  - {name: req, call: server, rate: 500/s}
slo: ["req p99 < 20ms"]
)";
  const auto grid = sweep_grid({{"workloads.req.rate", {"300/s", "600/s", "900/s", "950/s"}}});
  std::vector<Scenario> scenarios;
  for (const auto& point : grid) {
    LoadResult r = load_scenario_text(yaml, "mm1.yaml", point);
    REQUIRE(r.scenario);
    scenarios.push_back(*r.scenario);
  }
  SweepRunOptions one;
  one.jobs = 1;
  SweepRunOptions three;
  three.jobs = 3;
  std::size_t calls = 0;
  const auto a = run_sweep_points(scenarios, grid, one, [&](std::size_t done) { calls = done; });
  const auto b = run_sweep_points(scenarios, grid, three);
  CHECK(calls == 4);
  REQUIRE(a.size() == 4);
  REQUIRE(b.size() == 4);
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].parameters[0].value == grid[i][0].value);
    CHECK(b[i].parameters[0].value == grid[i][0].value);
    CHECK(a[i].results.runs[0].run.events == b[i].results.runs[0].run.events);
    CHECK(a[i].results.runs[0].workloads[0].latency.percentile_ns(99) ==
          b[i].results.runs[0].workloads[0].latency.percentile_ns(99));
    CHECK(a[i].pass == b[i].pass);
  }
  // more load, longer tail: the low-rate point passes, the 950/s one (p99 ~ 92 ms) does not
  CHECK(a[0].pass);
  CHECK_FALSE(a[3].pass);
  // common random numbers: the same seed at every point
  CHECK(a[0].results.runs[0].seed == a[3].results.runs[0].seed);
}
