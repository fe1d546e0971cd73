// Collecting loader errors: positions (file, --set, or none), the sink that
// gathers every problem of one load, and their final sorted order.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "svcsim/loader.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim::detail {

/// Where a value came from: a 1-based line and column in the file, or the
/// --set override that wrote it (set_index >= 0), or nowhere (line 0).
struct Where {
  int line = 0;
  int column = 0;
  int set_index = -1;

  bool from_override() const { return set_index >= 0; }
  /// The position as the Scenario keeps it: 0 for values that came from --set.
  SourceLocation location() const;
};

/// Gathers every error of one load; never stops at the first.
class Diagnostics {
 public:
  Diagnostics(std::string file, std::vector<std::string> set_paths);

  /// Reports `message` at `at`; messages about --set values get the
  /// `--set PATH: ` prefix and lose their (meaningless) position.
  void error(const Where& at, std::string message);
  /// An error about the whole file (no position).
  void file_error(std::string message);
  /// An error in another file the scenario names (an arrivals trace):
  /// `other_file:line:col: error: …` (line 0: about that whole file).
  void error_in(const std::string& other_file, int line, int column, std::string message);

  bool empty() const { return errors_.empty(); }
  /// True once further errors would be dropped: callers may skip the work of
  /// wording them (suggestions are not free on huge documents).
  bool full() const { return errors_.size() >= kMaxErrors; }
  std::size_t count() const { return errors_.size(); }
  const std::string& file() const { return file_; }

  /// The errors, sorted by position (file-level ones first), stable otherwise.
  std::vector<Diagnostic> take_sorted();

  /// Past this many errors the rest are dropped: a hostile file must not make
  /// the report itself enormous.
  static constexpr std::size_t kMaxErrors = 500;

 private:
  std::string file_;
  std::vector<std::string> set_paths_;
  std::vector<Diagnostic> errors_;
  bool truncated_ = false;
};

}  // namespace svcsim::detail
