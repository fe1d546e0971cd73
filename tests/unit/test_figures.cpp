// Honest figures (issue 13 items 1, 2 and 5; SPEC 10): throughput is what
// left, an overloaded node is named with its offered load and capacity, the
// time series divides each window by its own length, and every report shows
// the one figure the Summary computed (the tail's p99 is the table's).
#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "report/number_format.hpp"
#include "support/scenario_builder.hpp"
#include "svcsim/replicate.hpp"
#include "svcsim/report.hpp"
#include "svcsim/simulation.hpp"
#include "svcsim/summary.hpp"

using namespace svcsim;
using namespace svcsim::test;

namespace {

// One server of 1 ms exponential service (capacity 1000/s) at `rate`.
Scenario mm1(double rate, Duration duration = sec(20), Duration warmup = sec(2)) {
  Scenario s = scenario("mm1", duration, warmup);
  s.nodes.push_back(service("server", Distribution::exponential(ms(1))));
  s.workloads.push_back(open_workload("req", "server", rate));
  return s;
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(text);
  while (std::getline(in, item, sep)) out.push_back(item);
  if (!text.empty() && text.back() == sep) out.emplace_back();
  return out;
}

std::size_t column(const std::vector<std::string>& header, const std::string& name) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  FAIL("no column " << name);
  return 0;
}

}  // namespace

TEST_CASE("throughput is what left: an overloaded server reports its capacity, and a warning names it", "[figures]") {
  const Results r = simulate(mm1(2000));
  const Summary s = summarize(std::span<const Results>(&r, 1));
  // Every arrival of the 18 s window succeeds in the end (the drain), but only
  // those the server finished inside the window are throughput: a busy server
  // finishes ~18,000 (Poisson-like, standard deviation ~134, 0.75 %); 3 % is
  // four of them. Counting successes by arrival would give ~2000/s.
  CHECK(static_cast<double>(r.workloads[0].succeeded) / r.measured_s == Approx(2000).epsilon(0.03));
  CHECK(*s.workloads[0]["throughput"].mean == Approx(1000).epsilon(0.03));
  REQUIRE(s.warnings.size() == 1);
  const OverloadWarning& w = s.warnings[0];
  CHECK(w.name == "server");
  // 36,000 arrivals (standard deviation 190, 0.5 %) against ~1000/s served.
  CHECK(w.offered_per_s == Approx(2000).epsilon(0.03));
  CHECK(w.capacity_per_s == Approx(1000).epsilon(0.03));
  CHECK(w.servers == 1.0);
  CHECK_FALSE(w.rejects);

  // Every output says so: the results file's `warnings`, the terminal, JUnit.
  const auto doc = boost::json::parse(results_to_json(r));
  const auto& warnings = doc.at("warnings").as_array();
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].at("node").as_string() == "server");
  // (Boost.JSON's reader may round the last bit of what was written in full.)
  CHECK(warnings[0].at("offered_per_s").to_number<double>() == Approx(w.offered_per_s).epsilon(1e-12));
  CHECK(warnings[0].at("capacity_per_s").to_number<double>() == Approx(w.capacity_per_s).epsilon(1e-12));
  CHECK(std::string(warnings[0].at("message").as_string()).find("growing queue") != std::string::npos);
  std::ostringstream terminal;
  print_terminal_report(terminal, r);
  CHECK(terminal.str().find("warning: node 'server' is offered ") != std::string::npos);
  ReplicatedResults replicated;
  replicated.runs.push_back(r);
  CHECK(objectives_to_junit(replicated, {}).find("<system-err>warning: node &#39;server&#39; is offered") !=
        std::string::npos);
}

TEST_CASE("a sweep over rates shows the knee: throughput levels off at capacity, warnings start there", "[figures]") {
  // Below capacity throughput follows the rate (9,000 arrivals at 500/s:
  // standard deviation 95, 1 %); above it, it stays at ~1000/s (3 %: as above).
  const std::vector<std::pair<double, double>> expected{{500, 500}, {2000, 1000}, {4000, 1000}};
  for (const auto& [rate, throughput] : expected) {
    INFO("rate " << rate);
    const Results r = simulate(mm1(rate));
    const Summary s = summarize(std::span<const Results>(&r, 1));
    CHECK(*s.workloads[0]["throughput"].mean == Approx(throughput).epsilon(0.03));
    CHECK(s.warnings.size() == (rate > 1000 ? 1u : 0u));
  }
}

TEST_CASE("the time series: each window over its own length, per node arrivals and p99", "[figures]") {
  // 20 s in windows of 7 s: 0-7, 7-14 and a last one of 6 s.
  RunOptions options;
  options.series_window = sec(7);
  const Results r = simulate(mm1(900, sec(20), {}), options);
  REQUIRE(r.series.size() == 3);
  CHECK(r.series[2].start_s == 14.0);
  CHECK(r.series[2].window_s == 6.0);
  const auto lines = split(series_to_csv(r), '\n');
  REQUIRE(lines.size() >= 4);
  const auto header = split(lines[0], ',');
  const auto last = split(lines[3], ',');
  CHECK(last[column(header, "window_s")] == "6");
  // ~5,400 requests in the last 6 s (standard deviation 73, 1.4 %): divided by
  // its own 6 s, ~900/s; by 7 s it would be ~771/s. 10 % is 7 standard deviations.
  CHECK(std::stod(last[column(header, "req.throughput_per_s")]) == Approx(900).epsilon(0.1));
  CHECK(std::stod(last[column(header, "server.arrivals_per_s")]) == Approx(900).epsilon(0.1));
  // No network: a call to the server is answered when its request is, so the
  // node's p99 of each window is the workload's, exactly.
  for (const SeriesRow& row : r.series) {
    CHECK(row.nodes[0].p99_ms == row.workloads[0].p99_ms);
    CHECK(row.nodes[0].arrivals > 0);
  }
  // Figures have six significant digits at most (no binary noise).
  for (std::size_t l = 1; l < lines.size(); ++l) {
    if (lines[l].empty()) continue;
    const auto cells = split(lines[l], ',');
    for (std::size_t c = 2; c < cells.size(); ++c) {
      int digits = 0;
      bool leading = true;
      for (const char ch : cells[c]) {
        if (ch == 'e') break;
        if (ch < '0' || ch > '9') continue;
        if (leading && ch == '0') continue;
        leading = false;
        ++digits;
      }
      INFO(header[c] << " = " << cells[c]);
      CHECK(digits <= 6);
    }
  }
}

TEST_CASE("the time series of replications names the replication of each row", "[figures]") {
  RunOptions options;
  options.series_window = sec(5);
  Scenario s = mm1(500, sec(10), {});
  s.replications = 2;
  const ReplicatedResults rr = simulate_replications(s, options, 1);
  const auto lines = split(series_to_csv(rr.runs), '\n');
  REQUIRE(lines.size() >= 5);
  CHECK(lines[0].rfind("replication,start_s,window_s,", 0) == 0);
  CHECK(lines[1].rfind("0,0,5,", 0) == 0);
  CHECK(lines[3].rfind("1,0,5,", 0) == 0);
}

TEST_CASE("warmup: auto: a replication whose pilot finished stops with the pilot that did not", "[replications]") {
  // M/M/1 at rho 0.99 for 2 minutes under --max-in-flight 300, seed 1:
  // replication 0's queue passes 300 (its pilot stops at 56.9 s), replication
  // 1's does not (found by trying limits: with seed 1, 300 and 350 split them). The warmup is chosen over every pilot, so none can be chosen; a run
  // of replication 1 alone (a shard) must not come back as if measured (its
  // pilot's figures, from time 0), but stopped, saying why.
  Scenario s = mm1(990, sec(120), {});
  s.seed = 1;
  s.warmup_auto = true;
  s.replications = 2;
  RunOptions options;
  options.max_in_flight = 300;
  const std::vector<std::size_t> second = {1};
  const ReplicatedResults alone = simulate_replications(s, options, 1, second);
  REQUIRE(alone.runs.size() == 1);
  CHECK(alone.runs[0].run.stopped);
  CHECK(alone.runs[0].run.stopped_by == "in_flight_limit");
  CHECK(alone.runs[0].run.stop_reason.find("the pilot of replication 0 stopped (stopped at 56.") != std::string::npos);
  // Replication 0 stops by its own limit.
  const std::vector<std::size_t> first = {0};
  const ReplicatedResults own = simulate_replications(s, options, 1, first);
  CHECK(own.runs[0].run.stop_reason.rfind("stopped at 56.", 0) == 0);
}

TEST_CASE("replications: the terminal shows half-widths, and the tail's p99 is the table's", "[figures]") {
  Scenario s = mm1(900, sec(20), sec(2));
  s.replications = 3;
  const ReplicatedResults rr = simulate_replications(s, {}, 1);
  const Summary summary = summarize(rr.runs);
  // One estimator for "the p99": the mean of the replications' p99s.
  REQUIRE(summary.tails[0]);
  CHECK(summary.tails[0]->threshold_ms == *summary.workloads[0]["p99"].mean);
  std::ostringstream out;
  print_terminal_report(out, rr);
  const std::string text = out.str();
  const std::string p99 = detail::format_sig(*summary.workloads[0]["p99"].mean);
  INFO(text);
  CHECK(text.find("\u00b1") != std::string::npos);
  // The workloads table and the tail section print the same p99.
  const auto tail = text.find("tail (slower than p99)");
  REQUIRE(tail != std::string::npos);
  CHECK(text.find(p99) < tail);
  CHECK(text.find(p99, tail) != std::string::npos);
}
