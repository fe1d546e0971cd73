// Per-point sweep figures (see sweep_figures.hpp).
#include "report/sweep_figures.hpp"

#include "svcsim/summary.hpp"

namespace svcsim::detail {

SweepPointFigures sweep_point_figures(const SweepPoint& point) {
  SweepPointFigures f;
  const auto& runs = point.results.runs;
  if (runs.empty()) return f;
  const Summary summary = summarize(runs);
  for (const FigureSet& w : summary.workloads)
    f.workloads.push_back({w["p50"].mean, w["p99"].mean, w["error_rate"].mean, w["throughput"].mean});
  for (std::size_t i = 0; i < runs.front().nodes.size(); ++i) {
    if (!runs.front().nodes[i].concurrency) continue;  // busy_mean is no fraction: never "the busiest"
    const auto u = summary.nodes[i]["utilization"].mean;
    if (u && (!f.busiest_utilization || *u > *f.busiest_utilization)) {
      f.busiest_utilization = u;
      f.busiest = runs.front().nodes[i].name;
    }
  }
  for (const auto& o : point.results.slo)
    if (!o.evaluable || !o.pass) ++f.objectives_failed;
  return f;
}

std::vector<std::string> sweep_workload_names(const SweepReport& report) {
  std::vector<std::string> names;
  if (report.points.empty() || report.points.front().results.runs.empty()) return names;
  for (const auto& w : report.points.front().results.runs.front().workloads) names.push_back(w.name);
  return names;
}

std::string combination_text(const std::vector<Override>& parameters, std::string_view except) {
  std::string text;
  for (const auto& o : parameters) {
    if (!except.empty() && o.path == except) continue;
    text += (text.empty() ? "" : ", ") + o.path + "=" + o.value;
  }
  return text;
}

}  // namespace svcsim::detail
