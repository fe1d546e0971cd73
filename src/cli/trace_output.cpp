// `run --traces` (see trace_output.hpp).
#include "cli/trace_output.hpp"

#include <iostream>

#include <fmt/format.h>

#include "svcsim/time.hpp"
#include "trace/rfc3339.hpp"

namespace svcsim::cli {

std::unique_ptr<TraceOutput> TraceOutput::open(const TraceArgs& args) {
  auto out = std::make_unique<TraceOutput>();
  if (args.path.empty()) return out;
  trace::TraceOptions options;
  bool ok = true;
  const Parsed<double> sample = parse_ratio(args.sample);
  if (!sample) {
    std::cerr << fmt::format("error: --trace-sample '{}': {}\n", args.sample, sample.error.message);
    ok = false;
  } else {
    options.sample = *sample.value;
  }
  if (args.slower_than) {
    const Parsed<Duration> d = parse_duration(*args.slower_than);
    if (!d || d.value->ns < 0) {
      std::cerr << fmt::format("error: --trace-slower-than '{}': {}\n", *args.slower_than,
                               d ? std::string("must not be negative") : d.error.message);
      ok = false;
    } else {
      options.slower_than_ns = d.value->ns;
    }
  }
  if (const auto start = trace::parse_rfc3339(args.start)) {
    options.start_unix_ns = *start;
  } else {
    std::cerr << fmt::format("error: --trace-start '{}': expected an RFC 3339 time between 1970 and 2255, "
                             "e.g. 2025-01-01T00:00:00Z\n",
                             args.start);
    ok = false;
  }
  if (!ok) return nullptr;
  if (const std::string problem = out->file_.open(args.path); !problem.empty()) {
    std::cerr << "error: " << problem << '\n';
    return nullptr;
  }
  TraceOutput* self = out.get();
  out->recorder_.emplace(options, [self](std::string_view piece) { self->file_.append(piece); });
  return out;
}

std::string TraceOutput::commit() { return recorder_ ? file_.commit() : std::string(); }

}  // namespace svcsim::cli
