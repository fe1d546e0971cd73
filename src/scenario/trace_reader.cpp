// Arrival traces: one arrival time per line, seconds from time 0 (`12.5`) or
// a duration (`12500ms`); blank lines and lines starting with `#` are
// skipped; only the first comma-separated field is read, so a CSV export
// with more columns works. Times must not decrease.
#include "scenario/trace_reader.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "scenario/suggest.hpp"
#include "scenario/yaml_reader.hpp"
#include "svcsim/text.hpp"
#include "svcsim/time.hpp"

namespace svcsim::detail {
namespace {

/// Traces larger than this are refused before reading (a run holds them in memory).
constexpr std::uintmax_t kMaxTraceBytes = 512ull * 1024 * 1024;
/// Errors past this many in one trace are not worth reading on.
constexpr int kMaxTraceErrors = 20;

/// The field as an error may show it: quoted and cut to kMaxTraceQuote when it
/// is made of what a time is written with, else only a description (a line
/// of some other file must not reach the output).
std::string shown_field(std::string_view field) {
  const bool timelike = std::all_of(field.begin(), field.end(), [](char c) {
    return (c >= '0' && c <= '9') || std::string_view("+-.eEnusmh").find(c) != std::string_view::npos;
  });
  if (!timelike) return "the first field (" + std::to_string(field.size()) + " characters)";
  if (field.size() <= kMaxTraceQuote) return quote(field);
  return quote(std::string(field.substr(0, kMaxTraceQuote)) + "…");
}

}  // namespace

std::shared_ptr<const std::vector<std::int64_t>> parse_trace(std::string_view text, const std::string& display,
                                                             Diagnostics& diag) {
  auto times = std::make_shared<std::vector<std::int64_t>>();
  int errors = 0;
  int line_no = 0;
  std::int64_t previous = 0;
  int previous_line = 0;
  std::size_t pos = 0;
  while (pos < text.size() && errors < kMaxTraceErrors) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    const std::string_view content = trim(line);
    if (content.empty() || content.front() == '#') continue;
    const std::string_view field = trim(content.substr(0, content.find(',')));
    const int column = static_cast<int>(content.data() - line.data()) + 1;
    std::optional<std::int64_t> ns;
    if (const auto seconds = parse_number(field)) {
      if (*seconds < 0) {
        diag.error_in(display, line_no, column, "arrival time " + shown_field(field) + " must not be negative");
      } else if (!(*seconds * 1e9 < static_cast<double>(Duration::max().ns))) {
        diag.error_in(display, line_no, column, "arrival time " + shown_field(field) + " is too large");
      } else {
        ns = Duration::from_seconds(*seconds).ns;
      }
    } else if (const auto d = parse_duration(field)) {
      ns = d.value->ns;
    } else {
      diag.error_in(display, line_no, column,
                    shown_field(field) + " is not an arrival time: write seconds from the start (e.g. 12.5) or a "
                                   "duration (e.g. 12500ms); start comment or header lines with '#'");
    }
    if (!ns) {
      ++errors;
      continue;
    }
    if (*ns < previous) {
      diag.error_in(display, line_no, column,
                    "arrival time " + shown_field(field) + " is before the one on line " + std::to_string(previous_line) +
                        " (" + format_duration(Duration{previous}) + "); a trace lists arrivals in time order");
      ++errors;
      continue;
    }
    if (times->size() >= kMaxTraceArrivals) {
      diag.error_in(display, line_no, column,
                    "the trace has more than " + std::to_string(kMaxTraceArrivals) + " arrivals; shorten it");
      return nullptr;
    }
    times->push_back(*ns);
    previous = *ns;
    previous_line = line_no;
  }
  if (errors > 0) return nullptr;
  if (times->empty()) {
    diag.error_in(display, 0, 0, "the trace has no arrival times (one per line, e.g. 12.5 for 12.5 s)");
    return nullptr;
  }
  return times;
}

std::shared_ptr<const std::vector<std::int64_t>> read_trace_file(const std::string& path, const Where& written_at,
                                                                 Diagnostics& diag) {
  namespace fs = std::filesystem;
  fs::path resolved(path);
  if (resolved.is_relative()) resolved = fs::path(diag.file()).parent_path() / resolved;
  const std::string display = resolved.lexically_normal().string();
  std::error_code ec;
  const auto size = fs::file_size(resolved, ec);
  if (ec || !fs::is_regular_file(resolved, ec)) {
    diag.error(written_at, "cannot read trace " + quote(display) + (ec ? ": " + ec.message() : std::string()) +
                               " (a relative path is taken from the scenario file's directory)");
    return nullptr;
  }
  if (size > kMaxTraceBytes) {
    diag.error(written_at, "trace " + quote(display) + " is larger than " +
                               std::to_string(kMaxTraceBytes / (1024 * 1024)) + " MiB");
    return nullptr;
  }
  std::ifstream in(resolved, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  if (!in && !in.eof()) {
    diag.error(written_at, "cannot read trace " + quote(display));
    return nullptr;
  }
  return parse_trace(content.str(), display, diag);
}

}  // namespace svcsim::detail
