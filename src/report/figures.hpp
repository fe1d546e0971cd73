// Report-only helpers beside the Summary (summary.hpp, which computes every
// figure): the event rate, timeline ranges, why a run stopped, and the text
// of an overload warning, defined once so the reports cannot disagree.
#pragma once

#include <cstddef>
#include <optional>
#include <utility>
#include <vector>
#include <span>
#include <string>
#include <string_view>

#include "svcsim/results.hpp"
#include "svcsim/summary.hpp"

namespace svcsim::detail {

/// What an overload warning says, in one line (terminal, results file,
/// HTML page and JUnit file alike).
std::string overload_text(const OverloadWarning& w);

/// Simulation events per second of wall clock; nullopt when the run took no measurable time.
std::optional<double> events_per_s(const RunInfo& run);

/// The smallest and largest value of a [time_s, value] timeline (instances,
/// an adaptive limit); nullopt when it is empty.
std::optional<std::pair<int, int>> timeline_range(const std::vector<std::pair<double, int>>& timeline);

/// The first run of `runs` (by index) that stopped before its end: its index, or nullopt.
std::optional<std::size_t> first_stopped(std::span<const Results> runs);
/// Why that run stopped, prefixed with `replication K (seed S): ` when there are several.
std::string stop_text(std::span<const Results> runs, std::size_t stopped);

}  // namespace svcsim::detail
