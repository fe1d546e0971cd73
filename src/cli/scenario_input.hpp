// Turning the command line's scenario arguments into a Scenario: `--set`
// overrides (plus --seed / --duration), loading, and printing every
// diagnostic on stderr. Shared by `run`, `check`, `sweep` and `merge`.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "svcsim/loader.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim::cli {

/// Parses each `--set PATH=VALUE` and appends `extra` after them (so --seed
/// and --duration win over a --set of the same path). Prints a message for
/// each malformed --set on `err`; nullopt when there was one.
std::optional<std::vector<Override>> collect_overrides(const std::vector<std::string>& sets,
                                                       const std::vector<Override>& extra, std::ostream& err);

/// --seed, --duration and --replications as overrides, in that order, for
/// `run`'s and `sweep`'s arguments and a shard file's command alike (one
/// list: a shard's scenario.hash is checked with the same overrides).
template <class Args>
std::vector<Override> option_overrides(const Args& args) {
  std::vector<Override> extra;
  if (args.seed) extra.push_back({"seed", *args.seed});
  if (args.duration) extra.push_back({"duration", *args.duration});
  if (args.replications) extra.push_back({"replications", *args.replications});
  return extra;
}

/// The most points one sweep may have (grid size); `merge` holds a sweep's
/// shards to it too.
inline constexpr std::size_t kMaxSweepPoints = 100'000;

/// Where a scenario comes from: its file or, for `merge`, the text a shard
/// file kept of it (diagnostics and relative trace paths still use `path`).
struct ScenarioSource {
  std::string path;
  std::optional<std::string> text;  // nullopt: read `path`
  LoadResult load(const std::vector<Override>& overrides) const;
  /// scenario.hash (scenario_hash.hpp) of the file or text with `overrides`; nullopt when the file cannot be read.
  std::optional<std::string> hash(const std::vector<Override>& overrides) const;
};

/// Loads the scenario; prints its diagnostics on `err`, one per line. nullopt on any.
std::optional<Scenario> load_scenario(const std::string& path, const std::vector<Override>& overrides,
                                      std::ostream& err);
std::optional<Scenario> load_scenario(const ScenarioSource& source, const std::vector<Override>& overrides,
                                      std::ostream& err);

}  // namespace svcsim::cli
