// `svcsim run --traces` (SPEC 8.1) from the command line: OTLP/JSON lines of
// sampled and slow requests, the same file from run to run, no other result
// changed, replication 0 only, and bad options refused before the run.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "support/cli_runner.hpp"
#include "support/otlp_check.hpp"

using namespace svcsim::test;

namespace {

std::string shipped(const std::string& name) { return std::string(SVCSIM_SOURCE_DIR) + "/scenarios/" + name; }

std::string without_wall_clock(const std::string& json) {
  std::istringstream in(json);
  std::string line, out;
  while (std::getline(in, line))
    if (!contains(line, "\"wall_s\"") && !contains(line, "\"events_per_s\"")) out += line + '\n';
  return out;
}

}  // namespace

TEST_CASE("run --traces: the same file twice, and no other result changes", "[traces]") {
  for (const char* scenario : {"netflix.yaml", "retry-storm.yaml"}) {
    INFO(scenario);
    TempDir dir;
    const std::string common = "run '" + shipped(scenario) + "' --duration 45s --quiet --no-progress ";  // past the slowdown
    const Outcome plain = run_svcsim(dir, common + "--json '" + dir.file("plain.json") + "'");
    REQUIRE(plain.code <= 1);
    const Outcome traced = run_svcsim(dir, common + "--json '" + dir.file("traced.json") + "' --traces '" +
                                               dir.file("a.jsonl") + "' --trace-sample 20% --trace-slower-than 500ms");
    INFO(traced.err);
    REQUIRE(traced.code == plain.code);
    CHECK(without_wall_clock(read_file(dir.file("plain.json"))) ==
          without_wall_clock(read_file(dir.file("traced.json"))));
    REQUIRE(run_svcsim(dir, common + "--traces '" + dir.file("b.jsonl") + "' --trace-sample 20% --trace-slower-than 500ms")
                .code == plain.code);
    const std::string text = read_file(dir.file("a.jsonl"));
    CHECK(text == read_file(dir.file("b.jsonl")));
    const auto requests = read_checked_traces(text);
    REQUIRE(requests.size() > 100);
    std::set<std::string> tries, outcomes;
    bool waited_attribute = false, instance_ids = true, error_messages = true;
    for (const auto& spans : requests)
      for (const OtlpSpan& s : spans) {
        if (s.kind == 3 && !s.parent.empty()) {
          tries.insert(s.attributes.at("svcsim.try"));
          CHECK(contains(s.name, "."));  // callee.endpoint
        }
        if (s.kind == 2) waited_attribute = waited_attribute || s.attributes.count("svcsim.wait_ms") > 0;
        if (s.service != "client") instance_ids = instance_ids && s.instance.rfind(s.service + "[", 0) == 0;
        outcomes.insert(s.attributes.at("svcsim.outcome"));
        const std::string& outcome = s.attributes.at("svcsim.outcome");
        const bool failed = outcome == "failed" || outcome == "rejected" || outcome == "timed_out" || outcome == "lost";
        error_messages = error_messages && failed == s.error;
      }
    CHECK(waited_attribute);
    CHECK(instance_ids);
    CHECK(error_messages);
    CHECK(tries.count("first") == 1);
    if (std::string(scenario) == "retry-storm.yaml") {
      CHECK(tries.count("retry") == 1);  // the slowdown's timed-out tries are retried
      CHECK(outcomes.count("timed_out") == 1);
    }
  }
}

TEST_CASE("run --traces: 100 % keeps every request, and a threshold alone only slower ones", "[traces]") {
  TempDir dir;
  const std::string common =
      "run '" + shipped("mm1.yaml") + "' --duration 20s --set warmup=0s --quiet --no-progress --traces '" +
      dir.file("t.jsonl") + "' ";
  REQUIRE(run_svcsim(dir, common + "--trace-sample 100% --json '" + dir.file("r.json") + "'").code == 0);
  const auto results = boost::json::parse(read_file(dir.file("r.json")));
  const auto all = read_checked_traces(read_file(dir.file("t.jsonl")));
  CHECK(static_cast<std::int64_t>(all.size()) == results.at("workloads").at("req").at("requests").as_int64());
  for (const auto& spans : all) {
    REQUIRE(spans.size() == 3);  // the request, its try, the server's run
    CHECK(spans[0].name == "req");
  }

  REQUIRE(run_svcsim(dir, common + "--trace-sample 0 --trace-slower-than 40ms").code == 0);
  const auto slow = read_checked_traces(read_file(dir.file("t.jsonl")));
  CHECK(!slow.empty());
  CHECK(slow.size() < all.size() / 20);
  std::size_t slower_in_all = 0;
  for (const auto& spans : all)
    for (const OtlpSpan& s : spans)
      if (s.parent.empty() && s.end - s.start > 40'000'000) ++slower_in_all;
  CHECK(slow.size() == slower_in_all);
  for (const auto& spans : slow)
    for (const OtlpSpan& s : spans)
      if (s.parent.empty()) CHECK(s.end - s.start > 40'000'000);

  // 1 % by default, decided per request: about 1 % of the requests, and a subset of them.
  REQUIRE(run_svcsim(dir, common).code == 0);
  const auto sampled = read_checked_traces(read_file(dir.file("t.jsonl")));
  CHECK(sampled.size() > all.size() / 200);
  CHECK(sampled.size() < all.size() / 50);
}

TEST_CASE("run --traces: times after --trace-start, and replication 0's requests only", "[traces]") {
  TempDir dir;
  const std::string common = "run '" + shipped("mm1.yaml") + "' --duration 20s --quiet --no-progress --trace-sample 5% ";
  REQUIRE(run_svcsim(dir, common + "--traces '" + dir.file("a.jsonl") + "'").code == 0);
  REQUIRE(run_svcsim(dir, common + "--traces '" + dir.file("b.jsonl") + "' --trace-start 2030-06-01T12:00:00+02:00")
              .code == 0);
  const auto a = read_checked_traces(read_file(dir.file("a.jsonl")));
  const auto b = read_checked_traces(read_file(dir.file("b.jsonl")));
  REQUIRE(a.size() == b.size());
  REQUIRE(!a.empty());
  const std::int64_t shift = (1'906'538'400LL - 1'735'689'600LL) * 1'000'000'000LL;  // 2030-06-01T10:00Z - 2025-01-01
  CHECK(b[0][0].start - a[0][0].start == shift);
  CHECK(a[0][0].start >= 1'735'689'600LL * 1'000'000'000LL);
  CHECK(a[0][0].start < 1'735'689'620LL * 1'000'000'000LL);

  REQUIRE(run_svcsim(dir, common + "--replications 3 -j 2 --traces '" + dir.file("c.jsonl") + "'").code == 0);
  CHECK(read_file(dir.file("c.jsonl")) == read_file(dir.file("a.jsonl")));
}

TEST_CASE("run --traces: bad options are refused before the run, and nothing is written", "[traces]") {
  TempDir dir;
  const std::string common = "run '" + shipped("mm1.yaml") + "' --duration 20s --quiet --no-progress ";
  const std::string file = dir.file("t.jsonl");
  const std::pair<std::string, std::string> cases[] = {
      {"--traces '" + file + "' --trace-sample 150%", "error: --trace-sample '150%'"},
      {"--traces '" + file + "' --trace-sample lots", "error: --trace-sample 'lots'"},
      {"--traces '" + file + "' --trace-slower-than 5", "error: --trace-slower-than '5'"},
      {"--traces '" + file + "' --trace-start 2025-13-01T00:00:00Z", "error: --trace-start '2025-13-01T00:00:00Z'"},
      {"--traces '" + file + "' --trace-start 2025-01-01", "expected an RFC 3339 time"},
      {"--traces '" + dir.file("no/such/folder/t.jsonl") + "'", "does not exist"},
      {"--traces '" + file + "' --shard 0/2 --json '" + dir.file("s.json") + "'", "--traces is not for --shard"},
  };
  for (const auto& [options, message] : cases) {
    INFO(options);
    const Outcome o = run_svcsim(dir, common + options);
    CHECK(o.code == 2);
    CHECK(contains(o.err, message));
    CHECK(!fs::exists(file));
  }
  // A stopped run writes no traces either.
  const Outcome stopped = run_svcsim(dir, common + "--max-in-flight 1 --set workloads.req.rate=5000/s --traces '" + file + "'");
  CHECK(stopped.code == 3);
  CHECK(contains(stopped.err, "'" + file + "' not written"));
  CHECK(!fs::exists(file));
  std::size_t leftovers = 0;
  for (const auto& entry : fs::directory_iterator(dir.path)) leftovers += contains(entry.path().filename().string(), ".tmp-");
  CHECK(leftovers == 0);
}
