// The analytic view against the simulator on the shipped scenarios: each
// node's predicted utilisation is within a stated tolerance of the measured
// one (same scenario, its own seed and length, one run each).
//
// Tolerance, per node, as a fraction of the prediction:
// - noise: the measured busy time is a sum over n calls; its relative standard
//   error is about sqrt((1 + cv^2) / n) with cv the busy time's coefficient of
//   variation. We take cv^2 <= 4 (lognormal work with p99/median = 5 has
//   cv^2 = 0.6; heavy-tailed storage p99/median = 5 too), so 5 standard errors
//   are 5 sqrt(5 / n): 1.6 % for 100,000 calls, 11 % for 2,000;
// - model: 2 % for nodes whose busy time includes calls (threading: blocking),
//   since the callees' waits are M/M/c estimates for non-exponential work;
//   0 for nodes whose busy time is their own work (exact in the mean).
// Scenarios with faults are run with their faults removed: the analysis is
// the steady state without failures, and what a fault does to utilisation
// (work moving to a fallback) is not its to predict; their architectures,
// mixes, caches, fallbacks-not-taken and resilience settings are still checked.
// Admission control (`shed`, adaptive_concurrency) is removed the same way:
// the analysis predicts the load offered, which admission then trims by as
// much as the overload needs (netflix-overload sheds 12 % of its prefetches);
// and so are cache replication and coalescing, which the analysis does not
// model either (its notes say so): a cache of R copies holds 1/R of the titles.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <algorithm>
#include <filesystem>

#include "svcsim/analysis.hpp"
#include "svcsim/loader.hpp"
#include "svcsim/metrics.hpp"
#include "svcsim/simulation.hpp"

using namespace svcsim;

TEST_CASE("predicted utilisation is within tolerance of simulated utilisation on the shipped scenarios",
          "[validation][analysis]") {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(fs::path(SVCSIM_SOURCE_DIR) / "scenarios"))
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  int checked = 0;
  for (const fs::path& file : files) {
    LoadResult loaded = load_scenario_file(file.string());
    INFO(file.string());
    REQUIRE(loaded.scenario);
    Scenario s = *loaded.scenario;
    if (!s.faults.empty()) {
      // Without its faults such a scenario is mostly an architecture already
      // checked at full length (netflix); 45 s measured keep the suite quick,
      // and the tolerance below widens by itself with the fewer calls.
      s.faults.clear();
      s.duration = std::min(s.duration, s.warmup + Duration::from_seconds(45));
    }
    for (Node& n : s.nodes) {
      n.shed = {};
      n.adaptive_concurrency.reset();
      n.replication = 1;
      n.coalesce = false;
    }
    const Analysis analysis = analyze_scenario(s);
    const Results results = simulate(s);
    REQUIRE_FALSE(results.run.stopped);
    ++checked;
    for (std::size_t i = 0; i < s.nodes.size(); ++i) {
      const NodeAnalysis& predicted = analysis.nodes[i];
      const NodeResult& measured = results.nodes[i];
      // The analysis predicts the mean number busy for unlimited nodes: their busy_mean.
      const auto u = node_metric(measured, results.measured_s, measured.concurrency ? "utilization" : "busy_mean");
      REQUIRE(u);
      const double calls = predicted.arrival_rate_per_s * results.measured_s;
      if (calls < 1000) continue;  // too few to say anything at a useful tolerance
      // The analysis is steady state with the instances as written: an
      // autoscaled node's instance count moves with its load.
      if (s.nodes[i].autoscaling) continue;
      const bool includes_calls = predicted.busy_ms > predicted.work_ms * (1 + 1e-9);
      const double tolerance = 5 * std::sqrt(5.0 / calls) + (includes_calls ? 0.02 : 0.0);
      INFO(s.name << " node " << predicted.name << ": predicted " << predicted.utilization << ", measured " << *u
                  << ", tolerance " << tolerance * 100 << " %");
      CHECK(std::fabs(*u - predicted.utilization) <= tolerance * predicted.utilization);
    }
  }
  CHECK(checked >= 5);  // every shipped scenario: mm1, netflix, the CDN outage, recommendations down, the retry storm
}
