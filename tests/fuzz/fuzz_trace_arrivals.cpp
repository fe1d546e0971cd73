// Fuzz target: the reader of arrival-time traces (`arrivals: {trace: FILE}`).
// Any text gives arrival times in order or errors placed in the trace, and an
// error quotes no more of a line than a short, time-like field (checking an
// untrusted scenario must not print the files it points at).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_checks.hpp"
#include "scenario/diagnostics.hpp"
#include "scenario/trace_reader.hpp"

namespace {

// Every quoted part of `message` ('…') is short and could be part of a time:
// digits, signs, points, exponents, units, and the ellipsis of a cut.
void check_quotes_little(const std::string& message) {
  std::size_t pos = 0;
  while ((pos = message.find('\'', pos)) != std::string::npos) {
    const std::size_t end = message.find('\'', pos + 1);
    if (end == std::string::npos) svcsim::fuzz::fail("unclosed quote in an error", message);
    const std::string_view quoted(message.data() + pos + 1, end - pos - 1);
    if (quoted.size() > svcsim::detail::kMaxTraceQuote + 3) svcsim::fuzz::fail("a long quote in an error", message);
    if (quoted == "#") {  // the advice on comment lines, not a quote of the input
      pos = end + 1;
      continue;
    }
    std::string_view shown = quoted;
    if (shown.size() >= 3 && shown.substr(shown.size() - 3) == "…") shown.remove_suffix(3);
    for (const char c : shown) {
      const bool timelike = (c >= '0' && c <= '9') || std::string_view("+-.eEnusmh").find(c) != std::string_view::npos;
      if (!timelike) svcsim::fuzz::fail("an error quotes text that is not time-like", message);
    }
    pos = end + 1;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  svcsim::detail::Diagnostics diag("scenario.yaml", {});
  const auto times = svcsim::detail::parse_trace(text, "trace.txt", diag);
  const bool had_errors = !diag.empty();
  if (times && had_errors) svcsim::fuzz::fail("arrival times and errors", "");
  if (!times && !had_errors) svcsim::fuzz::fail("neither arrival times nor an error", "");
  if (times) {
    for (std::size_t i = 1; i < times->size(); ++i) {
      if ((*times)[i] < (*times)[i - 1]) svcsim::fuzz::fail("arrival times out of order", "");
    }
  }
  for (const svcsim::Diagnostic& d : diag.take_sorted()) {
    const std::string line = d.format();
    if (svcsim::fuzz::has_control(line)) svcsim::fuzz::fail("control character in an error", line);
    if (d.file != "trace.txt") svcsim::fuzz::fail("an error not placed in the trace", line);
    check_quotes_little(d.message);
  }
  return 0;
}
