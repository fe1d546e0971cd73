// A command line that teaches (issue 13, item 11): every command's --help
// ends with examples, its exit codes and the document to read; a mistyped
// command or option gets the name that was probably meant; a duration
// without a unit gets the unit.
#include <catch2/catch.hpp>

#include <string>

#include "support/cli_runner.hpp"

using namespace svcsim::test;

TEST_CASE("every command's --help ends with examples, exit codes and a document", "[cli][help]") {
  TempDir dir;
  for (const std::string command :
       {"run", "check", "analyze", "graph", "sweep", "merge", "compare", "import", "calibrate"}) {
    INFO(command);
    const Outcome o = run_svcsim(dir, command + " --help");
    CHECK(o.code == 0);
    CHECK(contains(o.out, "\nExamples:\n  svcsim " + command + " "));
    CHECK(contains(o.out, "\nExit codes: 0"));
    CHECK(contains(o.out, "\nRead: docs/"));
  }
}

TEST_CASE("a mistyped command or option gets a suggestion", "[cli][help]") {
  TempDir dir;
  const std::string scenario = "'" + std::string(SVCSIM_SOURCE_DIR) + "/scenarios/mm1.yaml'";
  const Outcome command = run_svcsim(dir, "runn " + scenario);
  CHECK(command.code == 2);
  CHECK(contains(command.err, "error: unknown command 'runn' (did you mean 'svcsim run'?)"));
  const Outcome option = run_svcsim(dir, "run " + scenario + " --jsn out.json");
  CHECK(option.code == 2);
  CHECK(contains(option.err, "error: unknown option '--jsn' for 'svcsim run' (did you mean '--json'?)"));
  CHECK(contains(option.err, "Run 'svcsim run --help' for usage."));
  const Outcome with_value = run_svcsim(dir, "sweep " + scenario + " --vary=workloads.req.rate=1/s --replicatons=2");
  CHECK(with_value.code == 2);
  CHECK(contains(with_value.err, "(did you mean '--replications'?)"));
}

TEST_CASE("a --duration without a unit suggests seconds", "[cli][help]") {
  TempDir dir;
  const std::string scenario = "'" + std::string(SVCSIM_SOURCE_DIR) + "/scenarios/mm1.yaml'";
  for (const std::string command : {"run", "sweep --vary workloads.req.rate=1/s"}) {
    INFO(command);
    const Outcome o = run_svcsim(dir, command + " " + scenario + " --duration 90");
    CHECK(o.code == 2);
    CHECK(contains(o.err, "error: --duration 90: a duration needs a unit: --duration 90s (or ms, m, h)"));
  }
}
