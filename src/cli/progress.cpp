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

std::string events_text(std::uint64_t events) {
  const auto e = static_cast<double>(events);
  if (events < 10'000) return fmt::format("{}", events);
  if (e < 1e6) return fmt::format("{:.1f}k", e / 1e3);
  if (e < 1e9) return fmt::format("{:.1f}M", e / 1e6);
  return fmt::format("{:.1f}G", e / 1e9);
}

}  // namespace

ProgressLine::ProgressLine(std::FILE* stream, bool enabled)
    : stream_(stream), active_(enabled && stream != nullptr && ::isatty(::fileno(stream)) == 1) {}

ProgressLine::~ProgressLine() { clear(); }

void ProgressLine::update(double fraction, std::uint64_t events) {
  if (!active_) return;
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

void ProgressLine::clear() {
  if (!active_ || !drawn_) return;
  fmt::print(stream_, "\r\033[K");
  std::fflush(stream_);
  drawn_ = false;
}

}  // namespace svcsim::cli
