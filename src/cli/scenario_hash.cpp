// The scenario hash (see scenario_hash.hpp).
#include "cli/scenario_hash.hpp"

#include <fstream>
#include <iterator>

#include <fmt/format.h>

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
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) return std::nullopt;
  return scenario_hash(bytes, overrides);
}

}  // namespace svcsim::cli
