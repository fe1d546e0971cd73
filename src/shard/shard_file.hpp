// The shard file (`run|sweep … --shard I/K --json SHARD.json`): which command
// made it (scenario text and hash, the options that shape the output), which
// runs it holds, and each of those runs' own Results, losslessly
// (results_codec.hpp). `svcsim merge` reads these back.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "svcsim/results.hpp"

namespace svcsim::shard {

/// The subcommand and every option that shapes its output (not -j, --quiet
/// or output paths): shards merge only when these are equal.
struct ShardCommand {
  std::string subcommand;                   // "run" or "sweep"
  std::vector<std::string> sets;            // --set, in order
  std::optional<std::string> seed;          // --seed
  std::optional<std::string> duration;      // --duration
  std::optional<std::string> replications;  // --replications
  std::string window;                       // run: --window (the time series every shard keeps)
  std::vector<std::string> vary;            // sweep: --vary, in order
  std::uint64_t max_in_flight = 0;          // --max-in-flight
  bool operator==(const ShardCommand&) const = default;
};

/// The options that differ between two commands, e.g. "--vary, --seed"; empty when equal.
std::string command_difference(const ShardCommand& a, const ShardCommand& b);

/// The command line that makes the same runs, for messages:
/// `svcsim sweep mm1.yaml --vary … --seed 7`.
std::string command_line(const ShardCommand& command, const std::string& scenario_path);

struct ShardFile {
  std::string version;        // the svcsim that wrote it
  ShardCommand command;
  std::string scenario_path;  // as given on the command line
  std::string scenario_text;  // the scenario file's bytes, so merge needs no copy of it
  std::string scenario_hash;  // scenario.hash of the command (file bytes and overrides)
  std::size_t runs_total = 0; // runs of the unsharded command
  std::string selection;      // "shard 1/4", "runs 3,17-19"
  double wall_s = 0;          // wall clock of this shard (not deterministic)
  std::vector<std::size_t> indices;  // ascending
  std::vector<Results> runs;         // runs[k] is run indices[k]
};

/// The run as it would have been simulated without a time series: shards
/// keep one (for merge's --csv and --html). Removes the rows and their
/// window; run.events is the same either way (it leaves out the window ticks).
void drop_time_series(Results& run);

/// The shard file's text (compact JSON, one line).
std::string shard_to_json(const ShardFile& shard);

/// Reads and checks a shard file; nullopt with `problem` naming `path` when it
/// cannot be read (a directory, say), is truncated, is not a shard file, or holds an index twice
/// or out of range.
std::optional<ShardFile> read_shard_file(const std::string& path, std::string& problem);

}  // namespace svcsim::shard
