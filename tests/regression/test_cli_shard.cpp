// Shards and merge through the binary (SPEC section 9): for K = 1, 2, 3, 5
// and 7, shards merged in a shuffled order print and write exactly what the
// unsharded `run --replications` and `sweep` do (terminal report, stderr,
// exit code, JSON, CSV, HTML, JUnit; only wall-clock figures masked); gaps
// filled with --runs; every kind of bad input exits 2 and writes nothing.
#include <algorithm>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "support/cli_runner.hpp"

using namespace svcsim::test;

namespace {

const std::string kSource = SVCSIM_SOURCE_DIR;
// Faults, retries, a time series and failing objectives (exit 1): most of Results.
const std::string kRunCommand = "run '" + kSource + "/scenarios/retry-storm.yaml' --duration 45s --replications 7";
const std::string kSweepCommand = "sweep '" + kSource +
                                  "/scenarios/mm1.yaml' --vary workloads.req.rate=500/s,800/s,950/s "
                                  "--replications 2 --duration 20s";

// Wall-clock figures only: run.wall_s, run.events_per_s, the terminal header's "(N events/s)",
// JUnit's time and timestamp attributes.
std::string masked(const std::string& text) {
  std::istringstream in(text);
  std::string out, line;
  const std::regex rate(R"( \([^()]* events/s\))");
  const std::regex junit_clock(R"( (time|timestamp)="[^"]*")");
  while (std::getline(in, line))
    if (!contains(line, "\"wall_s\"") && !contains(line, "\"events_per_s\""))
      out += std::regex_replace(std::regex_replace(line, rate, ""), junit_clock, "") + '\n';
  return out;
}

struct Produced {
  Outcome outcome;
  std::vector<std::string> files;  // the contents of each output, in `names` order
};

Produced produce(const TempDir& dir, const std::string& command, const std::string& prefix,
                 const std::vector<std::string>& extensions) {
  std::string args = command;
  for (const auto& ext : extensions) args += " --" + ext + " '" + dir.file(prefix + "." + ext) + "'";
  Produced p{run_svcsim(dir, args), {}};
  for (const auto& ext : extensions) p.files.push_back(masked(read_file(dir.file(prefix + "." + ext))));
  return p;
}

void check_same(const Produced& merged, const Produced& whole, const std::vector<std::string>& extensions) {
  CHECK(merged.outcome.code == whole.outcome.code);
  CHECK(masked(merged.outcome.out) == masked(whole.outcome.out));
  CHECK(merged.outcome.err == whole.outcome.err);
  for (std::size_t i = 0; i < extensions.size(); ++i) {
    INFO("--" << extensions[i]);
    CHECK(!merged.files[i].empty());
    CHECK(merged.files[i] == whole.files[i]);
  }
}

// Shards 0..K-1 of `command`, as paths in a shuffled order (fixed seed).
std::vector<std::string> make_shards(const TempDir& dir, const std::string& command, int k) {
  std::vector<std::string> paths;
  for (int i = 0; i < k; ++i) {
    const std::string path = dir.file("shard-" + std::to_string(k) + "-" + std::to_string(i) + ".json");
    const Outcome o = run_svcsim(dir, command + " --shard " + std::to_string(i) + "/" + std::to_string(k) + " --json '" + path + "'");
    INFO(o.err);
    REQUIRE(o.code == 0);
    CHECK(o.out.empty());
    paths.push_back(path);
  }
  std::shuffle(paths.begin(), paths.end(), std::mt19937(static_cast<unsigned>(k)));
  return paths;
}

std::string quoted(const std::vector<std::string>& paths) {
  std::string out;
  for (const auto& p : paths) out += " '" + p + "'";
  return out;
}

void check_merges_like_unsharded(const std::string& command, const std::vector<std::string>& extensions) {
  TempDir dir;
  const Produced whole = produce(dir, command, "whole", extensions);
  const Produced whole_json_only = produce(dir, command, "whole-plain", {"json"});
  for (const int k : {1, 2, 3, 5, 7}) {
    INFO("K = " << k);
    const std::vector<std::string> shards = make_shards(dir, command, k);
    check_same(produce(dir, "merge" + quoted(shards), "merged-" + std::to_string(k), extensions), whole, extensions);
    // Without --csv/--html the run has no time series, and neither has the merge.
    check_same(produce(dir, "merge" + quoted(shards), "merged-plain-" + std::to_string(k), {"json"}), whole_json_only,
               {"json"});
  }
}

}  // namespace

TEST_CASE("merged shards of run --replications are the unsharded run, for K = 1, 2, 3, 5, 7", "[cli][shard]") {
  check_merges_like_unsharded(kRunCommand, {"json", "csv", "html", "junit"});
}

TEST_CASE("merged shards of a sweep are the unsharded sweep, for K = 1, 2, 3, 5, 7", "[cli][shard]") {
  check_merges_like_unsharded(kSweepCommand, {"json", "csv", "html"});
}

TEST_CASE("warmup: auto merges like unsharded: every shard runs every pilot", "[cli][shard]") {
  check_merges_like_unsharded("run '" + kSource + "/scenarios/mm1.yaml' --set warmup=auto --replications 4 --duration 30s",
                              {"json", "csv", "junit"});
}

TEST_CASE("a run stopped by --max-in-flight merges into the same stopped report, exit 3", "[cli][shard]") {
  TempDir dir;
  const std::string command =
      "run '" + kSource + "/scenarios/mm1.yaml' --set workloads.req.rate=2000/s --max-in-flight 10000 --replications 3";
  const std::string out = " --json '" + dir.file("out.json") + "'";
  const Outcome whole = run_svcsim(dir, command + out);
  REQUIRE(whole.code == 3);
  const std::vector<std::string> shards = make_shards(dir, command, 2);
  const Outcome merged = run_svcsim(dir, "merge" + quoted(shards) + out);
  CHECK(merged.code == 3);
  CHECK(masked(merged.out) == masked(whole.out));
  CHECK(merged.err == whole.err);
  CHECK(contains(merged.err, "error: run stopped: replication 0"));
  // The stopped run's results file, marked, the same from the merge as from the whole run.
  CHECK(contains(read_file(dir.file("out.json")), "\"stopped\": \"in_flight_limit\""));
}

TEST_CASE("missing runs are listed, nothing is written, and --runs fills the gap", "[cli][shard]") {
  TempDir dir;
  const Produced whole = produce(dir, kSweepCommand, "whole", {"json"});
  const std::string s0 = dir.file("s0.json"), s2 = dir.file("s2.json");
  REQUIRE(run_svcsim(dir, kSweepCommand + " --shard 0/3 --json '" + s0 + "'").code == 0);
  REQUIRE(run_svcsim(dir, kSweepCommand + " --shard 2/3 --json '" + s2 + "'").code == 0);
  const Outcome gap = run_svcsim(dir, "merge '" + s0 + "' '" + s2 + "' --json '" + dir.file("m.json") + "'");
  CHECK(gap.code == 2);
  CHECK(contains(gap.err, "error: runs 1,4 of 6 are missing"));
  CHECK(contains(gap.err, "--runs 1,4 --json FILE"));
  CHECK(gap.out.empty());
  CHECK_FALSE(fs::exists(dir.file("m.json")));
  const std::string fill = dir.file("fill.json");
  const Outcome filled = run_svcsim(dir, kSweepCommand + " --runs 1,4 --json '" + fill + "'");
  CHECK(filled.code == 0);
  CHECK(contains(filled.err, "2 of 6 runs (runs 1,4: 1,4) written to"));
  const Produced merged = produce(dir, "merge '" + fill + "' '" + s2 + "' '" + s0 + "'", "merged", {"json"});
  check_same(merged, whole, {"json"});
}

TEST_CASE("bad shard input exits 2, names the file or argument, and writes nothing", "[cli][shard]") {
  TempDir dir;
  const std::string a0 = dir.file("a0.json"), a1 = dir.file("a1.json");
  REQUIRE(run_svcsim(dir, kSweepCommand + " --shard 0/2 --json '" + a0 + "'").code == 0);
  REQUIRE(run_svcsim(dir, kSweepCommand + " --shard 1/2 --json '" + a1 + "'").code == 0);
  const std::string out = dir.file("out.json");
  auto merge_fails = [&](const std::string& files, const std::string& message) {
    const Outcome o = run_svcsim(dir, "merge " + files + " --json '" + out + "' --csv '" + dir.file("out.csv") + "'");
    INFO(o.err);
    CHECK(o.code == 2);
    CHECK(contains(o.err, message));
    CHECK(o.out.empty());
    CHECK_FALSE(fs::exists(out));
    CHECK_FALSE(fs::exists(dir.file("out.csv")));
  };

  SECTION("a shard of another scenario") {
    const std::string other = dir.file("other.json");
    const std::string copy = dir.write("mm1.yaml", read_file(kSource + "/scenarios/mm1.yaml") + "# edited\n");
    std::string command = kSweepCommand;
    const auto from = command.find('\''), to = command.find("' ");
    command.replace(from, to + 1 - from, "'" + copy + "'");
    REQUIRE(run_svcsim(dir, command + " --shard 1/2 --json '" + other + "'").code == 0);
    merge_fails("'" + a0 + "' '" + other + "'", "error: '" + other + "' comes from a different scenario than '" + a0 + "'");
  }
  SECTION("a shard of another command") {
    const std::string other = dir.file("other.json");
    REQUIRE(run_svcsim(dir, "sweep '" + kSource +
                                "/scenarios/mm1.yaml' --vary workloads.req.rate=500/s,800/s,951/s --replications 2 "
                                "--duration 20s --shard 1/2 --json '" + other + "'")
                .code == 0);
    merge_fails("'" + a0 + "' '" + other + "'", "error: '" + other + "' comes from a different command than '" + a0 + "': --vary differs");
  }
  SECTION("a truncated shard") {
    const std::string text = read_file(a1);
    const std::string cut = dir.write("cut.json", text.substr(0, text.size() / 2));
    merge_fails("'" + a0 + "' '" + cut + "'", "error: '" + cut + "': not a shard file: it is not whole JSON (truncated?)");
  }
  SECTION("a results file, not a shard") {
    const std::string results = dir.file("results.json");
    REQUIRE(run_svcsim(dir, "run '" + kSource + "/scenarios/mm1.yaml' --quiet --json '" + results + "'").code == 0);
    merge_fails("'" + a0 + "' '" + results + "'", "error: '" + results + "': not a shard file (no 'svcsim_shard' field)");
  }
  SECTION("a file that does not exist") {
    merge_fails("'" + a0 + "' '" + dir.file("nope.json") + "'", "error: cannot read shard file '" + dir.file("nope.json") + "'");
  }
  SECTION("the same shard twice") {
    merge_fails("'" + a0 + "' '" + a1 + "' '" + a0 + "'", "error: run 0 is in both '" + a0 + "' and '" + a0 + "'");
  }
  SECTION("an index out of range in a shard file") {
    std::string text = read_file(a1);
    const auto at = text.find("\"index\":1,");
    REQUIRE(at != std::string::npos);
    text.replace(at, 10, "\"index\":61,");
    const std::string edited = dir.write("edited.json", text);
    merge_fails("'" + a0 + "' '" + edited + "'", "error: '" + edited + "': runs[0]: run index 61 is out of range: the command has 6 runs");
  }
  SECTION("a shard of a sweep asked for JUnit") {
    merge_fails("'" + a0 + "' '" + a1 + "' --junit '" + dir.file("j.xml") + "'",
                "error: --junit " + dir.file("j.xml") + ": these shards are of a sweep, which writes no JUnit XML");
  }
}

TEST_CASE("bad --shard and --runs arguments exit 2 before simulating", "[cli][shard]") {
  TempDir dir;
  const std::string json = " --json '" + dir.file("s.json") + "'";
  auto fails = [&](const std::string& args, const std::string& message) {
    const Outcome o = run_svcsim(dir, args);
    INFO(args << "\n" << o.err);
    CHECK(o.code == 2);
    CHECK(contains(o.err, message));
    CHECK_FALSE(fs::exists(dir.file("s.json")));
  };
  fails(kRunCommand + " --shard 3/2" + json, "error: --shard 3/2: the shard index I must be below K (0 to 1)");
  fails(kRunCommand + " --shard 0/0" + json, "error: --shard 0/0: the number of shards K must be at least 1");
  fails(kSweepCommand + " --shard 1of2" + json, "error: --shard 1of2: expected I/K");
  fails(kRunCommand + " --runs 7" + json, "error: --runs 7: run 7 is out of range: the command has 7 runs (0-6)");
  fails(kSweepCommand + " --runs 2-x" + json, "error: --runs 2-x: '2-x' is not a run index or a range LO-HI");
  fails(kRunCommand + " --shard 0/2", "error: --shard and --runs write a shard file: give it with --json SHARD.json");
  fails(kRunCommand + " --shard 0/2 --csv x.csv" + json, "error: --csv x.csv: a shard writes only its shard file");
  fails(kRunCommand + " --shard 0/2 --runs 1" + json, "error: --shard and --runs cannot be used together");
  fails("sweep '" + kSource + "/scenarios/mm1.yaml' --find nodes.server.concurrency=1..4 --shard 0/2" + json,
        "error: --find cannot be sharded");
  fails(kRunCommand + " --progress fancy" + json, "error: --progress fancy: expected auto, bar, plain or none");
  const Outcome none = run_svcsim(dir, "merge");
  CHECK(none.code == 2);
}

TEST_CASE("a shard's progress goes to an engine's log as plain lines", "[cli][shard]") {
  TempDir dir;
  const std::string mm1 = "run '" + kSource + "/scenarios/mm1.yaml' --replications 2 --shard 0/1 --json '" + dir.file("s.json") + "'";
  const Outcome plain = run_svcsim(dir, mm1 + " --progress plain");
  CHECK(plain.code == 0);
  CHECK(contains(plain.err, "svcsim: progress "));
  CHECK(contains(plain.err, "%, "));
  CHECK_FALSE(contains(plain.err, "\r"));
  const Outcome quiet = run_svcsim(dir, mm1 + " --progress plain --quiet");
  CHECK(quiet.code == 0);
  CHECK(quiet.err.empty());
  // Off a terminal, automatic progress prints nothing for a short run…
  const Outcome short_run = run_svcsim(dir, mm1);
  CHECK_FALSE(contains(short_run.err, "svcsim: progress"));
  // …and a line every 5 s for a long one (this one takes about 10 s here;
  // 18 h took 5.3 s once the engine got faster: its one line came at 94 %).
  const Outcome long_run = run_svcsim(dir, "run '" + kSource + "/scenarios/mm1.yaml' --duration 36h --window 10m "
                                           "--shard 0/1 --json '" + dir.file("long.json") + "'");
  CHECK(long_run.code == 0);
  CHECK(contains(long_run.err, "svcsim: progress "));
  CHECK(contains(long_run.err, "s elapsed, about "));
}
