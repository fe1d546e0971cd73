// Loading a scenario: YAML text (+ --set overrides) -> validated Scenario, or
// every problem found, each as `FILE:LINE:COL: error: WHAT`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "svcsim/scenario.hpp"

namespace svcsim {

struct Diagnostic {
  std::string file;  // as given; may be empty
  int line = 0;      // 1-based; 0 = no position (the message is about the file or a --set)
  int column = 0;
  std::string message;  // lower case, names the key/value, ends with a suggestion where one fits
  /// `file:line:col: error: message` (or `file: error: message` without a position).
  std::string format() const;
};

/// A `--set PATH=VALUE` override: a dotted path into the scenario, list
/// entries by their `name` (e.g. `workloads.play.rate`).
struct Override {
  std::string path;
  std::string value;
};

/// Splits `PATH=VALUE`; nullopt when there is no `=` or the path is empty.
std::optional<Override> parse_override(std::string_view text);

struct LoadResult {
  std::optional<Scenario> scenario;  // set only when there were no errors
  std::vector<Diagnostic> errors;    // sorted by position
};

/// Reads and validates a scenario file. Never throws, never crashes on bad input.
LoadResult load_scenario_file(const std::string& path, const std::vector<Override>& overrides = {});

/// The same from text; `display_name` is what diagnostics print as FILE.
LoadResult load_scenario_text(std::string_view text, const std::string& display_name,
                              const std::vector<Override>& overrides = {});

}  // namespace svcsim
