// The terminal report: a header line, then aligned tables of workloads, nodes
// and objectives. Figures come from metrics.hpp / report/figures.hpp.
#include <ostream>
#include <sstream>
#include <string_view>

#include <fmt/format.h>

#include "report/figures.hpp"
#include "report/number_format.hpp"
#include "report/text_table.hpp"
#include "svcsim/metrics.hpp"
#include "svcsim/report.hpp"
#include "svcsim/time.hpp"

namespace svcsim {
namespace {

using detail::format_count;
using detail::format_percent;
using detail::format_sig;
using detail::TextTable;
using Align = TextTable::Align;

std::string seconds_text(double s) { return format_duration(Duration::from_seconds(s)); }

void print_header(std::ostream& out, const Results& r) {
  std::string rate;
  if (const auto eps = detail::events_per_s(r.run)) rate = fmt::format(" ({} events/s)", detail::format_short(*eps));
  out << fmt::format("{}: seed {}, simulated {}, measured {}..{} ({}), {} events{}\n", r.scenario_name, r.seed,
                     detail::format_sig(r.run.end_s) + "s", seconds_text(r.warmup_s), seconds_text(r.duration_s),
                     seconds_text(r.measured_s), format_count(r.run.events), rate);
  if (r.run.stopped) out << "run stopped: " << r.run.stop_reason << '\n';
}

void print_workloads(std::ostream& out, const Results& r) {
  TextTable table({{"workload", Align::left},
                   {"requests"},
                   {"thru/s"},
                   {"ok"},
                   {"degraded"},
                   {"failed"},
                   {"timed out"},
                   {"rejected"},
                   {"error %"},
                   {"p50"},
                   {"p90"},
                   {"p99"},
                   {"p99.9"},
                   {"max"}});
  for (const auto& w : r.workloads) {
    auto metric = [&](std::string_view name) { return workload_metric(w, r.measured_s, name); };
    table.add_row({w.name, format_count(w.requests), format_sig(metric("throughput")), format_count(w.succeeded),
                   format_count(w.degraded), format_count(w.failed), format_count(w.timed_out),
                   format_count(w.rejected), format_percent(metric("error_rate")), format_sig(metric("p50")),
                   format_sig(metric("p90")), format_sig(metric("p99")), format_sig(metric("p99.9")),
                   format_sig(metric("max"))});
  }
  out << "\nworkloads (latency in ms, client side)\n";
  table.print(out);
}

void print_nodes(std::ostream& out, const Results& r) {
  TextTable table({{"node", Align::left},
                   {"kind", Align::left},
                   {"inst"},
                   {"util %"},
                   {"req/s"},
                   {"queue mean"},
                   {"queue max"},
                   {"lat mean"},
                   {"lat p99"},
                   {"wait p99"},
                   {"rejected"}});
  for (const auto& n : r.nodes) {
    auto metric = [&](std::string_view name) { return node_metric(n, r.measured_s, name); };
    // With unlimited concurrency utilization is the mean number busy, not a fraction.
    const std::string utilization = n.concurrency ? format_percent(metric("utilization"))
                                                  : format_sig(metric("utilization")) + " busy";
    table.add_row({n.name, to_string(n.kind), std::to_string(n.instances), utilization,
                   format_sig(detail::node_request_rate(n, r.measured_s)), format_sig(metric("queue_mean")),
                   format_count(static_cast<std::uint64_t>(n.queue_max < 0 ? 0 : n.queue_max)),
                   format_sig(metric("mean")), format_sig(metric("p99")),
                   format_sig(detail::node_wait_ms(n, "p99")), format_count(n.rejected)});
  }
  out << "\nnodes (latency and wait in ms)\n";
  table.print(out);
}

// The observed value with the unit its metric is written in: the metric is
// the second word of `<subject> <metric> <op> <value>`.
std::string observed_text(const ObjectiveResult& s) {
  std::istringstream words(s.check);
  std::string subject;
  std::string metric;
  words >> subject >> metric;
  if (metric == "mean" || metric == "max" || metric == "min" || parse_percentile_metric(metric))
    return format_sig(s.value) + "ms";
  if (metric == "throughput") return format_sig(s.value) + "/s";
  if (metric.ends_with("_rate") || metric == "availability" || metric == "utilization")
    return format_percent(s.value) + "%";
  return format_sig(s.value);
}

void print_objectives(std::ostream& out, const Results& r) {
  if (r.slo.empty()) return;
  TextTable table({{"objective", Align::left}, {"observed"}, {"result", Align::left}});
  for (const auto& s : r.slo) {
    if (!s.evaluable)
      table.add_row({s.check, "-", "cannot evaluate: " + s.problem});
    else
      table.add_row({s.check, observed_text(s), s.pass ? "pass" : "FAIL"});
  }
  out << "\nobjectives\n";
  table.print(out);
}

}  // namespace

void print_terminal_report(std::ostream& out, const Results& results) {
  print_header(out, results);
  if (!results.workloads.empty()) print_workloads(out, results);
  if (!results.nodes.empty()) print_nodes(out, results);
  print_objectives(out, results);
}

}  // namespace svcsim
