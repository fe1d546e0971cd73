// Objective values and limits in their metric's unit (see objective_text.hpp).
#include "report/objective_text.hpp"

#include "report/number_format.hpp"
#include "svcsim/metrics.hpp"

namespace svcsim::detail {
namespace {

enum class Unit { ms, per_s, percent, plain };

Unit unit_of(const std::string& metric) {
  if (metric == "mean" || metric == "max" || metric == "min" || parse_percentile_metric(metric)) return Unit::ms;
  if (metric == "throughput") return Unit::per_s;
  if (metric.ends_with("_rate") || metric == "availability" || metric == "utilization" ||
      metric == "cpu_utilization" || metric == "throttled_fraction")
    return Unit::percent;
  return Unit::plain;
}

std::string with_unit(double value, Unit unit, bool trim) {
  std::string number = unit == Unit::percent ? format_percent(value) : format_sig(value);
  if (trim && number.find('.') != std::string::npos && number.find('e') == std::string::npos) {
    while (number.back() == '0') number.pop_back();
    if (number.back() == '.') number.pop_back();
  }
  switch (unit) {
    case Unit::ms: return number + "ms";
    case Unit::per_s: return number + "/s";
    case Unit::percent: return number + "%";
    case Unit::plain: return number;
  }
  return number;
}

}  // namespace

const char* metric_unit(const std::string& metric) {
  switch (unit_of(metric)) {
    case Unit::ms: return "ms";
    case Unit::per_s: return "/s";
    case Unit::percent: return "%";
    case Unit::plain: return "";
  }
  return "";
}

std::string observed_text(const ObjectiveResult& s, bool with_ci) {
  if (!s.evaluable) return "-";
  std::string text = with_unit(s.value, unit_of(s.metric), false);
  if (s.ci95 && with_ci) text += " \u00b1 " + half_width_text(s);
  return text;
}

std::string half_width_text(const ObjectiveResult& s) {
  return s.ci95 ? with_unit(*s.ci95, unit_of(s.metric), false) : "-";
}

std::string limit_text(const ObjectiveResult& s) {
  return std::string(to_string(s.op)) + " " + with_unit(s.threshold, unit_of(s.metric), true);
}

}  // namespace svcsim::detail
