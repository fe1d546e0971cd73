// The terminal report of a sweep (see sweep_report.hpp): a header that says
// every point runs with the same seed, one table row per point, the points'
// overloaded nodes, then --find's conclusion in plain words.
#include <ostream>

#include <fmt/format.h>

#include "report/figures.hpp"
#include "report/number_format.hpp"
#include "report/sweep_figures.hpp"
#include "report/text_table.hpp"
#include "svcsim/summary.hpp"
#include "svcsim/sweep_report.hpp"
#include "svcsim/time.hpp"

namespace svcsim {
namespace {

using detail::format_percent;
using detail::format_sig;
using detail::TextTable;
using detail::combination_text;
using Align = TextTable::Align;

std::string objectives_cell(const SweepPoint& p, const detail::SweepPointFigures& f) {
  if (p.stopped) return "stopped";
  if (p.results.slo.empty()) return "-";
  if (f.objectives_failed == 0) return "pass";
  return fmt::format("FAIL ({} of {})", f.objectives_failed, p.results.slo.size());
}

void print_header(std::ostream& out, const SweepReport& r) {
  const std::string replications =
      r.replications > 1 ? fmt::format(", {} replications each (figures are means)", r.replications) : "";
  out << fmt::format("{}: sweep of {} point{}, {} simulated each{}\n", r.scenario_name, r.points.size(),
                     r.points.size() == 1 ? "" : "s", format_duration(Duration::from_seconds(r.duration_s)),
                     replications);
  out << fmt::format("common random numbers: every point runs with seed {}, so neighbouring points differ by "
                     "their parameters, not by noise\n",
                     r.seed);
}

void print_points(std::ostream& out, const SweepReport& r) {
  const std::vector<std::string> workloads = detail::sweep_workload_names(r);
  std::vector<TextTable::Column> columns;
  for (const auto& path : r.paths) columns.push_back({path, Align::left});
  for (const auto& w : workloads)
    for (const char* figure : {" p50", " p99", " err %", " thru/s"}) columns.push_back({w + figure});
  columns.push_back({"busiest", Align::left});
  columns.push_back({"util %"});
  columns.push_back({"objectives", Align::left});
  TextTable table(std::move(columns));
  for (const SweepPoint& p : r.points) {
    const detail::SweepPointFigures f = detail::sweep_point_figures(p);
    std::vector<std::string> row;
    for (const auto& path : r.paths) {
      std::string value = "-";
      for (const auto& o : p.parameters)
        if (o.path == path) value = o.value;
      row.push_back(value);
    }
    for (const auto& w : f.workloads) {
      row.push_back(format_sig(w.p50_ms));
      row.push_back(format_sig(w.p99_ms));
      row.push_back(format_percent(w.error_rate));
      row.push_back(format_sig(w.throughput_per_s));
    }
    row.push_back(f.busiest.empty() ? "-" : f.busiest);
    row.push_back(format_percent(f.busiest_utilization));
    row.push_back(objectives_cell(p, f));
    table.add_row(std::move(row));
  }
  out << "\npoints (latency in ms, client side)\n";
  table.print(out);
}

// SPEC 10: a run in which a node receives more than it can serve says so;
// each point is a run, so its overloaded nodes are named under the table.
void print_overloads(std::ostream& out, const SweepReport& r) {
  bool first = true;
  for (const SweepPoint& p : r.points)
    for (const OverloadWarning& w : summarize(p.results.runs).warnings) {
      if (first) out << '\n';
      first = false;
      out << "warning: at " << combination_text(p.parameters) << ": " << detail::overload_text(w) << '\n';
    }
}

void print_find(std::ostream& out, const SweepFind& find) {
  const std::string range = find.values.empty() ? "" : find.values.front() + ".." + find.values.back();
  out << '\n';
  for (const FindOutcome& o : find.outcomes) {
    const std::string where = o.parameters.empty() ? "" : " (with " + combination_text(o.parameters) + ")";
    if (o.found)
      out << fmt::format("found{}: {} = {}: the smallest value in {} that met every objective ({} of {} values "
                         "simulated; the bisection assumes more is better)\n",
                         where, find.path, *o.found, range, o.evaluated, find.values.size());
    else
      out << fmt::format("found{}: none: no value of {} in {} met every objective ({} of {} values simulated)\n",
                         where, find.path, range, o.evaluated, find.values.size());
    if (!o.problem.empty()) out << "  warning: " << find.path << ": " << o.problem << '\n';
  }
}

}  // namespace

void print_sweep_report(std::ostream& out, const SweepReport& report) {
  print_header(out, report);
  if (!report.points.empty()) {
    print_points(out, report);
    print_overloads(out, report);
  }
  if (report.find) print_find(out, *report.find);
}

}  // namespace svcsim
