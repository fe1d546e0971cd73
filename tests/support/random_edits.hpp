// Random damage to a scenario's text, for the loader's robustness tests: a
// fixed-seed generator makes the same inputs every run.
#pragma once

#include <random>
#include <string>

namespace svcsim::test {

// Characters that stress YAML's syntax, multi-byte UTF-8 and invalid bytes.
inline constexpr const char kDamageAlphabet[] = "[]{}:,-&*!|>'\"#%@ \n\tabc019.\xc3\xff";

// `base` with one to four random insertions, deletions or replacements.
inline std::string randomly_edited(const std::string& base, std::mt19937& rng) {
  const std::string alphabet = kDamageAlphabet;
  std::string text = base;
  const int edits = 1 + static_cast<int>(rng() % 4);
  for (int e = 0; e < edits; ++e) {
    const std::size_t pos = rng() % (text.size() + 1);
    const char c = alphabet[rng() % alphabet.size()];
    switch (rng() % 3) {
      case 0: text.insert(pos, 1, c); break;
      case 1: if (pos < text.size()) text.erase(pos, 1); break;
      default: if (pos < text.size()) text[pos] = c; break;
    }
  }
  return text;
}

}  // namespace svcsim::test
