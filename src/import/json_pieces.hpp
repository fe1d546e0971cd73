// Streaming a JSON trace file in pieces, so that a 1 GB export is never held
// whole: the top level of each JSON value in the file (one, or many as JSON
// Lines) is scanned here, and each element of a top-level array, each member
// of a top-level object, and each element of an array that is such a member
// (OTLP's `resourceSpans`, Jaeger's `data`) is handed over as text on its own,
// for Boost.JSON to parse. Memory is bounded by the largest piece (one
// resource batch, one trace, one span), not the file.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

namespace svcsim::trace_import {

/// A place in a file, both counting from 1 (columns in bytes).
struct TextPosition {
  std::uint64_t line = 1;
  std::uint64_t column = 1;
};

/// A problem at a place in a file.
struct FileError {
  std::optional<TextPosition> at;  // nullopt: about the whole file
  std::string message;
};

/// One piece of a file's top-level structure.
struct JsonPiece {
  enum class Kind {
    array_element,         // an element of a top-level array
    member,                // a member of a top-level object whose value is not an array
    member_array_element,  // an element of an array that is the value of a top-level member
  };
  Kind kind = Kind::array_element;
  std::string_view key;   // the member's key (not for array_element)
  std::string_view text;  // the value's JSON text
  TextPosition at;        // where the value starts
  std::uint64_t value_index = 0;  // which top-level value of the file it belongs to (JSON Lines)
};

/// What the scanner tells its user; a returned FileError stops the scan.
struct JsonPieceHandler {
  /// A top-level value starts: '[' or '{'.
  std::function<std::optional<FileError>(char bracket, TextPosition at, std::uint64_t value_index)> begin_value;
  /// A member key of a top-level object was read (before its value).
  std::function<std::optional<FileError>(std::string_view key, TextPosition at)> key;
  std::function<std::optional<FileError>(const JsonPiece& piece)> piece;
  /// A top-level value ended.
  std::function<std::optional<FileError>(std::uint64_t value_index)> end_value;
};

/// The largest single piece accepted (a larger one is an error that says so).
inline constexpr std::size_t kMaxPieceBytes = std::size_t{512} << 20;

/// Scans the file; returns the first error (syntax at the top level, a
/// handler's error) or nullopt. `values` receives the number of top-level values.
std::optional<FileError> scan_json_file(const std::string& path, const JsonPieceHandler& handler,
                                        std::uint64_t& values);

/// Parses a piece's text; a syntax error is placed in the file.
std::optional<FileError> parse_piece(const JsonPiece& piece, boost::json::value& out);

/// The position `offset` bytes after `start` in `text`.
TextPosition advance_position(TextPosition start, std::string_view text, std::size_t offset);

}  // namespace svcsim::trace_import
