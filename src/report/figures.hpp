// Figures the reports show that metrics.hpp does not name (wait time, wait
// probability, hit ratio, event rate): defined once here so the JSON and the
// terminal report cannot disagree. Everything metrics.hpp names is taken from it.
#pragma once

#include <cstddef>
#include <optional>
#include <utility>
#include <vector>
#include <span>
#include <string>
#include <string_view>

#include "svcsim/results.hpp"

namespace svcsim::detail {

/// Time admitted calls waited for a worker, in ms: `mean` or `pNN`; nullopt
/// when no call was admitted or the name is unknown.
std::optional<double> node_wait_ms(const NodeResult& n, std::string_view metric);

/// Fraction of admitted calls that waited at all; nullopt when none was admitted.
std::optional<double> wait_probability(const NodeResult& n);

/// Cache hits over lookups on live instances; nullopt without lookups.
std::optional<double> hit_ratio(const NodeResult& n);

/// Calls that reached the node per second of measured time; nullopt when nothing was measured.
std::optional<double> node_request_rate(const NodeResult& n, double measured_s);

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
