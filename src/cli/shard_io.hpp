// The command line's side of shards: turning `run`/`sweep` arguments into the
// command a shard file records (and back, for `merge`), checking the options
// of a sharded command, and writing its shard file.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "cli/progress.hpp"
#include "cli/run_command.hpp"
#include "cli/sweep_command.hpp"
#include "shard/run_selection.hpp"
#include "shard/run_shape.hpp"
#include "shard/shard_file.hpp"

namespace svcsim::cli {

shard::ShardCommand shard_command_of(const RunArgs& args);
shard::ShardCommand shard_command_of(const SweepArgs& args);
/// The arguments that make the runs `command` records (no output paths).
RunArgs run_args_of(const shard::ShardCommand& command, const std::string& scenario_path);
SweepArgs sweep_args_of(const shard::ShardCommand& command, const std::string& scenario_path);

/// --progress (with --quiet and --no-progress), --shard and --runs, checked.
struct EngineOptions {
  ProgressMode progress = ProgressMode::automatic;
  std::optional<shard::RunSelection> selection;  // nullopt: every run, reported as usual
};
/// nullopt after printing why, when one of them is wrong.
std::optional<EngineOptions> engine_options_of(bool quiet, bool no_progress, const std::string& progress,
                                               const std::string& shard, const std::string& runs);
/// The same from RunArgs or SweepArgs.
template <class Args>
std::optional<EngineOptions> engine_options_of(const Args& args) {
  return engine_options_of(args.quiet, args.no_progress, args.progress, args.shard, args.runs);
}

/// The outputs a sharded command may not write (they come from `merge`):
/// prints one error for each of `merge_only` (option name, its value) that
/// was given, and one when --json is missing. False when any.
bool check_shard_outputs(const std::string& json_path,
                         const std::vector<std::pair<const char*, const std::string*>>& merge_only);

/// The runs a --shard/--runs command takes among `total`; prints the problem
/// and returns nullopt when a listed run is out of range.
std::optional<std::vector<std::size_t>> selected_runs(const shard::RunSelection& selection, std::size_t total);

/// The overrides the command a shard file records loads its scenario with
/// (--set, then --seed, --duration, --replications: as run and sweep do);
/// nullopt when a --set is malformed.
std::optional<std::vector<Override>> command_overrides(const shard::ShardCommand& command);

/// Why the scenario text a shard file keeps does not hash to the scenario.hash
/// it records (the text or the hash was edited); empty when it does.
std::string scenario_hash_problem(const shard::ShardFile& file);

/// The shape (run_shape.hpp) of every run of the command a shard file
/// records, from the scenario text it keeps: one per sweep point (one for a
/// run), and where each point's runs start.
class MergeShapes {
 public:
  /// nullopt after printing why, naming `path`, when the scenario does not load with the command's options.
  static std::optional<MergeShapes> of(const shard::ShardFile& file, const std::string& path);
  /// How many runs the command makes.
  std::size_t runs() const { return offsets_.back(); }
  /// The shape of run `run` (below runs()).
  const shard::RunShape& of_run(std::size_t run) const;

 private:
  std::vector<shard::RunShape> points_;
  std::vector<std::size_t> offsets_{0};
};

/// Fills the shard's scenario (path, the file's bytes) and writes the file
/// whole; prints a summary line on stderr unless `quiet`. Returns the exit code.
int write_shard_file(shard::ShardFile shard, const std::string& scenario_path, const std::string& json_path,
                     bool quiet);

}  // namespace svcsim::cli
