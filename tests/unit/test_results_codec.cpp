// The shard codec (src/shard/results_codec.cpp): a Results with every field
// set, and real runs of every shipped scenario, come back from JSON with the
// same bits (checked through the codec itself and through every report);
// broken input is refused with the field named. Also --shard/--runs parsing.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <limits>
#include <sstream>
#include <string>

#include <boost/json.hpp>

#include "shard/results_codec.hpp"
#include "shard/run_selection.hpp"
#include "shard/shard_file.hpp"
#include "svcsim/loader.hpp"
#include "svcsim/replicated_results.hpp"
#include "svcsim/report.hpp"
#include "svcsim/simulation.hpp"

namespace json = boost::json;
using namespace svcsim;

namespace {

// Every field of every struct of results.hpp set to a value that is not its
// default (add a line here for a field added to Results and to the codec).
Results every_field_set() {
  Results r;
  r.scenario_name = "shop";
  r.scenario_hash = "0123456789abcdef";
  r.seed = 0xfedcba9876543210ULL;
  r.duration_s = 600.125;
  r.warmup_s = 0.1;  // not a short binary fraction: must survive the text
  r.auto_warmup = AutoWarmup{5, 123, 7};
  r.replications = 3;
  r.measured_s = 1.0 / 3.0;
  r.run = RunInfo{987654321, 4.2, 600.5, 1.0625, true, "stopped: node 'db' is saturated",
                 "in_flight_limit"};

  WorkloadResult w;
  w.name = "checkout";
  w.requests = 100;
  w.succeeded = 90;
  w.degraded = 3;
  w.failed = 4;
  w.timed_out = 5;
  w.rejected = 1;
  w.completed = 88;
  for (const std::int64_t ns : {1'000LL, 1'500'000LL, 2'000'000'000LL, 7LL}) w.latency.record(Duration{ns});
  w.tail.nodes = 2;
  std::int64_t* slot = w.tail.slot(LatencyHistogram::index_of(1'500'000));
  for (std::size_t i = 0; i < w.tail.stride(); ++i) slot[i] = static_cast<std::int64_t>(i * 1000 + 1);
  w.tail.slot(LatencyHistogram::index_of(2'000'000'000))[1] = -5;
  r.workloads.push_back(w);

  NodeResult n;
  n.name = "db";
  n.kind = NodeKind::database;
  n.instances = 4;
  n.concurrency = 16;
  n.requests = 11;
  n.admitted = 10;
  n.rejected = 1;
  n.succeeded = 8;
  n.degraded = 2;
  n.failed = 2;
  n.timed_out = 3;
  n.waited = 6;
  n.refused = 13;
  n.in_system_at_start = 2;
  n.in_system_at_end = 17;
  n.tries_received = 19;
  n.extra_tries_received = 4;
  n.busy_integral_s = 0.1 + 0.2;
  n.queue_integral_s = 1e-300;
  n.in_system_integral_s = 12345.678901234567;
  n.queue_max = 40;
  n.latency.record(Duration{123'456});
  n.wait.record(Duration{0});
  n.cache_lookups = 9;
  n.cache_hits = 7;
  n.retries = 5;
  n.hedges = 4;
  n.timeouts = 3;
  n.breakers.push_back({"cache", {{10.5, "open"}, {20.25, "half_open"}, {21, "closed"}}});
  n.instance_integral_s = 77.7;
  n.instance_timeline = {{0, 2}, {30.5, 3}};
  n.cores = 2.5;
  n.cpu_limited = true;
  n.cpu_busy_integral_s = 12.75;
  n.throttled_integral_s = 0.3;
  n.shed = 6;
  n.limited = 7;
  n.throttled = 8;
  n.sheds = true;
  n.throttles = true;
  n.adaptive = true;
  n.limit_timeline = {{0, 10}, {5.5, 12}};
  r.nodes.push_back(n);
  NodeResult unlimited;
  unlimited.name = "cdn";
  unlimited.kind = NodeKind::cache;
  r.nodes.push_back(unlimited);

  ObjectiveResult o;
  o.check = "checkout p99 < 300ms";
  o.value = 140.3;
  o.pass = true;
  o.evaluable = false;
  o.problem = "nothing measured";
  o.metric = "p99";
  o.op = CompareOp::greater_equal;
  o.threshold = 300;
  o.ci95 = 2.1;
  r.slo.push_back(o);

  r.window_s = 1.5;
  SeriesRow row;
  row.start_s = 1.5;
  row.window_s = 0.75;
  row.workloads.push_back({1, 2, 3, 4, 5.5, 6.25});
  row.nodes.push_back({0.75, 1.25, 3, "half_open", 0.5, 8, 0.625, 12, 21, 3.125});
  row.nodes.push_back({std::numeric_limits<double>::infinity(), 0, 0, "", -1, 0, -1, -1, 0, -1});
  r.series.push_back(row);

  FaultPhases f;
  f.fault = "cdn-outage";
  f.at_s = 120;
  f.end_s = 180.5;
  std::array<FaultPhases::Phase, 3> phases;
  phases[1].requests = 9;
  phases[1].errors = 2;
  phases[1].latency.record(Duration{42});
  f.workloads.push_back(phases);
  r.faults.push_back(f);
  return r;
}

std::string codec_text(const Results& r) { return json::serialize(shard::results_to_codec_json(r)); }

Results round_trip(const Results& r) {
  std::string problem;
  // Through text, as a shard file does.
  auto back = shard::results_from_codec_json(json::parse(codec_text(r)), problem);
  INFO(problem);
  REQUIRE(back);
  return std::move(*back);
}

std::string terminal(const Results& r) {
  std::ostringstream out;
  print_terminal_report(out, r);
  print_fault_windows(out, r);
  return out.str();
}

}  // namespace

TEST_CASE("a Results with every field set comes back from the codec with the same bits", "[shard]") {
  const Results original = every_field_set();
  const Results back = round_trip(original);
  CHECK(codec_text(back) == codec_text(original));
  // Spot checks beyond the codec's own view of itself.
  CHECK(back.warmup_s == 0.1);
  CHECK(back.nodes[0].busy_integral_s == 0.1 + 0.2);
  CHECK(back.nodes[0].queue_integral_s == 1e-300);
  CHECK(std::isinf(back.series[0].nodes[1].utilization));
  CHECK(back.nodes[0].concurrency == 16);
  CHECK_FALSE(back.nodes[1].concurrency);
  CHECK(back.nodes[1].kind == NodeKind::cache);
  CHECK(back.nodes[0].cores == 2.5);
  CHECK(back.nodes[0].limit_timeline == original.nodes[0].limit_timeline);
  CHECK(back.series[0].nodes[0].limit == 12);
  CHECK(back.slo[0].op == CompareOp::greater_equal);
  CHECK(back.auto_warmup->truncated == 7);
  CHECK(back.run.stop_reason == original.run.stop_reason);
  CHECK(back.workloads[0].latency.count() == 4);
  CHECK(back.workloads[0].latency.sum_ns() == original.workloads[0].latency.sum_ns());
  CHECK(back.workloads[0].latency.min_ns() == 7);
  CHECK(back.workloads[0].latency.max_ns() == 2'000'000'000);
  CHECK(back.workloads[0].tail.sums == original.workloads[0].tail.sums);
  CHECK(back.workloads[0].tail.find(LatencyHistogram::index_of(2'000'000'000))[1] == -5);
  CHECK(back.faults[0].workloads[0][1].latency.count() == 1);
  // The reports read it the same way.
  CHECK(results_to_json(back) == results_to_json(original));
  CHECK(terminal(back) == terminal(original));
  CHECK(series_to_csv(back) == series_to_csv(original));
}

TEST_CASE("an empty histogram and an empty Results come back as they were", "[shard]") {
  const Results back = round_trip(Results{});
  CHECK(codec_text(back) == codec_text(Results{}));
  LatencyHistogram h;
  h.record(Duration{5});
  WorkloadResult w;
  w.latency = h;
  w.latency.reset();
  Results r;
  r.workloads.push_back(w);
  const Results again = round_trip(r);
  CHECK(again.workloads[0].latency.count() == 0);
  CHECK(again.workloads[0].latency.min_ns() == 0);
  // An empty histogram that then records behaves as a fresh one (min from INT64_MAX).
  LatencyHistogram copy = again.workloads[0].latency;
  copy.record(Duration{1000});
  CHECK(copy.min_ns() == 1000);
}

TEST_CASE("a tail breakdown of many nodes comes back with its sparse sums", "[shard]") {
  // Above TailBreakdown::kDenseNodes nodes only the sums that are not zero
  // are kept (issue 14); they are written as [bucket, index, sum] cells.
  WorkloadResult w;
  w.tail.nodes = TailBreakdown::kDenseNodes + 1;
  REQUIRE(!w.tail.dense());
  w.tail.add(LatencyHistogram::index_of(1'500'000), TailBreakdown::kLatency, 1'500'000);
  w.tail.add(LatencyHistogram::index_of(1'500'000), TailBreakdown::node_base(64) + TailBreakdown::kFailedTries, -7);
  w.tail.add(LatencyHistogram::index_of(1'500'000), TailBreakdown::kNetwork, 0);  // a zero keeps no cell
  w.tail.add(3, TailBreakdown::kNetwork, INT64_MAX);
  Results r;
  r.workloads.push_back(w);
  const Results back = round_trip(r);
  CHECK(back.workloads[0].tail.nodes == w.tail.nodes);
  CHECK(back.workloads[0].tail.cells == w.tail.cells);
  CHECK(back.workloads[0].tail.cells.size() == 3);
  CHECK(back.workloads[0].tail.sums.empty());
  CHECK(codec_text(back) == codec_text(r));
}

TEST_CASE("real runs of every shipped scenario come back with the same reports", "[shard]") {
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(SVCSIM_SOURCE_DIR) / "scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    INFO(entry.path());
    LoadResult loaded = load_scenario_file(entry.path().string());
    REQUIRE(loaded.scenario);
    Scenario scenario = *loaded.scenario;
    // Short, but long enough to pass the warmup and reach the faults' windows.
    scenario.duration = Duration{std::min<std::int64_t>(scenario.duration.ns, scenario.warmup.ns + 90'000'000'000)};
    RunOptions options;
    options.series_window = Duration{1'000'000'000};
    const Results original = simulate(scenario, options);
    const Results back = round_trip(original);
    CHECK(codec_text(back) == codec_text(original));
    CHECK(results_to_json(back) == results_to_json(original));
    CHECK(terminal(back) == terminal(original));
    CHECK(series_to_csv(back) == series_to_csv(original));
  }
}

TEST_CASE("broken codec input is refused with the field named", "[shard]") {
  const json::value good = shard::results_to_codec_json(every_field_set());
  auto problem_of = [](const json::value& v) {
    std::string problem;
    CHECK_FALSE(shard::results_from_codec_json(v, problem));
    return problem;
  };
  json::value v = good;
  v.as_object()["nodes"].as_array()[0].as_object().erase("waited");
  CHECK(problem_of(v) == "nodes[0].waited: missing");
  v = good;
  v.as_object()["workloads"].as_array()[0].as_object()["latency"].as_object()["buckets"].as_array()[1] =
      json::array{999999, 1};
  CHECK(problem_of(v) == "workloads[0].latency.buckets[1]: bucket index 999999 out of range");
  v = good;
  v.as_object()["measured_s"] = "1.5x";
  CHECK(problem_of(v) == "measured_s: '1.5x' is not a number");
  v = good;
  v.as_object()["nodes"].as_array()[0].as_object()["kind"] = 17;
  CHECK(problem_of(v) == "nodes[0].kind: 17 is not a known value");
  v = good;
  v.as_object()["seed"] = -1;
  CHECK(problem_of(v) == "seed: integer out of range");
  CHECK(problem_of(json::value(3)) == "expected an object");
}

TEST_CASE("dropping the time series removes its rows and leaves the events", "[shard]") {
  // run.events never counts the window ticks (engine.cpp), so a run with a
  // series and one without count the same events.
  Results r = every_field_set();
  const std::uint64_t events = r.run.events;
  shard::drop_time_series(r);
  CHECK(r.series.empty());
  CHECK(r.window_s == 0);
  CHECK(r.run.events == events);
}

TEST_CASE("shard and runs options select runs by index", "[shard]") {
  std::string problem;
  const auto spec = shard::parse_shard_spec("1/3", problem);
  REQUIRE(spec);
  shard::RunSelection by_shard{spec, {}};
  CHECK(*by_shard.indices(8, problem) == std::vector<std::size_t>{1, 4, 7});
  CHECK(by_shard.describe() == "shard 1/3");
  CHECK_FALSE(shard::parse_shard_spec("3/2", problem));
  CHECK(problem == "--shard 3/2: the shard index I must be below K (0 to 1)");
  CHECK_FALSE(shard::parse_shard_spec("0/0", problem));
  CHECK(problem == "--shard 0/0: the number of shards K must be at least 1");
  CHECK_FALSE(shard::parse_shard_spec("1-3", problem));
  CHECK_FALSE(shard::parse_shard_spec("-1/3", problem));

  const auto listed = shard::parse_run_list("17-19,3", problem);
  REQUIRE(listed);
  CHECK(*listed == std::vector<std::size_t>{3, 17, 18, 19});
  CHECK(shard::format_run_list(*listed) == "3,17-19");
  shard::RunSelection by_list{std::nullopt, *listed};
  CHECK(by_list.describe() == "runs 3,17-19");
  CHECK_FALSE(by_list.indices(19, problem));
  CHECK(problem == "--runs 3,17-19: run 19 is out of range: the command has 19 runs (0-18)");
  CHECK_FALSE(shard::parse_run_list("3,3", problem));
  CHECK(problem == "--runs 3,3: run 3 is listed twice");
  CHECK_FALSE(shard::parse_run_list("5-2", problem));
  CHECK_FALSE(shard::parse_run_list("", problem));
  CHECK(shard::parse_selection("0/2", "1").problem.find("cannot be used together") != std::string::npos);
  CHECK_FALSE(shard::parse_selection("", "").selection);
}
