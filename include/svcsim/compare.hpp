// `svcsim compare`: reads two results files and decides, figure by figure,
// whether the current one is worse than the baseline beyond a tolerance (and,
// with replications, beyond the confidence intervals). docs/ci.md has the rules.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace svcsim {

/// One figure of a results file: `section.subject.key`, e.g.
/// ("workloads", "play", "latency_ms.p99"); `run` figures have no subject.
struct FileFigure {
  std::string section;  // workloads | nodes | run
  std::string subject;  // workload or node name; empty for run
  std::string key;      // path inside the subject, e.g. latency_ms.p99 or utilization
  std::optional<double> value;  // nullopt: written as null (undefined)
  std::optional<double> ci95;   // the `<key>_ci95` sibling, with replications
  std::string path() const;     // section.subject.key
};

/// What compare needs from a results file.
struct ResultsFile {
  std::string path;
  std::string version;        // `svcsim`
  std::string scenario_name;
  std::string hash;           // `scenario.hash`; empty when absent or null
  std::uint64_t seed = 0;
  std::int64_t replications = 1;
  std::vector<std::string> workloads;  // in file order
  std::vector<std::string> nodes;
  std::vector<FileFigure> figures;     // every numeric (or null) figure, in file order
};

struct ReadResultsFile {
  std::optional<ResultsFile> file;
  std::string error;  // why it could not be read, naming the file
};

/// Reads a results file written by `svcsim run --json`.
ReadResultsFile read_results_file(const std::string& path);
/// The same from text (`path` is only used in messages).
ReadResultsFile parse_results_file(std::string_view text, const std::string& path);

/// Which way is worse for a compared figure, and the smallest change that
/// counts (in the figure's unit), so changes near zero are not regressions.
struct FigureRule {
  bool higher_is_worse = true;
  double floor = 0;
  /// Judged through 1 - value (a hit ratio through its miss ratio): near 1 a
  /// relative tolerance on the value itself would hide a doubling of misses.
  bool complement = false;
};

/// The rule for a figure, nullopt when compare does not judge it (counters,
/// min, max, queue_max, configuration, and availability: it is 1 - error_rate,
/// which is judged).
std::optional<FigureRule> rule_for(std::string_view section, std::string_view key);

enum class Verdict {
  unchanged,         // bit for bit the same
  within_tolerance,  // moved less than the threshold
  within_noise,      // moved beyond the threshold, but not beyond the combined confidence half-widths
  improved,          // better beyond the threshold (and the half-widths)
  regressed,         // worse beyond the threshold (and the half-widths)
  lost_value,        // a number in the baseline, null now (e.g. no request succeeded): a regression
  gained_value,      // null in the baseline, a number now
  missing_workload,  // a workload of the baseline is not in the current file: a regression
};

const char* to_string(Verdict verdict);
/// Verdicts that make `compare` exit 1.
bool is_regression(Verdict verdict);

struct FigureChange {
  std::string path;
  std::optional<double> baseline, current;
  std::optional<double> baseline_ci95, current_ci95;
  std::optional<double> change;  // (current - baseline) / |baseline|; nullopt when the baseline is 0 or null
  bool complement = false;       // change, threshold and noise are of 1 - value (see FigureRule)
  double threshold = 0;          // max(tolerance * |baseline|, floor)
  double noise = 0;              // sqrt(ci_a^2 + ci_b^2); 0 without replications
  Verdict verdict = Verdict::unchanged;
};

struct CompareOptions {
  double tolerance = 0.10;  // relative
};

struct Comparison {
  std::vector<FigureChange> figures;  // every judged figure, in the baseline's order
  std::vector<std::string> notes;     // scenario, version and subject differences, said plainly
  std::vector<std::string> tail;      // where a moved p99's time went (explain_tail_changes)
  bool with_intervals = false;        // some figure carried a ci95
  bool regressed() const;
};

Comparison compare_results(const ResultsFile& baseline, const ResultsFile& current, const CompareOptions& options);

/// For each workload whose p99 regressed or improved, the parts of its tail
/// attribution (per node queue / service / failed tries, network) whose time
/// at the p99 (share x p99) changed most: which hop made the tail worse.
std::vector<std::string> explain_tail_changes(const ResultsFile& baseline, const ResultsFile& current,
                                              const Comparison& comparison);

/// The notes, a table of the figures that moved (baseline, current, change,
/// verdict) and a one-line summary.
void print_comparison(std::ostream& out, const Comparison& comparison, const CompareOptions& options);

}  // namespace svcsim
