// The progress line (see progress.hpp).
#include "cli/progress.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "svcsim/scenario.hpp"
#include "svcsim/time.hpp"

namespace svcsim::cli {
namespace {

constexpr int kBarMax = 30;
constexpr int kBarMin = 10;
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);
constexpr auto kPlainEvery = std::chrono::seconds(5);

std::string events_text(std::uint64_t events) {
  const auto e = static_cast<double>(events);
  if (events < 10'000) return fmt::format("{}", events);
  if (e < 1e6) return fmt::format("{:.1f}k", e / 1e3);
  if (e < 1e9) return fmt::format("{:.1f}M", e / 1e6);
  return fmt::format("{:.1f}G", e / 1e9);
}

// Whole seconds in the duration notation: `5s`, `2m24s`, `1h`.
std::string seconds_text(double s) {
  return format_duration(Duration::from_seconds(std::round(std::max(0.0, s))));
}

double done_of(const ProgressState& s) { return std::clamp(s.fraction, 0.0, 1.0); }

// The wall-clock time left at the pace so far, once that pace means something.
std::optional<double> seconds_left(const ProgressState& s) {
  const double f = done_of(s);
  if (f < 0.01 || s.elapsed_s < 0.2) return std::nullopt;
  return s.elapsed_s * (1 - f) / f;
}

std::string simulated_text(const ProgressState& s) {
  return seconds_text(done_of(s) * s.simulated_total_s) + " of " + seconds_text(s.simulated_total_s);
}

// The columns a terminal gives stderr: its own size, else $COLUMNS, else 80.
int terminal_width(std::FILE* stream) {
  winsize size{};
  if (::ioctl(::fileno(stream), TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  if (const char* columns = std::getenv("COLUMNS"); columns != nullptr && std::atoi(columns) > 0)
    return std::atoi(columns);
  return 80;
}

}  // namespace

double simulated_seconds(const Scenario& scenario, std::size_t runs) {
  const std::size_t pilots = scenario.warmup_auto ? static_cast<std::size_t>(std::max(1, scenario.replications)) : 0;
  return scenario.duration.seconds() * static_cast<double>(runs + pilots);
}

std::optional<ProgressMode> parse_progress_mode(std::string_view text) {
  if (text == "auto") return ProgressMode::automatic;
  if (text == "bar") return ProgressMode::bar;
  if (text == "plain") return ProgressMode::plain;
  if (text == "none") return ProgressMode::none;
  return std::nullopt;
}

std::optional<ProgressMode> progress_mode_of(bool quiet, bool no_progress, const std::string& text) {
  const auto mode = parse_progress_mode(text);
  if (!mode) {
    fmt::print(stderr, "error: --progress {}: expected auto, bar, plain or none\n", text);
    return std::nullopt;
  }
  return quiet || no_progress ? ProgressMode::none : *mode;
}

std::string progress_bar_text(const ProgressState& state, int width) {
  const double f = done_of(state);
  // Display order; `drop` ranks what goes first when the line is too long.
  struct Part {
    std::string text;
    int drop;
  };
  std::vector<Part> parts{{fmt::format("{:3.0f}%", f * 100), 99}};
  if (state.simulated_total_s > 0) parts.push_back({"sim " + simulated_text(state), 2});
  parts.push_back({events_text(state.events) + " events", 0});
  parts.push_back({seconds_text(state.elapsed_s) + " elapsed", 1});
  if (const auto left = seconds_left(state)) parts.push_back({"ETA " + seconds_text(*left), 3});
  const int room = std::max(1, width - 1);
  auto joined = [&] {
    std::string text;
    for (const Part& p : parts) text += (text.empty() ? "" : "  ") + p.text;
    return text;
  };
  std::string text = joined();
  while (static_cast<int>(text.size()) > room && parts.size() > 1) {
    parts.erase(std::min_element(parts.begin(), parts.end(), [](const Part& a, const Part& b) { return a.drop < b.drop; }));
    text = joined();
  }
  if (static_cast<int>(text.size()) > room) return text.substr(0, static_cast<std::size_t>(room));
  const int bar = std::min(kBarMax, room - static_cast<int>(text.size()) - 3);  // "[" bar "] "
  if (bar < kBarMin) return text;
  const auto filled = static_cast<std::size_t>(f * bar);
  return fmt::format("[{}{}] {}", std::string(filled, '#'), std::string(static_cast<std::size_t>(bar) - filled, '.'), text);
}

std::string progress_plain_text(const ProgressState& state) {
  std::string text = fmt::format("svcsim: progress {:.0f}%", done_of(state) * 100);
  if (state.events > 0) text += ", " + events_text(state.events) + " events";
  if (state.simulated_total_s > 0) text += ", simulated " + simulated_text(state);
  text += ", " + seconds_text(state.elapsed_s) + " elapsed";
  if (const auto left = seconds_left(state)) text += ", about " + seconds_text(*left) + " left";
  return text;
}

ProgressLine::ProgressLine(std::FILE* stream, ProgressMode mode, double simulated_total_s)
    : stream_(stream), style_(Style::off), simulated_total_s_(simulated_total_s),
      start_(std::chrono::steady_clock::now()) {
  const bool terminal = stream != nullptr && ::isatty(::fileno(stream)) == 1;
  if (stream == nullptr || mode == ProgressMode::none) return;
  if (mode == ProgressMode::plain || (mode == ProgressMode::automatic && !terminal)) {
    style_ = Style::plain;
    // Forced plain lines start at once; automatic ones only once a run is long.
    last_draw_ = mode == ProgressMode::plain ? start_ - kPlainEvery : start_;
  } else if (terminal) {
    style_ = Style::bar;
  }
}

ProgressLine::~ProgressLine() { clear(); }

ProgressState ProgressLine::state(double fraction, std::uint64_t events,
                                  std::chrono::steady_clock::time_point now) const {
  return {fraction, events, simulated_total_s_, std::chrono::duration<double>(now - start_).count()};
}

void ProgressLine::update(double fraction, std::uint64_t events) {
  const auto now = std::chrono::steady_clock::now();
  if (style_ == Style::bar) {
    if (drawn_ && now - last_draw_ < kRedrawEvery) return;
    last_draw_ = now;
    drawn_ = true;
    // \033[K erases what a longer previous line left behind.
    fmt::print(stream_, "\r{}\033[K", progress_bar_text(state(fraction, events, now), terminal_width(stream_)));
    std::fflush(stream_);
  } else if (style_ == Style::plain) {
    if (now - last_draw_ < kPlainEvery) return;
    last_draw_ = now;
    fmt::print(stream_, "{}\n", progress_plain_text(state(fraction, events, now)));
    std::fflush(stream_);
  }
}

void ProgressLine::clear() {
  if (style_ != Style::bar || !drawn_) return;
  fmt::print(stream_, "\r\033[K");
  std::fflush(stream_);
  drawn_ = false;
}

}  // namespace svcsim::cli
