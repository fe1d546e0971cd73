// Observed against simulated percentiles (see include/svcsim/calibration.hpp).
#include "svcsim/calibration.hpp"

#include <algorithm>
#include <cmath>
#include <ostream>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>

#include "import/empirical_points.hpp"

namespace svcsim {
namespace {

constexpr std::pair<const char*, double> kMetrics[] = {{"p50", 0.50}, {"p90", 0.90}, {"p99", 0.99}};

const NodeResult* find_node(const Results& results, const std::string& name) {
  for (const auto& n : results.nodes)
    if (n.name == name) return &n;
  return nullptr;
}

std::size_t endpoints_of(const Scenario& scenario, const std::string& node) {
  for (const auto& n : scenario.nodes)
    if (n.name == node) return n.endpoints.size() + (n.service_time && n.endpoints.empty() ? 1 : 0);
  return 0;
}

void compare(const std::string& kind, const std::string& subject, std::vector<std::int64_t> samples,
             const LatencyHistogram& simulated, Calibration& out) {
  std::sort(samples.begin(), samples.end());
  bool any = false;
  for (const auto& [metric, q] : kMetrics) {
    if (samples.size() < samples_needed(q)) continue;
    if (simulated.count() == 0) {
      out.skipped.push_back(fmt::format("{} {}: no simulated call succeeded", kind, subject));
      return;
    }
    any = true;
    CalibrationRow row;
    row.kind = kind;
    row.subject = subject;
    row.samples = samples.size();
    row.metric = metric;
    row.observed_ms = static_cast<double>(trace_import::quantile_of_sorted(samples, q)) * 1e-6;
    row.simulated_ms = simulated.percentile_ns(q * 100) * 1e-6;
    row.difference = row.observed_ms > 0 ? (row.simulated_ms - row.observed_ms) / row.observed_ms
                                         : (row.simulated_ms > 0 ? 1.0 : 0.0);
    row.within = std::fabs(row.difference) <= out.tolerance + 1e-12;
    out.rows.push_back(row);
  }
  if (!any)
    out.skipped.push_back(fmt::format("{} {}: {} observed, fewer than the {} a p50 needs", kind, subject,
                                      samples.size(), samples_needed(0.5)));
}

}  // namespace

bool Calibration::drifted() const {
  return std::any_of(rows.begin(), rows.end(), [](const CalibrationRow& r) { return !r.within; });
}

std::size_t samples_needed(double q) { return static_cast<std::size_t>(std::ceil(5 / (1 - q) - 1e-9)); }

Calibration calibrate_against(const ObservedLatencies& observed, const Scenario& scenario, const Results& results,
                              double tolerance, const std::map<std::string, LatencyHistogram>* per_endpoint) {
  Calibration out;
  out.tolerance = tolerance;
  for (const auto& entry : observed.workloads) {
    const std::string& name = entry.first;
    const auto& samples = entry.second;
    const auto w = std::find_if(results.workloads.begin(), results.workloads.end(),
                                [&name](const WorkloadResult& r) { return r.name == name; });
    if (w == results.workloads.end()) {
      out.skipped.push_back(fmt::format("workload {}: not in the scenario", name));
      continue;
    }
    compare("workload", name, samples, w->latency, out);
  }
  for (const auto& [target, samples] : observed.endpoints) {
    const std::string node = target.substr(0, target.find('.'));
    const NodeResult* n = find_node(results, node);
    if (!n) {
      out.skipped.push_back(fmt::format("endpoint {}: node '{}' is not in the scenario", target, node));
      continue;
    }
    if (per_endpoint != nullptr) {
      const auto simulated = per_endpoint->find(target);
      if (simulated == per_endpoint->end())
        out.skipped.push_back(fmt::format("endpoint {}: no endpoint '{}' in the scenario", target, target));
      else
        compare("endpoint", target, samples, simulated->second, out);
    } else if (endpoints_of(scenario, node) == 1) {
      compare("endpoint", target, samples, n->latency, out);
    }
  }
  if (per_endpoint != nullptr) return out;  // every endpoint compared on its own
  for (const auto& [node, samples] : observed.nodes) {
    const NodeResult* n = find_node(results, node);
    if (n && endpoints_of(scenario, node) > 1) compare("node", node, samples, n->latency, out);
  }
  return out;
}

void print_calibration(std::ostream& out, const Calibration& c) {
  std::size_t width = 7;
  for (const auto& r : c.rows) width = std::max(width, r.kind.size() + 1 + r.subject.size());
  out << fmt::format("{:<{}}  {:>7}  {:<6} {:>12} {:>12} {:>8}\n", "subject", width, "spans", "figure", "observed ms",
                     "simulated ms", "diff");
  for (const auto& r : c.rows)
    out << fmt::format("{:<{}}  {:>7}  {:<6} {:>12.4g} {:>12.4g} {:>+7.1f}%{}\n", r.kind + " " + r.subject, width,
                       r.samples, r.metric, r.observed_ms, r.simulated_ms, r.difference * 100,
                       r.within ? "" : "  DRIFT");
  // Subjects with too few spans are many in small exports: one line for them (the --json file lists each).
  std::size_t too_few = 0;
  for (const auto& s : c.skipped) {
    if (s.find(", fewer than the ") != std::string::npos) ++too_few;
    else out << "not compared: " << s << '\n';
  }
  if (too_few > 0)
    out << fmt::format("not compared: {} subject{} with fewer spans than a p50 needs ({}; --json lists them)\n",
                       too_few, too_few == 1 ? "" : "s", samples_needed(0.5));
  std::size_t beyond = 0;
  for (const auto& r : c.rows) beyond += r.within ? 0 : 1;
  out << fmt::format("{} of {} figures within {}%\n", c.rows.size() - beyond, c.rows.size(), c.tolerance * 100);
}

std::string calibration_to_json(const Calibration& c) {
  boost::json::object root;
  root["tolerance"] = c.tolerance;
  root["drifted"] = c.drifted();
  boost::json::array rows;
  for (const auto& r : c.rows) {
    boost::json::object o;
    o["kind"] = r.kind;
    o["subject"] = r.subject;
    o["samples"] = r.samples;
    o["metric"] = r.metric;
    o["observed_ms"] = r.observed_ms;
    o["simulated_ms"] = r.simulated_ms;
    o["difference"] = r.difference;
    o["within"] = r.within;
    rows.push_back(std::move(o));
  }
  root["rows"] = std::move(rows);
  boost::json::array skipped;
  for (const auto& s : c.skipped) skipped.push_back(boost::json::string(s));
  root["skipped"] = std::move(skipped);
  return boost::json::serialize(root) + "\n";
}

}  // namespace svcsim
