// `run --traces FILE` (SPEC 8.1): the trace options checked before the run,
// the span recorder that watches it, and the file written whole at its end.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "svcsim/report.hpp"
#include "trace/span_recorder.hpp"

namespace svcsim::cli {

struct TraceArgs {
  std::string path;                      // --traces; empty: no traces
  std::string sample = "1%";             // --trace-sample
  std::optional<std::string> slower_than;  // --trace-slower-than
  std::string start = "2025-01-01T00:00:00Z";  // --trace-start
};

class TraceOutput {
 public:
  /// Checks the options and opens the file (a temporary beside it); prints
  /// what is wrong and returns nullptr. Without --traces, an output that does nothing.
  static std::unique_ptr<TraceOutput> open(const TraceArgs& args);

  /// The observer for the run (nullptr without --traces).
  RunObserver* observer() { return recorder_ ? &*recorder_ : nullptr; }
  /// After a finished run: the file renamed into place. Returns an error message, empty on success.
  std::string commit();

 private:
  AtomicFileWriter file_;
  std::optional<trace::SpanRecorder> recorder_;
};

}  // namespace svcsim::cli
