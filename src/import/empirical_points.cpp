// Choosing and computing the percentile points of an empirical distribution (see empirical_points.hpp).
#include "import/empirical_points.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace svcsim::trace_import {

std::int64_t quantile_of_sorted(const std::vector<std::int64_t>& sorted, double q) {
  if (sorted.empty()) return 0;
  const double h = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  const double frac = h - static_cast<double>(lo);
  const double value = static_cast<double>(sorted[lo]) + frac * static_cast<double>(sorted[hi] - sorted[lo]);
  return static_cast<std::int64_t>(std::llround(value));
}

std::vector<PercentilePoint> empirical_points(std::vector<std::int64_t> samples) {
  std::sort(samples.begin(), samples.end());
  static const double candidates[] = {0,  1,  2.5, 5,  10, 15, 20, 25, 30,   35, 40,   45,   50,    55, 60,
                                      65, 70, 75,  80, 85, 90, 95, 97.5, 99, 99.5, 99.9, 99.99, 100};
  const auto n = static_cast<double>(samples.size());
  std::vector<PercentilePoint> points;
  for (const double p : candidates) {
    const bool interior = p > 0 && p < 100;
    if (interior && n * std::min(p, 100 - p) / 100 < 1) continue;  // no sample beyond it: it says nothing
    points.push_back({p, quantile_of_sorted(samples, p / 100)});
  }
  return points;
}

std::string percentile_key(double percentile) { return fmt::format("p{}", percentile); }

}  // namespace svcsim::trace_import
