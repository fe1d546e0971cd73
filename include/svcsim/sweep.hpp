// Sweeps (`svcsim sweep`): a grid of --set overrides, each point loaded and
// simulated with the same seed (common random numbers), and the bisection of
// --find. The command line strings these together; reports are in sweep_report.hpp.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "svcsim/loader.hpp"
#include "svcsim/replicated_results.hpp"
#include "svcsim/scenario.hpp"
#include "svcsim/simulation.hpp"
#include "svcsim/time.hpp"

namespace svcsim {

/// One varied path and its values, as written (ranges expanded).
struct SweepAxis {
  std::string path;
  std::vector<std::string> values;
};

/// The most values one axis may have.
inline constexpr std::size_t kMaxSweepValues = 10'000;

/// `PATH=V1,V2,…` (commas inside brackets or quotes do not split, so YAML
/// values like `{dist: exponential, mean: 2ms}` work) or `PATH=LO..HI[:STEP]`
/// (see expand_range).
Parsed<SweepAxis> parse_sweep_axis(std::string_view text);

/// `2..10` (integers, step 1), `2..10:2`, `1000/s..5000/s:1000/s` or
/// `0.5..0.9:0.1`: numbers with the same unit suffix, start..end:step, each
/// value written with as many decimals as the most precise of the three.
Parsed<std::vector<std::string>> expand_range(std::string_view text);

/// Every combination of the axes' values, the first axis outermost; one empty
/// combination when there are no axes.
std::vector<std::vector<Override>> sweep_grid(const std::vector<SweepAxis>& axes);

/// One simulated point.
struct SweepPoint {
  std::vector<Override> parameters;  // path -> value as written, in axis order (the --find path last)
  ReplicatedResults results;         // slo evaluated (on the mean over replications)
  bool stopped = false;              // some replication stopped (in-flight limit, interrupt)
  bool pass = false;                 // ran to the end and every objective was evaluated and held
};

struct SweepRunOptions {
  int jobs = 1;                          // points simulated at once
  std::uint64_t max_in_flight = RunOptions{}.max_in_flight;  // the same default as a run's
  /// RunOptions::max_memory_bytes of every run (0: no limit). A limit on the
  /// whole process: the caller stops the sweep when a run reports it (sweep_command).
  std::uint64_t max_memory_bytes = 0;
  /// Called (never concurrently) as the points advance: the share of the
  /// batch done (each point weighs the same) and the events of every point so far.
  std::function<void(double fraction, std::uint64_t events)> progress;
  const std::atomic<bool>* interrupt = nullptr;
  /// A shard (src/shard/): when set, point i simulates only the replications
  /// (*only)[i] and its objectives are left for the merge, which has them all.
  const std::vector<std::vector<std::size_t>>* only = nullptr;
};

/// A point from its full set of runs: the objectives evaluated on the means
/// over replications, whether a replication stopped, and whether it passed.
SweepPoint finish_sweep_point(const Scenario& scenario, std::vector<Override> parameters, ReplicatedResults results);

/// Simulates each scenario (already loaded with its point's overrides) on up
/// to `jobs` threads; the result for scenarios[i] is at index i whatever the
/// threads did, so the output does not depend on `jobs`. `done` is called
/// (never concurrently) after each point with the number finished.
std::vector<SweepPoint> run_sweep_points(const std::vector<Scenario>& scenarios,
                                         const std::vector<std::vector<Override>>& parameters,
                                         const SweepRunOptions& options,
                                         const std::function<void(std::size_t)>& done = {});

/// What --find concluded for one combination of the --vary values.
struct FindOutcome {
  std::vector<Override> parameters;  // the --vary combination (empty without --vary)
  std::optional<std::string> found;  // the smallest value that met every objective, as written
  std::string problem;               // why the more-is-better assumption fails; empty when nothing contradicted it
  std::size_t evaluated = 0;         // values simulated
};

struct SweepFind {
  std::string path;
  std::vector<std::string> values;  // the candidates, in order
  std::vector<FindOutcome> outcomes;
};

/// Everything the sweep reports show.
struct SweepReport {
  std::string scenario_name;
  std::uint64_t seed = 0;
  double duration_s = 0;
  double warmup_s = 0;
  bool warmup_auto = false;  // `warmup: auto`: each point chose its own warmup (MSER-5, the point's `warmup_s`); warmup_s is 0
  int replications = 1;
  std::vector<std::string> paths;  // parameter columns: the --vary paths, then the --find path
  std::vector<SweepPoint> points;
  std::optional<SweepFind> find;
};

/// --find over `count` ordered values, assuming that more is better (if a
/// value meets the objectives, every larger one does): first both ends, then
/// bisection, then the value just above the one found, to test the assumption.
class Bisection {
 public:
  explicit Bisection(std::size_t count);

  /// Value indices to evaluate next (one or two); empty once finished.
  std::vector<std::size_t> next() const;
  /// The outcome of each index of the last next().
  void record(std::size_t index, bool pass);
  bool finished() const { return next().empty(); }

  /// The smallest value index seen to meet every objective under the assumption; nullopt when none did.
  std::optional<std::size_t> found() const;
  /// Why the assumption does not hold, in plain words (empty when nothing contradicted it).
  std::string assumption_problem(const std::vector<std::string>& values) const;
  /// Indices evaluated, ascending, with their outcome.
  std::vector<std::pair<std::size_t, bool>> evaluated() const;

 private:
  std::optional<bool> outcome(std::size_t index) const;
  std::size_t count_;
  std::vector<std::optional<bool>> pass_;  // by index
};

}  // namespace svcsim
