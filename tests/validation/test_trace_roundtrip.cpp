// The round trip of SPEC 8.3 through the command line: a scenario that traces
// can fully describe (tests/data/roundtrip/: unlimited concurrency, no faults,
// no resilience; fork-joins, probabilities, repeats, network latency,
// lognormal and gamma work) is run with every request traced, imported, and
// the imported model run for the same time: every workload's p50 and p99
// (results files) and every endpoint's (the two runs' server spans) must
// agree within 5 %, SPEC 8.3's bound. Both runs hold 24,000 to 30,000
// requests, so a p99 rests on 240 to 300 samples beyond it (a sampling error
// of about 2-3 %); the seeds are fixed, so the figures are the same every time.
#include <catch2/catch.hpp>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <cstdio>

#include "support/cli_runner.hpp"
#include "svcsim/trace_import.hpp"

using namespace svcsim;
using namespace svcsim::test;

namespace {

double percentile_ms(std::vector<std::int64_t> v, double p) {
  std::sort(v.begin(), v.end());
  return static_cast<double>(v[static_cast<std::size_t>(p / 100 * static_cast<double>(v.size() - 1))]) * 1e-6;
}

void compare(const std::string& scenario, const std::string& what, double first, double second) {
  const double difference = (second - first) / first;
  std::printf("round trip %-6s %-24s %8.3f ms %8.3f ms %+6.1f %%\n", scenario.c_str(), what.c_str(), first, second,
              difference * 100);
  INFO(scenario << " " << what << ": first run " << first << " ms, imported model " << second << " ms");
  CHECK(std::fabs(difference) < 0.05);
}

}  // namespace

TEST_CASE("round trip: run --traces, import, run: p50 and p99 within 5 %", "[traces][import]") {
  for (const std::string name : {"shop", "media"}) {
    TempDir dir;
    const std::string scenario = std::string(SVCSIM_SOURCE_DIR) + "/tests/data/roundtrip/" + name + ".yaml";
    const std::string run = " --duration 2m --set warmup=5s --quiet --no-progress --trace-sample 100% ";
    Outcome o = run_svcsim(dir, "run '" + scenario + "'" + run + "--traces '" + dir.file("first.jsonl") + "' --json '" +
                                     dir.file("first.json") + "'");
    INFO(o.err);
    REQUIRE(o.code == 0);
    o = run_svcsim(dir, "import '" + dir.file("first.jsonl") + "' -o '" + dir.file("model.yaml") + "'");
    REQUIRE(o.code == 0);
    o = run_svcsim(dir, "run '" + dir.file("model.yaml") + "'" + run + "--traces '" + dir.file("second.jsonl") +
                            "' --json '" + dir.file("second.json") + "'");
    REQUIRE(o.code == 0);

    const auto first = boost::json::parse(read_file(dir.file("first.json")));
    const auto second = boost::json::parse(read_file(dir.file("second.json")));
    for (const auto& [workload, figures] : first.at("workloads").as_object()) {
      const auto& other = second.at("workloads").at(workload);
      for (const char* p : {"p50", "p99"})
        compare(name, std::string(workload) + " " + p, figures.at("latency_ms").at(p).to_number<double>(),
                other.at("latency_ms").at(p).to_number<double>());
    }
    const ObservedLatencies a = observe_trace_latencies({dir.file("first.jsonl")}, "otlp");
    const ObservedLatencies b = observe_trace_latencies({dir.file("second.jsonl")}, "otlp");
    REQUIRE(a.error.empty());
    REQUIRE(b.error.empty());
    REQUIRE(a.endpoints.size() >= 4);
    for (const auto& [endpoint, samples] : a.endpoints) {
      REQUIRE(b.endpoints.count(endpoint) == 1);
      for (const double p : {50.0, 99.0})
        compare(name, endpoint + (p == 50 ? " p50" : " p99"), percentile_ms(samples, p),
                percentile_ms(b.endpoints.at(endpoint), p));
    }
  }
}
