// Objectives: split `play p99 < 300ms` into subject, metric, operator and a
// threshold converted to the metric's unit (ms, ratio, per second, count).
#include "scenario/slo_parser.hpp"

#include "svcsim/metrics.hpp"

#include <sstream>
#include <string>
#include <unordered_set>

#include "scenario/suggest.hpp"
#include "scenario/yaml_reader.hpp"

namespace svcsim::detail {
namespace {

enum class Unit { millis, ratio, rate, count };

struct MetricInfo {
  Unit unit;
  bool node_only;
};

const std::vector<std::string>& metric_names() {
  static const std::vector<std::string> names = {
      "mean",          "max",          "min",        "p50",        "p90",         "p95",     "p99",
      "p99.9",         "error_rate",   "timeout_rate", "rejected_rate", "degraded_rate", "availability",
      "throughput",    "utilization",  "queue_max",  "queue_mean", "cpu_utilization", "throttled_fraction",
      "busy_mean"};
  return names;
}

/// `p99.9` and friends: the same definition the evaluator uses (metrics.hpp),
/// so an objective that loads can always be evaluated.
bool is_percentile(const std::string& metric) { return parse_percentile_metric(metric).has_value(); }

std::optional<MetricInfo> metric_info(const std::string& m) {
  if (m == "mean" || m == "max" || m == "min" || is_percentile(m)) return MetricInfo{Unit::millis, false};
  if (m == "error_rate" || m == "timeout_rate" || m == "rejected_rate" || m == "degraded_rate" ||
      m == "availability") {
    return MetricInfo{Unit::ratio, false};
  }
  if (m == "throughput") return MetricInfo{Unit::rate, false};
  if (m == "utilization" || m == "cpu_utilization" || m == "throttled_fraction") return MetricInfo{Unit::ratio, true};
  if (m == "queue_max" || m == "queue_mean" || m == "busy_mean") return MetricInfo{Unit::count, true};
  return std::nullopt;
}

std::optional<CompareOp> parse_op(const std::string& op) {
  if (op == "<") return CompareOp::less;
  if (op == "<=") return CompareOp::less_equal;
  if (op == ">") return CompareOp::greater;
  if (op == ">=") return CompareOp::greater_equal;
  return std::nullopt;
}

/// The threshold in the metric's unit, or an error message.
std::optional<double> parse_threshold(const std::string& text, Unit unit, std::string& error) {
  switch (unit) {
    case Unit::millis: {
      auto d = parse_duration(text);
      if (!d) {
        error = d.error.message;
        return std::nullopt;
      }
      return d.value->millis();
    }
    case Unit::ratio: {
      auto r = parse_ratio(text);
      if (!r) {
        error = r.error.message;
        return std::nullopt;
      }
      return *r.value;
    }
    case Unit::rate: {
      auto r = parse_rate(text);
      if (!r) {
        error = r.error.message;
        return std::nullopt;
      }
      return *r.value;
    }
    case Unit::count: {
      const auto n = parse_number(text);
      if (!n || *n < 0) {
        error = "'" + text + "' must be a number of requests, 0 or more";
        return std::nullopt;
      }
      return *n;
    }
  }
  return std::nullopt;
}

/// The names objectives may use as subjects, built once.
struct Subjects {
  std::unordered_set<std::string> workloads;
  std::unordered_set<std::string> nodes;
  std::unordered_set<std::string> unlimited;  // nodes with `concurrency: unlimited`: busy_mean, no utilization
  std::vector<std::string> all;  // for suggestions
  bool complete = true;          // false: an unknown subject may be an unreadable node
};

void read_objective(const YamlNode& item, const Subjects& subjects, std::vector<Objective>& out,
                    Diagnostics& diag) {
  const auto text = read_scalar(item, "slo", diag);
  if (!text) return;
  std::istringstream in(*text);
  std::vector<std::string> words;
  for (std::string w; in >> w && words.size() < 5;) words.push_back(w);
  if (words.size() != 4) {
    diag.error(item.where, "objective '" + *text +
                               "' must be '<subject> <metric> <op> <value>', e.g. 'play p99 < 300ms'");
    return;
  }
  Objective o;
  o.text = *text;
  o.subject = words[0];
  o.metric = words[1];
  o.where = item.where.location();
  bool ok = true;

  const bool is_workload = subjects.workloads.count(o.subject) > 0;
  const bool is_node = subjects.nodes.count(o.subject) > 0;
  if (!is_workload && !is_node && !subjects.complete) {
    ok = false;
  } else if (!is_workload && !is_node) {
    diag.error(item.where, "objective '" + *text + "': no workload or node '" + o.subject + "'" +
                               did_you_mean(o.subject, subjects.all));
    ok = false;
  }

  const auto info = metric_info(o.metric);
  if (!info) {
    diag.error(item.where, "objective '" + *text + "': unknown metric '" + o.metric + "'" +
                               did_you_mean(o.metric, metric_names()) +
                               "; expected mean, min, max, pNN (e.g. p99, p99.9), error_rate, timeout_rate, "
                               "rejected_rate, degraded_rate, availability, throughput, or for nodes "
                               "utilization, busy_mean, queue_max, queue_mean, cpu_utilization, throttled_fraction");
    ok = false;
  } else if (o.metric == "utilization" && is_node && subjects.unlimited.count(o.subject) > 0) {
    // A fraction of unlimited workers means nothing (SPEC 10): the node reports busy_mean instead.
    diag.error(item.where, "objective '" + *text + "': '" + o.subject +
                               "' has concurrency: unlimited, so it has no utilization (a fraction of its "
                               "workers); use busy_mean, the mean number of busy workers, e.g. '" + o.subject +
                               " busy_mean < 40'");
    ok = false;
  } else if (info->node_only && is_workload && !is_node) {
    diag.error(item.where, "objective '" + *text + "': '" + o.metric + "' is measured on nodes, and '" +
                               o.subject + "' is a workload");
    ok = false;
  }

  const auto op = parse_op(words[2]);
  if (!op) {
    diag.error(item.where, "objective '" + *text + "': unknown operator '" + words[2] +
                               "'; expected one of <, <=, >, >=");
    ok = false;
  } else {
    o.op = *op;
  }

  if (info) {
    std::string error;
    const auto threshold = parse_threshold(words[3], info->unit, error);
    if (!threshold) {
      diag.error(item.where, "objective '" + *text + "': " + error);
      ok = false;
    } else {
      o.threshold = *threshold;
    }
  }
  if (ok) out.push_back(std::move(o));
}

}  // namespace

void read_slo(const YamlNode& list, const std::vector<Workload>& workloads, const std::vector<Node>& nodes,
              bool nodes_read, std::vector<Objective>& out, Diagnostics& diag) {
  if (!expect_list(list, "slo", diag)) return;
  Subjects subjects;
  subjects.complete = nodes_read;
  for (const auto& w : workloads) {
    subjects.workloads.insert(w.name);
    subjects.all.push_back(w.name);
  }
  for (const auto& n : nodes) {
    subjects.nodes.insert(n.name);
    if (!n.concurrency) subjects.unlimited.insert(n.name);
    subjects.all.push_back(n.name);
  }
  for (const auto& item : list.items) {
    if (diag.full()) break;
    read_objective(item, subjects, out, diag);
  }
}

}  // namespace svcsim::detail
