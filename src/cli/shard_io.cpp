// Shards on the command line (see shard_io.hpp).
#include "cli/shard_io.hpp"

#include <algorithm>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "cli/exit_codes.hpp"
#include "cli/output_set.hpp"
#include "cli/scenario_hash.hpp"
#include "cli/scenario_input.hpp"
#include "program/program.hpp"
#include "report/version.hpp"
#include "svcsim/file_bytes.hpp"
#include "svcsim/report.hpp"
#include "svcsim/sweep.hpp"

namespace svcsim::cli {

namespace {

// The options `run` and `sweep` share, in both directions.
template <class Args>
shard::ShardCommand common_command(const Args& args, const char* subcommand) {
  shard::ShardCommand c;
  c.subcommand = subcommand;
  c.sets = args.sets;
  c.seed = args.seed;
  c.duration = args.duration;
  c.replications = args.replications;
  c.max_in_flight = args.max_in_flight;
  return c;
}

template <class Args>
Args common_args(const shard::ShardCommand& c, const std::string& scenario_path) {
  Args args;
  args.scenario_path = scenario_path;
  args.sets = c.sets;
  args.seed = c.seed;
  args.duration = c.duration;
  args.replications = c.replications;
  args.max_in_flight = c.max_in_flight;
  return args;
}

/// What the engine puts in a run's Results for `scenario` (engine.cpp's collect()).
shard::RunShape shape_of(const Scenario& scenario) {
  shard::RunShape shape;
  for (const Workload& w : scenario.workloads) shape.workloads.push_back(w.name);
  for (const Node& n : scenario.nodes) shape.nodes.push_back(n.name);
  // A node's breakers, in the order the program builder made them.
  shape.breaker_callees.resize(scenario.nodes.size());
  for (const detail::BreakerSpec& b : detail::build_programs(scenario).breakers)
    shape.breaker_callees[b.caller].push_back(scenario.nodes[b.callee].name);
  shape.fault_phases = static_cast<std::size_t>(
      std::count_if(scenario.faults.begin(), scenario.faults.end(), [](const Fault& f) { return f.has_phases(); }));
  return shape;
}

/// The --set overrides of each point of the command's grid (one empty point for a run);
/// nullopt after printing why.
std::optional<std::vector<std::vector<Override>>> grid_of(const shard::ShardCommand& command, const std::string& path) {
  std::vector<SweepAxis> axes;
  double points = 1;
  for (const std::string& text : command.vary) {
    auto axis = parse_sweep_axis(text);
    if (!axis) {
      std::cerr << fmt::format("error: '{}': --vary {}\n", path, axis.error.message);
      return std::nullopt;
    }
    points *= static_cast<double>(axis.value->values.size());
    axes.push_back(std::move(*axis.value));
  }
  if (points > static_cast<double>(kMaxSweepPoints)) {  // a shard's --vary loads no more scenarios than a sweep may
    std::cerr << fmt::format("error: '{}': its sweep has {} points; at most {}\n", path, points, kMaxSweepPoints);
    return std::nullopt;
  }
  return sweep_grid(axes);
}

}  // namespace

std::optional<std::vector<Override>> command_overrides(const shard::ShardCommand& command) {
  std::ostringstream ignored;  // the merge's report says what is wrong with a --set
  return collect_overrides(command.sets, option_overrides(command), ignored);
}

std::string scenario_hash_problem(const shard::ShardFile& file) {
  const auto overrides = command_overrides(file.command);
  if (!overrides) return {};  // nothing to hash: the report refuses the --set
  const std::string actual = scenario_hash(file.scenario_text, *overrides);
  if (actual == file.scenario_hash) return {};
  return fmt::format("its scenario text does not match its own scenario.hash {} (the text with its command's "
                     "options hashes to {}): the file was edited after svcsim wrote it",
                     file.scenario_hash, actual);
}

std::optional<MergeShapes> MergeShapes::of(const shard::ShardFile& file, const std::string& path) {
  const auto base = command_overrides(file.command);
  const auto grid = grid_of(file.command, path);
  if (!base || !grid) {
    if (!base) std::cerr << fmt::format("error: '{}': a --set of its command is not PATH=VALUE\n", path);
    return std::nullopt;
  }
  const ScenarioSource source{file.scenario_path, file.scenario_text};
  MergeShapes shapes;
  for (const std::vector<Override>& parameters : *grid) {
    std::vector<Override> overrides = *base;
    overrides.insert(overrides.end(), parameters.begin(), parameters.end());
    const auto scenario = load_scenario(source, overrides, std::cerr);
    if (!scenario) {
      std::cerr << fmt::format("error: '{}': the scenario it keeps does not load with its command's options\n", path);
      return std::nullopt;
    }
    shapes.points_.push_back(shape_of(*scenario));
    shapes.offsets_.push_back(shapes.offsets_.back() + static_cast<std::size_t>(std::max(1, scenario->replications)));
  }
  return shapes;
}

const shard::RunShape& MergeShapes::of_run(std::size_t run) const {
  const auto next = std::upper_bound(offsets_.begin(), offsets_.end(), run);
  return points_[static_cast<std::size_t>(next - offsets_.begin()) - 1];
}

shard::ShardCommand shard_command_of(const RunArgs& args) {
  shard::ShardCommand c = common_command(args, "run");
  c.window = args.window;
  return c;
}

shard::ShardCommand shard_command_of(const SweepArgs& args) {
  shard::ShardCommand c = common_command(args, "sweep");
  c.vary = args.vary;
  return c;
}

RunArgs run_args_of(const shard::ShardCommand& command, const std::string& scenario_path) {
  auto args = common_args<RunArgs>(command, scenario_path);
  args.window = command.window;
  return args;
}

SweepArgs sweep_args_of(const shard::ShardCommand& command, const std::string& scenario_path) {
  auto args = common_args<SweepArgs>(command, scenario_path);
  args.vary = command.vary;
  return args;
}

std::optional<EngineOptions> engine_options_of(bool quiet, bool no_progress, const std::string& progress,
                                               const std::string& shard, const std::string& runs) {
  const auto mode = progress_mode_of(quiet, no_progress, progress);
  const auto selection = shard::parse_selection(shard, runs);
  if (!selection.problem.empty()) std::cerr << "error: " << selection.problem << '\n';
  if (!mode || !selection.problem.empty()) return std::nullopt;
  return EngineOptions{*mode, selection.selection};
}

bool check_shard_outputs(const std::string& json_path,
                         const std::vector<std::pair<const char*, const std::string*>>& merge_only) {
  bool ok = true;
  if (json_path.empty()) {
    std::cerr << "error: --shard and --runs write a shard file: give it with --json SHARD.json\n";
    ok = false;
  }
  for (const auto& [option, path] : merge_only) {
    if (path->empty()) continue;
    std::cerr << fmt::format("error: {} {}: a shard writes only its shard file (--json); "
                             "`svcsim merge SHARD.json… {} FILE` writes it from all the shards\n",
                             option, *path, option);
    ok = false;
  }
  return ok;
}

std::optional<std::vector<std::size_t>> selected_runs(const shard::RunSelection& selection, std::size_t total) {
  std::string problem;
  auto indices = selection.indices(total, problem);
  if (!indices) std::cerr << "error: " << problem << '\n';
  return indices;
}

int write_shard_file(shard::ShardFile shard, const std::string& scenario_path, const std::string& json_path,
                     bool quiet) {
  std::string problem;
  auto text = read_file_bytes(scenario_path, problem);
  if (!text) {
    std::cerr << fmt::format("error: cannot read '{}' again to keep it in the shard file: {}\n", scenario_path, problem);
    return kExitUsage;
  }
  shard.scenario_text = std::move(*text);
  shard.scenario_path = scenario_path;
  shard.version = std::string(kSvcsimVersion);
  if (!write_output_set({{json_path, shard::shard_to_json(shard)}})) return kExitUsage;
  if (!quiet)
    std::cerr << fmt::format("svcsim: {} of {} runs ({}: {}) written to {}\n", shard.indices.size(), shard.runs_total,
                             shard.selection, shard.indices.empty() ? "none" : shard::format_run_list(shard.indices),
                             json_path);
  return kExitOk;
}

}  // namespace svcsim::cli
