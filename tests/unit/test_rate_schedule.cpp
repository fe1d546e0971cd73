// An open workload's scheduled rate: steps, ramps, and a change that comes in
// the middle of an earlier ramp (it starts from where that ramp had got to).
#include <catch2/catch.hpp>

#include "svcsim/rate_schedule.hpp"

using namespace svcsim;

namespace {
constexpr std::int64_t kSecond = 1'000'000'000;

Workload open_at(double rate) {
  Workload w;
  w.name = "w";
  w.rate_per_s = rate;
  return w;
}

RateChange change(std::int64_t at_s, double rate, std::int64_t ramp_s = 0) {
  RateChange c;
  c.at = Duration{at_s * kSecond};
  c.rate_per_s = rate;
  c.ramp = Duration{ramp_s * kSecond};
  return c;
}
}  // namespace

TEST_CASE("steps and ramps of a schedule", "[schedule]") {
  Workload w = open_at(100);
  w.schedule = {change(10, 300, 10), change(30, 50)};
  CHECK(scheduled_rate(w, 0) == 100);
  CHECK(scheduled_rate(w, 15 * kSecond) == Approx(200));  // half way up the ramp
  CHECK(scheduled_rate(w, 20 * kSecond) == 300);
  CHECK(scheduled_rate(w, 30 * kSecond - 1) == 300);
  CHECK(scheduled_rate(w, 30 * kSecond) == 50);  // a step
}

TEST_CASE("a change during an earlier ramp starts from where that ramp had got to", "[schedule]") {
  // Up from 100 to 200 over 10 s from 10 s; at 15 s (150 reached) down to 0
  // over 10 s: 75 at 20 s, 0 from 25 s. (It used to wait for the first ramp
  // to end: 100 at 20 s.)
  Workload w = open_at(100);
  w.schedule = {change(10, 200, 10), change(15, 0, 10)};
  CHECK(scheduled_rate(w, 12 * kSecond) == Approx(120));
  CHECK(scheduled_rate(w, 15 * kSecond) == Approx(150));
  CHECK(scheduled_rate(w, 20 * kSecond) == Approx(75));
  CHECK(scheduled_rate(w, 25 * kSecond) == 0);
  CHECK(scheduled_rate(w, 40 * kSecond) == 0);
}

TEST_CASE("arrivals given as a distribution start at its own rate", "[schedule]") {
  Workload w = open_at(0);
  w.arrivals = ArrivalProcess::distribution;
  w.interarrival = Distribution::constant(Duration{kSecond / 50});
  CHECK(base_rate(w) == Approx(50));
  w.schedule = {change(10, 150, 10)};
  CHECK(scheduled_rate(w, 15 * kSecond) == Approx(100));
}
