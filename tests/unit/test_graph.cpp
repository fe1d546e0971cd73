// `svcsim graph`: the DOT text of the reference scenario is well formed (every
// edge joins declared nodes, quotes and braces balance), shows kinds, instances,
// probabilities, optional calls and cache misses. That Graphviz accepts it is
// CTest `graph.dot` (tests/regression/check_graph_dot.sh), skipped without Graphviz.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "svcsim/analysis.hpp"
#include "svcsim/analysis_report.hpp"
#include "svcsim/loader.hpp"

using namespace svcsim;
using Catch::Matchers::Contains;

namespace {

std::string netflix_dot() {
  LoadResult r = load_scenario_file(std::string(SVCSIM_SOURCE_DIR) + "/scenarios/netflix.yaml");
  REQUIRE(r.scenario);
  return architecture_to_dot(*r.scenario, call_edges(*r.scenario));
}

}  // namespace

TEST_CASE("graph: DOT structure of the reference scenario", "[graph]") {
  const std::string dot = netflix_dot();
  REQUIRE(dot.rfind("digraph \"netflix-baseline\" {\n", 0) == 0);
  REQUIRE(dot.size() > 2);
  CHECK(dot.substr(dot.size() - 2) == "}\n");

  const std::regex node_line(R"re(^  "([a-z][a-z0-9_-]*)" \[shape=([a-z0-9]+)[^\]]*\];$)re");
  const std::regex edge_line(R"re(^  "([a-z][a-z0-9_-]*)" -> "([a-z][a-z0-9_-]*)" \[label="[^"]*"(, style=(dashed|dotted))?\];$)re");
  std::set<std::string> nodes;
  std::vector<std::pair<std::string, std::string>> edges;
  std::map<std::string, std::string> shapes;
  std::istringstream lines(dot);
  std::string line;
  std::getline(lines, line);  // digraph header
  while (std::getline(lines, line)) {
    if (line == "}") break;
    std::smatch m;
    if (std::regex_match(line, m, node_line)) {
      nodes.insert(m[1]);
      shapes[m[1]] = m[2];
    } else if (std::regex_match(line, m, edge_line)) {
      edges.emplace_back(m[1], m[2]);
    } else {
      INFO(line);
      CHECK((line == "  rankdir=LR;" || line.rfind("  node [", 0) == 0 || line.rfind("  edge [", 0) == 0));
    }
  }
  CHECK(nodes.size() == 11);  // 10 nodes and the client
  for (const auto& [from, to] : edges) {
    INFO(from << " -> " << to);
    CHECK(nodes.count(from) == 1);
    CHECK(nodes.count(to) == 1);
  }
  CHECK(shapes["gateway"] == "hexagon");
  CHECK(shapes["db"] == "cylinder");
  CHECK(shapes["lb"] == "invtrapezium");
  CHECK(shapes["cdn"] == "component");
  CHECK(shapes["storage"] == "folder");
  CHECK(shapes["auth"] == "box");
  // workloads enter from the client; probabilities, optional calls and cache misses are labelled
  CHECK_THAT(dot, Contains(R"("client" -> "lb" [label="browse\nbrowse: 1500/s"];)"));
  CHECK_THAT(dot, Contains(R"("auth" -> "profile" [label="get\n10%"];)"));
  CHECK_THAT(dot, Contains(R"("gateway" -> "recommendations" [label="suggest\nparallel, optional", style=dashed];)"));
  CHECK_THAT(dot, Contains(R"("cdn" -> "storage" [label="get\nmiss 5%", style=dotted];)"));
  CHECK_THAT(dot, Contains(R"(label="recommendations\nservice\n8 instances x concurrency 8")"));
  // gateway -> auth.validate is made by both endpoints: drawn once
  std::size_t count = 0;
  for (const auto& e : edges) count += e.first == "gateway" && e.second == "auth";
  CHECK(count == 1);
}
