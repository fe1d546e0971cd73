// How the terminal report writes numbers: a few significant digits, fixed
// notation, and "-" for a figure that is undefined.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace svcsim::detail {

/// Four significant digits, never an exponent (`0.1234`, `12.35`, `1235`,
/// `123457`); a magnitude below 0.0001 is `<0.0001` (or `>-0.0001`).
std::string format_sig(double value);
std::string format_sig(std::optional<double> value);

/// A ratio as a percentage with the same digits (`0.0123` -> `1.23`).
std::string format_percent(std::optional<double> ratio);

/// Counts with thousands separators for readability (`1,234,567`).
std::string format_count(std::uint64_t value);

/// A figure in a CSV file (the run's time series, the sweep's points): six
/// significant digits, then the shortest form that reads back as that value
/// (`62.2592`, not `62.259199499999994`); integers stay whole (`1998`).
std::string format_csv_figure(double value);

/// Large counts shortened (`950`, `12.3k`, `4.56M`, `7.89G`).
std::string format_short(double value);

}  // namespace svcsim::detail
