// --find's bisection (see svcsim/sweep.hpp). The state is only which indices
// passed or failed; every decision is derived from it, so the sequence of
// points is fixed by the outcomes alone (never by threads or timing).
#include <fmt/format.h>

#include "svcsim/sweep.hpp"

namespace svcsim {

Bisection::Bisection(std::size_t count) : count_(count), pass_(count) {}

std::optional<bool> Bisection::outcome(std::size_t index) const { return pass_[index]; }

std::vector<std::size_t> Bisection::next() const {
  if (count_ == 0) return {};
  const std::size_t last = count_ - 1;
  std::vector<std::size_t> ends;
  for (const std::size_t i : {std::size_t{0}, last})
    if (!outcome(i) && (ends.empty() || ends.back() != i)) ends.push_back(i);
  if (!ends.empty()) return ends;
  if (!*outcome(last)) return {};  // the largest value fails: nothing above to search
  // hi: the smallest index seen to pass; lo: the largest below it seen to fail.
  std::size_t hi = last;
  for (std::size_t i = 0; i < count_; ++i)
    if (outcome(i) && *outcome(i)) {
      hi = i;
      break;
    }
  std::optional<std::size_t> lo;
  for (std::size_t i = 0; i < hi; ++i)
    if (outcome(i) && !*outcome(i)) lo = i;
  if (lo && hi - *lo > 1) return {*lo + (hi - *lo) / 2};
  // Found: test the assumption once, on the value just above.
  if (hi + 1 < count_ && !outcome(hi + 1)) return {hi + 1};
  return {};
}

void Bisection::record(std::size_t index, bool pass) {
  if (index < count_) pass_[index] = pass;
}

std::optional<std::size_t> Bisection::found() const {
  for (std::size_t i = 0; i < count_; ++i)
    if (outcome(i) && *outcome(i)) return i;
  return std::nullopt;
}

std::string Bisection::assumption_problem(const std::vector<std::string>& values) const {
  // The first passing value with a larger failing one after it.
  for (std::size_t i = 0; i < count_; ++i) {
    if (!outcome(i) || !*outcome(i)) continue;
    for (std::size_t j = i + 1; j < count_; ++j)
      if (outcome(j) && !*outcome(j))
        return fmt::format("{} meets every objective but the larger {} does not: the assumption that more is "
                           "better does not hold here (or the difference is noise); the value found is the "
                           "smallest seen to pass, not a threshold",
                           values[i], values[j]);
    break;
  }
  return {};
}

std::vector<std::pair<std::size_t, bool>> Bisection::evaluated() const {
  std::vector<std::pair<std::size_t, bool>> out;
  for (std::size_t i = 0; i < count_; ++i)
    if (outcome(i)) out.emplace_back(i, *outcome(i));
  return out;
}

}  // namespace svcsim
