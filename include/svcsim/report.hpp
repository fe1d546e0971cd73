// Reports written from Results: the terminal tables and the results JSON file.
#pragma once

#include <iosfwd>
#include <string>

#include "svcsim/results.hpp"

namespace svcsim {

/// The results file of SPEC section 6, as text (deterministic: the same
/// Results give the same bytes, apart from run.wall_s and run.events_per_s).
std::string results_to_json(const Results& results);

/// Aligned tables: per workload requests, throughput, error kinds, latency
/// percentiles; per node utilisation, queue and throughput; the objectives.
void print_terminal_report(std::ostream& out, const Results& results);

/// Writes `content` to `path` whole or not at all (temporary file + rename).
/// Returns an error message, empty on success.
std::string write_file_atomically(const std::string& path, const std::string& content);

/// Whether `path` could be written: its folder exists, is a folder and is
/// writable, and `path` is not a folder itself. Returns why not (e.g.
/// `cannot write 'x/y.json': folder 'x' does not exist`), empty when it can.
/// Lets the command line refuse a results path before a long run, not after.
std::string check_output_folder(const std::string& path);

}  // namespace svcsim
