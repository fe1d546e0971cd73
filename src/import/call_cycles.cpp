// Cutting call cycles out of the step templates (see call_cycles.hpp): an
// iterative depth-first search; an edge to an endpoint still on the path
// closes a cycle.
#include "import/call_cycles.hpp"

#include <algorithm>

namespace svcsim::trace_import {

std::uint64_t cut_call_cycles(std::vector<StepTemplate>& templates, const std::vector<EndpointId>& order) {
  enum : std::uint8_t { unseen, on_path, done };
  std::vector<std::uint8_t> state(templates.size(), unseen);
  std::uint64_t cut = 0;
  struct Frame {
    EndpointId id;
    std::size_t slot = 0, target = 0;
  };
  for (const EndpointId start : order) {
    if (state[start] != unseen) continue;
    std::vector<Frame> stack{{start}};
    state[start] = on_path;
    while (!stack.empty()) {
      Frame& f = stack.back();
      auto& slots = templates[f.id].slots;
      if (f.slot >= slots.size()) {
        state[f.id] = done;
        stack.pop_back();
        continue;
      }
      auto& targets = slots[f.slot].targets;
      if (f.target >= targets.size()) {
        ++f.slot;
        f.target = 0;
        continue;
      }
      const EndpointId next = targets[f.target];
      if (state[next] == on_path) {
        targets.erase(targets.begin() + static_cast<std::ptrdiff_t>(f.target));
        ++cut;
        continue;
      }
      ++f.target;
      if (state[next] == unseen) {
        state[next] = on_path;
        stack.push_back({next});
      }
    }
  }
  // Slots left without a call go; their own time moves to the next place.
  for (StepTemplate& t : templates)
    for (std::size_t k = t.slots.size(); k-- > 0;)
      if (t.slots[k].targets.empty()) {
        for (std::size_t r = 0; r < t.own_time[k].size(); ++r) t.own_time[k + 1][r] += t.own_time[k][r];
        t.slots.erase(t.slots.begin() + static_cast<std::ptrdiff_t>(k));
        t.own_time.erase(t.own_time.begin() + static_cast<std::ptrdiff_t>(k));
      }
  return cut;
}

}  // namespace svcsim::trace_import
