// Hints for a mistyped command line: the subcommand or option that was
// probably meant (`runn` → `run`, `--jsn` → `--json`), found among the
// parser's own names, as the scenario loader already does for keys.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

namespace svcsim::cli {

/// An `error: …` line naming the first unknown subcommand or option of
/// `argv` with its closest known name; empty when there is no such token or
/// nothing close enough.
std::string usage_hint(const CLI::App& app, int argc, const char* const* argv);

}  // namespace svcsim::cli
