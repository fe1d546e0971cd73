// Reports from a hand-built Results: the JSON file's fields, nulls and
// determinism, the terminal tables' alignment, and atomic file writing.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <unistd.h>

#include "report/json_writer.hpp"
#include "report/text_table.hpp"
#include "svcsim/metrics.hpp"
#include "svcsim/report.hpp"

namespace json = boost::json;
using namespace svcsim;

namespace {

Results sample_results() {
  Results r;
  r.scenario_name = "shop";
  r.seed = 42;
  r.duration_s = 10;
  r.warmup_s = 1;
  r.measured_s = 9;
  r.run.events = 12345;
  r.run.wall_s = 0.5;
  r.run.end_s = 10.25;

  WorkloadResult checkout;
  checkout.name = "checkout";
  checkout.requests = 100;
  checkout.succeeded = 95;
  checkout.degraded = 2;
  checkout.failed = 3;
  checkout.timed_out = 1;
  checkout.rejected = 1;
  for (int ms = 1; ms <= 95; ++ms) checkout.latency.record(Duration::from_ms(ms));
  r.workloads.push_back(checkout);

  WorkloadResult idle;  // nothing arrived: every latency figure is undefined
  idle.name = "idle";
  r.workloads.push_back(idle);

  NodeResult front;
  front.name = "frontend-with-a-much-longer-name-than-usual";
  front.kind = NodeKind::api_gateway;
  front.instances = 2;
  front.concurrency = 1;  // a fraction of 2 workers (unlimited would give busy_mean)
  front.requests = 100;
  front.admitted = 98;
  front.rejected = 2;
  front.succeeded = 97;
  front.failed = 1;
  front.waited = 49;
  front.busy_integral_s = 9;
  front.queue_integral_s = 4.5;
  front.in_system_integral_s = 13.5;
  front.queue_max = 7;
  for (int ms = 1; ms <= 98; ++ms) front.latency.record(Duration::from_ms(ms));
  for (int us = 0; us < 98; ++us) front.wait.record(Duration::from_us(us * 10));
  r.nodes.push_back(front);

  NodeResult cdn;
  cdn.name = "cdn";
  cdn.kind = NodeKind::cache;
  cdn.instances = 1;
  cdn.concurrency = std::nullopt;
  cdn.requests = 10;
  cdn.admitted = 10;
  cdn.succeeded = 10;
  cdn.cache_lookups = 10;
  cdn.cache_hits = 9;
  for (int i = 0; i < 10; ++i) cdn.latency.record(Duration::from_us(300));
  r.nodes.push_back(cdn);

  r.slo.push_back({"checkout p99 < 300ms", 94.5, true, true, "", "p99", CompareOp::less, 300, std::nullopt});
  r.slo.push_back({"nobody p99 < 1ms", 0, false, false, "no workload or node 'nobody'", "p99", CompareOp::less, 1,
                   std::nullopt});
  return r;
}

std::vector<std::string> keys_of(const json::object& o) {
  std::vector<std::string> keys;
  for (const auto& kv : o) keys.emplace_back(kv.key());
  return keys;
}

double number(const json::value& v) { return v.to_number<double>(); }

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string templ = (std::filesystem::temp_directory_path() / "svcsim_test_report_XXXXXX").string();
    REQUIRE(::mkdtemp(templ.data()) != nullptr);
    path = templ;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("results JSON has the SPEC 6 sections in order", "[report][json]") {
  const json::value doc = json::parse(results_to_json(sample_results()));
  const auto& root = doc.as_object();
  CHECK(keys_of(root) ==
        std::vector<std::string>{"svcsim", "scenario", "run", "warnings", "workloads", "nodes", "slo"});
  CHECK(root.at("warnings").as_array().empty());  // no node was offered what it can serve
  CHECK(root.at("svcsim").as_string() == "0.1.0");
  const auto& scenario = root.at("scenario").as_object();
  CHECK(keys_of(scenario) ==
        std::vector<std::string>{"name", "seed", "duration_s", "warmup_s", "replications", "hash"});
  CHECK(scenario.at("hash").is_null());  // built in C++: no scenario file to hash
  CHECK(scenario.at("name").as_string() == "shop");
  CHECK(scenario.at("seed").to_number<std::uint64_t>() == 42);
  CHECK(number(scenario.at("duration_s")) == 10.0);
  CHECK(scenario.at("replications").to_number<int>() == 1);
  const auto& run = root.at("run").as_object();
  CHECK(keys_of(run) == std::vector<std::string>{"events", "wall_s", "events_per_s", "end_s", "amplification"});
  CHECK(number(run.at("amplification")) == 1.0);  // nothing retried in the sample
  CHECK(number(run.at("events_per_s")) == 24690.0);
  CHECK(number(run.at("end_s")) == 10.25);
  CHECK(keys_of(root.at("workloads").as_object()) == std::vector<std::string>{"checkout", "idle"});
  CHECK(keys_of(root.at("nodes").as_object()) ==
        std::vector<std::string>{"frontend-with-a-much-longer-name-than-usual", "cdn"});
}

TEST_CASE("workload figures come from workload_metric", "[report][json]") {
  const Results r = sample_results();
  const json::value doc = json::parse(results_to_json(r));
  const auto& w = doc.at("workloads").at("checkout").as_object();
  CHECK(keys_of(w) == std::vector<std::string>{"requests", "succeeded", "degraded", "failed", "timed_out", "rejected",
                                               "throughput_per_s", "error_rate", "availability", "latency_ms",
                                               "histogram", "attribution"});
  CHECK(w.at("requests").to_number<int>() == 100);
  CHECK(w.at("succeeded").to_number<int>() == 95);
  CHECK(w.at("degraded").to_number<int>() == 2);
  CHECK(w.at("timed_out").to_number<int>() == 1);
  const WorkloadResult& src = r.workloads[0];
  // Written at full precision: the numbers read back bit for bit.
  CHECK(number(w.at("throughput_per_s")) == *workload_metric(src, r.measured_s, "throughput"));
  CHECK(number(w.at("error_rate")) == *workload_metric(src, r.measured_s, "error_rate"));
  CHECK(number(w.at("error_rate")) == Approx(0.05));
  const auto& latency = w.at("latency_ms").as_object();
  CHECK(keys_of(latency) == std::vector<std::string>{"mean", "min", "p50", "p90", "p95", "p99", "p99.9", "max"});
  for (const auto& kv : latency)
    CHECK(number(kv.value()) == *workload_metric(src, r.measured_s, std::string(kv.key())));
  CHECK(number(latency.at("p50")) == Approx(48).epsilon(0.01));
  CHECK(number(latency.at("max")) == 95.0);

  const auto& histogram = w.at("histogram").as_object();
  CHECK(histogram.at("unit").as_string() == "us");
  std::uint64_t total = 0;
  double previous_upper = 0;
  for (const auto& bucket : histogram.at("buckets").as_array()) {
    const auto& b = bucket.as_array();
    REQUIRE(b.size() == 3);
    CHECK(number(b[0]) >= previous_upper);
    CHECK(number(b[0]) < number(b[1]));
    CHECK(b[2].to_number<std::uint64_t>() > 0);
    previous_upper = number(b[1]);
    total += b[2].to_number<std::uint64_t>();
  }
  CHECK(total == 95);
}

TEST_CASE("undefined figures are written as null", "[report][json]") {
  const json::value doc = json::parse(results_to_json(sample_results()));
  const auto& idle = doc.at("workloads").at("idle").as_object();
  for (const auto& kv : idle.at("latency_ms").as_object()) CHECK(kv.value().is_null());
  CHECK(idle.at("histogram").at("buckets").as_array().empty());
  const auto& cdn = doc.at("nodes").at("cdn").as_object();
  for (const auto& kv : cdn.at("wait_ms").as_object()) CHECK(kv.value().is_null());
  const auto& slo = doc.at("slo").as_array();
  REQUIRE(slo.size() == 2);
  CHECK(slo[1].at("value").is_null());
  CHECK(slo[1].at("pass").as_bool() == false);
  CHECK(slo[1].at("error").as_string() == "no workload or node 'nobody'");
  CHECK_FALSE(slo[0].as_object().contains("error"));
  Results no_clock = sample_results();
  no_clock.run.wall_s = 0;
  CHECK(json::parse(results_to_json(no_clock)).at("run").at("events_per_s").is_null());
}

TEST_CASE("node figures: wait probability and hit ratio", "[report][json]") {
  const Results r = sample_results();
  const json::value doc = json::parse(results_to_json(r));
  const auto& front = doc.at("nodes").at("frontend-with-a-much-longer-name-than-usual").as_object();
  CHECK(keys_of(front) == std::vector<std::string>{"kind", "instances", "utilization", "requests", "rejected",
                                                   "refused", "failed", "queue_mean", "queue_max", "in_system_mean",
                                                   "latency_ms", "wait_ms", "wait_probability", "retries",
                                                   "hedges", "timeouts", "amplification"});
  CHECK(front.at("kind").as_string() == "api_gateway");
  CHECK(front.at("instances").to_number<int>() == 2);
  CHECK(front.at("queue_max").to_number<int>() == 7);
  for (const char* name : {"utilization", "queue_mean", "in_system_mean"})
    CHECK(number(front.at(name)) == *node_metric(r.nodes[0], r.measured_s, name));
  CHECK(number(front.at("latency_ms").at("p99")) == *node_metric(r.nodes[0], r.measured_s, "p99"));
  CHECK(number(front.at("wait_probability")) == 0.5);
  CHECK(number(front.at("wait_ms").at("mean")) == Approx(0.485));
  const auto& cdn = doc.at("nodes").at("cdn").as_object();
  CHECK(cdn.at("kind").as_string() == "cache");
  CHECK(number(cdn.at("hit_ratio")) == 0.9);
  // Unlimited concurrency: busy_mean (mean busy workers) in place of utilization (SPEC 10).
  CHECK_FALSE(cdn.contains("utilization"));
  CHECK(number(cdn.at("busy_mean")) == *node_metric(r.nodes[1], r.measured_s, "busy_mean"));
}

TEST_CASE("caller-side figures: retries, hedges, timeouts, breakers and the run's amplification", "[report][json]") {
  Results r = sample_results();
  r.run.amplification = 1.25;
  r.nodes[0].retries = 30;
  r.nodes[0].hedges = 2;
  r.nodes[0].timeouts = 11;
  r.nodes[0].breakers.push_back({"cdn", {{12.5, "open"}, {17.5, "half_open"}, {17.75, "closed"}}});
  const json::value doc = json::parse(results_to_json(r));
  CHECK(number(doc.at("run").at("amplification")) == 1.25);
  const auto& front = doc.at("nodes").at("frontend-with-a-much-longer-name-than-usual").as_object();
  CHECK(front.at("retries").to_number<int>() == 30);
  CHECK(front.at("hedges").to_number<int>() == 2);
  CHECK(front.at("timeouts").to_number<int>() == 11);
  const auto& breaker = front.at("breakers").as_array().at(0).as_object();
  CHECK(breaker.at("callee").as_string() == "cdn");
  const auto& changes = breaker.at("changes").as_array();
  REQUIRE(changes.size() == 3);
  // Each change is [time_s, state], like the instance timeline.
  CHECK(number(changes[1].as_array().at(0)) == 17.5);
  CHECK(changes[1].as_array().at(1).as_string() == "half_open");
  // A node without breakers has no `breakers` key.
  CHECK_FALSE(doc.at("nodes").at("cdn").as_object().contains("breakers"));
}

TEST_CASE("stopped runs say why", "[report][json]") {
  Results r = sample_results();
  r.run.stopped = true;
  r.run.stopped_by = "in_flight_limit";
  r.run.end_s = 12.5;
  r.run.stop_reason = "in-flight requests passed 1000; node 'cdn' is saturated";
  const json::value doc = json::parse(results_to_json(r));
  const auto& run = doc.at("run").as_object();
  CHECK(run.at("stopped").as_string() == "in_flight_limit");
  CHECK(run.at("stopped_at_s").as_double() == 12.5);
  CHECK(run.at("stop_reason").as_string() == r.run.stop_reason);
}

TEST_CASE("JSON text is deterministic and pretty-printed", "[report][json]") {
  const Results r = sample_results();
  const std::string a = results_to_json(r);
  CHECK(a == results_to_json(r));
  REQUIRE(!a.empty());
  CHECK(a.back() == '\n');
  const auto lines = lines_of(a);
  CHECK(lines[0] == "{");
  CHECK(lines[1] == "  \"svcsim\": \"0.1.0\",");
  CHECK(lines[2] == "  \"scenario\": {");
  CHECK(lines[3] == "    \"name\": \"shop\",");

  // Only the wall-clock lines differ when only the wall clock differs.
  Results slower = r;
  slower.run.wall_s = 2;
  const auto other = lines_of(results_to_json(slower));
  REQUIRE(other.size() == lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i] == other[i]) continue;
    const bool wall_clock = lines[i].find("\"wall_s\"") != std::string::npos ||
                            lines[i].find("\"events_per_s\"") != std::string::npos;
    CHECK(wall_clock);
  }
}

TEST_CASE("JSON numbers are shortest round-trip text", "[report][json]") {
  using detail::format_json_double;
  CHECK(format_json_double(2000) == "2000.0");
  CHECK(format_json_double(0.1) == "0.1");
  CHECK(format_json_double(0.00074) == "0.00074");
  CHECK(format_json_double(1.0 / 3) == "0.3333333333333333");
  CHECK(format_json_double(1e21) == "1e+21");
  CHECK(format_json_double(std::numeric_limits<double>::quiet_NaN()) == "null");
  CHECK(format_json_double(std::numeric_limits<double>::infinity()) == "null");
  CHECK(json::parse("[" + format_json_double(1e-300) + "]").at(0).as_double() == 1e-300);
}

TEST_CASE("terminal report names everything in aligned tables", "[report][terminal]") {
  std::ostringstream out;
  print_terminal_report(out, sample_results(), nullptr, true);  // --wide: every column
  const std::string text = out.str();
  for (const char* expected :
       {"shop", "seed 42", "12,345 events", "checkout", "idle", "frontend-with-a-much-longer-name-than-usual", "cdn",
        "api_gateway", "p99.9", "util %", "checkout p99 < 300ms", "pass",
        "cannot evaluate: no workload or node 'nobody'"})
    CHECK(text.find(expected) != std::string::npos);

  // Every line of a table (header, rule, rows) ends at the same column: the
  // last columns of the workload and node tables are right-aligned.
  const auto lines = lines_of(text);
  int tables_checked = 0;
  for (std::size_t i = 1; i + 1 < lines.size(); ++i) {
    if (lines[i].find("---") == std::string::npos) continue;
    const std::size_t width = lines[i].size();
    const bool right_aligned_last = lines[i - 1].ends_with("max") || lines[i - 1].ends_with("rejected");
    if (!right_aligned_last) continue;
    CHECK(lines[i - 1].size() == width);
    for (std::size_t j = i + 1; j < lines.size() && !lines[j].empty(); ++j) CHECK(lines[j].size() == width);
    ++tables_checked;
  }
  CHECK(tables_checked == 2);
}

TEST_CASE("text table pads by characters and not by bytes", "[report][terminal]") {
  detail::TextTable table({{"name", detail::TextTable::Align::left}, {"n"}});
  table.add_row({"caf\xc3\xa9", "1"});
  table.add_row({"cafes", "22"});
  std::ostringstream out;
  table.print(out, 0);
  const auto lines = lines_of(out.str());
  REQUIRE(lines.size() == 4);
  CHECK(detail::display_width(lines[2]) == detail::display_width(lines[3]));
}

TEST_CASE("write_file_atomically writes whole files", "[report][file]") {
  TempDir dir;
  const auto target = dir.path / "results.json";
  CHECK(write_file_atomically(target.string(), "first\n").empty());
  CHECK(read_file(target) == "first\n");
  CHECK(write_file_atomically(target.string(), "second\n").empty());
  CHECK(read_file(target) == "second\n");
  // Nothing but the target is left in the folder.
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path), std::filesystem::directory_iterator()) == 1);
}

TEST_CASE("write_file_atomically fails cleanly", "[report][file]") {
  TempDir dir;
  const auto missing = dir.path / "no-such-folder" / "results.json";
  const std::string message = write_file_atomically(missing.string(), "x");
  CHECK(message == "cannot write '" + missing.string() + "': folder '" + (dir.path / "no-such-folder").string() +
                       "' does not exist");
  CHECK_FALSE(std::filesystem::exists(missing));
  CHECK(check_output_folder(missing.string()) == message);
  CHECK(check_output_folder((dir.path / "ok.json").string()).empty());
  // A folder in the way of the target is refused, and no temporary file stays behind.
  std::filesystem::create_directory(dir.path / "taken");
  CHECK_FALSE(write_file_atomically((dir.path / "taken").string(), "x").empty());
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path), std::filesystem::directory_iterator()) == 1);
}
