// Parsing of --vary / --find values (lists and ranges) and the grid of their
// combinations (see svcsim/sweep.hpp).
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "svcsim/sweep.hpp"
#include "svcsim/text.hpp"

namespace svcsim {
namespace {

template <class T>
Parsed<T> failure(std::string message) {
  Parsed<T> p;
  p.error.message = std::move(message);
  return p;
}

/// A number as written and what follows it: `1000/s` -> (1000, "/s", 0 decimals).
struct Quantity {
  double value = 0;
  std::string unit;
  int decimals = 0;
};

std::optional<Quantity> parse_quantity(std::string_view text) {
  std::size_t end = 0;
  int decimals = 0;
  bool point = false;
  bool digits = false;
  for (; end < text.size(); ++end) {
    const char c = text[end];
    if (c >= '0' && c <= '9') {
      digits = true;
      if (point) ++decimals;
    } else if (c == '.' && !point && end + 1 < text.size() && text[end + 1] != '.') {
      point = true;
    } else {
      break;
    }
  }
  if (!digits) return std::nullopt;
  Quantity q;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + end, q.value);
  if (ec != std::errc{} || ptr != text.data() + end) return std::nullopt;
  q.unit = std::string(text.substr(end));
  q.decimals = decimals;
  return q;
}

/// Splits at commas that are not inside brackets, braces or quotes.
std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> parts;
  int depth = 0;
  char quote = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[' || c == '{' || c == '(') {
      ++depth;
    } else if ((c == ']' || c == '}' || c == ')') && depth > 0) {
      --depth;
    } else if (c == ',' && depth == 0) {
      parts.emplace_back(trim(text.substr(start, i - start)));
      start = i + 1;
    }
  }
  parts.emplace_back(trim(text.substr(start)));
  return parts;
}

bool is_range(std::string_view text) {
  return text.find("..") != std::string_view::npos && text.find_first_of(",[{") == std::string_view::npos;
}

}  // namespace

Parsed<std::vector<std::string>> expand_range(std::string_view text) {
  using Values = std::vector<std::string>;
  const std::string_view whole = trim(text);
  const auto dots = whole.find("..");
  if (dots == std::string_view::npos) return failure<Values>(fmt::format("'{}' is not a range LO..HI", whole));
  const std::string_view lo_text = trim(whole.substr(0, dots));
  std::string_view hi_text = trim(whole.substr(dots + 2));
  std::string_view step_text;
  if (const auto colon = hi_text.rfind(':'); colon != std::string_view::npos) {
    step_text = trim(hi_text.substr(colon + 1));
    hi_text = trim(hi_text.substr(0, colon));
  }
  const std::string example = "e.g. 2..10, 2..10:2 or 1000/s..5000/s:1000/s";
  const auto lo = parse_quantity(lo_text);
  const auto hi = parse_quantity(hi_text);
  if (!lo || !hi)
    return failure<Values>(fmt::format("range '{}': its ends must be numbers with the same unit, {}", whole, example));
  if (lo->unit != hi->unit)
    return failure<Values>(fmt::format("range '{}': both ends must be written in the same unit ('{}' and '{}')", whole,
                                       lo->unit, hi->unit));
  Quantity step{1.0, lo->unit, 0};
  if (!step_text.empty()) {
    const auto s = parse_quantity(step_text);
    if (!s || (!s->unit.empty() && s->unit != lo->unit))
      return failure<Values>(fmt::format("range '{}': the step must be a number in the unit of the ends ('{}')", whole,
                                         lo->unit));
    step = *s;
  } else if (!lo->unit.empty() || lo->decimals > 0 || hi->decimals > 0) {
    return failure<Values>(fmt::format("range '{}' needs a step after ':', {}", whole, example));
  }
  if (!(step.value > 0)) return failure<Values>(fmt::format("range '{}': the step must be above 0", whole));
  if (hi->value < lo->value)
    return failure<Values>(fmt::format("range '{}': the end is below the start", whole));
  const double count = std::floor((hi->value - lo->value) / step.value + 1e-9) + 1;
  if (count > static_cast<double>(kMaxSweepValues))
    return failure<Values>(fmt::format("range '{}' has {} values; at most {}", whole, count, kMaxSweepValues));
  const int decimals = std::max({lo->decimals, hi->decimals, step.decimals});
  Values values;
  for (std::size_t i = 0; i < static_cast<std::size_t>(count); ++i) {
    const double v = lo->value + static_cast<double>(i) * step.value;
    values.push_back(fmt::format("{:.{}f}{}", v, decimals, lo->unit));
  }
  Parsed<Values> out;
  out.value = std::move(values);
  return out;
}

Parsed<SweepAxis> parse_sweep_axis(std::string_view text) {
  const auto eq = text.find('=');
  if (eq == std::string_view::npos || trim(text.substr(0, eq)).empty())
    return failure<SweepAxis>(
        fmt::format("'{}': expected PATH=V1,V2,… or PATH=LO..HI, e.g. nodes.gateway.instances=2,4,8", text));
  SweepAxis axis;
  axis.path = std::string(trim(text.substr(0, eq)));
  const std::string_view values = trim(text.substr(eq + 1));
  if (values.empty()) return failure<SweepAxis>(fmt::format("'{}': no values after '='", text));
  if (is_range(values)) {
    auto range = expand_range(values);
    if (!range) return failure<SweepAxis>(range.error.message);
    axis.values = std::move(*range.value);
  } else {
    axis.values = split_list(values);
  }
  for (std::size_t i = 0; i < axis.values.size(); ++i) {
    if (axis.values[i].empty()) return failure<SweepAxis>(fmt::format("'{}': an empty value", text));
    for (std::size_t j = 0; j < i; ++j)
      if (axis.values[j] == axis.values[i])
        return failure<SweepAxis>(fmt::format("'{}': value '{}' is given twice", text, axis.values[i]));
  }
  if (axis.values.size() > kMaxSweepValues)
    return failure<SweepAxis>(fmt::format("'{}': {} values; at most {}", axis.path, axis.values.size(), kMaxSweepValues));
  Parsed<SweepAxis> out;
  out.value = std::move(axis);
  return out;
}

std::vector<std::vector<Override>> sweep_grid(const std::vector<SweepAxis>& axes) {
  std::vector<std::vector<Override>> grid{{}};
  for (const SweepAxis& axis : axes) {
    std::vector<std::vector<Override>> next;
    next.reserve(grid.size() * axis.values.size());
    for (const auto& combination : grid) {
      for (const std::string& value : axis.values) {
        next.push_back(combination);
        next.back().push_back({axis.path, value});
      }
    }
    grid = std::move(next);
  }
  return grid;
}

}  // namespace svcsim
