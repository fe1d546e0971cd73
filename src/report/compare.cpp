// compare: reading results files into flat figures, the per-figure rules
// (direction and floor) and the verdicts (see include/svcsim/compare.hpp).
#include "svcsim/compare.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>

#include "svcsim/file_bytes.hpp"

namespace svcsim {
namespace {

namespace json = boost::json;

constexpr std::string_view kCiSuffix = "_ci95";

std::optional<double> number_of(const json::value& v) {
  if (!v.is_number()) return std::nullopt;
  boost::system::error_code ec;
  const double d = v.to_number<double>(ec);
  if (ec) return std::nullopt;
  return d;
}

// Every number (or null) under `o`, keys joined with '.', with its `_ci95`
// sibling; histograms and text are not figures.
void collect_figures(const json::object& o, const std::string& section, const std::string& subject,
                     const std::string& prefix, std::vector<FileFigure>& out) {
  for (const auto& kv : o) {
    const std::string key(kv.key());
    if (key.ends_with(kCiSuffix)) continue;
    const json::value& v = kv.value();
    if (v.is_object()) {
      if (key != "histogram") collect_figures(v.get_object(), section, subject, prefix + key + ".", out);
      continue;
    }
    if (!v.is_number() && !v.is_null()) continue;
    FileFigure f{section, subject, prefix + key, number_of(v), std::nullopt};
    if (const auto* ci = o.if_contains(key + std::string(kCiSuffix))) f.ci95 = number_of(*ci);
    out.push_back(std::move(f));
  }
}

bool same_number(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

// Which way a figure gets worse and the smallest change that counts, by key
// (the same for every workload, or every node). Floors are in the figure's unit.
constexpr double kLatencyFloorMs = 0.01;       // 10 us: below any service's resolution
constexpr double kErrorRateFloor = 1e-5;       // 1 request in 100,000
constexpr double kRatioFloor = 1e-3;           // 0.1 percentage point of utilisation, waits, hits
constexpr double kCountFloor = 0.01;           // time-average numbers of requests
constexpr double kThroughputFloor = 0.01;      // requests per second
constexpr double kAmplificationFloor = 1e-3;   // tries per first try

bool is_latency_key(std::string_view key, std::string_view group) {
  if (!key.starts_with(group) || key.size() <= group.size() || key[group.size()] != '.') return false;
  const std::string_view figure = key.substr(group.size() + 1);
  // min and max are single samples: reported, not judged.
  return figure == "mean" || (figure.size() > 1 && figure[0] == 'p');
}

}  // namespace

std::string FileFigure::path() const {
  return subject.empty() ? section + "." + key : section + "." + subject + "." + key;
}

ReadResultsFile parse_results_file(std::string_view text, const std::string& path) {
  ReadResultsFile out;
  boost::system::error_code ec;
  const json::value doc = json::parse(text, ec);
  if (ec) {
    out.error = fmt::format("'{}' is not valid JSON: {}", path, ec.message());
    return out;
  }
  const json::object* root = doc.if_object();
  const json::value* version = root ? root->if_contains("svcsim") : nullptr;
  const json::value* scenario = root ? root->if_contains("scenario") : nullptr;
  const json::value* workloads = root ? root->if_contains("workloads") : nullptr;
  const json::value* nodes = root ? root->if_contains("nodes") : nullptr;
  if (!version || !version->is_string() || !scenario || !scenario->is_object() || !workloads ||
      !workloads->is_object() || !nodes || !nodes->is_object()) {
    out.error = fmt::format("'{}' is not an svcsim results file (written by 'svcsim run --json')", path);
    return out;
  }
  ResultsFile f;
  f.path = path;
  f.version = std::string(version->get_string());
  const json::object& s = scenario->get_object();
  if (const auto* v = s.if_contains("name"); v && v->is_string()) f.scenario_name = std::string(v->get_string());
  if (const auto* v = s.if_contains("hash"); v && v->is_string()) f.hash = std::string(v->get_string());
  if (const auto* v = s.if_contains("seed"); v && v->is_uint64()) f.seed = v->get_uint64();
  if (const auto* v = s.if_contains("seed"); v && v->is_int64()) f.seed = static_cast<std::uint64_t>(v->get_int64());
  if (const auto* v = s.if_contains("replications"); v && v->is_number()) {
    boost::system::error_code number_ec;
    f.replications = v->to_number<std::int64_t>(number_ec);
  }
  if (const auto* run = root->if_contains("run"); run && run->is_object()) {
    if (run->get_object().contains("stopped")) {
      out.error = fmt::format("'{}' comes from a run that was stopped: its figures are partial", path);
      return out;
    }
    collect_figures(run->get_object(), "run", "", "", f.figures);
  }
  for (const auto& [section, names, value] :
       {std::tuple{"workloads", &f.workloads, workloads}, std::tuple{"nodes", &f.nodes, nodes}}) {
    for (const auto& kv : value->get_object()) {
      names->emplace_back(kv.key());
      if (kv.value().is_object())
        collect_figures(kv.value().get_object(), section, std::string(kv.key()), "", f.figures);
    }
  }
  out.file = std::move(f);
  return out;
}

ReadResultsFile read_results_file(const std::string& path) {
  std::string problem;
  const auto text = read_file_bytes(path, problem);
  if (!text) {
    ReadResultsFile out;
    out.error = fmt::format("cannot read '{}': {}", path, problem);
    return out;
  }
  return parse_results_file(*text, path);
}

std::optional<FigureRule> rule_for(std::string_view section, std::string_view key) {
  if (section == "run") {
    if (key == "amplification") return FigureRule{true, kAmplificationFloor};
    return std::nullopt;
  }
  if (section == "workloads") {
    if (key == "error_rate") return FigureRule{true, kErrorRateFloor};
    if (key == "throughput_per_s") return FigureRule{false, kThroughputFloor};
    if (is_latency_key(key, "latency_ms")) return FigureRule{true, kLatencyFloorMs};
    return std::nullopt;
  }
  if (section == "nodes") {
    if (key == "utilization" || key == "wait_probability" || key == "cpu_utilization" ||
        key == "throttled_fraction")
      return FigureRule{true, kRatioFloor};
    if (key == "hit_ratio") return FigureRule{true, kRatioFloor, true};
    if (key == "queue_mean" || key == "in_system_mean" || key == "busy_mean") return FigureRule{true, kCountFloor};
    if (key == "amplification") return FigureRule{true, kAmplificationFloor};
    if (is_latency_key(key, "latency_ms") || is_latency_key(key, "wait_ms")) return FigureRule{true, kLatencyFloorMs};
    return std::nullopt;
  }
  return std::nullopt;
}

const char* to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::unchanged: return "unchanged";
    case Verdict::within_tolerance: return "within tolerance";
    case Verdict::within_noise: return "within noise";
    case Verdict::improved: return "improved";
    case Verdict::regressed: return "REGRESSED";
    case Verdict::lost_value: return "REGRESSED (no value now)";
    case Verdict::gained_value: return "new value";
    case Verdict::missing_workload: return "REGRESSED (workload missing)";
  }
  return "?";
}

bool is_regression(Verdict verdict) {
  return verdict == Verdict::regressed || verdict == Verdict::lost_value || verdict == Verdict::missing_workload;
}

bool Comparison::regressed() const {
  return std::any_of(figures.begin(), figures.end(), [](const FigureChange& f) { return is_regression(f.verdict); });
}

namespace {

FigureChange judge(const FileFigure& base, const FileFigure& cur, const FigureRule& rule, double tolerance) {
  FigureChange c;
  c.path = base.path();
  c.baseline = base.value;
  c.current = cur.value;
  c.baseline_ci95 = base.ci95;
  c.current_ci95 = cur.ci95;
  if (!base.value && !cur.value) return c;
  if (!cur.value) {
    c.verdict = Verdict::lost_value;
    return c;
  }
  if (!base.value) {
    c.verdict = Verdict::gained_value;
    return c;
  }
  c.complement = rule.complement;
  const double b = rule.complement ? 1 - *base.value : *base.value;
  const double now = rule.complement ? 1 - *cur.value : *cur.value;
  if (b != 0) c.change = (now - b) / std::fabs(b);
  c.threshold = std::max(tolerance * std::fabs(b), rule.floor);
  const double ci_a = base.ci95.value_or(0);
  const double ci_b = cur.ci95.value_or(0);
  c.noise = std::sqrt(ci_a * ci_a + ci_b * ci_b);
  if (same_number(b, now)) return c;
  const double worse_by = rule.higher_is_worse ? now - b : b - now;
  const double moved = std::fabs(now - b);
  if (moved <= c.threshold) {
    c.verdict = Verdict::within_tolerance;
  } else if (moved <= c.noise) {
    c.verdict = Verdict::within_noise;
  } else {
    c.verdict = worse_by > 0 ? Verdict::regressed : Verdict::improved;
  }
  return c;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

void note_subjects(const ResultsFile& baseline, const ResultsFile& current, Comparison& out) {
  for (const std::string& w : baseline.workloads) {
    if (contains(current.workloads, w)) continue;
    FigureChange c;
    c.path = "workloads." + w;
    c.verdict = Verdict::missing_workload;
    out.figures.push_back(std::move(c));
    out.notes.push_back(fmt::format("workload '{}' is in the baseline but not in '{}': nothing to compare it with",
                                    w, current.path));
  }
  for (const std::string& w : current.workloads)
    if (!contains(baseline.workloads, w))
      out.notes.push_back(fmt::format("workload '{}' is new (not in the baseline): not compared", w));
  for (const std::string& n : baseline.nodes)
    if (!contains(current.nodes, n))
      out.notes.push_back(fmt::format("node '{}' was removed (in the baseline only): not compared", n));
  for (const std::string& n : current.nodes)
    if (!contains(baseline.nodes, n))
      out.notes.push_back(fmt::format("node '{}' is new (not in the baseline): not compared", n));
}

void note_origins(const ResultsFile& baseline, const ResultsFile& current, Comparison& out) {
  if (baseline.scenario_name != current.scenario_name)
    out.notes.push_back(fmt::format("the scenarios have different names: '{}' in the baseline, '{}' now",
                                    baseline.scenario_name, current.scenario_name));
  if (baseline.hash.empty() || current.hash.empty()) {
    out.notes.push_back(fmt::format("'{}' carries no scenario.hash: cannot tell whether both files come from the "
                                    "same scenario",
                                    baseline.hash.empty() ? baseline.path : current.path));
  } else if (baseline.hash != current.hash) {
    out.notes.push_back(fmt::format("the files come from different scenarios (scenario.hash {} in the baseline, {} "
                                    "now): differences include the changes to the scenario",
                                    baseline.hash, current.hash));
  } else if (baseline.version != current.version) {
    out.notes.push_back(fmt::format("same scenario, written by svcsim {} and {}: differences come from the simulator",
                                    baseline.version, current.version));
  }
  if (baseline.replications != current.replications)
    out.notes.push_back(fmt::format("replications differ: {} in the baseline, {} now", baseline.replications,
                                    current.replications));
}

}  // namespace

Comparison compare_results(const ResultsFile& baseline, const ResultsFile& current, const CompareOptions& options) {
  Comparison out;
  note_origins(baseline, current, out);
  note_subjects(baseline, current, out);
  for (const FileFigure& base : baseline.figures) {
    const auto rule = rule_for(base.section, base.key);
    if (!rule) continue;
    const auto cur = std::find_if(current.figures.begin(), current.figures.end(), [&](const FileFigure& f) {
      return f.section == base.section && f.subject == base.subject && f.key == base.key;
    });
    if (cur == current.figures.end()) continue;  // the subject or the figure is not in both files
    if (base.ci95 || cur->ci95) out.with_intervals = true;
    out.figures.push_back(judge(base, *cur, *rule, options.tolerance));
  }
  out.tail = explain_tail_changes(baseline, current, out);
  return out;
}

}  // namespace svcsim
