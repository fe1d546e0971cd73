// shard::shape_problem (src/shard/run_shape.hpp): a decoded run against the
// shape of its scenario, one problem per array that does not fit.
#include <catch2/catch.hpp>

#include "shard/run_shape.hpp"

using svcsim::Results;
using svcsim::shard::RunShape;
using svcsim::shard::shape_problem;

namespace {

// Two workloads, three nodes (the first keeps a breaker to the third), one fault.
RunShape shape() {
  RunShape s;
  s.workloads = {"read", "write"};
  s.nodes = {"api", "db", "cache"};
  s.breaker_callees = {{"cache"}, {}, {}};
  s.fault_phases = 1;
  return s;
}

// A run that fits shape(), with two series rows.
Results fitting() {
  Results r;
  for (const char* name : {"read", "write"}) {
    r.workloads.emplace_back();
    r.workloads.back().name = name;
    r.workloads.back().tail.nodes = 3;
  }
  for (const char* name : {"api", "db", "cache"}) {
    r.nodes.emplace_back();
    r.nodes.back().name = name;
  }
  r.nodes[0].breakers.push_back({"cache", {}});
  r.series.resize(2);
  for (auto& row : r.series) {
    row.workloads.resize(2);
    row.nodes.resize(3);
  }
  r.faults.resize(1);
  r.faults[0].workloads.resize(2);
  return r;
}

}  // namespace

TEST_CASE("a run that fits its scenario's shape has no shape problem", "[shard]") {
  CHECK(shape_problem(fitting(), shape()).empty());
  Results no_series = fitting();
  no_series.series.clear();  // a run without --csv or --html
  CHECK(shape_problem(no_series, shape()).empty());
}

TEST_CASE("every array a report indexes by the scenario's counts is checked", "[shard]") {
  Results r = fitting();
  SECTION("workloads") {
    r.workloads.pop_back();
    CHECK(shape_problem(r, shape()) == "workloads: 1 entry where the scenario has 2 workloads");
  }
  SECTION("workload names") {
    r.workloads[1].name = "other";
    CHECK(shape_problem(r, shape()) == "workloads[1].name: 'other' where the scenario has 'write'");
  }
  SECTION("nodes") {
    r.nodes.clear();
    CHECK(shape_problem(r, shape()) == "nodes: 0 entries where the scenario has 3 nodes");
  }
  SECTION("node names") {
    r.nodes[2].name = "db";
    CHECK(shape_problem(r, shape()) == "nodes[2].name: 'db' where the scenario has 'cache'");
  }
  SECTION("the tail breakdown's node count") {
    r.workloads[0].tail.nodes = 2;
    CHECK(shape_problem(r, shape()) == "workloads[0].tail.nodes: 2 where the scenario has 3 nodes");
  }
  SECTION("breakers") {
    r.nodes[1].breakers.push_back({"api", {}});
    CHECK(shape_problem(r, shape()) == "nodes[1].breakers: 1 entry where the scenario has 0 breakers");
  }
  SECTION("a breaker's callee") {
    r.nodes[0].breakers[0].callee = "db";
    CHECK(shape_problem(r, shape()) == "nodes[0].breakers[0].callee: 'db' where the scenario has 'cache'");
  }
  SECTION("a series row's workloads") {
    r.series[1].workloads.push_back({});
    CHECK(shape_problem(r, shape()) == "series[1].workloads: 3 entries where the scenario has 2 workloads");
  }
  SECTION("a series row's nodes") {
    r.series[0].nodes.pop_back();
    CHECK(shape_problem(r, shape()) == "series[0].nodes: 2 entries where the scenario has 3 nodes");
  }
  SECTION("fault phases") {
    r.faults.push_back(r.faults[0]);
    CHECK(shape_problem(r, shape()) == "faults: 2 entries where the scenario has 1 fault");
  }
  SECTION("a fault's workloads") {
    r.faults[0].workloads.pop_back();
    CHECK(shape_problem(r, shape()) == "faults[0].workloads: 1 entry where the scenario has 2 workloads");
  }
}
