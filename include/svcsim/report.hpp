// Reports written from Results: the terminal tables and the results JSON file.
#pragma once

#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <vector>

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
/// percentiles; per node utilisation, cache hit ratio, latency, wait and
/// queue; breakers' state changes; the objectives (check, observed, limit,
/// result). Lines stay below 120 columns (each table names the columns it
/// left out) unless `wide`.
void print_terminal_report(std::ostream& out, const Results& results, const Analysis* analysis = nullptr,
                           bool wide = false);
/// The same with mean figures over replications and the objectives' 95 % half-widths.
/// With `analysis`, the nodes table also shows the predicted utilisation (`pred %`) beside the measured one.
void print_terminal_report(std::ostream& out, const ReplicatedResults& results, const Analysis* analysis = nullptr,
                           bool wide = false);

/// What JUnit XML says of the run beside the objectives: wall-clock facts,
/// given by the caller so that the reporter reads no clock.
struct JunitRun {
  std::string timestamp;  // when the run started, UTC (2026-12-06T08:00:00); empty: no `timestamp`
  double wall_s = 0;      // wall-clock seconds of the run: the suite's `time`
};

/// The objectives as JUnit XML: one test case per objective (classname = the
/// scenario's name, name = the check), a <failure> when it failed and an
/// <error> when it could not be evaluated, with the detail as text. A run
/// that stopped has a test case `run` with an <error> saying why, and its
/// objectives are <skipped> (not evaluated). Deterministic apart from `run`.
std::string objectives_to_junit(const ReplicatedResults& results, const JunitRun& run = {});

/// JUnit XML for a run that was refused before it ran (a wrong scenario or
/// command line), or stopped with no results to report: one test case `run`
/// with an <error> of type `type` holding `why`.
std::string refusal_to_junit(const std::string& suite, const std::string& why, const JunitRun& run = {},
                             const std::string& type = "run refused");

/// One output file: where (as given on the command line) and what.
struct OutputFile {
  std::string path;
  std::string content;
};

/// Writes every file of `files` or none of them: files whole (a temporary
/// file in the target's folder, renamed over it once every file of the set is
/// ready; a symbolic link is followed and stays), `-` and /dev/stdout to
/// standard output, a device or FIFO in place. Returns why it failed, naming
/// the path (nothing of the set is then left), empty on success.
std::string write_files_as_set(const std::vector<OutputFile>& files);

/// write_files_as_set() of one file.
std::string write_file_atomically(const std::string& path, const std::string& content);

/// One file written in pieces (too large to hold whole), as write_file_atomically
/// writes one: a temporary file beside the file `path` leads to, renamed over
/// it by commit() and removed if the writer is destroyed first; standard
/// output, a device or a FIFO written in place. Each call returns an error
/// message, empty on success.
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
  std::string path_, target_path_, temp_path_;  // as given; the file it leads to; the temporary file
  int fd_ = -1;
  int error_ = 0;  // errno of the first failed write
};

/// Whether `path` could be written: `-`, a writable device or FIFO, or a file
/// (through its symbolic links) whose folder exists and is writable; never a
/// folder. Returns why not (e.g. `cannot write 'x/y.json': folder 'x' does
/// not exist`), empty when it can. Lets the command line refuse a results
/// path before a long run, not after.
std::string check_output_folder(const std::string& path);

/// The time series (Results::series) as CSV: one row per window, a column per
/// workload and node figure, named `<name>.<figure>`.
std::string series_to_csv(const Results& results);
/// Over replications: every replication's windows, after a `replication`
/// column (its index); one run: as above.
std::string series_to_csv(std::span<const Results> runs);

/// Each fault window with the workloads' p99 and error rate before, during and after it.
void print_fault_windows(std::ostream& out, const Results& results);

}  // namespace svcsim
