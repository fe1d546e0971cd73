// The scenario hash (see scenario_hash.hpp).
#include "cli/scenario_hash.hpp"

#include <fmt/format.h>

#include "svcsim/file_bytes.hpp"
#include "svcsim/random.hpp"

namespace svcsim::cli {

std::string scenario_hash(std::string_view file_bytes, const std::vector<Override>& overrides) {
  std::string text(file_bytes);
  for (const Override& o : overrides) {
    text += '\0';
    text += o.path;
    text += '=';
    text += o.value;
  }
  return fmt::format("{:016x}", fnv1a64(text));
}

std::optional<std::string> hash_scenario_file(const std::string& path, const std::vector<Override>& overrides) {
  std::string problem;  // the loader says what it is
  const auto bytes = read_file_bytes(path, problem);
  if (!bytes) return std::nullopt;
  return scenario_hash(*bytes, overrides);
}

}  // namespace svcsim::cli
