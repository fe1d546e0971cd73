// Writing OTLP/JSON Lines trace files from tests: spans described in C++ (times
// in nanoseconds), one request per line, as the Collector's file exporter
// writes them; the importer's tests read them back.
#pragma once

#include <cstdint>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace svcsim::test {

struct TestSpan {
  std::string service;
  std::string name;
  int kind = 2;  // OTLP: 1 internal, 2 server, 3 client, 4 producer, 5 consumer
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
  int parent = -1;  // index in the request's spans; -1: root
  bool error = false;
  std::string peer;  // db.system attribute, when not empty
};

/// One request's spans as one OTLP/JSON line (trace id from `request`, span ids from indices).
inline std::string otlp_line(std::uint64_t request, const std::vector<TestSpan>& spans) {
  std::map<std::string, std::vector<std::size_t>> by_service;
  for (std::size_t i = 0; i < spans.size(); ++i) by_service[spans[i].service].push_back(i);
  const auto span_id = [&](std::size_t i) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%08llx%08zx", static_cast<unsigned long long>(request + 1), i + 1);
    return std::string(buf);
  };
  char trace[33];
  std::snprintf(trace, sizeof trace, "%032llx", static_cast<unsigned long long>(request + 1));
  std::ostringstream out;
  out << R"({"resourceSpans":[)";
  bool first_resource = true;
  for (const auto& [service, indices] : by_service) {
    out << (first_resource ? "" : ",") << R"({"resource":{"attributes":[{"key":"service.name","value":{"stringValue":")"
        << service << R"("}}]},"scopeSpans":[{"spans":[)";
    first_resource = false;
    bool first = true;
    for (const std::size_t i : indices) {
      const TestSpan& s = spans[i];
      out << (first ? "" : ",") << R"({"traceId":")" << trace << R"(","spanId":")" << span_id(i) << '"';
      if (s.parent >= 0) out << R"(,"parentSpanId":")" << span_id(static_cast<std::size_t>(s.parent)) << '"';
      out << R"(,"name":")" << s.name << R"(","kind":)" << s.kind << R"(,"startTimeUnixNano":")" << s.start_ns
          << R"(","endTimeUnixNano":")" << s.end_ns << '"';
      if (!s.peer.empty())
        out << R"(,"attributes":[{"key":"db.system","value":{"stringValue":")" << s.peer << R"("}}])";
      if (s.error) out << R"(,"status":{"code":2})";
      out << '}';
      first = false;
    }
    out << "]}]}";
  }
  out << "]}\n";
  return out.str();
}

}  // namespace svcsim::test
