// `svcsim analyze` and `svcsim graph` (see analyze_command.hpp): both load the
// scenario exactly as `run` does and never simulate.
#include "cli/analyze_command.hpp"

#include <iostream>

#include "cli/exit_codes.hpp"
#include "cli/scenario_input.hpp"
#include "svcsim/analysis.hpp"
#include "svcsim/analysis_report.hpp"
#include "svcsim/report.hpp"

namespace svcsim::cli {

int analyze_command(const AnalyzeArgs& args) {
  const auto overrides = collect_overrides(args.sets, {}, std::cerr);
  if (!overrides) return kExitUsage;
  const auto scenario = load_scenario(args.scenario_path, *overrides, std::cerr);
  bool usable = scenario.has_value();
  if (!args.json_path.empty()) {
    if (const std::string problem = check_output_folder(args.json_path); !problem.empty()) {
      std::cerr << "error: " << problem << '\n';
      usable = false;
    }
  }
  if (!usable) return kExitUsage;
  const Analysis analysis = analyze_scenario(*scenario);
  print_analysis_report(std::cout, analysis);
  std::cout.flush();
  if (!args.json_path.empty()) {
    if (const std::string problem = write_file_atomically(args.json_path, analysis_to_json(analysis));
        !problem.empty()) {
      std::cerr << "error: " << problem << '\n';
      return kExitUsage;
    }
  }
  return kExitOk;
}

int graph_command(const GraphArgs& args) {
  const auto overrides = collect_overrides(args.sets, {}, std::cerr);
  if (!overrides) return kExitUsage;
  const auto scenario = load_scenario(args.scenario_path, *overrides, std::cerr);
  if (!scenario) return kExitUsage;
  std::cout << architecture_to_dot(*scenario, call_edges(*scenario));
  return kExitOk;
}

}  // namespace svcsim::cli
