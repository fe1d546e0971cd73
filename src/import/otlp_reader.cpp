// OTLP/JSON (opentelemetry-proto, "JSON Protobuf Encoding"): objects
// `{"resourceSpans": [{"resource": …, "scopeSpans": [{"spans": […]}]}]}`, one
// per file or one per line as the Collector's file exporter writes. Ids are
// hex strings, 64-bit times decimal strings (numbers are accepted too), enums
// integers (their names are accepted too).
#include <boost/json/value.hpp>

#include "import/format_reader.hpp"
#include "import/json_fields.hpp"
#include "import/span_head.hpp"

namespace svcsim::trace_import {
namespace {

// An AnyValue's string form, for the attributes we read.
std::optional<std::string> any_value_text(const boost::json::value& any) {
  const auto* object = any.if_object();
  if (!object) return std::nullopt;
  for (const char* key : {"stringValue", "intValue", "boolValue", "doubleValue"})
    if (const auto* v = object->if_contains(key)) return scalar_text(*v);
  return std::nullopt;
}

// The value of attribute `key` in a list of {key, value} pairs.
std::optional<std::string> attribute(const boost::json::object& owner, std::string_view key) {
  const auto* attributes = array_field(owner, "attributes");
  if (!attributes) return std::nullopt;
  for (const auto& a : *attributes) {
    const auto* pair = a.if_object();
    if (!pair || string_field(*pair, "key") != key) continue;
    if (const auto* value = pair->if_contains("value")) return any_value_text(*value);
  }
  return std::nullopt;
}

bool is_all_zero(std::string_view id) { return id.find_first_not_of('0') == std::string_view::npos; }

class OtlpReader final : public FormatReader {
 public:
  explicit OtlpReader(SpanSet& into) : set_(into) {}

  std::optional<FileError> begin_value(char bracket, TextPosition at) override {
    if (bracket != '{') return FileError{at, "not an OTLP/JSON export: expected an object {\"resourceSpans\": [...]}"};
    at_ = at;
    saw_resource_spans_ = false;
    return std::nullopt;
  }

  void key(std::string_view name) override { saw_resource_spans_ = saw_resource_spans_ || name == "resourceSpans"; }

  std::optional<FileError> piece(const JsonPiece& piece) override {
    if (piece.kind != JsonPiece::Kind::member_array_element || piece.key != "resourceSpans") return std::nullopt;
    boost::json::value value;
    if (auto error = parse_piece(piece, value)) return error;
    const auto* resource_spans = value.if_object();
    if (!resource_spans) return FileError{piece.at, "not an OTLP ResourceSpans: expected an object"};
    std::string service;
    if (const auto* resource = object_field(*resource_spans, "resource"))
      service = attribute(*resource, "service.name").value_or("");
    const auto* scopes = array_field(*resource_spans, "scopeSpans");
    if (!scopes) scopes = array_field(*resource_spans, "instrumentationLibrarySpans");  // before OTLP 0.15
    if (!scopes) return std::nullopt;
    const std::uint32_t service_index = set_.strings.intern(service);
    for (const auto& scope : *scopes) {
      const auto* s = scope.if_object();
      const auto* spans = s ? array_field(*s, "spans") : nullptr;
      if (!spans) continue;
      for (const auto& span : *spans)
        if (auto error = add_span(span, service_index, piece.at)) return error;
    }
    return std::nullopt;
  }

  std::optional<FileError> end_value() override {
    if (!saw_resource_spans_) return FileError{at_, "not an OTLP/JSON export: the object has no 'resourceSpans'"};
    return std::nullopt;
  }

 private:
  std::optional<FileError> add_span(const boost::json::value& value, std::uint32_t service, TextPosition at) {
    static constexpr SpanHeadFields fields{"an OTLP span", "traceId", "spanId", "startTimeUnixNano", "endTimeUnixNano",
                                           false, 1, "spans without a start or an end time"};
    Span span;
    const SpanHead head = read_span_head(value, at, fields, set_.left_out, span);
    if (!head.object) return head.error;
    const boost::json::object* object = head.object;
    if (const auto parent = string_field(*object, "parentSpanId"); parent && !parent->empty() && !is_all_zero(*parent))
      span.parent = span_id_from_text(*parent);
    span.service = service;
    span.name = set_.strings.intern(string_field(*object, "name").value_or(""));
    if (const auto* kind = object->if_contains("kind")) {
      if (const auto text = scalar_text(*kind)) span.kind = span_kind_from_text(*text);
    }
    if (const auto* status = object_field(*object, "status"))
      if (const auto* code = status->if_contains("code")) {
        const auto text = scalar_text(*code);
        span.error = text == "2" || text == "STATUS_CODE_ERROR";
      }
    for (const std::string_view key : kPeerKeys) {
      if (const auto peer = attribute(*object, key); peer && !peer->empty()) {
        span.peer = set_.strings.intern(*peer);
        break;
      }
    }
    set_.spans.push_back(span);
    return std::nullopt;
  }

  SpanSet& set_;
  TextPosition at_;
  bool saw_resource_spans_ = false;
};

}  // namespace

std::unique_ptr<FormatReader> make_otlp_reader(SpanSet& into) { return std::make_unique<OtlpReader>(into); }

}  // namespace svcsim::trace_import
