// Report-only figures (see figures.hpp).
#include <algorithm>
#include "report/figures.hpp"

#include <fmt/format.h>

#include "svcsim/metrics.hpp"

namespace svcsim::detail {
namespace {

std::optional<double> ratio(std::uint64_t part, std::uint64_t whole) {
  if (whole == 0) return std::nullopt;
  return static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace

std::optional<double> node_wait_ms(const NodeResult& n, std::string_view metric) {
  if (n.wait.count() == 0) return std::nullopt;
  if (metric == "mean") return n.wait.mean_ns() * 1e-6;
  // The percentile grammar is metrics.hpp's; the histogram defines the value.
  if (const auto p = parse_percentile_metric(metric)) return n.wait.percentile_ns(*p) * 1e-6;
  return std::nullopt;
}

std::optional<double> wait_probability(const NodeResult& n) { return ratio(n.waited, n.admitted); }

std::optional<double> hit_ratio(const NodeResult& n) { return ratio(n.cache_hits, n.cache_lookups); }

std::optional<double> node_request_rate(const NodeResult& n, double measured_s) {
  if (!(measured_s > 0)) return std::nullopt;
  return static_cast<double>(n.requests) / measured_s;
}

std::optional<double> events_per_s(const RunInfo& run) {
  if (!(run.wall_s > 0)) return std::nullopt;
  return static_cast<double>(run.events) / run.wall_s;
}

std::optional<std::size_t> first_stopped(std::span<const Results> runs) {
  for (std::size_t k = 0; k < runs.size(); ++k)
    if (runs[k].run.stopped) return k;
  return std::nullopt;
}

std::string stop_text(std::span<const Results> runs, std::size_t stopped) {
  const Results& r = runs[stopped];
  if (runs.size() == 1) return r.run.stop_reason;
  return fmt::format("replication {} (seed {}): {}", stopped, r.seed, r.run.stop_reason);
}

std::optional<std::pair<int, int>> timeline_range(const std::vector<std::pair<double, int>>& timeline) {
  if (timeline.empty()) return std::nullopt;
  std::pair<int, int> range{timeline.front().second, timeline.front().second};
  for (const auto& change : timeline) {
    range.first = std::min(range.first, change.second);
    range.second = std::max(range.second, change.second);
  }
  return range;
}

}  // namespace svcsim::detail
