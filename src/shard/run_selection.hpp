// Which runs of a command one process simulates: `--shard I/K` (the runs whose
// index r has r mod K = I) or `--runs LIST` (e.g. `3,17-19`, to fill gaps).
// Runs are numbered in the order the unsharded command runs them: point by
// point, replication by replication (SPEC section 9).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace svcsim::shard {

/// `--shard I/K`.
struct ShardSpec {
  std::size_t index = 0;
  std::size_t count = 1;
};

/// The runs one process takes: a shard or an explicit list (sorted, unique).
struct RunSelection {
  std::optional<ShardSpec> shard;
  std::vector<std::size_t> listed;

  /// "shard 1/4" or "runs 3,17-19", for messages and the shard file.
  std::string describe() const;
  /// The selected indices among `total` runs, ascending; nullopt with
  /// `problem` naming --runs when a listed index is not below `total`.
  std::optional<std::vector<std::size_t>> indices(std::size_t total, std::string& problem) const;
};

/// `I/K` with 0 <= I < K; nullopt with `problem` (naming `--shard TEXT`) otherwise.
std::optional<ShardSpec> parse_shard_spec(std::string_view text, std::string& problem);

/// `3,17-19`: indices and inclusive ranges, each index at most once; nullopt
/// with `problem` (naming `--runs TEXT`) otherwise.
std::optional<std::vector<std::size_t>> parse_run_list(std::string_view text, std::string& problem);

/// Ascending indices as a list with ranges: {3, 17, 18, 19} -> "3,17-19".
std::string format_run_list(const std::vector<std::size_t>& indices);

/// From the --shard and --runs texts (empty = not given). `selection` is
/// nullopt when neither was given; `problem` is set when one is malformed or
/// both were given.
struct SelectionArgs {
  std::optional<RunSelection> selection;
  std::string problem;
};
SelectionArgs parse_selection(const std::string& shard_text, const std::string& runs_text);

}  // namespace svcsim::shard
