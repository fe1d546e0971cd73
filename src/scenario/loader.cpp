// The loading pipeline: bytes -> raw-text guards -> YAML tree -> --set
// overrides -> Scenario and cross-checks, with every error collected and no
// exception let out (load_* must answer for any input).
#include "svcsim/loader.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <new>

#include "scenario/diagnostics.hpp"
#include "scenario/overrides.hpp"
#include "scenario/read_context.hpp"
#include "scenario/scenario_reader.hpp"
#include "scenario/yaml_guard.hpp"
#include "scenario/yaml_parse.hpp"

namespace svcsim {
namespace {

std::vector<std::string> override_paths(const std::vector<Override>& overrides) {
  std::vector<std::string> paths;
  paths.reserve(overrides.size());
  for (const auto& o : overrides) paths.push_back(o.path);
  return paths;
}

std::optional<Scenario> load(std::string_view text, const std::string& display_name,
                             const std::vector<Override>& overrides,
                             detail::Diagnostics& diag) {
  if (!detail::check_raw_text(text, detail::Where{}, diag)) return std::nullopt;
  auto root = detail::parse_yaml(text, -1, diag);
  if (!root) return std::nullopt;
  if (root->is_map()) detail::apply_overrides(*root, overrides, diag);
  detail::ReadContext ctx(diag);
  Scenario scenario = detail::read_scenario(*root, ctx);
  scenario.source_path = display_name;
  return scenario;
}

LoadResult finish(detail::Diagnostics& diag, std::optional<Scenario> scenario) {
  LoadResult result;
  result.errors = diag.take_sorted();
  if (result.errors.empty()) result.scenario = std::move(scenario);
  return result;
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

LoadResult load_scenario_text(std::string_view text, const std::string& display_name,
                              const std::vector<Override>& overrides) {
  detail::Diagnostics diag(display_name, override_paths(overrides));
  std::optional<Scenario> scenario;
  try {
    scenario = load(text, display_name, overrides, diag);
  } catch (const std::bad_alloc&) {
    diag.file_error("out of memory while loading the scenario");
  } catch (const std::exception& e) {
    diag.file_error(std::string("internal error while loading the scenario: ") + e.what());
  } catch (...) {
    diag.file_error("internal error while loading the scenario");
  }
  return finish(diag, std::move(scenario));
}

LoadResult load_scenario_file(const std::string& path, const std::vector<Override>& overrides) {
  detail::Diagnostics diag(path, override_paths(overrides));
  std::string text;
  try {
    errno = 0;
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
    if (!file) {
      diag.file_error(std::string("cannot read file: ") + std::strerror(errno));
      return finish(diag, std::nullopt);
    }
    // Read at most one byte past the limit: enough to know it is too large
    // (and to stop on endless inputs such as /dev/zero).
    char buffer[65536];
    while (text.size() <= detail::kMaxScenarioBytes) {
      const std::size_t got = std::fread(buffer, 1, sizeof buffer, file.get());
      text.append(buffer, got);
      if (got < sizeof buffer) break;
    }
    if (std::ferror(file.get())) {
      diag.file_error(std::string("cannot read file: ") + std::strerror(errno));
      return finish(diag, std::nullopt);
    }
  } catch (const std::exception& e) {
    diag.file_error(std::string("cannot read file: ") + e.what());
    return finish(diag, std::nullopt);
  }
  if (text.size() > detail::kMaxScenarioBytes) {
    diag.file_error("file too large (more than " + std::to_string(detail::kMaxScenarioBytes / (1024 * 1024)) +
                    " MiB)");
    return finish(diag, std::nullopt);
  }
  return load_scenario_text(text, path, overrides);
}

}  // namespace svcsim
