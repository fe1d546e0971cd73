// The time series as CSV (one row per window) and the terminal table of each
// fault window: the workloads' p99 and error rate before, during and after.
#include <fmt/format.h>

#include <ostream>
#include <string>

#include "report/number_format.hpp"
#include "svcsim/report.hpp"

namespace svcsim {

namespace {
std::string csv_number(double v) { return fmt::format("{}", v); }  // shortest round-trip form
}  // namespace

std::string series_to_csv(const Results& results) {
  std::string out = "start_s";
  for (const WorkloadResult& w : results.workloads)
    for (const char* field : {"throughput_per_s", "succeeded", "failed", "timed_out", "rejected", "p50_ms", "p99_ms"})
      out += "," + w.name + "." + field;
  for (const NodeResult& n : results.nodes) {
    for (const char* field : {"utilization", "queue_mean", "instances_up", "breaker"}) out += "," + n.name + "." + field;
    if (n.kind == NodeKind::cache) out += "," + n.name + ".hit_ratio";  // empty in a window without lookups
    if (n.cores) out += "," + n.name + ".cpu_utilization";
    if (n.adaptive) out += "," + n.name + ".limit";
  }
  out += '\n';
  for (const SeriesRow& row : results.series) {
    out += csv_number(row.start_s);
    for (const SeriesRow::WorkloadWindow& w : row.workloads)
      out += fmt::format(",{},{},{},{},{},{},{}", csv_number(static_cast<double>(w.succeeded) / results.window_s),
                         w.succeeded, w.failed, w.timed_out, w.rejected, csv_number(w.p50_ms), csv_number(w.p99_ms));
    for (std::size_t i = 0; i < row.nodes.size(); ++i) {
      const SeriesRow::NodeWindow& n = row.nodes[i];
      out += fmt::format(",{},{},{},{}", csv_number(n.utilization), csv_number(n.queue_mean), n.instances_up, n.breaker);
      if (results.nodes[i].kind == NodeKind::cache) out += "," + (n.hit_ratio < 0 ? "" : csv_number(n.hit_ratio));
      if (results.nodes[i].cores) out += "," + csv_number(n.cpu_utilization);
      if (results.nodes[i].adaptive) out += fmt::format(",{}", n.limit);
    }
    out += '\n';
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
