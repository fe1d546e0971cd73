// The objectives as JUnit XML for CI test reports: one <testcase> per
// objective, <failure> when it failed, <error> when it could not be
// evaluated (both with the detail as text too: GitLab shows the text). A run
// that stopped or was refused has an <error> test case saying why, so a CI
// never reads success from what was not evaluated (k6's rule); overload
// warnings go to the suite's <system-err>. Valid against
// the Jenkins xunit JUnit schema (tests/data/junit/junit-10.xsd).
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "report/figures.hpp"
#include "report/markup_escape.hpp"
#include "report/objective_text.hpp"
#include "svcsim/report.hpp"
#include "svcsim/summary.hpp"

namespace svcsim {
namespace {

using detail::markup_escape;

// An element with its message as an attribute (on one line: "; " between
// lines) and as text: <failure type=… message=…>…</failure>.
std::string outcome(std::string_view element, std::string_view type, const std::string& message) {
  std::string one_line;
  for (const char c : message) {
    if (c == '\n')
      one_line += "; ";
    else
      one_line += c;
  }
  return fmt::format("      <{0} type=\"{1}\" message=\"{2}\">{3}</{0}>\n", element, type, markup_escape(one_line),
                     markup_escape(message));
}

std::string testcase(const std::string& classname, const std::string& name, double time, const std::string& body) {
  return fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"{:.3f}\">\n{}    </testcase>\n",
                     markup_escape(classname), markup_escape(name), time, body);
}

std::string objective_body(const ObjectiveResult& s, bool stopped) {
  if (stopped) return "      <skipped message=\"not evaluated: the run stopped before its end\"/>\n";
  if (!s.evaluable) return outcome("error", "objective not evaluable", "cannot evaluate: " + s.problem);
  const std::string observed = "observed " + detail::observed_text(s) + ", limit " + detail::limit_text(s);
  if (!s.pass) return outcome("failure", "objective failed", observed);
  return fmt::format("      <system-out>{}</system-out>\n", markup_escape(observed));
}

struct Counts {
  std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
};

// The document around the test cases; `properties` may be empty.
std::string document(const std::string& suite, const Counts& n, const JunitRun& run, const std::string& properties,
                     const std::string& cases) {
  const std::string timestamp =
      run.timestamp.empty() ? std::string() : fmt::format(" timestamp=\"{}\"", markup_escape(run.timestamp));
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"svcsim\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.3f}\">\n",
                     n.tests, n.failures, n.errors, run.wall_s);
  out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" "
                     "time=\"{:.3f}\"{}>\n",
                     markup_escape(suite), n.tests, n.failures, n.errors, n.skipped, run.wall_s, timestamp);
  out += properties + cases;
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace

std::string objectives_to_junit(const ReplicatedResults& results, const JunitRun& run) {
  const std::string name = results.runs.empty() ? std::string("svcsim") : results.runs.front().scenario_name;
  Counts n;
  std::string cases;
  // Why the run stopped: the first replication that stopped, by index.
  const auto stopped = detail::first_stopped(results.runs);
  const std::string stop = stopped ? detail::stop_text(results.runs, *stopped) : std::string();
  if (!stop.empty()) {
    cases += testcase(name, "run", run.wall_s, outcome("error", "run stopped", "run stopped: " + stop));
    ++n.tests;
    ++n.errors;
  }
  for (const auto& s : results.slo) {
    cases += testcase(name, s.check, 0, objective_body(s, !stop.empty()));
    ++n.tests;
    if (!stop.empty())
      ++n.skipped;
    else if (!s.evaluable)
      ++n.errors;
    else if (!s.pass)
      ++n.failures;
  }
  std::string properties;
  if (!results.runs.empty()) {
    const Results& first = results.runs.front();
    properties += "    <properties>\n";
    properties += fmt::format("      <property name=\"seed\" value=\"{}\"/>\n", first.seed);
    properties += fmt::format("      <property name=\"replications\" value=\"{}\"/>\n", results.runs.size());
    if (!first.scenario_hash.empty())
      properties += fmt::format("      <property name=\"scenario_hash\" value=\"{}\"/>\n",
                                markup_escape(first.scenario_hash));
    properties += "    </properties>\n";
    // Nodes offered at least what they can serve (SPEC 10): the figures the
    // objectives were judged on describe a growing queue. JUnit has no
    // warnings; CI test reports show the suite's standard error.
    std::string warnings;
    for (const OverloadWarning& w : summarize(results.runs).warnings)
      warnings += "warning: " + detail::overload_text(w) + "\n";
    if (!warnings.empty()) properties += "    <system-err>" + markup_escape(warnings) + "</system-err>\n";
  }
  return document(name, n, run, properties, cases);
}

std::string refusal_to_junit(const std::string& suite, const std::string& why, const JunitRun& run,
                             const std::string& type) {
  Counts n;
  n.tests = 1;
  n.errors = 1;
  return document(suite, n, run, "", testcase(suite, "run", run.wall_s, outcome("error", type, why)));
}

}  // namespace svcsim
