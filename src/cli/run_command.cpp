// `svcsim run` (see run_command.hpp): every step that can refuse the run
// (overrides, scenario, results path) does so before simulating, so a long
// run is never thrown away at the end for a typo. Split in prepare, simulate
// and report, so that a shard (--shard, --runs) stops after simulating and
// `merge` runs the same prepare and report on the runs of all the shards.
#include "cli/run_command.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <span>

#include <fmt/format.h>

#include "cli/exit_codes.hpp"
#include "cli/interrupt.hpp"
#include "cli/memory_limit.hpp"
#include "cli/output_set.hpp"
#include "cli/progress.hpp"
#include "cli/scenario_hash.hpp"
#include "cli/scenario_input.hpp"
#include "cli/shard_io.hpp"
#include "report/figures.hpp"
#include "svcsim/analysis.hpp"
#include "svcsim/html_report.hpp"
#include "svcsim/metrics.hpp"
#include "svcsim/replicate.hpp"
#include "svcsim/report.hpp"

namespace svcsim::cli {
namespace {

ReplicatedResults simulate_with_progress(const Scenario& scenario, const RunArgs& args, Duration series_window,
                                         ProgressMode mode, std::span<const std::size_t> which,
                                         const InterruptGuard& interrupt, bool* interrupted = nullptr,
                                         RunObserver* observer = nullptr) {
  ProgressLine progress(stderr, mode, simulated_seconds(scenario, which.size()));
  RunOptions options;
  options.max_in_flight = args.max_in_flight;
  options.max_memory_bytes = max_memory_of(args.max_memory);
  options.observer = observer;
  options.interrupt = &interrupt.flag();
  options.series_window = series_window;
  if (progress.active())
    options.progress = [&progress](double fraction, std::uint64_t events) { progress.update(fraction, events); };
  ReplicatedResults results = simulate_replications(scenario, options, args.jobs, which);
  progress.clear();
  if (interrupted != nullptr) *interrupted = interrupt.flag().load();
  return results;
}

// Why the run stopped: the first replication that stopped (by index, so the
// message does not depend on -j); empty when every one finished.
std::string stop_reason(const ReplicatedResults& results) {
  const auto k = detail::first_stopped(results.runs);
  return k ? detail::stop_text(results.runs, *k) : std::string();
}

// --max-memory's limit is on the process, which holds every replication that
// runs at once: with more than one at a time (-j), which of them reaches it
// first depends on the threads' timing, so such a set stops whole, as a sweep
// does (exit 3, no results written), naming the first replication (by index)
// that stopped (or whose pilot's stop kept warmup: auto from choosing). One
// at a time, a run stops where the limit says, and keeps what it has.
// nullopt: no such stop.
std::optional<std::string> concurrent_memory_stop(const Scenario& scenario, const ReplicatedResults& results,
                                                  std::span<const std::size_t> which, int jobs) {
  // warmup: auto runs a pilot of every replication first, even for a few selected ones.
  const std::size_t runs =
      scenario.warmup_auto ? static_cast<std::size_t>(std::max(1, scenario.replications)) : which.size();
  const std::size_t at_once = std::min<std::size_t>(runs, static_cast<std::size_t>(std::max(1, jobs)));
  if (at_once < 2) return std::nullopt;
  for (std::size_t k = 0; k < results.runs.size() && k < which.size(); ++k) {
    const Results& r = results.runs[k];
    if (stopped_for_memory(r))
      return fmt::format("error: run stopped: the process passed its memory limit in replication {} ({} running at "
                         "once): {}\nsvcsim: no results written (which replication reaches a limit shared by {} at "
                         "once depends on timing); give --max-memory more room, lower -j, or shorten the run",
                         which[k], at_once, r.run.stop_reason, at_once);
  }
  return std::nullopt;
}

// Objectives decide the exit code: any that cannot be evaluated is a mistake
// in the scenario (2); otherwise any failure is 1.
int objectives_exit_code(const ReplicatedResults& results) {
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

// Everything a run checks before simulating: the scenario, the output
// folders, the time series' window, the hash.
struct PreparedRun {
  Scenario scenario;
  std::string hash;
  Duration series_window;
};

std::optional<PreparedRun> prepare_run(const RunArgs& args, const ScenarioSource& source, bool series) {
  const auto overrides = collect_overrides(args.sets, option_overrides(args), std::cerr);
  if (!overrides) return std::nullopt;
  auto scenario = load_scenario(source, *overrides, std::cerr);
  bool usable = scenario.has_value();
  for (const std::string* path : {&args.json_path, &args.junit_path, &args.html_path, &args.csv_path}) {
    if (path->empty()) continue;
    if (const std::string problem = check_output_folder(*path); !problem.empty()) {
      std::cerr << "error: " << problem << '\n';
      usable = false;
    }
  }
  if (const std::string twice = same_file_twice({{"--json", &args.json_path},
                                                 {"--junit", &args.junit_path},
                                                 {"--html", &args.html_path},
                                                 {"--csv", &args.csv_path},
                                                 {"--traces", &args.traces.path}});
      !twice.empty()) {
    std::cerr << "error: " << twice << '\n';
    usable = false;
  }
  Duration series_window;
  // Checked even when nothing draws the series (no --csv, --html or shard):
  // a wrong value is a wrong command line whatever else was asked.
  const Parsed<Duration> window = parse_duration(args.window);
  if (!window || window.value->ns <= 0) {
    std::cerr << "error: --window " << args.window << ": "
              << (window ? std::string("must be greater than 0") : window.error.message) << '\n';
    usable = false;
  } else if (series) {  // the HTML page draws the same time series as --csv
    series_window = *window.value;
  }
  const auto hash = source.hash(*overrides);
  if (!usable) return std::nullopt;
  return PreparedRun{std::move(*scenario), hash.value_or(""), series_window};
}

// The report and the files of a finished (or stopped) set of runs. A stopped
// run writes what it has, marked (`run.stopped` in the results file, an
// <error> in the JUnit file), and exits 3. The files are written as a set.
int report_run(const RunArgs& args, const PreparedRun& prepared, ReplicatedResults replicated, const JunitRun& junit,
               TraceOutput* traces = nullptr) {
  const Scenario& scenario = prepared.scenario;
  for (Results& run : replicated.runs) run.scenario_hash = prepared.hash;
  // The fault windows are replication 0's (the scenario's own seed).
  const Results& results = replicated.runs.front();
  // The analytic prediction shown beside the measured utilisation (pred %).
  const Analysis analysis = analyze_scenario(scenario);
  const bool terminal =
      !args.quiet && !writes_to_stdout({&args.json_path, &args.csv_path, &args.junit_path, &args.html_path});
  const std::string why = stop_reason(replicated);

  // A stopped run's objectives are not judged (its figures are partial): the
  // results file has none, the JUnit file lists them as not evaluated.
  if (why.empty()) replicated.slo = evaluate_objectives(scenario, replicated.runs);
  if (terminal) {
    print_terminal_report(std::cout, replicated, &analysis, args.wide);
    if (why.empty()) print_fault_windows(std::cout, results);
  }
  std::vector<OutputFile> files;
  // Every replication's windows, each row naming its replication.
  if (!args.csv_path.empty()) files.push_back({args.csv_path, series_to_csv(replicated.runs)});
  if (!args.json_path.empty()) files.push_back({args.json_path, results_to_json(replicated)});
  if (!args.html_path.empty()) {
    HtmlContext context{scenario.description, &analysis, call_edges(scenario), scenario.faults};
    files.push_back({args.html_path, results_to_html(replicated, context)});
  }
  if (!args.junit_path.empty()) {
    if (!why.empty()) replicated.slo = evaluate_objectives(scenario, replicated.runs);
    files.push_back({args.junit_path, objectives_to_junit(replicated, junit)});
  }
  // The trace file is written beside the set (streamed to its own temporary
  // file while the run went on), and only for a finished run.
  if (traces != nullptr && why.empty()) {
    if (const std::string problem = traces->commit(); !problem.empty()) {
      std::cerr << "error: " << problem << '\n';
      return kExitUsage;
    }
  }
  if (!write_output_set(files)) return kExitUsage;
  if (!why.empty()) {
    if (!args.traces.path.empty()) std::cerr << fmt::format("svcsim: '{}' not written\n", args.traces.path);
    std::cerr << "error: run stopped: " << why << '\n';
    if (!files.empty()) std::cerr << "svcsim: the files written hold the figures up to the stop (run.stopped)\n";
    return kExitStopped;
  }
  return objectives_exit_code(replicated);
}

// --shard / --runs: only the selected replications, into a shard file. Every
// shard keeps the time series (--window), so the merge can write --csv and --html.
// An interrupted shard writes nothing (exit 3): a partial shard would be a
// hole that merge could not tell from a finished run.
int run_shard(const RunArgs& args, const shard::RunSelection& selection, ProgressMode mode) {
  if (!args.traces.path.empty()) {
    std::cerr << "error: --traces is not for --shard or --runs: traces come from replication 0 of an unsharded run\n";
    return kExitUsage;
  }
  if (!check_shard_outputs(args.json_path, {{"--csv", &args.csv_path}, {"--html", &args.html_path},
                                            {"--junit", &args.junit_path}}))
    return kExitUsage;
  const auto prepared = prepare_run(args, ScenarioSource{args.scenario_path, std::nullopt}, true);
  if (!prepared) return kExitUsage;
  const std::size_t total = static_cast<std::size_t>(std::max(1, prepared->scenario.replications));
  const auto which = selected_runs(selection, total);
  if (!which) return kExitUsage;
  bool interrupted = false;
  const InterruptGuard interrupt;
  ReplicatedResults replicated = simulate_with_progress(prepared->scenario, args, prepared->series_window, mode,
                                                        *which, interrupt, &interrupted);
  if (interrupted) {
    std::cerr << fmt::format("error: interrupted; '{}' not written\n", args.json_path);
    return kExitStopped;
  }
  if (const auto stop = concurrent_memory_stop(prepared->scenario, replicated, *which, args.jobs)) {
    std::cerr << *stop << fmt::format("\nsvcsim: '{}' not written\n", args.json_path);
    return kExitStopped;
  }
  shard::ShardFile file;
  file.command = shard_command_of(args);
  file.scenario_hash = prepared->hash;
  file.runs_total = total;
  file.selection = selection.describe();
  file.wall_s = replicated.wall_s;
  file.indices = *which;
  for (Results& run : replicated.runs) run.scenario_hash = prepared->hash;
  file.runs = std::move(replicated.runs);
  return write_shard_file(std::move(file), args.scenario_path, args.json_path, args.quiet);
}

// A run refused before it ran (exit 2) still replaces its JUnit file, with
// an <error> saying why, so no CI reads last time's success.
int refuse(const RunArgs& args, const StreamRecord& said, const JunitRun& junit) {
  return refuse_with_junit(args.junit_path, std::filesystem::path(args.scenario_path).stem().string(), said,
                           junit.timestamp);
}

}  // namespace

int run_command(const RunArgs& args) {
  const StreamRecord said(std::cerr);
  JunitRun junit{junit_timestamp(), 0};
  const auto engine = engine_options_of(args);
  if (!engine) return refuse(args, said, junit);
  if (engine->selection) return run_shard(args, *engine->selection, engine->progress);
  const ProgressMode mode = engine->progress;

  // From here to the last file written, SIGINT and SIGTERM stop the run and keep what it has.
  const InterruptGuard interrupt;
  const bool series = !args.csv_path.empty() || !args.html_path.empty();
  const auto prepared = prepare_run(args, ScenarioSource{args.scenario_path, std::nullopt}, series);
  if (!prepared) return refuse(args, said, junit);
  const auto traces = TraceOutput::open(args.traces);
  if (!traces) return refuse(args, said, junit);
  std::vector<std::size_t> all(static_cast<std::size_t>(std::max(1, prepared->scenario.replications)));
  for (std::size_t k = 0; k < all.size(); ++k) all[k] = k;
  ReplicatedResults replicated = simulate_with_progress(prepared->scenario, args, prepared->series_window, mode, all,
                                                        interrupt, nullptr, traces->observer());
  junit.wall_s = replicated.wall_s;
  if (const auto stop = concurrent_memory_stop(prepared->scenario, replicated, all, args.jobs)) {
    std::cerr << *stop << '\n';
    if (!args.traces.path.empty()) std::cerr << fmt::format("svcsim: '{}' not written\n", args.traces.path);
    // The JUnit file still says what happened, so that no CI reads last time's success.
    if (!args.junit_path.empty() && check_output_folder(args.junit_path).empty())
      write_output_set({{args.junit_path, refusal_to_junit(std::filesystem::path(args.scenario_path).stem().string(),
                                                           *stop, junit, "run stopped")}});
    return kExitStopped;
  }
  return report_run(args, *prepared, std::move(replicated), junit, traces.get());
}

int report_merged_run(const RunArgs& args, const ScenarioSource& source, ReplicatedResults replicated) {
  const bool series = !args.csv_path.empty() || !args.html_path.empty();
  const auto prepared = prepare_run(args, source, series);
  if (!prepared) return kExitUsage;
  // Shards always keep the time series; a run asked for neither --csv nor --html has none.
  if (!series)
    for (Results& run : replicated.runs) shard::drop_time_series(run);
  const JunitRun junit{junit_timestamp(), replicated.wall_s};
  const InterruptGuard interrupt;  // a signal while the files are written leaves none half-written
  return report_run(args, *prepared, std::move(replicated), junit);
}

}  // namespace svcsim::cli
