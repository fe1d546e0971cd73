// The HTML reports' page shell (see html_page.hpp).
#include "report/html_page.hpp"

#include "report/markup_escape.hpp"
#include "report/version.hpp"

namespace svcsim::detail {
namespace {

// System fonts only; the colours of charts are set inline per series.
constexpr const char* kStyle = R"(
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; margin: 24px auto;
       max-width: 1100px; padding: 0 16px; color: #222; background: #fff; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
h2 { font-size: 1.15em; margin-top: 1.8em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
p.meta, p.note { color: #555; font-size: 0.9em; }
table { border-collapse: collapse; font-size: 0.9em; margin: 0.5em 0; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: right; }
td { white-space: nowrap; }
th { background: #f4f4f4; }
td.name, th.name { text-align: left; }
td.pass { color: #1b7a1b; font-weight: bold; }
td.fail { color: #b00020; font-weight: bold; }
td.error, p.stopped { color: #8a5a00; font-weight: bold; }
.scroll { overflow-x: auto; }
svg.chart, svg.diagram { max-width: 100%; height: auto; display: block; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
.chart-title { font-size: 13px; font-weight: bold; fill: #222; }
.tick { font-size: 10px; fill: #555; }
.axis-label { font-size: 11px; fill: #333; }
.legend text { font-size: 11px; fill: #333; }
line.grid { stroke: #e6e6e6; }
line.axis { stroke: #888; }
.band rect { fill: #e15759; fill-opacity: 0.13; }
.band text { font-size: 10px; fill: #b00020; }
.band.muted rect { fill: #999; fill-opacity: 0.12; }
.band.muted text { fill: #666; }
.objective line { stroke: #b00020; stroke-width: 1.2; stroke-dasharray: 6 4; }
.objective text { font-size: 10px; fill: #b00020; }
.node-name { font-size: 13px; font-weight: bold; fill: #222; }
.node-detail { font-size: 11px; fill: #444; }
.node-fault { font-size: 11px; font-weight: bold; fill: #c0392b; }
.bar-measured { fill: #4e79a7; }
.bar-predicted { fill: #f28e2b; }
)";

}  // namespace

std::string html_page(const std::string& title, const std::string& body) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"svcsim " + std::string(kSvcsimVersion) + "\">\n";
  out += "<title>" + markup_escape(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
  out += body;
  out += "<p class=\"note\">Written by svcsim " + std::string(kSvcsimVersion) +
         ". Self-contained: no scripts, fonts or style sheets are loaded from elsewhere.</p>\n</body>\n</html>\n";
  return out;
}

std::string objective_result_cell(bool evaluable, bool pass) {
  if (!evaluable) return "<td class=\"error name\">cannot evaluate</td>";
  return pass ? "<td class=\"pass name\">pass</td>" : "<td class=\"fail name\">FAIL</td>";
}

}  // namespace svcsim::detail
