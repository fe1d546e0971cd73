// Runs the svcsim binary from tests: a temporary folder, the exit code and
// what the binary printed, shared by the CLI test files.
#pragma once

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace svcsim::test {

namespace fs = std::filesystem;

// A fresh folder per test, removed afterwards.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string templ = (fs::temp_directory_path() / "svcsim_test_cli_XXXXXX").string();
    REQUIRE(::mkdtemp(templ.data()) != nullptr);
    path = templ;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
    return (path / name).string();
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

inline std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Outcome {
  int code = -1;
  std::string out;
  std::string err;
};

// Runs `svcsim ARGS` through the shell (args are quoted by the caller where needed).
inline Outcome run_svcsim(const TempDir& dir, const std::string& args) {
  const std::string out = dir.file("stdout.txt");
  const std::string err = dir.file("stderr.txt");
  const std::string command = std::string("'") + SVCSIM_BINARY + "' " + args + " >'" + out + "' 2>'" + err + "'";
  const int status = std::system(command.c_str());
  Outcome o;
  REQUIRE(status != -1);
  INFO("svcsim " << args << " did not exit normally (crash?)");
  REQUIRE(WIFEXITED(status));
  o.code = WEXITSTATUS(status);
  o.out = read_file(out);
  o.err = read_file(err);
  return o;
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace svcsim::test
