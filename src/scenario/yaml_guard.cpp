// Raw-text guards: refuse oversized input and bytes that are not UTF-8 before
// parsing, so yaml-cpp never sees them and the error can name the exact byte.
#include "scenario/yaml_guard.hpp"

#include <cstdio>
#include <string>

namespace svcsim::detail {
namespace {

/// Length of the valid UTF-8 sequence starting at text[i], or 0 when invalid
/// (overlong forms, surrogates and code points above U+10FFFF included).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return 1;
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0) lo = 0xA0;  // overlong
    if (b0 == 0xED) hi = 0x9F;  // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0) lo = 0x90;  // overlong
    if (b0 == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return len;
}

Where place(const Where& origin, int line, int column) {
  if (origin.from_override()) return origin;
  return Where{line, column, -1};
}

}  // namespace

bool check_raw_text(std::string_view text, const Where& origin, Diagnostics& diag) {
  if (text.size() > kMaxScenarioBytes) {
    const Where at = origin.from_override() ? origin : Where{};
    diag.error(at, "file too large (" + std::to_string(text.size()) + " bytes; the limit is " +
                       std::to_string(kMaxScenarioBytes / (1024 * 1024)) + " MiB)");
    return false;
  }
  int line = 1;
  int column = 1;
  std::size_t structure = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n' || c == ',' || c == ':' || c == '-' || c == '[' || c == '{') {
      if (++structure > kMaxStructureChars) {
        diag.error(place(origin, line, column), "document too large or too deeply nested (more than " +
                                                    std::to_string(kMaxStructureChars) +
                                                    " lines, items or keys)");
        return false;
      }
    }
    if (c == '\n') {
      ++line;
      column = 1;
      ++i;
      continue;
    }
    if (c < 0x20 && c != '\t' && c != '\r') {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02x", c);
      diag.error(place(origin, line, column),
                 std::string("control character ") + hex + " is not allowed in a scenario");
      return false;
    }
    const std::size_t len = utf8_sequence_length(text, i);
    if (len == 0) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02x", c);
      diag.error(place(origin, line, column),
                 std::string("text is not valid UTF-8 (byte ") + hex + "); save the file as UTF-8");
      return false;
    }
    i += len;
    column += static_cast<int>(len);  // bytes, as yaml-cpp counts its columns
  }
  return true;
}

}  // namespace svcsim::detail
