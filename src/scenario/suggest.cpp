// Did-you-mean suggestions by edit distance (optimal string alignment), and
// the quoting of user text in messages.
#include "scenario/suggest.hpp"

#include <algorithm>
#include <cstdio>

namespace svcsim::detail {
namespace {

/// Candidates compared by edit distance, at most, per suggestion.
constexpr std::size_t kMaxCompared = 2000;

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  // Three rolling rows: the transposition looks two rows back.
  std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

std::optional<std::string> suggest(std::string_view word, const std::vector<std::string>& candidates) {
  // Long inputs are not typos of short names; skip the quadratic work.
  if (word.empty() || word.size() > 64) return std::nullopt;
  const std::size_t limit = std::max<std::size_t>(1, word.size() / 3);
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  std::size_t compared = 0;
  for (const auto& c : candidates) {
    if (c == word) continue;
    // Lengths too far apart cannot be within the limit; and on a huge
    // document the search is cut short (a suggestion is a courtesy).
    const std::size_t gap = c.size() > word.size() ? c.size() - word.size() : word.size() - c.size();
    if (gap > limit) continue;
    if (++compared > kMaxCompared) break;
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const auto best = suggest(word, candidates);
  return best ? " (did you mean '" + escape_controls(*best) + "'?)" : std::string();
}

std::string control_escape(unsigned code) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, code < 0x80 ? "\\x%02x" : "\\u%04x", code);
  return buffer;
}

std::string escape_controls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
    } else if (u < 0x20 || u == 0x7f) {  // never an escape sequence on the user's terminal
      out += control_escape(u);
    } else if (u == 0xc2) {
      const unsigned next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0u;
      if (next >= 0x80 && next < 0xa0) {  // C1 (U+0080-U+009F)
        out += control_escape(next);
        ++i;
      } else if (next >= 0xa0 && next <= 0xbf) {  // U+00A0-U+00BF
        out += c;
        out += text[++i];
      } else {
        // A lead byte with no continuation byte (at the end, or before ASCII):
        // escaped, so that no text put after it can complete it into a C1
        // control (found by fuzz_overrides: a --set path ending in 0xC2).
        out += "\\xc2";
      }
    } else {
      out += c;
    }
  }
  return out;
}

std::string quote(std::string_view text) {
  constexpr std::size_t kMaxShown = 80;
  std::size_t cut = text.size();
  if (cut > kMaxShown) {
    cut = kMaxShown;
    // Back up to the start of a UTF-8 sequence (continuation bytes are 10xxxxxx).
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  }
  return "'" + escape_controls(text.substr(0, cut)) + (cut < text.size() ? "…'" : "'");
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += separator;
    out += items[i];
  }
  return out;
}

}  // namespace svcsim::detail
