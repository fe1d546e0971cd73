// Zipkin v2 JSON (openzipkin/zipkin-api zipkin2-api.yaml): an array of spans,
// or an array of traces (arrays of spans). Times are microseconds; a span
// whose id is shared by a client and a server half comes as two spans with
// the same id, the server one marked `shared` (span_tree.cpp splits them).
#include <boost/json/value.hpp>
#include <fmt/format.h>

#include "import/format_reader.hpp"
#include "import/json_fields.hpp"
#include "import/span_head.hpp"

namespace svcsim::trace_import {
namespace {

class ZipkinReader final : public FormatReader {
 public:
  explicit ZipkinReader(SpanSet& into) : set_(into) {}

  std::optional<FileError> begin_value(char bracket, TextPosition at) override {
    if (bracket != '[')
      return FileError{at, "not a Zipkin v2 export: expected a JSON array of spans (or of traces), found an object"};
    return std::nullopt;
  }

  std::optional<FileError> piece(const JsonPiece& piece) override {
    boost::json::value value;
    if (auto error = parse_piece(piece, value)) return error;
    if (const auto* trace = value.if_array()) {
      for (const auto& span : *trace)
        if (auto error = add_span(span, piece.at)) return error;
      return std::nullopt;
    }
    return add_span(value, piece.at);
  }

 private:
  std::optional<FileError> add_span(const boost::json::value& value, TextPosition at) {
    static constexpr SpanHeadFields fields{"a Zipkin v2 span", "traceId", "id", "timestamp", "duration", true, 1000,
                                           "spans without a timestamp or a duration (incomplete)"};
    Span span;
    const SpanHead head = read_span_head(value, at, fields, set_.left_out, span);
    if (!head.object) return head.error;
    const boost::json::object* object = head.object;
    if (const auto parent = string_field(*object, "parentId"); parent && !parent->empty())
      span.parent = span_id_from_text(*parent);
    span.kind = span_kind_from_text(string_field(*object, "kind").value_or(""));
    span.name = set_.strings.intern(string_field(*object, "name").value_or(""));
    std::string_view service;
    if (const auto* local = object_field(*object, "localEndpoint"))
      service = string_field(*local, "serviceName").value_or("");
    span.service = set_.strings.intern(service);
    if (const auto* shared = object->if_contains("shared")) span.shared = shared->is_bool() && shared->get_bool();
    if (const auto* tags = object_field(*object, "tags")) {
      span.error = tags->contains("error");
      for (const std::string_view key : kPeerKeys) {
        if (const auto peer = string_field(*tags, key); peer && !peer->empty()) {
          span.peer = set_.strings.intern(*peer);
          break;
        }
      }
    }
    if (span.peer == kNoString)
      if (const auto* remote = object_field(*object, "remoteEndpoint"))
        if (const auto name = string_field(*remote, "serviceName"); name && !name->empty())
          span.peer = set_.strings.intern(*name);
    set_.spans.push_back(span);
    return std::nullopt;
  }

  SpanSet& set_;
};

}  // namespace

std::unique_ptr<FormatReader> make_zipkin_reader(SpanSet& into) { return std::make_unique<ZipkinReader>(into); }

}  // namespace svcsim::trace_import
