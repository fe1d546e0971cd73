// A command line that teaches (issue 13, item 11): every command's --help
// ends with examples (naming files that exist), its exit codes and the
// document to read; a mistyped command or option gets the name that was
// probably meant; a duration without a unit gets the unit; `svcsim help
// TOPIC` and `--help-scenario` print the scenario keys with their defaults.
#include <catch2/catch.hpp>

#include <regex>
#include <sstream>
#include <string>

#include "support/cli_runner.hpp"

using namespace svcsim::test;

TEST_CASE("every command's --help ends with examples, exit codes and a document", "[cli][help]") {
  TempDir dir;
  for (const std::string command :
       {"run", "check", "analyze", "graph", "sweep", "merge", "compare", "import", "calibrate", "help"}) {
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

TEST_CASE("svcsim help TOPIC prints the scenario keys with their defaults", "[cli][help]") {
  TempDir dir;
  const Outcome nodes = run_svcsim(dir, "help nodes");
  CHECK(nodes.code == 0);
  CHECK(contains(nodes.out, "7. Nodes / 7.1 Keys\n"));
  // Key, default, type, from docs/scenario-reference.md's tables, markup taken out.
  CHECK(std::regex_search(nodes.out, std::regex(R"(\n  instances +1 +whole number 1–100000\n)")));
  CHECK(std::regex_search(nodes.out, std::regex(R"(\n  concurrency +1; load_balancer: unlimited +whole number)")));
  CHECK_FALSE(contains(nodes.out, "`"));
  CHECK_FALSE(contains(nodes.out, "**"));
  const Outcome faults = run_svcsim(dir, "help faults");
  CHECK(contains(faults.out, "node, node[i] or node[i-j]"));  // brackets that are no link stay
  CHECK_FALSE(contains(faults.out, "7. Nodes"));
  // A table under a caption: the retry policy's keys.
  const Outcome retry = run_svcsim(dir, "help retry");
  CHECK(contains(retry.out, "  retry (writing retry: {} retries once with every default):\n"));
  CHECK(std::regex_search(retry.out, std::regex(R"(\n  max_retries +1 +whole number 0–100\n)")));
  // Every key table at once, also as a flag.
  const Outcome all = run_svcsim(dir, "help scenario");
  const Outcome flag = run_svcsim(dir, "--help-scenario");
  CHECK(flag.code == 0);
  CHECK(all.out == flag.out);
  for (const std::string chapter : {"5. Scenario header", "6. Network", "7. Nodes", "8. Endpoints and steps",
                                    "9. Workloads", "10. Faults"})
    CHECK((contains(all.out, "\n" + chapter) || all.out.rfind(chapter, 0) == 0));
}

TEST_CASE("svcsim help: every topic it lists has keys, commands have their help, typos a suggestion",
          "[cli][help]") {
  TempDir dir;
  const Outcome list = run_svcsim(dir, "help");
  CHECK(list.code == 0);
  const std::string marker = "Topics (scenario keys with their types and defaults): ";
  const auto at = list.out.find(marker);
  REQUIRE(at != std::string::npos);
  std::istringstream topics(list.out.substr(at + marker.size(), list.out.find('\n', at) - at - marker.size()));
  int count = 0;
  for (std::string topic; std::getline(topics, topic, ',');) {
    topic.erase(0, topic.find_first_not_of(' '));
    INFO(topic);
    const Outcome o = run_svcsim(dir, "help " + topic);
    CHECK(o.code == 0);
    CHECK(contains(o.out, "  key "));
    ++count;
  }
  CHECK(count >= 10);
  CHECK(run_svcsim(dir, "help run").out == run_svcsim(dir, "run --help").out);
  const Outcome typo = run_svcsim(dir, "help wrkloads");
  CHECK(typo.code == 2);
  CHECK(contains(typo.err, "error: no help topic 'wrkloads' (did you mean 'workloads'?)"));
  const Outcome command = run_svcsim(dir, "hlep");
  CHECK(command.code == 2);
  CHECK(contains(command.err, "(did you mean 'svcsim help'?)"));
  CHECK(contains(run_svcsim(dir, "--help").out, "'svcsim help TOPIC'"));
}

TEST_CASE("the examples in every --help name files that exist", "[cli][help]") {
  TempDir dir;
  const std::regex path(R"((scenarios|tests/data)/[A-Za-z0-9_./-]+)");
  int checked = 0;
  for (const std::string command :
       {"run", "check", "analyze", "graph", "sweep", "merge", "compare", "import", "calibrate", "help"}) {
    const std::string help = run_svcsim(dir, command + " --help").out;
    const std::string examples = help.substr(help.find("\nExamples:\n"));
    for (std::sregex_iterator m(examples.begin(), examples.end(), path), end; m != end; ++m) {
      INFO(command << ": " << m->str());
      CHECK(fs::exists(fs::path(SVCSIM_SOURCE_DIR) / m->str()));
      ++checked;
    }
  }
  CHECK(checked >= 10);
}
