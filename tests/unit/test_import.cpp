// The importer's stages one at a time: the streaming scanner, each format's
// reader, the span forest (shared ids, kinds, broken and cyclic parents,
// asynchronous links), runs (own time, clipping, overlap), step templates
// (parallel, probability, repeat), percentile points, names, and the writer's
// output through the ordinary loader.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "import/empirical_points.hpp"
#include "import/json_pieces.hpp"
#include "import/names.hpp"
#include "import/observations.hpp"
#include "import/span_forest.hpp"
#include "import/step_template.hpp"
#include "import/trace_files.hpp"
#include "support/trace_writer.hpp"
#include "svcsim/calibration.hpp"
#include "svcsim/loader.hpp"
#include "svcsim/trace_import.hpp"

using namespace svcsim;
using namespace svcsim::trace_import;
using svcsim::test::otlp_line;
using svcsim::test::TestSpan;

namespace {

namespace fs = std::filesystem;

struct TempFile {
  fs::path path;
  explicit TempFile(const std::string& text, const std::string& name = "trace.json") {
    path = fs::temp_directory_path() / ("svcsim_import_" + std::to_string(::getpid()) + "_" + name);
    std::ofstream(path, std::ios::binary) << text;
  }
  ~TempFile() {
    std::error_code ec;
    fs::remove(path, ec);
  }
  std::string str() const { return path.string(); }
};

SpanSet read_text(const std::string& text, TraceFormat format = TraceFormat::automatic, std::string* error = nullptr) {
  TempFile file(text);
  SpanSet set;
  const ReadFilesResult r = read_trace_files({file.str()}, format, set);
  if (error) *error = r.error;
  else INFO(r.error);
  if (!error) REQUIRE(r.error.empty());
  return set;
}

const std::string& name_of(const SpanSet& set, std::uint32_t s) { return set.strings.at(s); }

// A forest and its observations from OTLP lines.
struct Model {
  SpanSet set;
  SpanForest forest;
  Observations obs;
  ScenarioNames names;
};

Model model_of(const std::string& lines) {
  Model m;
  m.set = read_text(lines);
  m.forest = build_span_forest(m.set);
  m.obs = observe(m.forest, m.set.strings);
  m.names = name_everything(m.obs);
  return m;
}

const ObservedEndpoint& endpoint(const Model& m, const std::string& node, const std::string& op) {
  for (const auto& e : m.obs.endpoints)
    if (e.node == node && e.operation == op) return e;
  FAIL("no endpoint " << node << "." << op);
  return m.obs.endpoints.front();
}

}  // namespace

TEST_CASE("json pieces: positions, pieces per top-level element, JSON Lines", "[import]") {
  TempFile file("{\"a\": 1,\n \"list\": [{\"x\": 1}, [2, 3]],\n \"s\": \"q\\\"]\"}\n{\"b\": []}\n");
  std::vector<std::string> seen;
  JsonPieceHandler h;
  h.piece = [&](const JsonPiece& p) -> std::optional<FileError> {
    seen.push_back(std::string(p.key) + "@" + std::to_string(p.at.line) + ":" + std::to_string(p.at.column) + "=" +
                   std::string(p.text));
    return std::nullopt;
  };
  std::uint64_t values = 0;
  REQUIRE(!scan_json_file(file.str(), h, values));
  CHECK(values == 2);
  CHECK(seen == std::vector<std::string>{"a@1:7=1", "list@2:11={\"x\": 1}", "list@2:21=[2, 3]", "s@3:7=\"q\\\"]\""});
  // A syntax error inside a piece is placed in the file.
  JsonPiece piece;
  piece.text = "{\n  \"x\": tru }";
  piece.at = {5, 3};
  boost::json::value v;
  const auto error = parse_piece(piece, v);
  REQUIRE(error);
  CHECK(error->at->line == 6);
  CHECK(error->at->column == 8);
}

TEST_CASE("readers: the three formats give the same span model", "[import]") {
  SECTION("Zipkin v2: microseconds, kinds, shared, error tag, remote endpoint") {
    const SpanSet set = read_text(
        R"([{"traceId":"00000000000000ab","id":"0000000000000001","kind":"CLIENT","name":"get","timestamp":10,"duration":5,
             "localEndpoint":{"serviceName":"web"},"remoteEndpoint":{"serviceName":"db"},"tags":{"error":"boom"}},
            [{"traceId":"ab","id":"2","parentId":"1","kind":"SERVER","name":"x","timestamp":11,"duration":3,"shared":true}]])");
    REQUIRE(set.spans.size() == 2);
    const Span& c = set.spans[0];
    CHECK(c.trace == set.spans[1].trace);  // leading zeros do not matter
    CHECK(c.kind == SpanKind::client);
    CHECK(c.start_ns == 10000);
    CHECK(c.end_ns == 15000);
    CHECK(c.error);
    CHECK(name_of(set, c.peer) == "db");
    CHECK(name_of(set, c.service) == "web");
    CHECK(set.spans[1].shared);
    CHECK(set.spans[1].parent == c.id);
  }
  SECTION("Jaeger: {data: […]}, processes, references, span.kind and error tags") {
    const SpanSet set = read_text(R"({"data":[{"traceID":"t1","spans":[
        {"traceID":"t1","spanID":"a","operationName":"root","startTime":100,"duration":50,"processID":"p1",
         "tags":[{"key":"span.kind","type":"string","value":"server"}]},
        {"traceID":"t1","spanID":"b","operationName":"later","startTime":160,"duration":5,"processID":"p1",
         "references":[{"refType":"FOLLOWS_FROM","traceID":"t1","spanID":"a"}],
         "tags":[{"key":"error","type":"bool","value":true},{"key":"db.system","type":"string","value":"redis"}]}],
        "processes":{"p1":{"serviceName":"svc"}}}],"total":0})");
    REQUIRE(set.spans.size() == 2);
    CHECK(set.spans[0].kind == SpanKind::server);
    CHECK(set.spans[0].end_ns == 150000);
    CHECK(set.spans[1].follows_from);
    CHECK(set.spans[1].parent == set.spans[0].id);
    CHECK(set.spans[1].error);
    CHECK(name_of(set, set.spans[1].peer) == "redis");
    CHECK(name_of(set, set.spans[1].service) == "svc");
  }
  SECTION("Jaeger: one trace object, processes after the spans") {
    const SpanSet set = read_text(R"({"traceID":"t","spans":[{"traceID":"t","spanID":"a","operationName":"x",
        "startTime":1,"duration":2,"processID":"p"}],"processes":{"p":{"serviceName":"late"}}})");
    REQUIRE(set.spans.size() == 1);
    CHECK(name_of(set, set.spans[0].service) == "late");
  }
  SECTION("OTLP: nanosecond strings, enum names, status, zero parent") {
    const SpanSet set = read_text(
        R"({"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}}]},
            "scopeSpans":[{"spans":[{"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174",
            "parentSpanId":"0000000000000000","name":"n","kind":"SPAN_KIND_CLIENT","startTimeUnixNano":"1544712660000000000",
            "endTimeUnixNano":1544712660000000500,"status":{"code":"STATUS_CODE_ERROR"},
            "attributes":[{"key":"server.address","value":{"stringValue":"db.local"}}]}]}]}]})");
    REQUIRE(set.spans.size() == 1);
    const Span& s = set.spans[0];
    CHECK(s.parent == 0);
    CHECK(s.kind == SpanKind::client);
    CHECK(s.end_ns - s.start_ns == 500);
    CHECK(s.error);
    CHECK(name_of(set, s.peer) == "db.local");
    CHECK(s.trace.high == 0x5B8EFFF798038103ull);
  }
  SECTION("Jaeger: an empty 'data' list is an export of no traces, not another format") {
    std::string error;
    const SpanSet none = read_text(R"({"data": [], "total": 0})", TraceFormat::automatic, &error);
    CHECK(error.empty());
    CHECK(none.spans.empty());
    read_text(R"({"data": null})", TraceFormat::automatic, &error);
    CHECK(error.find(":1:10: error: not a Jaeger export: 'data' is not a list of traces") != std::string::npos);
  }
  SECTION("errors name the place") {
    std::string error;
    read_text("[{\"traceId\": 1}]", TraceFormat::automatic, &error);
    CHECK(error.find(":1:2: error: not a Zipkin v2 span") != std::string::npos);
    read_text("{\"data\": [{\"spans\": 3}]}", TraceFormat::automatic, &error);
    CHECK(error.find(":1:11: error: not a Jaeger trace") != std::string::npos);
    read_text("{\"resourceSpans\": []}", TraceFormat::jaeger, &error);
    CHECK(error.find("not a Jaeger export") != std::string::npos);
  }
}

TEST_CASE("span forest: shared ids, kinds from names, broken and cyclic parents, async links", "[import]") {
  SpanSet set = read_text(R"([
    {"traceId":"1","id":"a","kind":"CLIENT","name":"call","timestamp":0,"duration":10,"localEndpoint":{"serviceName":"web"}},
    {"traceId":"1","id":"a","kind":"SERVER","name":"call","timestamp":1,"duration":8,"localEndpoint":{"serviceName":"api"},"shared":true},
    {"traceId":"1","id":"b","parentId":"a","name":"read_client","timestamp":2,"duration":3,"localEndpoint":{"serviceName":"api"}},
    {"traceId":"1","id":"c","parentId":"zz","name":"orphan","timestamp":0,"duration":1,"localEndpoint":{"serviceName":"x"}},
    {"traceId":"1","id":"d","parentId":"e","name":"loop1","timestamp":0,"duration":1,"localEndpoint":{"serviceName":"x"}},
    {"traceId":"1","id":"e","parentId":"d","name":"loop2","timestamp":0,"duration":1,"localEndpoint":{"serviceName":"x"}},
    {"traceId":"1","id":"f","parentId":"a","kind":"CONSUMER","name":"on-msg","timestamp":5,"duration":1,"localEndpoint":{"serviceName":"q"}},
    {"traceId":"1","id":"g","name":"back","timestamp":5,"duration":-1,"localEndpoint":{"serviceName":"x"}}])");
  const SpanForest f = build_span_forest(set);
  CHECK(f.spans.size() == 5);  // 8 - the cycle's 2 - the backwards one (the shared id's halves stay two)
  CHECK(set.left_out.counts.at("spans in a cycle of parent links, or below one") == 2);
  CHECK(set.left_out.counts.at("spans that end before they start") == 1);
  CHECK(f.notes.at("span ids shared by a client and a server half (Zipkin), split in two") == 1);
  CHECK(f.notes.at("spans whose parent is not in the export (broken traces), made roots") == 1);
  CHECK(f.notes.count("spans without a kind, kind read from a _client/_server name suffix (DeathStarBench)") == 1);
  // The client half is a root; the server half its child; the DeathStarBench client below the server.
  std::uint32_t client = kNoSpan, server = kNoSpan, read = kNoSpan, consumer = kNoSpan;
  for (std::uint32_t i = 0; i < f.size(); ++i) {
    const std::string& n = set.strings.at(f.spans[i].name);
    if (n == "call" && f.spans[i].kind == SpanKind::client) client = i;
    if (n == "call" && f.spans[i].kind == SpanKind::server) server = i;
    if (n == "read") read = i;
    if (n == "on-msg") consumer = i;
  }
  REQUIRE(client != kNoSpan);
  REQUIRE(server != kNoSpan);
  REQUIRE(read != kNoSpan);
  CHECK(f.parent[client] == kNoSpan);
  CHECK(f.parent[server] == client);
  CHECK(f.parent[read] == server);
  CHECK(f.spans[read].kind == SpanKind::client);
  CHECK(f.parent[consumer] == kNoSpan);  // the asynchronous link is cut
  CHECK(f.roots.size() == 3);
}

TEST_CASE("runs: own time is the span less the union of its calls, clipped, and overlapping calls group", "[import]") {
  // api.get from 0 to 100: calls a [10, 30] and b [20, 40] overlap; c [60, 120] outlasts it (clipped to 100);
  // an internal span [45, 55] with a call d [50, 52] inside is folded in.
  std::vector<TestSpan> s = {
      {"api", "get", 2, 0, 100, -1, false, ""}, {"api", "a", 3, 10, 30, 0, false, ""}, {"a", "a", 2, 11, 29, 1, false, ""},
      {"api", "b", 3, 20, 40, 0, false, ""},    {"b", "b", 2, 21, 39, 3, false, ""},
      {"api", "c", 3, 60, 120, 0, false, ""},   {"c", "c", 2, 61, 119, 5, false, ""},
      {"api", "work", 1, 45, 55, 0, false, ""}, {"api", "d", 3, 50, 52, 7, false, ""},
      {"d", "d", 2, 50, 52, 8, false, ""}};
  const Model m = model_of(otlp_line(0, s));
  const ObservedEndpoint& get = endpoint(m, "api", "get");
  REQUIRE(get.executions.size() == 1);
  const Execution& run = get.executions[0];
  REQUIRE(run.groups.size() == 3);
  CHECK(run.groups[0].targets.size() == 2);  // a and b overlap
  CHECK(run.groups[0].start_ns == 10);
  CHECK(run.groups[0].end_ns == 40);
  CHECK(run.groups[2].end_ns == 100);  // c clipped to the span
  CHECK(run.gaps == std::vector<std::int64_t>{10, 10, 8, 0});  // 0-10, 40-50, 52-60, 100-100
  CHECK(m.obs.notes.at("calls that outlast the span that made them (clock skew): clipped to it") == 1);
  CHECK(m.obs.notes.at("internal spans folded into the run of their service that they belong to") == 1);
  // Network: half of (client - server) per link.
  CHECK(m.obs.links.at({"api", "a"}) == std::vector<std::int64_t>{1});
}

TEST_CASE("runs: internal and PRODUCER spans reaching outside their run are clipped and counted", "[import]") {
  // api.get from 0 to 100; an internal span [80, 150] outlasts it, one [10, 20] does not; a PRODUCER
  // send [30, 40] lies within it, one [90, 130] below the late internal span does not.
  const Model m = model_of(otlp_line(0, {{"api", "get", 2, 0, 100, -1, false, ""},
                                         {"api", "late", 1, 80, 150, 0, false, ""},
                                         {"api", "early", 1, 10, 20, 0, false, ""},
                                         {"api", "send", 4, 30, 40, 0, false, ""},
                                         {"api", "send", 4, 90, 130, 1, false, ""}}));
  const ObservedEndpoint& get = endpoint(m, "api", "get");
  CHECK(get.leaf_durations == std::vector<std::int64_t>{100});  // own time: the run, clipped
  CHECK(m.obs.notes.at("internal and PRODUCER spans that outlast the run they are folded into (clock skew): "
                       "clipped to it") == 2);
  CHECK(m.obs.notes.at("PRODUCER spans (asynchronous sends): their time counted as the sender's own work") == 1);
}

TEST_CASE("runs: an internal span's error is the run's, counted once", "[import]") {
  std::string lines;
  // Request 0: two failed internal spans; 1: none; 2: a failed internal span and a failed call below it
  // (the call's error, not the run's own); 3: a failed internal span wholly after its run (skew).
  lines += otlp_line(0, {{"api", "get", 2, 0, 100, -1, false, ""},
                         {"api", "parse", 1, 10, 20, 0, true, ""},
                         {"api", "render", 1, 30, 40, 0, true, ""}});
  lines += otlp_line(1, {{"api", "get", 2, 0, 100, -1, false, ""}, {"api", "parse", 1, 10, 20, 0, false, ""}});
  lines += otlp_line(2, {{"api", "get", 2, 0, 100, -1, false, ""},
                         {"api", "load", 1, 10, 60, 0, true, ""},
                         {"api", "q", 3, 20, 50, 1, true, "redis"}});
  lines += otlp_line(3, {{"api", "get", 2, 0, 100, -1, false, ""}, {"api", "late", 1, 200, 300, 0, true, ""}});
  const Model m = model_of(lines);
  const ObservedEndpoint& get = endpoint(m, "api", "get");
  CHECK(get.runs() == 4);
  CHECK(get.own_errors() == 2);  // requests 0 and 3
  CHECK(get.leaf_errors == 2);
  REQUIRE(get.executions.size() == 1);
  CHECK_FALSE(get.executions[0].own_error);
}

TEST_CASE("step templates: probability, repeat, parallel from many runs", "[import]") {
  std::string lines;
  for (std::uint64_t r = 0; r < 100; ++r) {
    const std::int64_t t = static_cast<std::int64_t>(r) * 1000000;
    std::vector<TestSpan> s = {{"web", "home", 2, t, t + 1000, -1, false, ""}};
    std::int64_t at = t + 100;
    const auto call = [&](const std::string& svc, std::int64_t start, std::int64_t end) {
      s.push_back({"web", svc, 3, start, end, 0, false, ""});
      s.push_back({svc, "op", 2, start + 1, end - 1, static_cast<int>(s.size()) - 1, false, ""});
    };
    call("auth", at, at + 50);  // always
    at += 100;
    if (r % 4 == 0) {  // a quarter of the runs: db three times in a row
      for (int k = 0; k < 3; ++k, at += 60) call("db", at, at + 50);
    }
    call("left", at, at + 100);  // then two calls at once
    call("right", at + 10, at + 80);
    s.push_back({"web", "SET", 3, at + 200, at + 250, 0, false, "redis"});  // an untraced cache
    lines += otlp_line(r, s);
  }
  const Model m = model_of(lines);
  const ObservedEndpoint& home = endpoint(m, "web", "home");
  const StepTemplate t = build_step_template(home.executions, home.leaf_durations);
  REQUIRE(t.slots.size() == 4);
  CHECK(t.runs == 100);
  CHECK(t.slots[0].runs == 100);
  CHECK(t.slots[1].runs == 25);  // db: probability 25 %
  CHECK(t.slots[1].repeat == 3);
  CHECK(t.slots[2].targets.size() == 2);  // left and right overlap: parallel
  CHECK(t.slots[2].runs == 100);
  CHECK(m.obs.endpoints[t.slots[3].targets[0]].node == "redis");
  CHECK(!m.obs.endpoints[t.slots[3].targets[0]].traced);
  // Own time sums to each run's own time.
  std::int64_t own = 0;
  for (const auto& place : t.own_time) own += place[0];
  CHECK(own == 1000 - 50 - 3 * 50 - 100 - 50);
  CHECK(t.own_time[0][0] == 100);
}

TEST_CASE("percentile points keep the tail where the samples reach it", "[import]") {
  std::vector<std::int64_t> samples;
  for (int i = 1; i <= 10000; ++i) samples.push_back(i);
  auto points = empirical_points(samples);
  CHECK(points.front().percentile == 0);
  CHECK(points.back().percentile == 100);
  CHECK(points.size() == 28);  // every candidate: 10,000 samples reach p99.99
  CHECK(points[points.size() - 2].percentile == 99.99);
  CHECK(quantile_of_sorted(samples, 0.5) == 5001);  // 5000.5 rounded half away from zero
  points = empirical_points({5, 1, 3});
  CHECK(points.size() == 9);  // p0, p35…p65 (a sample beyond each), p100
  CHECK(points[1].percentile == 35);
  CHECK(points.back().ns == 5);
  points = empirical_points(std::vector<std::int64_t>(100, 7));
  CHECK(points.size() == 25);  // up to p99, not p99.5
  CHECK(percentile_key(99.9) == "p99.9");
}

TEST_CASE("names: valid, unique, deterministic", "[import]") {
  CHECK(node_name_from("My.Service") == "my-service");
  CHECK(node_name_from("123") == "n-123");
  CHECK(node_name_from("///") == "unnamed");
  CHECK(identifier_from("GET /api/{id}") == "GET-api-id");
  CHECK(identifier_from("_x") == "e_x");
  CHECK(node_name_from(std::string(300, 'a')).size() == 100);
  // `client` is reserved; two services that clean up alike stay apart; workloads do not take node names.
  std::string lines = otlp_line(0, {{"client", "x", 2, 0, 10, -1, false, ""}}) +
                      otlp_line(1, {{"a.b", "a-b", 2, 0, 10, -1, false, ""}}) +
                      otlp_line(2, {{"a/b", "op", 2, 0, 10, -1, false, ""}});
  const Model m = model_of(lines);
  CHECK(m.names.nodes.at("client") == "client-2");
  CHECK(m.names.nodes.at("a.b") == "a-b");
  CHECK(m.names.nodes.at("a/b") == "a-b-2");
  std::vector<std::string> workloads = m.names.workload;
  std::sort(workloads.begin(), workloads.end());
  CHECK(workloads == std::vector<std::string>{"a-b-3", "op", "x"});
}

TEST_CASE("writer: the scenario loads, and the same traces give the same bytes", "[import]") {
  std::string lines;
  for (std::uint64_t r = 0; r < 50; ++r) {
    const std::int64_t t = static_cast<std::int64_t>(r) * 20000000;
    lines += otlp_line(r, {{"front door", "GET /", 2, t, t + 5000000 + static_cast<std::int64_t>(r) * 1000, -1, r == 3, ""},
                           {"front door", "q", 3, t + 1000000, t + 2000000, 0, false, "mysql"},
                           {"front door", "self", 3, t + 2500000, t + 4000000, 0, false, ""},
                           {"front door", "self", 2, t + 2600000, t + 3900000, 2, false, ""},
                           {"front door", "self", 3, t + 2700000, t + 3800000, 3, false, ""},
                           {"front door", "self", 2, t + 2800000, t + 3700000, 4, false, ""}});
  }
  TempFile a(lines, "a.jsonl");
  TraceImportOptions options;
  options.files = {a.str()};
  options.name = "w";
  const TraceImportResult first = import_traces(options);
  REQUIRE(first.error.empty());
  const TraceImportResult second = import_traces(options);
  CHECK(first.yaml == second.yaml);
  const LoadResult loaded = load_scenario_text(first.yaml, "imported.yaml");
  for (const auto& e : loaded.errors) INFO(e.format());
  REQUIRE(loaded.scenario);
  const Scenario& s = *loaded.scenario;
  CHECK(s.name == "w");
  REQUIRE(s.workloads.size() == 1);
  CHECK(s.workloads[0].call == "front-door.GET");
  CHECK(s.workloads[0].rate_per_s == Approx(50 / 0.985049).epsilon(1e-4));
  // The recursive call (self calling self) closes a cycle: left out, and said so.
  bool said = false;
  for (const auto& line : first.report) said = said || line.find("close a call cycle") != std::string::npos;
  CHECK(said);
  for (const auto& n : s.nodes) CHECK(!n.concurrency.has_value());  // unlimited everywhere
}

TEST_CASE("runs: a client span nested in a client span of the same service is one call", "[import]") {
  // web's "GET cart" client span holds an HTTP library's client span, below which cart's server span ran.
  const Model m = model_of(otlp_line(0, {{"web", "home", 2, 0, 100, -1, false, ""},
                                         {"web", "GET cart", 3, 10, 60, 0, false, ""},
                                         {"web", "HTTP GET", 3, 12, 58, 1, false, ""},
                                         {"cart", "get", 2, 20, 50, 2, false, ""}}));
  const ObservedEndpoint& home = endpoint(m, "web", "home");
  REQUIRE(home.executions.size() == 1);
  REQUIRE(home.executions[0].groups.size() == 1);
  CHECK(m.obs.endpoints[home.executions[0].groups[0].targets[0]].node == "cart");
  CHECK(m.obs.links.at({"web", "cart"}) == std::vector<std::int64_t>{10});  // (50 - 30) / 2: the outer span
  CHECK(m.obs.notes.at("client spans nested in a client span: the outer one is the call") == 1);
}

TEST_CASE("calibrate compares a percentile only with enough spans", "[import]") {
  CHECK(samples_needed(0.5) == 10);
  CHECK(samples_needed(0.9) == 50);
  CHECK(samples_needed(0.99) == 500);
}

TEST_CASE("writer: a fan-out wider than a parallel step allows is split, and loads", "[import]") {
  std::vector<TestSpan> s = {{"api", "search", 2, 0, 1000, -1, false, ""}};
  for (int k = 0; k < 70; ++k) {
    s.push_back({"api", "shard", 3, 10, 900, 0, false, ""});
    s.push_back({"shard", "query", 2, 20, 800, static_cast<int>(s.size()) - 1, false, ""});
  }
  TempFile file(otlp_line(0, s), "fan.jsonl");
  TraceImportOptions options;
  options.files = {file.str()};
  const TraceImportResult r = import_traces(options);
  REQUIRE(r.error.empty());
  const LoadResult loaded = load_scenario_text(r.yaml, "fan.yaml");
  for (const auto& e : loaded.errors) INFO(e.format());
  REQUIRE(loaded.scenario);
  const auto& api = *std::find_if(loaded.scenario->nodes.begin(), loaded.scenario->nodes.end(),
                                  [](const Node& n) { return n.name == "api"; });
  std::size_t calls = 0, parallels = 0;
  for (const Step& step : api.endpoints[0].steps)
    if (const auto* p = std::get_if<ParallelStep>(&step.action)) {
      ++parallels;
      calls += p->calls.size();
    }
  CHECK(parallels == 2);
  CHECK(calls == 70);
}

// Found by fuzz_import_jaeger (tests/fuzz/regressions/import_jaeger/): a time
// in microseconds past 2262 overflowed int64 nanoseconds (UBSan).
TEST_CASE("readers: spans with times past the nanosecond range are left out and counted", "[import]") {
  const SpanSet set = read_text(R"({"data":[{"traceID":"t1","spans":[
      {"traceID":"t1","spanID":"a","operationName":"root","startTime":100,"duration":50,"processID":"p1"},
      {"traceID":"t1","spanID":"b","operationName":"far","startTime":170000000000001400,"duration":5,"processID":"p1"},
      {"traceID":"t1","spanID":"c","operationName":"long","startTime":100,"duration":9223372036854775807,"processID":"p1"}],
      "processes":{"p1":{"serviceName":"svc"}}}]})");
  REQUIRE(set.spans.size() == 1);
  CHECK(set.left_out.counts.at("spans with times past the year 2262 (out of the nanosecond range)") == 2);
}
