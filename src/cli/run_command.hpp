// `svcsim run SCENARIO …`: load, simulate, check the objectives, report.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/scenario_input.hpp"
#include "cli/trace_output.hpp"
#include "svcsim/replicated_results.hpp"

namespace svcsim::cli {

struct RunArgs {
  std::string scenario_path;
  std::vector<std::string> sets;       // --set PATH=VALUE, in order
  std::optional<std::string> seed;     // --seed: becomes the override seed=N
  std::optional<std::string> duration; // --duration: becomes the override duration=D
  std::string json_path;               // --json; empty = no results file
  std::string csv_path;                // --csv; empty = no time series
  std::string window = "1s";           // --window
  std::string junit_path;              // --junit; empty = no JUnit XML
  std::string html_path;               // --html; empty = no HTML page
  std::optional<std::string> replications;  // --replications: becomes the override replications=N
  int jobs = 1;                        // -j: threads for the replications (results do not depend on it)
  std::uint64_t max_in_flight = 0;     // --max-in-flight
  std::string max_memory;              // --max-memory SIZE; empty: the machine's default, "0": none
  bool quiet = false;                  // no terminal report, no progress
  bool wide = false;                   // --wide: every column of the report, however wide
  bool no_progress = false;
  std::string progress = "auto";       // --progress: auto, bar, plain or none (progress.hpp)
  std::string shard;                   // --shard I/K: only these runs, into a shard file (src/shard/)
  std::string runs;                    // --runs LIST: only the runs listed, into a shard file
  TraceArgs traces;                    // --traces FILE and its options (replication 0's requests)
};

/// Returns the exit code (see exit_codes.hpp); messages go to stderr, the report to stdout.
/// With --shard or --runs it simulates only those runs and writes their shard file.
int run_command(const RunArgs& args);

/// `merge`: what run_command reports and writes for the runs of `args`
/// (every replication, in order), from the scenario in `source`. The same
/// code as an unsharded run's report, so the same bytes.
int report_merged_run(const RunArgs& args, const ScenarioSource& source, ReplicatedResults replicated);

}  // namespace svcsim::cli
