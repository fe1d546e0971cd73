// Shards on the command line (see shard_io.hpp).
#include "cli/shard_io.hpp"

#include <fstream>
#include <iostream>
#include <iterator>

#include <fmt/format.h>

#include "cli/exit_codes.hpp"
#include "cli/output_set.hpp"
#include "report/version.hpp"
#include "svcsim/report.hpp"

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

}  // namespace

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
  std::ifstream in(scenario_path, std::ios::binary);
  shard.scenario_text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) {
    std::cerr << fmt::format("error: cannot read '{}' again to keep it in the shard file\n", scenario_path);
    return kExitUsage;
  }
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
