// Reading trace files (see trace_files.hpp): the format decision per file and
// the glue between the scanner and the format readers.
#include "import/trace_files.hpp"

#include <memory>

#include <fmt/format.h>

#include "import/json_pieces.hpp"

namespace svcsim::trace_import {
namespace {

// The format a top-level object's member name tells, or automatic.
TraceFormat format_of_key(std::string_view key) {
  if (key == "resourceSpans") return TraceFormat::otlp;
  if (key == "data" || key == "spans" || key == "processes" || key == "traceID") return TraceFormat::jaeger;
  return TraceFormat::automatic;
}

std::unique_ptr<FormatReader> make_reader(TraceFormat format, SpanSet& into) {
  switch (format) {
    case TraceFormat::otlp: return make_otlp_reader(into);
    case TraceFormat::jaeger: return make_jaeger_reader(into);
    case TraceFormat::zipkin: return make_zipkin_reader(into);
    case TraceFormat::automatic: break;
  }
  return nullptr;
}

// One file: decides the format (when automatic) and feeds its reader.
class FileReader {
 public:
  FileReader(TraceFormat format, SpanSet& into) : format_(format), into_(into) {
    if (format_ != TraceFormat::automatic) reader_ = make_reader(format_, into_);
  }

  std::optional<FileError> read(const std::string& path) {
    JsonPieceHandler handler;
    handler.begin_value = [this](char bracket, TextPosition at, std::uint64_t) -> std::optional<FileError> {
      bracket_ = bracket;
      value_at_ = at;
      started_ = false;
      if (!reader_ && bracket == '[') choose(TraceFormat::zipkin);
      return start();
    };
    handler.key = [this](std::string_view key, TextPosition) -> std::optional<FileError> {
      if (!reader_) {
        const TraceFormat told = format_of_key(key);
        if (told != TraceFormat::automatic) choose(told);
      }
      if (auto error = start()) return error;
      if (reader_) reader_->key(key);
      return std::nullopt;
    };
    handler.piece = [this](const JsonPiece& piece) -> std::optional<FileError> {
      if (!reader_) return std::nullopt;  // a member before the one that tells the format
      return reader_->piece(piece);
    };
    handler.end_value = [this](std::uint64_t) -> std::optional<FileError> {
      if (!reader_)
        return FileError{value_at_, "not a trace export: an object without 'resourceSpans' (OTLP/JSON) or "
                                    "'data'/'spans' (Jaeger); a Zipkin v2 export is an array"};
      if (auto error = start()) return error;
      return reader_->end_value();
    };
    std::uint64_t values = 0;
    if (auto error = scan_json_file(path, handler, values)) return error;
    if (values == 0) return FileError{std::nullopt, "empty file: no JSON in it (expected a trace export)"};
    return std::nullopt;
  }

  TraceFormat format() const { return format_; }

 private:
  void choose(TraceFormat format) {
    format_ = format;
    reader_ = make_reader(format, into_);
  }

  // Tells the reader about the current top-level value once it is known.
  std::optional<FileError> start() {
    if (!reader_ || started_) return std::nullopt;
    started_ = true;
    return reader_->begin_value(bracket_, value_at_);
  }

  TraceFormat format_;
  SpanSet& into_;
  std::unique_ptr<FormatReader> reader_;
  char bracket_ = 0;
  TextPosition value_at_;
  bool started_ = false;
};

}  // namespace

std::string format_file_error(const std::string& path, const FileError& error) {
  if (error.at) return fmt::format("{}:{}:{}: error: {}", path, error.at->line, error.at->column, error.message);
  return fmt::format("{}: error: {}", path, error.message);
}

ReadFilesResult read_trace_files(const std::vector<std::string>& paths, TraceFormat format, SpanSet& into) {
  ReadFilesResult result;
  for (const std::string& path : paths) {
    const std::size_t before = into.spans.size();
    FileReader reader(format, into);
    if (auto error = reader.read(path)) {
      result.error = format_file_error(path, *error);
      return result;
    }
    result.files.push_back({path, reader.format(), into.spans.size() - before});
  }
  return result;
}

std::optional<TraceFormat> parse_trace_format(std::string_view text) {
  if (text == "auto") return TraceFormat::automatic;
  if (text == "otlp") return TraceFormat::otlp;
  if (text == "jaeger") return TraceFormat::jaeger;
  if (text == "zipkin") return TraceFormat::zipkin;
  return std::nullopt;
}

const char* trace_format_name(TraceFormat format) {
  switch (format) {
    case TraceFormat::otlp: return "OTLP/JSON";
    case TraceFormat::jaeger: return "Jaeger JSON";
    case TraceFormat::zipkin: return "Zipkin v2";
    case TraceFormat::automatic: break;
  }
  return "unknown";
}

}  // namespace svcsim::trace_import
