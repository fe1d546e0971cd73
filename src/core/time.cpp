// Parsing and printing of the scenario's time literals (durations, rates,
// ratios), done with exact decimal arithmetic so `1.5ms` is 1500000 ns exactly.
#include "svcsim/time.hpp"

#include <charconv>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "svcsim/text.hpp"

namespace svcsim {

namespace {

// A decimal literal as written: the value is 0.D × 10^point, where D are the
// digits (no point, no sign). Keeping the digits instead of a double lets the
// duration parser scale by 10^k without any rounding.
struct Decimal {
  bool negative = false;
  std::string digits;
  std::int64_t point = 0;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Built by appending: `"'" + std::string(...)` trips GCC 12's false -Wrestrict (PR 105329).
std::string quoted(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '\'';
  out += text;
  out += '\'';
  return out;
}

// Scans `[+-]? (digits [. digits*] | . digits) ([eE] [+-]? digits)?` at the
// start of `text`. Returns the number of characters consumed, 0 when there is
// no number. The sign is accepted only when `allow_sign`.
std::size_t scan_decimal(std::string_view text, bool allow_sign, Decimal& out) {
  out = Decimal{};
  std::size_t i = 0;
  if (allow_sign && i < text.size() && (text[i] == '+' || text[i] == '-')) {
    out.negative = text[i] == '-';
    ++i;
  }
  std::size_t int_digits = 0;
  while (i < text.size() && is_digit(text[i])) {
    out.digits += text[i++];
    ++int_digits;
  }
  std::size_t frac_digits = 0;
  if (i < text.size() && text[i] == '.') {
    std::size_t j = i + 1;
    while (j < text.size() && is_digit(text[j])) {
      out.digits += text[j++];
      ++frac_digits;
    }
    // A '.' belongs to the number only with digits after it ("5." is not a number).
    if (frac_digits > 0) i = j;
  }
  if (int_digits + frac_digits == 0) return 0;
  out.point = static_cast<std::int64_t>(int_digits);

  // An exponent only when digits follow, so "1e" stays a number and a unit.
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    std::size_t j = i + 1;
    bool exp_negative = false;
    if (j < text.size() && (text[j] == '+' || text[j] == '-')) {
      exp_negative = text[j] == '-';
      ++j;
    }
    if (j < text.size() && is_digit(text[j])) {
      std::int64_t exponent = 0;
      while (j < text.size() && is_digit(text[j])) {
        // Saturate: anything this large is out of range either way.
        if (exponent < 1'000'000) exponent = exponent * 10 + (text[j] - '0');
        ++j;
      }
      out.point += exp_negative ? -exponent : exponent;
      i = j;
    }
  }
  // Leading zeros carry no value; dropping them keeps `point` meaningful.
  std::size_t zeros = 0;
  while (zeros < out.digits.size() && out.digits[zeros] == '0') ++zeros;
  out.digits.erase(0, zeros);
  out.point -= static_cast<std::int64_t>(zeros);
  return i;
}

bool is_zero(const Decimal& d) { return d.digits.empty(); }

// Rounds 0.D × 10^(point + pow10) × multiplier to the nearest integer (halves
// up), exactly, with schoolbook decimal arithmetic. nullopt when above `limit`.
std::optional<std::int64_t> round_scaled(const Decimal& d, std::int64_t pow10, unsigned multiplier,
                                         std::int64_t limit) {
  if (is_zero(d)) return 0;
  std::int64_t point = d.point + pow10;
  // The leading digit is non-zero, so the value is at least 10^(point-1).
  if (point > 40) return std::nullopt;
  // Below 10^-40 even the largest multiplier cannot reach half a unit.
  if (point < -40) return 0;

  std::vector<unsigned> digits;
  if (point < 0) {
    digits.assign(static_cast<std::size_t>(-point), 0);
    point = 0;
  }
  for (char c : d.digits) digits.push_back(static_cast<unsigned>(c - '0'));
  while (static_cast<std::int64_t>(digits.size()) < point) digits.push_back(0);

  unsigned carry = 0;
  for (std::size_t k = digits.size(); k-- > 0;) {
    const unsigned v = digits[k] * multiplier + carry;
    digits[k] = v % 10;
    carry = v / 10;
  }
  std::vector<unsigned> head;
  while (carry > 0) {
    head.push_back(carry % 10);
    carry /= 10;
  }
  digits.insert(digits.begin(), head.rbegin(), head.rend());
  point += static_cast<std::int64_t>(head.size());

  unsigned __int128 value = 0;
  const auto ulimit = static_cast<unsigned __int128>(limit);
  for (std::int64_t k = 0; k < point; ++k) {
    value = value * 10 + digits[static_cast<std::size_t>(k)];
    if (value > ulimit) return std::nullopt;
  }
  if (point < static_cast<std::int64_t>(digits.size()) && digits[static_cast<std::size_t>(point)] >= 5) ++value;
  if (value > ulimit) return std::nullopt;
  return static_cast<std::int64_t>(value);
}

// Converts a decimal to the nearest double (correctly rounded by from_chars).
// nullopt when it overflows.
std::optional<double> to_double(const Decimal& d) {
  if (is_zero(d)) return 0.0;
  if (d.point < -400) return d.negative ? -0.0 : 0.0;
  if (d.point > 400) return std::nullopt;
  const std::string text = "0." + d.digits + "e" + std::to_string(d.point);
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range) {
    if (d.point < 0) return 0.0;
    return std::nullopt;
  }
  if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return d.negative ? -value : value;
}

struct DurationUnit {
  std::string_view name;
  std::int64_t pow10;   // the unit is multiplier × 10^pow10 ns
  unsigned multiplier;
  int rank;             // larger units first when chained
};

constexpr DurationUnit kDurationUnits[] = {
    {"h", 9, 3600, 5}, {"m", 9, 60, 4}, {"s", 9, 1, 3}, {"ms", 6, 1, 2}, {"us", 3, 1, 1}, {"ns", 0, 1, 0},
};

const DurationUnit* find_duration_unit(std::string_view name) {
  for (const auto& unit : kDurationUnits) {
    if (unit.name == name) return &unit;
  }
  return nullptr;
}

// Spellings people reach for, mapped to ours, for the error's suggestion.
std::string_view suggest_duration_unit(std::string_view name) {
  struct Alias {
    std::string_view alias, unit;
  };
  static constexpr Alias kAliases[] = {
      {"sec", "s"},      {"secs", "s"},     {"second", "s"}, {"seconds", "s"}, {"S", "s"},
      {"min", "m"},      {"mins", "m"},     {"minute", "m"}, {"minutes", "m"}, {"M", "m"},
      {"hr", "h"},       {"hrs", "h"},      {"hour", "h"},   {"hours", "h"},   {"H", "h"},
      {"msec", "ms"},    {"msecs", "ms"},   {"millis", "ms"}, {"MS", "ms"},    {"Ms", "ms"},
      {"usec", "us"},    {"usecs", "us"},   {"micros", "us"}, {"US", "us"},
      {"nsec", "ns"},    {"nsecs", "ns"},   {"nanos", "ns"},  {"NS", "ns"},
  };
  for (const auto& a : kAliases) {
    if (a.alias == name) return a.unit;
  }
  return {};
}

std::string not_a_duration(std::string_view text) {
  return quoted(text) + " is not a duration, e.g. '250ms' or '1m30s'";
}

template <class T>
Parsed<T> fail(std::string message) {
  Parsed<T> result;
  result.error.message = std::move(message);
  return result;
}

template <class T>
Parsed<T> succeed(T value) {
  Parsed<T> result;
  result.value = value;
  return result;
}

// Appends v / unit with exactly as many fraction digits as it needs.
void append_decimal(std::string& out, std::uint64_t v, std::uint64_t unit, int digits) {
  out += std::to_string(v / unit);
  std::uint64_t frac = v % unit;
  if (frac == 0) return;
  std::string text(static_cast<std::size_t>(digits), '0');
  for (int k = digits; k-- > 0;) {
    text[static_cast<std::size_t>(k)] = static_cast<char>('0' + frac % 10);
    frac /= 10;
  }
  while (!text.empty() && text.back() == '0') text.pop_back();
  out += '.';
  out += text;
}

}  // namespace

Duration Duration::from_large_ns(double ns) {
  // max() is 2^61 - 1; as a double that is 2^61, and every double below it
  // rounds to an int64 below max().
  if (ns >= static_cast<double>(max().ns)) return max();
  return Duration{static_cast<std::int64_t>(std::llround(ns))};
}

Parsed<Duration> parse_duration(std::string_view text) {
  const std::string_view t = trim(text);
  if (t.empty()) return fail<Duration>(not_a_duration(text));

  std::size_t pos = 0;
  bool negative = false;
  if (t[0] == '-' || t[0] == '+') {
    negative = t[0] == '-';
    pos = 1;
  }
  unsigned __int128 total = 0;
  const auto limit = static_cast<unsigned __int128>(Duration::max().ns);
  int previous_rank = 99;
  bool first = true;
  while (pos < t.size() || first) {
    Decimal number;
    const std::size_t used = scan_decimal(t.substr(pos), false, number);
    if (used == 0) return fail<Duration>(not_a_duration(t));
    const std::string_view number_text = t.substr(pos, used);
    pos += used;

    std::size_t unit_end = pos;
    while (unit_end < t.size() && is_letter(t[unit_end])) ++unit_end;
    const std::string_view unit_text = t.substr(pos, unit_end - pos);
    if (unit_text.empty()) {
      if (pos == t.size()) {
        if (first) return fail<Duration>(quoted(t) + " needs a unit, e.g. '" + std::string(t) + "ms'");
        return fail<Duration>(quoted(t) + ": the last number '" + std::string(number_text) +
                              "' needs a unit (ns, us, ms, s, m or h)");
      }
      return fail<Duration>(not_a_duration(t));
    }
    const DurationUnit* unit = find_duration_unit(unit_text);
    if (unit == nullptr) {
      std::string message = quoted(t) + " has an unknown unit " + quoted(unit_text) +
                            "; the units are ns, us, ms, s, m and h";
      const std::string_view suggestion = suggest_duration_unit(unit_text);
      if (!suggestion.empty()) {
        message += " (did you mean '" + std::string(number_text) + std::string(suggestion) + "'?)";
      }
      return fail<Duration>(std::move(message));
    }
    if (unit->rank >= previous_rank) {
      return fail<Duration>(quoted(t) +
                            " is not a duration: chained parts go from the largest unit to the smallest, "
                            "each unit once, e.g. '1m30s'");
    }
    previous_rank = unit->rank;
    pos = unit_end;

    const auto part = round_scaled(number, unit->pow10, unit->multiplier, Duration::max().ns);
    if (!part) {
      return fail<Duration>(quoted(t) + " is too large; the largest duration is " +
                            format_duration(Duration::max()));
    }
    total += static_cast<unsigned __int128>(*part);
    if (total > limit) {
      return fail<Duration>(quoted(t) + " is too large; the largest duration is " +
                            format_duration(Duration::max()));
    }
    first = false;
  }
  if (negative && total > 0) return fail<Duration>(quoted(t) + " must not be negative");
  return succeed(Duration{static_cast<std::int64_t>(total)});
}

Parsed<double> parse_rate(std::string_view text) {
  const std::string_view t = trim(text);
  const std::string not_a_rate = quoted(t) + " is not a rate, e.g. '2000/s' or '90/m'";
  Decimal number;
  std::size_t pos = scan_decimal(t, true, number);
  if (pos == 0) return fail<double>(not_a_rate);
  const std::string_view number_text = t.substr(0, pos);
  while (pos < t.size() && t[pos] == ' ') ++pos;
  if (pos == t.size()) return fail<double>(quoted(t) + " needs a unit, e.g. '" + std::string(t) + "/s'");
  if (t[pos] != '/') return fail<double>(not_a_rate);
  ++pos;
  const std::string_view unit = trim(t.substr(pos));
  double per = 0;
  if (unit == "s") {
    per = 1;
  } else if (unit == "m") {
    per = 60;
  } else if (unit == "h") {
    per = 3600;
  } else {
    return fail<double>(quoted(t) + " has an unknown unit " + quoted(unit) + "; a rate is per s, m or h, e.g. '" +
                        std::string(number_text) + "/s'");
  }
  if (number.negative && !is_zero(number)) return fail<double>(quoted(t) + " must not be negative");
  const auto value = to_double(number);
  if (!value) return fail<double>(quoted(t) + " is too large");
  return succeed(std::fabs(*value) / per);
}

Parsed<double> parse_ratio(std::string_view text) {
  const std::string_view t = trim(text);
  const std::string not_a_ratio = quoted(t) + " is not a ratio, e.g. '95%' or '0.95'";
  Decimal number;
  std::size_t pos = scan_decimal(t, true, number);
  if (pos == 0) return fail<double>(not_a_ratio);
  while (pos < t.size() && t[pos] == ' ') ++pos;
  bool percent = false;
  if (pos < t.size() && t[pos] == '%') {
    percent = true;
    ++pos;
    // Dividing the digits by 100 exactly, so '0.1%' is the double nearest 0.001.
    number.point -= 2;
  }
  if (pos != t.size()) return fail<double>(not_a_ratio);
  if (number.negative && !is_zero(number)) return fail<double>(quoted(t) + " must not be negative");
  const auto value = to_double(number);
  if (!value || *value > 1.0) {
    if (percent) return fail<double>(quoted(t) + " is above 100%");
    return fail<double>(quoted(t) + " is above 1; write '" + std::string(t) + "%' for a percentage");
  }
  return succeed(std::fabs(*value));
}

std::string format_duration(Duration d) {
  if (d.ns == 0) return "0s";
  std::string out;
  std::uint64_t v = static_cast<std::uint64_t>(d.ns);
  if (d.ns < 0) {
    out = "-";
    v = 0 - v;  // also right for INT64_MIN
  }
  constexpr std::uint64_t kSecond = 1'000'000'000;
  constexpr std::uint64_t kMinute = 60 * kSecond;
  constexpr std::uint64_t kHour = 60 * kMinute;
  // From a minute on: whole hours and minutes, zero parts left out ("1h5s").
  if (v >= kMinute) {
    if (v >= kHour) {
      out += std::to_string(v / kHour) + "h";
      v %= kHour;
    }
    if (v >= kMinute) {
      out += std::to_string(v / kMinute) + "m";
      v %= kMinute;
    }
    if (v == 0) return out;
  }
  // The rest (below a minute) as one exact decimal in the largest unit it reaches.
  if (v >= kSecond) {
    append_decimal(out, v, kSecond, 9);
    out += "s";
  } else if (v >= 1'000'000) {
    append_decimal(out, v, 1'000'000, 6);
    out += "ms";
  } else if (v >= 1'000) {
    append_decimal(out, v, 1'000, 3);
    out += "us";
  } else {
    out += std::to_string(v) + "ns";
  }
  return out;
}

}  // namespace svcsim
