// Reading a whole file for the commands that take one (shard files, results
// files, scenario text), with an error a user can read instead of an
// exception: libstdc++'s filebuf throws on a read error (a directory opens,
// then fails with EISDIR), and an istreambuf_iterator lets that escape.
#pragma once

#include <optional>
#include <string>

namespace svcsim {

/// The file's bytes; nullopt with `problem` set to why (without the path:
/// "is a directory", "No such file or directory", "read error").
std::optional<std::string> read_file_bytes(const std::string& path, std::string& problem);

}  // namespace svcsim
