// Number formatting for the terminal report (see number_format.hpp).
#include "report/number_format.hpp"

#include <cmath>
#include <cstdlib>
#include <iterator>

#include <fmt/format.h>

namespace svcsim::detail {

std::string format_sig(double value) {
  if (std::isnan(value)) return "-";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  const double mag = std::fabs(value);
  if (mag == 0) return "0";
  // No exponent in a table: what is below 0.0001 says so, large values print whole.
  if (mag < 1e-4) return value > 0 ? "<0.0001" : ">-0.0001";
  if (mag >= 1e9) return fmt::format("{:.0f}", value);
  // Decimals so that about four significant digits show.
  int digits_before = static_cast<int>(std::floor(std::log10(mag))) + 1;
  // Rounding can carry into a new digit (99.996 -> 100.00): recount after it.
  if (std::round(mag * std::pow(10.0, std::max(0, 4 - digits_before))) >= std::pow(10.0, 4)) ++digits_before;
  const int decimals = std::max(0, 4 - digits_before);
  return fmt::format("{:.{}f}", value, decimals);
}

std::string format_sig(std::optional<double> value) { return value ? format_sig(*value) : "-"; }

std::string format_percent(std::optional<double> ratio) {
  if (!ratio) return "-";
  if (*ratio == 0) return "0";
  return format_sig(*ratio * 100);
}

std::string format_count(std::uint64_t value) {
  const std::string digits = std::to_string(value);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string format_short(double value) {
  if (!std::isfinite(value)) return "-";
  if (std::fabs(value) < 999.5) return fmt::format("{:.0f}", value);
  // Three significant digits; move to the next unit rather than print "1000k".
  static constexpr const char* kUnits[] = {"k", "M", "G", "T"};
  double scaled = value / 1e3;
  for (std::size_t i = 0; i < std::size(kUnits); ++i, scaled /= 1e3) {
    const double mag = std::fabs(scaled);
    if (mag >= 999.5 && i + 1 < std::size(kUnits)) continue;
    const int decimals = mag < 9.995 ? 2 : mag < 99.95 ? 1 : 0;
    return fmt::format("{:.{}f}{}", scaled, decimals, kUnits[i]);
  }
  return "-";  // unreachable: the last unit always returns
}

std::string format_csv_figure(double value) {
  if (!std::isfinite(value)) return fmt::format("{}", value);
  // Six digits are beyond every figure's own precision (percentiles: 0.39 %;
  // rates over a window: one request), and free of the binary noise that
  // sums and products leave in the last digits.
  const double rounded = std::strtod(fmt::format("{:.6g}", value).c_str(), nullptr);
  if (rounded == std::trunc(rounded) && std::fabs(rounded) < 1e15) return fmt::format("{:.0f}", rounded);
  return fmt::format("{}", rounded);
}

}  // namespace svcsim::detail
