// The command line: the parser for every subcommand (CLI11) and the dispatch
// to the one given.
#pragma once

namespace svcsim::cli {

/// Parses argv and runs the subcommand; returns the process exit code.
/// Parse errors print `error: …` and return 2 (never CLI11's own codes).
int run_cli(int argc, char** argv);

}  // namespace svcsim::cli
