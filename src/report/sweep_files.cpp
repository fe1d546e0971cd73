// The sweep's CSV and JSON files (see sweep_report.hpp). Each point's
// `workloads`, `nodes` and `slo` are taken from the results file writer
// itself (results_to_json, read back), so they have exactly its shape and
// there is one writer of those pieces, not two.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "report/json_writer.hpp"
#include "report/number_format.hpp"
#include "report/sweep_figures.hpp"
#include "report/version.hpp"
#include "svcsim/report.hpp"
#include "svcsim/sweep_report.hpp"

namespace svcsim {
namespace {

namespace json = boost::json;

/// RFC 4180: quoted when it holds a comma, a quote or a line break.
std::string csv_cell(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + '"';
}

void append_row(std::string& out, const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ',';
    out += csv_cell(cells[i]);
  }
  out += '\n';
}

// The run's time series writes its figures the same way (number_format.hpp).
std::string csv_number(std::optional<double> v) { return v ? detail::format_csv_figure(*v) : ""; }

std::string parameter_value(const SweepPoint& p, const std::string& path) {
  for (const auto& o : p.parameters)
    if (o.path == path) return o.value;
  return "";
}

json::object parameters_json(const std::vector<Override>& parameters) {
  json::object o;
  for (const auto& p : parameters) o[p.path] = p.value;
  return o;
}

json::object point_json(const SweepPoint& p) {
  json::object o;
  o["parameters"] = parameters_json(p.parameters);
  o["pass"] = p.pass;
  o["stopped"] = p.stopped;
  if (p.stopped)
    for (const Results& r : p.results.runs)
      if (r.run.stopped) {
        o["stop_reason"] = r.run.stop_reason;
        break;
      }
  json::value full = json::parse(results_to_json(p.results));
  json::object& results = full.as_object();
  for (const char* part : {"workloads", "nodes", "slo", "warnings"})
    if (const auto it = results.find(part); it != results.end()) o[part] = std::move(it->value());
  // `warmup: auto`: each point chose its own truncation point.
  if (!p.results.runs.empty() && p.results.runs.front().auto_warmup) o["warmup_s"] = p.results.runs.front().warmup_s;
  return o;
}

json::value found_json(const SweepFind& find) {
  auto value = [](const FindOutcome& o) { return o.found ? json::value(*o.found) : json::value(nullptr); };
  if (find.outcomes.size() == 1 && find.outcomes.front().parameters.empty()) return value(find.outcomes.front());
  json::array a;
  for (const FindOutcome& o : find.outcomes) {
    json::object entry;
    entry["parameters"] = parameters_json(o.parameters);
    entry["found"] = value(o);
    a.push_back(std::move(entry));
  }
  return a;
}

json::object find_json(const SweepFind& find) {
  json::object o;
  o["path"] = find.path;
  json::array values;
  for (const auto& v : find.values) values.push_back(json::value(v));
  o["values"] = std::move(values);
  json::array problems;
  for (const FindOutcome& outcome : find.outcomes)
    if (!outcome.problem.empty()) problems.push_back(json::value(outcome.problem));
  o["assumption_problems"] = std::move(problems);
  return o;
}

}  // namespace

std::string sweep_to_csv(const SweepReport& report) {
  const std::vector<std::string> workloads = detail::sweep_workload_names(report);
  std::string out;
  std::vector<std::string> header(report.paths);
  for (const auto& w : workloads)
    for (const char* figure : {".p50_ms", ".p99_ms", ".error_rate", ".throughput_per_s"}) header.push_back(w + figure);
  for (const char* column : {"busiest", "busiest_utilization", "stopped", "pass"}) header.emplace_back(column);
  append_row(out, header);
  for (const SweepPoint& p : report.points) {
    const detail::SweepPointFigures f = detail::sweep_point_figures(p);
    std::vector<std::string> row;
    for (const auto& path : report.paths) row.push_back(parameter_value(p, path));
    for (const auto& w : f.workloads)
      for (const auto& v : {w.p50_ms, w.p99_ms, w.error_rate, w.throughput_per_s}) row.push_back(csv_number(v));
    row.push_back(f.busiest);
    row.push_back(csv_number(f.busiest_utilization));
    row.emplace_back(p.stopped ? "true" : "false");
    row.emplace_back(p.pass ? "true" : "false");
    append_row(out, row);
  }
  return out;
}

std::string sweep_to_json(const SweepReport& report) {
  json::object root;
  root["svcsim"] = kSvcsimVersion;
  json::object scenario;
  scenario["name"] = report.scenario_name;
  scenario["seed"] = report.seed;
  scenario["duration_s"] = report.duration_s;
  scenario["warmup_s"] = report.warmup_s;
  if (report.warmup_auto) scenario["warmup_auto"] = true;
  scenario["replications"] = report.replications;
  root["scenario"] = std::move(scenario);
  root["common_random_numbers"] = true;  // every point runs with scenario.seed
  json::array paths;
  for (const auto& p : report.paths) paths.push_back(json::value(p));
  root["parameters"] = std::move(paths);
  json::array points;
  for (const SweepPoint& p : report.points) points.push_back(point_json(p));
  root["points"] = std::move(points);
  if (report.find) {
    root["found"] = found_json(*report.find);
    root["find"] = find_json(*report.find);
  }
  return detail::to_pretty_json(root);
}

}  // namespace svcsim
