// A terminal report that teaches (issue 13, item 13): lines below 120 columns
// by default, each table naming the columns it left out, --wide for them all;
// cache hit ratios, per-node wait means and breaker state changes where the
// scenario has them; the objectives' values and half-widths in columns of
// their own; no scientific notation in a table.
#include <catch2/catch.hpp>

#include <regex>
#include <sstream>
#include <string>

#include "support/cli_runner.hpp"

using namespace svcsim::test;

namespace {

std::string source(const std::string& relative) { return std::string("'") + SVCSIM_SOURCE_DIR + "/" + relative + "'"; }

std::size_t widest_line(const std::string& text) {
  std::size_t widest = 0;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::size_t width = 0;  // characters, not bytes (±)
    for (const char c : line) width += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    widest = std::max(widest, width);
  }
  return widest;
}

// The line of `table`'s header (the first line after the title line that starts with TITLE).
std::string header_of(const std::string& report, const std::string& title) {
  const auto at = report.find("\n" + title);
  REQUIRE(at != std::string::npos);
  const auto start = report.find('\n', at + 1) + 1;
  return report.substr(start, report.find('\n', start) - start);
}

}  // namespace

TEST_CASE("the report fits 120 columns, names what it left out, and --wide shows it", "[cli][report]") {
  TempDir dir;
  const Outcome narrow = run_svcsim(dir, "run " + source("scenarios/netflix-cdn-outage.yaml") + " --no-progress");
  REQUIRE(narrow.code == 0);
  CHECK(widest_line(narrow.out) < 120);
  // (netflix-cdn-outage has unlimited nodes and a refusing one: its busy and refused columns push kind out too)
  CHECK(contains(narrow.out, "\n  (--wide adds: kind, wait p99, queue mean, queue max)\n"));
  CHECK_FALSE(contains(header_of(narrow.out, "nodes ("), "queue max"));
  const Outcome wide = run_svcsim(dir, "run " + source("scenarios/netflix-cdn-outage.yaml") + " --no-progress --wide");
  REQUIRE(wide.code == 0);
  CHECK(widest_line(wide.out) >= 120);
  CHECK_FALSE(contains(wide.out, "--wide adds"));
  for (const std::string column : {"ok", "wait p99", "queue mean", "queue max", "kind", "pred"}) {
    INFO(column);
    CHECK(contains(header_of(wide.out, "nodes (") + header_of(wide.out, "workloads ("), "  " + column));
  }
}

TEST_CASE("the nodes table shows cache hit ratios and wait means", "[cli][report]") {
  TempDir dir;
  const Outcome o = run_svcsim(dir, "run " + source("scenarios/netflix-cdn-outage.yaml") + " --no-progress");
  const std::string header = header_of(o.out, "nodes (");
  CHECK(contains(header, "  hit %"));
  CHECK(contains(header, "  wait mean"));
  // (The narrow table leaves the kind column out here.)
  // The CDN's hit ratio (95 % configured, none during the outage's refusals) where the column is; "-" elsewhere.
  CHECK(std::regex_search(o.out, std::regex(R"(\n  cdn +20 .* 9[0-9]\.[0-9]+ )")));
  CHECK(std::regex_search(o.out, std::regex(R"(\n  gateway +2 .* - )")));
  // Without a cache, no hit column.
  const Outcome mm1 = run_svcsim(dir, "run " + source("scenarios/mm1.yaml") + " --no-progress");
  CHECK_FALSE(contains(header_of(mm1.out, "nodes ("), "hit %"));
}

TEST_CASE("breaker state changes are reported where a breaker changed", "[cli][report]") {
  TempDir dir;
  const Outcome o = run_svcsim(dir, "run " + source("docs/exercises/04-retry-storm-breaker.yaml") + " --no-progress");
  CHECK(contains(o.out, "\ncircuit breakers: state changes (caller -> callee; times from the start)\n"));
  CHECK(std::regex_search(o.out, std::regex(R"(\n  api -> backend +[0-9]+ +[1-9][0-9]* +[0-9.]+s +[0-9.]+s +(closed|open|half_open)\n)")));
  const Outcome none = run_svcsim(dir, "run " + source("scenarios/mm1.yaml") + " --no-progress");
  CHECK_FALSE(contains(none.out, "circuit breakers"));
}

TEST_CASE("no table shows a number in scientific notation", "[cli][report]") {
  TempDir dir;
  // netflix-cdn-outage's recommendations queue mean is about 4e-05.
  for (const std::string scenario : {"netflix-cdn-outage", "netflix", "retry-storm"}) {
    INFO(scenario);
    const Outcome o = run_svcsim(dir, "run " + source("scenarios/" + scenario + ".yaml") + " --no-progress --wide");
    CHECK_FALSE(std::regex_search(o.out, std::regex(R"([0-9]e[-+][0-9])")));
  }
  const Outcome o = run_svcsim(dir, "run " + source("scenarios/netflix-cdn-outage.yaml") + " --no-progress --wide");
  CHECK(std::regex_search(o.out, std::regex(R"(\n  recommendations .* <0\.0001 )")));
}

TEST_CASE("the objectives table lines up values and half-widths in columns of their own", "[cli][report]") {
  TempDir dir;
  const Outcome o = run_svcsim(dir, "run " + source("scenarios/netflix.yaml") +
                                        " --replications 3 -j 2 --duration 30s --no-progress");
  REQUIRE(o.code == 0);
  const auto at = o.out.find("\nobjectives (on the mean of 3 replications");
  REQUIRE(at != std::string::npos);
  std::istringstream lines(o.out.substr(o.out.find('\n', at + 1) + 1));
  std::string header;
  std::getline(lines, header);
  CHECK(std::regex_search(header, std::regex(R"(^  objective +observed +± 95 % +limit +result$)")));
  // Every row's observed value ends where the header's "observed" does, and so does its half-width.
  const auto observed_end = header.find("observed") + 8;
  int rows = 0;
  for (std::string line; std::getline(lines, line) && !line.empty();) {
    if (line.rfind("  --", 0) == 0) continue;
    INFO(line);
    CHECK(line.size() > observed_end);
    CHECK(line[observed_end - 1] != ' ');
    CHECK(line[observed_end] == ' ');
    CHECK_FALSE(contains(line, "\u00b1"));  // the half-width is in its own column
    ++rows;
  }
  CHECK(rows == 5);
}
