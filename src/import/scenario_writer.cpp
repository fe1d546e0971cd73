// Writing the imported scenario (see scenario_writer.hpp). Output is built in
// a fixed order (nodes, endpoints and workloads by name), so the same traces
// give the same bytes.
#include "import/scenario_writer.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "import/call_cycles.hpp"
#include "import/empirical_points.hpp"
#include "import/step_template.hpp"
#include "svcsim/time.hpp"

namespace svcsim::trace_import {
namespace {

constexpr int kMaxRepeat = 1000;    // the loader's limit
constexpr std::size_t kMaxParallel = 64;
/// Fewer samples of a link than this keep their own shape (too few to fit a lognormal to).
constexpr std::size_t kMinLognormalLinkSamples = 20;

std::string plural(std::uint64_t n, const char* word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

// Text safe inside a YAML comment or a double-quoted scalar: one line, no control characters.
std::string one_line(const std::string& text, std::size_t max = 200) {
  std::string out;
  for (const char c : text) out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c;
  if (out.size() > max) out = out.substr(0, max) + "…";
  return out;
}

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : one_line(text, 1000)) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string duration_text(std::int64_t ns) { return format_duration(Duration{std::max<std::int64_t>(ns, 0)}); }

// A ratio as a number in [0, 1], six decimals at most (never 0 for a share that is not 0).
std::string ratio_text(double r) {
  double rounded = std::round(r * 1e6) / 1e6;
  if (rounded == 0 && r > 0) rounded = 1e-6;
  return fmt::format("{}", rounded);
}

// A rate to six significant digits. From 10^5 up the step is a whole power of ten, and multiplying by
// it is exact where dividing by its inverse is not (25777800000 came out as 25777799999.999996).
std::string rate_text(double per_s) {
  if (per_s <= 0) return "0/s";
  const double digits = std::floor(std::log10(per_s));
  if (digits >= 5) {
    const double step = std::pow(10.0, digits - 5);
    return fmt::format("{}/s", std::round(per_s / step) * step);
  }
  const double scale = std::pow(10.0, 5 - digits);
  return fmt::format("{}/s", std::round(per_s * scale) / scale);
}

// A distribution of samples: a constant when all are equal, else empirical.
// `indent` is the column of the key that holds it; returns text after "key:".
std::string distribution(const std::vector<std::int64_t>& samples, int indent, const std::string& comment) {
  const auto [lo, hi] = std::minmax_element(samples.begin(), samples.end());
  if (*lo == *hi) return fmt::format(" {}  # {}\n", duration_text(*lo), comment);
  std::string points;
  for (const PercentilePoint& p : empirical_points(samples))
    points += fmt::format("{}{}: {}", points.empty() ? "" : ", ", percentile_key(p.percentile), duration_text(p.ns));
  const std::string pad(static_cast<std::size_t>(indent + 2), ' ');
  return fmt::format("  # {}\n{}dist: empirical\n{}percentiles: {{{}}}\n", comment, pad, pad, points);
}

// A one-way delay from samples of half a call's round trip (client span less server span).
// The round trip is two one-way delays drawn apart, so half of it has the
// one-way mean but half its variance: with enough samples the delay is a
// lognormal of that mean and twice the halves' variance (two independent
// draws then give the round trip's mean and variance); else the halves as they are.
std::string one_way_delay(const std::vector<std::int64_t>& halves, const std::string& comment) {
  const auto [lo, hi] = std::minmax_element(halves.begin(), halves.end());
  if (halves.size() < kMinLognormalLinkSamples || *lo == *hi) return distribution(halves, 6, comment);
  double mean = 0;
  for (const std::int64_t h : halves) mean += static_cast<double>(h);
  mean /= static_cast<double>(halves.size());
  double squares = 0;
  for (const std::int64_t h : halves) squares += (static_cast<double>(h) - mean) * (static_cast<double>(h) - mean);
  const double stddev = std::sqrt(2 * squares / static_cast<double>(halves.size() - 1));
  if (!(mean >= 1) || !(stddev >= 1)) return distribution(halves, 6, comment);
  return fmt::format(" {{dist: lognormal, mean: {}, stddev: {}}}  # {}; mean and twice the variance of half the round trip\n",
                     duration_text(static_cast<std::int64_t>(std::llround(mean))),
                     duration_text(static_cast<std::int64_t>(std::llround(stddev))), comment);
}

bool all_zero(const std::vector<std::int64_t>& samples) {
  return std::all_of(samples.begin(), samples.end(), [](std::int64_t v) { return v == 0; });
}

class Writer {
 public:
  Writer(const Observations& obs, const ScenarioNames& names, const WriterOptions& options)
      : obs_(obs), names_(names), options_(options) {}

  WrittenScenario run() {
    templates_.reserve(obs_.endpoints.size());
    for (const auto& e : obs_.endpoints) {
      templates_.push_back(build_step_template(e.executions, e.leaf_durations));
      result_.groups_dropped += templates_.back().dropped_groups;
      result_.aggregated += templates_.back().aggregated ? 1 : 0;
    }
    for (const auto& [original, node] : names_.nodes) by_node_[node] = {};
    for (EndpointId id = 0; id < obs_.endpoints.size(); ++id)
      by_node_[names_.nodes.at(obs_.endpoints[id].node)].push_back(id);
    std::vector<EndpointId> order;
    for (auto& [node, ids] : by_node_) {
      std::sort(ids.begin(), ids.end(), [&](EndpointId a, EndpointId b) { return names_.endpoint[a] < names_.endpoint[b]; });
      order.insert(order.end(), ids.begin(), ids.end());
    }
    result_.cycles_cut = cut_call_cycles(templates_, order);
    header();
    network();
    nodes();
    workloads();
    result_.yaml = std::move(out_);
    return std::move(result_);
  }

 private:
  void header() {
    out_ += "# Imported from traces by `svcsim import`: every figure is an estimate from the spans, with\n"
            "# how many it comes from; docs/traces.md says how each is made and what traces cannot tell.\n";
    out_ += fmt::format("name: {}\n", quoted(options_.name));
    if (!options_.description.empty()) out_ += fmt::format("description: {}\n", quoted(options_.description));
    double total = 0;
    for (const auto& w : obs_.workloads) total += rate_of(w);
    const double seconds = total > 0 ? std::clamp(std::ceil(100000 / total), 60.0, 3600.0) : 60.0;
    out_ += fmt::format("duration: {}  # long enough for about 100000 requests (at least 1m, at most 1h)\n",
                        duration_text(static_cast<std::int64_t>(seconds) * 1'000'000'000));
  }

  double window_s() const {
    const double w = static_cast<double>(obs_.window_end_ns - obs_.window_start_ns) / 1e9;
    return w >= 1e-3 ? w : 1.0;
  }

  double rate_of(const ObservedWorkload& w) const {
    return static_cast<double>(w.latencies_ns.size()) / window_s() / options_.sampled;
  }

  std::string node_or_client(const std::string& original) const {
    if (original == kOutsideCaller) return kOutsideCaller;
    const auto found = names_.nodes.find(original);
    return found == names_.nodes.end() ? node_name_from(original) : found->second;
  }

  void network() {
    if (obs_.links.empty()) return;
    // A link is one-way per ordered pair (the answer travels on the reverse pair), so
    // each pair of nodes gets both directions, from the calls either way between them.
    std::map<std::pair<std::string, std::string>, std::vector<std::int64_t>> pairs;
    for (const auto& [pair, samples] : obs_.links) {
      std::string a = node_or_client(pair.first), b = node_or_client(pair.second);
      if (b < a) std::swap(a, b);
      auto& merged = pairs[{a, b}];
      merged.insert(merged.end(), samples.begin(), samples.end());
    }
    out_ += "network:\n  links:  # one-way, from half of (client span - server span) of each call between the two, both ways\n";
    for (const auto& [pair, samples] : pairs) {
      const std::string comment = "from " + plural(samples.size(), "client/server span pair");
      out_ += fmt::format("    - from: {}\n      to: {}\n      latency:", pair.first, pair.second);
      out_ += one_way_delay(samples, comment);
      if (pair.first == pair.second) continue;
      out_ += fmt::format("    - from: {}\n      to: {}\n      latency:", pair.second, pair.first);
      out_ += one_way_delay(samples, comment);
    }
  }

  void nodes() {
    out_ += "nodes:\n";
    std::map<std::string, std::string> original_of;
    for (const auto& [original, node] : names_.nodes) original_of[node] = original;
    for (const auto& [node, ids] : by_node_) {
      const std::string& original = original_of[node];
      std::uint64_t runs = 0, errors = 0;
      bool traced = false;
      for (const EndpointId id : ids) {
        runs += obs_.endpoints[id].runs();
        traced = traced || obs_.endpoints[id].traced;
        errors += obs_.endpoints[id].own_errors();
      }
      out_ += fmt::format("  {}:\n", node);
      if (original != node) out_ += fmt::format("    # service {}\n", quoted(original));
      if (traced) {
        const auto most = obs_.max_concurrent.find(original);
        out_ += fmt::format("    # {}; most concurrent calls observed: {} (traces do not tell capacity: "
                            "set instances, concurrency, cores)\n",
                            plural(runs, "server span"), most == obs_.max_concurrent.end() ? 0 : most->second);
      } else {
        out_ += fmt::format("    # not traced: a dependency seen from {}; its work is their duration\n",
                            plural(runs, "client span"));
      }
      out_ += "    concurrency: unlimited\n";
      if (errors > 0)
        out_ += fmt::format("    errors: {}  # {} of {} ended in an error of their own (not a call's)\n",
                            ratio_text(static_cast<double>(errors) / static_cast<double>(runs)), errors,
                            plural(runs, "span"));
      out_ += "    endpoints:\n";
      for (const EndpointId id : ids) endpoint(id);
    }
  }

  void endpoint(EndpointId id) {
    const ObservedEndpoint& e = obs_.endpoints[id];
    const StepTemplate& t = templates_[id];
    out_ += fmt::format("      {}:\n", names_.endpoint[id]);
    if (e.operation != names_.endpoint[id]) out_ += fmt::format("        # operation {}\n", quoted(e.operation));
    out_ += fmt::format("        steps:  # from {}\n", plural(t.runs, e.traced ? "server span" : "client span"));
    if (t.aggregated)
      out_ += fmt::format("          # more than {} places for calls: one call per callee, its mean count as repeat, all own "
                          "time first\n",
                          kMaxSlots);
    const std::size_t before = out_.size();
    for (std::size_t k = 0; k <= t.slots.size(); ++k) {
      work(t.own_time[k], t.own_time_runs[k], k == 0 ? (t.slots.empty() ? "own time" : "own time before the first call")
                                 : (k == t.slots.size() ? "own time after the last call" : "own time before this call"));
      if (k < t.slots.size()) slot(t.slots[k], t.runs);
    }
    if (out_.size() == before) out_ += "          - work: 0s  # no own time and no calls\n";
  }

  void work(const std::vector<std::int64_t>& samples, std::uint64_t runs, const char* what) {
    if (samples.empty() || all_zero(samples)) return;
    out_ += "          - work:";
    std::string from = plural(runs, "span");
    if (samples.size() < runs) from += fmt::format(" (every {}th sampled)", (runs + samples.size() - 1) / samples.size());
    out_ += distribution(samples, 12, fmt::format("{}, from {}", what, from));
  }

  void slot(const Slot& s, std::uint64_t runs) {
    const std::string seen = fmt::format("in {} of {}", s.runs, plural(runs, "run"));
    const bool always = s.runs == runs;
    if (s.targets.size() == 1) {
      out_ += fmt::format("          - call: {}  # {}\n", names_.target(obs_, s.targets[0]), seen);
      if (!always)
        out_ += fmt::format("            probability: {}\n", ratio_text(static_cast<double>(s.runs) / static_cast<double>(runs)));
      if (s.repeat > 1) {
        out_ += fmt::format("            repeat: {}  # {} in a row in {} of {} (seen {} to {})\n", std::min(s.repeat, kMaxRepeat),
                            s.repeat, s.runs_with_repeat, plural(s.runs, "run"), s.repeat_min, s.repeat_max);
      }
      return;
    }
    const std::string indent = always ? "          " : "                ";
    if (!always) {
      out_ += fmt::format("          - choose:  # calls that overlap, {}\n", seen);
      out_ += fmt::format("              - weight: {}\n                steps:\n",
                          ratio_text(static_cast<double>(s.runs) / static_cast<double>(runs)));
    }
    std::vector<std::string> targets;
    for (const EndpointId id : s.targets) targets.push_back(names_.target(obs_, id));
    std::sort(targets.begin(), targets.end());
    for (std::size_t from = 0; from < targets.size(); from += kMaxParallel) {
      std::string list;
      for (std::size_t k = from; k < targets.size() && k < from + kMaxParallel; ++k)
        list += (list.empty() ? "" : ", ") + targets[k];
      out_ += fmt::format("{}- parallel: [{}]{}\n", indent, list,
                          always ? fmt::format("  # calls that overlap, {}", seen) : std::string());
    }
    if (!always)
      out_ += fmt::format("              - weight: {}\n                steps: [{{work: 0s}}]  # the runs without them\n",
                          ratio_text(1 - static_cast<double>(s.runs) / static_cast<double>(runs)));
  }

  void workloads() {
    out_ += "workloads:\n";
    std::map<std::string, std::size_t> by_name;
    for (std::size_t w = 0; w < obs_.workloads.size(); ++w) by_name[names_.workload[w]] = w;
    for (const auto& [name, w] : by_name) {
      const ObservedWorkload& wl = obs_.workloads[w];
      out_ += fmt::format("  - name: {}\n", name);
      if (wl.operation != name) out_ += fmt::format("    # root operation {}\n", quoted(wl.operation));
      out_ += fmt::format("    call: {}\n", names_.target(obs_, wl.entry));
      std::string sampled;
      // The share as given, in its shortest exact form: ratio_text's six decimals would print 1e-9 as 1e-06.
      if (options_.sampled != 1) sampled = fmt::format(", divided by the sampled share {}", options_.sampled);
      out_ += fmt::format("    rate: {}  # {} over {} observed{}\n", rate_text(rate_of(wl)), plural(wl.latencies_ns.size(), "root span"),
                          duration_text(static_cast<std::int64_t>(window_s() * 1e9)), sampled);
      out_ += "    arrivals: poisson\n";
    }
  }

  const Observations& obs_;
  const ScenarioNames& names_;
  const WriterOptions& options_;
  std::vector<StepTemplate> templates_;
  std::map<std::string, std::vector<EndpointId>> by_node_;
  std::string out_;
  WrittenScenario result_;
};

}  // namespace

WrittenScenario write_scenario(const Observations& obs, const ScenarioNames& names, const WriterOptions& options) {
  return Writer(obs, names, options).run();
}

}  // namespace svcsim::trace_import
