// Arrival processes beyond Poisson and constant: a Markov-modulated Poisson
// process (its long-run rate and its burstiness), trace replay, distribution
// arrivals following a schedule, and constant arrivals ramping up from 0.
// The node does no work (a pure delay of 0), so every request ends at its
// arrival and the time series counts arrivals per window.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <numeric>
#include <vector>

#include "support/scenario_builder.hpp"
#include "svcsim/loader.hpp"
#include "svcsim/simulation.hpp"

using namespace svcsim;
using namespace svcsim::test;

namespace {

Scenario sink_scenario(Workload w, Duration duration) {
  Scenario s = scenario("arrivals", duration);
  s.nodes.push_back(service("sink", Distribution::constant({}), 1, std::nullopt));
  w.name = "w";
  w.call = "sink";
  s.workloads.push_back(std::move(w));
  return s;
}

/// Arrivals per window of `window` (succeeded requests: the sink answers at once).
std::vector<double> counts_per_window(const Scenario& s, Duration window) {
  RunOptions options;
  options.series_window = window;
  const Results r = simulate(s, options);
  std::vector<double> counts;
  for (const SeriesRow& row : r.series) counts.push_back(static_cast<double>(row.workloads[0].succeeded));
  return counts;
}

/// Variance over mean of the counts: 1 for Poisson arrivals.
double index_of_dispersion(const std::vector<double>& counts) {
  const double n = static_cast<double>(counts.size());
  const double mean = std::accumulate(counts.begin(), counts.end(), 0.0) / n;
  double ss = 0;
  for (double c : counts) ss += (c - mean) * (c - mean);
  return ss / (n - 1) / mean;
}

Workload mmpp_workload() {
  // Quiet 50/s for 0.3 s on average, bursts of 500/s for 0.1 s on average.
  Workload w;
  w.arrivals = ArrivalProcess::mmpp;
  w.mmpp = {MmppState{50, ms(300)}, MmppState{500, ms(100)}};
  w.rate_per_s = 162.5;
  return w;
}

}  // namespace

TEST_CASE("mmpp: the long-run rate is the sojourn-weighted mean of the states' rates", "[arrivals][mmpp]") {
  // The states alternate, so the share of time in each is its mean sojourn
  // over their sum: 3/4 at 50/s and 1/4 at 500/s, a mean of 162.5/s.
  // Tolerance: a two-state MMPP's count over T has variance I x mean, with the
  // index of dispersion I = 1 + 2 s1 s2 (l1 - l2)^2 / ((s1 + s2)^3 mean rate)
  // (s = 1/sojourn: 3.33/s and 10/s), here I = 36. Over 4000 s the count
  // (650,000 expected) has a standard deviation of sqrt(36 x 650000) = 4837,
  // 0.74 %; we allow 3 %, four standard deviations.
  const Scenario s = sink_scenario(mmpp_workload(), sec(4000));
  const Results r = simulate(s);
  const double rate = static_cast<double>(r.workloads[0].requests) / 4000.0;
  CHECK(rate == Approx(162.5).epsilon(0.03));
}

TEST_CASE("mmpp arrivals are bursty: counts vary far more than Poisson's", "[arrivals][mmpp]") {
  // Over windows of t = 1 s the theory gives I(t) = 1 + 35.05 x (1 - (1 -
  // exp(-(s1 + s2) t)) / ((s1 + s2) t)) = 1 + 35.05 x 0.925 = 33.4. A Poisson
  // workload of the same rate has I = 1, whose estimate from 2000 windows has
  // a standard deviation of sqrt(2 / 2000) = 3 %: we allow 0.85 to 1.15. The
  // MMPP estimate wanders more (its windows are correlated); 25 % around 33.4
  // still separates the two by a factor of 20.
  const std::vector<double> bursty = counts_per_window(sink_scenario(mmpp_workload(), sec(2000)), sec(1));
  const std::vector<double> poisson =
      counts_per_window(sink_scenario(open_workload("w", "sink", 162.5), sec(2000)), sec(1));
  REQUIRE(bursty.size() == 2000);
  CHECK(index_of_dispersion(poisson) == Approx(1.0).margin(0.15));
  CHECK(index_of_dispersion(bursty) == Approx(33.4).epsilon(0.25));
}

TEST_CASE("mmpp draws its states from its own stream", "[arrivals][mmpp][random]") {
  // A second, Poisson workload on another node is unchanged when the MMPP's
  // states change: its arrivals come from its own stream.
  auto build = [](double burst_rate) {
    Workload w = mmpp_workload();
    w.mmpp[1].rate_per_s = burst_rate;
    Scenario s = sink_scenario(w, sec(100));
    s.nodes.push_back(service("other", Distribution::exponential(ms(2)), 1, 1));
    s.workloads.push_back(open_workload("side", "other", 100));
    return s;
  };
  const Results a = simulate(build(500));
  const Results b = simulate(build(900));
  CHECK(a.workloads[0].requests != b.workloads[0].requests);
  CHECK(a.workloads[1].requests == b.workloads[1].requests);
  CHECK(a.workloads[1].latency.mean_ns() == b.workloads[1].latency.mean_ns());
}

TEST_CASE("a trace is replayed exactly, from the scenario file's directory", "[arrivals][trace]") {
  // One arrival every 7 ms from 0 to 13.993 s (2000 lines), plus one more at
  // 1 s: the run of 10 s replays those before 10 s, 9.996 s being
  // the last: 1429 + 1 arrivals; the window [1 s, 2 s) holds 143 (7 ms apart
  // from 1.001 s to 1.995 s, plus 1.000 s twice) — in whole ms: k = 143..285.
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "svcsim_test_trace";
  fs::create_directories(dir / "traces");
  {
    std::ofstream trace(dir / "traces" / "arrivals.csv");
    trace << "# time_s\n";
    for (int k = 0; k < 2000; ++k) {
      if (k * 7 == 1001) trace << "1000ms\n";  // a duration also works; times may repeat
      trace << k * 7 / 1000.0 << ",extra column\n";
    }
  }
  const std::string yaml = "name: t\nduration: 10s\nnodes:\n  sink: {service_time: 0s, concurrency: unlimited}\n"
                           "workloads:\n  - {name: w, call: sink, arrivals: {trace: traces/arrivals.csv}}\n";
  std::ofstream(dir / "s.yaml") << yaml;
  const LoadResult loaded = load_scenario_file((dir / "s.yaml").string());
  std::string errors;
  for (const auto& e : loaded.errors) errors += e.format() + "\n";
  INFO(errors);
  REQUIRE(loaded.scenario);
  CHECK(loaded.scenario->workloads[0].rate_per_s == Approx(143.0));
  RunOptions options;
  options.series_window = sec(1);
  const Results r = simulate(*loaded.scenario, options);
  CHECK(r.workloads[0].requests == 1430);
  CHECK(r.series.at(1).workloads[0].succeeded == 144);
  fs::remove_all(dir);
}

TEST_CASE("distribution arrivals follow a schedule", "[arrivals][schedule]") {
  // Inter-arrival times of mean 10 ms (100/s) with cv 0.5; from 50 s the
  // schedule doubles the rate. Each half has about 5000 and 10000 arrivals;
  // a renewal process with cv 0.5 has count variance 0.25 x mean, so the
  // standard deviations are 35 and 50: 3 % is over four of them.
  Workload w;
  w.arrivals = ArrivalProcess::distribution;
  w.interarrival = Distribution::gamma(ms(10), 0.5);
  w.rate_per_s = 100;
  w.schedule.push_back(RateChange{sec(50), 200, {}});
  const std::vector<double> counts = counts_per_window(sink_scenario(w, sec(100)), sec(50));
  REQUIRE(counts.size() == 2);
  CHECK(counts[0] == Approx(5000).epsilon(0.03));
  CHECK(counts[1] == Approx(10000).epsilon(0.03));
}

TEST_CASE("constant arrivals ramp up from a rate of 0", "[arrivals][schedule]") {
  // Rate 0 from 0 s, then a ramp to 100/s over 10 s from 10 s, then 100/s to
  // 30 s. The ramp's integral is 5 t^2 arrivals t seconds into it: the first
  // arrival comes at t = sqrt(1/5) = 0.447 s, then spacing 1/rate(t). About
  // 500 arrive during the ramp and 1000 after (the constant process lags the
  // integral by less than one spacing, so within a few).
  Workload w = open_workload("w", "sink", 100, ArrivalProcess::constant);
  w.schedule.push_back(RateChange{sec(0), 0, {}});
  w.schedule.push_back(RateChange{sec(10), 100, sec(10)});
  const std::vector<double> counts = counts_per_window(sink_scenario(w, sec(30)), sec(10));
  REQUIRE(counts.size() == 3);
  CHECK(counts[0] == 0);
  CHECK(counts[1] == Approx(500).margin(10));
  CHECK(counts[2] == Approx(1000).margin(2));
}
