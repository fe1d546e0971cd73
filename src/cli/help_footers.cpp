// Help footers (see help_footers.hpp): one table, so every command's help
// ends the same way. The examples use the shipped scenarios and test data.
#include "cli/help_footers.hpp"

#include <string>
#include <string_view>

namespace svcsim::cli {
namespace {

struct Footer {
  std::string_view command;
  std::string_view examples;  // one command per line
  std::string_view exit_codes;
  std::string_view doc;
};

constexpr std::string_view kRunExits =
    "0 every objective held, 1 an objective failed, 2 the scenario or command line is wrong "
    "(or an objective cannot be evaluated), 3 the run stopped (in-flight limit, Ctrl-C, SIGTERM)";

constexpr Footer kFooters[] = {
    {"run",
     "svcsim run scenarios/mm1.yaml\n"
     "svcsim run scenarios/mm1.yaml --set workloads.req.rate=950/s --json results.json --junit objectives.xml\n"
     "svcsim run scenarios/netflix.yaml --replications 5 -j 2 --duration 90s --html page.html",
     kRunExits, "docs/cli.md, docs/results.md, docs/ci.md"},
    {"help", "svcsim help nodes\nsvcsim help run\nsvcsim --help-scenario",
     "0 done, 2 no such command or topic (the closest is suggested)", "docs/scenario-reference.md"},
    {"check", "svcsim check scenarios/netflix.yaml\nsvcsim check scenarios/mm1.yaml --set nodes.server.concurrency=2",
     "0 the scenario is valid, 2 it is not (every problem is listed)", "docs/scenario-reference.md"},
    {"analyze", "svcsim analyze scenarios/netflix.yaml\nsvcsim analyze scenarios/mm1.yaml --json analysis.json",
     "0 done, 2 the scenario or command line is wrong", "docs/analyze.md"},
    {"graph", "svcsim graph scenarios/netflix.yaml | dot -Tsvg > architecture.svg",
     "0 done, 2 the scenario or command line is wrong", "docs/cli.md"},
    {"sweep",
     "svcsim sweep scenarios/mm1.yaml --vary workloads.req.rate=500/s,700/s,900/s\n"
     "svcsim sweep scenarios/mm1.yaml --set workloads.req.rate=3000/s --find nodes.server.concurrency=1..8\n"
     "svcsim sweep scenarios/mm1.yaml --vary workloads.req.rate=500/s,900/s --shard 0/2 --json shard-0.json",
     "0 every point met its objectives (with --find: a value was found), 1 a point failed one (with --find: "
     "no value met them), 2 the scenario or command line is wrong, 3 interrupted",
     "docs/sweep.md, docs/scale-out.md"},
    {"merge", "svcsim merge shard-0.json shard-1.json --json results.json --junit objectives.xml",
     "0, 1, 3 as the merged command (run or sweep) would exit; 2 shards that do not belong together or a missing run",
     "docs/scale-out.md"},
    {"compare", "svcsim compare tests/regression/baselines/mm1.json results.json --tolerance 10%",
     "0 nothing regressed, 1 a figure regressed, 2 a file cannot be read", "docs/ci.md"},
    {"import",
     "svcsim import tests/data/traces/smartthings-oauth-authorization.json -o smartthings.yaml\n"
     "svcsim import tests/data/traces/jaeger-fixture.json --sampled 1%",
     "0 a scenario was written, 2 a file is not a trace export or nothing can be modelled", "docs/traces.md"},
    {"calibrate", "svcsim calibrate smartthings.yaml tests/data/traces/smartthings-oauth-authorization.json --tolerance 10%",
     "0 every figure within the tolerance, 1 one drifted, 2 a bad file or option, 3 the run stopped",
     "docs/traces.md"},
};

std::string footer_text(const Footer& f) {
  std::string out = "Examples:\n";
  std::string_view rest = f.examples;
  while (!rest.empty()) {
    const std::size_t end = rest.find('\n');
    out += "  ";
    out += rest.substr(0, end);
    out += '\n';
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  }
  out += "Exit codes: ";
  out += f.exit_codes;
  out += "\nRead: ";
  out += f.doc;
  return out;
}

}  // namespace

void add_help_footers(CLI::App& app) {
  for (CLI::App* command : app.get_subcommands([](CLI::App*) { return true; }))
    for (const Footer& f : kFooters)
      if (command->get_name() == f.command) command->footer(footer_text(f));
}

}  // namespace svcsim::cli
