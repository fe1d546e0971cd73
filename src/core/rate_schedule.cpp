// An open workload's scheduled rate (see rate_schedule.hpp).
#include "svcsim/rate_schedule.hpp"

#include <cmath>

namespace svcsim {

double base_rate(const Workload& w) {
  if (w.arrivals == ArrivalProcess::distribution) {
    const double mean = w.interarrival.mean_seconds();
    return std::isfinite(mean) && mean > 0 ? 1.0 / mean : 0.0;
  }
  return w.rate_per_s;
}

double scheduled_rate(const Workload& w, std::int64_t t_ns) {
  // The current segment: from `from` at `seg_at`, linearly to `seg_to` over
  // `seg_ramp` ns, then flat.
  double from = base_rate(w);
  double seg_to = from;
  std::int64_t seg_at = 0;
  std::int64_t seg_ramp = 0;
  const auto value = [&](std::int64_t x) {
    if (seg_ramp > 0 && x < seg_at + seg_ramp)
      return from + (seg_to - from) * static_cast<double>(x - seg_at) / static_cast<double>(seg_ramp);
    return seg_to;
  };
  for (const RateChange& c : w.schedule) {
    if (t_ns < c.at.ns) break;
    from = value(c.at.ns);  // where an interrupted ramp had got to
    seg_at = c.at.ns;
    seg_ramp = c.ramp.ns;
    seg_to = c.rate_per_s;
  }
  return value(t_ns);
}

}  // namespace svcsim
