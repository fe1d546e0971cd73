// Line charts as inline SVG for the HTML reports: axes with round ticks,
// one polyline per series (gaps where a value is missing), shaded x bands
// (fault windows, warmup) and labelled horizontal lines (objectives).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace svcsim::detail {

struct ChartSeries {
  std::string name;
  std::vector<double> x;
  std::vector<std::optional<double>> y;  // nullopt: no value, the line breaks
  bool dashed = false;
};

struct ChartBand {
  double x0 = 0, x1 = 0;
  std::string label;
  bool muted = false;  // grey (warmup) instead of red (a fault)
};

struct ChartLine {
  double y = 0;
  std::string label;
};

struct ChartSpec {
  std::string title;
  std::string x_label;
  std::string y_label;
  std::vector<ChartSeries> series;
  std::vector<ChartBand> bands;
  std::vector<ChartLine> lines;
  /// Labels for the x ticks at x = 0, 1, 2…: a categorical axis (sweep values that are not numbers).
  std::vector<std::string> x_categories;
  double y_scale = 1;      // values are multiplied by this for display (1 ratio -> 100 %)
  std::string y_unit;      // appended to tick labels
  std::optional<double> x_min, x_max;  // the x range; by default the data's
  bool markers = false;  // a dot at every point (sweeps: few points, each one a run)
  /// A log10 y axis (values at or below 0 are left out): for figures that span
  /// decades, such as latency on both sides of saturation.
  bool log_y = false;
  double width = 1000, height = 280;
};

/// The chart as an <svg> element (text escaped). Colours come from a fixed
/// palette by series index, so the same series keeps its colour across charts.
std::string svg_line_chart(const ChartSpec& spec);

/// Ticks of a log axis covering [lo, hi], lo > 0: 1, 2 and 5 per decade over at most three decades, else decades.
std::vector<double> log_ticks(double lo, double hi);

/// The palette colour of series `index` (as #rrggbb): Paul Tol's colour-blind-safe "muted" nine.
const char* chart_colour(std::size_t index);

/// The stroke-dasharray of series `index` ("" for a solid line): beyond the
/// palette's nine colours a series is told apart by its dashes; `dashed`
/// series (ChartSeries::dashed) are always "5 3".
std::string series_dash(std::size_t index, bool dashed);

/// "Nice" tick values covering [lo, hi] (about `target` of them, steps of 1, 2
/// or 5 x 10^k); with `integer`, no step below 1 (an axis of counts).
std::vector<double> nice_ticks(double lo, double hi, int target, bool integer = false);

}  // namespace svcsim::detail
