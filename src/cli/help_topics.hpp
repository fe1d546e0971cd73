// `svcsim help [TOPIC]` and `svcsim --help-scenario`: a command's help, or the
// scenario's keys with their types and defaults, read from the key tables of
// docs/scenario-reference.md (compiled into the binary), so the terminal and
// the document never disagree.
#pragma once

#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

namespace svcsim::cli {

/// docs/scenario-reference.md as it was when svcsim was built.
std::string_view scenario_reference_markdown();

/// The key tables of the reference whose section or caption names `topic`
/// (case-insensitive; `scenario` or empty: all of them), as aligned text;
/// empty when none does.
std::string scenario_keys_text(std::string_view markdown, std::string_view topic);

/// The topics `svcsim help` knows besides the commands.
std::string help_topics_text();

/// `svcsim help TOPIC`: a command's --help, or the scenario keys of a topic;
/// exit 0, or 2 (with a suggestion) for an unknown topic.
int help_command(const CLI::App& app, const std::string& topic);

}  // namespace svcsim::cli
