// Reading `run --traces` output back in tests: each line parsed with
// Boost.JSON into spans, and the structure SPEC 8.1 promises checked (ids,
// parent links, one root per trace, times). The strict check against the
// official protobuf definitions is tests/regression/check_otlp_proto.py.
#pragma once

#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <cstdint>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace svcsim::test {

struct OtlpSpan {
  std::string trace, id, parent, name, service, instance;
  int kind = 0;
  std::int64_t start = 0, end = 0;
  std::map<std::string, std::string> attributes;  // string values (doubles as text)
  bool error = false;
};

inline std::string attribute_text(const boost::json::value& v) {
  const auto& o = v.as_object();
  if (const auto* s = o.if_contains("stringValue")) return std::string(s->as_string());
  if (const auto* d = o.if_contains("doubleValue")) return boost::json::serialize(*d);
  return boost::json::serialize(v);
}

/// One line's spans (a request).
inline std::vector<OtlpSpan> parse_otlp_line(const std::string& line) {
  std::vector<OtlpSpan> spans;
  const boost::json::value root = boost::json::parse(line);
  for (const auto& rs : root.at("resourceSpans").as_array()) {
    std::string service, instance;
    for (const auto& a : rs.at("resource").at("attributes").as_array()) {
      if (a.at("key") == "service.name") service = attribute_text(a.at("value"));
      if (a.at("key") == "service.instance.id") instance = attribute_text(a.at("value"));
    }
    for (const auto& scope : rs.at("scopeSpans").as_array())
      for (const auto& s : scope.at("spans").as_array()) {
        OtlpSpan span;
        span.trace = std::string(s.at("traceId").as_string());
        span.id = std::string(s.at("spanId").as_string());
        if (const auto* p = s.as_object().if_contains("parentSpanId")) span.parent = std::string(p->as_string());
        span.name = std::string(s.at("name").as_string());
        span.service = service;
        span.instance = instance;
        span.kind = static_cast<int>(s.at("kind").as_int64());
        span.start = std::stoll(std::string(s.at("startTimeUnixNano").as_string()));
        span.end = std::stoll(std::string(s.at("endTimeUnixNano").as_string()));
        for (const auto& a : s.at("attributes").as_array())
          span.attributes[std::string(a.at("key").as_string())] = attribute_text(a.at("value"));
        if (const auto* st = s.as_object().if_contains("status")) span.error = st->at("code").as_int64() == 2;
        spans.push_back(std::move(span));
      }
  }
  return spans;
}

inline bool is_hex(const std::string& s, std::size_t length) {
  return s.size() == length && s.find_first_not_of("0123456789abcdef") == std::string::npos &&
         s.find_first_not_of('0') != std::string::npos;
}

/// Every line of a traces file, each checked: one trace id per line, ids
/// unique hex, every parent in the line, one root (a CLIENT span of
/// `client`), start <= end, every span starting within its parent.
inline std::vector<std::vector<OtlpSpan>> read_checked_traces(const std::string& text) {
  std::vector<std::vector<OtlpSpan>> requests;
  std::istringstream in(text);
  std::string line;
  std::set<std::string> traces;
  while (std::getline(in, line)) {
    std::vector<OtlpSpan> spans = parse_otlp_line(line);
    REQUIRE(!spans.empty());
    std::map<std::string, const OtlpSpan*> by_id;
    int roots = 0;
    for (const OtlpSpan& s : spans) {
      INFO(line);
      REQUIRE(is_hex(s.trace, 32));
      REQUIRE(is_hex(s.id, 16));
      REQUIRE(s.trace == spans[0].trace);
      REQUIRE(by_id.emplace(s.id, &s).second);
      REQUIRE(s.start <= s.end);
      if (s.parent.empty()) {
        ++roots;
        CHECK(s.service == "client");
        CHECK(s.kind == 3);
      }
    }
    REQUIRE(roots == 1);
    REQUIRE(traces.insert(spans[0].trace).second);  // a trace id per request
    for (const OtlpSpan& s : spans) {
      if (s.parent.empty()) continue;
      INFO(line);
      const auto parent = by_id.find(s.parent);
      REQUIRE(parent != by_id.end());
      CHECK(s.start >= parent->second->start);
    }
    requests.push_back(std::move(spans));
  }
  return requests;
}

}  // namespace svcsim::test
