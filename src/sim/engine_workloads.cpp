// Workloads: open arrivals (Poisson by thinning against the peak scheduled
// rate, constant spacing, or an inter-arrival distribution) and closed users
// who think between requests; the client's view of each request's outcome.
#include <algorithm>
#include <cmath>

#include "sim/engine.hpp"

namespace svcsim::detail {

namespace {
constexpr std::int64_t kNever = INT64_MAX;
/// Arrivals are at least 1 ns apart, so time always advances.
std::int64_t at_least_1ns(std::int64_t ns) { return ns < 1 ? 1 : ns; }
}  // namespace

double Engine::rate_at(const Workload& w, std::int64_t t) const {
  double rate = w.rate_per_s;
  for (const RateChange& c : w.schedule) {
    if (t < c.at.ns) break;
    if (c.ramp.ns > 0 && t < c.at.ns + c.ramp.ns)
      return rate + (c.rate_per_s - rate) * static_cast<double>(t - c.at.ns) / static_cast<double>(c.ramp.ns);
    rate = c.rate_per_s;
  }
  return rate;
}

std::int64_t Engine::next_arrival(std::uint32_t w, std::int64_t after) {
  const Workload& spec = scenario_.workloads[w];
  WorkloadState& ws = workloads_[w];
  switch (spec.arrivals) {
    case ArrivalProcess::distribution:
      return after + at_least_1ns(spec.interarrival.sample(ws.arrival_rng).ns);
    case ArrivalProcess::constant: {
      std::int64_t t = after;
      while (t < window_to_) {
        const double rate = rate_at(spec, t);
        if (rate > 0) return t + at_least_1ns(static_cast<std::int64_t>(std::llround(1e9 / rate)));
        // rate 0: skip to the next scheduled change
        std::int64_t next = kNever;
        for (const RateChange& c : spec.schedule)
          if (c.at.ns > t) next = std::min(next, c.at.ns);
        t = next;
      }
      return kNever;
    }
    case ArrivalProcess::poisson: {
      if (ws.peak_rate <= 0) return kNever;
      if (spec.schedule.empty())
        return after + at_least_1ns(Duration::from_seconds(-std::log(ws.arrival_rng.uniform01()) / ws.peak_rate).ns);
      // Thinning (Lewis & Shedler): candidates at the peak rate, each kept with
      // probability rate(t) / peak. Without a schedule every candidate is kept.
      std::int64_t t = after;
      while (t < window_to_) {
        t += at_least_1ns(Duration::from_seconds(-std::log(ws.arrival_rng.uniform01()) / ws.peak_rate).ns);
        if (spec.schedule.empty() || ws.arrival_rng.uniform01() * ws.peak_rate < rate_at(spec, t)) return t;
      }
      return kNever;
    }
  }
  return kNever;
}

void Engine::on_open_arrival(std::uint32_t w) {
  start_request(w, kNone);
  const std::int64_t next = next_arrival(w, now_);
  if (next < window_to_) schedule(next, EventKind::open_arrival, w, 0);
}

void Engine::on_user_wake(std::uint32_t w, std::uint32_t user) {
  if (now_ >= window_to_) return;
  start_request(w, user);
}

void Engine::start_request(std::uint32_t w, std::uint32_t user) {
  const std::uint32_t id = requests_.acquire();
  Request& r = requests_[id];
  r.workload = w;
  r.user = user;
  r.arrival = now_;
  r.measured = in_window(now_);
  if (r.measured) ++workloads_[w].requests;
  ++in_flight_;
  send_call(OwnerKind::request, id, r.generation, 0, programs_.workload_site[w]);
}

void Engine::finish_request(std::uint32_t id, Outcome outcome, bool degraded) {
  const Request r = requests_[id];
  requests_.release(id);
  --in_flight_;
  WorkloadState& ws = workloads_[r.workload];
  if (series_window_ns_ > 0 || !fault_phases_.empty()) record_for_series_and_faults(r, outcome);
  if (options_.transient != nullptr && outcome == Outcome::ok) {
    options_.transient->add(Duration{now_ - r.arrival}.millis(), now_);
  }
  if (r.measured) {
    switch (outcome) {
      case Outcome::ok:
        ++ws.succeeded;
        if (degraded) ++ws.degraded;
        ws.latency.record(Duration{now_ - r.arrival});
        break;
      case Outcome::failed: ++ws.failed; break;
      case Outcome::rejected: ++ws.rejected; break;
      case Outcome::timed_out: ++ws.timed_out; break;
    }
  }
  if (r.user != kNone && now_ < window_to_) {
    const Workload& spec = scenario_.workloads[r.workload];
    schedule(now_ + spec.think_time.sample(ws.think_rng).ns, EventKind::user_wake,
                 r.workload, r.user);
  }
}

}  // namespace svcsim::detail
