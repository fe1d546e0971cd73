// Inline SVG line charts (see svg_chart.hpp).
#include "report/svg_chart.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "report/markup_escape.hpp"

namespace svcsim::detail {
namespace {

constexpr double kLeft = 64, kRight = 24, kTop = 30, kBottom = 46;
constexpr double kLegendRow = 18;
constexpr double kCharWidth = 6.6;  // average glyph width of the 11px sans-serif legend, for wrapping

// Paul Tol's "muted" scheme: nine colours that stay distinct for colour-blind
// readers and on white. A tenth series and beyond reuse them with a dash
// pattern of their own (series_dash), so no two series look alike.
constexpr const char* kPalette[] = {"#332288", "#cc6677", "#117733", "#ddaa33", "#88ccee",
                                    "#882255", "#44aa99", "#999933", "#aa4499"};
// Dash patterns by round of the palette: solid, then dashed, dotted, dash-dot.
constexpr const char* kRoundDash[] = {"", "8 4", "2 3", "8 3 2 3"};

// Ten significant digits hide float noise (0.6000000000000001) without an exponent for everyday values.
std::string tick_text(double v) {
  if (std::fabs(v) < 1e-12) return "0";
  return fmt::format("{:.10g}", v);
}

struct Range {
  double lo = 0, hi = 1;
  double map(double v, double a, double b) const { return a + (v - lo) / (hi - lo) * (b - a); }
};

// Legend items laid out in rows of the chart's width.
struct LegendItem {
  std::string name;
  double x = 0, y = 0;
};

std::vector<LegendItem> legend_items(const ChartSpec& spec, double& rows_height) {
  std::vector<LegendItem> items;
  double x = kLeft, row = 0;
  for (const ChartSeries& s : spec.series) {
    const double w = 28 + kCharWidth * static_cast<double>(s.name.size()) + 14;
    if (x + w > spec.width - kRight && x > kLeft) {
      x = kLeft;
      ++row;
    }
    items.push_back({s.name, x, row * kLegendRow});
    x += w;
  }
  rows_height = spec.series.empty() ? 0 : (row + 1) * kLegendRow;
  return items;
}

// Each series' dash attributes. A series drawn over an earlier one (every
// point within a pixel of it, e.g. p50 = p99, or two nodes equally busy) would
// hide it: the m series of such a group after the first get dashes that
// leave gaps for each other and for the first, so every colour shows.
// (The legend shows such a series with short dashes, without the offset.)
struct Strokes {
  std::vector<std::string> line, legend;
};

template <class PointsOf>
Strokes series_strokes(const ChartSpec& spec, PointsOf&& points_of) {
  const std::size_t n = spec.series.size();
  std::vector<std::vector<std::optional<std::pair<double, double>>>> points;
  for (std::size_t k = 0; k < n; ++k) points.push_back(points_of(k));
  auto same = [&](std::size_t a, std::size_t b) {
    if (points[a].size() != points[b].size()) return false;
    bool any = false;
    for (std::size_t i = 0; i < points[a].size(); ++i) {
      const auto &p = points[a][i], &q = points[b][i];
      if (p.has_value() != q.has_value()) return false;
      if (p && (std::fabs(p->first - q->first) > 1 || std::fabs(p->second - q->second) > 1)) return false;
      any = any || p.has_value();
    }
    return any;
  };
  std::vector<std::size_t> group(n), rank(n, 0), size(n, 1);  // group leader, place in it, its size
  for (std::size_t k = 0; k < n; ++k) {
    group[k] = k;
    for (std::size_t j = 0; j < k; ++j)
      if (group[j] == j && same(j, k)) {
        group[k] = j;
        rank[k] = size[j]++;
        break;
      }
  }
  Strokes strokes{std::vector<std::string>(n), std::vector<std::string>(n)};
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t m = size[group[k]] - 1;
    if (rank[k] > 0) {
      strokes.line[k] = fmt::format(" stroke-dasharray=\"6 {}\" stroke-dashoffset=\"{}\"", 6 * m,
                                    -6 * static_cast<long long>(rank[k] - 1));
      strokes.legend[k] = " stroke-dasharray=\"4 2\"";
    } else if (const std::string dash = series_dash(k, spec.series[k].dashed); !dash.empty()) {
      strokes.line[k] = strokes.legend[k] = " stroke-dasharray=\"" + dash + "\"";
    }
  }
  return strokes;
}

}  // namespace

const char* chart_colour(std::size_t index) { return kPalette[index % std::size(kPalette)]; }

std::string series_dash(std::size_t index, bool dashed) {
  if (dashed) return "5 3";
  return kRoundDash[(index / std::size(kPalette)) % std::size(kRoundDash)];
}

std::vector<double> nice_ticks(double lo, double hi, int target, bool integer) {
  std::vector<double> ticks;
  if (!(hi > lo) || target < 1) return {lo};
  const double raw = (hi - lo) / target;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  // The 1, 2 or 5 step nearest the raw one (by ratio), so the count stays near `target`.
  double step = magnitude;
  for (const double m : {1.0, 2.0, 5.0, 10.0})
    if (std::fabs(std::log(m * magnitude / raw)) < std::fabs(std::log(step / raw))) step = m * magnitude;
  // A count has no tick between two whole numbers.
  if (integer) step = std::max(step, 1.0);
  for (double t = std::ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step)
    ticks.push_back(std::fabs(t) < step * 1e-9 ? 0.0 : t);
  return ticks;
}

std::vector<double> log_ticks(double lo, double hi) {
  std::vector<double> ticks;
  if (!(lo > 0) || !(hi >= lo)) return ticks;
  const int first = static_cast<int>(std::floor(std::log10(lo)));
  const int last = static_cast<int>(std::ceil(std::log10(hi)));
  // 1, 2, 5 in each decade when there are few decades, the decades alone otherwise.
  const bool fine = last - first <= 3;
  for (int d = first; d <= last; ++d)
    for (const double m : {1.0, 2.0, 5.0}) {
      if (m != 1.0 && !fine) continue;
      const double t = m * std::pow(10.0, d);
      if (t <= std::pow(10.0, std::max(last, first + 1)) * (1 + 1e-9)) ticks.push_back(t);
    }
  return ticks;
}

std::string svg_line_chart(const ChartSpec& spec) {
  double legend_height = 0;
  const std::vector<LegendItem> legend = legend_items(spec, legend_height);
  const double plot_x0 = kLeft, plot_x1 = spec.width - kRight;
  const double plot_y0 = kTop, plot_y1 = spec.height - kBottom;
  const double total_height = spec.height + legend_height;

  // Ranges: x over every point and band (categories: one slot each); y from 0 to the largest value or line.
  Range xr{0, 0}, yr{0, 0};
  bool any_x = false;
  auto take_x = [&](double v) {
    if (!std::isfinite(v)) return;
    xr.lo = any_x ? std::min(xr.lo, v) : v;
    xr.hi = any_x ? std::max(xr.hi, v) : v;
    any_x = true;
  };
  for (const auto& s : spec.series)
    for (const double v : s.x) take_x(v);
  if (!spec.x_categories.empty()) {
    xr = {-0.5, static_cast<double>(spec.x_categories.size()) - 0.5};
  } else if (!any_x) {
    xr = {0, 1};
  }
  if (spec.x_categories.empty()) {
    if (spec.x_min) xr.lo = *spec.x_min;
    if (spec.x_max) xr.hi = *spec.x_max;
    if (xr.hi <= xr.lo) xr = {xr.lo - 1, xr.lo + 1};
    // Markers at the ends would sit on the axes: a little room on both sides.
    if (spec.markers && !spec.x_min && !spec.x_max) {
      const double pad = (xr.hi - xr.lo) * 0.04;
      xr = {xr.lo - pad, xr.hi + pad};
    }
  }
  // y: from 0 to the largest value or line; on a log axis, whole decades around the positive values.
  double smallest = 0;
  auto take_y = [&](double v) {
    if (!std::isfinite(v)) return;
    yr.hi = std::max(yr.hi, v);
    if (v > 0) smallest = smallest > 0 ? std::min(smallest, v) : v;
  };
  for (const auto& s : spec.series)
    for (const auto& v : s.y)
      if (v) take_y(*v * spec.y_scale);
  for (const auto& l : spec.lines) take_y(l.y * spec.y_scale);
  // Counts (every value a whole number) get whole-number ticks.
  auto whole = [](double v) { return std::fabs(v - std::round(v)) < 1e-9; };
  bool integer_x = spec.x_categories.empty(), integer_y = true;
  for (const auto& s : spec.series) {
    for (const double v : s.x) integer_x = integer_x && (!std::isfinite(v) || whole(v));
    for (const auto& v : s.y) integer_y = integer_y && (!v || !std::isfinite(*v) || whole(*v * spec.y_scale));
  }
  for (const auto& l : spec.lines) integer_y = integer_y && whole(l.y * spec.y_scale);
  std::vector<double> y_ticks;
  const bool log_y = spec.log_y && smallest > 0;
  if (log_y) {
    const double lo_decade = std::floor(std::log10(smallest)), hi_decade = std::ceil(std::log10(yr.hi));
    y_ticks = log_ticks(smallest, yr.hi);
    yr = {lo_decade, std::max(hi_decade, lo_decade + 1)};
  } else {
    yr.hi = yr.hi > 0 ? yr.hi * 1.08 : 1;
    y_ticks = nice_ticks(0, yr.hi, 5, integer_y);
    if (!y_ticks.empty()) yr.hi = std::max(yr.hi, y_ticks.back());
  }
  // Where a displayed value sits on the axis (log10 of it on a log axis; nothing at or below 0 there).
  auto axis_of = [&](double shown) { return log_y ? std::log10(std::max(shown, 1e-300)) : shown; };

  auto px = [&](double x) { return xr.map(std::clamp(x, xr.lo, xr.hi), plot_x0, plot_x1); };
  auto py = [&](double y) { return yr.map(std::clamp(axis_of(y * spec.y_scale), yr.lo, yr.hi), plot_y1, plot_y0); };

  std::string out = fmt::format(
      "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{0:.0f}\" height=\"{1:.0f}\" "
      "viewBox=\"0 0 {0:.0f} {1:.0f}\" role=\"img\" aria-label=\"{2}\">\n",
      spec.width, total_height, markup_escape(spec.title));
  out += fmt::format("<text class=\"chart-title\" x=\"{:.1f}\" y=\"18\">{}</text>\n", plot_x0, markup_escape(spec.title));

  for (const ChartBand& b : spec.bands) {
    const double x0 = px(b.x0), x1 = px(b.x1);
    if (x1 <= x0) continue;
    out += fmt::format("<g class=\"band{}\"><title>{}</title><rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" "
                       "height=\"{:.1f}\"/><text x=\"{:.1f}\" y=\"{:.1f}\">{}</text></g>\n",
                       b.muted ? " muted" : "", markup_escape(b.label), x0, plot_y0, x1 - x0, plot_y1 - plot_y0,
                       x0 + 3, plot_y0 + 11, markup_escape(b.label));
  }

  // Axes and grid.
  for (const double t : y_ticks) {
    const double y = yr.map(axis_of(t), plot_y1, plot_y0);
    out += fmt::format("<line class=\"grid\" x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\"/>"
                       "<text class=\"tick\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}{}</text>\n",
                       plot_x0, y, plot_x1, y, plot_x0 - 5, y + 4, tick_text(t), markup_escape(spec.y_unit));
  }
  auto x_tick = [&](double x, const std::string& label) {
    const double at = px(x);
    out += fmt::format("<line class=\"axis\" x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\"/>"
                       "<text class=\"tick\" x=\"{0:.1f}\" y=\"{3:.1f}\" text-anchor=\"middle\">{4}</text>\n",
                       at, plot_y1, plot_y1 + 4, plot_y1 + 16, markup_escape(label));
  };
  if (!spec.x_categories.empty()) {
    // At most ~12 labels, so long value lists stay readable.
    const std::size_t n = spec.x_categories.size(), every = (n + 11) / 12;
    for (std::size_t i = 0; i < n; i += every) x_tick(static_cast<double>(i), spec.x_categories[i]);
  } else {
    for (const double t : nice_ticks(xr.lo, xr.hi, 8, integer_x)) x_tick(t, tick_text(t));
  }
  out += fmt::format("<line class=\"axis\" x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\"/>"
                     "<line class=\"axis\" x1=\"{0:.1f}\" y1=\"{3:.1f}\" x2=\"{0:.1f}\" y2=\"{1:.1f}\"/>\n",
                     plot_x0, plot_y1, plot_x1, plot_y0);
  out += fmt::format("<text class=\"axis-label\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n",
                     (plot_x0 + plot_x1) / 2, plot_y1 + 34, markup_escape(spec.x_label));
  out += fmt::format("<text class=\"axis-label\" transform=\"translate(14 {:.1f}) rotate(-90)\" "
                     "text-anchor=\"middle\">{}</text>\n",
                     (plot_y0 + plot_y1) / 2, markup_escape(spec.y_label));

  for (const ChartLine& l : spec.lines) {
    const double y = py(l.y);
    out += fmt::format("<g class=\"objective\"><title>{0}</title><line x1=\"{1:.1f}\" y1=\"{2:.1f}\" x2=\"{3:.1f}\" "
                       "y2=\"{2:.1f}\"/><text x=\"{3:.1f}\" y=\"{4:.1f}\" text-anchor=\"end\">{0}</text></g>\n",
                       markup_escape(l.label), plot_x0, y, plot_x1, y - 4);
  }

  // A value that can be drawn: present, finite, and positive on a log axis.
  auto drawable = [&](const std::optional<double>& y) { return y && std::isfinite(*y) && (!log_y || *y > 0); };
  const Strokes strokes = series_strokes(spec, [&](std::size_t k) {
    const ChartSeries& s = spec.series[k];
    std::vector<std::optional<std::pair<double, double>>> points;
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i)
      points.push_back(drawable(s.y[i]) ? std::optional(std::pair(px(s.x[i]), py(*s.y[i]))) : std::nullopt);
    return points;
  });
  for (std::size_t k = 0; k < spec.series.size(); ++k) {
    const ChartSeries& s = spec.series[k];
    std::string d;
    bool pen_down = false;
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      if (!drawable(s.y[i])) {
        pen_down = false;
        continue;
      }
      d += fmt::format("{}{:.1f},{:.1f} ", pen_down ? "L" : "M", px(s.x[i]), py(*s.y[i]));
      pen_down = true;
    }
    out += fmt::format("<g class=\"series\"><title>{}</title><path d=\"{}\" fill=\"none\" stroke=\"{}\" "
                       "stroke-width=\"1.6\"{}/>",
                       markup_escape(s.name), d, chart_colour(k), strokes.line[k]);
    if (spec.markers)
      for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i)
        if (drawable(s.y[i]))
          out += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"{}\"/>", px(s.x[i]), py(*s.y[i]),
                             chart_colour(k));
    out += "</g>\n";
  }

  for (std::size_t k = 0; k < legend.size(); ++k) {
    const double y = spec.height + legend[k].y + 8;
    out += fmt::format("<g class=\"legend\"><line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" "
                       "stroke=\"{3}\" stroke-width=\"3\"{4}/><text x=\"{5:.1f}\" y=\"{6:.1f}\">{7}</text></g>\n",
                       legend[k].x, y - 4, legend[k].x + 22, chart_colour(k),
                       strokes.legend[k], legend[k].x + 28, y,
                       markup_escape(legend[k].name));
  }
  out += "</svg>\n";
  return out;
}

}  // namespace svcsim::detail
