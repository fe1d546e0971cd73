// Building one endpoint's step template (see step_template.hpp).
#include "import/step_template.hpp"

#include <algorithm>
#include <map>

namespace svcsim::trace_import {
namespace {

using Key = std::vector<EndpointId>;  // a group's targets
using Pattern = std::vector<std::uint32_t>;  // a run's groups, each as the number of its key

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

bool too_large(const Pattern& a, const Pattern& b) {
  return (a.size() + 1) * (b.size() + 1) > kMaxTableCells;
}

// Longest common subsequence table of a and b (keys).
std::vector<std::vector<std::uint32_t>> lcs_table(const Pattern& a, const Pattern& b) {
  std::vector<std::vector<std::uint32_t>> t(a.size() + 1, std::vector<std::uint32_t>(b.size() + 1, 0));
  for (std::size_t i = a.size(); i-- > 0;)
    for (std::size_t j = b.size(); j-- > 0;)
      t[i][j] = a[i] == b[j] ? t[i + 1][j + 1] + 1 : std::max(t[i + 1][j], t[i][j + 1]);
  return t;
}

// The shortest common supersequence of master and seq (master's order first on ties).
Pattern merge(const Pattern& master, const Pattern& seq) {
  if (master.empty()) return seq;
  if (too_large(master, seq)) return master;  // its calls are fitted in where they can be (embed)
  const auto t = lcs_table(master, seq);
  Pattern out;
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
std::vector<int> embed(const Pattern& master, const Pattern& seq) {
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
  const std::size_t stride = std::max<std::size_t>(1, (out.runs + kMaxOwnTimeSamples - 1) / kMaxOwnTimeSamples);
  out.own_time.assign(1, std::vector<std::int64_t>((out.runs + stride - 1) / stride, 0));
  std::vector<std::size_t> seen_in;  // per slot: the last run that made it (+1)
  for (std::size_t r = 0; r < runs.size(); ++r) {
    std::int64_t own = 0;
    for (const std::int64_t g : runs[r].gaps) own += g;
    if (r % stride == 0) out.own_time[0][r / stride] = own;
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
  for (std::size_t l = 0; l < leaf_durations.size(); ++l)
    if ((runs.size() + l) % stride == 0) out.own_time[0][(runs.size() + l) / stride] = leaf_durations[l];
  for (std::size_t k = 0; k < out.slots.size(); ++k) {
    Slot& s = out.slots[k];
    const double mean = static_cast<double>(calls[k]) / static_cast<double>(s.runs);
    s.repeat = std::clamp(static_cast<int>(mean + 0.5), 1, 1000);
    s.repeat_min = s.repeat_max = s.repeat;
    s.runs_with_repeat = s.runs;
  }
  out.own_time.resize(out.slots.size() + 1, std::vector<std::int64_t>(out.own_time[0].size(), 0));
  out.own_time_runs.assign(out.own_time.size(), out.runs);
  return out;
}

}  // namespace

StepTemplate build_step_template(const std::vector<Execution>& runs, const std::vector<std::int64_t>& leaf_durations) {
  StepTemplate out;
  out.runs = runs.size() + leaf_durations.size();
  // Pass 1: each run's pattern (its groups' keys, as numbers), counted; a run keeps only its pattern's number.
  std::map<Key, std::uint32_t> key_ids;
  std::vector<Key> key_of;
  std::map<std::vector<std::uint32_t>, std::uint32_t> pattern_ids;
  std::vector<std::uint64_t> pattern_count;
  std::vector<const std::vector<std::uint32_t>*> pattern_of_id;
  std::vector<std::uint32_t> run_pattern(runs.size());
  const auto add_pattern = [&](std::vector<std::uint32_t> pattern, std::uint64_t n) {
    const auto [it, added] = pattern_ids.emplace(std::move(pattern), static_cast<std::uint32_t>(pattern_count.size()));
    if (added) {
      pattern_count.push_back(0);
      pattern_of_id.push_back(&it->first);
    }
    pattern_count[it->second] += n;
    return it->second;
  };
  for (std::size_t r = 0; r < runs.size(); ++r) {
    std::int64_t after = 0;
    std::vector<std::uint32_t> pattern;
    for (const Token& t : tokens_of(runs[r], after)) {
      const auto [it, added] = key_ids.emplace(t.key, static_cast<std::uint32_t>(key_of.size()));
      if (added) key_of.push_back(t.key);
      pattern.push_back(it->second);
    }
    run_pattern[r] = add_pattern(std::move(pattern), 1);
  }
  if (!leaf_durations.empty()) add_pattern({}, leaf_durations.size());
  // The most frequent patterns first (ties: the map's order), so that common runs shape the sequence.
  std::vector<std::pair<std::uint64_t, const std::vector<std::uint32_t>*>> ranked;
  for (const auto& [pattern, id] : pattern_ids) ranked.emplace_back(pattern_count[id], &pattern);
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::uint32_t> master;
  for (std::size_t p = 0; p < ranked.size() && p < kMaxPatterns; ++p) master = merge(master, *ranked[p].second);
  if (master.size() > kMaxSlots) return aggregate(runs, leaf_durations);

  // Pass 2: each run's groups into the slots; own time of every stride-th run (at most kMaxOwnTimeSamples).
  const std::size_t slots = master.size();
  out.slots.resize(slots);
  for (std::size_t k = 0; k < slots; ++k) out.slots[k].targets = key_of[master[k]];
  const std::size_t stride = std::max<std::size_t>(1, (out.runs + kMaxOwnTimeSamples - 1) / kMaxOwnTimeSamples);
  const std::size_t samples = (out.runs + stride - 1) / stride;
  out.own_time.assign(slots + 1, std::vector<std::int64_t>(samples, 0));
  // Own time of the runs that made both slots around a place (the run's start and end count as made).
  std::vector<std::vector<std::int64_t>> separate(slots + 1);
  std::vector<std::uint64_t> separate_runs(slots + 1, 0);
  for (std::size_t l = 0; l < leaf_durations.size(); ++l) {
    if ((runs.size() + l) % stride == 0) out.own_time[slots][(runs.size() + l) / stride] = leaf_durations[l];
    if (slots == 0) {
      ++separate_runs[0];
      if ((runs.size() + l) % stride == 0) separate[0].push_back(leaf_durations[l]);
    }
  }
  std::vector<std::map<int, std::uint64_t>> repeats(slots);
  std::vector<std::vector<int>> embeddings(pattern_count.size());
  std::vector<bool> embedded(pattern_count.size(), false);
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const std::uint32_t p = run_pattern[r];
    if (!embedded[p]) {
      embeddings[p] = embed(master, *pattern_of_id[p]);
      embedded[p] = true;
    }
    const std::vector<int>& at = embeddings[p];
    std::int64_t after = 0;
    const std::vector<Token> tokens = tokens_of(runs[r], after);
    const bool sampled = r % stride == 0;
    std::int64_t carried = 0;  // own time of tokens that fit no slot, and inside repeats, moves on
    std::size_t next = 0;      // the place right after the last slot made (0: the run's start)
    bool dropped = false;      // a token that fits no slot lies since then
    const auto place = [&](std::size_t k, std::int64_t own) {
      if (sampled) out.own_time[k][r / stride] += own;
      if (k != next || dropped) return;
      ++separate_runs[k];
      if (sampled) separate[k].push_back(own);
    };
    for (std::size_t j = 0; j < tokens.size(); ++j) {
      const Token& t = tokens[j];
      if (at[j] < 0) {
        ++out.dropped_groups;
        carried += t.own_before + t.own_inside;
        dropped = true;
        continue;
      }
      const auto k = static_cast<std::size_t>(at[j]);
      place(k, carried + t.own_before);
      carried = t.own_inside;
      next = k + 1;
      dropped = false;
      ++out.slots[k].runs;
      ++repeats[k][t.count];
    }
    place(slots, carried + after);
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
  // Places with enough runs that made both slots around them take only those runs' own time.
  out.own_time_runs.assign(slots + 1, out.runs);
  for (std::size_t k = 0; k <= slots; ++k) {
    if (separate[k].size() < kMinSeparateSamples && separate[k].size() < samples) continue;
    out.own_time[k] = std::move(separate[k]);
    out.own_time_runs[k] = separate_runs[k];
  }
  // Slots no run landed in (possible only when patterns beyond kMaxPatterns were fitted) are dropped;
  // no run made both slots around the places beside them, so those hold every run's samples.
  for (std::size_t k = slots; k-- > 0;)
    if (out.slots[k].runs == 0) {
      for (std::size_t r = 0; r < samples; ++r) out.own_time[k + 1][r] += out.own_time[k][r];
      out.slots.erase(out.slots.begin() + static_cast<std::ptrdiff_t>(k));
      out.own_time.erase(out.own_time.begin() + static_cast<std::ptrdiff_t>(k));
      out.own_time_runs.erase(out.own_time_runs.begin() + static_cast<std::ptrdiff_t>(k));
    }
  return out;
}

}  // namespace svcsim::trace_import
