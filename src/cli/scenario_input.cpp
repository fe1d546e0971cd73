// Overrides and loading for the subcommands (see scenario_input.hpp).
#include "cli/scenario_input.hpp"

#include <ostream>

#include "cli/scenario_hash.hpp"

namespace svcsim::cli {

std::optional<std::vector<Override>> collect_overrides(const std::vector<std::string>& sets,
                                                       const std::vector<Override>& extra, std::ostream& err) {
  std::vector<Override> overrides;
  bool ok = true;
  for (const auto& text : sets) {
    if (auto parsed = parse_override(text)) {
      overrides.push_back(std::move(*parsed));
    } else {
      err << "error: --set '" << text << "': expected PATH=VALUE, e.g. --set nodes.gateway.instances=6\n";
      ok = false;
    }
  }
  // `--duration 90`: a bare number is no duration; say which unit was likely meant.
  for (const Override& o : extra) {
    if (o.path != "duration" || o.value.empty() || o.value.find_first_not_of("0123456789.") != std::string::npos)
      continue;
    err << "error: --duration " << o.value << ": a duration needs a unit: --duration " << o.value
        << "s (or ms, m, h)\n";
    ok = false;
  }
  if (!ok) return std::nullopt;
  overrides.insert(overrides.end(), extra.begin(), extra.end());
  return overrides;
}

LoadResult ScenarioSource::load(const std::vector<Override>& overrides) const {
  return text ? load_scenario_text(*text, path, overrides) : load_scenario_file(path, overrides);
}

std::optional<std::string> ScenarioSource::hash(const std::vector<Override>& overrides) const {
  return text ? scenario_hash(*text, overrides) : hash_scenario_file(path, overrides);
}

std::optional<Scenario> load_scenario(const std::string& path, const std::vector<Override>& overrides,
                                      std::ostream& err) {
  return load_scenario(ScenarioSource{path, std::nullopt}, overrides, err);
}

std::optional<Scenario> load_scenario(const ScenarioSource& source, const std::vector<Override>& overrides,
                                      std::ostream& err) {
  const std::string& path = source.path;
  LoadResult loaded = source.load(overrides);
  for (const auto& d : loaded.errors) err << d.format() << '\n';
  if (!loaded.errors.empty() || !loaded.scenario) {
    // A loader that returns neither would otherwise fail silently.
    if (loaded.errors.empty()) err << path << ": error: the scenario could not be loaded\n";
    return std::nullopt;
  }
  return std::move(loaded.scenario);
}

}  // namespace svcsim::cli
