// Parsing `--tolerance` (see tolerance.hpp).
#include "cli/tolerance.hpp"

#include <charconv>
#include <cmath>

namespace svcsim::cli {

Parsed<double> parse_tolerance(const std::string& text) {
  if (text.ends_with('%')) {
    const std::string number = text.substr(0, text.size() - 1);
    double value = 0;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (ec == std::errc{} && end == number.data() + number.size() && !number.empty() && value >= 0 &&
        std::isfinite(value))
      return {value / 100, {}};
    return {std::nullopt, {"expected a percentage such as 10% (0 or more)"}};
  }
  return parse_ratio(text);
}

}  // namespace svcsim::cli
