// `svcsim import` and `svcsim calibrate` from the command line: every trace
// file of tests/data/traces imports, passes `check` and runs, with what each
// holds asserted; bad input gives a clear message and exit 2, nothing written.
#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>

#include "support/cli_runner.hpp"

using namespace svcsim::test;

namespace {

std::string data(const std::string& name) { return std::string(SVCSIM_SOURCE_DIR) + "/tests/data/traces/" + name; }

// Imports FILES into DIR/out.yaml, checks and runs it; returns the import's outcome and the YAML.
struct Imported {
  Outcome import;
  std::string yaml;
};

Imported import_check_run(const TempDir& dir, const std::string& files) {
  Imported r;
  r.import = run_svcsim(dir, "import " + files + " -o '" + dir.file("out.yaml") + "'");
  INFO(r.import.err);
  REQUIRE(r.import.code == 0);
  r.yaml = read_file(dir.file("out.yaml"));
  const Outcome check = run_svcsim(dir, "check '" + dir.file("out.yaml") + "'");
  INFO(check.err);
  CHECK(check.code == 0);
  const Outcome run = run_svcsim(dir, "run '" + dir.file("out.yaml") + "' --duration 20s --quiet --no-progress");
  INFO(run.err);
  CHECK(run.code == 0);
  return r;
}

}  // namespace

TEST_CASE("import: yelp.json (Zipkin, shared ids, fan-out, untraced dependencies)", "[import]") {
  TempDir dir;
  const auto r = import_check_run(dir, data("yelp.json"));
  CHECK(contains(r.import.err, "read " + data("yelp.json") + ": 16 spans (Zipkin v2)"));
  CHECK(contains(r.import.err, "span ids shared by a client and a server half (Zipkin), split in two: 3"));
  for (const char* node : {"  routing:\n", "  mobile_api:\n", "  spectre:\n", "  yelp-main:\n", "  memcache:\n",
                           "  mysql:\n", "  blt:\n", "  yelp_main-api_proxy:\n"})
    CHECK(contains(r.yaml, node));
  CHECK(contains(r.yaml, "# service \"yelp_main/api_proxy\""));
  CHECK(contains(r.yaml, "- parallel: [mobile_api.post-location-update-v4, yelp_main-api_proxy.post-api-proxy-proxy]"));
  CHECK(contains(r.yaml, "call: routing.post-location-update-v4"));
  CHECK(contains(r.yaml, "    - from: mobile_api\n      to: spectre\n      latency: 755us"));
  CHECK(contains(r.yaml, "# not traced: a dependency seen from 5 client spans"));  // memcache
}

TEST_CASE("import: smartthings (errors, incomplete spans, broken parents, cycles)", "[import]") {
  TempDir dir;
  const auto r = import_check_run(dir, data("smartthings-oauth-authorization.json"));
  CHECK(contains(r.import.err, "left out: spans without a timestamp or a duration (incomplete): 19"));
  CHECK(contains(r.import.err, "note: span ids shared by a client and a server half (Zipkin), split in two: 34"));
  CHECK(contains(r.import.err, "spans whose parent is not in the export (broken traces), made roots: 22"));
  CHECK(contains(r.import.err, "calls that outlast the span that made them (clock skew): clipped to it"));
  CHECK(contains(r.import.err, "left out: calls that close a call cycle (the loader refuses cycles): 2"));
  CHECK(contains(r.yaml, "    errors: "));
  CHECK(contains(r.yaml, "  auth:\n"));
}

TEST_CASE("import: messaging-kafka (PRODUCER/CONSUMER left out as links)", "[import]") {
  TempDir dir;
  const auto r = import_check_run(dir, data("messaging-kafka.json"));
  CHECK(contains(r.import.err, "left out: asynchronous links (FOLLOWS_FROM, PRODUCER/CONSUMER): the span after one "
                               "starts a request of its own: 6"));
  // Every `on-message` span (internal, below a 1-26 us `poll`) and the 9 sends below them lie outside their
  // poll: clipped away and counted, so none of the sends' time is the poll's work, and no line says it is.
  CHECK(contains(r.import.err, "note: internal and PRODUCER spans that outlast the run they are folded into (clock "
                               "skew): clipped to it: 21"));
  CHECK(!contains(r.import.err, "counted as the sender's own work"));
  CHECK(contains(r.yaml, "percentiles: {p0: 1us, p25: 1us"));  // servicea.poll: the poll spans' own 1-26 us
  CHECK(contains(r.yaml, "p100: 26us}"));
  CHECK(contains(r.yaml, "  servicea:\n"));
  // serviceb's three `on-message` spans carry an error tag: each fails the poll it is folded into.
  CHECK(contains(r.yaml, "  serviceb:\n"));
  CHECK(contains(r.yaml, "    errors: 1  # 3 of 3 spans ended in an error of their own (not a call's)\n"));
}

TEST_CASE("import: an internal span outlasting its run is clipped and counted, and its error is the run's", "[import]") {
  TempDir dir;
  const std::string skew = dir.write(
      "skew.json",
      R"([{"traceId":"a1","id":"1","kind":"SERVER","name":"get","timestamp":1000000,"duration":10000,"localEndpoint":{"serviceName":"svc"}},
          {"traceId":"a1","parentId":"1","id":"2","name":"inner","timestamp":1008000,"duration":7000,"localEndpoint":{"serviceName":"svc"}}])");
  Outcome o = run_svcsim(dir, "import '" + skew + "'");
  INFO(o.err);
  CHECK(o.code == 0);
  CHECK(contains(o.out, "- work: 10ms  # own time, from 1 span"));
  CHECK(contains(o.err, "note: internal and PRODUCER spans that outlast the run they are folded into (clock skew): "
                        "clipped to it: 1"));
  // Two internal spans fail in one request of three: one error, of the endpoint's request.
  std::string spans;
  for (int r = 0; r < 3; ++r) {
    const std::string t = std::to_string(r + 1), at = std::to_string((r + 1) * 1000000);
    const std::string tag = r == 0 ? R"(,"tags":{"error":"boom"})" : "";
    spans += std::string(r ? "," : "") + R"({"traceId":")" + t + R"(","id":"1","kind":"SERVER","name":"get","timestamp":)" + at +
             R"(,"duration":10000,"localEndpoint":{"serviceName":"svc"}})";
    for (const char* id : {"2", "3"})
      spans += R"(,{"traceId":")" + t + R"(","parentId":"1","id":")" + id + R"(","name":"inner","timestamp":)" + at +
               R"(,"duration":3000,"localEndpoint":{"serviceName":"svc"})" + tag + "}";
  }
  const std::string errors = dir.write("internal-errors.json", "[" + spans + "]");
  o = run_svcsim(dir, "import '" + errors + "'");
  INFO(o.err);
  CHECK(o.code == 0);
  CHECK(contains(o.out, "    errors: 0.333333  # 1 of 3 spans ended in an error of their own (not a call's)\n"));
}

TEST_CASE("import: ascend, otlp-example, jaeger-fixture", "[import]") {
  TempDir dir;
  auto r = import_check_run(dir, data("ascend.json"));
  CHECK(contains(r.import.err, "internal spans folded into the run of their service that they belong to: 2"));
  r = import_check_run(dir, data("otlp-example.json"));
  CHECK(contains(r.import.err, "1 span (OTLP/JSON)"));
  CHECK(contains(r.import.err, "spans whose parent is not in the export (broken traces), made roots: 1"));
  CHECK(contains(r.yaml, "  my-service:\n    # service \"my.service\"\n"));
  CHECK(contains(r.yaml, "# operation \"I'm a server span\""));
  r = import_check_run(dir, data("jaeger-fixture.json"));
  CHECK(contains(r.import.err, "3 spans (Jaeger JSON)"));
  CHECK(contains(r.import.err, "asynchronous links (FOLLOWS_FROM, PRODUCER/CONSUMER): the span after one starts a "
                               "request of its own: 1"));
  CHECK(contains(r.yaml, "call: service_2.span1"));
  CHECK(contains(r.yaml, "errors: 0.5  # 1 of 2 spans ended in an error of their own"));
}

TEST_CASE("import: DeathStarBench style (kinds in names, MongoDB untraced)", "[import]") {
  TempDir dir;
  const auto r = import_check_run(dir, data("deathstarbench-style.json"));
  CHECK(contains(r.import.err, "kind read from a _client/_server name suffix (DeathStarBench): 120"));
  CHECK(contains(r.yaml, "call: text-service.compose_text  # in 20 of 20 runs"));
  CHECK(contains(r.yaml, "call: mongodb.mongo_insert"));
  CHECK(contains(r.yaml, "call: compose-post-service.compose_post"));
  CHECK(contains(r.yaml, "      latency: 60us  # from 20 client/server span pairs"));
}

TEST_CASE("import: two JSON Lines files together (parallel, probability, repeat, errors)", "[import]") {
  TempDir dir;
  const auto r = import_check_run(dir, data("otlp-lines-1.jsonl") + " " + data("otlp-lines-2.jsonl"));
  CHECK(contains(r.import.err, "used 420 spans in 60 traces"));
  CHECK(contains(r.yaml, "- choose:  # calls that overlap, in 30 of 60 runs"));
  CHECK(contains(r.yaml, "- parallel: [catalog.list, prices.get]"));
  CHECK(contains(r.yaml, "call: postgresql.SELECT  # in 60 of 60 runs\n            repeat: 2"));
  CHECK(contains(r.yaml, "errors: 0.016667  # 1 of 60 spans"));
  CHECK(contains(r.yaml, "rate: 10.1561/s  # 60 root spans over 5.90779s observed"));
  // The same input gives the same bytes; stdout holds the same scenario as -o.
  const Outcome again = run_svcsim(dir, "import " + data("otlp-lines-1.jsonl") + " " + data("otlp-lines-2.jsonl"));
  CHECK(again.out == r.yaml);
  // --sampled divides rates.
  const Outcome sampled = run_svcsim(dir, "import --sampled 10% " + data("otlp-lines-1.jsonl") + " " +
                                              data("otlp-lines-2.jsonl"));
  CHECK(contains(sampled.out, "rate: 101.561/s"));
  CHECK(contains(sampled.out, "divided by the sampled share 0.1\n"));
}

TEST_CASE("import: a tiny --sampled share is printed as given, and its large rate without float noise", "[import]") {
  TempDir dir;
  const Outcome o = run_svcsim(dir, "import --sampled 1e-9 " + data("ascend.json"));
  INFO(o.err);
  CHECK(o.code == 0);
  CHECK(contains(o.out, "rate: 25777800000/s  # 1 root span over 38.793ms observed, divided by the sampled share "
                        "1e-09\n"));
}

TEST_CASE("import: bad input is a clear error, exit 2, nothing written", "[import]") {
  TempDir dir;
  const std::string out = dir.file("never.yaml");
  const auto fails = [&](const std::string& name, const std::string& text, const std::string& expected,
                         const std::string& options = "") {
    const std::string path = dir.write(name, text);
    const Outcome o = run_svcsim(dir, "import " + options + " '" + path + "' -o '" + out + "'");
    INFO(name << ": " << o.err);
    CHECK(o.code == 2);
    CHECK(contains(o.err, path + expected));
    CHECK(!fs::exists(out));
  };
  fails("malformed.json", "[\n  {\"traceId\": \"a\", \"id\": \"b\",, }\n]\n", ":2:30: error: malformed JSON: syntax error");
  fails("glue.json", "{\"resourceSpans\": [] \"x\"}", ":1:22: error: expected ',' or '}' after a member");
  fails("truncated.json", "[{\"traceId\": \"a\"", ":1:17: error: incomplete JSON");
  fails("empty.json", "", ": error: empty file: no JSON in it");
  fails("blank.json", "  \n\n", ": error: empty file");
  fails("other.json", "{\"name\": \"not traces\"}", ":1:1: error: not a trace export");
  fails("numbers.json", "[1, 2, 3]", ":1:2: error: not a Zipkin v2 span");
  fails("scalar.json", "42", ":1:1: error: expected a JSON object or array (a trace export), found '4'");
  fails("wrong-format.json", "[]", ":1:1: error: not an OTLP/JSON export", "--format otlp");
  // A Jaeger export of no traces is one (not "neither 'data' nor 'spans'"), with nothing to model.
  fails("no-traces.json", R"({"data": []})", ": error: no request to model: the files hold no span");
  fails("data-null.json", R"({"data": null})", ":1:10: error: not a Jaeger export: 'data' is not a list of traces");
  // Spans that end before they start, a cycle of parents, repeated ids: left out, counted; nothing left is an error.
  fails("backwards.json",
        R"([{"traceId":"1","id":"a","name":"x","timestamp":100,"duration":-5,"localEndpoint":{"serviceName":"s"}}])",
        ": error: no request to model");
  const std::string cycle = dir.write(
      "cycle.json",
      R"([{"traceId":"1","id":"a","parentId":"b","name":"x","timestamp":100,"duration":5,"localEndpoint":{"serviceName":"s"}},
          {"traceId":"1","id":"b","parentId":"a","name":"y","timestamp":100,"duration":5,"localEndpoint":{"serviceName":"t"}},
          {"traceId":"1","id":"c","name":"root","timestamp":90,"duration":50,"localEndpoint":{"serviceName":"t"}},
          {"traceId":"1","id":"c","name":"again","timestamp":90,"duration":50,"localEndpoint":{"serviceName":"t"}},
          {"traceId":"1","id":"d","parentId":"c","name":"late","timestamp":100,"duration":-1,"localEndpoint":{"serviceName":"u"}}])");
  const Outcome o = run_svcsim(dir, "import '" + cycle + "'");
  INFO(o.err);
  CHECK(o.code == 0);
  CHECK(contains(o.err, "left out: spans in a cycle of parent links, or below one: 2"));
  CHECK(contains(o.err, "left out: spans whose id repeats another span's in the same trace (the first is kept): 1"));
  CHECK(contains(o.err, "left out: spans that end before they start: 1"));
  // Options.
  CHECK(run_svcsim(dir, "import --format xml '" + cycle + "'").code == 2);
  CHECK(run_svcsim(dir, "import --sampled 0 '" + cycle + "'").code == 2);
  CHECK(run_svcsim(dir, "import '" + cycle + "' -o '" + dir.file("no/such/folder.yaml") + "'").code == 2);
  CHECK(run_svcsim(dir, "import '" + dir.file("missing.json") + "'").code == 2);
}

TEST_CASE("import: 100,000 spans in one trace file, in seconds", "[import]") {
  TempDir dir;
  std::ofstream f(dir.file("big.jsonl"));
  // 10,000 requests of 10 spans each, one OTLP object per line.
  for (int r = 0; r < 10000; ++r) {
    const auto t0 = 1735689600000000000LL + r * 1000000LL;
    f << R"({"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}}]},"scopeSpans":[{"spans":[)";
    f << R"({"traceId":")" << r + 1 << R"(","spanId":"1","name":"get","kind":2,"startTimeUnixNano":")" << t0
      << R"(","endTimeUnixNano":")" << t0 + 900000 + (r % 100) * 1000 << "\"}";
    for (int c = 0; c < 9; ++c)
      f << R"(,{"traceId":")" << r + 1 << R"(","spanId":")" << c + 2 << R"(","parentSpanId":"1","name":"q","kind":3,"startTimeUnixNano":")"
        << t0 + 10000 + c * 90000 << R"(","endTimeUnixNano":")" << t0 + 90000 + c * 90000
        << R"(","attributes":[{"key":"db.system","value":{"stringValue":"redis"}}]})";
    f << "]}]}]}\n";
  }
  f.close();
  const auto start = std::chrono::steady_clock::now();
  const Outcome o = run_svcsim(dir, "import '" + dir.file("big.jsonl") + "'");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  INFO(o.err);
  CHECK(o.code == 0);
  CHECK(contains(o.err, "100000 spans (OTLP/JSON)"));
  CHECK(contains(o.out, "call: redis.q  # in 10000 of 10000 runs\n            repeat: 9"));
  CHECK(seconds < 20);  // about 1 s on the 2-core CI machine
}

TEST_CASE("calibrate: a model imported from traces against the same traces", "[calibrate]") {
  TempDir dir;
  const std::string files = data("otlp-lines-1.jsonl") + " " + data("otlp-lines-2.jsonl");
  REQUIRE(run_svcsim(dir, "import " + files + " -o '" + dir.file("model.yaml") + "'").code == 0);
  Outcome o = run_svcsim(dir, "calibrate '" + dir.file("model.yaml") + "' " + files + " --json '" +
                                  dir.file("cal.json") + "'");
  INFO(o.out << o.err);
  CHECK(o.code == 0);
  CHECK(contains(o.out, "workload GET-home"));
  CHECK(contains(o.out, "endpoint frontend.GET-home"));
  CHECK(contains(read_file(dir.file("cal.json")), "\"drifted\":false"));
  // A model twice as slow drifts: exit 1.
  std::string yaml = read_file(dir.file("model.yaml"));
  yaml.replace(yaml.find("work: 1.8ms"), 11, "work: 9ms");
  dir.write("slow.yaml", yaml);
  o = run_svcsim(dir, "calibrate '" + dir.file("slow.yaml") + "' " + files);
  CHECK(o.code == 1);
  CHECK(contains(o.out, "DRIFT"));
  CHECK(run_svcsim(dir, "calibrate '" + dir.file("model.yaml") + "' " + files + " --tolerance x").code == 2);
}

TEST_CASE("import: one trace of 100,000 spans, wide or deep, in seconds", "[import]") {
  TempDir dir;
  {  // wide: a batch job making 99,999 calls, 1000 distinct ones in a cycle
    std::ofstream f(dir.file("wide.json"));
    f << R"([{"traceId":"1","id":"1","kind":"SERVER","name":"batch","timestamp":0,"duration":10000000,"localEndpoint":{"serviceName":"api"}})";
    for (int i = 0; i < 99999; ++i)
      f << R"(,{"traceId":"1","id":")" << std::hex << i + 2 << std::dec << R"(","parentId":"1","kind":"CLIENT","name":"op)"
        << i % 1000 << R"(","timestamp":)" << i * 100 << R"(,"duration":90,"localEndpoint":{"serviceName":"api"},"tags":{"db.system":"redis"}})";
    f << "]";
  }
  auto start = std::chrono::steady_clock::now();
  Outcome o = run_svcsim(dir, "import '" + dir.file("wide.json") + "' -o '" + dir.file("wide.yaml") + "'");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  INFO(o.err);
  CHECK(o.code == 0);
  CHECK(seconds < 20);
  CHECK(contains(o.err, "note: endpoints with more than 500 places for calls, aggregated per callee (order and "
                        "own-time places lost): 1"));
  CHECK(contains(read_file(dir.file("wide.yaml")), "- call: redis.op0  # in 1 of 1 run\n            repeat: 100"));
  CHECK(run_svcsim(dir, "check '" + dir.file("wide.yaml") + "'").code == 0);
  {  // deep: a chain of 100,000 server spans over 50 services, each a new operation
    std::ofstream f(dir.file("deep.json"));
    f << "[";
    for (int i = 0; i < 100000; ++i) {
      f << (i ? "," : "") << R"({"traceId":"2","id":"s)" << i << '"';
      if (i) f << R"(,"parentId":"s)" << i - 1 << '"';
      f << R"(,"kind":"SERVER","name":"op)" << i << R"(","timestamp":)" << i << R"(,"duration":)" << 200000 - 2 * i
        << R"(,"localEndpoint":{"serviceName":"svc)" << i % 50 << R"("}})";
    }
    f << "]";
  }
  start = std::chrono::steady_clock::now();
  o = run_svcsim(dir, "import '" + dir.file("deep.json") + "' -o '" + dir.file("deep.yaml") + "'");
  seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  INFO(o.err);
  CHECK(o.code == 0);
  CHECK(seconds < 20);
  CHECK(contains(o.err, "used 100000 spans in 1 trace: 1 root, 100000 endpoints"));
  CHECK(contains(o.err, "more than the 16 MiB the loader reads"));  // said at once, not only by `check`
}
