// svcsim's entry point: the command line runs inside one exception boundary,
// so nothing escapes as a crash, and a bug still says what it was.
#include <exception>
#include <iostream>

#include "cli/app.hpp"
#include "cli/exit_codes.hpp"

int main(int argc, char** argv) {
  try {
    return svcsim::cli::run_cli(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "svcsim: internal error: " << e.what() << '\n';
  } catch (...) {
    std::cerr << "svcsim: internal error: unknown exception\n";
  }
  return svcsim::cli::kExitUsage;
}
