// `svcsim merge` on shard files that are whole JSON but whose runs do not
// have the shape their scenario implies (an edited or corrupted shard), on a
// directory, and on a shard whose scenario text was edited: each exits 2
// with an error naming the file and what is wrong, and writes nothing
// (SPEC sections 4 and 9). Before these checks the first ones crashed.
#include <functional>
#include <string>

#include <boost/json.hpp>

#include "support/cli_runner.hpp"

using namespace svcsim::test;
namespace json = boost::json;

namespace {

const std::string kSource = SVCSIM_SOURCE_DIR;

// retry-storm (a fault, a time series) with a circuit breaker on api -> backend.
std::string scenario_text() {
  std::string text = read_file(kSource + "/scenarios/retry-storm.yaml");
  const std::string backoff = "backoff: {base: 10ms, max: 100ms, multiplier: 2, jitter: full}\n";
  const auto at = text.find(backoff);
  REQUIRE(at != std::string::npos);
  text.insert(at + backoff.size(), "            circuit_breaker: {}\n");
  return text;
}

struct Shards {
  TempDir dir;
  std::string a0, a1;
  Shards() : a0(dir.file("a0.json")), a1(dir.file("a1.json")) {
    const std::string command = "run '" + dir.write("cb.yaml", scenario_text()) + "' --duration 20s --replications 3";
    for (const auto& [shard, path] : {std::pair{"0/2", a0}, std::pair{"1/2", a1}}) {
      const Outcome o = run_svcsim(dir, command + " --shard " + shard + " --json '" + path + "'");
      INFO(o.err);
      REQUIRE(o.code == 0);
    }
  }
  // a0 edited by `edit` (its parsed JSON), written as a new file.
  std::string edited(const std::function<void(json::object&)>& edit) const {
    json::value v = json::parse(read_file(a0));
    edit(v.as_object());
    return dir.write("edited.json", json::serialize(v));
  }
  // `merge FILES` with every output: exit 2, `message` on stderr, no output written.
  void merge_fails(const std::string& files, const std::string& message) const {
    const std::string outputs = " --json '" + dir.file("o.json") + "' --csv '" + dir.file("o.csv") + "' --html '" +
                                dir.file("o.html") + "' --junit '" + dir.file("o.xml") + "'";
    const Outcome o = run_svcsim(dir, "merge " + files + outputs);
    INFO(o.err);
    CHECK(o.code == 2);
    CHECK(contains(o.err, message));
    CHECK_FALSE(contains(o.err, "internal error"));
    CHECK(o.out.empty());
    for (const char* name : {"o.json", "o.csv", "o.html"}) CHECK_FALSE(fs::exists(dir.file(name)));
  }
  void edited_fails(const std::function<void(json::object&)>& edit, const std::string& message) const {
    const std::string path = edited(edit);
    merge_fails("'" + path + "' '" + a1 + "'", "error: '" + path + "': " + message);
  }
};

std::string quoted(const std::string& path) { return std::string("'").append(path).append("'"); }

json::object& run0(json::object& shard) { return shard["runs"].as_array()[0].as_object()["results"].as_object(); }
json::array& field(json::object& o, const char* key) { return o[key].as_array(); }

}  // namespace

TEST_CASE("merge refuses runs whose arrays do not fit the scenario, naming the file and field", "[cli][shard][merge]") {
  const Shards s;
  SECTION("the shards as written merge") {
    const Outcome o = run_svcsim(s.dir, "merge '" + s.a0 + "' '" + s.a1 + "' --quiet --csv '" + s.dir.file("o.csv") + "'");
    CHECK(o.code != 2);
    CHECK(fs::exists(s.dir.file("o.csv")));
  }
  SECTION("no nodes") {
    s.edited_fails([](json::object& d) { field(run0(d), "nodes").clear(); },
                   "runs[0].results.nodes: 0 entries where the scenario has 2 nodes");
  }
  SECTION("a node too many") {
    s.edited_fails([](json::object& d) { field(run0(d), "nodes").push_back(field(run0(d), "nodes")[1]); },
                   "runs[0].results.nodes: 3 entries where the scenario has 2 nodes");
  }
  SECTION("nodes in another order") {
    s.edited_fails([](json::object& d) { std::swap(field(run0(d), "nodes")[0], field(run0(d), "nodes")[1]); },
                   "runs[0].results.nodes[0].name: 'backend' where the scenario has 'api'");
  }
  SECTION("a workload dropped") {
    s.edited_fails([](json::object& d) { field(run0(d), "workloads").clear(); },
                   "runs[0].results.workloads: 0 entries where the scenario has 1 workload");
  }
  SECTION("a series row without workloads") {
    s.edited_fails([](json::object& d) { field(field(run0(d), "series")[0].as_object(), "workloads").clear(); },
                   "runs[0].results.series[0].workloads: 0 entries where the scenario has 1 workload");
  }
  SECTION("a series row with a node short") {
    s.edited_fails([](json::object& d) { field(field(run0(d), "series")[4].as_object(), "nodes").pop_back(); },
                   "runs[0].results.series[4].nodes: 1 entry where the scenario has 2 nodes");
  }
  SECTION("a fault's phases without workloads") {
    s.edited_fails([](json::object& d) { field(field(run0(d), "faults")[0].as_object(), "workloads").clear(); },
                   "runs[0].results.faults[0].workloads: 0 entries where the scenario has 1 workload");
  }
  SECTION("no fault phases") {
    s.edited_fails([](json::object& d) { field(run0(d), "faults").clear(); },
                   "runs[0].results.faults: 0 entries where the scenario has 1 fault");
  }
  SECTION("a breaker dropped") {
    s.edited_fails([](json::object& d) { field(field(run0(d), "nodes")[0].as_object(), "breakers").clear(); },
                   "runs[0].results.nodes[0].breakers: 0 entries where the scenario has 1 breaker");
  }
  SECTION("a tail breakdown laid out for another number of nodes") {
    s.edited_fails(
        [](json::object& d) {
          json::object& tail = field(run0(d), "workloads")[0].as_object()["tail"].as_object();
          tail["nodes"] = 3;
          tail["buckets"] = json::array();
          tail["sums"] = json::array();
        },
        "runs[0].results.workloads[0].tail.nodes: 3 where the scenario has 2 nodes");
  }
  SECTION("a histogram bucket index out of range") {
    s.edited_fails(
        [](json::object& d) {
          field(field(run0(d), "workloads")[0].as_object()["latency"].as_object(), "buckets").push_back(json::array{1000000, 1});
        },
        "runs[0].results.workloads[0].latency.buckets");
  }
  SECTION("more runs than the command makes") {
    s.edited_fails([](json::object& d) { d["runs_total"] = 1'000'000'000'000'000; },
                   "runs_total is 1000000000000000, but its command makes 3 runs");
  }
}

TEST_CASE("merge of a directory says so and names it", "[cli][shard][merge]") {
  const Shards s;
  const std::string dir = s.dir.path.string();
  s.merge_fails(quoted(dir), "error: " + quoted(dir) + ": is a directory, not a shard file");
  // The scenario loader's own error, and no internal error after it.
  const Outcome run = run_svcsim(s.dir, "run " + quoted(dir));
  CHECK(run.code == 2);
  CHECK(contains(run.err, "error: cannot read file: Is a directory"));
  CHECK_FALSE(contains(run.err, "internal error"));
}

TEST_CASE("a shard whose scenario text was edited is named as edited, not as another scenario", "[cli][shard][merge]") {
  const Shards s;
  const std::string path = s.edited([](json::object& d) {
    json::object& scenario = d["scenario"].as_object();
    scenario["text"] = std::string(scenario["text"].as_string()) + "# edited\n";
  });
  // First or not, the edited file is the one named.
  const std::string a1 = quoted(s.a1), edited = quoted(path);
  for (const std::string& files : {a1 + " " + edited, edited + " " + a1})
    s.merge_fails(files, "error: " + edited + ": its scenario text does not match its own scenario.hash");
}
