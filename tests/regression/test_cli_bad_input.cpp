// Bad input through the binary: every case of SPEC section 4 ends with exit
// code 2, nothing on standard output, and `FILE:LINE:COL: error: …` naming
// the problem on standard error (never a crash or a hang).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "support/cli_runner.hpp"

using namespace svcsim::test;

namespace {

struct BadInput {
  const char* what;
  std::string text;
  std::string expected;  // what stderr must contain, after the file path
};

const std::string kNodes = "nodes:\n  auth: {endpoints: {validate: {steps: [{work: 1ms}]}}}\n";
const std::string kWorkload = "workloads:\n  - {name: w, call: auth.validate, rate: 10/s}\n";
const std::string kHead = "name: a\nduration: 10s\n";

std::string billion_laughs() {
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 10; ++i) {
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j) text += (j ? ", *a" : "*a") + std::to_string(i - 1);
    text += "]\n";
  }
  return text + "name: a\n";
}

std::vector<BadInput> bad_inputs() {
  return {
      {"a missing unit", kHead + "nodes:\n  auth: {endpoints: {validate: {steps: [{work: 250}]}}}\n" + kWorkload,
       ":4:48: error: '250' needs a unit, e.g. '250ms'"},
      {"an unknown node", kHead + kNodes + "workloads:\n  - {name: w, call: auht.validate, rate: 10/s}\n",
       ":6:21: error: call to 'auht.validate': no node 'auht' (did you mean 'auth'?)"},
      {"an unknown endpoint", kHead + kNodes + "workloads:\n  - {name: w, call: auth.valdate, rate: 10/s}\n",
       ":6:21: error: call to 'auth.valdate': node 'auth' has no endpoint 'valdate' (did you mean 'validate'?)"},
      {"a call cycle",
       kHead + "nodes:\n  a: {endpoints: {x: {steps: [{call: b.y}]}}}\n  b: {endpoints: {y: {steps: [{call: a.x}]}}}\n"
               "workloads:\n  - {name: w, call: a.x, rate: 10/s}\n",
       ":5:38: error: call to 'a.x' makes a call cycle: a.x -> b.y -> a.x"},
      {"a zero duration", "name: a\nduration: 0s\n" + kNodes + kWorkload,
       ":2:11: error: 'duration' must be greater than 0, not '0s'"},
      {"warmup not below duration", kHead + "warmup: 10s\n" + kNodes + kWorkload,
       ":3:9: error: 'warmup' (10s) must be below 'duration' (10s)"},
      {"zero instances", kHead + "nodes:\n  auth: {instances: 0, service_time: 1ms}\nworkloads:\n  - {name: w, call: auth, rate: 10/s}\n",
       ":4:21: error: 'instances' must be a whole number from 1 to 100000, not '0'"},
      {"a negative rate", kHead + "nodes:\n  auth: {service_time: 1ms}\nworkloads:\n  - {name: w, call: auth, rate: -5/s}\n",
       ":6:33: error: '-5/s' must not be negative"},
      {"an absurd number", kHead + "nodes:\n  auth: {instances: 1e300, service_time: 1ms}\nworkloads:\n  - {name: w, call: auth, rate: 10/s}\n",
       ":4:21: error: 'instances' must be a whole number from 1 to 100000, not '1e300'"},
      {"malformed YAML", kHead + "nodes: {auth: {service_time: 1ms}\nworkloads: [\n", ":4:1: error: malformed YAML"},
      {"a duplicate key", kHead + "duration: 20s\n" + kNodes + kWorkload,
       ":3:1: error: duplicate key 'duration' (first at line 2)"},
      {"invalid UTF-8", "name: a\xff\xfe\nduration: 10s\n" + kNodes + kWorkload,
       ":1:8: error: text is not valid UTF-8 (byte 0xff)"},
      {"an alias bomb", billion_laughs(), ":7:20: error: document too large or too deeply nested (an alias under 'a6'"},
      {"absurd nesting", "name: " + std::string(100000, '[') + std::string(100000, ']') + "\n",
       ":1:70: error: document too large or too deeply nested (more than 64 levels)"},
      {"no workloads", kHead + kNodes + "workloads: []\n",
       ":5:12: error: no workloads: a scenario needs at least one workload"},
      {"two workloads of one name",
       kHead + kNodes + kWorkload + "  - {name: w, call: auth.validate, rate: 10/s}\n",
       ":7:12: error: duplicate workload 'w' (first at line 6)"},
      {"a cache missing its origin",
       kHead + "nodes:\n  cdn: {kind: cache, hit_ratio: 90%}\nworkloads:\n  - {name: w, call: cdn, rate: 10/s}\n",
       ":4:22: error: cache 'cdn' has hit_ratio below 100% but no 'origin' to call on a miss"},
      {"terminal escape codes in the name", "name: \"\\e]0;owned\\a\\e[31mred\"\nduration: 10s\n" + kNodes + kWorkload,
       ":1:7: error: 'name' holds the control character \\x1b at byte 1, which a terminal would act on; remove it"},
      {"an escape code in an unknown key", kHead + kNodes + kWorkload + "\"\\e[2J\": 1\n",
       ":7:1: error: unknown field '\\x1b[2J'"},
      {"an empty file", "", ": error: the scenario is empty; it needs at least 'name', 'duration', 'nodes' and 'workloads'"},
  };
}

}  // namespace

TEST_CASE("bad input exits 2 with a positioned message, for check and run", "[cli]") {
  TempDir dir;
  for (const BadInput& bad : bad_inputs()) {
    const std::string path = dir.write("bad.yaml", bad.text);
    for (const char* command : {"check", "run"}) {
      INFO(bad.what << " (svcsim " << command << ")");
      const Outcome o = run_svcsim(dir, std::string(command) + " '" + path + "'");
      INFO("stderr: " << o.err);
      CHECK(o.code == 2);
      CHECK(o.out.empty());
      CHECK(contains(o.err, path + bad.expected));
      CHECK(o.err.find('\x1b') == std::string::npos);  // nothing reaches the terminal as a command
    }
  }
}

TEST_CASE("a missing file exits 2 and names it", "[cli]") {
  TempDir dir;
  const std::string path = dir.file("nothere.yaml");
  const Outcome o = run_svcsim(dir, "run '" + path + "'");
  CHECK(o.code == 2);
  CHECK(contains(o.err, path + ": error: cannot read file: No such file or directory"));
}

TEST_CASE("a bad line of an arrivals trace exits 2 naming the trace's line and column", "[cli][trace]") {
  TempDir dir;
  const std::string trace = dir.write("arrivals.csv", "0.5\n1.0\n 2,5\nsoon\n");
  const std::string path = dir.write("s.yaml", kHead + kNodes +
                                                   "workloads:\n  - {name: w, call: auth.validate, arrivals: "
                                                   "{trace: arrivals.csv}}\n");
  for (const char* command : {"check", "run"}) {
    INFO(command);
    const Outcome o = run_svcsim(dir, std::string(command) + " '" + path + "'");
    INFO("stderr: " << o.err);
    CHECK(o.code == 2);
    CHECK(o.out.empty());
    CHECK(contains(o.err, trace + ":4:1: error: the first field (4 characters) is not an arrival time: write seconds from the start (e.g. "
                                  "12.5) or a duration (e.g. 12500ms); start comment or header lines with '#'"));
  }
  // The same trace fixed replays its four arrivals.
  dir.write("arrivals.csv", "0.5\n1.0\n 2,5\n3s\n");
  const Outcome o = run_svcsim(dir, "run --quiet --json '" + dir.file("r.json") + "' '" + path + "'");
  CHECK(o.code == 0);
  CHECK(contains(read_file(dir.file("r.json")), "\"requests\": 4,"));
}

// Option values that the parser once took wrongly (an audit against SPEC
// sections 5 and 9): each is a wrong command line, exit 2, nothing written.
TEST_CASE("bad option values exit 2 without running", "[cli]") {
  TempDir dir;
  const std::string scenario = dir.write("s.yaml", kHead + kNodes + kWorkload);
  const std::string json = dir.file("out.json");
  struct BadOption {
    const char* args;
    const char* expected;
  };
  const std::vector<BadOption> cases = {
      // Empty read as "not given": a job with an unset index variable ran every run.
      {"run --replications 3 --shard ''", "--shard: the value is empty; expected e.g. --shard 0/4"},
      {"run --replications 3 --runs ''", "--runs: the value is empty; expected e.g. --runs 3,17-19"},
      {"sweep --vary workloads.w.rate=5/s,10/s --shard ''", "--shard: the value is empty"},
      // r <= last never ended at the largest index: the run list grew until memory ran out.
      {"run --runs 18446744073709551615", "--runs 18446744073709551615: run 18446744073709551615 is out of range"},
      // "-1" wrapped into the largest unsigned number; an overflow was taken too.
      {"run --max-in-flight -1", "--max-in-flight: '-1' is not a whole number from 1 to 1000000000000"},
      {"run --max-in-flight 99999999999999999999999", "is not a whole number from 1 to 1000000000000"},
      {"sweep --vary workloads.w.rate=5/s --max-in-flight -5", "--max-in-flight: '-5' is not a whole number"},
      // Checked only when --csv or --html drew the series.
      {"run --window 90", "--window 90: '90' needs a unit, e.g. '90ms'"},
      {"run --window abc", "--window abc: 'abc' is not a duration"},
  };
  for (const BadOption& bad : cases) {
    INFO(bad.args);
    const Outcome o = run_svcsim(dir, std::string(bad.args) + " --quiet --json '" + json + "' '" + scenario + "'");
    INFO("stderr: " << o.err);
    CHECK(o.code == 2);
    CHECK(contains(o.err, bad.expected));
    CHECK_FALSE(std::filesystem::exists(json));
  }
}

TEST_CASE("a shard count beyond every run index takes only run I", "[cli][shard]") {
  // r += K once wrapped past the largest index: 2/(2^64 - 1) took runs 2, 1, 0.
  TempDir dir;
  const std::string scenario = dir.write("s.yaml", kHead + kNodes + kWorkload);
  const Outcome o = run_svcsim(dir, "run --replications 3 --shard 2/18446744073709551615 --quiet --json '" +
                                        dir.file("shard.json") + "' '" + scenario + "'");
  INFO("stderr: " << o.err);
  CHECK(o.code == 0);
  const std::string shard = read_file(dir.file("shard.json"));
  CHECK(contains(shard, "\"runs\":[{\"index\":2,"));
  CHECK_FALSE(contains(shard, "{\"index\":1,"));
  CHECK_FALSE(contains(shard, "{\"index\":0,"));
}

TEST_CASE("a --set value that fails to load is the only error, not a cause of others", "[cli]") {
  // The node's service time out of range left it with no endpoint, and the
  // load balancer in front of it was then said to forward to "several
  // endpoints ()".
  TempDir dir;
  const std::string scenario = dir.write(
      "lb.yaml", kHead + "nodes:\n  lb: {kind: load_balancer, target: server}\n  server: {service_time: 10ms}\n"
                         "workloads:\n  - {name: w, call: lb, rate: 10/s}\n");
  const Outcome o = run_svcsim(dir, "check '" + scenario + "' --set nodes.server.service_time=1e30h");
  INFO("stderr: " << o.err);
  CHECK(o.code == 2);
  CHECK(contains(o.err, "--set nodes.server.service_time: '1e30h' is too large"));
  CHECK_FALSE(contains(o.err, "several endpoints"));
}
