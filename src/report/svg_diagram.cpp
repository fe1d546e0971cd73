// The architecture as inline SVG (see svg_diagram.hpp).
#include "report/svg_diagram.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "report/diagram_layout.hpp"
#include "report/markup_escape.hpp"

namespace svcsim::detail {
namespace {

constexpr double kBoxHeight = 54;
constexpr double kLineHeight = 13;  // one more line per fault in the boxes of a diagram with faults
constexpr double kMargin = 12;
// Approximate glyph widths of the 13px bold name and the 11px detail lines
// (sans-serif), so boxes fit their text without measuring it.
constexpr double kNameChar = 8.0, kDetailChar = 6.4;

std::string percent(double ratio) { return fmt::format("{:.0f}%", ratio * 100); }

std::string third_line(const DiagramNode& n) {
  if (n.client) return "";
  if (!n.measured) return n.predicted ? "pred " + percent(*n.predicted) : "";
  std::string text = "util " + percent(*n.measured);
  if (n.predicted) text += " (pred " + percent(*n.predicted) + ")";
  return text;
}

// Light fills that keep the text readable: calm, warm, hot.
const char* fill_of(const DiagramNode& n) {
  if (n.client || !n.measured) return "#f4f4f4";
  if (*n.measured >= 0.8) return "#fbd5d5";
  if (*n.measured >= 0.5) return "#fde9c8";
  return "#dff0dc";
}

}  // namespace

std::string svg_architecture(const std::vector<DiagramNode>& nodes, const std::vector<DiagramEdge>& edges) {
  std::map<std::string, std::size_t> index;
  std::vector<double> widths;
  std::size_t fault_lines = 0;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    index.emplace(nodes[i].name, i);
    double text = std::max({kNameChar * static_cast<double>(nodes[i].name.size()),
                            kDetailChar * static_cast<double>(nodes[i].detail.size()),
                            kDetailChar * static_cast<double>(third_line(nodes[i]).size())});
    for (const std::string& f : nodes[i].faults) text = std::max(text, kDetailChar * static_cast<double>(f.size()));
    widths.push_back(std::max(100.0, text + 20));
    fault_lines = std::max(fault_lines, nodes[i].faults.size());
  }
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  std::map<std::pair<std::size_t, std::size_t>, std::pair<std::string, bool>> labels;  // hover text, all dashed
  for (const DiagramEdge& e : edges) {
    const auto a = index.find(e.from), b = index.find(e.to);
    if (a == index.end() || b == index.end()) continue;
    const std::pair key{a->second, b->second};
    auto [it, fresh] = labels.try_emplace(key, e.label, e.dashed);
    if (!fresh) {
      it->second.first += "; " + e.label;
      it->second.second = it->second.second && e.dashed;
    }
    pairs.push_back(key);
  }
  const DiagramLayout layout =
      layout_layers(widths, kBoxHeight + kLineHeight * static_cast<double>(fault_lines), pairs);

  const double w = layout.width + 2 * kMargin, h = layout.height + 2 * kMargin;
  std::string out = fmt::format(
      "<svg class=\"diagram\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{0:.0f}\" height=\"{1:.0f}\" "
      "viewBox=\"0 0 {0:.0f} {1:.0f}\" role=\"img\" aria-label=\"architecture\">\n"
      "<defs><marker id=\"svcsim-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" "
      "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>\n"
      "<g transform=\"translate({2:.0f} {2:.0f})\">\n",
      w, h, kMargin);
  for (const LayoutEdge& e : layout.edges) {
    const auto& [label, dashed] = labels.at({e.from, e.to});
    std::string d;
    for (std::size_t i = 0; i < e.points.size(); ++i)
      d += fmt::format("{}{:.1f},{:.1f} ", i ? "L" : "M", e.points[i].x, e.points[i].y);
    out += fmt::format("<g class=\"call\"><title>{} \u2192 {}: {}</title><path d=\"{}\" fill=\"none\" "
                       "stroke=\"#555\" stroke-width=\"1.3\"{} marker-end=\"url(#svcsim-arrow)\"/></g>\n",
                       markup_escape(nodes[e.from].name), markup_escape(nodes[e.to].name), markup_escape(label), d,
                       dashed ? " stroke-dasharray=\"5 3\"" : "");
  }
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const DiagramNode& n = nodes[i];
    const LayoutBox& b = layout.boxes[i];
    const double cx = b.x + b.width / 2;
    const bool faulted = !n.faults.empty();
    out += faulted ? "<g class=\"node faulted\"><title>" + markup_escape(n.name) + ": " +
                         markup_escape(n.faults.front()) + (n.faults.size() > 1 ? " (and more)" : "") + "</title>"
                   : std::string("<g class=\"node\">");
    out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
                       "rx=\"6\" fill=\"{}\" stroke=\"{}\"{}/>",
                       b.x, b.y, b.width, b.height, fill_of(n), faulted ? "#c0392b\" stroke-width=\"2.5" : "#444",
                       n.client ? " stroke-dasharray=\"4 3\"" : "");
    out += fmt::format("<text class=\"node-name\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>", cx,
                       b.y + 18, markup_escape(n.name));
    out += fmt::format("<text class=\"node-detail\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>", cx,
                       b.y + 33, markup_escape(n.detail));
    if (const std::string line = third_line(n); !line.empty())
      out += fmt::format("<text class=\"node-detail\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>",
                         cx, b.y + 47, markup_escape(line));
    // The fault lines follow the last line of text (the third, where there is one).
    const double first_fault = b.y + (third_line(n).empty() ? 47 : 47 + kLineHeight);
    for (std::size_t k = 0; k < n.faults.size(); ++k)
      out += fmt::format("<text class=\"node-fault\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>", cx,
                         first_fault + kLineHeight * static_cast<double>(k), markup_escape(n.faults[k]));
    out += "</g>\n";
  }
  out += "</g>\n</svg>\n";
  return out;
}

}  // namespace svcsim::detail
