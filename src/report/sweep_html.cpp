// The sweep's HTML page (see sweep_report.hpp): the figures of the sweep
// table plotted against the varied parameter, objectives as horizontal lines.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <map>

#include <fmt/format.h>

#include "report/markup_escape.hpp"
#include "report/html_page.hpp"
#include "report/number_format.hpp"
#include "report/objective_text.hpp"
#include "report/svg_chart.hpp"
#include "report/sweep_figures.hpp"
#include "svcsim/sweep_report.hpp"

namespace svcsim {
namespace {

using detail::markup_escape;

std::string value_of(const SweepPoint& p, const std::string& path) {
  for (const auto& o : p.parameters)
    if (o.path == path) return o.value;
  return "";
}

/// The number a value starts with (`1000/s` -> 1000, `2` -> 2, `150ms` -> 150) and its suffix.
std::optional<std::pair<double, std::string>> leading_number(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || !std::isfinite(v)) return std::nullopt;
  return std::pair{v, std::string(end)};
}

/// The x axis: the plotted parameter's values as numbers when every one is a
/// number with the same suffix, otherwise as categories in order of appearance.
struct XAxis {
  std::string path, label;
  std::vector<std::string> categories;  // empty: numeric
  std::map<std::string, double> position;
};

XAxis x_axis(const SweepReport& report) {
  XAxis axis;
  axis.path = report.paths.back();
  axis.label = axis.path;
  std::optional<std::string> suffix;
  bool numeric = true;
  for (const SweepPoint& p : report.points) {
    const std::string v = value_of(p, axis.path);
    const auto n = leading_number(v);
    if (!n || (suffix && *suffix != n->second)) numeric = false;
    if (n && !suffix) suffix = n->second;
    if (n) axis.position[v] = n->first;
  }
  if (numeric) {
    if (suffix && !suffix->empty()) axis.label += " (" + *suffix + ")";
    return axis;
  }
  axis.position.clear();
  for (const SweepPoint& p : report.points) {
    const std::string v = value_of(p, axis.path);
    if (axis.position.emplace(v, static_cast<double>(axis.categories.size())).second) axis.categories.push_back(v);
  }
  return axis;
}

/// The other parameters of a point, which name its line ("" with one parameter).
std::string group_of(const SweepPoint& p, const std::string& plotted) {
  return detail::combination_text(p.parameters, plotted);
}

struct Groups {
  std::vector<std::string> names;
  std::vector<std::vector<std::size_t>> points;  // indices into report.points, in x order
};

Groups groups_of(const SweepReport& report, const XAxis& axis) {
  Groups g;
  for (std::size_t i = 0; i < report.points.size(); ++i) {
    const std::string name = group_of(report.points[i], axis.path);
    std::size_t k = 0;
    while (k < g.names.size() && g.names[k] != name) ++k;
    if (k == g.names.size()) {
      g.names.push_back(name);
      g.points.emplace_back();
    }
    g.points[k].push_back(i);
  }
  for (auto& idx : g.points)
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
      return axis.position.at(value_of(report.points[a], axis.path)) <
             axis.position.at(value_of(report.points[b], axis.path));
    });
  return g;
}

using Figure = std::function<std::optional<double>(const SweepPoint&, const detail::SweepPointFigures&)>;

/// One line per group and per named figure.
detail::ChartSpec chart(const SweepReport& report, const XAxis& axis, const Groups& groups,
                        const std::vector<detail::SweepPointFigures>& figures, const std::string& title,
                        const std::string& y_label, const std::vector<std::pair<std::string, Figure>>& lines) {
  detail::ChartSpec spec;
  spec.title = title;
  spec.x_label = axis.label;
  spec.y_label = y_label;
  spec.x_categories = axis.categories;
  spec.markers = true;
  for (std::size_t g = 0; g < groups.names.size(); ++g)
    for (const auto& [name, figure] : lines) {
      std::string series = name;
      if (!groups.names[g].empty()) series += (series.empty() ? "" : " \u00b7 ") + groups.names[g];
      detail::ChartSeries s{series.empty() ? title : series, {}, {}, false};
      for (const std::size_t i : groups.points[g]) {
        s.x.push_back(axis.position.at(value_of(report.points[i], axis.path)));
        s.y.push_back(report.points[i].stopped ? std::nullopt : figure(report.points[i], figures[i]));
      }
      spec.series.push_back(std::move(s));
    }
  return spec;
}

/// Latency on both sides of saturation spans decades: such charts get a log
/// axis, so the points near the objective stay readable beside the saturated ones.
void log_axis_if_wide(detail::ChartSpec& spec) {
  constexpr double kWide = 30;  // max / min of the positive values
  double lo = 0, hi = 0;
  auto take = [&](double v) {
    if (!(v > 0) || !std::isfinite(v)) return;
    lo = lo > 0 ? std::min(lo, v) : v;
    hi = std::max(hi, v);
  };
  for (const auto& series : spec.series)
    for (const auto& v : series.y)
      if (v) take(*v);
  for (const auto& line : spec.lines) take(line.y);
  if (lo > 0 && hi / lo > kWide) {
    spec.log_y = true;
    spec.y_label += ", log scale";
  }
}

std::string find_section(const SweepReport& report) {
  if (!report.find) return {};
  const SweepFind& find = *report.find;
  std::string out = "<h2>--find " + markup_escape(find.path) + "</h2>\n<ul>";
  for (const FindOutcome& o : find.outcomes) {
    out += "<li>" + markup_escape(o.parameters.empty() ? std::string()
                                                       : "with " + detail::combination_text(o.parameters) + ": ");
    out += o.found ? "smallest value that met every objective: <b>" + markup_escape(*o.found) + "</b>"
                   : std::string("no value met every objective");
    out += fmt::format(" ({} of {} values simulated)", o.evaluated, find.values.size());
    if (!o.problem.empty()) out += "<br>warning: " + markup_escape(o.problem);
    out += "</li>";
  }
  return out + "</ul>\n";
}

std::string points_table(const SweepReport& report) {
  std::string out = "<h2>Points</h2>\n<div class=\"scroll\"><table><tr>";
  for (const auto& p : report.paths) out += "<th>" + markup_escape(p) + "</th>";
  const auto& slo = report.points.front().results.slo;
  for (const auto& o : slo) out += "<th>" + markup_escape(o.check) + "</th>";
  out += "<th class=\"name\">result</th></tr>\n";
  for (const SweepPoint& p : report.points) {
    out += "<tr>";
    for (const auto& path : report.paths) out += "<td>" + markup_escape(value_of(p, path)) + "</td>";
    for (std::size_t k = 0; k < slo.size(); ++k)
      out += "<td>" + (k < p.results.slo.size() ? markup_escape(detail::observed_text(p.results.slo[k])) : "-") +
             "</td>";
    out += p.stopped ? std::string("<td class=\"error name\">stopped</td>")
                     : detail::objective_result_cell(true, p.pass);
    out += "</tr>\n";
  }
  return out + "</table></div>\n";
}

}  // namespace

std::string sweep_to_html(const SweepReport& report) {
  std::string body = "<h1>svcsim sweep: " + markup_escape(report.scenario_name) + "</h1>\n";
  std::string varied;
  for (const auto& p : report.paths) varied += (varied.empty() ? "" : ", ") + p;
  body += fmt::format("<p class=\"meta\">varied: {}; seed {} at every point (common random numbers), duration {}s, "
                      "warmup {}s, {} replication(s) per point</p>\n",
                      markup_escape(varied), report.seed, detail::format_sig(report.duration_s),
                      detail::format_sig(report.warmup_s), report.replications);
  if (report.points.empty() || report.paths.empty())
    return detail::html_page("svcsim sweep: " + report.scenario_name, body + "<p>No points.</p>\n");

  const XAxis axis = x_axis(report);
  const Groups groups = groups_of(report, axis);
  std::vector<detail::SweepPointFigures> figures;
  for (const SweepPoint& p : report.points) figures.push_back(detail::sweep_point_figures(p));
  body += find_section(report);
  if (groups.names.size() > 1)
    body += "<p class=\"note\">One line per value of the other parameters. Points that stopped (in-flight limit) "
            "are left out of the lines.</p>\n";

  std::string charts;
  auto add = [&](detail::ChartSpec spec) { charts += "<div class=\"scroll\">" + detail::svg_line_chart(spec) + "</div>\n"; };
  // Objectives first: each one's observed value, its limit a horizontal line.
  const auto& slo = report.points.front().results.slo;
  for (std::size_t k = 0; k < slo.size(); ++k) {
    const std::string unit = detail::metric_unit(slo[k].metric);
    auto value = [k](const SweepPoint& p, const detail::SweepPointFigures&) -> std::optional<double> {
      if (k >= p.results.slo.size() || !p.results.slo[k].evaluable) return std::nullopt;
      return p.results.slo[k].value;
    };
    detail::ChartSpec spec = chart(report, axis, groups, figures, "objective: " + slo[k].check,
                                   slo[k].metric + (unit.empty() ? "" : " (" + unit + ")"), {{"", value}});
    if (unit == "%") {
      spec.y_scale = 100;
      spec.y_unit = "%";
    }
    spec.lines.push_back({slo[k].threshold, "limit " + detail::limit_text(slo[k])});
    if (unit == "ms") log_axis_if_wide(spec);
    add(std::move(spec));
  }
  const std::vector<std::string> workloads = detail::sweep_workload_names(report);
  for (std::size_t w = 0; w < workloads.size(); ++w) {
    detail::ChartSpec latency = chart(
        report, axis, groups, figures, workloads[w] + ": latency", "latency (ms)",
        {{"p50", [w](const SweepPoint&, const detail::SweepPointFigures& f) { return f.workloads[w].p50_ms; }},
         {"p99", [w](const SweepPoint&, const detail::SweepPointFigures& f) { return f.workloads[w].p99_ms; }}});
    log_axis_if_wide(latency);
    add(std::move(latency));
    detail::ChartSpec errors = chart(
        report, axis, groups, figures, workloads[w] + ": error rate", "errors (%)",
        {{"", [w](const SweepPoint&, const detail::SweepPointFigures& f) { return f.workloads[w].error_rate; }}});
    errors.y_scale = 100;
    errors.y_unit = "%";
    add(std::move(errors));
    add(chart(report, axis, groups, figures, workloads[w] + ": throughput", "requests/s",
              {{"", [w](const SweepPoint&, const detail::SweepPointFigures& f) {
                  return f.workloads[w].throughput_per_s;
                }}}));
  }
  detail::ChartSpec busiest =
      chart(report, axis, groups, figures, "busiest node's utilisation", "utilisation (%)",
            {{"", [](const SweepPoint&, const detail::SweepPointFigures& f) { return f.busiest_utilization; }}});
  busiest.y_scale = 100;
  busiest.y_unit = "%";
  add(std::move(busiest));
  body += "<h2>Figures against " + markup_escape(axis.path) + "</h2>\n" + charts;
  body += points_table(report);
  return detail::html_page("svcsim sweep: " + report.scenario_name, body);
}

}  // namespace svcsim
