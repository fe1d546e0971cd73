// `svcsim sweep` (see sweep_command.hpp). Everything that can refuse the sweep
// (values, ranges, every grid point's scenario, output paths) does so before
// the first simulation. With --find, the bisections of all --vary
// combinations advance in lockstep: each round's points run as one parallel
// batch, so the points chosen never depend on -j. A shard (--shard, --runs)
// simulates its runs of the grid and writes them; `merge` rebuilds the points
// from all the shards and reports them through the same code.
#include "cli/sweep_command.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <map>

#include <fmt/format.h>

#include "cli/exit_codes.hpp"
#include "cli/interrupt.hpp"
#include "cli/memory_limit.hpp"
#include "cli/output_set.hpp"
#include "cli/progress.hpp"
#include "cli/scenario_input.hpp"
#include "cli/shard_io.hpp"
#include "svcsim/report.hpp"
#include "svcsim/sweep.hpp"
#include "svcsim/sweep_report.hpp"

namespace svcsim::cli {
namespace {

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
  if (points > static_cast<double>(kMaxSweepPoints)) {
    std::cerr << fmt::format("error: the grid has {} points; at most {}\n", points, kMaxSweepPoints);
    return std::nullopt;
  }
  return plan;
}

/// Loads the scenario of one point; prints its diagnostics after naming the point.
std::optional<Scenario> load_point(const ScenarioSource& source, const std::vector<Override>& base,
                                   const std::vector<Override>& parameters) {
  std::vector<Override> overrides = base;
  overrides.insert(overrides.end(), parameters.begin(), parameters.end());
  LoadResult loaded = source.load(overrides);
  if (loaded.errors.empty() && loaded.scenario) return std::move(loaded.scenario);
  std::string point;
  for (const auto& o : parameters) point += fmt::format("{}{}={}", point.empty() ? "" : " ", o.path, o.value);
  std::cerr << "svcsim: point " << point << ":\n";
  for (const auto& d : loaded.errors) std::cerr << d.format() << '\n';
  if (loaded.errors.empty()) std::cerr << source.path << ": error: the scenario could not be loaded\n";
  return std::nullopt;
}

class SweepRun {
 public:
  SweepRun(const SweepArgs& args, ScenarioSource source, std::vector<Override> base, ProgressMode progress,
           const std::atomic<bool>* interrupt)
      : source_(std::move(source)), base_(std::move(base)), progress_(progress) {
    options_.jobs = args.jobs;
    options_.max_in_flight = args.max_in_flight;
    options_.max_memory_bytes = max_memory_of(args.max_memory);
    options_.interrupt = interrupt;
  }

  /// Loads then simulates a batch of points (nullopt when one does not load).
  std::optional<std::vector<SweepPoint>> run(const std::vector<std::vector<Override>>& batch) {
    auto scenarios = load(batch);
    if (!scenarios) return std::nullopt;
    return simulate(*scenarios, batch, nullptr);
  }

  /// Simulates loaded points; with `only`, point i's replications (*only)[i] alone (a shard).
  std::vector<SweepPoint> simulate(const std::vector<Scenario>& scenarios, const std::vector<std::vector<Override>>& batch,
                                   const std::vector<std::vector<std::size_t>>* only) {
    double simulated_s = 0;
    for (std::size_t i = 0; i < scenarios.size(); ++i)
      simulated_s += simulated_seconds(scenarios[i], only != nullptr ? (*only)[i].size()
                                                                      : static_cast<std::size_t>(std::max(1, scenarios[i].replications)));
    ProgressLine progress(stderr, progress_, simulated_s);
    SweepRunOptions options = options_;
    options.only = only;
    if (progress.active())
      options.progress = [&progress](double fraction, std::uint64_t events) { progress.update(fraction, events); };
    auto points = run_sweep_points(scenarios, batch, options);
    progress.clear();
    return points;
  }

  /// Every point of `batch` loaded, or nullopt (after printing why) when one does not load.
  std::optional<std::vector<Scenario>> load(const std::vector<std::vector<Override>>& batch) const {
    std::vector<Scenario> scenarios;
    bool ok = true;
    for (const auto& parameters : batch) {
      auto s = load_point(source_, base_, parameters);
      if (s) scenarios.push_back(std::move(*s));
      ok = ok && s.has_value();
    }
    if (!ok) return std::nullopt;
    return scenarios;
  }

 private:
  ScenarioSource source_;
  std::vector<Override> base_;
  ProgressMode progress_;
  SweepRunOptions options_;
};

/// Where each point's runs start in the sweep's run numbering (point by
/// point, replication by replication), plus the total at the end.
std::vector<std::size_t> run_offsets(const std::vector<Scenario>& points) {
  std::vector<std::size_t> offsets{0};
  for (const Scenario& s : points) offsets.push_back(offsets.back() + static_cast<std::size_t>(std::max(1, s.replications)));
  return offsets;
}

std::vector<std::vector<Override>> with_value(const std::vector<std::vector<Override>>& combos, const SweepAxis& axis,
                                              const std::vector<std::pair<std::size_t, std::size_t>>& requests) {
  std::vector<std::vector<Override>> batch;
  for (const auto& [combo, index] : requests) {
    batch.push_back(combos[combo]);
    batch.back().push_back({axis.path, axis.values[index]});
  }
  return batch;
}

// The first run (in point order) that --max-memory stopped, as a message, or
// nullopt. The limit is on the whole process, which holds every point that
// runs at once (-j), so which point reaches it depends on the threads'
// timing: a sweep does not let that decide a point's result. It stops whole,
// as an interrupted one does (exit 3, nothing written), naming the point.
std::optional<std::string> memory_stop(const std::vector<SweepPoint>& points) {
  for (const SweepPoint& p : points)
    for (const Results& r : p.results.runs)
      if (stopped_for_memory(r)) {
        std::string point;
        for (const auto& o : p.parameters) point += fmt::format("{}{}={}", point.empty() ? "" : " ", o.path, o.value);
        return fmt::format("error: sweep stopped: the process passed its memory limit at point {}: {}", point,
                           r.run.stop_reason);
      }
  return std::nullopt;
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
    const bool out_of_memory = memory_stop(*results).has_value();
    for (std::size_t k = 0; k < requests.size(); ++k) {
      const auto [c, i] = requests[k];
      bisections[c].record(i, (*results)[k].pass);
      points[c].emplace(i, std::move((*results)[k]));
    }
    if (interrupted.load() || out_of_memory) break;
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

// What the command line asks, checked: the plan, the base overrides, the
// scenario as given (it names the sweep and its objectives).
struct PreparedSweep {
  Plan plan;
  std::vector<Override> base;
  Scenario scenario;
};

std::optional<PreparedSweep> prepare_sweep(const SweepArgs& args, const ScenarioSource& source,
                                           const std::vector<const std::string*>& outputs) {
  if (args.jobs < 1) {
    std::cerr << "error: -j must be at least 1\n";
    return std::nullopt;
  }
  if (args.max_in_flight == 0) {
    std::cerr << "error: --max-in-flight must be at least 1\n";
    return std::nullopt;
  }
  if (const std::string problem = max_memory_problem(args.max_memory); !problem.empty()) {
    std::cerr << problem << '\n';
    return std::nullopt;
  }
  auto plan = parse_plan(args);
  auto base = collect_overrides(args.sets, option_overrides(args), std::cerr);
  if (!plan || !base) return std::nullopt;
  bool usable = true;
  for (const std::string* path : outputs) {
    if (path->empty()) continue;
    if (const std::string problem = check_output_folder(*path); !problem.empty()) {
      std::cerr << "error: " << problem << '\n';
      usable = false;
    }
  }
  if (const std::string twice = same_file_twice(
          {{"--json", &args.json_path}, {"--csv", &args.csv_path}, {"--html", &args.html_path}});
      !twice.empty()) {
    std::cerr << "error: " << twice << '\n';
    usable = false;
  }
  auto scenario = load_scenario(source, *base, std::cerr);
  if (!scenario || !usable) return std::nullopt;
  if (plan->find && scenario->slo.empty()) {
    std::cerr << "error: --find needs objectives: " << args.scenario_path
              << " has no 'slo', so every value would meet them\n";
    return std::nullopt;
  }
  return PreparedSweep{std::move(*plan), std::move(*base), std::move(*scenario)};
}

SweepReport report_header(const PreparedSweep& prepared) {
  const Scenario& scenario = prepared.scenario;
  SweepReport report;
  report.scenario_name = scenario.name;
  report.seed = scenario.seed;
  report.duration_s = scenario.duration.seconds();
  report.warmup_s = scenario.warmup.seconds();
  report.warmup_auto = scenario.warmup_auto;
  report.replications = scenario.replications;
  for (const auto& axis : prepared.plan.axes) report.paths.push_back(axis.path);
  if (prepared.plan.find) report.paths.push_back(prepared.plan.find->path);
  return report;
}

// A grid's exit code, as run's for each point: 2 when an objective cannot be
// evaluated, else 1 when a point failed one (or stopped); each named on stderr.
int points_exit_code(const std::vector<SweepPoint>& points) {
  int code = kExitOk;
  for (const SweepPoint& p : points) {
    std::string point;
    for (const auto& o : p.parameters) point += fmt::format("{}{}={}", point.empty() ? "" : " ", o.path, o.value);
    if (p.stopped) {
      std::string why;
      for (const Results& r : p.results.runs)
        if (r.run.stopped && why.empty()) why = r.run.stop_reason;
      std::cerr << fmt::format("svcsim: point {}: objectives not met: run stopped: {}\n", point, why);
      if (code == kExitOk) code = kExitObjectiveFailed;
    }
    for (const ObjectiveResult& s : p.results.slo) {
      if (p.stopped) break;
      if (!s.evaluable) {
        std::cerr << fmt::format("error: point {}: objective '{}' cannot be evaluated: {}\n", point, s.check, s.problem);
        code = kExitUsage;
      } else if (!s.pass) {
        std::cerr << fmt::format("svcsim: point {}: objective failed: {}\n", point, s.check);
        if (code == kExitOk) code = kExitObjectiveFailed;
      }
    }
  }
  return code;
}

// The terminal table and the files of a finished sweep; the exit code.
int write_sweep_outputs(const SweepArgs& args, const SweepReport& report) {
  if (!args.quiet && !writes_to_stdout({&args.csv_path, &args.json_path, &args.html_path}))
    print_sweep_report(std::cout, report);
  std::cout.flush();
  using Writer = std::string (*)(const SweepReport&);
  const std::pair<const std::string*, Writer> outputs[] = {
      {&args.csv_path, &sweep_to_csv}, {&args.json_path, &sweep_to_json}, {&args.html_path, &sweep_to_html}};
  std::vector<OutputFile> files;
  for (const auto& [path, content] : outputs)
    if (!path->empty()) files.push_back({*path, content(report)});
  if (!write_output_set(files)) return kExitUsage;
  if (report.find) {
    for (const FindOutcome& o : report.find->outcomes)
      if (!o.found) return kExitObjectiveFailed;
    return kExitOk;
  }
  return points_exit_code(report.points);
}

// --shard / --runs: the selected runs of the grid, into a shard file.
int sweep_shard(const SweepArgs& args, const shard::RunSelection& selection, ProgressMode mode) {
  if (!args.find.empty()) {
    std::cerr << "error: --find cannot be sharded: its bisection chooses each round's points from the last "
                 "round's results; shard a --vary grid instead (--vary " << args.find << ")\n";
    return kExitUsage;
  }
  if (!check_shard_outputs(args.json_path, {{"--csv", &args.csv_path}, {"--html", &args.html_path}})) return kExitUsage;
  const ScenarioSource source{args.scenario_path, std::nullopt};
  const auto prepared = prepare_sweep(args, source, {&args.json_path});
  if (!prepared) return kExitUsage;
  InterruptGuard interrupt;
  SweepRun run(args, source, prepared->base, mode, &interrupt.flag());
  const std::vector<std::vector<Override>> grid = sweep_grid(prepared->plan.axes);
  const auto scenarios = run.load(grid);
  if (!scenarios) return kExitUsage;
  const std::vector<std::size_t> offsets = run_offsets(*scenarios);
  const auto which = selected_runs(selection, offsets.back());
  if (!which) return kExitUsage;
  std::vector<std::vector<std::size_t>> only(grid.size());
  for (const std::size_t r : *which) {
    const auto point = static_cast<std::size_t>(std::upper_bound(offsets.begin(), offsets.end(), r) - offsets.begin()) - 1;
    only[point].push_back(r - offsets[point]);
  }
  const auto start = std::chrono::steady_clock::now();
  std::vector<SweepPoint> points = run.simulate(*scenarios, grid, &only);
  if (interrupt.flag().load()) {
    std::cerr << fmt::format("error: sweep interrupted; '{}' not written\n", args.json_path);
    return kExitStopped;
  }
  if (const auto stop = memory_stop(points)) {
    std::cerr << *stop << fmt::format("\nsvcsim: '{}' not written\n", args.json_path);
    return kExitStopped;
  }
  shard::ShardFile file;
  file.command = shard_command_of(args);
  file.scenario_hash = source.hash(prepared->base).value_or("");
  file.runs_total = offsets.back();
  file.selection = selection.describe();
  file.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  file.indices = *which;
  for (SweepPoint& p : points)
    for (Results& r : p.results.runs) file.runs.push_back(std::move(r));
  return write_shard_file(std::move(file), args.scenario_path, args.json_path, args.quiet);
}

}  // namespace

int sweep_command(const SweepArgs& args) {
  const auto engine = engine_options_of(args);
  if (!engine) return kExitUsage;
  if (engine->selection) return sweep_shard(args, *engine->selection, engine->progress);
  const ProgressMode mode = engine->progress;

  const ScenarioSource source{args.scenario_path, std::nullopt};
  const auto prepared = prepare_sweep(args, source, {&args.json_path, &args.csv_path, &args.html_path});
  if (!prepared) return kExitUsage;
  const Plan& plan = prepared->plan;
  InterruptGuard interrupt;
  SweepRun run(args, source, prepared->base, mode, &interrupt.flag());
  const std::vector<std::vector<Override>> grid = sweep_grid(plan.axes);
  // Every grid point (with --find: both ends of its range) must load before anything runs.
  std::vector<std::vector<Override>> to_check = grid;
  if (plan.find) to_check = with_value(grid, *plan.find, [&] {
    std::vector<std::pair<std::size_t, std::size_t>> ends;
    for (std::size_t c = 0; c < grid.size(); ++c) {
      ends.emplace_back(c, 0);
      if (plan.find->values.size() > 1) ends.emplace_back(c, plan.find->values.size() - 1);
    }
    return ends;
  }());
  if (!run.load(to_check)) return kExitUsage;

  SweepReport report = report_header(*prepared);
  if (plan.find) {
    if (!run_find(run, grid, *plan.find, interrupt.flag(), report)) return kExitUsage;
  } else {
    auto points = run.run(grid);
    if (!points) return kExitUsage;
    report.points = std::move(*points);
  }
  if (interrupt.flag().load()) {
    std::cerr << "error: sweep interrupted; no file written\n";
    return kExitStopped;
  }
  if (const auto stop = memory_stop(report.points)) {
    std::cerr << *stop << "\nsvcsim: no file written; give --max-memory more room, lower -j, or shorten the run\n";
    return kExitStopped;
  }
  return write_sweep_outputs(args, report);
}

int report_merged_sweep(const SweepArgs& args, const ScenarioSource& source, std::vector<Results> runs) {
  const auto prepared = prepare_sweep(args, source, {&args.json_path, &args.csv_path, &args.html_path});
  if (!prepared) return kExitUsage;
  const std::vector<std::vector<Override>> grid = sweep_grid(prepared->plan.axes);
  std::vector<Scenario> scenarios;
  for (const auto& parameters : grid) {
    auto s = load_point(source, prepared->base, parameters);
    if (!s) return kExitUsage;
    scenarios.push_back(std::move(*s));
  }
  const std::vector<std::size_t> offsets = run_offsets(scenarios);
  if (offsets.back() != runs.size()) {
    std::cerr << fmt::format("error: the sweep has {} runs but the shards hold {}\n", offsets.back(), runs.size());
    return kExitUsage;
  }
  SweepReport report = report_header(*prepared);
  for (std::size_t p = 0; p < grid.size(); ++p) {
    ReplicatedResults point;
    point.runs.assign(std::make_move_iterator(runs.begin() + static_cast<std::ptrdiff_t>(offsets[p])),
                      std::make_move_iterator(runs.begin() + static_cast<std::ptrdiff_t>(offsets[p + 1])));
    report.points.push_back(finish_sweep_point(scenarios[p], grid[p], std::move(point)));
  }
  return write_sweep_outputs(args, report);
}

}  // namespace svcsim::cli
