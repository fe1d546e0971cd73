// The progress of a long run on stderr. On a terminal: one line redrawn in
// place with \r and cleared at the end, cut to the terminal's width so that
// it never wraps. Elsewhere (an engine's log: GNU parallel, Slurm,
// Kubernetes): a plain line every few seconds, so a log shows that a shard is
// alive and how far it is, and short runs print nothing. Both say the share
// done, the events simulated, the simulated clock, the wall-clock time
// elapsed and the time left at the pace so far.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace svcsim {
struct Scenario;
}

namespace svcsim::cli {

/// The simulated seconds of `runs` runs of `scenario` (with `warmup: auto`
/// every replication also runs once as a pilot), for ProgressLine's clock.
double simulated_seconds(const Scenario& scenario, std::size_t runs);

/// `--progress MODE`: `auto` (a bar on a terminal, plain lines elsewhere),
/// `bar`, `plain` or `none`; --quiet and --no-progress mean `none`.
enum class ProgressMode { automatic, bar, plain, none };

/// nullopt for an unknown mode.
std::optional<ProgressMode> parse_progress_mode(std::string_view text);

/// The mode of a command's options: `none` with --quiet or --no-progress,
/// else --progress TEXT; nullopt (after a message on stderr) for an unknown TEXT.
std::optional<ProgressMode> progress_mode_of(bool quiet, bool no_progress, const std::string& text);

/// Where a command is: the share done, events so far, seconds of simulated
/// time to simulate in all (every run together; 0 when unknown), and wall-clock
/// seconds since the start.
struct ProgressState {
  double fraction = 0;
  std::uint64_t events = 0;
  double simulated_total_s = 0;
  double elapsed_s = 0;
};

/// The terminal bar's text for a terminal `width` columns wide: never more
/// than width - 1 columns (a line that fills the last column wraps on some
/// terminals); the parts that do not fit are left out, least useful first.
std::string progress_bar_text(const ProgressState& state, int width);

/// The plain line, e.g. `svcsim: progress 80%, 62.2M events, simulated 2m24s of 3m, 5s elapsed, 1s left`.
std::string progress_plain_text(const ProgressState& state);

class ProgressLine {
 public:
  /// `bar` is drawn only when `stream` is a terminal; `automatic` chooses by
  /// it. `simulated_total_s`: the simulated seconds of all the runs together
  /// (the clock shown is that share of it), 0 to show no clock.
  ProgressLine(std::FILE* stream, ProgressMode mode, double simulated_total_s = 0);
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
  ProgressState state(double fraction, std::uint64_t events, std::chrono::steady_clock::time_point now) const;

  std::FILE* stream_;
  Style style_;
  double simulated_total_s_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace svcsim::cli
