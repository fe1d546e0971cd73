// Jaeger JSON (jaegertracing/jaeger model/json/model.go), as the UI and the
// query API write it: `{"data": [trace, …]}` or one trace object `{"traceID",
// "spans": […], "processes": {…}}`. Times are microseconds; a span's service
// is its process's; references give the parent (CHILD_OF) or an asynchronous
// link (FOLLOWS_FROM).
#include <boost/json/value.hpp>
#include <fmt/format.h>

#include <vector>

#include "import/format_reader.hpp"
#include "import/json_fields.hpp"
#include "import/span_head.hpp"

namespace svcsim::trace_import {
namespace {

bool is_true(const boost::json::value& v) {
  if (v.is_bool()) return v.get_bool();
  if (v.is_string()) return v.get_string() == "true";
  return false;
}

class JaegerReader final : public FormatReader {
 public:
  explicit JaegerReader(SpanSet& into) : set_(into) {}

  std::optional<FileError> begin_value(char bracket, TextPosition at) override {
    if (bracket != '{')
      return FileError{at, "not a Jaeger export: expected an object ({\"data\": [...]} or one trace), found an array"};
    at_ = at;
    saw_traces_ = false;
    pending_.clear();
    processes_ = boost::json::object();
    return std::nullopt;
  }

  // A 'data' or 'spans' member is what makes the object an export, even an empty list: an
  // export of no traces is read as such (0 spans), as OTLP's and Zipkin's empty ones are.
  void key(std::string_view name) override { saw_traces_ = saw_traces_ || name == "data" || name == "spans"; }

  std::optional<FileError> piece(const JsonPiece& piece) override {
    if (piece.kind == JsonPiece::Kind::member && (piece.key == "data" || piece.key == "spans"))
      return FileError{piece.at, fmt::format("not a Jaeger export: '{}' is not a list of {}", piece.key,
                                             piece.key == "data" ? "traces" : "spans")};
    const bool data = piece.kind == JsonPiece::Kind::member_array_element && piece.key == "data";
    const bool spans = piece.kind == JsonPiece::Kind::member_array_element && piece.key == "spans";
    const bool processes = piece.kind == JsonPiece::Kind::member && piece.key == "processes";
    if (!data && !spans && !processes) return std::nullopt;  // total, limit, errors, traceID, warnings…
    boost::json::value value;
    if (auto error = parse_piece(piece, value)) return error;
    if (data) {
      const auto* trace = value.if_object();
      const auto* trace_spans = trace ? array_field(*trace, "spans") : nullptr;
      if (!trace_spans) return FileError{piece.at, "not a Jaeger trace: it needs an array 'spans'"};
      const auto* trace_processes = object_field(*trace, "processes");
      for (const auto& span : *trace_spans)
        if (auto error = add_span(span, trace_processes, piece.at)) return error;
    } else if (spans) {
      pending_.push_back({std::move(value), piece.at});
    } else if (value.is_object()) {
      processes_ = std::move(value.get_object());
    }
    return std::nullopt;
  }

  std::optional<FileError> end_value() override {
    if (!saw_traces_)
      return FileError{at_, "not a Jaeger export: the object has neither 'data' (a list of traces) nor 'spans'"};
    for (const auto& [span, at] : pending_)
      if (auto error = add_span(span, &processes_, at)) return error;
    pending_.clear();
    return std::nullopt;
  }

 private:
  std::optional<FileError> add_span(const boost::json::value& value, const boost::json::object* processes,
                                    TextPosition at) {
    static constexpr SpanHeadFields fields{"a Jaeger span", "traceID", "spanID", "startTime", "duration", true, 1000,
                                           "spans without a startTime or a duration"};
    Span span;
    const SpanHead head = read_span_head(value, at, fields, set_.left_out, span);
    if (!head.object) return head.error;
    const boost::json::object* object = head.object;
    span.name = set_.strings.intern(string_field(*object, "operationName").value_or(""));
    read_parent(*object, span);
    std::string_view service;
    const boost::json::object* process = object_field(*object, "process");
    if (!process && processes)
      if (const auto pid = string_field(*object, "processID")) process = object_field(*processes, *pid);
    if (process) service = string_field(*process, "serviceName").value_or("");
    span.service = set_.strings.intern(service);
    if (const auto* tags = array_field(*object, "tags")) read_tags(*tags, span);
    set_.spans.push_back(span);
    return std::nullopt;
  }

  void read_parent(const boost::json::object& object, Span& span) {
    if (const auto* refs = array_field(object, "references")) {
      const boost::json::object* follows = nullptr;
      for (const auto& ref : *refs) {
        const auto* r = ref.if_object();
        if (!r) continue;
        const auto type = string_field(*r, "refType").value_or("CHILD_OF");
        const auto parent = string_field(*r, "spanID");
        if (!parent) continue;
        if (type == "CHILD_OF") {
          span.parent = span_id_from_text(*parent);
          span.follows_from = false;
          return;
        }
        if (!follows) follows = r;
      }
      if (follows) {
        span.parent = span_id_from_text(*string_field(*follows, "spanID"));
        span.follows_from = true;
        return;
      }
    }
    if (const auto parent = string_field(object, "parentSpanID"); parent && !parent->empty() && *parent != "0")
      span.parent = span_id_from_text(*parent);
  }

  void read_tags(const boost::json::array& tags, Span& span) {
    std::uint32_t peers[std::size(kPeerKeys)];
    std::fill(std::begin(peers), std::end(peers), kNoString);
    for (const auto& tag : tags) {
      const auto* t = tag.if_object();
      if (!t) continue;
      const auto key = string_field(*t, "key");
      const auto* value = t->if_contains("value");
      if (!key || !value) continue;
      if (*key == "span.kind") {
        if (value->is_string()) span.kind = span_kind_from_text(value->get_string());
      } else if (*key == "error") {
        span.error = span.error || is_true(*value);
      } else if (*key == "otel.status_code") {
        span.error = span.error || (value->is_string() && value->get_string() == "ERROR");
      } else {
        for (std::size_t k = 0; k < std::size(kPeerKeys); ++k)
          if (*key == kPeerKeys[k] && value->is_string() && !value->get_string().empty())
            peers[k] = set_.strings.intern(value->get_string());
      }
    }
    for (const std::uint32_t peer : peers)
      if (peer != kNoString) {
        span.peer = peer;
        break;
      }
  }

  struct Pending {
    boost::json::value span;
    TextPosition at;
  };

  SpanSet& set_;
  TextPosition at_;
  bool saw_traces_ = false;
  std::vector<Pending> pending_;
  boost::json::object processes_;
};

}  // namespace

std::unique_ptr<FormatReader> make_jaeger_reader(SpanSet& into) { return std::make_unique<JaegerReader>(into); }

}  // namespace svcsim::trace_import
