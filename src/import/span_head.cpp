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
  span.trace = trace_id_from_text(*trace);
  span.id = span_id_from_text(*id);
  span.start_ns = *start * fields.unit_ns;
  span.end_ns = (fields.duration ? *start + *second : *second) * fields.unit_ns;
  head.object = object;
  return head;
}

}  // namespace svcsim::trace_import
