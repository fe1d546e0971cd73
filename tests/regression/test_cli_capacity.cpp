// `svcsim analyze`, `graph` and `sweep` end to end: exit codes, messages, the
// files they write (SPEC 5 names), `run`'s predicted utilisation column, and
// sweep results that do not depend on -j.
#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "support/cli_runner.hpp"

using namespace svcsim::test;
namespace json = boost::json;

namespace {

// rho = 0.9 at 900/s: M/M/1 predicts a 9 ms wait and 10 ms latency.
const char* kMm1 = R"(name: mm1
seed: 7
duration: 6s
warmup: 1s
nodes:
  server: {service_time: {dist: exponential, mean: 1ms}}
workloads:
  - {name: req, call: server, rate: 900/s}
slo: ["req p99 < 60ms"]
)";

json::value read_json(const TempDir& dir, const std::string& name) { return json::parse(read_file(dir.file(name))); }

}  // namespace

TEST_CASE("analyze prints the tables and writes the SPEC 5 fields", "[cli][analyze]") {
  TempDir dir;
  const std::string scenario = dir.write("mm1.yaml", kMm1);
  const Outcome o = run_svcsim(dir, "analyze '" + scenario + "' --json '" + dir.file("a.json") + "'");
  INFO(o.err);
  REQUIRE(o.code == 0);
  CHECK(contains(o.out, "bottleneck: server"));
  CHECK(contains(o.out, "pred util %"));
  const json::value a = read_json(dir, "a.json");
  const auto& server = a.at("nodes").at("server");
  CHECK(server.at("visits").at("req").as_double() == 1.0);
  CHECK(server.at("arrival_rate_per_s").as_double() == Approx(900));
  CHECK(server.at("utilization").as_double() == Approx(0.9));
  CHECK(server.at("wait_ms").at("mean").as_double() == Approx(9.0));
  CHECK(server.at("latency_ms").at("mean").as_double() == Approx(10.0));
  const auto& req = a.at("workloads").at("req");
  CHECK(req.at("latency_ms").at("mean").as_double() == Approx(10.0));
  CHECK(req.at("throughput_per_s").as_double() == Approx(900));
  CHECK(a.at("bottleneck").at("node").as_string() == "server");
  CHECK(a.at("bottleneck").at("max_throughput_per_s").as_double() == Approx(1000));
}

TEST_CASE("analyze --json: an unlimited node has busy_mean, not a utilization above 1", "[cli][analyze]") {
  // SPEC 10, one meaning per name: 900/s of 5 ms on unlimited workers keep
  // 4.5 busy on average (offered load), which is no fraction of anything.
  TempDir dir;
  const std::string scenario = dir.write("pool.yaml", R"(name: pool
duration: 10s
nodes:
  pool: {concurrency: unlimited, service_time: 5ms}
workloads:
  - {name: req, call: pool, rate: 900/s}
)");
  const Outcome o = run_svcsim(dir, "analyze '" + scenario + "' --json '" + dir.file("a.json") + "'");
  INFO(o.err);
  REQUIRE(o.code == 0);
  const json::value a = read_json(dir, "a.json");
  const auto& pool = a.at("nodes").at("pool").as_object();
  CHECK(pool.at("busy_mean").as_double() == Approx(4.5));
  CHECK_FALSE(pool.contains("utilization"));
}

TEST_CASE("analyze: --set applies, a missing folder and a bad scenario exit 2", "[cli][analyze]") {
  TempDir dir;
  const std::string scenario = dir.write("mm1.yaml", kMm1);
  const Outcome over = run_svcsim(dir, "analyze '" + scenario + "' --set workloads.req.rate=1200/s");
  CHECK(over.code == 0);
  CHECK(contains(over.out, "at or above 100 %"));
  const Outcome folder = run_svcsim(dir, "analyze '" + scenario + "' --json '" + dir.file("no/such/a.json") + "'");
  CHECK(folder.code == 2);
  CHECK(contains(folder.err, "error: cannot write"));
  const Outcome bad = run_svcsim(dir, "analyze '" + dir.write("bad.yaml", "name: x\n") + "'");
  CHECK(bad.code == 2);
  CHECK(contains(bad.err, "error:"));
}

TEST_CASE("run shows the predicted utilisation beside the measured one", "[cli][analyze]") {
  TempDir dir;
  const Outcome o = run_svcsim(dir, "run '" + dir.write("mm1.yaml", kMm1) + "' --no-progress");
  REQUIRE(o.code == 0);
  CHECK(contains(o.out, "util %     pred"));
  CHECK(contains(o.out, "90.00 %"));  // the prediction, 0.9
}

TEST_CASE("graph writes DOT on standard output", "[cli][graph]") {
  TempDir dir;
  const Outcome o = run_svcsim(dir, "graph '" + dir.write("mm1.yaml", kMm1) + "'");
  REQUIRE(o.code == 0);
  CHECK(o.out.rfind("digraph \"mm1\" {", 0) == 0);
  CHECK(contains(o.out, "\"client\" -> \"server\""));
  CHECK(o.err.empty());
}

TEST_CASE("sweep: a grid, the same files whatever -j", "[cli][sweep]") {
  TempDir dir;
  const std::string scenario = dir.write("mm1.yaml", kMm1);
  const std::string args = "sweep '" + scenario + "' --vary workloads.req.rate=500/s,800/s,950/s --vary " +
                           "nodes.server.instances=1..2 --no-progress";
  const Outcome one = run_svcsim(dir, args + " -j 1 --json '" + dir.file("one.json") + "' --csv '" +
                                          dir.file("one.csv") + "'");
  INFO(one.err);
  REQUIRE(one.code == 0);
  const Outcome three = run_svcsim(dir, args + " -j 3 --json '" + dir.file("three.json") + "' --csv '" +
                                            dir.file("three.csv") + "'");
  REQUIRE(three.code == 0);
  CHECK(read_file(dir.file("one.json")) == read_file(dir.file("three.json")));
  CHECK(read_file(dir.file("one.csv")) == read_file(dir.file("three.csv")));
  CHECK(one.out == three.out);
  CHECK(contains(one.out, "common random numbers: every point runs with seed 7"));

  const json::value s = read_json(dir, "one.json");
  const auto& points = s.at("points").as_array();
  REQUIRE(points.size() == 6);
  CHECK(points[0].at("parameters").at("workloads.req.rate").as_string() == "500/s");
  CHECK(points[0].at("parameters").at("nodes.server.instances").as_string() == "1");
  CHECK(points[1].at("parameters").at("nodes.server.instances").as_string() == "2");
  for (const char* part : {"workloads", "nodes", "slo"}) CHECK(points[0].as_object().contains(part));
  CHECK(points[0].at("workloads").at("req").at("latency_ms").as_object().contains("p99"));
  CHECK(points[0].at("nodes").at("server").at("instances").as_int64() == 1);
  CHECK_FALSE(s.as_object().contains("found"));
  const std::string csv = read_file(dir.file("one.csv"));
  CHECK(csv.rfind("workloads.req.rate,nodes.server.instances,req.p50_ms,req.p99_ms", 0) == 0);
}

TEST_CASE("sweep: an overloaded point names its node, in the report and in the JSON", "[cli][sweep]") {
  // SPEC 10: a run whose node is offered more than it can serve says so. A
  // sweep's points are runs, but the sweep said nothing of them.
  TempDir dir;
  const std::string scenario = dir.write("mm1.yaml", kMm1);
  const Outcome o = run_svcsim(dir, "sweep '" + scenario + "' --vary workloads.req.rate=500/s,2000/s --no-progress --json '" +
                                        dir.file("sweep.json") + "'");
  INFO("stderr: " << o.err);
  CHECK(o.code == 1);  // the overloaded point fails its objective
  CHECK(contains(o.out, "warning: at workloads.req.rate=2000/s: node 'server' is offered"));
  CHECK_FALSE(contains(o.out, "warning: at workloads.req.rate=500/s"));
  const json::value doc = read_json(dir, "sweep.json");
  const json::array& points = doc.at("points").as_array();
  REQUIRE(points.size() == 2);
  CHECK(points[0].at("warnings").as_array().empty());
  REQUIRE(points[1].at("warnings").as_array().size() == 1);
  CHECK(points[1].at("warnings").as_array()[0].at("node").as_string() == "server");
}

TEST_CASE("sweep --find: the smallest number of instances that meets the objectives", "[cli][sweep]") {
  TempDir dir;
  // At 1800/s one server is overloaded (p99 grows without bound); two are at 0.9 (p99 ~ 46 ms < 60 ms).
  const std::string scenario = dir.write("mm1.yaml", kMm1);
  const Outcome o = run_svcsim(dir, "sweep '" + scenario + "' --set workloads.req.rate=1800/s " +
                                        "--find nodes.server.instances=1..6 -j 2 --no-progress --json '" +
                                        dir.file("f.json") + "'");
  INFO(o.out << o.err);
  REQUIRE(o.code == 0);
  CHECK(contains(o.out, "found: nodes.server.instances = 2"));
  const json::value f = read_json(dir, "f.json");
  CHECK(f.at("found").as_string() == "2");
  // every simulated point is in `points`, in value order: 1, 2, 3 (the check above 2), 6
  const auto& points = f.at("points").as_array();
  REQUIRE(points.size() == 4);
  CHECK(points[1].at("parameters").at("nodes.server.instances").as_string() == "2");
  CHECK(points[1].at("pass").as_bool());
  CHECK_FALSE(points[0].at("pass").as_bool());

  // No value in range: found is null and the exit code 1.
  const Outcome none = run_svcsim(dir, "sweep '" + scenario + "' --set workloads.req.rate=1800/s " +
                                           "--find nodes.server.instances=1..1 --no-progress --json '" +
                                           dir.file("n.json") + "'");
  CHECK(none.code == 1);
  CHECK(contains(none.out, "found: none"));
  CHECK(read_json(dir, "n.json").at("found").is_null());
}

TEST_CASE("sweep: mistakes are refused before anything runs", "[cli][sweep]") {
  TempDir dir;
  const std::string scenario = dir.write("mm1.yaml", kMm1);
  auto sweep = [&](const std::string& args) { return run_svcsim(dir, "sweep '" + scenario + "' " + args); };
  const Outcome nothing = sweep("");
  CHECK(nothing.code == 2);
  CHECK(contains(nothing.err, "error: sweep needs --vary"));
  const Outcome range = sweep("--vary workloads.req.rate=1/s..5/s");
  CHECK(range.code == 2);
  CHECK(contains(range.err, "needs a step"));
  const Outcome html = sweep("--vary nodes.server.instances=1,2 --html '" + dir.file("no/s.html") + "'");
  CHECK(html.code == 2);
  CHECK(contains(html.err, "folder"));
  CHECK(html.out.empty());
  const Outcome twice = sweep("--vary nodes.server.instances=1,2 --find nodes.server.instances=1..3");
  CHECK(twice.code == 2);
  CHECK(contains(twice.err, "varied twice"));
  // a value the loader refuses, named with its point; nothing simulated, nothing written
  const Outcome bad = sweep("--vary nodes.server.instances=1,0 --json '" + dir.file("b.json") + "'");
  CHECK(bad.code == 2);
  CHECK(contains(bad.err, "point nodes.server.instances=0"));
  CHECK_FALSE(std::filesystem::exists(dir.file("b.json")));
  const Outcome folder = sweep("--vary nodes.server.instances=1,2 --csv '" + dir.file("no/s.csv") + "'");
  CHECK(folder.code == 2);
  CHECK(contains(folder.err, "error: cannot write"));
}

TEST_CASE("sweep --html writes one self-contained page", "[cli][sweep][html]") {
  TempDir dir;
  const std::string scenario = dir.write("mm1.yaml", kMm1);
  const Outcome o = run_svcsim(dir, "sweep '" + scenario + "' --vary nodes.server.instances=1,2 --duration 3s --quiet "
                                    "--html '" + dir.file("s.html") + "'");
  CHECK(o.code == 0);
  const std::string page = read_file(dir.file("s.html"));
  CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(contains(page, "<g class=\"objective\">"));
  CHECK(contains(page, "nodes.server.instances"));
  CHECK_FALSE(contains(page, "<script"));
}
