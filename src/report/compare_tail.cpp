// compare's answer to "which hop made the tail worse": for each workload whose
// p99 moved beyond the tolerance, the parts of its tail attribution (SPEC 6)
// whose time at the p99 changed most between the two files.
#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include <fmt/format.h>

#include "report/number_format.hpp"
#include "svcsim/compare.hpp"

namespace svcsim {
namespace {

constexpr std::string_view kPrefix = "attribution.";
constexpr std::size_t kPartsShown = 3;

/// "attribution.nodes.db.queue" -> "db queue"; "attribution.network" -> "network".
std::string part_name(std::string_view key) {
  key.remove_prefix(kPrefix.size());
  if (key.starts_with("nodes.")) {
    key.remove_prefix(6);
    std::string name(key);
    const auto dot = name.rfind('.');
    if (dot != std::string::npos) name[dot] = ' ';
    std::replace(name.begin(), name.end(), '_', ' ');
    return name;
  }
  return std::string(key);
}

struct Part {
  std::optional<double> base, current;  // shares of the tail's time
};

/// The workload's attribution shares by part, and its threshold (the p99).
void collect(const ResultsFile& file, const std::string& workload, bool is_base, std::map<std::string, Part>& parts,
             std::optional<double>& threshold) {
  for (const FileFigure& f : file.figures) {
    if (f.section != "workloads" || f.subject != workload || !f.key.starts_with(kPrefix)) continue;
    if (f.key == "attribution.threshold_ms") {
      threshold = f.value;
    } else if (f.key != "attribution.requests" && f.value) {
      Part& p = parts[part_name(f.key)];
      (is_base ? p.base : p.current) = f.value;
    }
  }
}

}  // namespace

std::vector<std::string> explain_tail_changes(const ResultsFile& baseline, const ResultsFile& current,
                                              const Comparison& comparison) {
  std::vector<std::string> lines;
  for (const FigureChange& c : comparison.figures) {
    if (c.verdict != Verdict::regressed && c.verdict != Verdict::improved) continue;
    const std::string suffix = ".latency_ms.p99";
    if (!c.path.starts_with("workloads.") || !c.path.ends_with(suffix)) continue;
    const std::string workload = c.path.substr(10, c.path.size() - 10 - suffix.size());
    std::map<std::string, Part> parts;
    std::optional<double> base_p99, current_p99;
    collect(baseline, workload, true, parts, base_p99);
    collect(current, workload, false, parts, current_p99);
    if (!base_p99 || !current_p99 || parts.empty()) continue;
    // A part's time at the p99: its share of the tail's time times the p99.
    struct Moved {
      std::string name;
      double base_ms, current_ms;
    };
    std::vector<Moved> moved;
    for (const auto& [name, p] : parts)
      moved.push_back({name, p.base.value_or(0) * *base_p99, p.current.value_or(0) * *current_p99});
    std::stable_sort(moved.begin(), moved.end(), [](const Moved& a, const Moved& b) {
      return std::fabs(a.current_ms - a.base_ms) > std::fabs(b.current_ms - b.base_ms);
    });
    std::string text;
    for (std::size_t i = 0; i < std::min(kPartsShown, moved.size()); ++i) {
      const Moved& m = moved[i];
      if (m.current_ms == m.base_ms) break;
      const double delta = m.current_ms - m.base_ms;
      text += fmt::format("{}{} {}{} ms ({} -> {} ms)", text.empty() ? "" : ", ", m.name, delta > 0 ? "+" : "-",
                          detail::format_sig(std::fabs(delta)), detail::format_sig(m.base_ms),
                          detail::format_sig(m.current_ms));
    }
    if (text.empty()) continue;
    lines.push_back(fmt::format("{} p99 {} -> {} ms; its tail moved most in: {}", workload,
                                detail::format_sig(*base_p99), detail::format_sig(*current_p99), text));
  }
  return lines;
}

}  // namespace svcsim
