// The one span model every trace reader produces and the importer works on:
// a compact record per span (ids as integers, names interned), whatever the
// format it came from. A 1 GB export holds millions of spans, so a span is
// about 80 bytes, never the JSON it was read from.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace svcsim::trace_import {

/// OpenTelemetry's span kinds (Zipkin's and Jaeger's map onto them);
/// `unspecified` is inferred later (span_tree.cpp).
enum class SpanKind : std::uint8_t { unspecified, internal, server, client, producer, consumer };

/// A 128-bit trace id (shorter ids fill the low word).
struct TraceId {
  std::uint64_t high = 0, low = 0;
  friend bool operator==(const TraceId&, const TraceId&) = default;
  friend auto operator<=>(const TraceId&, const TraceId&) = default;
};

/// Strings seen in spans (services, operations, peers), each stored once.
class StringTable {
 public:
  /// The index of `text`, added on first sight.
  std::uint32_t intern(std::string_view text);
  const std::string& at(std::uint32_t index) const { return strings_[index]; }
  std::size_t size() const { return strings_.size(); }

 private:
  std::vector<std::string> strings_;
  std::unordered_map<std::string, std::uint32_t> index_;
};

inline constexpr std::uint32_t kNoString = 0xffffffffu;

struct Span {
  TraceId trace;
  std::uint64_t id = 0;
  std::uint64_t parent = 0;  // 0: none written
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
  std::uint32_t service = kNoString;
  std::uint32_t name = kNoString;
  /// Who a client span called, from peer.service, db.system, server.address
  /// or Zipkin's remoteEndpoint (in that order); kNoString when none.
  std::uint32_t peer = kNoString;
  SpanKind kind = SpanKind::unspecified;
  bool error = false;
  /// Its parent link is asynchronous (Jaeger FOLLOWS_FROM).
  bool follows_from = false;
  /// Zipkin: the server half of an id shared with its client half.
  bool shared = false;
};

/// Why spans or links were left out while reading or linking; the importer
/// prints each non-zero count with its reason.
struct LeftOut {
  std::map<std::string, std::uint64_t> counts;  // reason -> count (sorted: deterministic output)
  void add(const std::string& reason, std::uint64_t n = 1) { counts[reason] += n; }
};

/// Everything read from the trace files.
struct SpanSet {
  StringTable strings;
  std::vector<Span> spans;
  LeftOut left_out;
};

/// Parses a hex id (OTLP, Jaeger, Zipkin write ids as hex); anything else is
/// hashed, so that equal texts still give equal ids. 0 is reserved for "none".
std::uint64_t span_id_from_text(std::string_view text);
TraceId trace_id_from_text(std::string_view text);

}  // namespace svcsim::trace_import

namespace svcsim::trace_import {

/// `SERVER`, `server`, `SPAN_KIND_SERVER` (Zipkin, Jaeger's span.kind, OTLP's
/// enum names) or OTLP's number as text; unspecified for anything else.
SpanKind span_kind_from_text(std::string_view text);

/// Attribute keys that name the callee of a client span, most telling first.
inline constexpr std::string_view kPeerKeys[] = {"peer.service", "db.system", "server.address"};

}  // namespace svcsim::trace_import
