// The svcsim binary end to end: exit codes, messages on stderr and results
// files, run on small scenarios written into a temporary folder.
#include <catch2/catch.hpp>

#include "support/cli_runner.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

using namespace svcsim::test;


// rho = 0.5, so p99 of the time in system is ln(100) / (mu - lambda) ~ 9.2 ms.
const char* kMm1 = R"(name: mm1
seed: 7
duration: 20s
nodes:
  server: {service_time: {dist: exponential, mean: 1ms}}
workloads:
  - {name: req, call: server, rate: 500/s}
slo: ["req p99 < 50ms"]
)";

const char* kMm1Failing = R"(name: mm1-failing
seed: 7
duration: 20s
nodes:
  server: {service_time: {dist: exponential, mean: 1ms}}
workloads:
  - {name: req, call: server, rate: 500/s}
slo: ["req p99 < 1ms"]
)";

// Constant work, light load: every latency is about 1 ms until --set makes it 20 ms.
const char* kConstant = R"(name: constant
duration: 5s
nodes:
  server: {service_time: 1ms}
workloads:
  - {name: req, call: server, rate: 10/s}
slo: ["req p99 < 10ms"]
)";

// Ten times more work arrives than the one worker can do.
const char* kOverloaded = R"(name: overloaded
duration: 10s
nodes:
  server: {service_time: 1ms}
workloads:
  - {name: req, call: server, rate: 10000/s}
)";

std::vector<std::string> lines_without_wall_clock(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!contains(line, "\"wall_s\"") && !contains(line, "\"events_per_s\"")) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("version and help", "[cli]") {
  TempDir dir;
  const auto version = run_svcsim(dir, "--version");
  CHECK(version.code == 0);
  CHECK(version.out == "svcsim 0.1.0\n");
  const auto help = run_svcsim(dir, "--help");
  CHECK(help.code == 0);
  for (const char* sub : {"run", "check", "analyze", "sweep", "compare", "graph"}) CHECK(contains(help.out, sub));
  const auto run_help = run_svcsim(dir, "run --help");
  CHECK(run_help.code == 0);
  CHECK(contains(run_help.out, "--max-in-flight"));
  CHECK(contains(run_help.out, "1000000"));  // defaults are shown
}

TEST_CASE("command-line mistakes exit 2", "[cli]") {
  TempDir dir;
  const auto none = run_svcsim(dir, "");
  CHECK(none.code == 2);
  CHECK(contains(none.err, "run"));  // the help
  const auto bogus = run_svcsim(dir, "bogus");
  CHECK(bogus.code == 2);
  CHECK(contains(bogus.err, "error:"));
  const auto scenario = dir.write("mm1.yaml", kMm1);
  CHECK(run_svcsim(dir, "run '" + scenario + "' --no-such-option").code == 2);
  CHECK(run_svcsim(dir, "run").code == 2);
  const auto bad_set = run_svcsim(dir, "run '" + scenario + "' --set no-equals-sign");
  CHECK(bad_set.code == 2);
  CHECK(contains(bad_set.err, "PATH=VALUE"));
}

TEST_CASE("check validates a scenario", "[cli]") {
  TempDir dir;
  const auto scenario = dir.write("mm1.yaml", kMm1);
  const auto ok = run_svcsim(dir, "check '" + scenario + "'");
  CHECK(ok.code == 0);
  CHECK(ok.out == scenario + ": ok (1 node, 1 workload)\n");
  CHECK(ok.err.empty());
}

TEST_CASE("an unknown field is reported with its position", "[cli]") {
  TempDir dir;
  const auto scenario = dir.write("typo.yaml", R"(name: typo
duration: 10s
nodes:
  server: {service_time: 1ms, instnaces: 2}
workloads:
  - {name: req, call: server, rate: 10/s}
)");
  for (const char* command : {"check", "run"}) {
    const auto o = run_svcsim(dir, std::string(command) + " '" + scenario + "'");
    CHECK(o.code == 2);
    CHECK(contains(o.err, scenario + ":4:"));
    CHECK(contains(o.err, ": error: unknown field"));
    CHECK(contains(o.err, "instnaces"));
  }
}

TEST_CASE("a missing scenario file exits 2", "[cli]") {
  TempDir dir;
  const auto missing = dir.file("missing.yaml");
  const auto o = run_svcsim(dir, "run '" + missing + "'");
  CHECK(o.code == 2);
  CHECK(contains(o.err, missing));
  CHECK(run_svcsim(dir, "check '" + missing + "'").code == 2);
}

TEST_CASE("a results file in a missing folder is refused before running", "[cli]") {
  TempDir dir;
  const auto scenario = dir.write("mm1.yaml", kMm1);
  const auto target = dir.file("nowhere/out.json");
  const auto o = run_svcsim(dir, "run '" + scenario + "' --quiet --json '" + target + "'");
  CHECK(o.code == 2);
  CHECK(contains(o.err, "error: cannot write '" + target + "': folder '" + dir.file("nowhere") + "' does not exist"));
  CHECK(o.out.empty());
  CHECK_FALSE(fs::exists(dir.path / "nowhere"));
}

TEST_CASE("objectives decide the exit code", "[cli]") {
  TempDir dir;
  const auto passing = run_svcsim(dir, "run '" + dir.write("mm1.yaml", kMm1) + "'");
  CHECK(passing.code == 0);
  CHECK(contains(passing.out, "req p99 < 50ms"));
  CHECK(contains(passing.out, "pass"));
  CHECK(passing.err.empty());  // no progress line when stderr is not a terminal
  const auto failing = run_svcsim(dir, "run '" + dir.write("failing.yaml", kMm1Failing) + "'");
  CHECK(failing.code == 1);
  CHECK(contains(failing.out, "FAIL"));
  CHECK(contains(failing.err, "req p99 < 1ms"));
}

TEST_CASE("an objective that cannot be evaluated exits 2", "[cli]") {
  TempDir dir;
  // Every request times out, so nothing succeeded and there is no latency to compare.
  const auto scenario = dir.write("hopeless.yaml", R"(name: hopeless
duration: 2s
nodes:
  server: {service_time: 5ms, concurrency: unlimited}
workloads:
  - {name: req, call: server, rate: 10/s, timeout: 1ms}
slo: ["req p99 < 10ms"]
)");
  const auto o = run_svcsim(dir, "run '" + scenario + "' --quiet");
  CHECK(o.code == 2);
  CHECK(contains(o.err, "error: objective 'req p99 < 10ms' cannot be evaluated: "));
}

TEST_CASE("set and duration overrides change the outcome", "[cli]") {
  TempDir dir;
  const auto scenario = dir.write("constant.yaml", kConstant);
  CHECK(run_svcsim(dir, "run '" + scenario + "' --quiet").code == 0);
  CHECK(run_svcsim(dir, "run '" + scenario + "' --quiet --set nodes.server.service_time=20ms").code == 1);
  CHECK(run_svcsim(dir, "run --set nodes.server.service_time=20ms '" + scenario + "' --quiet").code == 1);
  const auto bad = run_svcsim(dir, "run '" + scenario + "' --quiet --duration 250");
  CHECK(bad.code == 2);
  CHECK(contains(bad.err, "250"));
}

TEST_CASE("an overloaded system stops with exit 3 and names the node", "[cli]") {
  TempDir dir;
  const auto scenario = dir.write("overloaded.yaml", kOverloaded);
  const auto target = dir.file("out.json");
  const auto o = run_svcsim(dir, "run '" + scenario + "' --quiet --max-in-flight 1000 --json '" + target + "'");
  CHECK(o.code == 3);
  CHECK(contains(o.err, "error: run stopped: "));
  CHECK(contains(o.err, "'server'"));
  // The figures up to the stop, marked: nothing downstream takes them for a finished run.
  CHECK(contains(read_file(target), "\"stopped\": \"in_flight_limit\""));
}

TEST_CASE("results files are identical apart from the wall clock", "[cli]") {
  TempDir dir;
  const auto scenario = dir.write("mm1.yaml", kMm1);
  const auto a = dir.file("a.json");
  const auto b = dir.file("b.json");
  REQUIRE(run_svcsim(dir, "run '" + scenario + "' --quiet --duration 5s --json '" + a + "'").code == 0);
  REQUIRE(run_svcsim(dir, "run '" + scenario + "' --quiet --duration 5s --json '" + b + "'").code == 0);
  const auto lines_a = lines_without_wall_clock(read_file(a));
  CHECK(lines_a.size() > 20);
  CHECK(lines_a == lines_without_wall_clock(read_file(b)));
  CHECK(contains(read_file(a), "\"svcsim\": \"0.1.0\""));
  // Another seed, other numbers.
  const auto c = dir.file("c.json");
  REQUIRE(run_svcsim(dir, "run '" + scenario + "' --quiet --duration 5s --seed 8 --json '" + c + "'").code == 0);
  CHECK(lines_a != lines_without_wall_clock(read_file(c)));
}

TEST_CASE("the time series' outputs leave the results file as it is", "[cli][outputs]") {
  // --csv, --html and --window add window ticks to the event queue; they once
  // counted in run.events, so asking for a CSV changed the JSON.
  TempDir dir;
  const auto scenario = dir.write("mm1.yaml", kMm1);
  const auto plain = dir.file("plain.json");
  const auto with_series = dir.file("series.json");
  REQUIRE(run_svcsim(dir, "run '" + scenario + "' --quiet --duration 5s --json '" + plain + "'").code == 0);
  REQUIRE(run_svcsim(dir, "run '" + scenario + "' --quiet --duration 5s --window 100ms --csv '" + dir.file("s.csv") +
                              "' --html '" + dir.file("s.html") + "' --json '" + with_series + "'")
              .code == 0);
  CHECK(lines_without_wall_clock(read_file(plain)) == lines_without_wall_clock(read_file(with_series)));
}

TEST_CASE("quiet runs print nothing on success", "[cli]") {
  TempDir dir;
  const auto o = run_svcsim(dir, "run '" + dir.write("mm1.yaml", kMm1) + "' --quiet --duration 2s");
  CHECK(o.code == 0);
  CHECK(o.out.empty());
  CHECK(o.err.empty());
}

TEST_CASE("run --html writes one page, and a bad folder is refused before the run", "[cli][html]") {
  TempDir dir;
  const auto scenario = dir.write("mm1.yaml", kMm1);
  const auto page_path = dir.file("page.html");
  const auto o = run_svcsim(dir, "run '" + scenario + "' --quiet --duration 3s --html '" + page_path + "'");
  CHECK(o.code == 0);
  const std::string page = read_file(page_path);
  CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(contains(page, "<svg class=\"diagram\""));
  CHECK(contains(page, "<svg class=\"chart\""));  // the time series is collected for the page
  CHECK(page.substr(page.size() - 8) == "</html>\n");
  const auto bad = run_svcsim(dir, "run '" + scenario + "' --quiet --html '" + dir.file("no/page.html") + "'");
  CHECK(bad.code == 2);
  CHECK(contains(bad.err, "folder"));
  CHECK_FALSE(fs::exists(dir.file("no")));
}
