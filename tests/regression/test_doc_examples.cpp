// The documents show what the binary does now: every scenario written out in
// docs/scenario-reference.md loads (or, for the bad-*.yaml examples, fails
// with exactly the errors shown), and every command shown with its output in
// a ``` block of the checked documents (scenario-reference, faults, analyze,
// sweep, ci, results, cli, overload, scale-out,
// traces) prints that output today.
//
// A shown command is a line `$ svcsim …` (or `$ build/svcsim …`, or a shell
// line that calls svcsim); the lines after it, up to the next `$ ` or the end
// of the block, are its output. They must match the real output line for
// line (trailing spaces aside); a line `…` stands for any number of skipped
// lines, and a header's wall-clock `(N events/s)` is shown as `(…)`. The
// plain progress lines a run longer than 5 s prints on a non-terminal
// (`svcsim: progress …`) depend on the wall clock too: they are left out.
// `$ echo $?` prints the previous command's exit code. A line `$ parallel …`
// (GNU parallel running svcsim, scale-out.md) runs too: scale-out.md's test
// case runs as CTest `docs.scale-out`, skipped where GNU parallel is not
// installed.
//
// Commands run in a temporary folder that holds every named yaml block of
// scenario-reference.md (`# NAME.yaml` on its first line, or its `name:`),
// `mm1.yaml` (the doc says it is scenarios/mm1.yaml), the trace file the
// workloads example reads, an empty results/, and links to the repository's
// scenarios/, docs/, tests/ and the binary (as build/svcsim and on PATH as
// svcsim).
#include <catch2/catch.hpp>

#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "support/cli_runner.hpp"

using namespace svcsim::test;

namespace {

fs::path source(const std::string& relative) { return fs::path(SVCSIM_SOURCE_DIR) / relative; }

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

struct Block {
  int line = 0;  // of the opening ```
  std::string info;
  std::vector<std::string> lines;
};

std::vector<Block> read_blocks(const fs::path& doc) {
  std::vector<Block> blocks;
  const auto lines = split_lines(read_file(doc));
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind("```", 0) != 0) continue;
    Block b{static_cast<int>(i + 1), lines[i].substr(3), {}};
    for (++i; i < lines.size() && lines[i].rfind("```", 0) != 0; ++i) b.lines.push_back(lines[i]);
    blocks.push_back(b);
  }
  return blocks;
}

// The file name of a yaml block: `# NAME.yaml` on its first line, else `NAME.yaml` from its top-level `name:`.
std::string yaml_name(const Block& b) {
  static const std::regex comment(R"(^#\s*([A-Za-z0-9_.-]+\.yaml)\b.*)");
  static const std::regex name(R"(^name:\s*([A-Za-z0-9_-]+)\s*(#.*)?$)");
  std::smatch m;
  if (!b.lines.empty() && std::regex_match(b.lines[0], m, comment)) return m[1];
  for (const auto& l : b.lines)
    if (std::regex_match(l, m, name)) return std::string(m[1]) + ".yaml";
  return "";
}

struct Example {
  std::string file;
  int line = 0;
};

// The folder the commands run in (see the top of the file).
struct Workspace {
  TempDir dir;
  std::vector<Example> examples;

  Workspace() {
    for (const Block& b : read_blocks(source("docs/scenario-reference.md"))) {
      if (b.info != "yaml") continue;
      const std::string name = yaml_name(b);
      if (name.empty()) continue;
      std::string text;
      for (const auto& l : b.lines) text += l + "\n";
      dir.write(name, text);
      examples.push_back({name, b.line});
    }
    fs::copy_file(source("scenarios/mm1.yaml"), dir.path / "mm1.yaml");
    fs::create_directories(dir.path / "traces");
    dir.write("traces/ingest.csv", "0.25\n0.5\n1.75\n");
    fs::create_directory_symlink(source("scenarios"), dir.path / "scenarios");
    fs::create_directory_symlink(source("docs"), dir.path / "docs");
    fs::create_directory_symlink(source("tests"), dir.path / "tests");  // ci.md compares with the committed baselines
    fs::create_directories(dir.path / "results");                      // ci.md's `mkdir -p results`
    fs::create_directories(dir.path / "build");
    fs::create_symlink(SVCSIM_BINARY, dir.path / "build" / "svcsim");
    fs::create_directories(dir.path / "bin");
    fs::create_symlink(SVCSIM_BINARY, dir.path / "bin" / "svcsim");
  }

  // Runs one shell line in the folder; stdout and stderr together, as a terminal shows them.
  Outcome shell(const std::string& line) const {
    const std::string out = dir.file("shell-output.txt");
    const std::string script = dir.write("shell-line.sh", line + "\n");
    const std::string command = "cd '" + dir.path.string() + "' && PATH='" + (dir.path / "bin").string() +
                                ":'\"$PATH\" sh '" + script + "' >'" + out + "' 2>&1";
    const int status = std::system(command.c_str());
    Outcome o;
    REQUIRE(status != -1);
    REQUIRE(WIFEXITED(status));
    o.code = WEXITSTATUS(status);
    o.out = read_file(out);
    return o;
  }
};

// Shown output against real output: line for line, `…` skips any number of lines.
bool matches(const std::vector<std::string>& shown, const std::vector<std::string>& actual, std::string& why) {
  std::size_t a = 0;
  bool skipping = false;
  for (const auto& s : shown) {
    if (s == "…" || s == "...") {
      skipping = true;
      continue;
    }
    std::size_t found = a;
    if (skipping) {
      while (found < actual.size() && actual[found] != s) ++found;
    }
    if (found >= actual.size() || actual[found] != s) {
      why = "shown line not printed" + std::string(skipping ? "" : " at that place") + ":\n  " + s;
      return false;
    }
    a = found + 1;
    skipping = false;
  }
  if (!skipping && a != actual.size()) {
    why = "printed more than shown (add a line '…' for an excerpt); next line:\n  " + actual[a];
    return false;
  }
  return true;
}

// Checks every command shown with its output in DOC; returns how many ran.
int check_commands(const Workspace& ws, const std::string& doc) {
  static const std::regex wall_clock(R"( \([0-9.]+[kMG]? events/s\))");
  static const std::regex calls_svcsim(R"((^|[|&;]\s*)(build/)?svcsim |^parallel .* svcsim )");
  int ran = 0;
  for (const Block& b : read_blocks(source(doc))) {
    int last_code = 0;
    for (std::size_t i = 0; i < b.lines.size();) {
      if (b.lines[i].rfind("$ ", 0) != 0) {
        ++i;
        continue;
      }
      const int line = b.line + 1 + static_cast<int>(i);
      std::string command = b.lines[i].substr(2);
      // A continued line keeps its backslash: the shell joins the lines.
      for (++i; !command.empty() && command.back() == '\\' && i < b.lines.size(); ++i) command += "\n" + b.lines[i];
      std::vector<std::string> shown;
      for (; i < b.lines.size() && b.lines[i].rfind("$ ", 0) != 0; ++i) shown.push_back(b.lines[i]);
      std::vector<std::string> actual;
      if (command == "echo $?") {
        actual.push_back(std::to_string(last_code));
      } else if (std::regex_search(command, calls_svcsim)) {
        const Outcome o = ws.shell(command);
        last_code = o.code;
        for (const std::string& l : split_lines(std::regex_replace(o.out, wall_clock, " (…)")))
          if (l.rfind("svcsim: progress ", 0) != 0) actual.push_back(l);
      } else {
        continue;  // not a command of ours (mkdir, awk over a file…): nothing to compare
      }
      ++ran;
      std::string why;
      INFO(doc << ":" << line << ": $ " << command);
      const bool ok = matches(shown, actual, why);
      INFO(why);
      CHECK(ok);
    }
  }
  return ran;
}

}  // namespace

TEST_CASE("every scenario in scenario-reference.md loads, and every bad one fails as shown", "[docs]") {
  Workspace ws;
  REQUIRE(ws.examples.size() >= 20);
  std::string shown_commands;
  for (const Block& b : read_blocks(source("docs/scenario-reference.md")))
    for (const auto& l : b.lines) shown_commands += l + "\n";
  for (const Example& e : ws.examples) {
    INFO("docs/scenario-reference.md:" << e.line << ": " << e.file);
    const Outcome o = ws.shell("svcsim check " + e.file);
    if (e.file.rfind("bad-", 0) == 0) {
      // Its errors are compared with the shown ones by the next test case; here: it fails, as a bad scenario.
      CHECK(o.code == 2);
      CHECK(contains(shown_commands, "$ svcsim check " + e.file + "\n"));
    } else {
      INFO(o.out);
      CHECK(o.code == 0);
      CHECK(o.out.rfind(e.file + ": ok (", 0) == 0);
    }
  }
}

TEST_CASE("the commands shown in the docs print what is shown", "[docs]") {
  Workspace ws;
  SECTION("scenario-reference.md") { CHECK(check_commands(ws, "docs/scenario-reference.md") >= 15); }
  SECTION("analyze.md") { CHECK(check_commands(ws, "docs/analyze.md") >= 1); }
  SECTION("sweep.md") { CHECK(check_commands(ws, "docs/sweep.md") >= 2); }
  SECTION("ci.md") { CHECK(check_commands(ws, "docs/ci.md") >= 10); }
  SECTION("results.md") { CHECK(check_commands(ws, "docs/results.md") >= 2); }
  SECTION("cli.md") { CHECK(check_commands(ws, "docs/cli.md") >= 3); }
  SECTION("traces.md") { CHECK(check_commands(ws, "docs/traces.md") >= 3); }
}

// scale-out.md's commands share one folder: the merge reads the shards the
// commands before it wrote.
// Hidden from discovery ([.]): CTest `docs.scale-out` runs it where GNU
// parallel is installed and reports it skipped where it is not.
TEST_CASE("the commands shown in scale-out.md print what is shown", "[.][docs]") {
  Workspace ws;
  CHECK(check_commands(ws, "docs/scale-out.md") >= 9);
}

// overload.md runs its three scenarios (about 15 s of CPU in all).
TEST_CASE("the commands shown in overload.md print what is shown", "[docs]") {
  Workspace ws;
  CHECK(check_commands(ws, "docs/overload.md") >= 5);
}

// The worked examples of faults.md run the Netflix scenarios for 3 minutes of
// simulated time each (about 30 s of CPU in all), so they are a test of their own.
TEST_CASE("the commands shown in faults.md print what is shown", "[docs]") {
  Workspace ws;
  CHECK(check_commands(ws, "docs/faults.md") >= 10);
}
