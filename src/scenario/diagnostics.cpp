// The loader's error sink and the `FILE:LINE:COL: error: WHAT` format.
#include "scenario/diagnostics.hpp"

#include <algorithm>
#include <set>
#include <tuple>
#include <utility>

#include "scenario/suggest.hpp"

namespace svcsim {

std::string Diagnostic::format() const {
  std::string out = file;
  if (line > 0) {
    out += ':' + std::to_string(line) + ':' + std::to_string(column);
  }
  out += ": error: ";
  out += message;
  return out;
}

namespace detail {

SourceLocation Where::location() const {
  if (from_override()) return {};
  return SourceLocation{line, column};
}

Diagnostics::Diagnostics(std::string file, std::vector<std::string> set_paths)
    : file_(std::move(file)), set_paths_(std::move(set_paths)) {}

void Diagnostics::error(const Where& at, std::string message) {
  if (errors_.size() >= kMaxErrors) {
    truncated_ = true;
    return;
  }
  // A backstop for messages that quote user text without quote(): one line,
  // no control character (a terminal would act on it), bounded.
  message = escape_controls(message);
  constexpr std::size_t kMaxMessage = 400;
  if (message.size() > kMaxMessage) {
    std::size_t cut = kMaxMessage;
    while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) --cut;
    message.resize(cut);
    message += "…";
  }
  Diagnostic d;
  d.file = file_;
  if (at.from_override()) {
    const auto index = static_cast<std::size_t>(at.set_index);
    const std::string path = index < set_paths_.size() ? set_paths_[index] : std::string("?");
    d.message = "--set " + escape_controls(path) + ": " + message;
  } else {
    d.line = at.line;
    d.column = at.column;
    d.message = std::move(message);
  }
  errors_.push_back(std::move(d));
}

void Diagnostics::file_error(std::string message) { error(Where{}, std::move(message)); }

void Diagnostics::error_in(const std::string& other_file, int line, int column, std::string message) {
  const std::size_t before = errors_.size();
  error(Where{line, column}, std::move(message));
  if (errors_.size() > before) errors_.back().file = other_file;
}

std::vector<Diagnostic> Diagnostics::take_sorted() {
  std::stable_sort(errors_.begin(), errors_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::pair(a.line, a.column) < std::pair(b.line, b.column);
  });
  // Text reused through YAML aliases is read once per use; say each thing once.
  std::set<std::tuple<int, int, std::string>> said;
  std::vector<Diagnostic> unique;
  for (auto& d : errors_) {
    if (said.emplace(d.line, d.column, d.message).second) unique.push_back(std::move(d));
  }
  errors_ = std::move(unique);
  if (truncated_) {
    Diagnostic d;
    d.file = file_;
    d.message = "too many errors; only the first " + std::to_string(kMaxErrors) + " are shown";
    errors_.push_back(std::move(d));
    truncated_ = false;
  }
  return std::move(errors_);
}

}  // namespace detail
}  // namespace svcsim
