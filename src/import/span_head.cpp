// Reading the fields every format's span has (see span_head.hpp).
#include "import/span_head.hpp"

#include <fmt/format.h>

#include "import/json_fields.hpp"

namespace svcsim::trace_import {

SpanHead read_span_head(const boost::json::value& value, TextPosition at, const SpanHeadFields& fields,
                        LeftOut& left_out, Span& span) {
  SpanHead head;
  const auto* object = value.if_object();
  const auto trace = object ? string_field(*object, fields.trace_id) : std::nullopt;
  const auto id = object ? string_field(*object, fields.span_id) : std::nullopt;
  if (!trace || !id) {
    head.error = FileError{at, fmt::format("not {}: it needs the strings '{}' and '{}'", fields.what, fields.trace_id,
                                           fields.span_id)};
    return head;
  }
  const auto start = integer_field(*object, fields.start);
  const auto second = integer_field(*object, fields.end_or_duration);
  if (!start || !second) {
    left_out.add(std::string(fields.untimed));
    return head;
  }
  // Times past the int64 nanosecond range (year 2262) are not times a
  // tracer wrote; the span is left out and counted.
  std::int64_t end = *second;
  if ((fields.duration && __builtin_add_overflow(*start, *second, &end)) ||
      __builtin_mul_overflow(*start, fields.unit_ns, &span.start_ns) ||
      __builtin_mul_overflow(end, fields.unit_ns, &span.end_ns)) {
    left_out.add("spans with times past the year 2262 (out of the nanosecond range)");
    return head;
  }
  span.trace = trace_id_from_text(*trace);
  span.id = span_id_from_text(*id);
  head.object = object;
  return head;
}

}  // namespace svcsim::trace_import
