// One reader per trace format, fed the pieces of json_pieces.hpp and adding
// spans to a SpanSet. The formats (see docs/traces.md for the fields read):
// OTLP/JSON (`{"resourceSpans": […]}`, one object or JSON Lines of them),
// Jaeger JSON (`{"data": [trace, …]}` or one trace object) and Zipkin v2
// (an array of spans, or an array of such arrays).
#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include "import/json_pieces.hpp"
#include "import/span.hpp"

namespace svcsim::trace_import {

enum class TraceFormat { automatic, otlp, jaeger, zipkin };

/// `auto`, `otlp`, `jaeger`, `zipkin`.
std::optional<TraceFormat> parse_trace_format(std::string_view text);
const char* trace_format_name(TraceFormat format);

class FormatReader {
 public:
  virtual ~FormatReader() = default;
  /// A top-level value starts ('[' or '{').
  virtual std::optional<FileError> begin_value(char bracket, TextPosition at) = 0;
  /// A member name of a top-level object, before its value.
  virtual void key(std::string_view /*name*/) {}
  virtual std::optional<FileError> piece(const JsonPiece& piece) = 0;
  /// A top-level value ended (a single Jaeger trace object is converted here).
  virtual std::optional<FileError> end_value() { return std::nullopt; }
};

std::unique_ptr<FormatReader> make_otlp_reader(SpanSet& into);
std::unique_ptr<FormatReader> make_jaeger_reader(SpanSet& into);
std::unique_ptr<FormatReader> make_zipkin_reader(SpanSet& into);

}  // namespace svcsim::trace_import
