// Simulated time: an exact int64 count of nanoseconds, with the parsing and
// printing of the scenario's duration, rate and ratio literals.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace svcsim {

/// A span (or point) of simulated time in integer nanoseconds. The clock is
/// never a double, so two runs cannot disagree through rounding drift.
struct Duration {
  std::int64_t ns = 0;

  static constexpr Duration from_ns(std::int64_t n) { return Duration{n}; }
  static constexpr Duration from_us(std::int64_t n) { return Duration{n * 1'000}; }
  static constexpr Duration from_ms(std::int64_t n) { return Duration{n * 1'000'000}; }
  static constexpr Duration from_s(std::int64_t n) { return Duration{n * 1'000'000'000}; }
  /// Rounds to the nearest nanosecond; saturates at `max()` and at 0 below.
  /// Inline because every sampled time passes through it.
  static Duration from_seconds(double s) {
    if (!(s > 0)) return Duration{0};  // also NaN
    const double ns = s * 1e9;
    // Below 2^52 adding 0.5 is exact, so truncating rounds half up, as
    // llround does for positive values, at a fraction of its cost.
    if (ns < 0x1p52) return Duration{static_cast<std::int64_t>(ns + 0.5)};
    return from_large_ns(ns);
  }
  /// The rare path of from_seconds: llround with saturation at max().
  static Duration from_large_ns(double ns);
  static constexpr Duration max() { return Duration{INT64_MAX / 4}; }  // headroom for sums

  // Division, not * 1e-9: whole seconds stay whole (120 s prints as 120, not 120.00000000000001).
  constexpr double seconds() const { return static_cast<double>(ns) / 1e9; }
  constexpr double millis() const { return static_cast<double>(ns) * 1e-6; }

  friend constexpr Duration operator+(Duration a, Duration b) { return Duration{a.ns + b.ns}; }
  friend constexpr Duration operator-(Duration a, Duration b) { return Duration{a.ns - b.ns}; }
  friend constexpr auto operator<=>(Duration, Duration) = default;
};

/// Why a literal did not parse, worded for the user (e.g. "'250' needs a unit, e.g. '250ms'").
struct ParseError {
  std::string message;
};

template <class T>
struct Parsed {
  std::optional<T> value;
  ParseError error;  // meaningful only when !value
  explicit operator bool() const { return value.has_value(); }
};

/// `250us`, `1.5ms`, `2s`, `1m30s`, `0s`, `1h`; units ns us ms s m h, parts chained
/// largest first. A bare number is an error naming the unit to add. Negative
/// values and values beyond Duration::max() are errors.
Parsed<Duration> parse_duration(std::string_view text);

/// `2000/s`, `90/m`, `1/h` -> requests per second. Negative is an error; 0 is allowed.
Parsed<double> parse_rate(std::string_view text);

/// `95%` or a number in [0, 1]. A number above 1 is an error suggesting `%`.
Parsed<double> parse_ratio(std::string_view text);

/// Shortest exact human form: `0s`, `250us`, `1.5ms`, `1m30s`, `2h`.
std::string format_duration(Duration d);

}  // namespace svcsim
