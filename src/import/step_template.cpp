// Building one endpoint's step template (see step_template.hpp).
#include "import/step_template.hpp"

#include <algorithm>
#include <map>

namespace svcsim::trace_import {
namespace {

using Key = std::vector<EndpointId>;  // a group's targets

// A run as tokens: groups, with a run of equal single-call groups folded into one token with a count.
struct Token {
  Key key;
  int count = 1;
  std::int64_t own_before = 0;  // own time before it
  std::int64_t own_inside = 0;  // own time between its repeated calls (goes after it)
};

std::vector<Token> tokens_of(const Execution& run, std::int64_t& own_after) {
  std::vector<Token> tokens;
  for (std::size_t g = 0; g < run.groups.size(); ++g) {
    const Key& key = run.groups[g].targets;
    if (!tokens.empty() && key.size() == 1 && tokens.back().key == key) {
      ++tokens.back().count;
      tokens.back().own_inside += run.gaps[g];
    } else {
      tokens.push_back({key, 1, run.gaps[g], 0});
    }
  }
  own_after = run.gaps.empty() ? run.duration_ns : run.gaps.back();
  return tokens;
}

// Above this many cells an alignment is greedy instead of exact (a run of
// thousands of distinct calls must not cost gigabytes).
constexpr std::size_t kMaxTableCells = 4'000'000;

bool too_large(const std::vector<Key>& a, const std::vector<Key>& b) {
  return (a.size() + 1) * (b.size() + 1) > kMaxTableCells;
}

// Longest common subsequence table of a and b (keys).
std::vector<std::vector<std::uint32_t>> lcs_table(const std::vector<Key>& a, const std::vector<Key>& b) {
  std::vector<std::vector<std::uint32_t>> t(a.size() + 1, std::vector<std::uint32_t>(b.size() + 1, 0));
  for (std::size_t i = a.size(); i-- > 0;)
    for (std::size_t j = b.size(); j-- > 0;)
      t[i][j] = a[i] == b[j] ? t[i + 1][j + 1] + 1 : std::max(t[i + 1][j], t[i][j + 1]);
  return t;
}

// The shortest common supersequence of master and seq (master's order first on ties).
std::vector<Key> merge(const std::vector<Key>& master, const std::vector<Key>& seq) {
  if (master.empty()) return seq;
  if (too_large(master, seq)) return master;  // its calls are fitted in where they can be (embed)
  const auto t = lcs_table(master, seq);
  std::vector<Key> out;
  std::size_t i = 0, j = 0;
  while (i < master.size() || j < seq.size()) {
    if (i < master.size() && j < seq.size() && master[i] == seq[j]) {
      out.push_back(master[i++]);
      ++j;
    } else if (j == seq.size() || (i < master.size() && t[i + 1][j] >= t[i][j + 1])) {
      out.push_back(master[i++]);
    } else {
      out.push_back(seq[j++]);
    }
  }
  return out;
}

// Where each element of seq sits in master (-1: nowhere), along a longest common subsequence.
std::vector<int> embed(const std::vector<Key>& master, const std::vector<Key>& seq) {
  std::vector<int> at(seq.size(), -1);
  std::size_t i = 0, j = 0;
  if (too_large(master, seq)) {  // greedy: each element at the next place that matches
    for (; j < seq.size(); ++j) {
      std::size_t k = i;
      while (k < master.size() && master[k] != seq[j]) ++k;
      if (k < master.size()) {
        at[j] = static_cast<int>(k);
        i = k + 1;
      }
    }
    return at;
  }
  const auto t = lcs_table(master, seq);
  while (i < master.size() && j < seq.size()) {
    if (master[i] == seq[j]) {
      at[j++] = static_cast<int>(i++);
    } else if (t[i + 1][j] >= t[i][j + 1]) {
      ++i;
    } else {
      ++j;
    }
  }
  return at;
}

// The aggregated form (see StepTemplate::aggregated): calls per callee, own time in one place.
StepTemplate aggregate(const std::vector<Execution>& runs, const std::vector<std::int64_t>& leaf_durations) {
  StepTemplate out;
  out.aggregated = true;
  out.runs = runs.size() + leaf_durations.size();
  std::map<EndpointId, std::size_t> slot_of;  // callee -> slot, in order of first appearance
  std::vector<std::uint64_t> calls;           // per slot, over all runs
  out.own_time.assign(1, std::vector<std::int64_t>(out.runs, 0));
  std::vector<std::size_t> seen_in;  // per slot: the last run that made it (+1)
  for (std::size_t r = 0; r < runs.size(); ++r) {
    std::int64_t own = 0;
    for (const std::int64_t g : runs[r].gaps) own += g;
    out.own_time[0][r] = own;
    for (const CallGroup& group : runs[r].groups)
      for (const EndpointId target : group.targets) {
        auto [it, added] = slot_of.emplace(target, out.slots.size());
        if (added) {
          out.slots.push_back({{target}, 0, 1, 1, 1, 0});
          calls.push_back(0);
          seen_in.push_back(0);
        }
        ++calls[it->second];
        if (seen_in[it->second] != r + 1) {
          seen_in[it->second] = r + 1;
          ++out.slots[it->second].runs;
        }
      }
  }
  for (std::size_t l = 0; l < leaf_durations.size(); ++l) out.own_time[0][runs.size() + l] = leaf_durations[l];
  for (std::size_t k = 0; k < out.slots.size(); ++k) {
    Slot& s = out.slots[k];
    const double mean = static_cast<double>(calls[k]) / static_cast<double>(s.runs);
    s.repeat = std::clamp(static_cast<int>(mean + 0.5), 1, 1000);
    s.repeat_min = s.repeat_max = s.repeat;
    s.runs_with_repeat = s.runs;
  }
  out.own_time.resize(out.slots.size() + 1, std::vector<std::int64_t>(out.runs, 0));
  return out;
}

}  // namespace

StepTemplate build_step_template(const std::vector<Execution>& runs, const std::vector<std::int64_t>& leaf_durations) {
  StepTemplate out;
  out.runs = runs.size() + leaf_durations.size();
  std::vector<std::vector<Token>> tokens(runs.size());
  std::vector<std::int64_t> own_after(runs.size());
  std::map<std::vector<Key>, std::uint64_t> patterns;
  std::vector<std::vector<Key>> keys(runs.size());
  for (std::size_t r = 0; r < runs.size(); ++r) {
    tokens[r] = tokens_of(runs[r], own_after[r]);
    for (const Token& t : tokens[r]) keys[r].push_back(t.key);
    ++patterns[keys[r]];
  }
  if (!leaf_durations.empty()) patterns[{}] += leaf_durations.size();
  // The most frequent patterns first (ties: the map's order), so that common runs shape the sequence.
  std::vector<std::pair<std::uint64_t, const std::vector<Key>*>> ranked;
  for (const auto& [pattern, count] : patterns) ranked.emplace_back(count, &pattern);
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<Key> master;
  for (std::size_t p = 0; p < ranked.size() && p < kMaxPatterns; ++p) master = merge(master, *ranked[p].second);

  const std::size_t slots = master.size();
  out.slots.resize(slots);
  for (std::size_t k = 0; k < slots; ++k) out.slots[k].targets = master[k];
  out.own_time.assign(slots + 1, std::vector<std::int64_t>(out.runs, 0));
  for (std::size_t l = 0; l < leaf_durations.size(); ++l) out.own_time[slots][runs.size() + l] = leaf_durations[l];
  std::vector<std::map<int, std::uint64_t>> repeats(slots);
  std::map<std::vector<Key>, std::vector<int>> embeddings;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    auto found = embeddings.find(keys[r]);
    if (found == embeddings.end()) found = embeddings.emplace(keys[r], embed(master, keys[r])).first;
    const std::vector<int>& at = found->second;
    std::int64_t carried = 0;  // own time of tokens that fit no slot, and inside repeats, moves on
    for (std::size_t j = 0; j < tokens[r].size(); ++j) {
      const Token& t = tokens[r][j];
      if (at[j] < 0) {
        ++out.dropped_groups;
        carried += t.own_before + t.own_inside;
        continue;
      }
      const auto k = static_cast<std::size_t>(at[j]);
      out.own_time[k][r] += carried + t.own_before;
      carried = t.own_inside;
      ++out.slots[k].runs;
      ++repeats[k][t.count];
    }
    out.own_time[slots][r] += carried + own_after[r];
  }
  for (std::size_t k = 0; k < slots; ++k) {
    Slot& s = out.slots[k];
    if (repeats[k].empty()) continue;
    s.repeat_min = repeats[k].begin()->first;
    s.repeat_max = repeats[k].rbegin()->first;
    for (const auto& [count, n] : repeats[k])
      if (n > s.runs_with_repeat) {
        s.repeat = count;
        s.runs_with_repeat = n;
      }
  }
  if (out.slots.size() > kMaxSlots) return aggregate(runs, leaf_durations);
  // Slots no run landed in (possible only when patterns beyond kMaxPatterns were fitted) are dropped.
  for (std::size_t k = slots; k-- > 0;)
    if (out.slots[k].runs == 0) {
      for (std::size_t r = 0; r < out.runs; ++r) out.own_time[k + 1][r] += out.own_time[k][r];
      out.slots.erase(out.slots.begin() + static_cast<std::ptrdiff_t>(k));
      out.own_time.erase(out.own_time.begin() + static_cast<std::ptrdiff_t>(k));
    }
  return out;
}

}  // namespace svcsim::trace_import
