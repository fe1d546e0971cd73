// How faithful an imported model is: traces generated from a known
// architecture (with svcsim's own span semantics: a server span from a call's
// arrival to its answer leaving, a client span from sending to the answer
// coming back), imported, then simulated; every workload's and endpoint's p50
// and p99 must come out within 5 % of what the traces show. The architecture
// has what traces can fully tell: unlimited concurrency, a fork-join, a call
// made in 30 % of requests twice in a row, network delays, lognormal, gamma
// and exponential work. Tolerance: 5 % is SPEC 8.3's round-trip bound; the
// traces hold 40,000 requests (p99's sampling error about 2 %), the
// simulation 400,000.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "support/trace_writer.hpp"
#include "svcsim/distribution.hpp"
#include "svcsim/loader.hpp"
#include "svcsim/metrics.hpp"
#include "svcsim/random.hpp"
#include "svcsim/simulation.hpp"
#include "svcsim/trace_import.hpp"

using namespace svcsim;
using svcsim::test::otlp_line;
using svcsim::test::TestSpan;

namespace {

namespace fs = std::filesystem;

struct Generator {
  RandomStream rng{7, "traces"};
  Distribution link = Distribution::lognormal_median_p99(Duration::from_us(200), Duration::from_ms(1));
  Distribution gateway_before = Distribution::lognormal_median_p99(Duration::from_ms(2), Duration::from_ms(10));
  Distribution gateway_after = Distribution::gamma(Duration::from_ms(1), 0.5);
  Distribution auth = Distribution::lognormal_median_p99(Duration::from_ms(1), Duration::from_ms(5));
  Distribution cart = Distribution::gamma(Duration::from_ms(3), 1.0);
  Distribution db = Distribution::exponential(Duration::from_us(500));
  std::map<std::string, std::vector<std::int64_t>> observed;

  std::int64_t draw(const Distribution& d) { return d.sample(rng).ns; }

  // A call from span `caller` at time t: its client span, the callee's server span; returns the answer's time.
  std::int64_t call(std::vector<TestSpan>& spans, int caller, const std::string& from, const std::string& to,
                    const std::string& op, const Distribution& work, std::int64_t t) {
    const std::int64_t out = draw(link), back = draw(link), w = draw(work);
    spans.push_back({from, to + "." + op, 3, t, t + out + w + back, caller, false, ""});
    spans.push_back({to, op, 2, t + out, t + out + w, static_cast<int>(spans.size()) - 1, false, ""});
    observed[to + "." + op].push_back(w);
    return t + out + w + back;
  }

  std::string request(std::uint64_t r, std::int64_t arrival) {
    std::vector<TestSpan> spans;
    const std::int64_t in = Duration::from_ms(1).ns;  // client <-> gateway, each way
    spans.push_back({"client", "checkout", 3, arrival, 0, -1, false, ""});
    spans.push_back({"gateway", "checkout", 2, arrival + in, 0, 0, false, ""});
    std::int64_t t = arrival + in + draw(gateway_before);
    const std::int64_t a = call(spans, 1, "gateway", "auth", "check", auth, t);
    const std::int64_t c = call(spans, 1, "gateway", "cart", "get", cart, t);
    t = std::max(a, c);
    if (rng.uniform01() < 0.3)
      for (int k = 0; k < 2; ++k) t = call(spans, 1, "gateway", "db", "query", db, t);
    t += draw(gateway_after);
    spans[1].end_ns = t;
    spans[0].end_ns = t + in;
    observed["gateway.checkout"].push_back(t - spans[1].start_ns);
    observed["checkout"].push_back(t + in - arrival);
    return otlp_line(r, spans);
  }
};

double observed_percentile(std::vector<std::int64_t> v, double p) {
  std::sort(v.begin(), v.end());
  return static_cast<double>(v[static_cast<std::size_t>(p / 100 * static_cast<double>(v.size() - 1))]) * 1e-6;
}

}  // namespace

TEST_CASE("an imported model reproduces the traces' p50 and p99 within 5 %", "[import][validation]") {
  Generator g;
  const fs::path file = fs::temp_directory_path() / ("svcsim_fidelity_" + std::to_string(::getpid()) + ".jsonl");
  {
    std::ofstream out(file);
    std::int64_t arrival = 0;
    for (std::uint64_t r = 0; r < 40000; ++r) {
      arrival += Distribution::exponential(Duration::from_ms(5)).sample(g.rng).ns;
      out << g.request(r, arrival);
    }
  }
  TraceImportOptions options;
  options.files = {file.string()};
  const TraceImportResult imported = import_traces(options);
  fs::remove(file);
  REQUIRE(imported.error.empty());
  INFO(imported.yaml);
  LoadResult loaded = load_scenario_text(imported.yaml, "imported.yaml");
  REQUIRE(loaded.scenario);
  Scenario scenario = *loaded.scenario;
  scenario.duration = Duration::from_s(2000);  // 400,000 requests at the traces' 200/s
  const Results results = simulate(scenario);

  REQUIRE(results.workloads.size() == 1);
  const auto compare = [&](const std::string& what, const LatencyHistogram& simulated) {
    for (const double p : {50.0, 99.0}) {
      const double obs = observed_percentile(g.observed.at(what), p);
      const double sim = simulated.percentile_ns(p) * 1e-6;
      INFO(what << " p" << p << ": observed " << obs << " ms, simulated " << sim << " ms");
      CHECK(std::fabs(sim - obs) / obs < 0.05);
    }
  };
  compare("checkout", results.workloads[0].latency);
  for (const auto& n : results.nodes) {
    const std::string target = n.name + "." + (n.name == "gateway" ? "checkout" : n.name == "auth" ? "check"
                                                 : n.name == "cart"  ? "get" : "query");
    compare(target, n.latency);
  }
}
