// Hostile input: oversized, non-UTF-8, deeply nested, alias bombs, unreadable
// files and random damage. Each must give an error quickly, never a crash.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "loader_test_util.hpp"
#include "support/random_edits.hpp"
#include "svcsim/loader.hpp"

using namespace svcsim;
using svcsim::test::all_errors;
using svcsim::test::has_error;
using svcsim::test::kMinimal;
using svcsim::test::load;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("text that is not UTF-8 is reported at the first bad byte", "[loader][guards]") {
  const auto r = load("name: t\nduration: 10s\ndescription: caf\xe9 au lait\n");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].format() == "s.yaml:3:17: error: text is not valid UTF-8 (byte 0xe9); save the file as UTF-8");
  // Overlong encodings and surrogates are not UTF-8 either.
  CHECK(load("name: \xc0\xaf\n").errors.at(0).column == 7);
  CHECK(load("name: \xed\xa0\x80\n").errors.at(0).column == 7);
  // Valid multi-byte text is fine.
  CHECK(load(std::string(kMinimal) + "description: café ☕ 🚀\n").scenario);
}

TEST_CASE("control characters are refused", "[loader][guards]") {
  const auto r = load(std::string("name: a\0b\n", 10));
  CHECK(has_error(r, "s.yaml:1:8: error: control character 0x00 is not allowed in a scenario"));
}

TEST_CASE("a text above the size limit is refused before parsing", "[loader][guards]") {
  const std::string big(16u * 1024u * 1024u + 1u, '#');
  const auto start = std::chrono::steady_clock::now();
  const auto r = load(big);
  CHECK(seconds_since(start) < 2.0);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].format() == "s.yaml: error: file too large (16777217 bytes; the limit is 16 MiB)");
}

TEST_CASE("deep nesting gives an error, not a stack overflow", "[loader][guards]") {
  const auto start = std::chrono::steady_clock::now();
  SECTION("200000 nested flow sequences") {
    const auto r = load(std::string(200000, '['));
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].message == "document too large or too deeply nested (more than 64 levels)");
  }
  SECTION("nesting below yaml-cpp's limit but above ours") {
    const auto r = load("a: " + std::string(100, '[') + std::string(100, ']') + "\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].message == "document too large or too deeply nested (more than 64 levels)");
    CHECK(r.errors[0].line == 1);
  }
  SECTION("deep block nesting") {
    std::string text;
    for (int i = 0; i < 3000; ++i) text += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
    const auto r = load(text);
    REQUIRE_FALSE(r.errors.empty());
    CHECK_FALSE(r.scenario);
  }
  CHECK(seconds_since(start) < 2.0);
}

TEST_CASE("a billion-laughs alias bomb is stopped by the node budget", "[loader][guards]") {
  std::string text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    const char prev = static_cast<char>(c - 1);
    text += std::string(1, c) + ": &" + c + " [";
    for (int k = 0; k < 9; ++k) text += std::string(k ? ", " : "") + "*" + prev;
    text += "]\n";
  }
  const auto start = std::chrono::steady_clock::now();
  const auto r = load(text);
  CHECK(seconds_since(start) < 3.0);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message == "document too large or too deeply nested (an alias under 'g' makes the document "
                               "more than 4000000 nodes; is it an alias bomb?)");
}

TEST_CASE("an alias bomb's error names the key it sits under", "[loader][guards]") {
  // a..f expand to 9^6 = 531441 nodes: under the budget; nine copies of f are not.
  std::string defs = "x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (char c = 'b'; c <= 'f'; ++c) {
    const char prev = static_cast<char>(c - 1);
    defs += std::string("x-") + c + ": &" + c + " [";
    for (int k = 0; k < 9; ++k) defs += std::string(k ? ", " : "") + "*" + prev;
    defs += "]\n";
  }
  const std::string bomb = "[*f, *f, *f, *f, *f, *f, *f, *f, *f]";
  for (const char* key : {"name", "description"}) {
    const auto r = load(defs + key + ": " + bomb + "\n");
    INFO(all_errors(r));
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].message.find(std::string("an alias under '") + key + "' makes the document more than") !=
          std::string::npos);
    CHECK(r.errors[0].line == 7);
  }
}

TEST_CASE("a self-referencing alias does not loop", "[loader][guards]") {
  const auto r = load("a: &x [*x]\n");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].format() == "s.yaml:1:8: error: an alias cannot refer to the node that contains it");
}

TEST_CASE("choose nested past the step depth limit", "[loader][guards]") {
  // 17 levels of choose in flow style stays under the document depth limit.
  std::string steps = "[{work: 1ms}]";
  for (int i = 0; i < 17; ++i) steps = "[{choose: [{steps: " + steps + "}]}]";
  const auto r = load("name: t\nduration: 10s\nnodes:\n  a: {endpoints: {x: {steps: " + steps +
                      "}}}\nworkloads: [{name: w, call: a, rate: 1/s}]\n");
  INFO(all_errors(r));
  CHECK_FALSE(r.scenario);
  CHECK(all_errors(r).find("too deeply") != std::string::npos);
}

namespace {

// A generated architecture: n nodes in a call chain n0.h -> n1.h -> …, in
// block style as a generator would write it; `ring` closes the chain.
std::string call_chain(int n, bool ring) {
  std::string text = "name: chain\nduration: 10s\nnodes:\n";
  for (int i = 0; i < n; ++i) {
    text += "  n" + std::to_string(i) + ":\n    endpoints:\n      h:\n        steps:\n          - work: 1ms\n";
    if (i + 1 < n || ring) text += "          - call: n" + std::to_string((i + 1) % n) + ".h\n";
  }
  text += "workloads:\n  - {name: w, call: n0.h, rate: 1/s}\n";
  return text;
}

}  // namespace

// Real architectures are large (Alibaba's traces show ~20,000 services): a
// generated one of 100,000 nodes loads, and its cycle is found without deep
// recursion. The time limit is generous (sanitizer builds are several times
// slower); docs/architecture.md has the figure measured with `svcsim check`.
TEST_CASE("a chain of 100,000 nodes loads in seconds", "[loader][guards]") {
  const std::string text = call_chain(100000, false);
  const auto start = std::chrono::steady_clock::now();
  const auto r = load(text);
  CHECK(seconds_since(start) < 60.0);
  INFO(all_errors(r));
  REQUIRE(r.scenario);
  CHECK(r.scenario->nodes.size() == 100000);
}

TEST_CASE("a ring of 100,000 nodes reports its cycle, shortened in the middle", "[loader][guards]") {
  const auto start = std::chrono::steady_clock::now();
  const auto r = load(call_chain(100000, true));
  CHECK(seconds_since(start) < 60.0);
  REQUIRE(r.errors.size() == 1);
  const std::string& m = r.errors[0].message;
  INFO(m);
  CHECK(m.find("makes a call cycle: n0.h -> n1.h -> ") != std::string::npos);
  CHECK(m.find(" more) -> ") != std::string::npos);  // the middle is elided
  CHECK(m.size() < 1000);
  const std::string end = "n99998.h -> n99999.h -> n0.h";
  CHECK(m.compare(m.size() - end.size(), end.size(), end) == 0);
}

TEST_CASE("a missing or unreadable file", "[loader][guards]") {
  const auto r = load_scenario_file("/nonexistent/dir/s.yaml");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].format() == "/nonexistent/dir/s.yaml: error: cannot read file: No such file or directory");
  const auto dir = load_scenario_file("/");
  REQUIRE(dir.errors.size() == 1);
  CHECK(dir.errors[0].message.rfind("cannot read file: ", 0) == 0);
}

TEST_CASE("a file on disk loads with its path as FILE", "[loader]") {
  const auto path = std::filesystem::temp_directory_path() / "svcsim_test_loader_file.yaml";
  {
    std::ofstream out(path);
    out << kMinimal << "bogus: 1\n";
  }
  const auto r = load_scenario_file(path.string());
  std::filesystem::remove(path);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].format() == path.string() + ":7:1: error: unknown field 'bogus'");
}

TEST_CASE("random damage to a valid scenario never throws or crashes", "[loader][guards]") {
  const std::string base = std::string(kMinimal) +
                           "network: {latency: {dist: mixture, of: [{weight: 1, dist: exponential, mean: 1ms}]}}\n"
                           "slo: [\"w p99 < 1s\"]\n";
  std::mt19937 rng(12345);  // fixed seed: the same inputs every run
  for (int i = 0; i < 3000; ++i) {
    const std::string text = svcsim::test::randomly_edited(base, rng);
    LoadResult r;
    REQUIRE_NOTHROW(r = load(text));
    CHECK(r.scenario.has_value() == r.errors.empty());
    for (const auto& d : r.errors) {
      CHECK_FALSE(d.message.empty());
      CHECK(d.line >= 0);
    }
  }
}

TEST_CASE("a document with too much structure is refused before yaml-cpp builds it", "[loader][guards]") {
  // yaml-cpp would need seconds and gigabytes for millions of tiny nodes.
  std::string text = "a: [";
  for (int i = 0; i < 4100000; ++i) text += "x,";
  text += "x]\n";
  const auto start = std::chrono::steady_clock::now();
  const auto r = load(text);
  CHECK(seconds_since(start) < 1.0);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message ==
        "document too large or too deeply nested (more than 4000000 lines, items or keys)");
  CHECK(r.errors[0].line == 1);
}

TEST_CASE("inputs on which yaml-cpp's LoadAll never ends", "[loader][guards]") {
  // A lone ',' makes yaml-cpp 0.7 report endless empty documents.
  for (const char* text : {",", "- a\n,\n", "name: t\n---\n,"}) {
    const auto r = load(text);
    INFO(text);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].message.find("a second one starts here") != std::string::npos);
  }
}

TEST_CASE("several YAML documents in one file", "[loader][guards]") {
  const auto r = load(std::string(kMinimal) + "---\nname: again\n");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].format() ==
        "s.yaml:7:1: error: a scenario is a single YAML document, but a second one starts here");
}

TEST_CASE("long or multi-line text is clipped in messages", "[loader][guards]") {
  std::string key(1, '"');  // built in steps: GCC 12 misreports `"…" + std::string` here (-Wrestrict)
  key += std::string(500, 'k') + "\\nline two\"";
  const auto r = load(std::string(kMinimal) + key + ": 1\n");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message.size() < 200);
  CHECK(r.errors[0].message.find('\n') == std::string::npos);
  INFO(r.errors[0].message);
  CHECK(r.errors[0].message.rfind("unknown field 'kkk", 0) == 0);
}

// A scenario's name and description are printed as they are (the terminal
// report, `check`): an escape sequence in them would act on the terminal.
TEST_CASE("control characters in the name or description are refused", "[loader][guards]") {
  const std::string rest = "duration: 10s\nnodes:\n  api: {service_time: 1ms}\nworkloads:\n  - {name: w, call: api, rate: 1/s}\n";
  auto r = load("name: \"\\e]0;owned\\a\\e[31mred\"\n" + rest);
  CHECK(all_errors(r) == "s.yaml:1:7: error: 'name' holds the control character \\x1b at byte 1, which a terminal "
                         "would act on; remove it\n");
  r = load("name: t\ndescription: \"ring \\a\"\n" + rest);
  CHECK(all_errors(r) == "s.yaml:2:14: error: 'description' holds the control character \\x07 at byte 6, which a "
                         "terminal would act on; remove it (line breaks and tabs are fine)\n");
  r = load("name: \"csi \\u009b31m\"\n" + rest);  // C1 CSI, UTF-8 C2 9B
  CHECK(all_errors(r).find("the control character \\u009b at byte 5") != std::string::npos);
  r = load("name: \"del \\x7f\"\n" + rest);
  CHECK(all_errors(r).find("the control character \\x7f") != std::string::npos);
  // Line breaks and tabs in a description are text, not commands.
  r = load("name: t\ndescription: |\n  two\n  \tlines\n" + rest);
  INFO(all_errors(r));
  REQUIRE(r.scenario);
  CHECK(r.scenario->description == "two\n\tlines\n");
}

TEST_CASE("control characters quoted in any message are escaped", "[loader][guards]") {
  const auto r = load(std::string(kMinimal) + "\"\\e[2J\\e]0;x\\a\": 1\n");
  CHECK(all_errors(r) == "s.yaml:7:1: error: unknown field '\\x1b[2J\\x1b]0;x\\x07'\n");
  // Found by fuzz_scenario (tests/fuzz/regressions/scenario/): a call target
  // was quoted by hand, with its DEL byte raw.
  const auto call = load("name: t\nduration: 10s\nnodes:\n  api: {endpoints: {x: {steps: [{call: \"ap\\x7fi.x\"}]}}}\n"
                         "workloads:\n  - {name: w, call: api.x, rate: 1/s}\n");
  INFO(all_errors(call));
  REQUIRE_FALSE(call.errors.empty());
  CHECK(all_errors(call).find("call to 'ap\\x7fi.x'") != std::string::npos);
  CHECK(all_errors(call).find('\x7f') == std::string::npos);
}
