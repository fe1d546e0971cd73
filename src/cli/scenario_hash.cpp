// The scenario hash (see scenario_hash.hpp).
#include "cli/scenario_hash.hpp"

#include <fstream>

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
  // istream::read, not an istreambuf_iterator: libstdc++'s filebuf throws on a
  // read error (a directory opens, then fails with EISDIR), and only read()
  // turns that into badbit instead of an "internal error".
  std::string bytes;
  char buffer[65536];
  while (in && in.read(buffer, sizeof buffer).gcount() > 0) bytes.append(buffer, static_cast<std::size_t>(in.gcount()));
  if (in.bad()) return std::nullopt;
  return scenario_hash(bytes, overrides);
}

}  // namespace svcsim::cli
