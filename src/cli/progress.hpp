// The progress line of a long run: one line on stderr, redrawn in place with
// \r, cleared at the end. Shown only on a terminal, so logs and CI stay clean.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>

namespace svcsim::cli {

class ProgressLine {
 public:
  /// Active only when `enabled` and `stream` is a terminal.
  ProgressLine(std::FILE* stream, bool enabled);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  bool active() const { return active_; }
  /// Redraws (at most every 100 ms of wall clock) a bar, the percent of simulated time and the events.
  void update(double fraction, std::uint64_t events);
  /// Erases the line; also done by the destructor.
  void clear();

 private:
  std::FILE* stream_;
  bool active_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace svcsim::cli
