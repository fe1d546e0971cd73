// Loading autoscaling, mmpp and trace arrivals: what is read, and each bad
// value's positioned message (traces report positions in the trace file).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "loader_test_util.hpp"
#include "scenario/diagnostics.hpp"
#include "scenario/trace_reader.hpp"

using namespace svcsim;
using namespace svcsim::test;

namespace {
std::string with_api(const std::string& api_fields) {
  return "name: t\nduration: 10s\nnodes:\n  api: {service_time: 1ms" + api_fields +
         "}\nworkloads:\n  - {name: w, call: api, rate: 10/s}\n";
}
std::string with_arrivals(const std::string& workload_fields) {
  return "name: t\nduration: 10s\nnodes:\n  api: {service_time: 1ms}\nworkloads:\n  - {name: w, call: api" +
         workload_fields + "}\n";
}
}  // namespace

TEST_CASE("autoscaling is read with Kubernetes' defaults", "[loader][autoscaling]") {
  const auto r = load(with_api(", autoscaling: {min: 2, max: 20, target_utilization: 70%, startup: 45s}"));
  INFO(all_errors(r));
  REQUIRE(r.scenario);
  const Node& api = r.scenario->nodes[0];
  REQUIRE(api.autoscaling);
  CHECK(api.autoscaling->min == 2);
  CHECK(api.autoscaling->max == 20);
  CHECK(api.autoscaling->target_utilization == Approx(0.7));
  CHECK(api.autoscaling->sync_period == Duration::from_s(15));
  CHECK(api.autoscaling->stabilization_window == Duration::from_s(300));
  CHECK(api.autoscaling->startup == Duration::from_s(45));
  CHECK(api.instances == 2);  // without `instances`, it starts at min
}

TEST_CASE("bad autoscaling values are positioned", "[loader][autoscaling][errors]") {
  auto r = load(with_api(", autoscaling: {min: 5, max: 2, target_utilization: 70%}"));
  CHECK(has_error(r, "s.yaml:4:42: error: autoscaling 'min' (5) is above 'max' (2)"));
  r = load(with_api(", autoscaling: {max: 4}"));
  CHECK(has_error(r, "s.yaml:4:41: error: missing field 'target_utilization' (the utilisation the autoscaler aims "
                     "at, e.g. target_utilization: 70%)"));
  r = load(with_api(", autoscaling: {max: 4, target_utilization: 0%, sync_period: 0s}"));
  CHECK(has_error(r, "s.yaml:4:70: error: 'target_utilization' must be greater than 0, not '0%'"));
  CHECK(has_error(r, "s.yaml:4:87: error: 'sync_period' must be greater than 0, not '0s'"));
  r = load(with_api(", instances: 8, autoscaling: {max: 4, target_utilization: 50%}"));
  CHECK(has_error(r, "s.yaml:4:28: error: 'instances' (8) is the count at time 0 and must lie within autoscaling's "
                     "min 1 and max 4 (or leave it out to start at min)"));
  r = load(with_api(", concurrency: unlimited, autoscaling: {max: 4, target_utilization: 50%}"));
  CHECK(has_error(r, "s.yaml:4:52: error: autoscaling needs a whole-number 'concurrency' (utilisation is busy "
                     "workers over workers; 'unlimited' has none to count)"));
}

TEST_CASE("a fault may strike any slot up to autoscaling's max", "[loader][autoscaling][faults]") {
  const std::string base = with_api(", autoscaling: {max: 4, target_utilization: 50%}");
  CHECK(load(base + "faults:\n  - {target: 'api[3]', type: outage}\n").errors.empty());
  const auto r = load(base + "faults:\n  - {target: 'api[4]', type: outage}\n");
  CHECK(has_error(r, "s.yaml:8:14: error: fault target 'api[4]': node 'api' has 4 instances at most (autoscaling "
                     "max), numbered 0 to 3"));
}

TEST_CASE("mmpp states are read, and the rate is their stationary mean", "[loader][mmpp]") {
  const auto r =
      load(with_arrivals(", arrivals: {mmpp: [{rate: 500/s, mean_sojourn: 30s}, {rate: 5000/s, mean_sojourn: 5s}]}"));
  INFO(all_errors(r));
  REQUIRE(r.scenario);
  const Workload& w = r.scenario->workloads[0];
  CHECK(w.arrivals == ArrivalProcess::mmpp);
  REQUIRE(w.mmpp.size() == 2);
  CHECK(w.mmpp[1].rate_per_s == 5000);
  CHECK(w.mmpp[1].mean_sojourn == Duration::from_s(5));
  CHECK(w.rate_per_s == Approx((500.0 * 30 + 5000.0 * 5) / 35));
}

TEST_CASE("bad mmpp and trace arrivals are positioned", "[loader][mmpp][trace][errors]") {
  auto r = load(with_arrivals(", arrivals: {mmpp: []}"));
  CHECK(has_error(r, "s.yaml:6:43: error: 'mmpp' needs 1 to 100 states, e.g. mmpp: [{rate: 500/s, mean_sojourn: "
                     "30s}, {rate: 5000/s, mean_sojourn: 5s}]"));
  r = load(with_arrivals(", arrivals: {mmpp: [{rate: 0/s, mean_sojourn: 1s}]}"));
  CHECK(has_error(r, "s.yaml:6:43: error: every mmpp state has rate 0: nothing would ever arrive"));
  r = load(with_arrivals(", arrivals: {mmpp: [{rate: 5/s, mean_sojourn: 0s}]}"));
  CHECK(has_error(r, "s.yaml:6:70: error: 'mean_sojourn' must be greater than 0, not '0s'"));
  r = load(with_arrivals(", rate: 5/s, arrivals: {mmpp: [{rate: 5/s, mean_sojourn: 1s}]}"));
  CHECK(has_error(r, "s.yaml:6:26: error: 'rate' does not go with arrivals: {mmpp: …}, which sets the arrival "
                     "times itself; leave it out"));
  r = load(with_arrivals(", arrivals: mmpp"));
  CHECK(r.errors.size() == 1);  // and no noise about a missing rate
  CHECK(has_error(r, "s.yaml:6:36: error: 'arrivals: mmpp' needs its states: arrivals: {mmpp: [{rate: 500/s, "
                     "mean_sojourn: 30s}, {rate: 5000/s, mean_sojourn: 5s}]}"));
  r = load(with_arrivals(", arrivals: {trace: no-such-file.csv}"));
  CHECK(has_error(r, "s.yaml:6:44: error: cannot read trace 'no-such-file.csv': No such file or directory (a "
                     "relative path is taken from the scenario file's directory)"));
}

TEST_CASE("bad trace lines are reported at their line and column in the trace", "[loader][trace][errors]") {
  detail::Diagnostics diag("s.yaml", {});
  const auto times = detail::parse_trace("# header\n0.5\n  abc\n1.5s\n1.2\n-3\n\n2\n", "t.csv", diag);
  CHECK(times == nullptr);
  std::string all;
  for (const auto& d : diag.take_sorted()) all += d.format() + "\n";
  CHECK(all ==
        "t.csv:3:3: error: the first field (3 characters) is not an arrival time: write seconds from the start (e.g. 12.5) or a duration "
        "(e.g. 12500ms); start comment or header lines with '#'\n"
        "t.csv:5:1: error: arrival time '1.2' is before the one on line 4 (1.5s); a trace lists arrivals in time "
        "order\n"
        "t.csv:6:1: error: arrival time '-3' must not be negative\n");
}

// `check` on an untrusted scenario (in CI) must not print the files its trace
// points at: only a short, time-like field is ever quoted.
TEST_CASE("a trace pointing at another file quotes none of it", "[loader][trace][errors]") {
  const auto path = std::filesystem::temp_directory_path() / "svcsim_test_secret_trace.txt";
  {
    std::ofstream out(path);
    for (int i = 0; i < 30; ++i) out << "root" << i << ":x:0:0:root:/root:/bin/bash\n";
    out << "12345678901234567890123456789\n";
  }
  const auto r = load(std::string(kMinimal) + "  - {name: replay, call: api, arrivals: {trace: " + path.string() + "}}\n");
  std::filesystem::remove(path);
  const std::string all = all_errors(r);
  INFO(all);
  CHECK_FALSE(r.scenario);
  CHECK(r.errors.size() <= 20);
  CHECK(all.find("root") == std::string::npos);
  CHECK(all.find("bash") == std::string::npos);
  CHECK(all.find(":1:1: error: the first field (32 characters) is not an arrival time") != std::string::npos);
  detail::Diagnostics diag("s.yaml", {});
  CHECK(detail::parse_trace("12345678901234567890123456789\n", "t.csv", diag) == nullptr);
  CHECK(diag.take_sorted().at(0).message == "arrival time '1234567890123456…' is too large");
}

TEST_CASE("a good trace is read in ns", "[loader][trace]") {
  detail::Diagnostics diag("s.yaml", {});
  const auto times = detail::parse_trace("0\n0.25\n250ms,x\r\n1m\n", "t.csv", diag);
  REQUIRE(times);
  CHECK(*times == std::vector<std::int64_t>{0, 250'000'000, 250'000'000, 60'000'000'000});
  detail::Diagnostics empty("s.yaml", {});
  CHECK(detail::parse_trace("# nothing\n", "t.csv", empty) == nullptr);
  CHECK(empty.take_sorted().at(0).format() ==
        "t.csv: error: the trace has no arrival times (one per line, e.g. 12.5 for 12.5 s)");
}
