// The time series as CSV (one row per window; docs/results.md lists the
// columns) and the terminal table of each fault window: the workloads' p99
// and error rate before, during and after.
#include <fmt/format.h>

#include <ostream>
#include <span>
#include <string>

#include "report/number_format.hpp"
#include "svcsim/report.hpp"

namespace svcsim {

namespace {

std::string csv_number(double v) { return fmt::format("{}", v); }  // shortest round-trip form (times, exact)

// The header: per workload its figures, per node its figures; `busy_mean`
// instead of `utilization` for a node of unlimited concurrency (SPEC 10).
std::string header(const Results& results, bool with_replication) {
  std::string out = with_replication ? "replication,start_s,window_s" : "start_s,window_s";
  for (const WorkloadResult& w : results.workloads)
    for (const char* field : {"throughput_per_s", "succeeded", "failed", "timed_out", "rejected", "p50_ms", "p99_ms"})
      out += "," + w.name + "." + field;
  for (const NodeResult& n : results.nodes) {
    for (const char* field : {n.concurrency ? "utilization" : "busy_mean", "queue_mean", "instances_up", "breaker",
                              "arrivals_per_s", "p99_ms"})
      out += "," + n.name + "." + field;
    if (n.kind == NodeKind::cache) out += "," + n.name + ".hit_ratio";  // empty in a window without lookups
    if (n.cores) out += "," + n.name + ".cpu_utilization";
    if (n.adaptive) out += "," + n.name + ".limit";
  }
  return out + '\n';
}

// One window: every rate over the window's own length (the last may be shorter).
void append_row(std::string& out, const Results& results, const SeriesRow& row) {
  using detail::format_csv_figure;
  const double length = row.window_s > 0 ? row.window_s : results.window_s;
  out += csv_number(row.start_s) + "," + csv_number(length);
  for (const SeriesRow::WorkloadWindow& w : row.workloads)
    out += fmt::format(",{},{},{},{},{},{},{}", format_csv_figure(static_cast<double>(w.succeeded) / length),
                       w.succeeded, w.failed, w.timed_out, w.rejected, format_csv_figure(w.p50_ms),
                       format_csv_figure(w.p99_ms));
  for (std::size_t i = 0; i < row.nodes.size(); ++i) {
    const SeriesRow::NodeWindow& n = row.nodes[i];
    out += fmt::format(",{},{},{},{},{},{}", format_csv_figure(n.utilization), format_csv_figure(n.queue_mean),
                       n.instances_up, n.breaker, format_csv_figure(static_cast<double>(n.arrivals) / length),
                       n.p99_ms < 0 ? std::string() : format_csv_figure(n.p99_ms));
    if (results.nodes[i].kind == NodeKind::cache) out += "," + (n.hit_ratio < 0 ? "" : format_csv_figure(n.hit_ratio));
    if (results.nodes[i].cores) out += "," + format_csv_figure(n.cpu_utilization);
    if (results.nodes[i].adaptive) out += fmt::format(",{}", n.limit);
  }
  out += '\n';
}

}  // namespace

std::string series_to_csv(const Results& results) { return series_to_csv(std::span<const Results>(&results, 1)); }

std::string series_to_csv(std::span<const Results> runs) {
  if (runs.empty()) return {};
  // Over replications every run's windows, each row naming its replication.
  const bool several = runs.size() > 1;
  std::string out = header(runs.front(), several);
  for (std::size_t k = 0; k < runs.size(); ++k)
    for (const SeriesRow& row : runs[k].series) {
      if (several) out += std::to_string(k) + ",";
      append_row(out, runs[k], row);
    }
  return out;
}

void print_fault_windows(std::ostream& out, const Results& results) {
  if (results.faults.empty()) return;
  out << "\nfaults (requests by arrival time; p99 in ms)\n";
  for (const FaultPhases& f : results.faults) {
    out << fmt::format("  {} from {}s to {}s\n", f.fault, csv_number(f.at_s), csv_number(f.end_s));
    out << fmt::format("    {:<16} {:>12} {:>12} {:>12} {:>12} {:>12} {:>12}\n", "workload", "p99 before",
                       "p99 during", "p99 after", "err% before", "err% during", "err% after");
    for (std::size_t w = 0; w < f.workloads.size(); ++w) {
      std::string p99[3], err[3];
      for (std::size_t p = 0; p < 3; ++p) {
        const FaultPhases::Phase& phase = f.workloads[w][p];
        p99[p] = phase.latency.count() ? detail::format_sig(phase.latency.percentile_ns(99) * 1e-6) : "-";
        err[p] = phase.requests ? fmt::format("{:.3g}", 100.0 * static_cast<double>(phase.errors) /
                                                            static_cast<double>(phase.requests))
                                : "-";
      }
      out << fmt::format("    {:<16} {:>12} {:>12} {:>12} {:>12} {:>12} {:>12}\n", results.workloads[w].name, p99[0],
                         p99[1], p99[2], err[0], err[1], err[2]);
    }
  }
}

}  // namespace svcsim
