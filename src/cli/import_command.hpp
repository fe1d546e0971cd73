// `svcsim import TRACEFILE… [-o SCENARIO] [--format …] [--name NAME] [--sampled RATIO]`
// (SPEC 8.2): its options on the parser and the command.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace svcsim::cli {

struct ImportArgs {
  std::vector<std::string> files;
  std::string output;  // empty: standard output
  std::string format = "auto";
  std::string name;
  std::string sampled = "1";
};

/// Writes the scenario (stdout or -o, atomically) and the report on stderr;
/// returns 0, or 2 when a file or an option is wrong (nothing written).
int import_command(const ImportArgs& args);

class ImportCommand {
 public:
  void add(CLI::App& app);
  std::optional<int> dispatch() const;

 private:
  ImportArgs args_;
  CLI::App* app_ = nullptr;
};

}  // namespace svcsim::cli
