// Where an output path really goes: standard output (`-`, /dev/stdout), a
// device or FIFO written in place, or a regular file, reached through any
// symbolic links, that is replaced whole (temporary file + rename).
#pragma once

#include <string>

namespace svcsim::detail {

struct OutputTarget {
  enum class Kind { file, stream, standard_output };
  Kind kind = Kind::file;
  /// file: the path to replace (symbolic links followed, so the link stays);
  /// stream: the device or FIFO to open for writing.
  std::string path;
  /// Why it cannot be written, naming the path as given; empty when it can.
  std::string problem;
};

/// Resolves `path` as given on the command line; checks the folder of a file
/// and the permission of a stream, never opens anything (a FIFO would block).
OutputTarget resolve_output(const std::string& path);

}  // namespace svcsim::detail
