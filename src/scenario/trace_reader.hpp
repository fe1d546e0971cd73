// Reading an arrivals trace (`arrivals: {trace: FILE}`, SPEC 3.5): one
// arrival time per line, checked line by line with FILE:LINE:COL errors.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "scenario/diagnostics.hpp"

namespace svcsim::detail {

/// The most arrivals a trace may hold (8 bytes each in memory).
inline constexpr std::size_t kMaxTraceArrivals = 20'000'000;

/// The most characters of a line an error quotes. A trace's errors quote only
/// the first field of a line, and only when it could be a mistyped time
/// (digits, signs, points, exponents, units): `check` on an untrusted
/// scenario whose trace points at some other file (/etc/passwd) must not
/// print that file.
inline constexpr std::size_t kMaxTraceQuote = 16;

/// Reads `path` (relative paths are taken from the directory of the scenario
/// file, `diag.file()`): arrival times in ns, non-decreasing. Errors go to
/// `diag` with the trace file's own positions; nullptr when any was found.
std::shared_ptr<const std::vector<std::int64_t>> read_trace_file(const std::string& path, const Where& written_at,
                                                                 Diagnostics& diag);

/// Parses trace text (the file's contents), reporting as `display`.
std::shared_ptr<const std::vector<std::int64_t>> parse_trace(std::string_view text, const std::string& display,
                                                             Diagnostics& diag);

}  // namespace svcsim::detail
