// Reports written from Results: the terminal tables and the results JSON file.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

#include "svcsim/replicated_results.hpp"
#include "svcsim/results.hpp"

namespace svcsim {

struct Analysis;  // svcsim/analysis.hpp

/// The results file of SPEC section 6, as text (deterministic: the same
/// Results give the same bytes, apart from run.wall_s and run.events_per_s).
std::string results_to_json(const Results& results);

/// The same over replications: each figure is the mean over them, followed
/// by `<name>_ci95`; histograms are merged; see docs/results.md. With one
/// run, the same bytes as for that Results (with the set's slo).
std::string results_to_json(const ReplicatedResults& results);

/// Aligned tables: per workload requests, throughput, error kinds, latency
/// percentiles; per node utilisation, queue and throughput; the objectives
/// (check, observed, limit, result).
void print_terminal_report(std::ostream& out, const Results& results, const Analysis* analysis = nullptr);
/// The same with mean figures over replications and the objectives' 95 % half-widths.
/// With `analysis`, the nodes table also shows the predicted utilisation (`pred %`) beside the measured one.
void print_terminal_report(std::ostream& out, const ReplicatedResults& results, const Analysis* analysis = nullptr);

/// The objectives as JUnit XML: one test case per objective (classname = the
/// scenario's name, name = the check), a <failure> when it failed and an
/// <error> when it could not be evaluated. Deterministic (no wall clock).
std::string objectives_to_junit(const ReplicatedResults& results);

/// Writes `content` to `path` whole or not at all (temporary file + rename).
/// Returns an error message, empty on success.
std::string write_file_atomically(const std::string& path, const std::string& content);

/// The same for content written in pieces (a file too large to hold whole):
/// a temporary file beside `path`, renamed over it by commit(); removed if
/// the writer is destroyed first. Each call returns an error message, empty on success.
class AtomicFileWriter {
 public:
  AtomicFileWriter() = default;
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;
  ~AtomicFileWriter();
  std::string open(const std::string& path);
  /// After a failed append, commit() reports the failure.
  void append(std::string_view piece);
  std::string commit();

 private:
  std::string path_, temp_path_;
  int fd_ = -1;
  int error_ = 0;  // errno of the first failed write
};

/// Whether `path` could be written: its folder exists, is a folder and is
/// writable, and `path` is not a folder itself. Returns why not (e.g.
/// `cannot write 'x/y.json': folder 'x' does not exist`), empty when it can.
/// Lets the command line refuse a results path before a long run, not after.
std::string check_output_folder(const std::string& path);

/// The time series (Results::series) as CSV: one row per window, a column per
/// workload and node figure, named `<name>.<figure>`.
std::string series_to_csv(const Results& results);

/// Each fault window with the workloads' p99 and error rate before, during and after it.
void print_fault_windows(std::ostream& out, const Results& results);

}  // namespace svcsim
