// The progress of a long run on stderr. On a terminal: one line redrawn in
// place with \r and cleared at the end. Elsewhere (an engine's log: GNU
// parallel, Slurm, Kubernetes): a plain line every few seconds, so a log shows
// that a shard is alive and how far it is, and short runs print nothing.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace svcsim::cli {

/// `--progress MODE`: `auto` (a bar on a terminal, plain lines elsewhere),
/// `bar`, `plain` or `none`; --quiet and --no-progress mean `none`.
enum class ProgressMode { automatic, bar, plain, none };

/// nullopt for an unknown mode.
std::optional<ProgressMode> parse_progress_mode(std::string_view text);

/// The mode of a command's options: `none` with --quiet or --no-progress,
/// else --progress TEXT; nullopt (after a message on stderr) for an unknown TEXT.
std::optional<ProgressMode> progress_mode_of(bool quiet, bool no_progress, const std::string& text);

class ProgressLine {
 public:
  /// `bar` is drawn only when `stream` is a terminal; `automatic` chooses by it.
  ProgressLine(std::FILE* stream, ProgressMode mode);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  bool active() const { return style_ != Style::off; }
  /// The bar: redrawn at most every 100 ms of wall clock. Plain lines: one at
  /// most every 5 s (the first 5 s after the start; at once with `--progress plain`).
  void update(double fraction, std::uint64_t events);
  /// Erases the bar; also done by the destructor.
  void clear();

 private:
  enum class Style { off, bar, plain };
  void draw_bar(double fraction, std::uint64_t events);
  void print_plain(double fraction, std::uint64_t events);

  std::FILE* stream_;
  Style style_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace svcsim::cli
