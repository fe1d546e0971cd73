// The rows of docs/validation.md: each check of a replicated estimate against
// theory (check_estimate in validation_checks.hpp) is written, with the case
// it belongs to, as one JSON line appended to the file named by the
// environment variable SVCSIM_VALIDATION_TABLE; tests/validation/make_table.py
// renders the lines into the document. Without the variable nothing is written.
#pragma once

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "support/replications.hpp"
#include "svcsim/scenario.hpp"

namespace svcsim::test {

/// The case whose checks are being made: set when its replications start.
/// Tests run one case at a time on the main thread, so one current case is enough.
struct TableCase {
  std::string section;  // a heading of docs/validation.md (make_table.py knows their order)
  std::string id;       // the scenario's name, unique over the suite
  std::string model;    // the scenario's description
  double duration_s = 0;
  double warmup_s = 0;
};

inline TableCase& current_table_case() {
  static TableCase current;
  return current;
}

/// Starts a case: the checks that follow are rows of `section` for scenario `s`.
inline void begin_table_case(std::string_view section, const Scenario& s) {
  current_table_case() =
      TableCase{std::string(section), s.name, s.description, s.duration.seconds(), s.warmup.seconds()};
}

namespace table_json {
inline std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
      out += escaped;
      continue;
    }
    out += c;
  }
  return out + "\"";
}

inline std::string json_number(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", v);  // round-trips a double
  return text;
}
}  // namespace table_json

/// Appends the row "figure of the current case: theory `exact`, measured `e`"
/// when SVCSIM_VALIDATION_TABLE is set. The 95 % half-width is Student t's
/// with R - 1 degrees of freedom times the standard error; `seq` keeps the
/// checks of one case in the order the test makes them.
inline void record_table_row(const std::string& figure, const Estimate& e, double exact, double systematic) {
  const char* path = std::getenv("SVCSIM_VALIDATION_TABLE");
  const TableCase& c = current_table_case();
  if (path == nullptr || c.id.empty() || e.values.size() < 2) return;
  static int seq = 0;
  const double t = boost::math::quantile(
      boost::math::students_t(static_cast<double>(e.values.size() - 1)), 0.975);
  using table_json::json_number;
  using table_json::json_string;
  const std::string line =
      "{\"section\":" + json_string(c.section) + ",\"case\":" + json_string(c.id) +
      ",\"model\":" + json_string(c.model) + ",\"figure\":" + json_string(figure) +
      ",\"seq\":" + std::to_string(seq++) + ",\"theory\":" + json_number(exact) +
      ",\"mean\":" + json_number(e.mean) + ",\"standard_error\":" + json_number(e.standard_error) +
      ",\"half_width_95\":" + json_number(t * e.standard_error) + ",\"systematic\":" + json_number(systematic) +
      ",\"replications\":" + std::to_string(e.values.size()) + ",\"duration_s\":" + json_number(c.duration_s) +
      ",\"warmup_s\":" + json_number(c.warmup_s) + "}\n";
  // One write of the whole line in append mode: lines of tests that run at
  // the same time (ctest -j) do not interleave.
  std::FILE* f = std::fopen(path, "a");
  if (f == nullptr) {
    std::fprintf(stderr, "cannot append to SVCSIM_VALIDATION_TABLE=%s\n", path);
    std::abort();
  }
  std::setvbuf(f, nullptr, _IOFBF, line.size() + 1);
  std::fwrite(line.data(), 1, line.size(), f);
  std::fclose(f);
}

}  // namespace svcsim::test
