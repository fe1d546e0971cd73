// compare's output: the notes, a table of the figures that moved, a summary.
#include <cmath>
#include <map>
#include <ostream>

#include <fmt/format.h>

#include "report/number_format.hpp"
#include "report/text_table.hpp"
#include "svcsim/compare.hpp"

namespace svcsim {
namespace {

using detail::format_sig;
using detail::TextTable;

std::string value_text(const std::optional<double>& value, const std::optional<double>& ci95) {
  if (!value) return "null";
  std::string text = format_sig(*value);
  if (ci95) text += " \u00b1 " + format_sig(*ci95);
  return text;
}

std::string change_text(const FigureChange& c) {
  if (!c.baseline || !c.current) return "-";
  const char* of = c.complement ? "1-x " : "";  // the change judged is that of 1 - value
  if (c.change) return fmt::format("{}{:+.1f}%", of, *c.change * 100);
  return *c.current == *c.baseline ? "0.0%" : fmt::format("{}from 0", of);
}

std::string percent_text(double ratio) {
  std::string text = format_sig(ratio * 100);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text + "%";
}

}  // namespace

void print_comparison(std::ostream& out, const Comparison& comparison, const CompareOptions& options) {
  for (const std::string& note : comparison.notes) out << "note: " << note << '\n';
  out << fmt::format("tolerance: {} relative (with absolute floors near zero, see docs/ci.md)\n",
                     percent_text(options.tolerance));
  if (comparison.with_intervals)
    out << "with replications: a figure counts as moved only beyond both the tolerance and the combined 95 % "
           "confidence half-width sqrt(ci_a\u00b2 + ci_b\u00b2)\n";

  TextTable table({{"figure", TextTable::Align::left},
                   {"baseline"},
                   {"current"},
                   {"change"},
                   {"verdict", TextTable::Align::left}});
  std::map<Verdict, std::size_t> counts;
  bool any_row = false;
  for (const FigureChange& c : comparison.figures) {
    ++counts[c.verdict];
    if (c.verdict == Verdict::unchanged) continue;
    any_row = true;
    table.add_row({c.path, value_text(c.baseline, c.baseline_ci95), value_text(c.current, c.current_ci95),
                   change_text(c), to_string(c.verdict)});
  }
  if (any_row) {
    out << '\n';
    table.print(out);
  }
  if (!comparison.tail.empty()) {
    out << "\nwhere the tail moved (requests slower than p99; a part's time = its share x p99)\n";
    for (const std::string& line : comparison.tail) out << "  " << line << '\n';
  }
  std::size_t regressed = 0;
  for (const auto& [verdict, n] : counts)
    if (is_regression(verdict)) regressed += n;
  out << fmt::format("\n{} figures compared: {} regressed, {} improved, {} within tolerance{}, {} unchanged\n",
                     comparison.figures.size(), regressed, counts[Verdict::improved],
                     counts[Verdict::within_tolerance] + counts[Verdict::gained_value],
                     comparison.with_intervals ? fmt::format(", {} within noise", counts[Verdict::within_noise])
                                               : std::string(),
                     counts[Verdict::unchanged]);
}

}  // namespace svcsim
