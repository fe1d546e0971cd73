// The capacity-planning subcommands (`analyze`, `graph`, `sweep`): their
// options, registered on the parser, and the dispatch once one was given.
#pragma once

#include <optional>

#include "cli/analyze_command.hpp"
#include "cli/sweep_command.hpp"

namespace CLI {
class App;
}

namespace svcsim::cli {

class CapacityCommands {
 public:
  /// Adds the three subcommands and their options to `app`.
  void add(CLI::App& app);
  /// The exit code of the subcommand given, or nullopt when none of these was.
  std::optional<int> dispatch() const;

 private:
  AnalyzeArgs analyze_;
  GraphArgs graph_;
  SweepArgs sweep_;
  CLI::App* analyze_app_ = nullptr;
  CLI::App* graph_app_ = nullptr;
  CLI::App* sweep_app_ = nullptr;
};

}  // namespace svcsim::cli
