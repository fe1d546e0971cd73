// Reports for CI: the results file over replications (means, `_ci95`
// siblings, merged histograms), the objectives table's limit column and the
// JUnit XML of the objectives.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include <boost/json.hpp>

#include "svcsim/metrics.hpp"
#include "svcsim/replicated_results.hpp"
#include "svcsim/report.hpp"

namespace json = boost::json;
using namespace svcsim;

namespace {

// A run of scenario `shop`: `ok` requests of workload `req` all taking `ms`.
Results run_of(std::uint64_t seed, std::int64_t ms, std::uint64_t ok) {
  Results r;
  r.scenario_name = "shop";
  r.scenario_hash = "0123456789abcdef";
  r.seed = seed;
  r.duration_s = 10;
  r.measured_s = 10;
  r.run.events = 1000;
  r.run.end_s = 10 + static_cast<double>(seed);
  WorkloadResult w;
  w.name = "req";
  w.requests = ok + 1;
  w.succeeded = ok;
  w.failed = 1;
  for (std::uint64_t i = 0; i < ok; ++i) w.latency.record(Duration::from_ms(ms));
  r.workloads.push_back(std::move(w));
  NodeResult n;
  n.name = "server";
  n.instances = 1;
  n.concurrency = 2;
  n.requests = ok;
  n.admitted = ok;
  n.queue_max = static_cast<std::int64_t>(seed);
  n.busy_integral_s = static_cast<double>(ms);
  r.nodes.push_back(std::move(n));
  return r;
}

ObjectiveResult objective(const char* check, const char* metric, CompareOp op, double threshold, double value,
                          bool pass) {
  ObjectiveResult s;
  s.check = check;
  s.metric = metric;
  s.op = op;
  s.threshold = threshold;
  s.value = value;
  s.pass = pass;
  return s;
}

ReplicatedResults three_runs() {
  ReplicatedResults rr;
  rr.runs = {run_of(1, 10, 100), run_of(2, 20, 200), run_of(3, 30, 300)};
  rr.wall_s = 2;
  return rr;
}

}  // namespace

TEST_CASE("one run in a ReplicatedResults writes the same bytes as the Results", "[report][replications]") {
  Results r = run_of(1, 10, 100);
  r.slo.push_back(objective("req p99 < 50ms", "p99", CompareOp::less, 50, 10.0, true));
  ReplicatedResults rr;
  rr.runs = {r};
  rr.slo = r.slo;
  rr.wall_s = 123;  // one run: its own wall clock is written
  CHECK(results_to_json(rr) == results_to_json(r));
  CHECK(results_to_json(r).find("_ci95") == std::string::npos);
  std::ostringstream a, b;
  print_terminal_report(a, rr);
  print_terminal_report(b, r);
  CHECK(a.str() == b.str());
}

TEST_CASE("over replications every figure is a mean with its _ci95 sibling", "[report][json][replications]") {
  const ReplicatedResults rr = three_runs();
  const json::value doc = json::parse(results_to_json(rr));
  const auto& scenario = doc.at("scenario").as_object();
  CHECK(scenario.at("replications").to_number<int>() == 3);
  CHECK(scenario.at("seed").to_number<int>() == 1);
  CHECK(scenario.at("hash").as_string() == "0123456789abcdef");
  const auto& run = doc.at("run").as_object();
  CHECK(run.at("events").to_number<int>() == 3000);  // summed
  CHECK(run.at("end_s").to_number<double>() == 13.0);  // the latest
  CHECK(run.at("wall_s").to_number<double>() == 2.0);
  CHECK(run.at("replication_seeds").as_array().size() == 3);

  const auto& w = doc.at("workloads").at("req").as_object();
  // Counters are means too: 101, 201, 301 requests.
  CHECK(w.at("requests").to_number<double>() == 201.0);
  CHECK(w.at("requests_ci95").to_number<double>() == Approx(4.302652730 * 100 / std::sqrt(3.0)).epsilon(1e-9));
  const Estimate p99 = workload_estimate(rr.runs, 0, "p99");
  const auto& latency = w.at("latency_ms").as_object();
  CHECK(latency.at("p99").to_number<double>() == *p99.mean);
  CHECK(latency.at("p99_ci95").to_number<double>() == *p99.ci95);
  // Every figure is followed by its sibling, in that order.
  std::vector<std::string> keys;
  for (const auto& kv : latency) keys.emplace_back(kv.key());
  REQUIRE(keys.size() == 16);
  CHECK(keys[0] == "mean");
  CHECK(keys[1] == "mean_ci95");
  // The histogram is the merge of all three: 600 requests.
  std::uint64_t total = 0;
  for (const auto& b : w.at("histogram").at("buckets").as_array()) total += b.as_array()[2].to_number<std::uint64_t>();
  CHECK(total == 600);

  const auto& n = doc.at("nodes").at("server").as_object();
  CHECK(n.at("instances").to_number<int>() == 1);  // configuration: as is
  CHECK_FALSE(n.contains("instances_ci95"));
  CHECK(n.at("queue_max").to_number<double>() == 2.0);
  CHECK(n.at("utilization").to_number<double>() == Approx(1.0));  // busy 10, 20, 30 s of 2 workers over 10 s
  CHECK(n.contains("wait_probability_ci95"));
}

TEST_CASE("objectives with replications show the half-width", "[report][terminal][replications]") {
  ReplicatedResults rr = three_runs();
  ObjectiveResult s = objective("req p99 < 25ms", "p99", CompareOp::less, 25, 20.04, true);
  s.ci95 = 24.9;
  rr.slo.push_back(s);
  std::ostringstream out;
  print_terminal_report(out, rr);
  const std::string text = out.str();
  CHECK(text.find("3 replications") != std::string::npos);
  CHECK(text.find("objectives (on the mean of 3 replications") != std::string::npos);
  // The value and its half-width, each in a column of its own.
  CHECK(text.find("  objective       observed   \u00b1 95 %   limit  result\n") != std::string::npos);
  CHECK(text.find("  req p99 < 25ms   20.04ms  24.90ms  < 25ms  pass\n") != std::string::npos);
  const json::value doc = json::parse(results_to_json(rr));
  CHECK(doc.at("slo").at(0).at("value_ci95").to_number<double>() == 24.9);
}

TEST_CASE("the objectives table has a limit column in the value's unit", "[report][terminal]") {
  Results r = run_of(1, 10, 100);
  r.slo.push_back(objective("req p99 < 0.1s", "p99", CompareOp::less, 100, 143.2, false));
  r.slo.push_back(objective("req availability >= 99.9%", "availability", CompareOp::greater_equal, 0.999, 0.99,
                            false));
  r.slo.push_back(objective("req throughput > 5/s", "throughput", CompareOp::greater, 5, 9.9, true));
  std::ostringstream out;
  print_terminal_report(out, r);
  const std::string text = out.str();
  CHECK(text.find("  objective                  observed     limit  result\n") != std::string::npos);
  CHECK(text.find("  req p99 < 0.1s              143.2ms   < 100ms  FAIL\n") != std::string::npos);
  CHECK(text.find("  req availability >= 99.9%    99.00%  >= 99.9%  FAIL\n") != std::string::npos);
  CHECK(text.find("  req throughput > 5/s        9.900/s     > 5/s  pass\n") != std::string::npos);
}

TEST_CASE("JUnit XML: one test case per objective", "[report][junit]") {
  ReplicatedResults rr;
  rr.runs = {run_of(1, 10, 100)};
  rr.runs[0].scenario_name = "shop & co";
  rr.slo.push_back(objective("req p99 < 300ms", "p99", CompareOp::less, 300, 140.3, true));
  rr.slo.push_back(objective("req p99 < 100ms", "p99", CompareOp::less, 100, 143.2, false));
  ObjectiveResult broken = objective("req p99.9 < 1s", "p99.9", CompareOp::less, 1000, 0, false);
  broken.evaluable = false;
  broken.problem = "no succeeded requests measured for 'req', so it has no latency";
  rr.slo.push_back(broken);
  const std::string xml = objectives_to_junit(rr);
  CHECK(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"svcsim\" tests=\"3\" "
                        "failures=\"1\" errors=\"1\""));
  CHECK(xml.find("<testsuite name=\"shop &amp; co\" tests=\"3\" failures=\"1\" errors=\"1\" skipped=\"0\"") !=
        std::string::npos);
  CHECK(xml.find("<testcase classname=\"shop &amp; co\" name=\"req p99 &lt; 300ms\" time=\"0.000\">\n"
                 "      <system-out>observed 140.3ms, limit &lt; 300ms</system-out>") != std::string::npos);
  CHECK(xml.find("<testcase classname=\"shop &amp; co\" name=\"req p99 &lt; 100ms\" time=\"0.000\">\n"
                 "      <failure type=\"objective failed\" message=\"observed 143.2ms, limit &lt; 100ms\">"
                 "observed 143.2ms, limit &lt; 100ms</failure>") != std::string::npos);
  CHECK(xml.find("<error type=\"objective not evaluable\" message=\"cannot evaluate: no succeeded requests "
                 "measured for &#39;req&#39;, so it has no latency\">cannot evaluate: no succeeded requests") !=
        std::string::npos);
  CHECK(xml.find("<property name=\"scenario_hash\" value=\"0123456789abcdef\"/>") != std::string::npos);
  CHECK(xml.ends_with("  </testsuite>\n</testsuites>\n"));
  CHECK(xml == objectives_to_junit(rr));  // no clock in it
  // The wall clock only where the caller gives it: the suite's time and timestamp.
  const std::string timed = objectives_to_junit(rr, JunitRun{"2026-12-06T08:00:00", 12.3456});
  CHECK(timed.find("skipped=\"0\" time=\"12.346\" timestamp=\"2026-12-06T08:00:00\">") != std::string::npos);
}

TEST_CASE("JUnit XML of a stopped run: an error saying why, the objectives not evaluated", "[report][junit]") {
  ReplicatedResults rr;
  rr.runs = {run_of(1, 10, 100), run_of(1, 10, 100)};
  rr.runs[1].run.stopped = true;
  rr.runs[1].run.stop_reason = "interrupted at 3s";
  rr.runs[1].seed = 99;
  rr.slo.push_back(objective("req p99 < 300ms", "p99", CompareOp::less, 300, 140.3, true));
  const std::string xml = objectives_to_junit(rr, JunitRun{"", 2.5});
  CHECK(xml.find("tests=\"2\" failures=\"0\" errors=\"1\" skipped=\"1\" time=\"2.500\">") != std::string::npos);
  CHECK(xml.find("<testcase classname=\"shop\" name=\"run\" time=\"2.500\">\n"
                 "      <error type=\"run stopped\" message=\"run stopped: replication 1 (seed 99): interrupted at 3s\">"
                 "run stopped: replication 1 (seed 99): interrupted at 3s</error>") != std::string::npos);
  CHECK(xml.find("<skipped message=\"not evaluated: the run stopped before its end\"/>") != std::string::npos);
  CHECK(xml.find("pass") == std::string::npos);
}

TEST_CASE("JUnit XML of a refused run: one error with the reason", "[report][junit]") {
  const std::string xml = refusal_to_junit("shop", "s.yaml:3:1: error: unknown field 'nodse'", JunitRun{"T", 0});
  CHECK(xml.find("<testsuite name=\"shop\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\" time=\"0.000\" "
                 "timestamp=\"T\">") != std::string::npos);
  CHECK(xml.find("<error type=\"run refused\" message=\"s.yaml:3:1: error: unknown field &#39;nodse&#39;\">") !=
        std::string::npos);
}

TEST_CASE("JUnit XML never carries characters XML cannot hold", "[report][junit]") {
  ReplicatedResults rr;
  rr.runs = {run_of(1, 10, 100)};
  rr.slo.push_back(objective("a\x01 \"b\" <c>", "p99", CompareOp::less, 1, 0.5, true));
  const std::string xml = objectives_to_junit(rr);
  CHECK(xml.find('\x01') == std::string::npos);
  CHECK(xml.find("a\xef\xbf\xbd &quot;b&quot; &lt;c&gt;") != std::string::npos);
}
