// Loader: `faults:` (SPEC 3.6) read into Scenario::faults (types, targets and
// instance selections, timing, defaults), every validation error with its
// exact text and position, and --set on a fault addressed by its name.
#include <catch2/catch.hpp>

#include <functional>
#include <random>
#include <string>

#include "loader_test_util.hpp"
#include "support/random_edits.hpp"
#include "svcsim/loader.hpp"

using namespace svcsim;
using svcsim::test::all_errors;
using svcsim::test::has_error;
using svcsim::test::load;

namespace {

/// Nodes cdn (10 instances), storage (4), gateway and auth, one workload, and
/// `faults` from line 10 on.
std::string with_faults(const std::string& faults) {
  return "name: f\nduration: 10m\nnodes:\n"
         "  cdn: {kind: cache, instances: 10, hit_ratio: 95%, origin: storage}\n"
         "  storage: {service_time: 1ms, instances: 4}\n"
         "  gateway: {service_time: 1ms}\n"
         "  auth: {service_time: 1ms}\n"
         "workloads:\n  - {name: w, call: gateway, rate: 10/s}\n"
         "faults:\n" +
         faults;
}

const std::string kFaults = with_faults(R"(  - name: cdn-outage
    target: cdn
    type: outage
    mode: blackhole
    at: 3m
    duration: 2m
  - {target: "cdn[3]", type: slowdown, factor: 10, at: 1m, duration: 30s}
  - target: cdn[0-9]
    type: slowdown
    add: 200ms
  - {target: storage, instances: 50%, type: errors, percentage: 20%, at: 2m, duration: 1m}
  - {target: storage, type: crash, mtbf: 10m, mttr: 1m, at: 1m}
  - {name: split, type: partition, between: [gateway, auth], at: 4m, duration: 30s}
  - {target: storage, type: outage}
)");

/// Random edits of `base` (fixed seed): loading must never throw or crash, and
/// a scenario comes back exactly when there is no error.
void damage(const std::string& base, int rounds, const std::function<LoadResult(const std::string&)>& loader) {
  std::mt19937 rng(4242);
  for (int i = 0; i < rounds; ++i) {
    const std::string text = svcsim::test::randomly_edited(base, rng);
    LoadResult r;
    REQUIRE_NOTHROW(r = loader(text));
    CHECK(r.scenario.has_value() == r.errors.empty());
  }
}

}  // namespace

TEST_CASE("every kind of fault is read into the Scenario", "[loader][faults]") {
  const auto r = load(kFaults);
  INFO(all_errors(r));
  REQUIRE(r.scenario);
  const auto& f = r.scenario->faults;
  REQUIRE(f.size() == 7);

  CHECK(f[0].name == "cdn-outage");
  CHECK(f[0].type == FaultType::outage);
  CHECK(f[0].target == "cdn");
  CHECK_FALSE(f[0].instances.first);
  CHECK_FALSE(f[0].instances.last);
  CHECK_FALSE(f[0].instances.fraction);
  CHECK(f[0].mode == OutageMode::blackhole);
  CHECK(f[0].at == Duration::from_s(180));
  CHECK(f[0].duration == Duration::from_s(120));
  CHECK(f[0].where.line == 11);
  CHECK(f[0].where.column == 5);

  CHECK(f[1].name.empty());
  CHECK(f[1].type == FaultType::slowdown);
  CHECK(f[1].target == "cdn");
  CHECK(f[1].instances.first == 3);
  CHECK(f[1].instances.last == 3);
  CHECK_FALSE(f[1].instances.fraction);
  CHECK(f[1].factor == 10.0);
  CHECK(f[1].add == Duration{});
  CHECK(f[1].at == Duration::from_s(60));
  CHECK(f[1].duration == Duration::from_s(30));

  CHECK(f[2].target == "cdn");
  CHECK(f[2].instances.first == 0);
  CHECK(f[2].instances.last == 9);
  CHECK(f[2].factor == 1.0);  // default: only `add`
  CHECK(f[2].add == Duration::from_ms(200));
  CHECK(f[2].at == Duration{});  // default: from time 0
  CHECK_FALSE(f[2].duration);    // default: until the end

  CHECK(f[3].type == FaultType::errors);
  CHECK(f[3].target == "storage");
  CHECK_FALSE(f[3].instances.first);
  CHECK(f[3].instances.fraction == std::optional<double>(0.5));
  CHECK(f[3].percentage == Approx(0.2));

  CHECK(f[4].type == FaultType::crash);
  CHECK(f[4].mtbf == Duration::from_s(600));
  CHECK(f[4].mttr == Duration::from_s(60));
  CHECK(f[4].at == Duration::from_s(60));
  CHECK_FALSE(f[4].duration);

  CHECK(f[5].name == "split");
  CHECK(f[5].type == FaultType::partition);
  CHECK(f[5].target.empty());
  CHECK(f[5].between_a == "gateway");
  CHECK(f[5].between_b == "auth");
  CHECK(f[5].at == Duration::from_s(240));

  CHECK(f[6].mode == OutageMode::refuse);  // default
}

TEST_CASE("no faults, and an empty list", "[loader][faults]") {
  const auto r = load(svcsim::test::kMinimal);
  REQUIRE(r.scenario);
  CHECK(r.scenario->faults.empty());
  const auto empty = load(std::string(svcsim::test::kMinimal) + "faults: []\n");
  REQUIRE(empty.scenario);
  CHECK(empty.scenario->faults.empty());
}

TEST_CASE("a fault is reached by --set through its name", "[loader][faults][overrides]") {
  const auto r = load(kFaults, {{"faults.cdn-outage.at", "2m"},
                                {"faults.cdn-outage.duration", "1m"},
                                {"faults.split.between", "[auth, storage]"}});
  INFO(all_errors(r));
  REQUIRE(r.scenario);
  CHECK(r.scenario->faults[0].at == Duration::from_s(120));
  CHECK(r.scenario->faults[0].duration == Duration::from_s(60));
  CHECK(r.scenario->faults[5].between_a == "auth");
  CHECK(r.scenario->faults[5].between_b == "storage");

  const auto typo = load(kFaults, {{"faults.cdn-outag.at", "2m"}});
  CHECK(has_error(typo, "s.yaml: error: --set faults.cdn-outag.at: no entry named 'cdn-outag' in 'faults' (did "
                        "you mean 'cdn-outage'?)"));
  const auto bad = load(kFaults, {{"faults.cdn-outage.at", "2"}});
  CHECK(has_error(bad, "s.yaml: error: --set faults.cdn-outage.at: '2' needs a unit, e.g. '2ms'"));
}

TEST_CASE("fault type and the keys of each type", "[loader][faults][errors]") {
  const auto r = load(with_faults(
      "  - {target: cdn}\n"
      "  - {target: cdn, type: outge}\n"
      "  - {target: cdn, type: outage, factor: 2, mode: drop}\n"
      "  - {target: cdn, type: crash, mode: refuse, mtbf: 0s, mttr: 1m}\n"
      "  - {type: partition, target: cdn, between: [gateway, auth]}\n"
      "  - {type: outage}\n"
      "  - {target: cdn, type: slowdown}\n"
      "  - {target: cdn, type: slowdown, factor: 0, add: 1ms}\n"
      "  - {target: cdn, type: errors}\n"
      "  - {target: cdn, type: errors, percentage: 150%}\n"
      "  - {target: cdn, type: crash}\n"
      "  - {target: cdn, type: outage, strat: 1m}\n"
      "  - outage\n"));
  INFO(all_errors(r));
  CHECK(has_error(r, "s.yaml:11:5: error: missing field 'type' (outage, slowdown, errors, crash or partition)"));
  CHECK(has_error(r, "s.yaml:12:25: error: unknown type 'outge' (did you mean 'outage'?); expected one of: outage, "
                     "slowdown, errors, crash, partition"));
  CHECK(has_error(r, "s.yaml:13:33: error: 'factor' does not apply to an outage"));
  CHECK(has_error(r, "s.yaml:13:50: error: unknown mode 'drop'; expected one of: refuse, blackhole"));
  CHECK(has_error(r, "s.yaml:14:32: error: 'mode' does not apply to a crash"));
  CHECK(has_error(r, "s.yaml:14:52: error: 'mtbf' must be greater than 0, not '0s'"));
  CHECK(has_error(r, "s.yaml:15:23: error: 'target' does not apply to a partition (it is between the two nodes of "
                     "'between')"));
  CHECK(has_error(r, "s.yaml:16:5: error: missing field 'target' (the node it strikes, e.g. target: cdn)"));
  CHECK(has_error(r, "s.yaml:17:5: error: a slowdown needs 'factor' (work takes that many times as long, e.g. "
                     "factor: 10) or 'add' (e.g. add: 200ms)"));
  CHECK(has_error(r, "s.yaml:18:43: error: 'factor' must be greater than 0, not '0'"));
  CHECK(has_error(r, "s.yaml:18:46: error: a slowdown has 'factor' or 'add', not both"));
  CHECK(has_error(r, "s.yaml:19:5: error: missing field 'percentage' (the fraction of calls that fail, e.g. "
                     "percentage: 20%)"));
  CHECK(has_error(r, "s.yaml:20:45: error: '150%' is above 100%"));
  CHECK(has_error(r, "s.yaml:21:5: error: missing field 'mtbf' (the mean time an instance stays up, e.g. mtbf: "
                     "10m)"));
  CHECK(has_error(r, "s.yaml:21:5: error: missing field 'mttr' (the mean time it stays down, e.g. mttr: 1m)"));
  CHECK(has_error(r, "s.yaml:22:33: error: unknown field 'strat'"));
  CHECK(has_error(r, "s.yaml:23:5: error: a fault must be a map like {type: outage, target: cdn, at: 3m}, not a "
                     "single value"));
  CHECK(r.errors.size() == 17);
}

TEST_CASE("fault targets: nodes, one instance, a range or a share", "[loader][faults][errors]") {
  const auto r = load(with_faults(
      "  - {target: cdnn, type: outage}\n"
      "  - {target: client, type: outage}\n"
      "  - {target: w, type: outage}\n"
      "  - {target: \"cdn[10]\", type: outage}\n"
      "  - {target: \"storage[2-7]\", type: outage}\n"
      "  - {target: \"cdn[3-1]\", type: outage}\n"
      "  - {target: \"cdn[a]\", type: outage}\n"
      "  - {target: \"cdn[3]x\", type: outage}\n"
      "  - {target: \"[3]\", type: outage}\n"
      "  - {target: \"cdn[3]\", instances: 50%, type: outage}\n"
      "  - {target: cdn, instances: 2, type: outage}\n"
      "  - {target: cdn, instances: 0%, type: outage}\n"
      "  - {target: \"cdnn[2]\", type: outage}\n"));
  INFO(all_errors(r));
  CHECK(has_error(r, "s.yaml:11:14: error: fault target 'cdnn': no node 'cdnn' (did you mean 'cdn'?)"));
  CHECK(has_error(r, "s.yaml:12:14: error: fault target 'client': 'client' is the outside world, not a node; faults "
                     "strike nodes"));
  CHECK(has_error(r, "s.yaml:13:14: error: fault target 'w': 'w' is a workload, not a node"));
  CHECK(has_error(r, "s.yaml:14:14: error: fault target 'cdn[10]': node 'cdn' has 10 instances, numbered 0 to 9"));
  CHECK(has_error(r, "s.yaml:15:14: error: fault target 'storage[2-7]': node 'storage' has 4 instances, numbered 0 "
                     "to 3"));
  CHECK(has_error(r, "s.yaml:16:14: error: fault target 'cdn[3-1]': the range must go up, e.g. 'cdn[1-3]'"));
  CHECK(has_error(r, "s.yaml:17:14: error: fault target 'cdn[a]' must be 'node', 'node[i]' (one instance) or "
                     "'node[i-j]' (instances i to j)"));
  CHECK(has_error(r, "s.yaml:18:14: error: fault target 'cdn[3]x' must be 'node', 'node[i]' (one instance) or "
                     "'node[i-j]' (instances i to j)"));
  CHECK(has_error(r, "s.yaml:19:14: error: fault target '[3]' must be 'node', 'node[i]' (one instance) or "
                     "'node[i-j]' (instances i to j)"));
  CHECK(has_error(r, "s.yaml:20:24: error: 'instances' and an instance range in 'target' ('cdn[3]') do not go "
                     "together; use one"));
  CHECK(has_error(r, "s.yaml:21:30: error: 'instances' of a fault is a share of the node's instances, e.g. 50%, not "
                     "'2'; for particular instances write 'node[i-j]' as the target"));
  CHECK(has_error(r, "s.yaml:22:30: error: 'instances' must be greater than 0, not '0%'"));
  CHECK(has_error(r, "s.yaml:23:14: error: fault target 'cdnn[2]': no node 'cdnn' (did you mean 'cdn'?)"));
  CHECK(r.errors.size() == 13);
}

TEST_CASE("partitions are between two different nodes", "[loader][faults][errors]") {
  const auto r = load(with_faults(
      "  - {type: partition, between: [gateway]}\n"
      "  - {type: partition, between: [gateway, gateway]}\n"
      "  - {type: partition, between: [gateway, client]}\n"
      "  - {type: partition, between: [gateway, auht]}\n"
      "  - {type: partition, between: gateway}\n"
      "  - {type: partition}\n"));
  INFO(all_errors(r));
  CHECK(has_error(r, "s.yaml:11:32: error: 'between' must name two nodes, e.g. between: [gateway, auth]; it names 1"));
  CHECK(has_error(r, "s.yaml:12:42: error: a partition is between two different nodes, not 'gateway' and itself"));
  CHECK(has_error(r, "s.yaml:13:42: error: partition end 'client': 'client' is the outside world, not a node; "
                     "faults strike nodes"));
  CHECK(has_error(r, "s.yaml:14:42: error: partition end 'auht': no node 'auht' (did you mean 'auth'?)"));
  CHECK(has_error(r, "s.yaml:15:32: error: 'between' must be a list, not a single value"));
  CHECK(has_error(r, "s.yaml:16:5: error: missing field 'between' (the two nodes it separates, e.g. between: "
                     "[gateway, auth])"));
  CHECK(r.errors.size() == 6);
}

TEST_CASE("fault names and timing", "[loader][faults][errors]") {
  const auto r = load(with_faults(
      "  - {name: a, target: cdn, type: outage, at: 5, duration: 0s}\n"
      "  - {name: a, target: cdn, type: outage}\n"
      "  - {name: a.b, target: cdn, type: outage, at: -1s}\n"
      "  - {name: '', target: cdn, type: outage}\n"));
  INFO(all_errors(r));
  CHECK(has_error(r, "s.yaml:11:46: error: '5' needs a unit, e.g. '5ms'"));
  CHECK(has_error(r, "s.yaml:11:59: error: 'duration' must be greater than 0, not '0s'"));
  CHECK(has_error(r, "s.yaml:12:12: error: duplicate fault 'a' (first at line 11)"));
  CHECK(has_error(r, "s.yaml:13:12: error: fault name 'a.b' must be letters, digits, '_' or '-', starting with a "
                     "letter"));
  CHECK(has_error(r, "s.yaml:13:48: error: '-1s' must not be negative"));
  CHECK(has_error(r, "s.yaml:14:12: error: 'name' must not be empty"));
  CHECK(r.errors.size() == 6);
}

TEST_CASE("faults must be a list", "[loader][faults][errors]") {
  const auto r = load(std::string(svcsim::test::kMinimal) + "faults: {target: api}\n");
  CHECK(has_error(r, "s.yaml:7:9: error: 'faults' must be a list, not a map"));
  CHECK(r.errors.size() == 1);
}

TEST_CASE("the faults example of SPEC 3.6 loads as written", "[loader][faults]") {
  const auto r = load(R"(name: spec
duration: 10m
nodes:
  cdn: {kind: cache, instances: 10, hit_ratio: 95%, origin: storage}
  storage: {service_time: 1ms}
  recommendations: {service_time: 1ms}
  metadata: {service_time: 1ms}
  streaming: {service_time: 1ms, instances: 3}
  gateway: {service_time: 1ms}
  auth: {service_time: 1ms}
workloads:
  - {name: w, call: gateway, rate: 10/s}
faults:
  - name: cdn-outage
    target: cdn                 # a node; `cdn[3]` one instance; `cdn[0-9]`; or `instances: 50%`
    type: outage                # outage | slowdown | errors | crash | partition
    mode: refuse                # outage: refuse (fail fast, default) | blackhole (hang until the caller's timeout)
    at: 3m
    duration: 2m                # default: until the end
  - {target: recommendations, type: slowdown, factor: 10, at: 1m, duration: 30s}   # or add: 200ms
  - {target: metadata, type: errors, percentage: 20%, at: 2m, duration: 1m}
  - {target: streaming, type: crash, mtbf: 10m, mttr: 1m}                         # random, per instance
  - {type: partition, between: [gateway, auth], at: 4m, duration: 30s}
)");
  INFO(all_errors(r));
  REQUIRE(r.scenario);
  REQUIRE(r.scenario->faults.size() == 5);
  CHECK(r.scenario->faults[4].between_b == "auth");
}

TEST_CASE("random damage to the faults scenario never throws or crashes", "[loader][guards]") {
  damage(kFaults, 2000, [](const std::string& t) { return load(t); });
}
