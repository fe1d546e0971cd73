// Trace export's parts without an engine: RFC 3339 times, deterministic ids,
// and the span recorder fed by hand (what is kept, what is dropped, spans
// that end after their request).
#include <catch2/catch.hpp>

#include "support/otlp_check.hpp"
#include "trace/rfc3339.hpp"
#include "trace/span_recorder.hpp"

using namespace svcsim;
using namespace svcsim::trace;

TEST_CASE("trace start: RFC 3339 times as Unix nanoseconds", "[traces]") {
  CHECK(parse_rfc3339("1970-01-01T00:00:00Z") == 0);
  CHECK(parse_rfc3339("2025-01-01T00:00:00Z") == 1'735'689'600'000'000'000LL);
  CHECK(parse_rfc3339("2025-01-01t01:00:00+01:00") == 1'735'689'600'000'000'000LL);
  CHECK(parse_rfc3339("2024-02-29 23:59:59.5-00:30") == 1'709'252'999'500'000'000LL);
  CHECK(parse_rfc3339("2025-01-01T00:00:00.123456789123Z") == 1'735'689'600'123'456'789LL);
  for (const char* bad : {"2025-01-01", "2025-02-29T00:00:00Z", "2025-01-01T24:00:00Z", "2025-01-01T00:00:00",
                          "2025-01-01T00:00:00+0100", "1969-12-31T23:59:59Z", "2025-01-01T00:00:00.Z", "x"})
    CHECK_FALSE(parse_rfc3339(bad));
}

TEST_CASE("trace and span ids: from the seed and the request, never zero", "[traces]") {
  const TraceIdBits a = trace_id_of(42, 0, 7);
  CHECK(a.high == trace_id_of(42, 0, 7).high);
  CHECK(a.low == trace_id_of(42, 0, 7).low);
  CHECK(a.low != trace_id_of(42, 0, 8).low);
  CHECK(a.low != trace_id_of(42, 1, 7).low);
  CHECK(a.low != trace_id_of(43, 0, 7).low);
  CHECK(span_id_of(a, 0) != span_id_of(a, 1));
  CHECK(span_id_of(a, 0) != 0);
}

namespace {

RunNames shop_names() {
  RunNames names;
  names.seed = 1;
  names.nodes = {"gateway", "db"};
  names.workloads = {"buy"};
  names.program_node = {0, 1};
  names.program_endpoint = {"checkout", "query"};
  return names;
}

// A request: client -> gateway.checkout -> db.query, from t to t + 10 (ms); the db's answer at t + 8.
void one_request(SpanRecorder& r, std::uint32_t request, std::int64_t t, std::int64_t db_end) {
  const std::int64_t ms = 1'000'000;
  r.on_request_start(request, 0, t);
  r.on_try_sent(5, UINT32_MAX, SpanTry::first, {true, request}, 0, t);
  r.on_call_arrive(5, 0, t + 1 * ms);
  r.on_try_sent(6, UINT32_MAX, SpanTry::first, {false, 5}, 1, t + 2 * ms);
  r.on_call_arrive(6, 1, t + 3 * ms);
  r.on_call_waited(6, 2 * ms);
  r.on_call_answer(6, SpanOutcome::ok, t + db_end);
  if (db_end < 8 * ms) r.on_try_end(6, SpanOutcome::ok, t + 8 * ms);
  else r.on_try_end(6, SpanOutcome::timed_out, t + 8 * ms);  // the gateway gave up before the answer
  r.on_call_answer(5, SpanOutcome::ok, t + 9 * ms);
  r.on_try_end(5, SpanOutcome::ok, t + 10 * ms);
  r.on_request_end(request, SpanOutcome::ok, t + 10 * ms);
}

}  // namespace

TEST_CASE("span recorder: kept requests as lines with their spans linked, unkept ones dropped", "[traces]") {
  std::string out;
  TraceOptions options;
  options.sample = 0;
  options.slower_than_ns = 9'000'000;
  SpanRecorder r(options, [&](std::string_view piece) { out += piece; });
  r.on_run_start(shop_names());
  one_request(r, 3, 0, 7'000'000);  // 10 ms: kept (slower than 9 ms)
  CHECK(r.requests_written() == 1);
  r.on_run_end(50'000'000);
  const auto requests = svcsim::test::read_checked_traces(out);
  REQUIRE(requests.size() == 1);
  const auto& spans = requests[0];
  REQUIRE(spans.size() == 5);  // request, try, gateway's run, its try, db's run
  std::map<std::string, const svcsim::test::OtlpSpan*> by_name;
  for (const auto& s : spans) by_name[s.service + "/" + s.name + "/" + std::to_string(s.kind)] = &s;
  CHECK(by_name.at("client/buy/3")->end - by_name.at("client/buy/3")->start == 10'000'000);
  CHECK(by_name.at("client/gateway.checkout/3")->parent == by_name.at("client/buy/3")->id);
  CHECK(by_name.at("gateway/checkout/2")->parent == by_name.at("client/gateway.checkout/3")->id);
  CHECK(by_name.at("gateway/db.query/3")->parent == by_name.at("gateway/checkout/2")->id);
  CHECK(by_name.at("gateway/db.query/3")->instance == "gateway[0]");
  CHECK(by_name.at("db/query/2")->parent == by_name.at("gateway/db.query/3")->id);
  CHECK(by_name.at("db/query/2")->instance == "db[1]");
  CHECK(by_name.at("db/query/2")->attributes.at("svcsim.wait_ms") == "2");
  CHECK(by_name.at("db/query/2")->start == 1'735'689'600'003'000'000LL);

  // Not sampled and not slower than 20 ms: nothing written.
  std::string none;
  options.slower_than_ns = 20'000'000;
  SpanRecorder fast(options, [&](std::string_view piece) { none += piece; });
  fast.on_run_start(shop_names());
  for (std::uint32_t k = 0; k < 100; ++k) one_request(fast, k % 3, k * 20'000'000LL, 7'000'000);
  fast.on_run_end(5'000'000'000LL);
  CHECK(fast.requests_written() == 0);
  CHECK(none.empty());
}

TEST_CASE("span recorder: a kept request waits for its calls that still run, a dropped one is forgotten", "[traces]") {
  std::string out;
  TraceOptions options;
  options.sample = 1;
  SpanRecorder r(options, [&](std::string_view piece) { out += piece; });
  r.on_run_start(shop_names());
  // The db answers at 12 ms, after the request ended at 10 ms: its run is in the line, ending at 12 ms.
  const std::int64_t ms = 1'000'000;
  r.on_request_start(0, 0, 0);
  r.on_try_sent(5, UINT32_MAX, SpanTry::first, {true, 0}, 0, 0);
  r.on_call_arrive(5, 0, ms);
  r.on_try_sent(6, UINT32_MAX, SpanTry::first, {false, 5}, 1, 2 * ms);
  r.on_call_arrive(6, 0, 3 * ms);
  r.on_try_end(6, SpanOutcome::timed_out, 8 * ms);
  r.on_call_answer(5, SpanOutcome::failed, 9 * ms);
  r.on_try_end(5, SpanOutcome::failed, 10 * ms);
  r.on_request_end(0, SpanOutcome::failed, 10 * ms);
  CHECK(r.requests_written() == 0);
  r.on_request_start(0, 0, 11 * ms);  // the id is reused at once: a new request
  r.on_call_answer(6, SpanOutcome::ok, 12 * ms);
  CHECK(r.requests_written() == 1);
  r.on_try_end(6, SpanOutcome::ok, 13 * ms);  // the answer reaches a caller that gave up: ignored
  r.on_run_end(20 * ms);                      // the second request never ended: not written
  const auto requests = svcsim::test::read_checked_traces(out);
  REQUIRE(requests.size() == 1);
  for (const auto& s : requests[0]) {
    if (s.service == "db") CHECK(s.end == 1'735'689'600'012'000'000LL);
    if (s.name == "gateway.db.query" || (s.service == "gateway" && s.name == "db.query")) {
      CHECK(s.attributes.at("svcsim.outcome") == "timed_out");
      CHECK(s.error);
    }
  }
}
