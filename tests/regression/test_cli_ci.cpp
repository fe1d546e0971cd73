// The CI gate through the binary: JUnit XML, `compare` exit codes, replications
// (identical whatever -j), scenario.hash, and that an unrelated addition
// changes no figure. (Each shipped scenario's determinism and baseline:
// regression/check_scenario.sh, one CTest per scenario.)
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <regex>
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
  // The detail as the element's text too (GitLab shows the text).
  CHECK(contains(text, "ms, limit &lt; 1ms\">observed "));
  CHECK(contains(text, "ms, limit &lt; 1ms</failure>"));
  CHECK(std::regex_search(text, std::regex(R"(<testsuite [^>]* timestamp="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d">)")));
  // Deterministic apart from the wall clock (time, timestamp): the same bytes from a second run.
  const auto again = dir.file("again.xml");
  REQUIRE(run_svcsim(dir, "run " + quoted(scenario) + " --quiet --junit " + quoted(again)).code == 1);
  const std::regex clock(R"( (time|timestamp)="[^"]*")");
  CHECK(std::regex_replace(read_file(again), clock, "") == std::regex_replace(text, clock, ""));
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
  CHECK(contains(read_file(json_path), "\"stop_reason\": \"replication 0 (seed 1): stopped at "));
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
  // And it says which hop made the tail worse: the server's queue.
  CHECK(contains(o.out, "where the tail moved"));
  CHECK(contains(o.out, "req p99 49.41 -> 77.86 ms; its tail moved most in: server queue +"));
}

// --- Objectives: the whole grammar of SPEC 3.7 through the binary ---

namespace {

// rho = 0.5 on `server`; `idle` is a node nothing calls, `quiet` a workload
// whose schedule sends nothing.
const char* kGrammar = R"(name: grammar
seed: 7
duration: 5s
nodes:
  server: {service_time: {dist: exponential, mean: 1ms}}
  idle: {service_time: 1ms}
workloads:
  - {name: req, call: server, rate: 500/s}
  - {name: quiet, call: server, rate: 1/s, schedule: [{at: 0s, rate: 0/s}]}
)";

std::string with_slo(const std::vector<std::string>& checks) {
  std::string text = std::string(kGrammar) + "slo:\n";
  for (const auto& c : checks) text += "  - \"" + c + "\"\n";
  return text;
}

}  // namespace

TEST_CASE("objectives: every metric, any percentile, workloads and nodes, all four operators", "[cli][slo]") {
  TempDir dir;
  // Limits far from the observed values (M/M/1 at rho 0.5: mean 2 ms, p99
  // 9.2 ms; 2,500 requests), so each check holds by a wide margin.
  const std::vector<std::string> holding = {
      "req mean < 20ms",          "req min >= 0ms",          "req max <= 1s",
      "req p50 > 0.1ms",          "req p75 < 50ms",          "req p99.9 >= 1ms",
      "req p99.99 < 1s",          "req p1 < 2ms",            "req error_rate <= 0%",
      "req timeout_rate < 1%",    "req rejected_rate < 1%",  "req degraded_rate <= 0",
      "req availability >= 99%",  "req throughput > 400/s",  "server utilization < 80%",
      "server utilization > 20%", "server queue_max < 1000", "server queue_mean <= 5",
      "server p99 < 50ms",        "server mean > 0.5ms",     "server throughput >= 400/s",
      "server error_rate < 1%",   "server availability > 99%", "idle utilization <= 0%",
      "idle queue_max < 1",       "idle throughput <= 0/s"};
  const auto json_path = dir.file("out.json");
  const auto o = run_svcsim(dir, "run " + quoted(dir.write("ok.yaml", with_slo(holding))) + " --json " +
                                     quoted(json_path));
  INFO(o.out << o.err);
  CHECK(o.code == 0);
  const json::value doc = json::parse(read_file(json_path));
  const auto& slo = doc.at("slo").as_array();
  REQUIRE(slo.size() == holding.size());
  for (std::size_t i = 0; i < holding.size(); ++i) {
    INFO(holding[i]);
    CHECK(slo[i].at("check").as_string() == holding[i]);
    CHECK(slo[i].at("pass").as_bool());
    CHECK(slo[i].at("value").is_number());
  }
  // Percentiles are read from the histogram, so they are ordered.
  const auto value = [&](std::size_t i) { return slo[i].at("value").to_number<double>(); };
  CHECK(value(7) < value(3));  // p1 < p50
  CHECK(value(3) < value(4));  // p50 < p75
  CHECK(value(4) < value(5));  // p75 < p99.9
  CHECK(value(5) <= value(6)); // p99.9 <= p99.99
  CHECK(value(6) <= value(2)); // p99.99 <= max

  // Each operator also fails when its comparison is false, including at equality.
  for (const std::string check : {"req error_rate < 0%", "req error_rate > 0%", "req availability < 100%",
                                  "req p99 > 1s", "server queue_max <= 0", "req max >= 1s",
                                  "idle utilization > 0%", "req throughput < 100/s"}) {
    INFO(check);
    const auto failing = run_svcsim(dir, "run " + quoted(dir.write("f.yaml", with_slo({check}))) + " --quiet");
    CHECK(failing.code == 1);
    CHECK(contains(failing.err, check));
  }
}

TEST_CASE("objectives that cannot be evaluated exit 2, never pass", "[cli][slo]") {
  TempDir dir;
  struct Case {
    std::string check;
    std::string message;
  };
  // Caught by the loader: nothing is simulated.
  const std::vector<Case> load_errors = {
      {"nobody p99 < 1s", "error: objective 'nobody p99 < 1s': no workload or node 'nobody'"},
      {"req p99x < 1s", "error: objective 'req p99x < 1s': unknown metric 'p99x' (did you mean 'p99'?)"},
      {"req p0 < 1s", "unknown metric 'p0'"},
      {"req p101 < 1s", "unknown metric 'p101'"},
      {"req utilization < 50%", "'utilization' is measured on nodes, and 'req' is a workload"},
      {"req queue_mean < 5", "'queue_mean' is measured on nodes, and 'req' is a workload"},
      {"req p99 == 1s", "unknown operator '=='; expected one of <, <=, >, >="},
      {"req p99 < 1", "'1' needs a unit"},
  };
  for (const auto& c : load_errors) {
    INFO(c.check);
    const auto o = run_svcsim(dir, "run " + quoted(dir.write("bad.yaml", with_slo({"req p99 < 1s", c.check}))));
    CHECK(o.code == 2);
    CHECK(contains(o.err, c.message));
    CHECK(o.out.empty());
    CHECK(contains(o.err, "bad.yaml:"));
  }
  // Known subject and metric, but nothing was measured to compare.
  const std::vector<Case> run_errors = {
      {"quiet error_rate < 1%", "error: objective 'quiet error_rate < 1%' cannot be evaluated: no requests "
                                "measured for 'quiet'"},
      {"quiet p99 < 1s", "error: objective 'quiet p99 < 1s' cannot be evaluated: no requests measured for 'quiet'"},
      {"quiet availability >= 99%", "cannot be evaluated: no requests measured for 'quiet'"},
      {"idle p99 < 1s", "error: objective 'idle p99 < 1s' cannot be evaluated: no requests measured for 'idle'"},
      {"idle error_rate < 1%", "cannot be evaluated: no requests measured for 'idle'"},
  };
  for (const auto& c : run_errors) {
    INFO(c.check);
    const auto xml = dir.file("slo.xml");
    const auto o = run_svcsim(dir, "run " + quoted(dir.write("none.yaml", with_slo({"req p99 < 1s", c.check}))) +
                                       " --junit " + quoted(xml));
    CHECK(o.code == 2);
    CHECK(contains(o.err, c.message));
    // The one that could be evaluated is still reported, and the JUnit file says error, not pass.
    CHECK(contains(read_file(xml), "tests=\"2\" failures=\"0\" errors=\"1\""));
  }
}

// --- Determinism ---

TEST_CASE("the same scenario and seed twice give byte-identical files apart from the wall clock", "[cli][determinism]") {
  TempDir dir;
  const auto scenario = dir.write("paths.yaml", kTwoPaths);
  std::vector<std::string> json_texts;
  std::vector<std::string> csv_texts;
  for (const char* run : {"first", "second"}) {
    const std::string json_path = dir.file(std::string(run) + ".json");
    const std::string csv_path = dir.file(std::string(run) + ".csv");
    REQUIRE(run_svcsim(dir, "run " + quoted(scenario) + " --quiet --json " + quoted(json_path) + " --csv " +
                                quoted(csv_path))
                .code == 0);
    json_texts.push_back(read_file(json_path));
    csv_texts.push_back(read_file(csv_path));
  }
  // run.wall_s and run.events_per_s are the only wall-clock figures
  // (src/report/json_report.cpp, run_json): blank their values, keep the bytes around them.
  const auto blank_wall_clock = [](std::string text) {
    for (const std::string key : {"\"wall_s\": ", "\"events_per_s\": "}) {
      const auto at = text.find(key);
      REQUIRE(at != std::string::npos);
      const auto from = at + key.size();
      text.replace(from, text.find_first_of(",\n}", from) - from, "X");
    }
    return text;
  };
  CHECK(json_texts[0] != "");
  CHECK(blank_wall_clock(json_texts[0]) == blank_wall_clock(json_texts[1]));
  CHECK(csv_texts[0] == csv_texts[1]);
}

// --- warmup: auto (MSER-5) ---

namespace {

// M/M/1 at rho = 0.9 (mean sojourn 1/(mu - lambda) = 10 ms) with a backlog
// built in the first second: 3000/s against a capacity of 1000/s leaves about
// 2,000 requests queued, which drain at 1000 - 900 = 100/s, so the transient
// lasts about 1 + 20 = 21 s of the 200 s run.
const char* kBacklog = R"(name: backlog
seed: 11
duration: 200s
warmup: auto
nodes:
  server: {service_time: {dist: exponential, mean: 1ms}}
workloads:
  - name: req
    call: server
    rate: 900/s
    schedule:
      - {at: 0s, rate: 3000/s}
      - {at: 1s, rate: 900/s}
)";

}  // namespace

TEST_CASE("warmup: auto cuts the initial backlog of an M/M/1 at rho 0.9", "[cli][warmup]") {
  TempDir dir;
  const auto scenario = dir.write("backlog.yaml", kBacklog);
  const auto auto_json = dir.file("auto.json");
  const auto none_json = dir.file("none.json");
  const auto o = run_svcsim(dir, "run " + quoted(scenario) + " --json " + quoted(auto_json));
  REQUIRE(o.code == 0);
  REQUIRE(run_svcsim(dir, "run " + quoted(scenario) + " --quiet --set warmup=0s --json " + quoted(none_json)).code ==
          0);
  const json::value with_auto = json::parse(read_file(auto_json));
  const json::value without = json::parse(read_file(none_json));
  const auto& s = with_auto.at("scenario");
  CHECK(s.at("warmup_auto").as_bool());
  CHECK(s.at("warmup_mser").at("method").as_string() == "MSER-5");
  CHECK(s.at("warmup_mser").at("batch_size").to_number<int>() == 5);
  CHECK_FALSE(without.at("scenario").as_object().contains("warmup_auto"));
  const double warmup = s.at("warmup_s").to_number<double>();
  // The backlog drains by about 21 s (above); the point MSER picks moves with
  // the random path (17.7 s to 27.8 s over seeds 1-5), so a band of 10 s to 40 s.
  CHECK(warmup > 10);
  CHECK(warmup < 40);
  CHECK(contains(o.out, "warmup: auto (MSER-5) chose "));
  const double theory = 10.0;
  const double truncated = with_auto.at("workloads").at("req").at("latency_ms").at("mean").to_number<double>();
  const double whole = without.at("workloads").at("req").at("latency_ms").at("mean").to_number<double>();
  // The untruncated mean carries the backlog's seconds-long waits.
  CHECK(std::abs(truncated - theory) < std::abs(whole - theory));
  // With ~160,000 measured requests the mean sojourn of an M/M/1 at rho 0.9
  // has a standard error of about sqrt(sigma2 / n) with the asymptotic
  // variance constant sigma2 ~ rho (2 + 5 rho - 4 rho^2 + rho^3) / (1 - rho)^4
  // ~ 36,000 ms^2, i.e. 0.47 ms; seeds 1-5 spread 9.0..11.1 ms. 2.5 ms is
  // over 3 standard errors of either.
  CHECK(std::abs(truncated - theory) < 2.5);
  // Requests before the chosen point are not counted: fewer than without warmup.
  CHECK(with_auto.at("workloads").at("req").at("requests").to_number<double>() <
        without.at("workloads").at("req").at("requests").to_number<double>());

  // The measured run is exactly the run with that warmup fixed (same seed, same
  // random numbers): every workload and node figure is the same. warmup_s is
  // written with full precision, and whole nanoseconds print exactly in seconds.
  const auto fixed_json = dir.file("fixed.json");
  REQUIRE(run_svcsim(dir, "run " + quoted(scenario) + " --quiet --json " + quoted(fixed_json) +
                              " --set warmup=" + json::serialize(s.at("warmup_s")) + "s")
              .code == 0);
  const json::value fixed = json::parse(read_file(fixed_json));
  CHECK(fixed.at("scenario").at("warmup_s") == s.at("warmup_s"));
  CHECK(fixed.at("workloads") == with_auto.at("workloads"));
  CHECK(fixed.at("nodes") == with_auto.at("nodes"));
}

TEST_CASE("warmup: auto with replications: one point for all, the same whatever -j", "[cli][warmup][replications]") {
  TempDir dir;
  const auto scenario = dir.write("backlog.yaml", kBacklog);
  const auto one = dir.file("j1.json");
  const auto two = dir.file("j2.json");
  const std::string run = "run " + quoted(scenario) + " --quiet --duration 60s --replications 3 ";
  REQUIRE(run_svcsim(dir, run + "-j 1 --json " + quoted(one)).code == 0);
  REQUIRE(run_svcsim(dir, run + "-j 2 --json " + quoted(two)).code == 0);
  CHECK(lines_without_wall_clock(read_file(one)) == lines_without_wall_clock(read_file(two)));
  const json::value doc = json::parse(read_file(one));
  CHECK(doc.at("scenario").at("warmup_auto").as_bool());
  CHECK(doc.at("scenario").at("warmup_s").to_number<double>() > 5);
}

TEST_CASE("sweep with warmup: auto: each point chooses its own warmup", "[cli][warmup][sweep]") {
  TempDir dir;
  const auto scenario = dir.write("backlog.yaml", kBacklog);
  const auto json_path = dir.file("sweep.json");
  REQUIRE(run_svcsim(dir, "sweep " + quoted(scenario) + " --vary nodes.server.instances=1,2 --duration 60s --json " +
                              quoted(json_path))
              .code == 0);
  const json::value doc = json::parse(read_file(json_path));
  CHECK(doc.at("scenario").at("warmup_auto").as_bool());
  const auto& points = doc.at("points").as_array();
  REQUIRE(points.size() == 2);
  // One instance drains the 2,000-request backlog at 100/s (about 20 s); two
  // instances (capacity 2000/s) never build much of one, so their transient is far shorter.
  const double one = points[0].at("warmup_s").to_number<double>();
  const double two = points[1].at("warmup_s").to_number<double>();
  CHECK(one > 10);
  CHECK(two < one / 2);
}
