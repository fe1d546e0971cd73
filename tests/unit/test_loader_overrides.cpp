// --set overrides: parsing PATH=VALUE, applying values, and errors in paths
// and in overridden values (reported as `FILE: error: --set PATH: …`).
#include <catch2/catch.hpp>

#include "loader_test_util.hpp"
#include "svcsim/loader.hpp"

using namespace svcsim;
using svcsim::test::all_errors;
using svcsim::test::has_error;
using svcsim::test::load;

namespace {

const char* kBase = R"(name: t
seed: 3
duration: 10s
network:
  latency: 1ms
nodes:
  gateway: {instances: 2, service_time: 1ms}
workloads:
  - {name: play, call: gateway, rate: 100/s}
  - {name: browse, call: gateway, users: 5}
)";

}  // namespace

TEST_CASE("parse_override splits at the first '='", "[loader][overrides]") {
  const auto o = parse_override("workloads.play.rate=3000/s");
  REQUIRE(o);
  CHECK(o->path == "workloads.play.rate");
  CHECK(o->value == "3000/s");
  const auto map = parse_override("network.latency={dist: exponential, mean: 2ms}");
  REQUIRE(map);
  CHECK(map->value == "{dist: exponential, mean: 2ms}");
  CHECK(parse_override("a=b=c")->value == "b=c");
  CHECK_FALSE(parse_override("no-equals"));
  CHECK_FALSE(parse_override("=5"));
}

TEST_CASE("overrides change values before validation", "[loader][overrides]") {
  const auto r = load(kBase, {{"nodes.gateway.instances", "6"},
                              {"workloads.play.rate", "3000/s"},
                              {"network.latency", "{dist: exponential, mean: 2ms}"},
                              {"duration", "1m"},
                              {"seed", "7"},
                              {"nodes.gateway.queue", "10"}});
  INFO(all_errors(r));
  REQUIRE(r.scenario);
  CHECK(r.scenario->nodes[0].instances == 6);
  CHECK(r.scenario->nodes[0].queue == std::optional<std::int64_t>(10));  // a new key
  CHECK(r.scenario->workloads[0].rate_per_s == 3000.0);
  CHECK(r.scenario->network.latency.kind() == Distribution::Kind::exponential);
  CHECK(r.scenario->duration == Duration::from_s(60));
  CHECK(r.scenario->seed == 7);
}

TEST_CASE("set network.latency creates the network section a file leaves out", "[loader][overrides]") {
  const std::string without_network = R"(name: t
duration: 10s
nodes:
  gateway: {service_time: 1ms}
workloads:
  - {name: play, call: gateway, rate: 100/s}
)";
  const auto r = load(without_network, {{"network.latency", "2ms"}});
  INFO(all_errors(r));
  REQUIRE(r.scenario);
  CHECK(r.scenario->network.latency.mean_seconds() == Approx(2e-3));
  // Other missing sections are still typos, with a suggestion.
  CHECK(has_error(load(without_network, {{"nodez.gateway.instances", "2"}}),
                  "s.yaml: error: --set nodez.gateway.instances: no 'nodez' in the scenario (did you mean 'nodes'?)"));
}

TEST_CASE("later overrides of one path win", "[loader][overrides]") {
  const auto r = load(kBase, {{"seed", "7"}, {"seed", "9"}});
  REQUIRE(r.scenario);
  CHECK(r.scenario->seed == 9);
}

TEST_CASE("a typo in an override path gives a suggestion", "[loader][overrides]") {
  SECTION("a map key") {
    const auto r = load(kBase, {{"nodes.gatewy.instances", "6"}});
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].format() ==
          "s.yaml: error: --set nodes.gatewy.instances: no 'gatewy' in 'nodes' (did you mean 'gateway'?)");
  }
  SECTION("a list entry by name") {
    const auto r = load(kBase, {{"workloads.paly.rate", "1/s"}});
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].format() ==
          "s.yaml: error: --set workloads.paly.rate: no entry named 'paly' in 'workloads' (did you mean 'play'?)");
  }
  SECTION("a top-level section") {
    const auto r = load(kBase, {{"netwrk.latency", "1ms"}});
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].format() ==
          "s.yaml: error: --set netwrk.latency: no 'netwrk' in the scenario (did you mean 'network'?)");
  }
  SECTION("through a value") {
    const auto r = load(kBase, {{"seed.x", "1"}});
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].format() == "s.yaml: error: --set seed.x: 'seed' is a single value, so it has no 'x'");
  }
}

TEST_CASE("errors in an overridden value name the --set and have no line", "[loader][overrides]") {
  const auto r = load(kBase, {{"nodes.gateway.instances", "0"},
                              {"nodes.gateway.instnaces", "3"},
                              {"network.latency", "{dist: exponential}"},
                              {"workloads.play.call", "gatewya"}});
  INFO(all_errors(r));
  CHECK(has_error(r,
                  "s.yaml: error: --set nodes.gateway.instances: 'instances' must be a whole number from 1 to "
                  "100000, not '0'"));
  CHECK(has_error(r,
                  "s.yaml: error: --set nodes.gateway.instnaces: unknown field 'instnaces' (did you mean "
                  "'instances'?)"));
  CHECK(has_error(r, "s.yaml: error: --set network.latency: missing field 'mean'"));
  CHECK(has_error(r,
                  "s.yaml: error: --set workloads.play.call: call to 'gatewya': no node 'gatewya' (did you mean "
                  "'gateway'?)"));
  CHECK(r.errors.size() == 4);
  for (const auto& d : r.errors) CHECK(d.line == 0);
}

TEST_CASE("an override value that is not valid YAML", "[loader][overrides]") {
  const auto r = load(kBase, {{"nodes.gateway.instances", "{oops"}});
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].format().rfind("s.yaml: error: --set nodes.gateway.instances: malformed YAML: ", 0) == 0);
}

TEST_CASE("file errors and override errors are reported together", "[loader][overrides]") {
  std::string text = kBase;
  text += "bogus: 1\n";
  const auto r = load(text, {{"seed", "-4"}});
  REQUIRE(r.errors.size() == 2);
  CHECK(r.errors[0].format() ==
        "s.yaml: error: --set seed: 'seed' must be a whole number from 0 to 9007199254740991, not '-4'");
  CHECK(r.errors[1].format() == "s.yaml:11:1: error: unknown field 'bogus'");
}

// Found by fuzz_overrides (tests/fuzz/regressions/overrides/): a --set path is
// printed in the message's prefix, and must not carry a terminal command.
TEST_CASE("a --set path with control characters is printed escaped", "[loader][overrides]") {
  const auto r = load(kBase, {{"nodes.gateway\x1b]0;x\a.instances", "2"}});
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message.rfind("--set nodes.gateway\\x1b]0;x\\x07.instances: ", 0) == 0);
}

// Found by fuzz_overrides (tests/fuzz/regressions/overrides/lone-c2-byte-in-set-path):
// a path ending in a lone 0xC2 byte reached the message raw, where the next
// character could complete it (a C1 control is C2 80-9F).
TEST_CASE("a --set path with a 0xC2 byte that starts no character is printed escaped", "[loader][overrides]") {
  const auto r = load(kBase, {{"gateway\xc2", "1"}});
  REQUIRE(r.errors.size() == 1);
  INFO(r.errors[0].message);
  CHECK(r.errors[0].message.rfind("--set gateway\\xc2: ", 0) == 0);
  CHECK(r.errors[0].message.find('\xc2') == std::string::npos);
  CHECK(r.errors[0].message.find("'gateway\\xc2'") != std::string::npos);
}
