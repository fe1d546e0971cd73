// `svcsim check` (see check_command.hpp).
#include "cli/check_command.hpp"

#include <iostream>

#include <fmt/format.h>

#include "cli/exit_codes.hpp"
#include "cli/scenario_input.hpp"

namespace svcsim::cli {

int check_command(const CheckArgs& args) {
  const auto overrides = collect_overrides(args.sets, {}, std::cerr);
  if (!overrides) return kExitUsage;
  const auto scenario = load_scenario(args.scenario_path, *overrides, std::cerr);
  if (!scenario) return kExitUsage;
  const auto plural = [](std::size_t n, const char* word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); };
  std::cout << fmt::format("{}: ok ({}, {})\n", args.scenario_path, plural(scenario->nodes.size(), "node"),
                           plural(scenario->workloads.size(), "workload"));
  return kExitOk;
}

}  // namespace svcsim::cli
