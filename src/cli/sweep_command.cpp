// `svcsim sweep` (see sweep_command.hpp). Everything that can refuse the sweep
// (values, ranges, every grid point's scenario, output paths) does so before
// the first simulation. With --find, the bisections of all --vary
// combinations advance in lockstep: each round's points run as one parallel
// batch, so the points chosen never depend on -j.
#include "cli/sweep_command.hpp"

#include <cstdio>
#include <iostream>
#include <map>

#include <fmt/format.h>

#include "cli/exit_codes.hpp"
#include "cli/interrupt.hpp"
#include "cli/progress.hpp"
#include "cli/scenario_input.hpp"
#include "svcsim/report.hpp"
#include "svcsim/sweep.hpp"
#include "svcsim/sweep_report.hpp"

namespace svcsim::cli {
namespace {

/// The most points one sweep may have (grid size).
constexpr std::size_t kMaxPoints = 100'000;

std::vector<Override> option_overrides(const SweepArgs& args) {
  std::vector<Override> extra;
  if (args.seed) extra.push_back({"seed", *args.seed});
  if (args.duration) extra.push_back({"duration", *args.duration});
  if (args.replications) extra.push_back({"replications", *args.replications});
  return extra;
}

struct Plan {
  std::vector<SweepAxis> axes;
  std::optional<SweepAxis> find;
};

std::optional<Plan> parse_plan(const SweepArgs& args) {
  Plan plan;
  bool ok = true;
  for (const auto& text : args.vary) {
    auto axis = parse_sweep_axis(text);
    if (!axis) {
      std::cerr << "error: --vary " << axis.error.message << '\n';
      ok = false;
    } else {
      plan.axes.push_back(std::move(*axis.value));
    }
  }
  if (!args.find.empty()) {
    auto axis = parse_sweep_axis(args.find);
    if (!axis) {
      std::cerr << "error: --find " << axis.error.message << '\n';
      ok = false;
    } else {
      plan.find = std::move(*axis.value);
    }
  }
  if (!ok) return std::nullopt;
  if (plan.axes.empty() && !plan.find) {
    std::cerr << "error: sweep needs --vary PATH=V1,V2,… (or a range LO..HI) or --find PATH=LO..HI\n";
    return std::nullopt;
  }
  std::vector<std::string> paths;
  for (const auto& a : plan.axes) paths.push_back(a.path);
  if (plan.find) paths.push_back(plan.find->path);
  for (std::size_t i = 0; i < paths.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (paths[i] == paths[j]) {
        std::cerr << "error: " << paths[i] << " is varied twice\n";
        return std::nullopt;
      }
  double points = 1;
  for (const auto& a : plan.axes) points *= static_cast<double>(a.values.size());
  if (points > static_cast<double>(kMaxPoints)) {
    std::cerr << fmt::format("error: the grid has {} points; at most {}\n", points, kMaxPoints);
    return std::nullopt;
  }
  return plan;
}

/// Loads the scenario of one point; prints its diagnostics after naming the point.
std::optional<Scenario> load_point(const SweepArgs& args, const std::vector<Override>& base,
                                   const std::vector<Override>& parameters) {
  std::vector<Override> overrides = base;
  overrides.insert(overrides.end(), parameters.begin(), parameters.end());
  LoadResult loaded = load_scenario_file(args.scenario_path, overrides);
  if (loaded.errors.empty() && loaded.scenario) return std::move(loaded.scenario);
  std::string point;
  for (const auto& o : parameters) point += fmt::format("{}{}={}", point.empty() ? "" : " ", o.path, o.value);
  std::cerr << "svcsim: point " << point << ":\n";
  for (const auto& d : loaded.errors) std::cerr << d.format() << '\n';
  if (loaded.errors.empty()) std::cerr << args.scenario_path << ": error: the scenario could not be loaded\n";
  return std::nullopt;
}

class SweepRun {
 public:
  SweepRun(const SweepArgs& args, std::vector<Override> base, const std::atomic<bool>* interrupt)
      : args_(args), base_(std::move(base)) {
    options_.jobs = args.jobs;
    options_.max_in_flight = args.max_in_flight;
    options_.interrupt = interrupt;
  }

  /// Loads then simulates a batch of points (nullopt when one does not load).
  std::optional<std::vector<SweepPoint>> run(const std::vector<std::vector<Override>>& batch) {
    std::vector<Scenario> scenarios;
    for (const auto& parameters : batch) {
      auto s = load_point(args_, base_, parameters);
      if (!s) return std::nullopt;
      scenarios.push_back(std::move(*s));
    }
    ProgressLine progress(stderr, !args_.quiet && !args_.no_progress);
    auto done = [&](std::size_t finished) {
      if (progress.active()) progress.update(static_cast<double>(finished) / static_cast<double>(batch.size()), 0);
    };
    auto points = run_sweep_points(scenarios, batch, options_, done);
    progress.clear();
    return points;
  }

  /// Whether every point of `batch` loads (checked before any simulation).
  bool loads(const std::vector<std::vector<Override>>& batch) const {
    bool ok = true;
    for (const auto& parameters : batch) ok = load_point(args_, base_, parameters).has_value() && ok;
    return ok;
  }

 private:
  const SweepArgs& args_;
  std::vector<Override> base_;
  SweepRunOptions options_;
};

std::vector<std::vector<Override>> with_value(const std::vector<std::vector<Override>>& combos, const SweepAxis& axis,
                                              const std::vector<std::pair<std::size_t, std::size_t>>& requests) {
  std::vector<std::vector<Override>> batch;
  for (const auto& [combo, index] : requests) {
    batch.push_back(combos[combo]);
    batch.back().push_back({axis.path, axis.values[index]});
  }
  return batch;
}

/// --find: the bisections of every combination in lockstep. Returns false when a point does not load.
bool run_find(SweepRun& run, const std::vector<std::vector<Override>>& combos, const SweepAxis& axis,
              const std::atomic<bool>& interrupted, SweepReport& report) {
  std::vector<Bisection> bisections(combos.size(), Bisection(axis.values.size()));
  std::vector<std::map<std::size_t, SweepPoint>> points(combos.size());
  for (;;) {
    std::vector<std::pair<std::size_t, std::size_t>> requests;  // (combination, value index)
    for (std::size_t c = 0; c < combos.size(); ++c)
      for (const std::size_t i : bisections[c].next()) requests.emplace_back(c, i);
    if (requests.empty()) break;
    auto results = run.run(with_value(combos, axis, requests));
    if (!results) return false;
    for (std::size_t k = 0; k < requests.size(); ++k) {
      const auto [c, i] = requests[k];
      bisections[c].record(i, (*results)[k].pass);
      points[c].emplace(i, std::move((*results)[k]));
    }
    if (interrupted.load()) break;
  }
  SweepFind find;
  find.path = axis.path;
  find.values = axis.values;
  for (std::size_t c = 0; c < combos.size(); ++c) {
    FindOutcome outcome;
    outcome.parameters = combos[c];
    if (const auto f = bisections[c].found()) outcome.found = axis.values[*f];
    outcome.problem = bisections[c].assumption_problem(axis.values);
    outcome.evaluated = points[c].size();
    find.outcomes.push_back(std::move(outcome));
    for (auto& [index, point] : points[c]) report.points.push_back(std::move(point));
  }
  report.find = std::move(find);
  return true;
}

}  // namespace

int sweep_command(const SweepArgs& args) {
  if (args.jobs < 1) {
    std::cerr << "error: -j must be at least 1\n";
    return kExitUsage;
  }
  if (args.max_in_flight == 0) {
    std::cerr << "error: --max-in-flight must be at least 1\n";
    return kExitUsage;
  }
  const auto plan = parse_plan(args);
  const auto base = collect_overrides(args.sets, option_overrides(args), std::cerr);
  if (!plan || !base) return kExitUsage;
  bool usable = true;
  for (const std::string* path : {&args.json_path, &args.csv_path, &args.html_path}) {
    if (path->empty()) continue;
    if (const std::string problem = check_output_folder(*path); !problem.empty()) {
      std::cerr << "error: " << problem << '\n';
      usable = false;
    }
  }
  // The scenario as given (no point's values) names the sweep and its objectives.
  const auto scenario = load_scenario(args.scenario_path, *base, std::cerr);
  if (!scenario || !usable) return kExitUsage;
  if (plan->find && scenario->slo.empty()) {
    std::cerr << "error: --find needs objectives: " << args.scenario_path
              << " has no 'slo', so every value would meet them\n";
    return kExitUsage;
  }

  InterruptGuard interrupt;
  SweepRun run(args, *base, &interrupt.flag());
  const std::vector<std::vector<Override>> grid = sweep_grid(plan->axes);
  // Every grid point (with --find: both ends of its range) must load before anything runs.
  std::vector<std::vector<Override>> to_check = grid;
  if (plan->find) to_check = with_value(grid, *plan->find, [&] {
    std::vector<std::pair<std::size_t, std::size_t>> ends;
    for (std::size_t c = 0; c < grid.size(); ++c) {
      ends.emplace_back(c, 0);
      if (plan->find->values.size() > 1) ends.emplace_back(c, plan->find->values.size() - 1);
    }
    return ends;
  }());
  if (!run.loads(to_check)) return kExitUsage;

  SweepReport report;
  report.scenario_name = scenario->name;
  report.seed = scenario->seed;
  report.duration_s = scenario->duration.seconds();
  report.warmup_s = scenario->warmup.seconds();
  report.warmup_auto = scenario->warmup_auto;
  report.replications = scenario->replications;
  for (const auto& axis : plan->axes) report.paths.push_back(axis.path);
  if (plan->find) {
    report.paths.push_back(plan->find->path);
    if (!run_find(run, grid, *plan->find, interrupt.flag(), report)) return kExitUsage;
  } else {
    auto points = run.run(grid);
    if (!points) return kExitUsage;
    report.points = std::move(*points);
  }
  if (interrupt.flag().load()) {
    std::cerr << "error: sweep interrupted; no file written\n";
    return kExitStopped;
  }

  if (!args.quiet) print_sweep_report(std::cout, report);
  std::cout.flush();
  if (!args.csv_path.empty())
    if (const std::string problem = write_file_atomically(args.csv_path, sweep_to_csv(report)); !problem.empty()) {
      std::cerr << "error: " << problem << '\n';
      return kExitUsage;
    }
  if (!args.json_path.empty())
    if (const std::string problem = write_file_atomically(args.json_path, sweep_to_json(report)); !problem.empty()) {
      std::cerr << "error: " << problem << '\n';
      return kExitUsage;
    }
  if (!args.html_path.empty())
    if (const std::string problem = write_file_atomically(args.html_path, sweep_to_html(report)); !problem.empty()) {
      std::cerr << "error: " << problem << '\n';
      return kExitUsage;
    }
  if (report.find)
    for (const FindOutcome& o : report.find->outcomes)
      if (!o.found) return kExitObjectiveFailed;
  return kExitOk;
}

}  // namespace svcsim::cli
