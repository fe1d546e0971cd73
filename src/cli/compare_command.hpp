// `svcsim compare BASELINE.json CURRENT.json [--tolerance 10%]`: its options
// on the parser and the command (exit 1 on a regression, 2 on unreadable input).
#pragma once

#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace svcsim::cli {

struct CompareArgs {
  std::string baseline_path;
  std::string current_path;
  std::string tolerance = "10%";
};

/// Prints the comparison on stdout and each regression on stderr; returns
/// 0 (no regression), 1 (a regression) or 2 (a file or an option is wrong).
int compare_command(const CompareArgs& args);

class CompareCommand {
 public:
  /// Adds the `compare` subcommand and its options to `app`.
  void add(CLI::App& app);
  /// Its exit code when `compare` was given, else nullopt.
  std::optional<int> dispatch() const;

 private:
  CompareArgs args_;
  CLI::App* app_ = nullptr;
};

}  // namespace svcsim::cli
