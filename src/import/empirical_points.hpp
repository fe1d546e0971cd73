// Empirical distributions from samples, with the tail kept: the percentile
// points written are p0, p1, p2.5, p5, p10, p15 … p95, p97.5, p99, p99.5,
// p99.9, p99.99 and p100, each interior one only when the samples reach it
// (at least one sample beyond it on its side), so a small sample gives few
// points and a large one keeps its tail.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace svcsim::trace_import {

struct PercentilePoint {
  double percentile = 0;  // 0..100
  std::int64_t ns = 0;
};

/// The points to write for `samples` (any order; must not be empty).
std::vector<PercentilePoint> empirical_points(std::vector<std::int64_t> samples);

/// The q-th quantile (0..1) of sorted samples, linearly interpolated
/// (Hyndman and Fan's type 7, as numpy's default), rounded to a nanosecond.
std::int64_t quantile_of_sorted(const std::vector<std::int64_t>& sorted, double q);

/// `p99.9` for 99.9.
std::string percentile_key(double percentile);

}  // namespace svcsim::trace_import
