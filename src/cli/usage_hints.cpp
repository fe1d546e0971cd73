// Typo hints for the command line (see usage_hints.hpp).
#include "cli/usage_hints.hpp"

#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "scenario/suggest.hpp"

namespace svcsim::cli {
namespace {

const CLI::App* subcommand_named(const CLI::App& app, std::string_view name) {
  const auto found = app.get_subcommands([&](const CLI::App* s) { return s->get_name() == name; });
  return found.empty() ? nullptr : found.front();
}

std::vector<std::string> long_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::Option* option : app.get_options())
    for (const std::string& name : option->get_lnames()) names.push_back("--" + name);
  return names;
}

}  // namespace

std::string usage_hint(const CLI::App& app, int argc, const char* const* argv) {
  if (argc < 2) return {};
  const std::string first = argv[1];
  if (first.starts_with("-")) return {};
  const CLI::App* command = subcommand_named(app, first);
  if (command == nullptr) {
    std::vector<std::string> names;
    for (const CLI::App* s : app.get_subcommands([](const CLI::App*) { return true; })) names.push_back(s->get_name());
    const auto meant = detail::suggest(first, names);
    return meant ? fmt::format("error: unknown command '{}' (did you mean 'svcsim {}'?)", first, *meant) : std::string();
  }
  const std::vector<std::string> options = long_names(*command);
  for (int i = 2; i < argc; ++i) {
    const std::string_view token = argv[i];
    if (!token.starts_with("--") || token == "--") continue;
    const std::string name(token.substr(0, token.find('=')));
    bool known = false;
    for (const std::string& o : options) known = known || o == name;
    if (known) continue;
    const auto meant = detail::suggest(name, options);
    if (meant) return fmt::format("error: unknown option '{}' for 'svcsim {}' (did you mean '{}'?)", name, first, *meant);
    return {};
  }
  return {};
}

}  // namespace svcsim::cli
