// The terminal report of `svcsim analyze` (see analysis_report.hpp): aligned
// tables of workloads and nodes, then the bottleneck, warnings and the
// approximations in force.
#include <cmath>
#include <ostream>

#include <fmt/format.h>

#include "report/number_format.hpp"
#include "report/text_table.hpp"
#include "svcsim/analysis_report.hpp"

namespace svcsim {
namespace {

using detail::format_percent;
using detail::format_sig;
using detail::TextTable;
using Align = TextTable::Align;

std::string workers_text(const NodeAnalysis& n) {
  if (!n.concurrency) return "unlimited";
  return std::to_string(static_cast<long long>(n.instances) * *n.concurrency);
}

std::string utilization_text(const NodeAnalysis& n) {
  if (std::isinf(n.utilization)) return "inf";
  if (!n.concurrency) return format_sig(n.utilization) + " busy";
  return format_percent(n.utilization);
}

void print_workloads(std::ostream& out, const Analysis& a) {
  TextTable table({{"workload", Align::left},
                   {"type", Align::left},
                   {"rate/s"},
                   {"pred thru/s"},
                   {"pred lat mean"},
                   {"rate/s at saturation"}});
  for (const auto& w : a.workloads) {
    const std::string type = w.closed ? fmt::format("closed: {} users, think {}ms", w.users, format_sig(w.think_ms))
                                      : std::string("open");
    table.add_row({w.name, type, format_sig(w.rate_per_s), format_sig(w.throughput_per_s), format_sig(w.latency_ms),
                   format_sig(w.max_rate_per_s)});
  }
  out << "\nworkloads (latency in ms, client side; closed rate = predicted throughput)\n";
  table.print(out);
}

void print_nodes(std::ostream& out, const Analysis& a) {
  std::vector<TextTable::Column> columns{
      {"node", Align::left}, {"kind", Align::left}, {"inst"}, {"workers"}, {"threading", Align::left}};
  for (const auto& w : a.workloads) columns.push_back({"visits " + w.name});
  for (const char* header : {"arr/s", "work", "busy", "offered", "pred util %", "wait", "latency"})
    columns.push_back({header});
  columns.push_back({"wait model", Align::left});
  TextTable table(std::move(columns));
  for (const auto& n : a.nodes) {
    std::vector<std::string> row{n.name, to_string(n.kind), std::to_string(n.instances), workers_text(n),
                                 to_string(n.threading)};
    for (std::size_t w = 0; w < a.workloads.size(); ++w) row.push_back(format_sig(n.visits[w]));
    for (const std::string& cell :
         {format_sig(n.arrival_rate_per_s), format_sig(n.work_ms), format_sig(n.busy_ms), format_sig(n.offered_load),
          utilization_text(n), format_sig(n.wait_ms), format_sig(n.latency_ms), n.wait_model})
      row.push_back(cell);
    table.add_row(std::move(row));
  }
  out << "\nnodes (visits per workload request; work, busy, wait and latency in ms per visit; offered load in busy "
         "workers)\n";
  table.print(out);
}

// Nodes with `cores`: the predicted CPU busy fraction and how much sharing
// stretches a work step.
void print_cores(std::ostream& out, const Analysis& a) {
  TextTable table({{"node", Align::left}, {"cores"}, {"pred cpu %"}, {"work stretch"}});
  for (const auto& n : a.nodes) {
    if (!n.cores && n.cpu_stretch == 1) continue;
    table.add_row({n.name, n.cores ? format_sig(*n.cores) : "-", format_percent(n.cpu_utilization),
                   std::isinf(n.cpu_stretch) ? "inf" : format_sig(n.cpu_stretch)});
  }
  if (table.empty()) return;
  out << "\ncores (per instance; work stretch: mean time in a work step per unit of work, from processor sharing)\n";
  table.print(out);
}

// Nodes that serve several criticality levels: each level's rate, wait and latency.
void print_classes(std::ostream& out, const Analysis& a) {
  TextTable table({{"node", Align::left}, {"level", Align::left}, {"arr/s"}, {"wait"}, {"latency"},
                   {"model", Align::left}});
  for (const auto& n : a.nodes) {
    for (std::size_t i = 0; i < n.classes.size(); ++i) {
      const ClassAnalysis& c = n.classes[i];
      table.add_row({i == 0 ? n.name : "", to_string(c.level), format_sig(c.arrival_rate_per_s), format_sig(c.wait_ms),
                     format_sig(c.latency_ms), c.model});
    }
  }
  if (table.empty()) return;
  out << "\ncriticality levels (per level at nodes that serve several; wait and latency in ms per visit)\n";
  table.print(out);
}

void print_bottleneck(std::ostream& out, const Analysis& a) {
  out << '\n';
  if (!a.bottleneck || !a.max_throughput_per_s || !a.headroom) {
    out << "bottleneck: none: no loaded node has a finite number of workers or shared cores (unlimited "
           "concurrency on its own cores never saturates)\n";
    return;
  }
  const NodeAnalysis& n = a.nodes[*a.bottleneck];
  const double u = saturating_utilization(n);
  const bool cores = cores_saturate_first(n);
  out << fmt::format("bottleneck: {} (predicted {} %{} now) reaches 100 % first, at {} requests/s in this mix "
                     "({} x the current load)\n",
                     n.name, std::isinf(u) ? "inf" : format_percent(u), cores ? " CPU" : "",
                     format_sig(*a.max_throughput_per_s), format_sig(*a.headroom));
  if (n.threading == Threading::blocking && n.busy_ms > n.work_ms * n.cpu_stretch * 1.01)
    out << fmt::format("  {} is blocking: a worker is held {} ms per visit, of which {} ms of its own work; the rest "
                       "waits on its calls, so the nodes it calls set its capacity too\n",
                       n.name, format_sig(n.busy_ms), format_sig(n.work_ms));
  std::string per;
  for (const auto& w : a.workloads)
    if (w.max_rate_per_s) per += fmt::format("{}{} {}/s", per.empty() ? "" : ", ", w.name, format_sig(*w.max_rate_per_s));
  if (!per.empty()) out << "  at saturation: " << per << '\n';
}

void print_list(std::ostream& out, const char* title, const std::vector<std::string>& items) {
  if (items.empty()) return;
  out << '\n' << title << '\n';
  for (const auto& item : items) out << "  - " << item << '\n';
}

}  // namespace

void print_analysis_report(std::ostream& out, const Analysis& a) {
  out << a.scenario_name << ": analytic view (from the call graph and the means; nothing is simulated)\n";
  if (!a.workloads.empty()) print_workloads(out, a);
  if (!a.nodes.empty()) print_nodes(out, a);
  print_cores(out, a);
  print_classes(out, a);
  print_bottleneck(out, a);
  print_list(out, "warnings", a.warnings);
  print_list(out, "approximations (docs/analyze.md)", a.notes);
}

}  // namespace svcsim
