// The end of each command's --help: two or three real examples (run from the
// repository root), the exit codes, and the document to read next.
#pragma once

#include <CLI/CLI.hpp>

namespace svcsim::cli {

/// Sets the footer of every subcommand of `app` that has an entry in the table.
void add_help_footers(CLI::App& app);

}  // namespace svcsim::cli
