// Turning the command line's scenario arguments into a Scenario: `--set`
// overrides (plus --seed / --duration), loading, and printing every
// diagnostic on stderr. Shared by `run` and `check`.
#pragma once

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

/// Loads the scenario; prints its diagnostics on `err`, one per line. nullopt on any.
std::optional<Scenario> load_scenario(const std::string& path, const std::vector<Override>& overrides,
                                      std::ostream& err);

}  // namespace svcsim::cli
