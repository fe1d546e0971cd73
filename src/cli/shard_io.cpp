// Shards on the command line (see shard_io.hpp).
#include "cli/shard_io.hpp"

#include <fstream>
#include <iostream>
#include <iterator>

#include <fmt/format.h>

#include "cli/exit_codes.hpp"
#include "report/version.hpp"
#include "svcsim/report.hpp"

namespace svcsim::cli {

shard::ShardCommand shard_command_of(const RunArgs& args) {
  shard::ShardCommand c;
  c.subcommand = "run";
  c.sets = args.sets;
  c.seed = args.seed;
  c.duration = args.duration;
  c.replications = args.replications;
  c.window = args.window;
  c.max_in_flight = args.max_in_flight;
  return c;
}

shard::ShardCommand shard_command_of(const SweepArgs& args) {
  shard::ShardCommand c;
  c.subcommand = "sweep";
  c.sets = args.sets;
  c.seed = args.seed;
  c.duration = args.duration;
  c.replications = args.replications;
  c.vary = args.vary;
  c.max_in_flight = args.max_in_flight;
  return c;
}

RunArgs run_args_of(const shard::ShardCommand& command, const std::string& scenario_path) {
  RunArgs args;
  args.scenario_path = scenario_path;
  args.sets = command.sets;
  args.seed = command.seed;
  args.duration = command.duration;
  args.replications = command.replications;
  args.window = command.window;
  args.max_in_flight = command.max_in_flight;
  return args;
}

SweepArgs sweep_args_of(const shard::ShardCommand& command, const std::string& scenario_path) {
  SweepArgs args;
  args.scenario_path = scenario_path;
  args.sets = command.sets;
  args.seed = command.seed;
  args.duration = command.duration;
  args.replications = command.replications;
  args.vary = command.vary;
  args.max_in_flight = command.max_in_flight;
  return args;
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
  if (const std::string problem = write_file_atomically(json_path, shard::shard_to_json(shard)); !problem.empty()) {
    std::cerr << "error: " << problem << '\n';
    return kExitUsage;
  }
  if (!quiet)
    std::cerr << fmt::format("svcsim: {} of {} runs ({}: {}) written to {}\n", shard.indices.size(), shard.runs_total,
                             shard.selection, shard.indices.empty() ? "none" : shard::format_run_list(shard.indices),
                             json_path);
  return kExitOk;
}

}  // namespace svcsim::cli
