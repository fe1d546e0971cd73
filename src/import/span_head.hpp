// What every format's span has, read one way: an object with a trace id and a
// span id (else the file is not that format: an error at the piece), and two
// times (else the span is left out and counted). The readers add the rest.
#pragma once

#include <optional>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "import/json_pieces.hpp"
#include "import/span.hpp"

namespace svcsim::trace_import {

/// Where a format keeps the common fields.
struct SpanHeadFields {
  std::string_view what;     // "a Zipkin v2 span", for the error
  std::string_view trace_id, span_id;
  std::string_view start, end_or_duration;
  bool duration = false;     // end_or_duration is a duration, not an end time
  std::int64_t unit_ns = 1;  // of the times
  std::string_view untimed;  // the left-out reason for a span without its times
};

struct SpanHead {
  const boost::json::object* object = nullptr;  // null: nothing to add (error or left out)
  std::optional<FileError> error;
};

/// Fills `span`'s trace, id, start and end from `value`.
SpanHead read_span_head(const boost::json::value& value, TextPosition at, const SpanHeadFields& fields,
                        LeftOut& left_out, Span& span);

}  // namespace svcsim::trace_import
