// Unit tests of the time literals: exact duration parsing, rates, ratios,
// the error messages users see, and printing that round-trips.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>

#include "svcsim/time.hpp"

using svcsim::Duration;
using svcsim::format_duration;
using svcsim::parse_duration;
using svcsim::parse_rate;
using svcsim::parse_ratio;

namespace {

std::int64_t ns_of(const char* text) {
  const auto parsed = parse_duration(text);
  INFO(text << ": " << parsed.error.message);
  REQUIRE(parsed);
  return parsed.value->ns;
}

std::string duration_error(const char* text) {
  const auto parsed = parse_duration(text);
  INFO(text);
  REQUIRE_FALSE(parsed);
  return parsed.error.message;
}

}  // namespace

TEST_CASE("durations parse to exact nanoseconds", "[time]") {
  CHECK(ns_of("0s") == 0);
  CHECK(ns_of("17ns") == 17);
  CHECK(ns_of("250us") == 250'000);
  CHECK(ns_of("1.5ms") == 1'500'000);
  CHECK(ns_of("2s") == 2'000'000'000);
  CHECK(ns_of("1m") == 60'000'000'000);
  CHECK(ns_of("1h") == 3'600'000'000'000);
  CHECK(ns_of("1m30s") == 90'000'000'000);
  CHECK(ns_of("1h30m") == 5'400'000'000'000);
  CHECK(ns_of("1h2m3s4ms5us6ns") == 3'723'004'005'006);
  CHECK(ns_of("  250ms ") == 250'000'000);
  // Decimals that a double cannot hold exactly still give exact nanoseconds.
  CHECK(ns_of("0.1s") == 100'000'000);
  CHECK(ns_of("0.3s") == 300'000'000);
  CHECK(ns_of("1.000000001s") == 1'000'000'001);
  CHECK(ns_of("0.001ms") == 1'000);
  CHECK(ns_of("1.5m") == 90'000'000'000);
  CHECK(ns_of(".5s") == 500'000'000);
  CHECK(ns_of("007ms") == 7'000'000);
}

TEST_CASE("durations round only below one nanosecond, halves up", "[time]") {
  CHECK(ns_of("0.0000000005s") == 1);
  CHECK(ns_of("0.00000000049999999999s") == 0);
  CHECK(ns_of("1.4ns") == 1);
  CHECK(ns_of("1.5ns") == 2);
  CHECK(ns_of("0.0000000000001h") == 0);  // 0.36 ns
  CHECK(ns_of("0.0000000000002h") == 1);  // 0.72 ns
}

TEST_CASE("the largest duration parses and one more nanosecond does not", "[time]") {
  const std::string max_text = std::to_string(Duration::max().ns) + "ns";
  const auto at_max = parse_duration(max_text);
  REQUIRE(at_max);
  CHECK(at_max.value->ns == Duration::max().ns);
  const std::string above = std::to_string(Duration::max().ns + 1) + "ns";
  const auto too_large = parse_duration(above);
  REQUIRE_FALSE(too_large);
  CHECK_THAT(too_large.error.message, Catch::Contains("too large"));
  CHECK_THAT(duration_error("99999999999999999999999999h"), Catch::Contains("too large"));
  // Parts that fit alone but not together.
  CHECK_THAT(duration_error("640511h60m"), Catch::Contains("too large"));
}

TEST_CASE("duration errors name the value and suggest a fix", "[time]") {
  CHECK(duration_error("250") == "'250' needs a unit, e.g. '250ms'");
  CHECK(duration_error("abc") == "'abc' is not a duration, e.g. '250ms' or '1m30s'");
  CHECK(duration_error("") == "'' is not a duration, e.g. '250ms' or '1m30s'");
  CHECK_THAT(duration_error("-5ms"), Catch::Contains("'-5ms'") && Catch::Contains("must not be negative"));
  const std::string unknown = duration_error("5sec");
  CHECK_THAT(unknown, Catch::Contains("'sec'") && Catch::Contains("ns, us, ms, s, m and h"));
  CHECK_THAT(unknown, Catch::Contains("did you mean '5s'?"));
  CHECK_THAT(duration_error("5d"), Catch::Contains("unknown unit 'd'"));
  CHECK_THAT(duration_error("30s1m"), Catch::Contains("largest unit to the smallest"));
  CHECK_THAT(duration_error("1s1s"), Catch::Contains("largest unit to the smallest"));
  CHECK_THAT(duration_error("1m30"), Catch::Contains("'30' needs a unit"));
  CHECK_THAT(duration_error("1.2.3s"), Catch::Contains("is not a duration"));
  CHECK_THAT(duration_error("5 ms"), Catch::Contains("is not a duration"));
  CHECK_THAT(duration_error("5.ms"), Catch::Contains("is not a duration"));
  CHECK_THAT(duration_error("ms"), Catch::Contains("is not a duration"));
  CHECK_THAT(duration_error("1m-30s"), Catch::Contains("is not a duration"));
  CHECK_THAT(duration_error("1s!"), Catch::Contains("is not a duration"));
}

TEST_CASE("from_seconds rounds to the nearest nanosecond and saturates", "[time]") {
  CHECK(Duration::from_seconds(0.0015).ns == 1'500'000);
  CHECK(Duration::from_seconds(1.4e-9).ns == 1);
  CHECK(Duration::from_seconds(1.6e-9).ns == 2);
  CHECK(Duration::from_seconds(0).ns == 0);
  CHECK(Duration::from_seconds(-3).ns == 0);
  CHECK(Duration::from_seconds(std::numeric_limits<double>::quiet_NaN()).ns == 0);
  CHECK(Duration::from_seconds(std::numeric_limits<double>::infinity()).ns == Duration::max().ns);
  CHECK(Duration::from_seconds(1e300).ns == Duration::max().ns);
  // Just below max() stays below it.
  CHECK(Duration::from_seconds(2.0e9).ns == 2'000'000'000'000'000'000);
}

TEST_CASE("rates are per second", "[time]") {
  const auto rate = [](const char* text) {
    const auto parsed = parse_rate(text);
    INFO(text << ": " << parsed.error.message);
    REQUIRE(parsed);
    return *parsed.value;
  };
  CHECK(rate("2000/s") == 2000.0);
  CHECK(rate("90/m") == 1.5);
  CHECK(rate("1.5/h") == Approx(1.5 / 3600).epsilon(1e-15));
  CHECK(rate("0/s") == 0.0);
  CHECK(rate(" 10 / s ") == 10.0);

  const auto error = [](const char* text) {
    const auto parsed = parse_rate(text);
    INFO(text);
    REQUIRE_FALSE(parsed);
    return parsed.error.message;
  };
  CHECK(error("2000") == "'2000' needs a unit, e.g. '2000/s'");
  CHECK_THAT(error("-5/s"), Catch::Contains("must not be negative"));
  CHECK_THAT(error("5/ms"), Catch::Contains("per s, m or h"));
  CHECK_THAT(error("fast"), Catch::Contains("is not a rate"));
  CHECK_THAT(error("5rps"), Catch::Contains("is not a rate"));
}

TEST_CASE("ratios take percentages or numbers in [0, 1]", "[time]") {
  const auto ratio = [](const char* text) {
    const auto parsed = parse_ratio(text);
    INFO(text << ": " << parsed.error.message);
    REQUIRE(parsed);
    return *parsed.value;
  };
  // Exact decimal scaling: '95%' is the very double that '0.95' is.
  CHECK(ratio("95%") == 0.95);
  CHECK(ratio("0.1%") == 0.001);
  CHECK(ratio("99.9%") == 0.999);
  CHECK(ratio("0.95") == 0.95);
  CHECK(ratio("0") == 0.0);
  CHECK(ratio("1") == 1.0);
  CHECK(ratio("100%") == 1.0);
  CHECK(ratio("0%") == 0.0);

  const auto error = [](const char* text) {
    const auto parsed = parse_ratio(text);
    INFO(text);
    REQUIRE_FALSE(parsed);
    return parsed.error.message;
  };
  CHECK(error("95") == "'95' is above 1; write '95%' for a percentage");
  CHECK_THAT(error("-1%"), Catch::Contains("must not be negative"));
  CHECK_THAT(error("-0.5"), Catch::Contains("must not be negative"));
  CHECK_THAT(error("150%"), Catch::Contains("above 100%"));
  CHECK_THAT(error("most"), Catch::Contains("is not a ratio"));
  CHECK_THAT(error("5%%"), Catch::Contains("is not a ratio"));
}

TEST_CASE("format_duration prints the short exact form", "[time]") {
  CHECK(format_duration(Duration{0}) == "0s");
  CHECK(format_duration(Duration{17}) == "17ns");
  CHECK(format_duration(Duration::from_us(250)) == "250us");
  CHECK(format_duration(Duration{1'500'000}) == "1.5ms");
  CHECK(format_duration(Duration::from_s(2)) == "2s");
  CHECK(format_duration(Duration::from_s(90)) == "1m30s");
  CHECK(format_duration(Duration::from_s(7200)) == "2h");
  CHECK(format_duration(Duration::from_s(3605)) == "1h5s");
  CHECK(format_duration(Duration{1'000'000'001}) == "1.000000001s");
  CHECK(format_duration(Duration{60'000'001'500}) == "1m1.5us");
  CHECK(format_duration(Duration{-1'500'000}) == "-1.5ms");
}

TEST_CASE("format_duration output parses back to the same duration", "[time]") {
  // A spread of magnitudes and digit patterns, from 1 ns to near max().
  std::int64_t v = 1;
  int checked = 0;
  while (v < Duration::max().ns / 7) {
    for (std::int64_t candidate : {v, v + 1, v * 7 / 3, v - 1}) {
      if (candidate < 0) continue;
      const std::string text = format_duration(Duration{candidate});
      const auto parsed = parse_duration(text);
      INFO(candidate << " -> " << text << ": " << parsed.error.message);
      REQUIRE(parsed);
      CHECK(parsed.value->ns == candidate);
      ++checked;
    }
    v = v * 3 + 1;
  }
  CHECK(checked > 100);
  const auto at_max = parse_duration(format_duration(Duration::max()));
  REQUIRE(at_max);
  CHECK(at_max.value->ns == Duration::max().ns);
}
