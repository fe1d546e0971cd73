// Faults through the binary: the seed's scenarios answer their questions, the
// time series is written, and the fault window is reported.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "support/cli_runner.hpp"

using namespace svcsim::test;

namespace {
std::string scenario_path(const std::string& name) {
  return std::string(SVCSIM_SOURCE_DIR) + "/scenarios/" + name + ".yaml";
}
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}
}  // namespace

TEST_CASE("run --csv writes one row per window with every workload and node column", "[cli]") {
  TempDir dir;
  const std::string csv = dir.file("series.csv");
  const Outcome o = run_svcsim(dir, "run '" + scenario_path("netflix-cdn-outage") + "' --quiet --window 10s --csv '" +
                                        csv + "'");
  REQUIRE(o.code == 0);
  const auto lines = lines_of(read_file(csv));
  // 180 s in 10 s windows, plus the header
  REQUIRE(lines.size() == 19);
  CHECK(lines[0].rfind("start_s,browse.throughput_per_s,", 0) == 0);
  CHECK(contains(lines[0], ",cdn.instances_up,"));
  // During the outage (60 s to 120 s) the CDN has no instance up; before and after all 20 are.
  auto column = [&](const std::string& name) {
    std::istringstream header(lines[0]);
    int index = 0;
    for (std::string field; std::getline(header, field, ','); ++index)
      if (field == name) return index;
    return -1;
  };
  auto field = [&](const std::string& line, int index) {
    std::istringstream in(line);
    std::string value;
    for (int i = 0; i <= index; ++i) std::getline(in, value, ',');
    return value;
  };
  const int up = column("cdn.instances_up");
  REQUIRE(up > 0);
  CHECK(field(lines[6], up) == "20");   // window 50-60 s
  CHECK(field(lines[7], up) == "0");    // window 60-70 s
  CHECK(field(lines[12], up) == "0");   // window 110-120 s
  CHECK(field(lines[13], up) == "20");  // window 120-130 s
}

TEST_CASE("a bad --window or a --csv folder that does not exist exits 2 before running", "[cli]") {
  TempDir dir;
  const std::string mm1 = scenario_path("mm1");
  CHECK(run_svcsim(dir, "run '" + mm1 + "' --csv '" + dir.file("x.csv") + "' --window 0s").code == 2);
  const Outcome o = run_svcsim(dir, "run '" + mm1 + "' --csv '" + dir.file("nope/x.csv") + "'");
  CHECK(o.code == 2);
  CHECK(contains(o.err, "does not exist"));
}

TEST_CASE("the CDN outage degrades play through the fallback and leaves browse alone", "[cli]") {
  TempDir dir;
  const Outcome o = run_svcsim(dir, "run '" + scenario_path("netflix-cdn-outage") + "' --no-progress");
  REQUIRE(o.code == 0);
  CHECK(contains(o.out, "cdn-outage from 60s to 120s"));
  // Without the fallback the same outage fails play requests: the objectives fail.
  const Outcome without = run_svcsim(dir, "run '" + scenario_path("netflix-cdn-outage") +
                                              "' --quiet --set 'nodes.streaming.endpoints.start.steps=[{work: 3ms}, "
                                              "{call: db}, {call: cdn}]'");
  CHECK(without.code == 1);
  CHECK(contains(without.err, "objective failed: play availability >= 99.9%"));
}

TEST_CASE("a retry storm lasts without a retry budget and ends with one", "[cli]") {
  TempDir dir;
  std::string text = read_file(scenario_path("retry-storm"));
  const Outcome with_budget = run_svcsim(dir, "run '" + scenario_path("retry-storm") + "' --no-progress");
  CHECK(with_budget.code == 0);
  // The same file without its retry_budget line.
  std::string without;
  for (const std::string& line : lines_of(text))
    if (!contains(line, "retry_budget")) without += line + "\n";
  const std::string path = dir.write("storm.yaml", without);
  const Outcome storm = run_svcsim(dir, "run '" + path + "' --no-progress");
  CHECK(storm.code == 1);
  // After the slowdown, every request still fails without the budget, while
  // with it the system has recovered for most of the remaining 50 s.
  const auto after_error = [](const std::string& out) {
    for (const std::string& line : lines_of(out))
      if (line.rfind("    get ", 0) == 0) return std::stod(lines_of(line).back().substr(line.find_last_of(' ') + 1));
    return -1.0;
  };
  CHECK(after_error(storm.out) == 100.0);
  CHECK(after_error(with_budget.out) < 20.0);
}

TEST_CASE("with recommendations down, browse degrades and nothing fails", "[cli]") {
  TempDir dir;
  const Outcome o = run_svcsim(dir, "run '" + scenario_path("netflix-recommendations-down") + "' --quiet");
  CHECK(o.code == 0);
}
