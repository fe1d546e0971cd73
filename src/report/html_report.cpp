// The run's HTML page (see svcsim/html_report.hpp): sections built from the
// results, the SVG charts of svg_chart.cpp and the diagram of svg_diagram.cpp.
#include "svcsim/html_report.hpp"

#include <span>

#include <fmt/format.h>

#include "report/figures.hpp"
#include "report/markup_escape.hpp"
#include "report/html_page.hpp"
#include "report/number_format.hpp"
#include "report/objective_text.hpp"
#include "report/svg_chart.hpp"
#include "report/svg_diagram.hpp"
#include "svcsim/summary.hpp"
#include "svcsim/time.hpp"

namespace svcsim {
namespace {

using detail::format_percent;
using detail::format_sig;
using detail::markup_escape;
using Runs = std::span<const Results>;


/// "instances x workers per instance", as the diagram and the nodes table show it.
std::string capacity_text(const NodeResult& n) {
  return std::to_string(n.instances) + " x " +
         (n.concurrency ? std::to_string(*n.concurrency) : std::string("unlimited"));
}

// `i`: the node's place in the results, where the analysis has it too.
const NodeAnalysis* predicted(const HtmlContext& c, const std::string& name, std::size_t i) {
  return c.analysis ? c.analysis->node(name, i) : nullptr;
}

std::string header(const ReplicatedResults& results, const Summary& summary, const HtmlContext& c) {
  const Results& r = results.runs.front();
  std::string out = "<h1>svcsim: " + markup_escape(r.scenario_name) + "</h1>\n";
  if (!c.description.empty()) out += "<p>" + markup_escape(c.description) + "</p>\n";
  out += fmt::format("<p class=\"meta\">seed {}, duration {}, measured from {} to {}", r.seed,
                     format_duration(Duration::from_seconds(r.duration_s)),
                     format_duration(Duration::from_seconds(r.warmup_s)),
                     format_duration(Duration::from_seconds(r.duration_s)));
  if (results.runs.size() > 1)
    out += fmt::format(", {} replications (tables show means; charts over time show replication 0)",
                       results.runs.size());
  if (!r.scenario_hash.empty()) out += ", scenario " + markup_escape(r.scenario_hash);
  out += "</p>\n";
  if (const auto k = detail::first_stopped(results.runs))
    out += "<p class=\"stopped\">The run stopped before its end (" + markup_escape(detail::stop_text(results.runs, *k)) +
           "): the figures cover the simulated time up to the stop, and the objectives were not judged.</p>\n";
  for (const OverloadWarning& w : summary.warnings)
    out += "<p class=\"stopped\">Warning: " + markup_escape(detail::overload_text(w)) + ".</p>\n";
  return out;
}

std::string objectives_section(const ReplicatedResults& results) {
  std::string out = "<h2>Objectives</h2>\n";
  if (detail::first_stopped(results.runs)) return out + "<p>Not judged: the run stopped before its end.</p>\n";
  if (results.slo.empty()) return out + "<p>The scenario sets no objectives.</p>\n";
  out += "<table class=\"objectives\"><tr><th class=\"name\">objective</th><th>observed</th><th>limit</th>"
         "<th class=\"name\">result</th></tr>\n";
  for (const ObjectiveResult& s : results.slo) {
    out += "<tr><td class=\"name\">" + markup_escape(s.check) + "</td><td>" + markup_escape(detail::observed_text(s)) +
           "</td><td>" + markup_escape(detail::limit_text(s)) + "</td>" +
           detail::objective_result_cell(s.evaluable, s.pass);
    out += "</tr>\n";
  }
  return out + "</table>\n";
}

// A fault as one line in its node's box: what it does and when.
std::string fault_line(const Fault& f, const std::string& node) {
  std::string what = to_string(f.type);
  if (f.type == FaultType::outage && f.mode == OutageMode::blackhole) what += " (blackhole)";
  if (f.type == FaultType::slowdown)
    what += f.add.ns > 0 ? " +" + format_duration(f.add) : fmt::format(" x{:g}", f.factor);
  if (f.type == FaultType::errors) what += " " + format_percent(f.percentage) + "%";
  if (f.type == FaultType::partition) what += " from " + (f.between_a == node ? f.between_b : f.between_a);
  std::string when;
  if (f.type == FaultType::crash)
    when = "mtbf " + format_duration(f.mtbf) + ", mttr " + format_duration(f.mttr);
  else if (f.duration)
    when = format_duration(f.at) + "\u2013" + format_duration(Duration{f.at.ns + f.duration->ns});
  else
    when = "from " + format_duration(f.at);
  return (f.name.empty() ? "" : f.name + ": ") + what + " " + when;
}

std::string diagram_section(const ReplicatedResults& results, const Summary& summary, const HtmlContext& c) {
  const Runs runs = results.runs;
  std::vector<detail::DiagramNode> nodes;
  bool has_client = false;
  for (const CallEdge& e : c.edges) has_client = has_client || e.from == kClientName;
  if (has_client) nodes.push_back({kClientName, "workloads", std::nullopt, std::nullopt, true, {}});
  for (std::size_t i = 0; i < runs.front().nodes.size(); ++i) {
    const NodeResult& n = runs.front().nodes[i];
    std::string detail = std::string(to_string(n.kind)) + ", " + capacity_text(n);
    std::optional<double> measured, prediction;
    if (n.concurrency) {
      measured = summary.nodes[i]["utilization"].mean;
      if (const NodeAnalysis* a = predicted(c, n.name, i)) prediction = a->utilization;
    }
    std::vector<std::string> faults;
    for (const Fault& f : c.faults)
      if (f.target == n.name || f.between_a == n.name || f.between_b == n.name) faults.push_back(fault_line(f, n.name));
    nodes.push_back({n.name, detail, measured, prediction, false, std::move(faults)});
  }
  std::vector<detail::DiagramEdge> edges;
  for (const CallEdge& e : c.edges) {
    std::string label = e.endpoint;
    if (!e.workload.empty()) label += " (workload " + e.workload + ")";
    if (e.cache_miss) label += fmt::format(", on a miss ({:.3g}%)", e.probability * 100);
    else if (e.probability != 1.0) label += fmt::format(", {:.3g}%", e.probability * 100);
    if (e.repeat != 1) label += fmt::format(", x{}", e.repeat);
    if (e.optional) label += ", optional";
    edges.push_back({e.from, e.to, label, e.optional || e.cache_miss});
  }
  return "<h2>Architecture</h2>\n<p class=\"note\">Laid out by svcsim: columns by call depth from the clients. "
         "Boxes show kind, instances x concurrency, and measured utilisation with the analytic prediction; "
         "fill: green below 50 %, amber below 80 %, red above. Dashed arrows: optional calls and cache misses. "
         "Outlined in red: a node a fault strikes, with the fault and its window.</p>\n"
         "<div class=\"scroll\">" +
         detail::svg_architecture(nodes, edges) + "</div>\n";
}

// Shaded x bands of the charts over time: the warmup (not measured) and every fault window.
std::vector<detail::ChartBand> time_bands(const Results& r) {
  std::vector<detail::ChartBand> bands;
  if (r.warmup_s > 0) bands.push_back({0, r.warmup_s, "warmup", true});
  for (const FaultPhases& f : r.faults) bands.push_back({f.at_s, f.end_s, f.fault, false});
  return bands;
}

std::string latency_section(const Results& r) {
  std::string out = "<h2>Latency over time</h2>\n<p class=\"note\">" +
                    fmt::format("p50 and p99 of the requests that succeeded in each {} window (client side); ",
                                format_duration(Duration::from_seconds(r.window_s))) +
                    "the line breaks where none succeeded. Shaded: warmup (grey) and fault windows (red).</p>\n";
  for (std::size_t w = 0; w < r.workloads.size(); ++w) {
    detail::ChartSpec spec;
    spec.title = r.workloads[w].name + ": latency";
    spec.x_label = "time (s)";
    spec.y_label = "latency (ms)";
    spec.bands = time_bands(r);
    spec.x_min = 0;
    spec.x_max = r.duration_s;
    detail::ChartSeries p50{"p50", {}, {}, false}, p99{"p99", {}, {}, false};
    for (const SeriesRow& row : r.series) {
      const auto& cell = row.workloads[w];
      const double x = row.start_s + r.window_s / 2;
      const bool any = cell.succeeded > 0;
      p50.x.push_back(x);
      p50.y.push_back(any ? std::optional(cell.p50_ms) : std::nullopt);
      p99.x.push_back(x);
      p99.y.push_back(any ? std::optional(cell.p99_ms) : std::nullopt);
    }
    spec.series = {std::move(p50), std::move(p99)};
    out += "<div class=\"scroll\">" + detail::svg_line_chart(spec) + "</div>\n";
  }
  return out;
}

std::string utilisation_section(const Results& r) {
  detail::ChartSpec spec;
  spec.title = "Utilisation per node";
  spec.x_label = "time (s)";
  spec.y_label = "busy workers (%)";
  spec.y_scale = 100;
  spec.y_unit = "%";
  spec.bands = time_bands(r);
  spec.x_min = 0;
  spec.x_max = r.duration_s;
  std::vector<std::string> unlimited;
  for (std::size_t n = 0; n < r.nodes.size(); ++n) {
    if (!r.nodes[n].concurrency) {
      unlimited.push_back(r.nodes[n].name);
      continue;
    }
    detail::ChartSeries s{r.nodes[n].name, {}, {}, false};
    for (const SeriesRow& row : r.series) {
      s.x.push_back(row.start_s + r.window_s / 2);
      s.y.push_back(row.nodes[n].utilization);
    }
    spec.series.push_back(std::move(s));
  }
  std::string out = "<h2>Utilisation over time</h2>\n";
  if (!unlimited.empty()) {
    std::string names;
    for (const auto& n : unlimited) names += (names.empty() ? "" : ", ") + markup_escape(n);
    out += "<p class=\"note\">Nodes with unlimited concurrency have no utilisation fraction and are not drawn: " +
           names + ".</p>\n";
  }
  if (spec.series.empty()) return out;
  return out + "<div class=\"scroll\">" + detail::svg_line_chart(spec) + "</div>\n";
}

// Two horizontal bars (measured, predicted) on a 0..max(100 %, both) scale.
std::string utilisation_bars(std::optional<double> measured, std::optional<double> prediction) {
  constexpr double kWidth = 120;
  double top = 1;
  for (const auto& v : {measured, prediction})
    if (v && std::isfinite(*v)) top = std::max(top, *v);
  auto bar = [&](std::optional<double> v, double y, const char* cls) {
    if (!v || !std::isfinite(*v)) return std::string();
    return fmt::format("<rect class=\"{}\" x=\"0\" y=\"{}\" width=\"{:.1f}\" height=\"7\"/>", cls, y,
                       std::max(0.0, *v) / top * kWidth);
  };
  const double full = kWidth / top;  // where 100 % is
  return fmt::format("<svg width=\"{0:.0f}\" height=\"18\" xmlns=\"http://www.w3.org/2000/svg\">{1}{2}"
                     "<line x1=\"{3:.1f}\" y1=\"0\" x2=\"{3:.1f}\" y2=\"18\" stroke=\"#b00020\"/></svg>",
                     kWidth, bar(measured, 1, "bar-measured"), bar(prediction, 10, "bar-predicted"),
                     std::min(full, kWidth - 0.5));
}

std::string nodes_section(const ReplicatedResults& results, const Summary& summary, const HtmlContext& c) {
  const Runs runs = results.runs;
  std::string out =
      "<h2>Nodes: measured and predicted</h2>\n<p class=\"note\">Predicted figures come from the call graph alone "
      "(<code>svcsim analyze</code>; docs/analyze.md gives the formulas and approximations). Bars: "
      "<span style=\"color:#4e79a7\">measured</span> and <span style=\"color:#f28e2b\">predicted</span> "
      "utilisation, the red line at 100 %. Unlimited nodes show the mean number of busy workers.";
  if (!runs.front().faults.empty())
    out += " The prediction is the steady state without faults; the measurement includes the fault windows, "
           "so nodes that take over work during a fault measure more.";
  out += "</p>\n"
      "<div class=\"scroll\"><table class=\"nodes\"><tr><th class=\"name\">node</th><th class=\"name\">kind</th>"
      "<th>instances x concurrency</th><th>calls/s</th><th>calls/s pred</th><th>util</th><th>util pred</th>"
      "<th class=\"name\"></th><th>mean ms</th><th>mean ms pred</th><th>queue mean</th></tr>\n";
  for (std::size_t i = 0; i < runs.front().nodes.size(); ++i) {
    const NodeResult& n = runs.front().nodes[i];
    const NodeAnalysis* a = predicted(c, n.name, i);
    const FigureSet& f = summary.nodes[i];
    const auto measured = n.concurrency ? f["utilization"].mean : f["busy_mean"].mean;
    const auto rate = f["request_rate"].mean;
    auto util_text = [&](std::optional<double> u) {
      return n.concurrency ? format_percent(u) + " %" : format_sig(u) + " busy";
    };
    out += "<tr><td class=\"name\">" + markup_escape(n.name) + "</td><td class=\"name\">" + to_string(n.kind) +
           "</td><td>" + capacity_text(n) + "</td><td>" +
           format_sig(rate) + "</td><td>" + (a ? format_sig(a->arrival_rate_per_s) : "-") + "</td><td>" +
           util_text(measured) + "</td><td>" + (a ? util_text(a->utilization) : "-") + "</td><td class=\"name\">" +
           (n.concurrency ? utilisation_bars(measured, a ? std::optional(a->utilization) : std::nullopt) : "") +
           "</td><td>" + format_sig(f["mean"].mean) + "</td><td>" +
           (a ? format_sig(a->latency_ms) : "-") + "</td><td>" + format_sig(f["queue_mean"].mean) +
           "</td></tr>\n";
  }
  out += "</table></div>\n";
  if (c.analysis && !c.analysis->warnings.empty()) {
    out += "<ul class=\"warnings\">";
    for (const auto& w : c.analysis->warnings) out += "<li>" + markup_escape(w) + "</li>";
    out += "</ul>\n";
  }
  return out;
}

// The station's figures (SPEC 7) for the nodes that use them: CPU busy beside
// threads busy, time throttled by a CPU quota, calls shed or limited, the
// adaptive limit's range, and calls throttled on the caller's side.
std::string station_section(const ReplicatedResults& results, const Summary& summary) {
  const Runs runs = results.runs;
  std::string rows;
  for (std::size_t i = 0; i < runs.front().nodes.size(); ++i) {
    const NodeResult& n = runs.front().nodes[i];
    if (!n.cores && !n.cpu_limited && !n.sheds && !n.adaptive && !n.throttles) continue;
    const FigureSet& f = summary.nodes[i];
    auto count = [&](const char* name) { return format_sig(f[name].mean); };
    std::string limit = "-";
    if (const auto range = detail::timeline_range(n.limit_timeline); n.adaptive && range)
      limit = std::to_string(range->first) + "-" + std::to_string(range->second);
    const auto threads = n.concurrency ? f["utilization"].mean : f["busy_mean"].mean;
    rows += "<tr><td class=\"name\">" + markup_escape(n.name) + "</td><td>" +
            (n.concurrency ? format_percent(threads) + " %" : format_sig(threads) + " busy") + "</td><td>" +
            (n.cores ? format_percent(f["cpu_utilization"].mean) + " %" : "-") + "</td><td>" +
            (n.cpu_limited ? format_percent(f["throttled_fraction"].mean) + " %" : "-") + "</td><td>" +
            (n.sheds ? count("shed") : "-") + "</td><td>" + (n.adaptive ? count("limited") : "-") +
            "</td><td>" + limit + "</td><td>" + (n.throttles ? count("throttled") : "-") + "</td></tr>\n";
  }
  if (rows.empty()) return "";
  return "<h2>Station: CPU and admission</h2>\n<p class=\"note\">Threads busy and CPU busy (of the node's "
         "<code>cores</code>), time throttled by <code>cpu_limit</code>, calls shed by criticality, rejected by the "
         "adaptive concurrency limit (and the limit's range on the first instance), and calls the node rejected "
         "locally by client-side throttling. docs/overload.md explains each.</p>\n"
         "<div class=\"scroll\"><table class=\"nodes\"><tr><th class=\"name\">node</th><th>threads busy</th>"
         "<th>CPU busy</th><th>throttled</th><th>shed</th><th>limited</th><th>limit</th><th>throttled calls</th></tr>\n" +
         rows + "</table></div>\n";
}

std::string workloads_section(const ReplicatedResults& results, const Summary& summary, const HtmlContext& c) {
  const Runs runs = results.runs;
  std::string out = "<h2>Workloads</h2>\n<table class=\"workloads\"><tr><th class=\"name\">workload</th>"
                    "<th>throughput (/s)</th><th>error %</th><th>p50 (ms)</th><th>p99 (ms)</th><th>p99.9 (ms)</th>"
                    "<th>mean (ms)</th><th>mean predicted (ms)</th></tr>\n";
  for (std::size_t i = 0; i < runs.front().workloads.size(); ++i) {
    const std::string& name = runs.front().workloads[i].name;
    std::optional<double> prediction;
    if (const WorkloadAnalysis* w = c.analysis ? c.analysis->workload(name, i) : nullptr) prediction = w->latency_ms;
    const FigureSet& f = summary.workloads[i];
    out += "<tr><td class=\"name\">" + markup_escape(name) + "</td><td>" + format_sig(f["throughput"].mean) +
           "</td><td>" + format_percent(f["error_rate"].mean) + "</td><td>" + format_sig(f["p50"].mean) + "</td><td>" +
           format_sig(f["p99"].mean) + "</td><td>" + format_sig(f["p99.9"].mean) + "</td><td>" +
           format_sig(f["mean"].mean) + "</td><td>" + format_sig(prediction) + "</td></tr>\n";
  }
  return out + "</table>\n";
}

std::string faults_section(const Results& r) {
  if (r.faults.empty()) return {};
  std::string out = "<h2>Fault windows</h2>\n<p class=\"note\">Requests by arrival time: before the fault (from the "
                    "end of warmup), during it, and after it.</p>\n<table class=\"faults\"><tr>"
                    "<th class=\"name\">fault</th><th>window (s)</th><th class=\"name\">workload</th>"
                    "<th>p99 before</th><th>p99 during</th><th>p99 after</th><th>errors before</th>"
                    "<th>errors during</th><th>errors after</th></tr>\n";
  for (const FaultPhases& f : r.faults)
    for (std::size_t w = 0; w < f.workloads.size() && w < r.workloads.size(); ++w) {
      std::string p99s, errors;
      for (const FaultPhases::Phase& p : f.workloads[w]) {
        p99s += "<td>" + (p.latency.count() ? format_sig(p.latency.percentile_ns(99) / 1e6) : std::string("-")) +
                "</td>";
        errors += "<td>" +
                  (p.requests ? format_percent(static_cast<double>(p.errors) / static_cast<double>(p.requests)) + " %"
                              : std::string("-")) +
                  "</td>";
      }
      out += "<tr><td class=\"name\">" + markup_escape(f.fault) + "</td><td>" + format_sig(f.at_s) + " to " +
             format_sig(f.end_s) + "</td><td class=\"name\">" + markup_escape(r.workloads[w].name) + "</td>" + p99s +
             errors + "</tr>\n";
    }
  return out + "</table>\n";
}

}  // namespace

std::string results_to_html(const ReplicatedResults& results, const HtmlContext& context) {
  if (results.runs.empty()) return detail::html_page("svcsim", "<p>No results.</p>\n");
  const Results& first = results.runs.front();
  const Summary summary = summarize(results.runs);
  std::string body = header(results, summary, context);
  body += objectives_section(results);
  body += diagram_section(results, summary, context);
  if (!first.series.empty()) {
    body += latency_section(first);
    body += utilisation_section(first);
  }
  body += nodes_section(results, summary, context);
  body += station_section(results, summary);
  body += workloads_section(results, summary, context);
  body += faults_section(first);
  return detail::html_page("svcsim: " + first.scenario_name, body);
}

}  // namespace svcsim
