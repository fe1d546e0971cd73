// `svcsim sweep SCENARIO --vary PATH=V1,V2,… [--vary …] [--find PATH=LO..HI]
// [-j N] [--csv FILE] [--json FILE] [--set …] [--seed N] [--duration D]
// [--replications N] [--max-in-flight N]`: many runs of one scenario.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/scenario_input.hpp"
#include "svcsim/results.hpp"
#include "svcsim/simulation.hpp"

namespace svcsim::cli {

struct SweepArgs {
  std::string scenario_path;
  std::vector<std::string> vary;       // --vary PATH=VALUES, in order (the first is the outermost loop)
  std::string find;                    // --find PATH=LO..HI; empty = none
  int jobs = 1;                        // -j
  std::string csv_path;
  std::string json_path;
  std::string html_path;               // --html: the sweep page (src/report/sweep_html.cpp)
  std::vector<std::string> sets;
  std::optional<std::string> seed;
  std::optional<std::string> duration;
  std::optional<std::string> replications;
  std::uint64_t max_in_flight = RunOptions{}.max_in_flight;  // the same default as run's
  std::string max_memory;              // --max-memory SIZE; empty: run's default (memory_limit.hpp)
  bool quiet = false;
  bool no_progress = false;
  std::string progress = "auto";       // --progress: auto, bar, plain or none (progress.hpp)
  std::string shard;                   // --shard I/K: only these runs, into a shard file (src/shard/)
  std::string runs;                    // --runs LIST: only the runs listed, into a shard file
};

/// 0 when the sweep ran (points that miss objectives are its content, not an
/// error); 1 when --find found no value for some combination; 2 on a wrong
/// command line or scenario; 3 when interrupted or stopped by --max-memory
/// (nothing is written then).
/// With --shard or --runs it simulates only those runs and writes their shard file.
int sweep_command(const SweepArgs& args);

/// `merge`: what sweep_command reports and writes for `args`, from the
/// scenario in `source` and every run of the grid in run order (point by
/// point, replication by replication). The same code as an unsharded sweep's
/// report, so the same bytes.
int report_merged_sweep(const SweepArgs& args, const ScenarioSource& source, std::vector<Results> runs);

}  // namespace svcsim::cli
