// The command-line parser (see app.hpp): subcommands and their options.
#include "cli/app.hpp"

#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/capacity_commands.hpp"
#include "cli/check_command.hpp"
#include "cli/compare_command.hpp"
#include "cli/merge_command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/help_footers.hpp"
#include "cli/help_topics.hpp"
#include "cli/import_command.hpp"
#include "cli/calibrate_command.hpp"
#include "cli/memory_limit.hpp"
#include "cli/option_checks.hpp"
#include "cli/run_command.hpp"
#include "cli/shard_options.hpp"
#include "cli/usage_hints.hpp"
#include "report/version.hpp"
#include "svcsim/simulation.hpp"

#ifdef SVCSIM_VERSION
static_assert(std::string_view(SVCSIM_VERSION) == svcsim::kSvcsimVersion,
              "src/report/version.hpp and the CMake project version disagree");
#endif

namespace svcsim::cli {
namespace {

struct Parsed {
  RunArgs run;
  CheckArgs check;
  CLI::App* run_app = nullptr;
  CLI::App* check_app = nullptr;
};

void add_run(CLI::App& app, Parsed& p) {
  auto* run = app.add_subcommand("run", "Simulate a scenario; report latency, errors and utilisation");
  p.run_app = run;
  p.run.max_in_flight = RunOptions{}.max_in_flight;
  run->add_option("SCENARIO", p.run.scenario_path, "Scenario file (YAML)")->required()->type_name("FILE");
  // allow_extra_args(false): one value per --set, so `--set a=1 scenario.yaml` keeps the positional.
  run->add_option("--set", p.run.sets, "Override a scenario value, e.g. nodes.gateway.instances=6 (repeatable)")
      ->type_name("PATH=VALUE")
      ->allow_extra_args(false);
  run->add_option("--seed", p.run.seed, "Random seed (default: the scenario's seed, else 1)")->type_name("N");
  run->add_option("--duration", p.run.duration, "Simulated duration, e.g. 30s (default: the scenario's)")
      ->type_name("D");
  run->add_option("--json", p.run.json_path, "Write the results file (JSON) here; the folder must exist")
      ->type_name("FILE");
  run->add_option("--max-in-flight", p.run.max_in_flight,
                  "Stop (exit 3) once more than this many requests, or calls (tries not yet answered, those of timed-out requests included), are in flight, naming the saturated node")
      ->type_name("N")
      ->capture_default_str()
      ->check(whole_number(1, kMostInFlight));
  run->add_option("--max-memory", p.run.max_memory,
                  "Stop (exit 3) once the process holds more than this much memory, e.g. 2G or 1500M, naming what "
                  "grew; 0: no limit (default: 90 % of what the machine, its cgroup or ulimit -v allows)")
      ->type_name("SIZE");
  run->add_option("--csv", p.run.csv_path, "Write the time series (CSV, one row per window) here")->type_name("FILE");
  run->add_option("--window", p.run.window, "Time-series window (default 1s)")->type_name("D");
  run->add_option("--junit", p.run.junit_path,
                  "Write the objectives as JUnit XML here (one test case each); the folder must exist")
      ->type_name("FILE");
  run->add_option("--replications", p.run.replications,
                  "Independent runs with derived seeds; figures become means with a 95 % half-width")
      ->type_name("N");
  run->add_option("-j,--jobs", p.run.jobs, "Replications run in parallel (results do not depend on it)")
      ->type_name("N")
      ->capture_default_str();
  run->add_flag("-q,--quiet", p.run.quiet, "No terminal report and no progress line");
  run->add_flag("--no-progress", p.run.no_progress, "No progress line");
  run->add_flag("--wide", p.run.wide,
                "Every column of the report (default: lines below 120 columns; each table names what it left out)");
  run->add_option("--html", p.run.html_path,
                  "Write one self-contained HTML page (charts over time, architecture diagram, objectives) here")
      ->type_name("FILE");
  run->add_option("--traces", p.run.traces.path,
                  "Write OTLP/JSON traces of sampled and slow requests here (one line per request)")
      ->type_name("FILE");
  run->add_option("--trace-sample", p.run.traces.sample, "Share of requests traced at random (default 1%)")
      ->type_name("RATIO");
  run->add_option("--trace-slower-than", p.run.traces.slower_than, "Also trace every request slower than this")
      ->type_name("D");
  run->add_option("--trace-start", p.run.traces.start,
                  "Wall-clock time of simulated time 0 in the traces (RFC 3339, default 2025-01-01T00:00:00Z)")
      ->type_name("TIME");
  add_shard_options(run, p.run.shard, p.run.runs, p.run.progress);
}

void add_check(CLI::App& app, Parsed& p) {
  auto* check = app.add_subcommand("check", "Load and validate a scenario without simulating it");
  p.check_app = check;
  check->add_option("SCENARIO", p.check.scenario_path, "Scenario file (YAML)")->required()->type_name("FILE");
  check->add_option("--set", p.check.sets, "Override a scenario value, e.g. nodes.gateway.instances=6 (repeatable)")
      ->type_name("PATH=VALUE")
      ->allow_extra_args(false);
}

bool subcommand_exists(const CLI::App& app, const std::string& name) {
  return !app.get_subcommands([&](const CLI::App* s) { return s->get_name() == name; }).empty();
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{"svcsim: discrete-event simulator of service architectures", "svcsim"};
  app.set_version_flag("--version", "svcsim " + std::string(kSvcsimVersion));
  app.require_subcommand(0, 1);
  app.footer("Run 'svcsim SUBCOMMAND --help' for the options of each subcommand, 'svcsim help TOPIC' for the "
             "scenario keys of a topic (nodes, workloads, faults, …) with their defaults.\nRead: README.md, "
             "docs/cli.md, docs/scenario-reference.md");
  bool help_scenario = false;
  app.add_flag("--help-scenario", help_scenario, "Print every scenario key with its type and default, and exit");
  std::string help_topic;
  auto* help = app.add_subcommand("help", "Help on a command, or the scenario keys of a topic with their defaults");
  help->add_option("TOPIC", help_topic, "A command (run, sweep, …) or a topic: " + std::string("scenario, nodes, "
                   "workloads, faults, … (svcsim help lists them)"))->type_name("TOPIC");
  Parsed p;
  add_run(app, p);
  add_check(app, p);
  CapacityCommands capacity;
  capacity.add(app);
  CompareCommand compare;
  compare.add(app);
  MergeCommand merge;
  merge.add(app);
  ImportCommand import_traces;
  import_traces.add(app);
  CalibrateCommand calibrate;
  calibrate.add(app);
  add_help_footers(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // A likely typo is said plainly ("did you mean …"), instead of CLI11's list of unexpected arguments.
    const std::string hint = usage_hint(app, argc, argv);
    std::cerr << (hint.empty() ? "error: " + std::string(e.what()) : hint) << "\nRun 'svcsim "
              << (argc > 1 && subcommand_exists(app, argv[1]) ? std::string(argv[1]) + " " : std::string())
              << "--help' for usage.\n";
    return kExitUsage;
  }

  if (help_scenario) return help_command(app, "scenario");
  if (help->parsed()) return help_command(app, help_topic);
  if (p.run_app->parsed()) {
    if (const std::string problem = max_memory_problem(p.run.max_memory); !problem.empty()) {
      std::cerr << problem << '\n';
      return kExitUsage;
    }
    if (p.run.jobs < 1) {
      std::cerr << "error: -j must be at least 1\n";
      return kExitUsage;
    }
    return run_command(p.run);
  }
  if (p.check_app->parsed()) return check_command(p.check);
  if (const auto code = capacity.dispatch()) return *code;
  if (const auto code = compare.dispatch()) return *code;
  if (const auto code = merge.dispatch()) return *code;
  if (const auto code = import_traces.dispatch()) return *code;
  if (const auto code = calibrate.dispatch()) return *code;
  std::cerr << app.help();
  return kExitUsage;
}

}  // namespace svcsim::cli
