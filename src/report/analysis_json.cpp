// The `analyze --json` file (see analysis_report.hpp): Analysis -> boost::json
// -> text through the project's pretty printer (infinite figures become null).
#include <cmath>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "report/json_writer.hpp"
#include "report/version.hpp"
#include "svcsim/analysis_report.hpp"

namespace svcsim {
namespace {

namespace json = boost::json;

json::value number_or_null(std::optional<double> v) { return v ? json::value(*v) : json::value(nullptr); }

json::object mean_of(std::optional<double> v) {
  json::object o;
  o["mean"] = number_or_null(v);
  return o;
}

json::array strings(const std::vector<std::string>& list) {
  json::array a;
  for (const auto& s : list) a.push_back(json::value(s));
  return a;
}

json::object workload_json(const WorkloadAnalysis& w) {
  json::object o;
  o["closed"] = w.closed;
  if (w.closed) {
    o["users"] = w.users;
    o["think_ms"] = w.think_ms;
  } else {
    o["rate_per_s"] = w.rate_per_s;
  }
  o["throughput_per_s"] = number_or_null(w.throughput_per_s);
  o["latency_ms"] = mean_of(w.latency_ms);
  o["max_rate_per_s"] = number_or_null(w.max_rate_per_s);
  return o;
}

json::object node_json(const NodeAnalysis& n, const Analysis& a) {
  json::object o;
  o["kind"] = to_string(n.kind);
  o["instances"] = n.instances;
  o["concurrency"] = n.concurrency ? json::value(*n.concurrency) : json::value("unlimited");
  o["threading"] = to_string(n.threading);
  json::object visits;
  for (std::size_t w = 0; w < a.workloads.size(); ++w) visits[a.workloads[w].name] = n.visits[w];
  o["visits"] = std::move(visits);
  o["arrival_rate_per_s"] = n.arrival_rate_per_s;
  o["work_ms_per_visit"] = n.work_ms;
  o["busy_ms_per_visit"] = n.busy_ms;
  o["offered_load"] = n.offered_load;
  // One meaning per name (SPEC 10): a fraction of the workers where there is
  // a number of them; the mean number busy for unlimited concurrency.
  o[n.concurrency ? "utilization" : "busy_mean"] = n.utilization;
  o["wait_ms"] = mean_of(n.wait_ms);
  o["latency_ms"] = mean_of(n.latency_ms);
  o["wait_model"] = n.wait_model;
  if (n.cores) {
    o["cores"] = *n.cores;
    o["cpu_utilization"] = number_or_null(n.cpu_utilization);
  }
  if (n.cpu_stretch != 1) o["cpu_stretch"] = number_or_null(std::isinf(n.cpu_stretch) ? std::nullopt
                                                                                        : std::optional(n.cpu_stretch));
  if (!n.classes.empty()) {
    json::object classes;
    for (const ClassAnalysis& c : n.classes) {
      json::object k;
      k["arrival_rate_per_s"] = c.arrival_rate_per_s;
      k["wait_ms"] = number_or_null(c.wait_ms);
      k["latency_ms"] = number_or_null(c.latency_ms);
      k["model"] = c.model;
      classes[to_string(c.level)] = std::move(k);
    }
    o["classes"] = std::move(classes);
  }
  return o;
}

json::object bottleneck_json(const Analysis& a) {
  json::object o;
  o["node"] = a.bottleneck ? json::value(a.nodes[*a.bottleneck].name) : json::value(nullptr);
  o["utilization"] = a.bottleneck ? json::value(saturating_utilization(a.nodes[*a.bottleneck])) : json::value(nullptr);
  o["max_throughput_per_s"] = number_or_null(a.max_throughput_per_s);
  o["headroom"] = number_or_null(a.headroom);
  return o;
}

}  // namespace

std::string analysis_to_json(const Analysis& a) {
  json::object root;
  root["svcsim"] = kSvcsimVersion;
  json::object scenario;
  scenario["name"] = a.scenario_name;
  root["scenario"] = std::move(scenario);
  json::object workloads;
  for (const auto& w : a.workloads) workloads[w.name] = workload_json(w);
  root["workloads"] = std::move(workloads);
  json::object nodes;
  for (const auto& n : a.nodes) nodes[n.name] = node_json(n, a);
  root["nodes"] = std::move(nodes);
  root["bottleneck"] = bottleneck_json(a);
  root["warnings"] = strings(a.warnings);
  root["notes"] = strings(a.notes);
  return detail::to_pretty_json(root);
}

}  // namespace svcsim
