// The top-level scanner of json_pieces.hpp: a byte-at-a-time state machine
// over blocks of the file. It checks the glue of the top level (brackets,
// commas, colons, keys) itself and leaves everything inside a piece to
// Boost.JSON, which later parses each piece and reports where it failed.
#include "import/json_pieces.hpp"

#include <fstream>
#include <vector>

#include <boost/json/stream_parser.hpp>
#include <fmt/format.h>

namespace svcsim::trace_import {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string describe(char c) {
  if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f)
    return fmt::format("byte 0x{:02x}", static_cast<unsigned char>(c));
  return fmt::format("'{}'", c);
}

// Where the scanner is in the glue of the top level.
enum class Glue {
  between_values,        // level 0: before/after a top-level value
  array_value_or_close,  // after '[' of a captured array
  array_value,           // after ',' in an array
  array_comma_or_close,  // after an array element
  object_key_or_close,   // after '{'
  object_key,            // after ',' in an object
  in_key,                // inside a member key
  object_colon,          // after a key
  object_value,          // after ':'
  object_comma_or_close, // after a member value
};

// What is being captured as a piece.
enum class Capture { none, container, string, scalar };

class Scanner {
 public:
  Scanner(const JsonPieceHandler& handler) : handler_(handler) {}

  std::optional<FileError> feed(std::string_view block) {
    block_ = block;
    capture_from_ = 0;
    for (std::size_t i = 0; i < block.size(); ++i) {
      if (auto error = step(block, i)) return error;
      if (block[i] == '\n') {
        ++pos_.line;
        pos_.column = 1;
      } else {
        ++pos_.column;
      }
    }
    if (capture_ != Capture::none) {
      buffer_.append(block.substr(capture_from_));
      if (buffer_.size() > kMaxPieceBytes)
        return FileError{piece_at_, fmt::format("a single JSON value larger than {} MiB starts here; split the "
                                                "export into smaller files or JSON Lines",
                                                kMaxPieceBytes >> 20)};
    }
    return std::nullopt;
  }

  std::optional<FileError> finish() {
    if (glue_ == Glue::between_values && levels_ == 0) return std::nullopt;
    return FileError{pos_, "incomplete JSON: the file ends inside a value"};
  }

  std::uint64_t values() const { return values_; }

 private:
  std::optional<FileError> step(std::string_view block, std::size_t i) {
    const char c = block[i];
    if (capture_ != Capture::none) {
      switch (capture_) {
        case Capture::container:
          if (in_string_) {
            if (escaped_) escaped_ = false;
            else if (c == '\\') escaped_ = true;
            else if (c == '"') in_string_ = false;
            return std::nullopt;
          }
          if (c == '"') in_string_ = true;
          else if (c == '[' || c == '{') ++depth_;
          else if ((c == ']' || c == '}') && --depth_ == 0) return end_capture(block, i + 1);
          return std::nullopt;
        case Capture::string:
          if (escaped_) escaped_ = false;
          else if (c == '\\') escaped_ = true;
          else if (c == '"') return end_capture(block, i + 1);
          return std::nullopt;
        case Capture::scalar:
          if (!is_space(c) && c != ',' && c != ']' && c != '}') return std::nullopt;
          if (auto error = end_capture(block, i)) return error;
          break;  // the delimiter is glue: go on below
        case Capture::none:
          break;
      }
    }
    return glue(block, i, c);
  }

  std::optional<FileError> glue(std::string_view block, std::size_t i, char c) {
    if (glue_ == Glue::in_key) {
      if (escaped_) escaped_ = false;
      else if (c == '\\') escaped_ = true;
      else if (c == '"') {
        glue_ = Glue::object_colon;
        if (handler_.key)
          if (auto error = handler_.key(key_, key_at_)) return error;
      } else key_ += c;
      return std::nullopt;
    }
    if (is_space(c)) return std::nullopt;
    if (at_start_ && values_ == 0 && static_cast<unsigned char>(c) == 0xef) return skip_bom();
    if (bom_left_ > 0) {
      --bom_left_;
      return std::nullopt;
    }
    switch (glue_) {
      case Glue::between_values:
        if (c != '[' && c != '{')
          return FileError{pos_, fmt::format("expected a JSON object or array (a trace export), found {}",
                                             describe(c))};
        at_start_ = false;
        levels_ = 1;
        top_is_array_ = c == '[';
        glue_ = top_is_array_ ? Glue::array_value_or_close : Glue::object_key_or_close;
        if (handler_.begin_value)
          if (auto error = handler_.begin_value(c, pos_, values_)) return error;
        return std::nullopt;
      case Glue::array_value_or_close:
        if (c == ']') return close_array();
        [[fallthrough]];
      case Glue::array_value:
        return start_value(block, i, c, levels_ == 2 ? JsonPiece::Kind::member_array_element
                                                     : JsonPiece::Kind::array_element);
      case Glue::array_comma_or_close:
        if (c == ',') {
          glue_ = Glue::array_value;
          return std::nullopt;
        }
        if (c == ']') return close_array();
        return FileError{pos_, fmt::format("expected ',' or ']' after an array element, found {}", describe(c))};
      case Glue::object_key_or_close:
        if (c == '}') return close_object();
        [[fallthrough]];
      case Glue::object_key:
        if (c != '"') return FileError{pos_, fmt::format("expected a member name in quotes, found {}", describe(c))};
        glue_ = Glue::in_key;
        key_.clear();
        key_at_ = pos_;
        escaped_ = false;
        return std::nullopt;
      case Glue::object_colon:
        if (c != ':') return FileError{pos_, fmt::format("expected ':' after a member name, found {}", describe(c))};
        glue_ = Glue::object_value;
        return std::nullopt;
      case Glue::object_value:
        if (c == '[') {  // an array member: its elements are the pieces
          levels_ = 2;
          glue_ = Glue::array_value_or_close;
          return std::nullopt;
        }
        return start_value(block, i, c, JsonPiece::Kind::member);
      case Glue::object_comma_or_close:
        if (c == ',') {
          glue_ = Glue::object_key;
          return std::nullopt;
        }
        if (c == '}') return close_object();
        return FileError{pos_, fmt::format("expected ',' or '}}' after a member, found {}", describe(c))};
      case Glue::in_key:
        break;
    }
    return std::nullopt;
  }

  std::optional<FileError> skip_bom() {
    bom_left_ = 2;  // EF BB BF
    at_start_ = false;
    return std::nullopt;
  }

  std::optional<FileError> start_value(std::string_view, std::size_t i, char c, JsonPiece::Kind kind) {
    if (c == ']' || c == '}' || c == ',' || c == ':')
      return FileError{pos_, fmt::format("expected a value, found {}", describe(c))};
    piece_kind_ = kind;
    piece_at_ = pos_;
    buffer_.clear();
    capture_from_ = i;
    escaped_ = false;
    in_string_ = false;
    if (c == '[' || c == '{') {
      capture_ = Capture::container;
      depth_ = 1;
    } else if (c == '"') {
      capture_ = Capture::string;
    } else {
      capture_ = Capture::scalar;
    }
    return std::nullopt;
  }

  std::optional<FileError> end_capture(std::string_view block, std::size_t end) {
    buffer_.append(block.substr(capture_from_, end - capture_from_));
    capture_ = Capture::none;
    glue_ = levels_ == 2 || top_is_array_ ? Glue::array_comma_or_close : Glue::object_comma_or_close;
    if (!handler_.piece) return std::nullopt;
    JsonPiece piece;
    piece.kind = piece_kind_;
    piece.key = piece_kind_ == JsonPiece::Kind::array_element ? std::string_view() : std::string_view(key_);
    piece.text = buffer_;
    piece.at = piece_at_;
    piece.value_index = values_;
    return handler_.piece(piece);
  }

  std::optional<FileError> close_array() {
    if (levels_ == 2) {  // the end of a member's array: back in the top object
      levels_ = 1;
      glue_ = Glue::object_comma_or_close;
      return std::nullopt;
    }
    return end_top_value();
  }

  std::optional<FileError> close_object() { return end_top_value(); }

  std::optional<FileError> end_top_value() {
    levels_ = 0;
    glue_ = Glue::between_values;
    const std::uint64_t index = values_++;
    if (handler_.end_value) return handler_.end_value(index);
    return std::nullopt;
  }

  const JsonPieceHandler& handler_;
  std::string_view block_;
  TextPosition pos_;
  Glue glue_ = Glue::between_values;
  int levels_ = 0;
  bool top_is_array_ = false;
  bool at_start_ = true;
  int bom_left_ = 0;
  std::uint64_t values_ = 0;
  std::string key_;
  TextPosition key_at_;
  Capture capture_ = Capture::none;
  JsonPiece::Kind piece_kind_ = JsonPiece::Kind::array_element;
  TextPosition piece_at_;
  std::string buffer_;
  std::size_t capture_from_ = 0;
  int depth_ = 0;
  bool in_string_ = false;
  bool escaped_ = false;
};

}  // namespace

TextPosition advance_position(TextPosition start, std::string_view text, std::size_t offset) {
  TextPosition p = start;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else {
      ++p.column;
    }
  }
  return p;
}

std::optional<FileError> scan_json_file(const std::string& path, const JsonPieceHandler& handler,
                                        std::uint64_t& values) {
  std::ifstream in(path, std::ios::binary);
  values = 0;
  if (!in) return FileError{std::nullopt, "cannot open the file"};
  Scanner scanner(handler);
  std::vector<char> block(std::size_t{1} << 20);
  while (in) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    const auto n = static_cast<std::size_t>(in.gcount());
    if (n == 0) break;
    if (auto error = scanner.feed(std::string_view(block.data(), n))) return error;
  }
  if (in.bad()) return FileError{std::nullopt, "read error"};
  values = scanner.values();
  return scanner.finish();
}

std::optional<FileError> parse_piece(const JsonPiece& piece, boost::json::value& out) {
  boost::json::stream_parser parser;
  boost::system::error_code ec;
  const std::size_t used = parser.write(piece.text.data(), piece.text.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    const std::size_t offset = used < piece.text.size() ? used : piece.text.size();
    return FileError{advance_position(piece.at, piece.text, offset), "malformed JSON: " + ec.message()};
  }
  out = parser.release();
  return std::nullopt;
}

}  // namespace svcsim::trace_import
