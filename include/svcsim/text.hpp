// Small text helpers shared by the parsers of durations, --set overrides and
// --vary values.
#pragma once

#include <string_view>

namespace svcsim {

/// `text` without leading and trailing blanks (spaces, tabs, line ends).
inline std::string_view trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace svcsim
