// Reports of `svcsim sweep`: the terminal table, the CSV (one row per point)
// and the JSON file of SPEC 5 (`points`, and `found` with --find).
#pragma once

#include <iosfwd>
#include <string>

#include "svcsim/sweep.hpp"

namespace svcsim {

/// One row per point: its parameters, each workload's p50, p99, error rate and
/// throughput, the busiest node and its utilisation, and the objectives;
/// then what --find found.
void print_sweep_report(std::ostream& out, const SweepReport& report);

/// The same figures as CSV, full precision, one row per point.
std::string sweep_to_csv(const SweepReport& report);

/// One self-contained HTML page: each figure of the table plotted against the
/// varied parameter (the last --vary, or the --find path; one line per value of
/// the others), each objective's value with its limit drawn as a horizontal
/// line, and the table of points.
std::string sweep_to_html(const SweepReport& report);

/// `points`: per point `parameters` (path -> value as written) and the
/// `workloads`, `nodes` and `slo` of its run exactly as in the results file;
/// with --find, `found` (a value as written, or null; with --vary a list of
/// {parameters, found}).
std::string sweep_to_json(const SweepReport& report);

}  // namespace svcsim
