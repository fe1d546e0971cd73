// The objectives as JUnit XML for CI test reports: one <testcase> per
// objective, <failure> when it failed, <error> when it could not be evaluated.
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "report/markup_escape.hpp"
#include "report/objective_text.hpp"
#include "svcsim/report.hpp"

namespace svcsim {
namespace {

std::string testcase(const std::string& classname, const ObjectiveResult& s) {
  std::string out = fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"0\"",
                                detail::markup_escape(classname), detail::markup_escape(s.check));
  if (!s.evaluable) {
    const std::string message = "cannot evaluate: " + s.problem;
    return out + fmt::format(">\n      <error type=\"objective not evaluable\" message=\"{}\"/>\n    </testcase>\n",
                             detail::markup_escape(message));
  }
  const std::string observed = "observed " + detail::observed_text(s) + ", limit " + detail::limit_text(s);
  if (!s.pass) {
    return out + fmt::format(">\n      <failure type=\"objective failed\" message=\"{}\"/>\n    </testcase>\n",
                             detail::markup_escape(observed));
  }
  return out + fmt::format(">\n      <system-out>{}</system-out>\n    </testcase>\n", detail::markup_escape(observed));
}

}  // namespace

std::string objectives_to_junit(const ReplicatedResults& results) {
  const std::string name = results.runs.empty() ? std::string("svcsim") : results.runs.front().scenario_name;
  std::size_t failures = 0;
  std::size_t errors = 0;
  for (const auto& s : results.slo) {
    if (!s.evaluable)
      ++errors;
    else if (!s.pass)
      ++failures;
  }
  const std::size_t tests = results.slo.size();
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"svcsim\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"0\">\n", tests,
                     failures, errors);
  out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\" time=\"0\">\n",
                     detail::markup_escape(name), tests, failures, errors);
  if (!results.runs.empty()) {
    const Results& first = results.runs.front();
    out += "    <properties>\n";
    out += fmt::format("      <property name=\"seed\" value=\"{}\"/>\n", first.seed);
    out += fmt::format("      <property name=\"replications\" value=\"{}\"/>\n", results.runs.size());
    if (!first.scenario_hash.empty())
      out += fmt::format("      <property name=\"scenario_hash\" value=\"{}\"/>\n", detail::markup_escape(first.scenario_hash));
    out += "    </properties>\n";
  }
  for (const auto& s : results.slo) out += testcase(name, s);
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace svcsim
