// Open workload rates (see workload_rates.hpp). Between consecutive
// breakpoints (each change's start and the end of its ramp) the rate is
// linear, so the trapezoid rule integrates it exactly.
#include "analysis/workload_rates.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "svcsim/rate_schedule.hpp"

namespace svcsim::detail {
namespace {

bool scheduled(const Workload& w) { return !w.schedule.empty(); }

std::vector<Duration> breakpoints(const Workload& w, Duration from, Duration to) {
  std::vector<Duration> points{from, to};
  for (const RateChange& c : w.schedule) {
    for (const Duration t : {c.at, c.at + c.ramp})
      if (t > from && t < to) points.push_back(t);
  }
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  return points;
}

}  // namespace

double mean_rate(const Workload& w, Duration from, Duration to) {
  if (!scheduled(w) || !(to > from)) return scheduled_rate(w, from.ns);
  const std::vector<Duration> points = breakpoints(w, from, to);
  double area = 0;
  for (std::size_t i = 0; i + 1 < points.size(); ++i) {
    const Duration a = points[i];
    const Duration b = points[i + 1];
    // Evaluated just inside each piece: a step at `a` belongs to [a, b).
    const double ra = scheduled_rate(w, a.ns);
    const double rb = scheduled_rate(w, b.ns - 1);
    area += 0.5 * (ra + rb) * (b - a).seconds();
  }
  return area / (to - from).seconds();
}

double peak_rate(const Workload& w, Duration to) {
  double peak = scheduled_rate(w, 0);
  if (!scheduled(w)) return peak;
  for (const RateChange& c : w.schedule)
    if (c.at < to) peak = std::max(peak, c.rate_per_s);
  return peak;
}

}  // namespace svcsim::detail
