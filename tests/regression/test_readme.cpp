// The README's first lines are the way in (issue 13, item 10): exactly two
// commands before anything else; the first installs git and the build's
// packages, builds only the svcsim target and runs the reference scenario;
// the second builds everything and runs the whole suite, and is what .ci/run
// runs, after installing every package of the first command and the tools of
// the tests that are otherwise skipped (Chromium, Graphviz among them).
#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "support/cli_runner.hpp"

using namespace svcsim::test;

namespace {

// The ```sh blocks before the README's first rule (---), each as one line.
std::vector<std::string> leading_commands(const std::string& readme) {
  std::vector<std::string> commands;
  std::istringstream in(readme.substr(0, readme.find("\n---\n")));
  bool in_block = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("```", 0) == 0) {
      in_block = !in_block;
      if (in_block) commands.emplace_back();
    } else if (in_block) {
      commands.back() += line;
    }
  }
  return commands;
}

std::vector<std::string> packages_of(const std::string& text) {
  std::smatch m;
  REQUIRE(std::regex_search(text, m, std::regex(R"(apt-get install -y ((--no-install-recommends )?[a-z0-9.+\- \\\n]+))")));
  std::vector<std::string> packages;
  std::istringstream words(m[1].str());
  for (std::string w; words >> w;)
    if (w != "\\" && w.rfind("--", 0) != 0) packages.push_back(w);
  return packages;
}

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

TEST_CASE("the README starts with the two commands, and .ci/run runs the second", "[docs][readme]") {
  const std::string readme = read_file(fs::path(SVCSIM_SOURCE_DIR) / "README.md");
  const std::string ci = read_file(fs::path(SVCSIM_SOURCE_DIR) / ".ci/run");
  const auto commands = leading_commands(readme);
  REQUIRE(commands.size() == 2);
  const std::string& first = commands[0];
  const std::string& second = commands[1];
  // The first builds only what it runs, and names git.
  CHECK(contains(first, "cmake --build build --target svcsim && build/svcsim run scenarios/netflix.yaml"));
  const auto needed = packages_of(first);
  CHECK(has(needed, "git"));
  CHECK(has(needed, "catch2"));  // find_package(Catch2) is in the configure step, even for svcsim alone
  // The second builds everything and runs the suite: the very line .ci/run ends with.
  CHECK(second == "cmake -S . -B build -G Ninja && cmake --build build && ctest --test-dir build --output-on-failure -j2");
  CHECK(contains(ci, "\n" + second + "\n"));
  // .ci/run installs everything the first command does, and the test tools.
  const auto installed = packages_of(ci);
  for (const std::string& p : needed) {
    INFO(p);
    CHECK(has(installed, p));
  }
  for (const std::string tool : {"chromium", "graphviz", "clang", "parallel", "jq", "libxml2-utils"}) {
    INFO(tool);
    CHECK(has(installed, tool));
  }
  CHECK(contains(ci, "DEBIAN_FRONTEND=noninteractive"));  // no terminal in CI
}
