// Parsing RFC 3339 timestamps (see rfc3339.hpp).
#include "trace/rfc3339.hpp"

namespace svcsim::trace {
namespace {

// Days from 1970-01-01 to a civil date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Reads exactly `n` digits at `at`.
bool digits(std::string_view text, std::size_t& at, int n, std::int64_t& value) {
  value = 0;
  for (int i = 0; i < n; ++i, ++at) {
    if (at >= text.size() || text[at] < '0' || text[at] > '9') return false;
    value = value * 10 + (text[at] - '0');
  }
  return true;
}

bool expect(std::string_view text, std::size_t& at, char c) {
  if (at >= text.size() || text[at] != c) return false;
  ++at;
  return true;
}

}  // namespace

std::optional<std::int64_t> parse_rfc3339(std::string_view text) {
  std::size_t at = 0;
  std::int64_t year, month, day, hour, minute, second;
  if (!digits(text, at, 4, year) || !expect(text, at, '-') || !digits(text, at, 2, month) || !expect(text, at, '-') ||
      !digits(text, at, 2, day))
    return std::nullopt;
  if (at >= text.size() || (text[at] != 'T' && text[at] != 't' && text[at] != ' ')) return std::nullopt;
  ++at;
  if (!digits(text, at, 2, hour) || !expect(text, at, ':') || !digits(text, at, 2, minute) || !expect(text, at, ':') ||
      !digits(text, at, 2, second))
    return std::nullopt;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  if (day > kDays[month - 1] + (month == 2 && leap(year) ? 1 : 0)) return std::nullopt;
  std::int64_t fraction_ns = 0;
  if (at < text.size() && text[at] == '.') {
    ++at;
    int n = 0;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
      if (n < 9) fraction_ns = fraction_ns * 10 + (text[at] - '0');
      ++n;
      ++at;
    }
    if (n == 0) return std::nullopt;
    for (int k = n; k < 9; ++k) fraction_ns *= 10;
  }
  std::int64_t offset_s = 0;
  if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
    ++at;
  } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
    const int sign = text[at] == '+' ? 1 : -1;
    ++at;
    std::int64_t oh, om;
    if (!digits(text, at, 2, oh) || !expect(text, at, ':') || !digits(text, at, 2, om) || oh > 23 || om > 59)
      return std::nullopt;
    offset_s = sign * (oh * 3600 + om * 60);
  } else {
    return std::nullopt;
  }
  if (at != text.size()) return std::nullopt;
  const std::int64_t seconds =
      days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 + hour * 3600 +
      minute * 60 + second - offset_s;
  // int64 nanoseconds reach 2262-04-11; simulated time is added on top, so stay well inside.
  if (seconds < 0 || seconds > 9'000'000'000LL) return std::nullopt;
  return seconds * 1'000'000'000 + fraction_ns;
}

}  // namespace svcsim::trace
