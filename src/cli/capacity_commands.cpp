// Options of `analyze`, `graph` and `sweep` (see capacity_commands.hpp).
#include "cli/capacity_commands.hpp"

#include <CLI/CLI.hpp>

#include "cli/option_checks.hpp"
#include "cli/shard_options.hpp"

namespace svcsim::cli {
namespace {

const char* const kSetHelp = "Override a scenario value, e.g. nodes.gateway.instances=6 (repeatable)";

void add_sets(CLI::App* sub, std::vector<std::string>& sets) {
  // allow_extra_args(false): one value per option, so a following positional stays one.
  sub->add_option("--set", sets, kSetHelp)->type_name("PATH=VALUE")->allow_extra_args(false);
}

}  // namespace

void CapacityCommands::add(CLI::App& app) {
  analyze_app_ = app.add_subcommand(
      "analyze", "Analytic view: visits, offered load, utilisation, bottleneck, M/M/c waits, MVA (no simulation)");
  analyze_app_->add_option("SCENARIO", analyze_.scenario_path, "Scenario file (YAML)")->required()->type_name("FILE");
  add_sets(analyze_app_, analyze_.sets);
  analyze_app_->add_option("--json", analyze_.json_path, "Write the analysis (JSON) here; the folder must exist")
      ->type_name("FILE");

  sweep_app_ = app.add_subcommand("sweep", "Run a scenario over a grid of parameter values, or find the smallest "
                                           "value that meets the objectives");
  auto* s = sweep_app_;
  s->add_option("SCENARIO", sweep_.scenario_path, "Scenario file (YAML)")->required()->type_name("FILE");
  s->add_option("--vary", sweep_.vary,
                "A path and its values: V1,V2,… or a range LO..HI[:STEP], e.g. nodes.gateway.instances=2..6 or "
                "workloads.play.rate=1000/s..5000/s:1000/s (repeatable; the first varies slowest)")
      ->type_name("PATH=VALUES")
      ->allow_extra_args(false);
  s->add_option("--find", sweep_.find,
                "Bisect for the smallest value that meets every objective, assuming more is better, e.g. "
                "nodes.gateway.instances=1..16")
      ->type_name("PATH=LO..HI");
  s->add_option("-j,--jobs", sweep_.jobs, "Points simulated in parallel (results do not depend on it)")
      ->type_name("N")
      ->capture_default_str();
  s->add_option("--csv", sweep_.csv_path, "Write one row per point (CSV) here")->type_name("FILE");
  s->add_option("--json", sweep_.json_path, "Write every point's results (JSON) here")->type_name("FILE");
  s->add_option("--html", sweep_.html_path, "Write one self-contained HTML page: each figure against the varied parameter, objectives as lines")->type_name("FILE");
  add_sets(s, sweep_.sets);
  s->add_option("--seed", sweep_.seed, "Random seed, the same at every point (default: the scenario's)")
      ->type_name("N");
  s->add_option("--duration", sweep_.duration, "Simulated duration of each point, e.g. 30s")->type_name("D");
  s->add_option("--replications", sweep_.replications, "Independent replications per point (derived seeds)")
      ->type_name("N");
  s->add_option("--max-in-flight", sweep_.max_in_flight,
                "Stop a point once more than this many requests or calls are in flight (it then fails its objectives)")
      ->type_name("N")
      ->capture_default_str()
      ->check(whole_number(1, kMostInFlight));
  s->add_option("--max-memory", sweep_.max_memory,
                "Stop the sweep (exit 3, nothing written) once the process holds more than this much memory, e.g. 2G or "
                "1500M; 0: no limit (default: 90 % of what the machine, its cgroup or ulimit -v allows)")
      ->type_name("SIZE");
  s->add_flag("-q,--quiet", sweep_.quiet, "No terminal report and no progress line");
  s->add_flag("--no-progress", sweep_.no_progress, "No progress line");
  add_shard_options(s, sweep_.shard, sweep_.runs, sweep_.progress);

  graph_app_ = app.add_subcommand("graph", "Print the architecture as Graphviz DOT on standard output");
  graph_app_->add_option("SCENARIO", graph_.scenario_path, "Scenario file (YAML)")->required()->type_name("FILE");
  add_sets(graph_app_, graph_.sets);
}

std::optional<int> CapacityCommands::dispatch() const {
  if (analyze_app_ && analyze_app_->parsed()) return analyze_command(analyze_);
  if (sweep_app_ && sweep_app_->parsed()) return sweep_command(sweep_);
  if (graph_app_ && graph_app_->parsed()) return graph_command(graph_);
  return std::nullopt;
}

}  // namespace svcsim::cli
