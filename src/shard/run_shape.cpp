// A run's Results against the shape of its scenario (see run_shape.hpp).
// Only sizes and names: every other field is a count or a figure, which the
// reports read whatever its value.
#include "shard/run_shape.hpp"

#include <fmt/format.h>

namespace svcsim::shard {
namespace {

/// "2 workloads", "1 node", "0 entries": for messages.
std::string counted(std::size_t n, const char* one, const std::string& many) {
  return fmt::format("{} {}", n, n == 1 ? std::string(one) : many);
}
std::string counted(std::size_t n, const char* what) { return counted(n, what, std::string(what) + "s"); }

/// `field` holds `size` entries where the scenario has `expected` of `what`.
std::string size_problem(const std::string& field, std::size_t size, std::size_t expected, const char* what) {
  if (size == expected) return {};
  return fmt::format("{}: {} where the scenario has {}", field, counted(size, "entry", "entries"), counted(expected, what));
}

/// Entry i of `field` is named `name` where the scenario has `expected`.
std::string name_problem(const std::string& field, std::size_t i, const std::string& name, const std::string& expected,
                         const char* member) {
  if (name == expected) return {};
  return fmt::format("{}[{}].{}: '{}' where the scenario has '{}'", field, i, member, name, expected);
}

template <class Item, class Name>
std::string names_problem(const std::string& field, const std::vector<Item>& items,
                          const std::vector<std::string>& expected, const char* what, const char* member, Name name) {
  if (auto p = size_problem(field, items.size(), expected.size(), what); !p.empty()) return p;
  for (std::size_t i = 0; i < items.size(); ++i)
    if (auto p = name_problem(field, i, name(items[i]), expected[i], member); !p.empty()) return p;
  return {};
}

std::string workloads_problem(const Results& run, const RunShape& shape) {
  if (auto p = names_problem("workloads", run.workloads, shape.workloads, "workload", "name",
                             [](const WorkloadResult& w) { return w.name; });
      !p.empty())
    return p;
  // The tail breakdown's layout (a row of sums per node) follows the node count.
  for (std::size_t w = 0; w < run.workloads.size(); ++w)
    if (const std::size_t n = run.workloads[w].tail.nodes; n != shape.nodes.size())
      return fmt::format("workloads[{}].tail.nodes: {} where the scenario has {}", w, n,
                         counted(shape.nodes.size(), "node"));
  return {};
}

std::string nodes_problem(const Results& run, const RunShape& shape) {
  if (auto p = names_problem("nodes", run.nodes, shape.nodes, "node", "name", [](const NodeResult& n) { return n.name; });
      !p.empty())
    return p;
  for (std::size_t i = 0; i < run.nodes.size(); ++i) {
    const auto& expected = i < shape.breaker_callees.size() ? shape.breaker_callees[i] : std::vector<std::string>{};
    if (auto p = names_problem(fmt::format("nodes[{}].breakers", i), run.nodes[i].breakers, expected, "breaker",
                               "callee", [](const NodeResult::BreakerTimeline& b) { return b.callee; });
        !p.empty())
      return p;
  }
  return {};
}

std::string series_problem(const Results& run, const RunShape& shape) {
  for (std::size_t r = 0; r < run.series.size(); ++r) {
    const SeriesRow& row = run.series[r];
    if (auto p = size_problem(fmt::format("series[{}].workloads", r), row.workloads.size(), shape.workloads.size(),
                              "workload");
        !p.empty())
      return p;
    if (auto p = size_problem(fmt::format("series[{}].nodes", r), row.nodes.size(), shape.nodes.size(), "node");
        !p.empty())
      return p;
  }
  return {};
}

std::string faults_problem(const Results& run, const RunShape& shape) {
  if (auto p = size_problem("faults", run.faults.size(), shape.fault_phases, "fault"); !p.empty()) return p;
  for (std::size_t f = 0; f < run.faults.size(); ++f)
    if (auto p = size_problem(fmt::format("faults[{}].workloads", f), run.faults[f].workloads.size(),
                              shape.workloads.size(), "workload");
        !p.empty())
      return p;
  return {};
}

}  // namespace

std::string shape_problem(const Results& run, const RunShape& shape) {
  for (auto check : {workloads_problem, nodes_problem, series_problem, faults_problem})
    if (std::string p = check(run, shape); !p.empty()) return p;
  return {};
}

}  // namespace svcsim::shard
