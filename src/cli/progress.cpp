// The progress line (see progress.hpp).
#include "cli/progress.hpp"

#include <algorithm>
#include <string>

#include <fmt/format.h>
#include <unistd.h>

namespace svcsim::cli {
namespace {

constexpr int kBarWidth = 30;
constexpr auto kRedrawEvery = std::chrono::milliseconds(100);
constexpr auto kPlainEvery = std::chrono::seconds(5);

std::string events_text(std::uint64_t events) {
  const auto e = static_cast<double>(events);
  if (events < 10'000) return fmt::format("{}", events);
  if (e < 1e6) return fmt::format("{:.1f}k", e / 1e3);
  if (e < 1e9) return fmt::format("{:.1f}M", e / 1e6);
  return fmt::format("{:.1f}G", e / 1e9);
}

}  // namespace

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

ProgressLine::ProgressLine(std::FILE* stream, ProgressMode mode) : stream_(stream), style_(Style::off) {
  const bool terminal = stream != nullptr && ::isatty(::fileno(stream)) == 1;
  if (stream == nullptr || mode == ProgressMode::none) return;
  if (mode == ProgressMode::plain || (mode == ProgressMode::automatic && !terminal)) {
    style_ = Style::plain;
    start_ = std::chrono::steady_clock::now();
    // Forced plain lines start at once; automatic ones only once a run is long.
    last_draw_ = mode == ProgressMode::plain ? start_ - kPlainEvery : start_;
  } else if (terminal) {
    style_ = Style::bar;
  }
}

ProgressLine::~ProgressLine() { clear(); }

void ProgressLine::update(double fraction, std::uint64_t events) {
  if (style_ == Style::bar) draw_bar(fraction, events);
  if (style_ == Style::plain) print_plain(fraction, events);
}

void ProgressLine::draw_bar(double fraction, std::uint64_t events) {
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_draw_ < kRedrawEvery) return;
  last_draw_ = now;
  drawn_ = true;
  const double f = std::clamp(fraction, 0.0, 1.0);
  const auto filled = static_cast<int>(f * kBarWidth);
  const std::string bar = std::string(static_cast<std::size_t>(filled), '#') +
                          std::string(static_cast<std::size_t>(kBarWidth - filled), '.');
  // \033[K erases what a longer previous line left behind.
  fmt::print(stream_, "\r[{}] {:3.0f}%  {} events\033[K", bar, f * 100, events_text(events));
  std::fflush(stream_);
}

void ProgressLine::print_plain(double fraction, std::uint64_t events) {
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < kPlainEvery) return;
  last_draw_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const std::string events_part = events > 0 ? ", " + events_text(events) + " events" : "";
  fmt::print(stream_, "svcsim: progress {:.0f}%{}, {:.0f}s elapsed\n", std::clamp(fraction, 0.0, 1.0) * 100,
             events_part, elapsed);
  std::fflush(stream_);
}

void ProgressLine::clear() {
  if (style_ != Style::bar || !drawn_) return;
  fmt::print(stream_, "\r\033[K");
  std::fflush(stream_);
  drawn_ = false;
}

}  // namespace svcsim::cli
