// read_file_bytes (see svcsim/file_bytes.hpp).
#include "svcsim/file_bytes.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace svcsim {

std::optional<std::string> read_file_bytes(const std::string& path, std::string& problem) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    problem = "is a directory";
    return std::nullopt;
  }
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  // istream::read turns a read error into badbit; see the header.
  std::string bytes;
  char buffer[65536];
  while (in && in.read(buffer, sizeof buffer).gcount() > 0) bytes.append(buffer, static_cast<std::size_t>(in.gcount()));
  if (!in.is_open() || in.bad()) {
    problem = errno != 0 ? std::strerror(errno) : "read error";
    return std::nullopt;
  }
  return bytes;
}

}  // namespace svcsim
