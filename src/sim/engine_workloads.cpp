// Workloads: open arrivals (Poisson by thinning against the peak scheduled
// rate, constant spacing, an inter-arrival distribution, a Markov-modulated
// Poisson process, or a replayed trace) and closed users who think between
// requests; the client's view of each request's outcome.
#include <algorithm>
#include <cmath>

#include "sim/engine.hpp"
#include "svcsim/rate_schedule.hpp"

namespace svcsim::detail {

namespace {
constexpr std::int64_t kNever = INT64_MAX;
/// Arrivals are at least 1 ns apart, so time always advances.
std::int64_t at_least_1ns(std::int64_t ns) { return ns < 1 ? 1 : ns; }
/// A Poisson process's next gap at its peak rate, drawn from its own stream.
std::int64_t poisson_gap(WorkloadState& ws) {
  return at_least_1ns(Duration::from_seconds(-std::log(ws.arrival_rng.uniform01()) / ws.peak_rate).ns);
}
}  // namespace

std::int64_t Engine::advance_by_rate(const Workload& w, std::int64_t t, double units) const {
  // The scheduled rate is linear between consecutive breakpoints (every `at`
  // and `at + ramp`), so its integral over a piece is a quadratic to solve.
  double left = units;
  while (t < window_to_) {
    std::int64_t end = window_to_;
    for (const RateChange& c : w.schedule) {
      if (c.at.ns > t) end = std::min(end, c.at.ns);
      if (c.ramp.ns > 0 && c.at.ns + c.ramp.ns > t) end = std::min(end, c.at.ns + c.ramp.ns);
    }
    const double r0 = scheduled_rate(w, t);
    const double piece_s = static_cast<double>(end - t) * 1e-9;
    double slope = 0;  // per second, from the middle of the piece (exact: the rate is linear there)
    if (end - t >= 2) {
      const std::int64_t mid = t + (end - t) / 2;
      slope = (scheduled_rate(w, mid) - r0) / (static_cast<double>(mid - t) * 1e-9);
    }
    const double area = r0 * piece_s + slope * piece_s * piece_s / 2;
    if (area >= left && area > 0) {
      // r0 x + slope x^2 / 2 = left, in the form that stays exact when slope is 0
      const double x = 2 * left / (r0 + std::sqrt(std::max(0.0, r0 * r0 + 2 * slope * left)));
      return t + at_least_1ns(static_cast<std::int64_t>(std::llround(x * 1e9)));
    }
    left -= area;
    t = end;
  }
  return kNever;
}

std::int64_t Engine::next_arrival(std::uint32_t w, std::int64_t after) {
  const Workload& spec = scenario_.workloads[w];
  WorkloadState& ws = workloads_[w];
  switch (spec.arrivals) {
    case ArrivalProcess::distribution: {
      const std::int64_t draw = spec.interarrival.sample(ws.arrival_rng).ns;
      const double own_rate = base_rate(spec);  // 1 / mean; 0 when the mean is not finite and positive
      if (spec.schedule.empty() || !(own_rate > 0)) return after + at_least_1ns(draw);
      // With a schedule, time runs at rate(t) / own rate: the draw is a
      // number of arrivals' worth of time at the distribution's own rate.
      return advance_by_rate(spec, after, static_cast<double>(draw) * 1e-9 * own_rate);
    }
    case ArrivalProcess::mmpp: return next_mmpp_arrival(w, after);
    case ArrivalProcess::trace: {
      const std::vector<std::int64_t>& times = *spec.trace;
      return ws.trace_next < times.size() ? times[ws.trace_next++] : kNever;
    }
    case ArrivalProcess::constant: {
      std::int64_t t = after;
      while (t < window_to_) {
        const double rate = scheduled_rate(spec, t);
        if (rate > 0) return t + at_least_1ns(static_cast<std::int64_t>(std::llround(1e9 / rate)));
        // Rate 0 at the start of a ramp up: the first arrival comes when the
        // ramp's integral reaches one arrival.
        for (const RateChange& c : spec.schedule)
          if (c.ramp.ns > 0 && c.rate_per_s > 0 && t >= c.at.ns && t < c.at.ns + c.ramp.ns)
            return advance_by_rate(spec, t, 1.0);
        // Rate 0 for a while: skip to the next scheduled change.
        std::int64_t next = kNever;
        for (const RateChange& c : spec.schedule)
          if (c.at.ns > t) next = std::min(next, c.at.ns);
        t = next;
      }
      return kNever;
    }
    case ArrivalProcess::poisson: {
      if (ws.peak_rate <= 0) return kNever;
      if (spec.schedule.empty()) return after + poisson_gap(ws);
      // Thinning (Lewis & Shedler): candidates at the peak rate, each kept with
      // probability rate(t) / peak. Without a schedule every candidate is kept.
      std::int64_t t = after;
      while (t < window_to_) {
        t += poisson_gap(ws);
        if (spec.schedule.empty() || ws.arrival_rng.uniform01() * ws.peak_rate < scheduled_rate(spec, t)) return t;
      }
      return kNever;
    }
  }
  return kNever;
}

std::int64_t Engine::next_mmpp_arrival(std::uint32_t w, std::int64_t after) {
  const Workload& spec = scenario_.workloads[w];
  WorkloadState& ws = workloads_[w];
  auto sojourn = [&](std::uint32_t state) {  // exponential, from the workload's own mmpp stream
    return at_least_1ns(
        Duration::from_seconds(-spec.mmpp[state].mean_sojourn.seconds() * std::log(ws.mmpp_rng.uniform01())).ns);
  };
  if (ws.mmpp_state_end == 0) ws.mmpp_state_end = sojourn(0);  // the first state starts at time 0
  std::int64_t t = after;
  while (t < window_to_) {
    while (t >= ws.mmpp_state_end) {  // the states follow one another in the order written
      ws.mmpp_state = (ws.mmpp_state + 1) % static_cast<std::uint32_t>(spec.mmpp.size());
      ws.mmpp_state_end += sojourn(ws.mmpp_state);
    }
    const double rate = spec.mmpp[ws.mmpp_state].rate_per_s;
    if (rate > 0) {
      const std::int64_t candidate =
          t + at_least_1ns(Duration::from_seconds(-std::log(ws.arrival_rng.uniform01()) / rate).ns);
      if (candidate < ws.mmpp_state_end) return candidate;
    }
    // No arrival before the state ends: start afresh there (exponential gaps
    // are memoryless, so dropping the overshooting draw keeps the process exact).
    t = ws.mmpp_state_end;
  }
  return kNever;
}

void Engine::on_open_arrival(std::uint32_t w) {
  // The next arrival is drawn before this request starts, so that the long
  // chain of its draw (a logarithm, a division) overlaps the request's work;
  // it comes from the workload's own stream, so the order of draws changes
  // no number. It is scheduled after, as before, which keeps the order of
  // events at equal times.
  WorkloadState& ws = workloads_[w];
  const std::int64_t next = ws.steady_poisson ? now_ + poisson_gap(ws) : next_arrival(w, now_);
  start_request(w, kNone);
  if (next >= window_to_) return;
  // A Poisson gap is at least 1 ns, never the current instant: such an
  // arrival goes straight to the heap (a push inlined here; schedule() is a
  // call that also tests for the current instant).
  if (ws.steady_poisson) events_.push(next, EventClass::normal, EventKind::open_arrival, w, 0);
  else schedule(next, EventKind::open_arrival, w, 0);
}

void Engine::on_user_wake(std::uint32_t w, std::uint32_t user) {
  if (now_ >= window_to_) return;
  start_request(w, user);
}

void Engine::start_request(std::uint32_t w, std::uint32_t user) {
  WorkloadState& ws = workloads_[w];
  const std::uint32_t key =
      keys_used_ && scenario_.workloads[w].catalog ? ws.catalog.sample(ws.catalog_rng) : kNone;
  if (in_window(now_)) ++ws.requests;
  ++in_flight_;
  // The request's sums also name it to a trace observer (unique while it is in flight).
  const SliceRef time = breakdowns_.acquire();
  if (trace_) trace_->on_request_start(time.id, w, now_);
  if (ws.direct_entry) {
    enter_directly(w, user, time);
    return;
  }
  // The entry call's site carries the workload's criticality (the build stage sets it).
  send_call(OwnerKind::request, w, user, 0, programs_.workload_site[w], time, key, Criticality::critical);
}

// A succeeded request's critical path, summed into the bucket of its latency
// (the entry call starts with the request, so its time is the latency).
// The request's slice is left zero, ready for release_cleared.
void Engine::record_tail(TailBreakdown& tail, SliceRef time, std::int64_t latency_ns) {
  if (breakdowns_.sparse()) [[unlikely]] {  // many nodes: only the sums that are not zero
    const int bucket = LatencyHistogram::index_of(latency_ns);
    tail.add(bucket, TailBreakdown::kLatency, latency_ns);
    breakdowns_.drain_into(time, tail, bucket);
    return;
  }
  std::int64_t* __restrict parts = breakdowns_.get(time);
  std::int64_t* __restrict sums = tail.slot(LatencyHistogram::index_of(latency_ns));
  TailBreakdown::add_to(sums[TailBreakdown::kLatency], latency_ns);
  sums += TailBreakdown::kNetwork;
  for (std::size_t i = 0, n = breakdowns_.stride(); i < n; ++i) {
    TailBreakdown::add_to(sums[i], parts[i]);
    parts[i] = 0;
  }
}

void Engine::finish_request(const CallHead& call, Outcome outcome, bool degraded, Answer answer) {
  --in_flight_;
  const std::uint32_t w = call.workload();
  WorkloadState& ws = workloads_[w];
  const std::int64_t latency_ns = now_ - call.started_at;  // the entry call starts with the request
  if (trace_) trace_->on_request_end(call.owner_time.id, span_outcome(outcome, degraded), now_);
  if (observers_) {
    if (series_window_ns_ > 0 || !fault_phases_.empty()) record_for_series_and_faults(call, outcome);
    if (options_.transient != nullptr && outcome == Outcome::ok) options_.transient->add(Duration{latency_ns}.millis(), now_);
  }
  if (site_isolated_[call.site]) add_call_time(call.owner_time, call, answer);
  ws.ok_total += outcome == Outcome::ok ? 1 : 0;
  bool cleared = false;
  if (call.measured) {
    switch (outcome) {
      case Outcome::ok:
        ++ws.succeeded;
        if (degraded) ++ws.degraded;
        ws.latency.record(Duration{latency_ns});
        record_tail(ws.tail, call.owner_time, latency_ns);
        cleared = true;
        break;
      case Outcome::failed: ++ws.failed; break;
      case Outcome::rejected: ++ws.rejected; break;
      case Outcome::timed_out: ++ws.timed_out; break;
    }
  }
  if (cleared) breakdowns_.release_cleared(call.owner_time);
  else breakdowns_.release(call.owner_time);
  if (call.user() != kNone && now_ < window_to_) {
    const Workload& spec = scenario_.workloads[w];
    schedule(now_ + spec.think_time.sample(ws.think_rng).ns, EventKind::user_wake, w, call.user());
  }
}

}  // namespace svcsim::detail
