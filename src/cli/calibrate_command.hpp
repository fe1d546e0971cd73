// `svcsim calibrate SCENARIO TRACEFILE… [--tolerance 10%] [--json FILE] [--format …]`
// (SPEC 8.3): its options on the parser and the command.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace svcsim::cli {

struct CalibrateArgs {
  std::string scenario_path;
  std::vector<std::string> files;
  std::string tolerance = "10%";
  std::string json_path;
  std::string format = "auto";
};

/// Prints the comparison; returns 0 (every figure within the tolerance), 1
/// (one beyond it), 2 (a file or an option is wrong) or 3 (the run was stopped).
int calibrate_command(const CalibrateArgs& args);

class CalibrateCommand {
 public:
  void add(CLI::App& app);
  std::optional<int> dispatch() const;

 private:
  CalibrateArgs args_;
  CLI::App* app_ = nullptr;
};

}  // namespace svcsim::cli
