// `svcsim merge SHARD.json… [--json FILE] [--csv FILE] [--html FILE]
// [--junit FILE] [--quiet]`: the shards of one sharded `run` or `sweep`
// (SPEC section 9) put back together into exactly what the unsharded command
// prints and writes.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace svcsim::cli {

struct MergeArgs {
  std::vector<std::string> shards;  // shard files, in any order
  std::string json_path;
  std::string csv_path;
  std::string html_path;
  std::string junit_path;           // `run` shards only: `sweep` writes no JUnit
  bool quiet = false;
  bool wide = false;  // --wide: every column of a merged run's report
};

/// The unsharded command's exit code; 2, with nothing written, when a shard
/// cannot be read or was edited, the shards come from different scenarios or
/// commands, a run does not have its scenario's shape, or a run is missing or
/// held twice.
int merge_command(const MergeArgs& args);

class MergeCommand {
 public:
  /// Adds the `merge` subcommand and its options to `app`.
  void add(CLI::App& app);
  /// Its exit code when `merge` was given, else nullopt.
  std::optional<int> dispatch() const;

 private:
  MergeArgs args_;
  CLI::App* app_ = nullptr;
};

}  // namespace svcsim::cli
