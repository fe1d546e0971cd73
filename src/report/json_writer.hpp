// Pretty printer for boost::json values: 2-space indentation, shortest
// round-trip numbers, deterministic bytes (Boost 1.81 has no pretty printer,
// and its serializer writes doubles as `2E3`).
#pragma once

#include <string>

#include <boost/json/value.hpp>

namespace svcsim::detail {

/// The value as indented JSON text ending with a newline. Arrays holding only
/// scalars stay on one line (histogram buckets would otherwise take four lines
/// each). Doubles use the shortest text that reads back to the same value,
/// keep a `.0` when integral (so readers see a float stay a float), and become
/// `null` when not finite (JSON has no NaN or infinity).
std::string to_pretty_json(const boost::json::value& value);

/// One double as written by to_pretty_json.
std::string format_json_double(double value);

}  // namespace svcsim::detail
