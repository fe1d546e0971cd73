// One request's spans as an OTLP/JSON line (see otlp_line.hpp).
#include "trace/otlp_line.hpp"

#include <fmt/format.h>

#include <iterator>
#include <utility>

namespace svcsim::trace {
namespace {

std::uint64_t mix64(std::uint64_t x) {  // splitmix64's finaliser
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

const char* try_text(SpanTry kind) {
  switch (kind) {
    case SpanTry::first: return "first";
    case SpanTry::retry: return "retry";
    case SpanTry::hedge: return "hedge";
    case SpanTry::fallback: return "fallback";
  }
  return "first";
}

const char* outcome_text(SpanOutcome outcome) {
  switch (outcome) {
    case SpanOutcome::ok: return "ok";
    case SpanOutcome::degraded: return "degraded";
    case SpanOutcome::failed: return "failed";
    case SpanOutcome::rejected: return "rejected";
    case SpanOutcome::timed_out: return "timed_out";
    case SpanOutcome::cancelled: return "cancelled";
    case SpanOutcome::lost: return "lost";
    case SpanOutcome::unfinished: return "unfinished";
  }
  return "failed";
}

// The status message of a span that failed (nullptr: the span did not fail).
const char* error_message(const RecordedSpan& s) {
  switch (s.outcome) {
    case SpanOutcome::failed:
      return s.role == SpanRole::server ? "the call failed here or below" : "the call failed";
    case SpanOutcome::rejected:
      return s.role == SpanRole::server ? "rejected: not admitted, or refused below" : "the call was rejected";
    case SpanOutcome::timed_out:
      return s.role == SpanRole::root ? "the request timed out" : "the caller timed out";
    case SpanOutcome::lost: return "taken and never answered";
    default: return nullptr;
  }
}

// A JSON string's characters (node, endpoint and workload names are plain, but a
// scenario's names are not ours to trust).
void append_escaped(std::string& out, const std::string& text) {
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned>(c));
    } else {
      out += c;
    }
  }
}

void append_string_attribute(std::string& out, const char* key, const std::string& value) {
  fmt::format_to(std::back_inserter(out), R"({{"key":"{}","value":{{"stringValue":")", key);
  append_escaped(out, value);
  out += "\"}}";
}

struct Line {
  std::string& out;
  const RunNames& names;
  std::int64_t start_unix_ns;
  const TraceIdBits& trace;
  std::uint32_t workload;
  const std::vector<RecordedSpan>& spans;

  std::string name_of(const RecordedSpan& s) const {
    switch (s.role) {
      case SpanRole::root: return names.workloads[s.what];
      case SpanRole::client: return fmt::format("{}.{}", names.nodes[names.program_node[s.what]], names.program_endpoint[s.what]);
      case SpanRole::server: return names.program_endpoint[s.what];
    }
    return {};
  }

  void span(std::uint32_t index) const {
    const RecordedSpan& s = spans[index];
    auto to = std::back_inserter(out);
    fmt::format_to(to, R"({{"traceId":"{:016x}{:016x}","spanId":"{:016x}",)", trace.high, trace.low,
                   span_id_of(trace, index));
    if (s.parent != kNoSpan) fmt::format_to(to, R"("parentSpanId":"{:016x}",)", span_id_of(trace, s.parent));
    out += R"("name":")";
    append_escaped(out, name_of(s));
    fmt::format_to(to, R"(","kind":{},"startTimeUnixNano":"{}","endTimeUnixNano":"{}","attributes":[)",
                   s.role == SpanRole::server ? 2 : 3, start_unix_ns + s.start, start_unix_ns + s.end);
    if (s.role != SpanRole::root) {
      append_string_attribute(out, "svcsim.try", try_text(s.try_kind));
      out += ',';
    }
    if (s.role == SpanRole::client) {
      append_string_attribute(out, "peer.service", names.nodes[names.program_node[s.what]]);
      out += ',';
    }
    if (s.role == SpanRole::server)
      fmt::format_to(to, R"({{"key":"svcsim.wait_ms","value":{{"doubleValue":{}}}}},)",
                     static_cast<double>(s.wait_ns) * 1e-6);
    append_string_attribute(out, "svcsim.outcome", outcome_text(s.outcome));
    out += ']';
    if (const char* message = error_message(s)) fmt::format_to(to, R"(,"status":{{"code":2,"message":"{}"}})", message);
    out += '}';
  }

  void write() const {
    // One resource per (node, instance), in the order of their first span.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> resources;
    for (const RecordedSpan& s : spans) {
      const std::pair<std::uint32_t, std::uint32_t> r{s.node, s.instance};
      bool seen = false;
      for (const auto& known : resources) seen = seen || known == r;
      if (!seen) resources.push_back(r);
    }
    out += R"({"resourceSpans":[)";
    for (std::size_t k = 0; k < resources.size(); ++k) {
      const auto [node, instance] = resources[k];
      const bool client = node >= names.nodes.size();
      out += k == 0 ? "" : ",";
      out += R"({"resource":{"attributes":[)";
      append_string_attribute(out, "service.name", client ? std::string("client") : names.nodes[node]);
      if (!client) {
        out += ',';
        append_string_attribute(out, "service.instance.id", fmt::format("{}[{}]", names.nodes[node], instance));
      }
      out += R"(]},"scopeSpans":[{"scope":{"name":"svcsim"},"spans":[)";
      bool first = true;
      for (std::uint32_t i = 0; i < spans.size(); ++i) {
        if (spans[i].node != node || spans[i].instance != instance) continue;
        if (!first) out += ',';
        first = false;
        span(i);
      }
      out += "]}]}";
    }
    out += "]}\n";
  }
};

}  // namespace

TraceIdBits trace_id_of(std::uint64_t seed, std::uint32_t workload, std::uint64_t number) {
  const std::uint64_t a = mix64(seed ^ mix64(0x7472616365ull + workload));  // "trace"
  TraceIdBits id{mix64(a ^ number), mix64(mix64(a + 1) ^ number)};
  if (id.high == 0 && id.low == 0) id.low = 1;  // all zero is OTLP's "invalid"
  return id;
}

std::uint64_t span_id_of(const TraceIdBits& trace, std::uint32_t index) {
  const std::uint64_t id = mix64(trace.low ^ mix64(trace.high + index));
  return id == 0 ? 1 : id;
}

void append_otlp_line(std::string& out, const RunNames& names, std::int64_t start_unix_ns, const TraceIdBits& trace,
                      std::uint32_t workload, const std::vector<RecordedSpan>& spans) {
  Line{out, names, start_unix_ns, trace, workload, spans}.write();
}

}  // namespace svcsim::trace
