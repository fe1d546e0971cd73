// `svcsim compare` (see compare_command.hpp): the options, reading both files,
// and the exit code; the rules live in src/report/compare.cpp.
#include "cli/compare_command.hpp"

#include <cmath>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/exit_codes.hpp"
#include "cli/tolerance.hpp"
#include "report/number_format.hpp"
#include "svcsim/compare.hpp"
#include "svcsim/time.hpp"

namespace svcsim::cli {

int compare_command(const CompareArgs& args) {
  const Parsed<double> tolerance = parse_tolerance(args.tolerance);
  bool usable = true;
  if (!tolerance) {
    std::cerr << fmt::format("error: --tolerance '{}': {}\n", args.tolerance, tolerance.error.message);
    usable = false;
  }
  const ReadResultsFile baseline = read_results_file(args.baseline_path);
  const ReadResultsFile current = read_results_file(args.current_path);
  for (const ReadResultsFile* file : {&baseline, &current}) {
    if (file->file) continue;
    std::cerr << "error: " << file->error << '\n';
    usable = false;
  }
  if (!usable) return kExitUsage;

  CompareOptions options;
  options.tolerance = *tolerance.value;
  const Comparison comparison = compare_results(*baseline.file, *current.file, options);
  std::cout << fmt::format("baseline: {}\ncurrent:  {}\n", args.baseline_path, args.current_path);
  print_comparison(std::cout, comparison, options);
  std::cout.flush();
  for (const FigureChange& c : comparison.figures) {
    if (!is_regression(c.verdict)) continue;
    std::string what;
    if (c.verdict == Verdict::regressed && c.baseline && c.current) {
      what = fmt::format("{} -> {}", detail::format_sig(*c.baseline), detail::format_sig(*c.current));
      what += c.change ? fmt::format(" ({:+.1f}%)", *c.change * 100) : std::string(" (from 0)");
    } else if (c.verdict == Verdict::lost_value && c.baseline) {
      what = fmt::format("{} -> null (no value now)", detail::format_sig(*c.baseline));
    } else {
      what = "(workload missing)";
    }
    std::cerr << fmt::format("svcsim: regression: {} {}\n", c.path, what);
  }
  return comparison.regressed() ? kExitObjectiveFailed : kExitOk;
}

void CompareCommand::add(CLI::App& app) {
  app_ = app.add_subcommand("compare", "Compare two results files; exit 1 when a figure got worse beyond the "
                                       "tolerance (a CI gate)");
  app_->add_option("BASELINE", args_.baseline_path, "Results file of the baseline (svcsim run --json)")
      ->required()
      ->type_name("FILE");
  app_->add_option("CURRENT", args_.current_path, "Results file to judge against it")->required()->type_name("FILE");
  app_->add_option("--tolerance", args_.tolerance,
                   "Relative change that counts as a regression, e.g. 10% or 0.1 (floors near zero: docs/ci.md)")
      ->type_name("RATIO")
      ->capture_default_str();
}

std::optional<int> CompareCommand::dispatch() const {
  if (app_ && app_->parsed()) return compare_command(args_);
  return std::nullopt;
}

}  // namespace svcsim::cli
