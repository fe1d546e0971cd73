// Report-only helpers (see figures.hpp).
#include "report/figures.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "report/number_format.hpp"

namespace svcsim::detail {
std::string overload_text(const OverloadWarning& w) {
  const std::string basis =
      w.cores ? fmt::format("{:.4g} cores, {} ms of CPU per answered call", w.servers, format_sig(w.per_call_ms))
              : fmt::format("{:.4g} workers, each busy {} ms per answered call", w.servers, format_sig(w.per_call_ms));
  const char* consequence =
      w.rejects ? "its queue stays full and it turns the excess away, so its figures, and those of the requests "
                  "through it, describe an overloaded node, not a steady state"
                : "its queue grows through the run, so its figures, and those of the requests through it, describe "
                  "a growing queue, not a steady state";
  return fmt::format("node '{}' is offered {} calls/s and can serve {} calls/s ({}): {}", w.name,
                     format_sig(w.offered_per_s), format_sig(w.capacity_per_s), basis, consequence);
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
