// RFC 3339 timestamps (`2025-01-01T00:00:00Z`, `2025-06-30T12:00:00.5+02:00`)
// as Unix nanoseconds: --trace-start, the wall-clock time of simulated time 0.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace svcsim::trace {

/// Unix nanoseconds, or nullopt when `text` is not an RFC 3339 date-time
/// (a `T` or a space between date and time, `Z` or a ±HH:MM offset,
/// up to 9 digits of fraction), or lies outside 1970–2262.
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

}  // namespace svcsim::trace
