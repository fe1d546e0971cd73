// `svcsim run` (see run_command.hpp): every step that can refuse the run
// (overrides, scenario, results path) does so before simulating, so a long
// run is never thrown away at the end for a typo.
#include "cli/run_command.hpp"

#include <cstdio>
#include <iostream>

#include <fmt/format.h>

#include "cli/exit_codes.hpp"
#include "cli/interrupt.hpp"
#include "cli/progress.hpp"
#include "cli/scenario_input.hpp"
#include "svcsim/metrics.hpp"
#include "svcsim/report.hpp"
#include "svcsim/simulation.hpp"

namespace svcsim::cli {
namespace {

std::vector<Override> option_overrides(const RunArgs& args) {
  std::vector<Override> extra;
  if (args.seed) extra.push_back({"seed", *args.seed});
  if (args.duration) extra.push_back({"duration", *args.duration});
  return extra;
}

Results simulate_with_progress(const Scenario& scenario, const RunArgs& args) {
  InterruptGuard interrupt;
  ProgressLine progress(stderr, !args.quiet && !args.no_progress);
  RunOptions options;
  options.max_in_flight = args.max_in_flight;
  options.interrupt = &interrupt.flag();
  if (progress.active())
    options.progress = [&progress](double fraction, std::uint64_t events) { progress.update(fraction, events); };
  Results results = simulate(scenario, options);
  progress.clear();
  return results;
}

// Objectives decide the exit code: any that cannot be evaluated is a mistake
// in the scenario (2); otherwise any failure is 1.
int objectives_exit_code(const Results& results) {
  int code = kExitOk;
  for (const auto& s : results.slo) {
    if (!s.evaluable) {
      std::cerr << fmt::format("error: objective '{}' cannot be evaluated: {}\n", s.check, s.problem);
      code = kExitUsage;
    } else if (!s.pass) {
      std::cerr << fmt::format("svcsim: objective failed: {}\n", s.check);
      if (code == kExitOk) code = kExitObjectiveFailed;
    }
  }
  return code;
}

}  // namespace

int run_command(const RunArgs& args) {
  const auto overrides = collect_overrides(args.sets, option_overrides(args), std::cerr);
  if (!overrides) return kExitUsage;
  const auto scenario = load_scenario(args.scenario_path, *overrides, std::cerr);
  bool usable = scenario.has_value();
  if (!args.json_path.empty()) {
    if (const std::string problem = check_output_folder(args.json_path); !problem.empty()) {
      std::cerr << "error: " << problem << '\n';
      usable = false;
    }
  }
  if (scenario && scenario->replications > 1) {
    std::cerr << fmt::format("{}: error: replications: {} is not supported yet (one replication per run)\n",
                             args.scenario_path, scenario->replications);
    usable = false;
  }
  if (!usable) return kExitUsage;

  Results results = simulate_with_progress(*scenario, args);

  if (results.run.stopped) {
    // Partial results still show where the load piled up; no results file is
    // written, so nothing downstream mistakes them for a finished run.
    if (!args.quiet) print_terminal_report(std::cout, results);
    std::cout.flush();
    std::cerr << "error: run stopped: " << results.run.stop_reason << '\n';
    if (!args.json_path.empty()) std::cerr << fmt::format("svcsim: '{}' not written\n", args.json_path);
    return kExitStopped;
  }

  results.slo = evaluate_objectives(*scenario, results);
  if (!args.quiet) print_terminal_report(std::cout, results);
  std::cout.flush();
  if (!args.json_path.empty()) {
    if (const std::string problem = write_file_atomically(args.json_path, results_to_json(results));
        !problem.empty()) {
      std::cerr << "error: " << problem << '\n';
      return kExitUsage;
    }
  }
  return objectives_exit_code(results);
}

}  // namespace svcsim::cli
