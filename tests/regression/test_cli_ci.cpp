// The CI gate through the binary: JUnit XML, `compare` exit codes, replications
// (identical whatever -j), scenario.hash, and that an unrelated addition
// changes no figure. (Each shipped scenario's determinism and baseline:
// regression/check_scenario.sh, one CTest per scenario.)
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "support/cli_runner.hpp"

namespace json = boost::json;
using namespace svcsim::test;

namespace {

// rho = 0.5: p99 about 9.2 ms. One objective holds, one fails.
const char* kGate = R"(name: gate
seed: 7
duration: 10s
nodes:
  server: {service_time: {dist: exponential, mean: 1ms}}
workloads:
  - {name: req, call: server, rate: 500/s}
slo: ["req p99 < 50ms", "req p50 < 1ms"]
)";

// rho = 0.7: p99 about 15 ms, and most requests wait (so no figure sits at 0).
const char* kPassing = R"(name: passing
seed: 7
duration: 10s
nodes:
  server: {service_time: {dist: exponential, mean: 1ms}}
workloads:
  - {name: req, call: server, rate: 700/s}
slo: ["req p99 < 50ms"]
)";

// Two services behind a front; network latency on every hop.
const char* kTwoPaths = R"(name: paths
seed: 3
duration: 10s
network: {latency: {dist: exponential, mean: 200us}}
nodes:
  front:
    concurrency: 4
    endpoints:
      get: {steps: [{work: {dist: exponential, mean: 1ms}}, {call: back}]}
  back: {concurrency: 2, service_time: {dist: lognormal, median: 2ms, p99: 8ms}}
workloads:
  - {name: req, call: front.get, rate: 400/s}
)";

// The same plus a node and a workload that nothing above calls.
const char* kTwoPathsPlusOne = R"(name: paths
seed: 3
duration: 10s
network: {latency: {dist: exponential, mean: 200us}}
nodes:
  front:
    concurrency: 4
    endpoints:
      get: {steps: [{work: {dist: exponential, mean: 1ms}}, {call: back}]}
  back: {concurrency: 2, service_time: {dist: lognormal, median: 2ms, p99: 8ms}}
  extra: {concurrency: 1, service_time: {dist: exponential, mean: 3ms}}
workloads:
  - {name: req, call: front.get, rate: 400/s}
  - {name: other, call: extra, rate: 200/s}
)";

std::vector<std::string> lines_without(const std::string& text, const std::vector<std::string>& keys) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    bool skip = false;
    for (const auto& key : keys) skip = skip || contains(line, "\"" + key + "\"");
    if (!skip) lines.push_back(line);
  }
  return lines;
}

std::vector<std::string> lines_without_wall_clock(const std::string& text) {
  return lines_without(text, {"wall_s", "events_per_s"});
}

std::string quoted(const std::string& path) { return "'" + path + "'"; }

}  // namespace

TEST_CASE("run writes JUnit XML, one test case per objective", "[cli][junit]") {
  TempDir dir;
  const auto scenario = dir.write("gate.yaml", kGate);
  const auto xml = dir.file("objectives.xml");
  const auto o = run_svcsim(dir, "run " + quoted(scenario) + " --quiet --junit " + quoted(xml));
  CHECK(o.code == 1);
  const std::string text = read_file(xml);
  CHECK(contains(text, "<testsuite name=\"gate\" tests=\"2\" failures=\"1\" errors=\"0\""));
  CHECK(contains(text, "<testcase classname=\"gate\" name=\"req p99 &lt; 50ms\""));
  CHECK(contains(text, "<testcase classname=\"gate\" name=\"req p50 &lt; 1ms\""));
  CHECK(contains(text, "<failure type=\"objective failed\" message=\"observed "));
  CHECK(contains(text, "ms, limit &lt; 1ms\"/>"));
  // Deterministic: the same bytes from a second run.
  const auto again = dir.file("again.xml");
  REQUIRE(run_svcsim(dir, "run " + quoted(scenario) + " --quiet --junit " + quoted(again)).code == 1);
  CHECK(read_file(again) == text);
}

TEST_CASE("a JUnit file in a missing folder is refused before running", "[cli][junit]") {
  TempDir dir;
  const auto scenario = dir.write("gate.yaml", kGate);
  const auto target = dir.file("nowhere/objectives.xml");
  const auto o = run_svcsim(dir, "run " + quoted(scenario) + " --junit " + quoted(target));
  CHECK(o.code == 2);
  CHECK(o.out.empty());  // nothing was simulated
  CHECK(contains(o.err, "error: cannot write '" + target + "': folder '" + dir.file("nowhere") + "' does not exist"));
}

TEST_CASE("an objective that cannot be evaluated is a JUnit error and exits 2", "[cli][junit]") {
  TempDir dir;
  // Every request times out: nothing succeeded, so there is no latency to compare.
  const auto scenario = dir.write("hopeless.yaml", R"(name: hopeless
duration: 2s
nodes:
  server: {service_time: 5ms, concurrency: unlimited}
workloads:
  - {name: req, call: server, rate: 10/s, timeout: 1ms}
slo: ["req p99 < 10ms", "req error_rate < 50%"]
)");
  const auto xml = dir.file("objectives.xml");
  const auto o = run_svcsim(dir, "run " + quoted(scenario) + " --quiet --junit " + quoted(xml));
  CHECK(o.code == 2);
  const std::string text = read_file(xml);
  CHECK(contains(text, "tests=\"2\" failures=\"1\" errors=\"1\""));
  CHECK(contains(text, "<error type=\"objective not evaluable\" message=\"cannot evaluate: no succeeded requests"));
}

TEST_CASE("compare exits 0 unchanged, 1 on a regression, 2 on bad input", "[cli][compare]") {
  TempDir dir;
  const auto scenario = dir.write("passing.yaml", kPassing);
  const auto base = dir.file("base.json");
  const auto same = dir.file("same.json");
  const auto slower = dir.file("slower.json");
  REQUIRE(run_svcsim(dir, "run " + quoted(scenario) + " --quiet --json " + quoted(base)).code == 0);
  REQUIRE(run_svcsim(dir, "run " + quoted(scenario) + " --quiet --json " + quoted(same)).code == 0);
  // A slower server (1ms -> 1.2ms of work, rho 0.84): still within the objective, but worse.
  REQUIRE(run_svcsim(dir, "run " + quoted(scenario) + " --quiet --json " + quoted(slower) +
                              " --set 'nodes.server.service_time={dist: exponential, mean: 1.2ms}'")
              .code == 0);

  const auto unchanged = run_svcsim(dir, "compare " + quoted(base) + " " + quoted(same));
  CHECK(unchanged.code == 0);
  CHECK(unchanged.err.empty());
  CHECK(contains(unchanged.out, "0 regressed"));
  CHECK_FALSE(contains(unchanged.out, "note:"));  // same scenario hash

  const auto worse = run_svcsim(dir, "compare " + quoted(base) + " " + quoted(slower));
  CHECK(worse.code == 1);
  CHECK(contains(worse.out, "note: the files come from different scenarios"));
  CHECK(contains(worse.out, "workloads.req.latency_ms.p99"));
  CHECK(contains(worse.out, "REGRESSED"));
  CHECK(contains(worse.err, "svcsim: regression: workloads.req.latency_ms.p99 "));
  // The other way round it is an improvement; a wide tolerance lets it pass.
  CHECK(run_svcsim(dir, "compare " + quoted(slower) + " " + quoted(base)).code == 0);
  CHECK(run_svcsim(dir, "compare " + quoted(base) + " " + quoted(slower) + " --tolerance 500%").code == 0);

  const auto missing = run_svcsim(dir, "compare " + quoted(base) + " " + quoted(dir.file("missing.json")));
  CHECK(missing.code == 2);
  CHECK(contains(missing.err, "error: cannot read '" + dir.file("missing.json") + "'"));
  const auto not_results = run_svcsim(dir, "compare " + quoted(base) + " " + quoted(scenario));
  CHECK(not_results.code == 2);
  CHECK(contains(not_results.err, "is not valid JSON"));
  const auto bad_tolerance = run_svcsim(dir, "compare " + quoted(base) + " " + quoted(same) + " --tolerance 10");
  CHECK(bad_tolerance.code == 2);
  CHECK(contains(bad_tolerance.err, "error: --tolerance '10': "));
  CHECK(run_svcsim(dir, "compare " + quoted(base)).code == 2);
}

TEST_CASE("replications give the same file whatever -j", "[cli][replications]") {
  TempDir dir;
  const auto scenario = dir.write("passing.yaml", kPassing);
  const auto one = dir.file("j1.json");
  const auto two = dir.file("j2.json");
  const auto three = dir.file("j3.json");
  const std::string run = "run " + quoted(scenario) + " --quiet --duration 4s --replications 5 ";
  REQUIRE(run_svcsim(dir, run + "-j 1 --json " + quoted(one)).code == 0);
  REQUIRE(run_svcsim(dir, run + "-j 2 --json " + quoted(two)).code == 0);
  REQUIRE(run_svcsim(dir, run + "--jobs 3 --json " + quoted(three)).code == 0);
  const auto lines = lines_without_wall_clock(read_file(one));
  CHECK(lines == lines_without_wall_clock(read_file(two)));
  CHECK(lines == lines_without_wall_clock(read_file(three)));

  const json::value doc = json::parse(read_file(one));
  CHECK(doc.at("scenario").at("replications").to_number<int>() == 5);
  const auto& latency = doc.at("workloads").at("req").at("latency_ms").as_object();
  CHECK(latency.at("p99_ci95").to_number<double>() > 0);
  CHECK(doc.at("slo").at(0).as_object().contains("value_ci95"));
  // Replication 0 uses the scenario's seed: its seed list starts with it.
  CHECK(doc.at("run").at("replication_seeds").at(0).to_number<int>() == 7);
  CHECK(run_svcsim(dir, run + "-j 0").code == 2);
}

TEST_CASE("replications: N in the scenario file works like --replications N", "[cli][replications]") {
  TempDir dir;
  const auto in_file = dir.write("three.yaml", std::string(kPassing) + "replications: 3\n");
  const auto json_path = dir.file("three.json");
  const auto o = run_svcsim(dir, "run " + quoted(in_file) + " --duration 3s --json " + quoted(json_path));
  CHECK(o.code == 0);
  CHECK(contains(o.out, "3 replications"));
  CHECK(contains(o.out, "\u00b1"));
  CHECK(json::parse(read_file(json_path)).at("scenario").at("replications").to_number<int>() == 3);
}

TEST_CASE("one replication is the plain run", "[cli][replications]") {
  TempDir dir;
  const auto scenario = dir.write("passing.yaml", kPassing);
  const auto plain = dir.file("plain.json");
  const auto one = dir.file("one.json");
  REQUIRE(run_svcsim(dir, "run " + quoted(scenario) + " --quiet --json " + quoted(plain)).code == 0);
  REQUIRE(run_svcsim(dir, "run " + quoted(scenario) + " --quiet --replications 1 --json " + quoted(one)).code == 0);
  // The override replications=1 is part of the hash; every figure is the same.
  CHECK(lines_without(read_file(plain), {"wall_s", "events_per_s", "hash"}) ==
        lines_without(read_file(one), {"wall_s", "events_per_s", "hash"}));
}

TEST_CASE("a stopped replication stops the run and is named", "[cli][replications]") {
  TempDir dir;
  const auto scenario = dir.write("overloaded.yaml", R"(name: overloaded
duration: 10s
nodes:
  server: {service_time: 1ms}
workloads:
  - {name: req, call: server, rate: 10000/s}
)");
  const auto json_path = dir.file("out.json");
  const auto o = run_svcsim(dir, "run " + quoted(scenario) + " --quiet --replications 2 -j 2 --max-in-flight 500 "
                                 "--json " + quoted(json_path));
  CHECK(o.code == 3);
  CHECK(contains(o.err, "error: run stopped: replication 0 (seed 1): "));
  CHECK_FALSE(std::filesystem::exists(json_path));
}

TEST_CASE("scenario.hash follows the scenario and its overrides", "[cli][hash]") {
  TempDir dir;
  const auto scenario = dir.write("passing.yaml", kPassing);
  auto hash_of = [&](const std::string& args) {
    const auto path = dir.file("h.json");
    REQUIRE(run_svcsim(dir, "run " + quoted(scenario) + " --quiet --duration 1s --json " + quoted(path) + args)
                .code == 0);
    return std::string(json::parse(read_file(path)).at("scenario").at("hash").as_string());
  };
  const std::string plain = hash_of("");
  CHECK(plain.size() == 16);
  CHECK(plain.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(hash_of("") == plain);
  CHECK(hash_of(" --seed 8") != plain);
  CHECK(hash_of(" --set workloads.req.rate=400/s") != plain);
  dir.write("passing.yaml", std::string(kPassing) + "# a comment\n");
  CHECK(hash_of("") != plain);  // the file's bytes: comments count
}

TEST_CASE("a node and a workload that no existing path calls change no other figure", "[cli][determinism]") {
  TempDir dir;
  const auto a = dir.file("a.json");
  const auto b = dir.file("b.json");
  REQUIRE(run_svcsim(dir, "run " + quoted(dir.write("a.yaml", kTwoPaths)) + " --quiet --json " + quoted(a)).code == 0);
  REQUIRE(run_svcsim(dir, "run " + quoted(dir.write("b.yaml", kTwoPathsPlusOne)) + " --quiet --json " + quoted(b))
              .code == 0);
  const json::value before = json::parse(read_file(a));
  const json::value after = json::parse(read_file(b));
  CHECK(after.at("nodes").as_object().contains("extra"));
  CHECK(after.at("workloads").at("other").at("requests").to_number<int>() > 1000);  // it did run
  for (const char* node : {"front", "back"}) {
    INFO(node);
    CHECK(before.at("nodes").at(node) == after.at("nodes").at(node));
  }
  CHECK(before.at("workloads").at("req") == after.at("workloads").at("req"));
}

TEST_CASE("against the committed baseline, a slower node fails the gate", "[cli][compare][baseline]") {
  TempDir dir;
  const std::string root = SVCSIM_SOURCE_DIR;
  const std::string scenario = quoted(root + "/scenarios/mm1.yaml");
  const std::string baseline = quoted(root + "/tests/regression/baselines/mm1.json");
  const auto same = dir.file("same.json");
  const auto slower = dir.file("slower.json");
  REQUIRE(run_svcsim(dir, "run " + scenario + " --quiet --json " + quoted(same)).code == 0);
  CHECK(run_svcsim(dir, "compare " + baseline + " " + quoted(same)).code == 0);
  // 5 % more work per request at utilisation 0.9: the queue grows by half.
  REQUIRE(run_svcsim(dir, "run " + scenario + " --quiet --json " + quoted(slower) +
                              " --set 'nodes.server.service_time={dist: exponential, mean: 1.05ms}'")
              .code <= 1);
  const auto o = run_svcsim(dir, "compare " + baseline + " " + quoted(slower));
  CHECK(o.code == 1);
  CHECK(contains(o.err, "svcsim: regression: workloads.req.latency_ms.p99 "));
}
