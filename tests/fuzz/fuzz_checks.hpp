// What every fuzz target asserts about a load's outcome: a scenario or errors
// (never both, never neither), and errors that are safe to print.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "svcsim/loader.hpp"

namespace svcsim::fuzz {

/// Aborts (a finding for libFuzzer) with `what` and the offending text.
[[noreturn]] inline void fail(const char* what, std::string_view text) {
  std::fprintf(stderr, "fuzz check failed: %s: %.*s\n", what, static_cast<int>(text.size()), text.data());
  std::abort();
}

/// True when `text` holds a control character: C0 (a line break included
/// unless `lines` allows line breaks and tabs), DEL, or C1 (U+0080-U+009F,
/// UTF-8 C2 80-C2 9F), any of which a terminal may act on.
inline bool has_control(std::string_view text, bool lines = false) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto u = static_cast<unsigned char>(text[i]);
    if (lines && (u == '\n' || u == '\t')) continue;
    if (u < 0x20 || u == 0x7f) return true;
    if (u == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xa0) return true;
  }
  return false;
}

inline void check_load_result(const LoadResult& result) {
  if (result.scenario && !result.errors.empty()) fail("a scenario and errors", result.errors.front().message);
  if (!result.scenario && result.errors.empty()) fail("neither a scenario nor an error", "");
  for (const Diagnostic& d : result.errors) {
    const std::string line = d.format();
    if (has_control(line)) fail("control character in an error", line);
    if (d.message.empty()) fail("empty error message", line);
  }
  if (result.scenario) {
    if (has_control(result.scenario->name)) fail("control character in the scenario's name", result.scenario->name);
    if (has_control(result.scenario->description, true))
      fail("control character in the scenario's description", result.scenario->description);
  }
}

}  // namespace svcsim::fuzz
