// The HTML reports and their pieces: escaping, the layered diagram layout
// (boxes never overlap, every call goes to a later column, long calls route
// between boxes, the barycentre order removes avoidable crossings), chart
// ticks (whole numbers on count axes), series that stay apart (a palette
// safe for colour-blind readers, dashes beyond it and over identical lines),
// and the pages themselves (escaped user strings, nothing external, the
// sections they promise, the faulted node marked, the same bytes twice).
#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <set>

#include "report/diagram_layout.hpp"
#include "report/markup_escape.hpp"
#include "report/svg_chart.hpp"
#include "svcsim/analysis.hpp"
#include "svcsim/html_report.hpp"
#include "svcsim/loader.hpp"
#include "svcsim/metrics.hpp"
#include "svcsim/replicated_results.hpp"
#include "svcsim/simulation.hpp"
#include "svcsim/sweep.hpp"
#include "svcsim/sweep_report.hpp"

using namespace svcsim;
using namespace svcsim::detail;
using Catch::Matchers::Contains;

namespace {

using Edge = std::pair<std::size_t, std::size_t>;

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

/// Checks every promise of layout_layers on one graph.
void check_layout(const std::vector<double>& widths, double height, const std::vector<Edge>& edges) {
  const DiagramLayout layout = layout_layers(widths, height, edges);
  REQUIRE(layout.boxes.size() == widths.size());
  // No two boxes overlap (touching edges would be overlap too: there is always a gap).
  for (std::size_t i = 0; i < layout.boxes.size(); ++i)
    for (std::size_t j = i + 1; j < layout.boxes.size(); ++j) {
      const LayoutBox& a = layout.boxes[i];
      const LayoutBox& b = layout.boxes[j];
      INFO("boxes " << i << " and " << j);
      const bool apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      CHECK(apart);
    }
  for (std::size_t i = 0; i < layout.boxes.size(); ++i) {
    const LayoutBox& b = layout.boxes[i];
    CHECK(b.width == widths[i]);
    CHECK(b.x >= 0);
    CHECK(b.y >= 0);
    CHECK(b.x + b.width <= layout.width + 1e-9);
    CHECK(b.y + b.height <= layout.height + 1e-9);
  }
  std::set<Edge> distinct;
  for (const Edge& e : edges)
    if (e.first != e.second) distinct.insert(e);
  CHECK(layout.edges.size() == distinct.size());
  for (const LayoutEdge& e : layout.edges) {
    const LayoutBox& from = layout.boxes[e.from];
    const LayoutBox& to = layout.boxes[e.to];
    INFO("edge " << e.from << " -> " << e.to);
    // Every call goes between ranks, to a later one.
    CHECK(to.rank > from.rank);
    // Out of the caller's right side, into the callee's left side, through two points per rank crossed.
    REQUIRE(e.points.size() == 2 + 2 * (to.rank - from.rank - 1));
    CHECK(e.points.front().x == from.x + from.width);
    CHECK(e.points.back().x == to.x);
    for (std::size_t k = 1; k < e.points.size(); ++k) CHECK(e.points[k].x >= e.points[k - 1].x);
    // The horizontal runs through intermediate columns cut no box.
    for (std::size_t k = 1; k + 1 < e.points.size(); k += 2) {
      const LayoutPoint& p = e.points[k];
      for (const LayoutBox& b : layout.boxes) {
        const bool same_column = b.x + b.width > p.x && b.x < e.points[k + 1].x;
        if (same_column) CHECK((p.y < b.y || p.y > b.y + b.height));
      }
    }
  }
}

std::vector<Edge> scenario_graph(const Scenario& s, std::vector<double>& widths) {
  std::map<std::string, std::size_t> index{{kClientName, 0}};
  widths = {100};
  for (const Node& n : s.nodes) {
    index.emplace(n.name, widths.size());
    widths.push_back(80 + 8.0 * static_cast<double>(n.name.size()));
  }
  std::vector<Edge> edges;
  for (const CallEdge& e : call_edges(s)) edges.emplace_back(index.at(e.from), index.at(e.to));
  return edges;
}

}  // namespace

TEST_CASE("markup_escape: the five special characters become entities, control characters U+FFFD", "[html]") {
  CHECK(markup_escape("plain name-1_x") == "plain name-1_x");
  CHECK(markup_escape("<b>&\"'") == "&lt;b&gt;&amp;&quot;&#39;");
  CHECK(markup_escape("&amp;") == "&amp;amp;");  // escaped again: the text is shown as written
  CHECK(markup_escape("") == "");
  CHECK(markup_escape("a\tb\nc\r") == "a\tb\nc\r");  // allowed in XML 1.0: kept
  CHECK(markup_escape(std::string("x\x01y\x1f", 4)) == "x\xef\xbf\xbdy\xef\xbf\xbd");
}

TEST_CASE("diagram layout: shipped scenarios' call graphs", "[html][layout]") {
  namespace fs = std::filesystem;
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(SVCSIM_SOURCE_DIR) / "scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    LoadResult r = load_scenario_file(entry.path().string());
    REQUIRE(r.scenario);
    INFO(entry.path().string());
    std::vector<double> widths;
    const auto edges = scenario_graph(*r.scenario, widths);
    check_layout(widths, 54, edges);
    ++checked;
  }
  CHECK(checked >= 4);
}

TEST_CASE("diagram layout: the reference architecture is drawn without crossings", "[html][layout]") {
  LoadResult r = load_scenario_file(std::string(SVCSIM_SOURCE_DIR) + "/scenarios/netflix.yaml");
  REQUIRE(r.scenario);
  std::vector<double> widths;
  const auto edges = scenario_graph(*r.scenario, widths);
  const DiagramLayout layout = layout_layers(widths, 54, edges);
  CHECK(layout.crossings == 0);
  CHECK(layout.boxes[0].rank == 0);  // the clients on the left
}

TEST_CASE("diagram layout: random acyclic graphs", "[html][layout]") {
  std::uint64_t state = 12345;  // a fixed LCG: the same graphs every run
  auto next = [&state](std::uint64_t bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % bound;
  };
  for (int graph = 0; graph < 30; ++graph) {
    const std::size_t n = 2 + next(14);
    std::vector<double> widths;
    for (std::size_t i = 0; i < n; ++i) widths.push_back(60 + static_cast<double>(next(120)));
    std::vector<Edge> edges;
    // Edges from lower to higher index keep the graph acyclic; duplicates and self-loops are allowed in the input.
    const std::size_t m = next(3 * n);
    for (std::size_t k = 0; k < m; ++k) {
      const std::size_t a = next(n), b = next(n);
      edges.emplace_back(std::min(a, b), std::max(a, b));
    }
    INFO("graph " << graph << " with " << n << " vertices and " << m << " edges");
    check_layout(widths, 40, edges);
  }
}

TEST_CASE("diagram layout: the barycentre order removes an avoidable crossing", "[html][layout]") {
  // 0 -> 3 and 1 -> 2: in input order the two calls cross; swapping 2 and 3 uncrosses them.
  const DiagramLayout layout = layout_layers({80, 80, 80, 80}, 40, {{0, 3}, {1, 2}});
  CHECK(layout.crossings == 0);
  CHECK(layout.boxes[0].rank == 0);
  CHECK(layout.boxes[1].rank == 0);
  CHECK(layout.boxes[2].rank == 1);
  CHECK(layout.boxes[3].rank == 1);
  CHECK((layout.boxes[0].y < layout.boxes[1].y) == (layout.boxes[3].y < layout.boxes[2].y));
  // A complete bipartite K(2,2) cannot be drawn without one crossing: the count says so.
  CHECK(layout_layers({80, 80, 80, 80}, 40, {{0, 2}, {0, 3}, {1, 2}, {1, 3}}).crossings == 1);
}

TEST_CASE("diagram layout: ranks are the longest path from the clients", "[html][layout]") {
  // 0 -> 1 -> 2 and 0 -> 2: 2 sits right of 1, and the long call 0 -> 2 routes through rank 1.
  const DiagramLayout layout = layout_layers({50, 50, 50}, 30, {{0, 1}, {1, 2}, {0, 2}});
  CHECK(layout.boxes[2].rank == 2);
  REQUIRE(layout.edges.size() == 3);
  CHECK(layout.edges[2].points.size() == 4);
}

TEST_CASE("chart ticks are round numbers covering the range", "[html]") {
  CHECK(nice_ticks(0, 187, 5) == std::vector<double>{0, 50, 100, 150});
  CHECK(nice_ticks(0, 1, 5) == std::vector<double>{0, 0.2, 0.4, 0.6000000000000001, 0.8, 1});
  const auto t = nice_ticks(0.5, 179.5, 8);
  REQUIRE(!t.empty());
  CHECK(t.front() == 20);  // step 20: the 1-2-5 step nearest 179 / 8
  CHECK(t.back() == 160);
}

TEST_CASE("a count axis has whole-number ticks only", "[html]") {
  CHECK(nice_ticks(0.92, 3.08, 8, true) == std::vector<double>{1, 2, 3});
  CHECK(nice_ticks(0, 1.08, 5, true) == std::vector<double>{0, 1});
  CHECK(nice_ticks(0, 187, 5, true) == nice_ticks(0, 187, 5));  // steps above 1 are whole already
  // A sweep over instances 1..3 (markers pad the x range) and a count on y: no tick between whole numbers.
  ChartSpec spec;
  spec.title = "t";
  spec.markers = true;
  spec.series.push_back({"queue max", {1, 2, 3}, {0.0, 2.0, 1.0}, false});
  const std::string svg = svg_line_chart(spec);
  for (const std::string fraction : {">0.5<", ">1.2<", ">1.5<", ">2.5<", ">0.4<"}) {
    INFO(fraction);
    CHECK(svg.find(fraction) == std::string::npos);
  }
  CHECK_THAT(svg, Contains(">1</text>"));
  CHECK_THAT(svg, Contains(">3</text>"));
  // Values that are not whole keep finer ticks.
  spec.series.front().x = {1, 1.5, 2};
  CHECK_THAT(svg_line_chart(spec), Contains(">1.2</text>"));
}

TEST_CASE("a line drawn over an identical one is dashed, so both show", "[html]") {
  ChartSpec spec;
  spec.title = "t";
  const std::vector<double> x{0, 1, 2, 3};
  const std::vector<std::optional<double>> flat{10.0, 10.0, 10.0, 10.0}, other{1.0, 5.0, 2.0, 8.0};
  spec.series = {{"p50", x, flat, false}, {"p99", x, flat, false}, {"other", x, other, false}, {"p99.9", x, flat, false}};
  const std::string svg = svg_line_chart(spec);
  auto path_of = [&](const std::string& name) {
    const auto at = svg.find("<title>" + name + "</title><path");
    REQUIRE(at != std::string::npos);
    return svg.substr(at, svg.find("/>", at) - at);
  };
  CHECK(path_of("p50").find("stroke-dasharray") == std::string::npos);  // the first of the group: solid
  CHECK(path_of("other").find("stroke-dasharray") == std::string::npos);
  // Three identical lines: the two over the first leave gaps for each other and for it.
  CHECK_THAT(path_of("p99"), Contains("stroke-dasharray=\"6 12\" stroke-dashoffset=\"0\""));
  CHECK_THAT(path_of("p99.9"), Contains("stroke-dasharray=\"6 12\" stroke-dashoffset=\"-6\""));
  CHECK(occurrences(svg, "stroke-width=\"3\" stroke-dasharray=\"4 2\"") == 2);  // and so does the legend
}

TEST_CASE("twelve series keep twelve looks: a colour-blind-safe palette, then dashes", "[html]") {
  std::set<std::string> colours;
  for (std::size_t k = 0; k < 9; ++k) colours.insert(chart_colour(k));
  CHECK(colours.size() == 9);
  CHECK(std::string(chart_colour(0)) == "#332288");  // Paul Tol's muted scheme
  std::set<std::pair<std::string, std::string>> looks;
  for (std::size_t k = 0; k < 12; ++k) looks.insert({chart_colour(k), series_dash(k, false)});
  CHECK(looks.size() == 12);
  CHECK(series_dash(0, false).empty());
  CHECK_FALSE(series_dash(9, false).empty());
  ChartSpec spec;
  spec.title = "t";
  for (int k = 0; k < 12; ++k) spec.series.push_back({"s" + std::to_string(k), {0, 1}, {double(k), double(k + 1)}, false});
  const std::string svg = svg_line_chart(spec);
  CHECK(occurrences(svg, "stroke-dasharray=\"" + series_dash(9, false) + "\"") == 2 * 3);  // lines and legend of s9-s11
}

TEST_CASE("log axis ticks: 1-2-5 over few decades, decades over many", "[html]") {
  CHECK(log_ticks(3, 80) == std::vector<double>{1, 2, 5, 10, 20, 50, 100});
  CHECK(log_ticks(0.5, 16000) == std::vector<double>{0.1, 1, 10, 100, 1000, 10000, 100000});
  CHECK(log_ticks(0, 10).empty());
  // A chart on a log axis leaves out values at or below 0 instead of drawing them at -infinity.
  ChartSpec spec;
  spec.title = "t";
  spec.log_y = true;
  spec.series.push_back({"s", {0, 1, 2}, {0.0, 10.0, 1000.0}, false});
  const std::string svg = svg_line_chart(spec);
  CHECK(occurrences(svg, "<text class=\"tick\"") >= 4);
  CHECK(svg.find("nan") == std::string::npos);
  CHECK(svg.find("inf") == std::string::npos);
}

TEST_CASE("run page: sections, escaping, nothing external, deterministic", "[html]") {
  LoadResult r = load_scenario_file(std::string(SVCSIM_SOURCE_DIR) + "/scenarios/netflix-cdn-outage.yaml",
                                    {{"duration", "40s"}, {"warmup", "5s"}, {"faults.cdn-outage.at", "15s"},
                                     {"faults.cdn-outage.duration", "10s"}});
  REQUIRE(r.scenario);
  Scenario s = *r.scenario;
  s.name = "outage <script>alert(1)</script> & 'more'";
  s.description = "a \"quoted\" <i>description</i>";
  RunOptions options;
  options.series_window = Duration::from_seconds(1);
  ReplicatedResults results;
  results.runs.push_back(simulate(s, options));
  results.slo = evaluate_objectives(s, results.runs);
  // A node name with markup, as a hostile results file could carry: the page must escape it.
  const std::string original = results.runs[0].nodes[1].name;
  results.runs[0].nodes[1].name = "<gw>";
  std::vector<CallEdge> edges = call_edges(s);
  for (CallEdge& e : edges) {
    if (e.from == original) e.from = "<gw>";
    if (e.to == original) e.to = "<gw>";
  }
  const Analysis analysis = analyze_scenario(s);
  const HtmlContext context{s.description, &analysis, edges, s.faults};
  const std::string page = results_to_html(results, context);

  CHECK(page.rfind("<!DOCTYPE html>\n", 0) == 0);
  CHECK(page == results_to_html(results, context));
  CHECK_THAT(page, Contains("<title>svcsim: outage &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;more&#39;</title>"));
  CHECK_THAT(page, Contains("a &quot;quoted&quot; &lt;i&gt;description&lt;/i&gt;"));
  CHECK_THAT(page, Contains(">&lt;gw&gt;</text>"));
  CHECK(page.find("<script") == std::string::npos);
  CHECK(page.find("<gw>") == std::string::npos);
  CHECK(page.find("<i>") == std::string::npos);
  // Nothing loaded from elsewhere: the only URL is the SVG namespace name.
  CHECK(occurrences(page, "http") == occurrences(page, "xmlns=\"http://www.w3.org/2000/svg\""));
  CHECK(page.find("<link") == std::string::npos);
  CHECK(page.find("@import") == std::string::npos);

  CHECK(occurrences(page, "<svg class=\"diagram\"") == 1);
  // A box per node and the clients; the CDN, struck by the outage, outlined and labelled with it and its window.
  CHECK(occurrences(page, "<g class=\"node\">") + occurrences(page, "<g class=\"node faulted\">") == s.nodes.size() + 1);
  CHECK(occurrences(page, "<g class=\"node faulted\">") == 1);
  CHECK_THAT(page, Contains("<g class=\"node faulted\"><title>cdn: cdn-outage: outage 15s\u201325s</title>"));
  CHECK(occurrences(page, ">cdn-outage: outage 15s\u201325s</text>") == 1);
  CHECK(occurrences(page, "<svg class=\"chart\"") == s.workloads.size() + 1);
  // Each chart over time shades the warmup and the fault window.
  CHECK(occurrences(page, "<title>cdn-outage</title>") == s.workloads.size() + 1);
  CHECK(occurrences(page, "<title>warmup</title>") == s.workloads.size() + 1);
  CHECK(occurrences(page, "class=\"pass name\"") + occurrences(page, "class=\"fail name\"") == s.slo.size());
  CHECK_THAT(page, Contains("Fault windows"));
  CHECK_THAT(page, Contains("util pred"));
}

TEST_CASE("run page without a time series leaves the charts out", "[html]") {
  LoadResult r = load_scenario_file(std::string(SVCSIM_SOURCE_DIR) + "/scenarios/mm1.yaml", {{"duration", "3s"}, {"warmup", "1s"}});
  REQUIRE(r.scenario);
  ReplicatedResults results;
  results.runs.push_back(simulate(*r.scenario));
  results.slo = evaluate_objectives(*r.scenario, results.runs);
  const std::string page = results_to_html(results, HtmlContext{"", nullptr, call_edges(*r.scenario), {}});
  CHECK(occurrences(page, "<svg class=\"chart\"") == 0);
  CHECK(occurrences(page, "<svg class=\"diagram\"") == 1);
  CHECK_THAT(page, Contains("req p99 &lt; 80ms"));
}

TEST_CASE("sweep page: a chart per objective with its limit, values escaped", "[html][sweep]") {
  const char* yaml = R"(
name: mm1 & co
duration: 3s
warmup: 1s
nodes:
  server: {service_time: {dist: exponential, mean: 1ms}}
workloads:
  - {name: req, call: server, rate: 500/s}
slo: ["req p99 < 20ms", "req error_rate < 1%"]
)";
  const auto grid = sweep_grid({{"workloads.req.rate", {"300/s", "600/s", "900/s"}}});
  std::vector<Scenario> scenarios;
  for (const auto& point : grid) {
    LoadResult r = load_scenario_text(yaml, "mm1.yaml", point);
    REQUIRE(r.scenario);
    scenarios.push_back(*r.scenario);
  }
  SweepReport report;
  report.scenario_name = scenarios[0].name;
  report.paths = {"workloads.req.rate"};
  report.points = run_sweep_points(scenarios, grid, SweepRunOptions{});
  const std::string page = sweep_to_html(report);
  CHECK_THAT(page, Contains("<title>svcsim sweep: mm1 &amp; co</title>"));
  CHECK(occurrences(page, "<g class=\"objective\">") == 2);
  CHECK_THAT(page, Contains("<title>limit &lt; 20ms</title>"));
  CHECK_THAT(page, Contains("<title>limit &lt; 1%</title>"));
  // Objectives, then latency, error rate and throughput of the workload, then the busiest node.
  CHECK(occurrences(page, "<svg class=\"chart\"") == 2 + 3 + 1);
  // Numeric x axis in the values' unit, one marker per point on each single-line chart.
  CHECK_THAT(page, Contains("workloads.req.rate (/s)"));
  CHECK(occurrences(page, "<circle") >= 3 * 6);
  CHECK(page == sweep_to_html(report));
}
