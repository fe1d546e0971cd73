// The import pipeline (include/svcsim/trace_import.hpp): files -> spans ->
// span forest -> observations -> names -> YAML, with the report of what was
// read and left out.
#include "svcsim/trace_import.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "import/names.hpp"
#include "import/observations.hpp"
#include "import/scenario_writer.hpp"
#include "import/span_forest.hpp"
#include "import/step_template.hpp"
#include "import/trace_files.hpp"

namespace svcsim {
namespace {

using namespace trace_import;

struct Pipeline {
  SpanSet set;
  SpanForest forest;
  Observations obs;
  ScenarioNames names;
  std::vector<std::string> report;
  std::string error;
};

std::string spans_text(std::uint64_t n) { return fmt::format("{} span{}", n, n == 1 ? "" : "s"); }

// Reads and models the traces; `error` set on a problem.
void read_and_observe(const std::vector<std::string>& files, const std::string& format_text, Pipeline& p) {
  const auto format = parse_trace_format(format_text);
  if (!format) {
    p.error = fmt::format("error: --format '{}': expected auto, otlp, jaeger or zipkin", format_text);
    return;
  }
  const ReadFilesResult read = read_trace_files(files, *format, p.set);
  if (!read.error.empty()) {
    p.error = read.error;
    return;
  }
  for (const FileSummary& f : read.files)
    p.report.push_back(fmt::format("read {}: {} ({})", f.path, spans_text(f.spans), trace_format_name(f.format)));
  p.forest = build_span_forest(p.set);
  p.obs = observe(p.forest, p.set.strings);
  p.report.push_back(fmt::format("used {} in {} trace{}: {} root{}, {} endpoint{}", spans_text(p.forest.size()),
                                 p.forest.traces, p.forest.traces == 1 ? "" : "s", p.forest.roots.size(),
                                 p.forest.roots.size() == 1 ? "" : "s", p.obs.endpoints.size(),
                                 p.obs.endpoints.size() == 1 ? "" : "s"));
  for (const auto& [reason, n] : p.set.left_out.counts) p.report.push_back(fmt::format("left out: {}: {}", reason, n));
  for (const auto& [reason, n] : p.forest.notes) p.report.push_back(fmt::format("note: {}: {}", reason, n));
  for (const auto& [reason, n] : p.obs.notes) p.report.push_back(fmt::format("note: {}: {}", reason, n));
  if (p.obs.workloads.empty()) {
    p.error = fmt::format("{}: error: no request to model: the files hold no span that could start one",
                          files.empty() ? std::string("traces") : files.front());
    return;
  }
  p.names = name_everything(p.obs);
}

}  // namespace

TraceImportResult import_traces(const TraceImportOptions& options) {
  TraceImportResult result;
  Pipeline p;
  read_and_observe(options.files, options.format, p);
  result.report = std::move(p.report);
  if (!p.error.empty()) {
    result.error = p.error;
    return result;
  }
  WriterOptions writer;
  writer.name = options.name;
  if (writer.name.empty() && !options.files.empty())
    writer.name = node_name_from(std::filesystem::path(options.files.front()).stem().string());
  std::string sources;
  for (const auto& f : options.files) sources += (sources.empty() ? "" : ", ") + f;
  writer.description = "imported by svcsim import from " + sources;
  writer.sampled = options.sampled;
  const WrittenScenario written = write_scenario(p.obs, p.names, writer);
  if (written.cycles_cut > 0)
    result.report.push_back(fmt::format("left out: calls that close a call cycle (the loader refuses cycles): {}",
                                        written.cycles_cut));
  if (written.groups_dropped > 0)
    result.report.push_back(fmt::format("left out: calls of rare call patterns that fit no step: {}",
                                        written.groups_dropped));
  if (written.aggregated > 0)
    result.report.push_back(fmt::format("note: endpoints with more than {} places for calls, aggregated per callee "
                                        "(order and own-time places lost): {}",
                                        kMaxSlots, written.aggregated));
  constexpr std::size_t kLoaderLimit = std::size_t{16} << 20;  // src/scenario/yaml_guard.cpp's kMaxScenarioBytes
  if (written.yaml.size() > kLoaderLimit)
    result.report.push_back(fmt::format("warning: the scenario is {} MiB, more than the 16 MiB the loader reads: "
                                        "import fewer traces, or fewer services at a time",
                                        written.yaml.size() >> 20));
  result.yaml = written.yaml;
  return result;
}

ObservedLatencies observe_trace_latencies(const std::vector<std::string>& files, const std::string& format) {
  ObservedLatencies out;
  Pipeline p;
  read_and_observe(files, format, p);
  out.report = std::move(p.report);
  if (!p.error.empty()) {
    out.error = p.error;
    return out;
  }
  for (std::size_t w = 0; w < p.obs.workloads.size(); ++w)
    out.workloads[p.names.workload[w]] = p.obs.workloads[w].latencies_ns;
  for (EndpointId id = 0; id < p.obs.endpoints.size(); ++id) {
    const ObservedEndpoint& e = p.obs.endpoints[id];
    auto& endpoint = out.endpoints[p.names.target(p.obs, id)];
    auto& node = out.nodes[p.names.nodes.at(e.node)];
    for (const std::int64_t d : e.durations()) {
      endpoint.push_back(d);
      node.push_back(d);
    }
  }
  return out;
}

}  // namespace svcsim
