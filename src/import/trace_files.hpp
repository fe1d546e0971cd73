// Reading trace files into one SpanSet: each file streamed in pieces
// (json_pieces.hpp), its format detected from its first bytes and keys unless
// given, and handed to that format's reader.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "import/format_reader.hpp"
#include "import/span.hpp"

namespace svcsim::trace_import {

struct FileSummary {
  std::string path;
  TraceFormat format = TraceFormat::automatic;
  std::uint64_t spans = 0;  // spans read from it
};

struct ReadFilesResult {
  std::vector<FileSummary> files;
  /// The first problem, formatted `FILE:LINE:COL: error: …` (or `FILE: error: …`); empty when none.
  std::string error;
};

/// Reads every file in order into `into`; stops at the first file with an error.
ReadFilesResult read_trace_files(const std::vector<std::string>& paths, TraceFormat format, SpanSet& into);

/// `FILE:LINE:COL: error: MESSAGE`, or `FILE: error: MESSAGE` without a position.
std::string format_file_error(const std::string& path, const FileError& error);

}  // namespace svcsim::trace_import
