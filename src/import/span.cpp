// The span model's small helpers: interning and ids from text.
#include "import/span.hpp"

namespace svcsim::trace_import {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::uint64_t fnv1a(std::string_view text, std::uint64_t seed) {
  std::uint64_t h = 14695981039346656037ull ^ seed;
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

// Up to 16 hex digits as a number; false when `text` is not that.
bool parse_hex64(std::string_view text, std::uint64_t& out) {
  if (text.empty() || text.size() > 16) return false;
  out = 0;
  for (const char c : text) {
    const int v = hex_value(c);
    if (v < 0) return false;
    out = (out << 4) | static_cast<std::uint64_t>(v);
  }
  return true;
}

}  // namespace

std::uint32_t StringTable::intern(std::string_view text) {
  const auto found = index_.find(std::string(text));
  if (found != index_.end()) return found->second;
  const auto index = static_cast<std::uint32_t>(strings_.size());
  strings_.emplace_back(text);
  index_.emplace(strings_.back(), index);
  return index;
}

std::uint64_t span_id_from_text(std::string_view text) {
  std::uint64_t id = 0;
  if (!parse_hex64(text, id)) id = fnv1a(text, 0);
  return id == 0 ? 1 : id;  // an all-zero id is "no parent" in OTLP; keep 0 for that
}

TraceId trace_id_from_text(std::string_view text) {
  TraceId id;
  if (text.size() > 16 && text.size() <= 32 && parse_hex64(text.substr(0, text.size() - 16), id.high) &&
      parse_hex64(text.substr(text.size() - 16), id.low))
    return id;
  if (parse_hex64(text, id.low)) return id;
  return TraceId{fnv1a(text, 1), fnv1a(text, 2)};
}

}  // namespace svcsim::trace_import

namespace svcsim::trace_import {

SpanKind span_kind_from_text(std::string_view text) {
  std::string lower;
  for (const char c : text) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (lower.rfind("span_kind_", 0) == 0) lower = lower.substr(10);
  if (lower == "server" || lower == "2") return SpanKind::server;
  if (lower == "client" || lower == "3") return SpanKind::client;
  if (lower == "producer" || lower == "4") return SpanKind::producer;
  if (lower == "consumer" || lower == "5") return SpanKind::consumer;
  if (lower == "internal" || lower == "1") return SpanKind::internal;
  return SpanKind::unspecified;
}

}  // namespace svcsim::trace_import
