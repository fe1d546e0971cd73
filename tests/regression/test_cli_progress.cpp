// Progress that teaches (issue 13, item 12): the bar says the elapsed time,
// the time left and the simulated clock and fits a narrow terminal (run in a
// pseudo-terminal by util-linux `script`, 40 columns); a sweep counts the
// events of its points; run and sweep stop at the same --max-in-flight by
// default; a sweep whose point fails its objectives exits 1, as a run does.
#include <catch2/catch.hpp>

#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "support/cli_runner.hpp"

using namespace svcsim::test;

namespace {

const std::string kMm1 = std::string("'") + SVCSIM_SOURCE_DIR + "/scenarios/mm1.yaml'";

// What svcsim wrote to a terminal COLUMNS wide (stdout thrown away), as the
// frames of the bar: the text between carriage returns, escapes removed.
std::vector<std::string> bar_frames(const TempDir& dir, const std::string& args, int columns) {
  const std::string inner = "stty cols " + std::to_string(columns) + "; '" + SVCSIM_BINARY + "' " + args + " >/dev/null";
  const std::string command = "script -qec \"" + inner + "\" /dev/null >'" + dir.file("tty.txt") + "' 2>&1";
  REQUIRE(std::system(command.c_str()) == 0);
  const std::string text = std::regex_replace(read_file(dir.file("tty.txt")), std::regex("\033\\[K"), "");
  std::vector<std::string> frames;
  std::istringstream in(text);
  for (std::string frame; std::getline(in, frame, '\r');)
    if (frame.find_first_not_of(" \n") != std::string::npos) frames.push_back(frame);
  return frames;
}

}  // namespace

TEST_CASE("the progress bar fits a 40-column terminal and tells the clocks", "[cli][progress]") {
  TempDir dir;
  // 4 hours of M/M/1 (26 M events, about a second): frames 100 ms apart, so
  // several, with room should the engine get faster again.
  const auto frames = bar_frames(dir, "run " + kMm1 + " --duration 4h --progress bar", 40);
  REQUIRE(frames.size() >= 3);
  bool simulated = false, left = false;
  for (const std::string& f : frames) {
    INFO(f);
    CHECK(f.size() <= 39);  // the last column is never written: no wrap, no debris
    simulated = simulated || contains(f, "sim ") && contains(f, " of 4h");
    left = left || contains(f, "ETA ");
  }
  CHECK(simulated);
  CHECK(left);
  // A wide terminal also gets the bar itself, the events and the time elapsed.
  const auto wide = bar_frames(dir, "run " + kMm1 + " --duration 4h --progress bar", 120);
  REQUIRE_FALSE(wide.empty());
  CHECK(std::regex_search(wide.back(), std::regex(R"(^\[[#.]{30}\] +[0-9]+%  sim \S+ of 4h  \S+ events  \S+ elapsed)")));
}

TEST_CASE("a sweep's progress counts the events of its points", "[cli][progress][sweep]") {
  TempDir dir;
  const auto frames =
      bar_frames(dir, "sweep " + kMm1 + " --vary workloads.req.rate=500/s,600/s --duration 2h --progress bar", 120);
  REQUIRE_FALSE(frames.empty());
  const std::regex events(R"(  ([0-9.]+)([kMG]?) events)");
  std::smatch m;
  REQUIRE(std::regex_search(frames.back(), m, events));
  // Two points of 2 hours at ~1,100 events/s each, 16 M events in all: the
  // last frame (they are 100 ms apart) counts millions, not 0. (At 20 minutes
  // the whole sweep took about one frame's time, and its only frame came at
  // the first count, 65,536 events: "65.5k".)
  CHECK(m[2].str() == "M");
  CHECK(contains(frames.back(), " of 4h"));  // the simulated clock of both points together
}

TEST_CASE("plain progress lines tell the simulated clock and the time left", "[cli][progress]") {
  TempDir dir;
  const Outcome o = run_svcsim(dir, "run " + kMm1 + " --progress plain --quiet");
  CHECK(o.err.empty());  // --quiet: none
  const Outcome plain = run_svcsim(dir, "run " + kMm1 + " --progress plain --json '" + dir.file("r.json") + "'");
  CHECK(plain.code == 0);
  CHECK(std::regex_search(plain.err, std::regex(R"(svcsim: progress [0-9]+%(, \S+ events)?, simulated \S+ of 2m, \S+ elapsed)")));
}

TEST_CASE("run and sweep stop at the same --max-in-flight by default", "[cli][progress]") {
  TempDir dir;
  const Outcome run = run_svcsim(dir, "run --help");
  const Outcome sweep = run_svcsim(dir, "sweep --help");
  CHECK(contains(run.out, "--max-in-flight N=1000000 "));
  CHECK(contains(sweep.out, "--max-in-flight N=1000000 "));
}

TEST_CASE("a sweep whose point fails its objectives exits 1, as run does", "[cli][sweep]") {
  TempDir dir;
  // mm1's objective is req p99 < 80ms: met at 500/s, missed at 990/s (p99 about 460ms).
  const Outcome both = run_svcsim(dir, "sweep " + kMm1 + " --vary workloads.req.rate=500/s,990/s --no-progress");
  CHECK(both.code == 1);
  CHECK(contains(both.err, "svcsim: point workloads.req.rate=990/s: objective failed: req p99 < 80ms"));
  CHECK_FALSE(contains(both.err, "rate=500/s"));
  const Outcome met = run_svcsim(dir, "sweep " + kMm1 + " --vary workloads.req.rate=500/s,600/s --no-progress");
  CHECK(met.code == 0);
  CHECK(met.err.empty());
  // An overloaded point stopped by the in-flight limit failed too.
  const Outcome stopped = run_svcsim(dir, "sweep " + kMm1 + " --vary workloads.req.rate=500/s,3000/s --max-in-flight 1000 "
                                          "--no-progress");
  CHECK(stopped.code == 1);
  CHECK(contains(stopped.err, "svcsim: point workloads.req.rate=3000/s: objectives not met: run stopped: "));
}
