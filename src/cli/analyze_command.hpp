// `svcsim analyze SCENARIO [--json FILE] [--set …]`: the analytic view, and
// `svcsim graph SCENARIO [--set …]`: the architecture as Graphviz DOT.
#pragma once

#include <string>
#include <vector>

namespace svcsim::cli {

struct AnalyzeArgs {
  std::string scenario_path;
  std::vector<std::string> sets;  // --set PATH=VALUE, in order
  std::string json_path;          // --json; empty = none
};

/// Prints the analysis tables (and writes --json); 0, or 2 on a bad scenario or path.
int analyze_command(const AnalyzeArgs& args);

struct GraphArgs {
  std::string scenario_path;
  std::vector<std::string> sets;
};

/// Prints DOT on standard output; 0, or 2 on a bad scenario.
int graph_command(const GraphArgs& args);

}  // namespace svcsim::cli
