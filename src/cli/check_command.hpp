// `svcsim check SCENARIO [--set …]`: load and validate only.
#pragma once

#include <string>
#include <vector>

namespace svcsim::cli {

struct CheckArgs {
  std::string scenario_path;
  std::vector<std::string> sets;
};

/// Prints `SCENARIO: ok (N nodes, M workloads)` and returns 0, or prints the
/// diagnostics and returns 2.
int check_command(const CheckArgs& args);

}  // namespace svcsim::cli
