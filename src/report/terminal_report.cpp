// The terminal report: a header line, then aligned tables of workloads, nodes
// and objectives. Every figure comes from the Summary (summary.hpp): over
// replications a cell is the mean with its 95 % half-width after "±".
// Tables fit in kNarrow columns by leaving out the columns that matter least
// (each table says which; --wide shows them all); cache hit ratios, waits and
// breaker state changes show where the scenario has them.
#include <algorithm>
#include <cmath>
#include <ostream>
#include <span>
#include <string_view>

#include <fmt/format.h>

#include "report/figures.hpp"
#include "report/number_format.hpp"
#include "report/objective_text.hpp"
#include "report/text_table.hpp"
#include "svcsim/analysis.hpp"
#include "svcsim/metrics.hpp"
#include "svcsim/replicated_results.hpp"
#include "svcsim/report.hpp"
#include "svcsim/summary.hpp"
#include "svcsim/time.hpp"

namespace svcsim {
namespace {

using detail::format_count;
using detail::format_percent;
using detail::format_sig;
using detail::TextTable;
using Align = TextTable::Align;
using Runs = std::span<const Results>;

std::string seconds_text(double s) { return format_duration(Duration::from_seconds(s)); }

// The default width of the report: its lines stay shorter than 120 columns.
constexpr std::size_t kNarrow = 119;

// A table, then which columns it left out to fit `max_width` (0: none left out).
void print_table(std::ostream& out, const TextTable& table, std::size_t max_width) {
  const std::vector<std::string> dropped = table.print(out, 2, max_width);
  if (dropped.empty()) return;
  std::string names;
  for (const std::string& d : dropped) names += (names.empty() ? "" : ", ") + d;
  out << "  (--wide adds: " << names << ")\n";
}

// A figure as a cell: its value, and over replications " ± " its 95 %
// half-width in the same unit. Every figure comes from the Summary.
template <class Format>
std::string cell(const Summary& s, const Estimate& e, Format&& format) {
  std::string text = format(e.mean);
  if (s.runs > 1 && e.mean && e.ci95) text += " \u00b1 " + format(e.ci95);
  return text;
}
std::string sig_cell(const Summary& s, const Estimate& e) {
  return cell(s, e, [](std::optional<double> v) { return format_sig(v); });
}
std::string percent_cell(const Summary& s, const Estimate& e) {
  return cell(s, e, [](std::optional<double> v) { return format_percent(v); });
}
// A counter: exact with thousands separators for one run, a mean otherwise.
std::string count_cell(const Summary& s, const Estimate& e) {
  return cell(s, e, [&](std::optional<double> v) {
    if (!v) return std::string("-");
    // Large means lose nothing useful to rounding, and keep the separators.
    if (s.runs > 1 && *v < 1000) return format_sig(*v);
    return format_count(static_cast<std::uint64_t>(std::llround(*v)));
  });
}

void print_header(std::ostream& out, Runs runs, const Summary& summary) {
  const Results& r = runs.front();
  std::uint64_t events = 0;
  double end_s = 0;
  for (const Results& run : runs) {
    events += run.run.events;
    end_s = std::max(end_s, run.run.end_s);
  }
  std::string rate;
  if (runs.size() == 1) {
    if (const auto eps = detail::events_per_s(r.run)) rate = fmt::format(" ({} events/s)", detail::format_short(*eps));
  }
  const std::string replications =
      runs.size() == 1 ? "" : fmt::format(", {} replications (figures are means over them)", runs.size());
  out << fmt::format("{}: seed {}{}, simulated {}, measured {}..{} ({}), {} events{}\n", r.scenario_name, r.seed,
                     replications, detail::format_sig(end_s) + "s", seconds_text(r.warmup_s),
                     seconds_text(r.warmup_s + r.measured_s), seconds_text(r.measured_s), format_count(events), rate);
  if (const auto& a = r.auto_warmup) {
    out << fmt::format("warmup: auto (MSER-5) chose {}: the first {} of {} batches of {} completed requests{}\n",
                       seconds_text(r.warmup_s), a->truncated, a->batches, a->batch_size,
                       runs.size() == 1 ? "" : " (batch means averaged over the replications)");
  }
  for (std::size_t k = 0; k < runs.size(); ++k) {
    if (!runs[k].run.stopped) continue;
    if (runs.size() == 1)
      out << "run stopped: " << runs[k].run.stop_reason << '\n';
    else
      out << fmt::format("replication {} (seed {}) stopped: {}\n", k, runs[k].seed, runs[k].run.stop_reason);
  }
  for (const OverloadWarning& w : summary.warnings) out << "warning: " << detail::overload_text(w) << '\n';
}

void print_workloads(std::ostream& out, Runs runs, const Summary& s, std::size_t max_width) {
  TextTable table({{"workload", Align::left},
                   {"requests"},
                   {"thru/s"},
                   {"ok", Align::right, 5},
                   {"degraded"},
                   {"failed"},
                   {"timed out"},
                   {"rejected"},
                   {"error %"},
                   {"p50"},
                   {"p90", Align::right, 4},
                   {"p99"},
                   {"p99.9", Align::right, 3},
                   {"max", Align::right, 2}});
  for (std::size_t i = 0; i < runs.front().workloads.size(); ++i) {
    const FigureSet& f = s.workloads[i];
    table.add_row({runs.front().workloads[i].name, count_cell(s, f["requests"]), sig_cell(s, f["throughput"]),
                   count_cell(s, f["succeeded"]), count_cell(s, f["degraded"]), count_cell(s, f["failed"]),
                   count_cell(s, f["timed_out"]), count_cell(s, f["rejected"]), percent_cell(s, f["error_rate"]),
                   sig_cell(s, f["p50"]), sig_cell(s, f["p90"]), sig_cell(s, f["p99"]), sig_cell(s, f["p99.9"]),
                   sig_cell(s, f["max"])});
  }
  out << "\nworkloads (latency in ms, client side";
  if (s.runs > 1) out << "; \u00b1 is the 95 % confidence half-width over replications";
  out << ")\n";
  print_table(out, table, max_width);
}

// The analysis's predicted utilisation of a node, in the unit of the measured
// column; `i`: the node's place in the results, where the analysis has it too.
std::string predicted_utilization(const Analysis& analysis, const NodeResult& n, std::size_t i) {
  const NodeAnalysis* a = analysis.node(n.name, i);
  if (!a) return "-";
  return n.concurrency ? format_percent(a->utilization) + " %" : format_sig(a->utilization) + " busy";
}

void print_nodes(std::ostream& out, Runs runs, const Summary& s, const Analysis* analysis, std::size_t max_width) {
  bool any_unlimited = false, any_refused = false, caches = false;
  for (std::size_t i = 0; i < runs.front().nodes.size(); ++i) {
    any_unlimited = any_unlimited || !runs.front().nodes[i].concurrency;
    any_refused = any_refused || s.nodes[i]["refused"].mean.value_or(0) > 0;
    caches = caches || runs.front().nodes[i].kind == NodeKind::cache;
  }
  std::vector<TextTable::Column> columns{{"node", Align::left}, {"kind", Align::left, 3}, {"inst"}, {"util %"}};
  // Unlimited concurrency has no utilisation fraction: the mean number of busy workers instead.
  if (any_unlimited) columns.push_back({"busy"});
  if (analysis) columns.push_back({"pred", Align::right, 2});
  columns.push_back({"req/s"});
  if (caches) columns.push_back({"hit %"});
  columns.insert(columns.end(), {{"lat mean"}, {"lat p99"}, {"wait mean"}, {"wait p99", Align::right, 6},
                                 {"queue mean", Align::right, 4}, {"queue max", Align::right, 5}, {"rejected"}});
  if (any_refused) columns.push_back({"refused"});
  TextTable table(std::move(columns));
  for (std::size_t i = 0; i < runs.front().nodes.size(); ++i) {
    const NodeResult& n = runs.front().nodes[i];
    const FigureSet& f = s.nodes[i];
    std::string instances = std::to_string(n.instances);
    // Autoscaled: the range of ready instances over the run.
    if (const auto range = detail::timeline_range(n.instance_timeline); range && range->first != range->second)
      instances = std::to_string(range->first) + "-" + std::to_string(range->second);
    std::vector<std::string> row{n.name, to_string(n.kind), instances,
                                 n.concurrency ? percent_cell(s, f["utilization"]) : "-"};
    if (any_unlimited) row.push_back(n.concurrency ? "-" : sig_cell(s, f["busy_mean"]));
    if (analysis) row.push_back(predicted_utilization(*analysis, n, i));
    row.push_back(sig_cell(s, f["request_rate"]));
    if (caches) row.push_back(n.kind == NodeKind::cache ? percent_cell(s, f["hit_ratio"]) : "-");
    row.insert(row.end(), {sig_cell(s, f["mean"]), sig_cell(s, f["p99"]), sig_cell(s, f["wait_mean"]),
                           sig_cell(s, f["wait_p99"]), sig_cell(s, f["queue_mean"]), count_cell(s, f["queue_max"]),
                           count_cell(s, f["rejected"])});
    if (any_refused) row.push_back(count_cell(s, f["refused"]));
    table.add_row(std::move(row));
  }
  // The title names the columns without a unit of their own, only those
  // shown, in words short enough for the report's width (116 columns at most).
  out << "\nnodes (latency and wait in ms; util: busy share of workers";
  if (any_unlimited) out << "; busy: mean busy workers, unlimited nodes";
  if (analysis) out << "; pred: analyze";
  out << ")\n";
  print_table(out, table, max_width);
}

// Each circuit breaker that changed state (a caller's, towards one callee):
// how often it opened, how long it stayed open, when it first opened and
// where it ended. Replication 0's timelines (the scenario's own seed).
void print_breakers(std::ostream& out, Runs runs) {
  const Results& r = runs.front();
  TextTable table({{"breaker", Align::left}, {"changes"}, {"opened"}, {"open for"}, {"first open"},
                   {"last", Align::left}});
  for (const NodeResult& n : r.nodes)
    for (const NodeResult::BreakerTimeline& b : n.breakers) {
      if (b.changes.empty()) continue;
      int opened = 0;
      double open_s = 0;
      std::optional<double> first_open;
      for (std::size_t k = 0; k < b.changes.size(); ++k) {
        if (b.changes[k].second != "open") continue;
        ++opened;
        if (!first_open) first_open = b.changes[k].first;
        const double until = k + 1 < b.changes.size() ? b.changes[k + 1].first : std::max(r.run.end_s, b.changes[k].first);
        open_s += until - b.changes[k].first;
      }
      table.add_row({n.name + " -> " + b.callee, std::to_string(b.changes.size()), std::to_string(opened),
                     format_sig(open_s) + "s", first_open ? format_sig(*first_open) + "s" : "-",
                     b.changes.back().second});
    }
  if (table.empty()) return;
  out << "\ncircuit breakers: state changes (caller -> callee" << (runs.size() > 1 ? "; replication 0" : "")
      << "; times from the start)\n";
  table.print(out);
}

// Retries, hedges and timeouts on the calls each node makes, for the nodes
// that had any, and the run's amplification when something was retried.
void print_resilience(std::ostream& out, Runs runs, const Summary& s) {
  const auto amplification = s.run["amplification"];
  TextTable table({{"node", Align::left}, {"retries"}, {"hedges"}, {"timeouts"}, {"amplification"}});
  for (std::size_t i = 0; i < runs.front().nodes.size(); ++i) {
    const FigureSet& f = s.nodes[i];
    bool any = false;
    for (const Results& r : runs) any = any || r.nodes[i].retries || r.nodes[i].hedges || r.nodes[i].timeouts;
    const auto node_amplification = f["amplification"];
    if (!any && node_amplification.mean.value_or(1.0) == 1.0) continue;
    table.add_row({runs.front().nodes[i].name, count_cell(s, f["retries"]), count_cell(s, f["hedges"]),
                   count_cell(s, f["timeouts"]), sig_cell(s, node_amplification)});
  }
  const bool amplified = amplification.mean && *amplification.mean != 1.0;
  if (!amplified && table.empty()) return;
  out << fmt::format("\namplification: {} tries per first try (retries, hedges and fallbacks included)\n",
                     sig_cell(s, amplification));
  if (table.empty()) return;
  out << "retries, hedges and timeouts on the calls each node makes (caller side)\n";
  table.print(out);
  out << "  amplification: tries it received per first try (callee side)\n";
}

// The station's figures (SPEC 7) for the nodes that use them: CPU busy beside
// threads busy, time throttled by a CPU quota, calls shed, limited by the
// adaptive limit (with the limit's range) and throttled on the caller's side.
void print_station(std::ostream& out, Runs runs, const Summary& s) {
  TextTable table({{"node", Align::left}, {"threads %"}, {"cpu %"}, {"throttled %"}, {"shed"}, {"limited"},
                   {"limit", Align::left}, {"throttled calls"}});
  for (std::size_t i = 0; i < runs.front().nodes.size(); ++i) {
    const NodeResult& n = runs.front().nodes[i];
    if (!n.cores && !n.cpu_limited && !n.sheds && !n.adaptive && !n.throttles) continue;
    const FigureSet& f = s.nodes[i];
    std::string limit = "-";
    // The first run's first instance: the limit's range over the run.
    if (const auto range = detail::timeline_range(n.limit_timeline); n.adaptive && range)
      limit = fmt::format("{}-{} (last {})", range->first, range->second, n.limit_timeline.back().second);
    table.add_row({n.name,
                   n.concurrency ? percent_cell(s, f["utilization"]) : sig_cell(s, f["busy_mean"]) + " busy",
                   n.cores ? percent_cell(s, f["cpu_utilization"]) : "-",
                   n.cpu_limited ? percent_cell(s, f["throttled_fraction"]) : "-",
                   n.sheds ? count_cell(s, f["shed"]) : "-", n.adaptive ? count_cell(s, f["limited"]) : "-", limit,
                   n.throttles ? count_cell(s, f["throttled"]) : "-"});
  }
  if (table.empty()) return;
  out << "\nstation: threads and CPU busy, time throttled by cpu_limit, calls shed, limited (adaptive limit), "
         "throttled (caller)\n";
  table.print(out);
}

// Per workload, the largest parts of the time of its requests slower than its p99.
void print_tail(std::ostream& out, Runs runs, const Summary& s) {
  constexpr std::size_t kParts = 4;
  TextTable table({{"workload", Align::left}, {"p99 ms"}, {"requests"}, {"part", Align::left}, {"share %"}});
  for (std::size_t i = 0; i < runs.front().workloads.size(); ++i) {
    const auto& a = s.tails[i];
    if (!a || a->requests == 0) continue;
    const auto parts = ranked_parts(*a, runs.front().nodes);
    for (std::size_t k = 0; k < parts.size() && k < kParts; ++k) {
      if (k == 0)
        table.add_row({runs.front().workloads[i].name, format_sig(a->threshold_ms), format_count(a->requests),
                       parts[k].first, format_percent(parts[k].second)});
      else
        table.add_row({"", "", "", parts[k].first, format_percent(parts[k].second)});
    }
  }
  if (table.empty()) return;
  out << "\ntail (slower than p99): where the time of those requests went, largest parts\n";
  table.print(out);
}

void print_objectives(std::ostream& out, const std::vector<ObjectiveResult>& slo, std::size_t replications) {
  if (slo.empty()) return;
  // With replications the half-width has a column of its own, so values and half-widths each line up.
  const bool ci = replications > 1;
  std::vector<TextTable::Column> columns{{"objective", Align::left}, {"observed"}};
  if (ci) columns.push_back({"\u00b1 95 %"});
  columns.insert(columns.end(), {{"limit"}, {"result", Align::left}});
  TextTable table(std::move(columns));
  for (const auto& s : slo) {
    std::vector<std::string> row{s.check, s.evaluable ? detail::observed_text(s, false) : "-"};
    if (ci) row.push_back(s.evaluable ? detail::half_width_text(s) : "-");
    row.push_back(detail::limit_text(s));
    row.push_back(!s.evaluable ? "cannot evaluate: " + s.problem : s.pass ? "pass" : "FAIL");
    table.add_row(std::move(row));
  }
  if (replications > 1)
    out << fmt::format("\nobjectives (on the mean of {} replications; \u00b1 is its 95 % confidence half-width)\n",
                       replications);
  else
    out << "\nobjectives\n";
  table.print(out);
}

void print_report(std::ostream& out, Runs runs, const std::vector<ObjectiveResult>& slo, const Analysis* analysis,
                  bool wide) {
  if (runs.empty()) return;
  const Summary s = summarize(runs);
  const std::size_t max_width = wide ? 0 : kNarrow;
  print_header(out, runs, s);
  if (!runs.front().workloads.empty()) print_workloads(out, runs, s, max_width);
  if (!runs.front().nodes.empty()) print_nodes(out, runs, s, analysis, max_width);
  if (!runs.front().nodes.empty()) print_station(out, runs, s);
  if (!runs.front().nodes.empty()) print_breakers(out, runs);
  if (!runs.front().workloads.empty()) print_tail(out, runs, s);
  print_resilience(out, runs, s);
  print_objectives(out, slo, runs.size());
}

}  // namespace

void print_terminal_report(std::ostream& out, const Results& results, const Analysis* analysis, bool wide) {
  print_report(out, Runs(&results, 1), results.slo, analysis, wide);
}

void print_terminal_report(std::ostream& out, const ReplicatedResults& results, const Analysis* analysis, bool wide) {
  print_report(out, results.runs, results.slo, analysis, wide);
}

}  // namespace svcsim
