// Reads the flat programs of the build stage back into step trees (see
// program_model.hpp). The code of one program is contiguous and a `choose` is
// laid out as: choose, branch 0, jump end, branch 1, jump end, …; so a walk
// that stops at the first `jump` or `end` of its own level recovers the tree.
#include "analysis/program_model.hpp"

#include <algorithm>
#include <stdexcept>

#include "analysis/cache_model.hpp"

namespace svcsim::detail {
namespace {

class Reader {
 public:
  Reader(const Scenario& scenario, ModelSet& set) : scenario_(scenario), set_(set) {}

  /// Reads steps from `pc` to the first `jump` or `end` of this level and
  /// returns that instruction's pc. `free` is the probability that the worker
  /// is not held (updated through the steps).
  std::uint32_t read(std::uint32_t program, std::uint32_t pc, std::vector<ModelStep>& out, double& free) {
    const ProgramSet& ps = set_.programs;
    for (;; ++pc) {
      if (pc >= ps.code.size()) throw std::logic_error("program runs past the end of the code");
      const Instr& in = ps.code[pc];
      ModelStep step;
      switch (in.op) {
        case Op::end:
        case Op::jump:
          return pc;
        case Op::work:
          step.kind = ModelStep::Kind::work;
          step.index = in.a;
          step.acquire = free;
          free = 0;
          break;
        case Op::call:
          step.kind = ModelStep::Kind::call;
          step.index = in.a;
          free += (1 - free) * ps.sites[in.a].probability;
          break;
        case Op::parallel: {
          step.kind = ModelStep::Kind::parallel;
          step.sites.assign(ps.site_lists.begin() + in.a, ps.site_lists.begin() + in.a + in.b);
          step.wait_for = in.c;
          double none_sent = 1;
          for (const std::uint32_t site : step.sites) none_sent *= 1 - ps.sites[site].probability;
          free += (1 - free) * (1 - none_sent);
          set_.has_parallel = true;
          break;
        }
        case Op::cache_insert:
          continue;  // bookkeeping of a keyed cache: no time, no call
        case Op::cache_lookup: {
          if (in.a == kNone) continue;  // a hit is certain: nothing to model
          const Node& node = scenario_.nodes[ps.program_node[program]];
          step.kind = ModelStep::Kind::cache_miss;
          step.index = in.a;
          // A fixed hit ratio as the engine draws it; with capacity, the steady
          // state under the workloads' catalog (cache_model.hpp).
          step.miss = 1.0 - std::clamp(predicted_hit_ratio(scenario_, node), 0.0, 1.0);
          free += (1 - free) * step.miss;
          break;
        }
        case Op::choose: {
          step.kind = ModelStep::Kind::choose;
          set_.has_choose = true;
          double previous = 0;
          double free_after = 0;
          std::uint32_t end = pc;
          for (std::uint32_t i = 0; i < in.b; ++i) {
            const Choice& choice = ps.choices[in.a + i];
            ModelBranch branch;
            branch.probability = choice.cumulative - previous;
            previous = choice.cumulative;
            double branch_free = free;
            const std::uint32_t jump = read(program, choice.pc, branch.steps, branch_free);
            if (ps.code[jump].op != Op::jump) throw std::logic_error("choose branch without its jump");
            end = ps.code[jump].a;
            free_after += branch.probability * branch_free;
            step.branches.push_back(std::move(branch));
          }
          free = free_after;
          out.push_back(std::move(step));
          pc = end - 1;  // the loop's ++pc lands on the instruction after the choose
          continue;
        }
      }
      out.push_back(std::move(step));
    }
  }

 private:
  const Scenario& scenario_;
  ModelSet& set_;
};

/// Expected calls per site and mean work, through the tree, times `weight`.
void tally(const ModelSet& set, const std::vector<ModelStep>& steps, double weight, std::vector<SiteCount>& calls,
           double& work, double& acquisitions) {
  const ProgramSet& ps = set.programs;
  for (const ModelStep& s : steps) {
    switch (s.kind) {
      case ModelStep::Kind::work:
        work += weight * ps.distributions[s.index].mean_seconds();
        acquisitions += weight * s.acquire;
        break;
      case ModelStep::Kind::call: {
        const CallSite& site = ps.sites[s.index];
        calls.push_back({s.index, weight * site.probability * site.repeat});
        break;
      }
      case ModelStep::Kind::parallel:
        // As the engine: each call of a parallel step is sent once (repeat does not apply).
        for (const std::uint32_t site : s.sites) calls.push_back({site, weight * ps.sites[site].probability});
        break;
      case ModelStep::Kind::cache_miss:
        calls.push_back({s.index, weight * s.miss});
        break;
      case ModelStep::Kind::choose:
        for (const ModelBranch& b : s.branches) tally(set, b.steps, weight * b.probability, calls, work, acquisitions);
        break;
    }
  }
}

/// Depth-first post-order over the program call graph (acyclic: the loader
/// rejects endpoint cycles), so every callee comes before its callers.
void order_callees_first(ModelSet& set) {
  const std::size_t n = set.models.size();
  std::vector<std::uint8_t> state(n, 0);  // 0 new, 1 on the stack, 2 done
  for (std::uint32_t root = 0; root < n; ++root) {
    if (state[root] != 0) continue;
    std::vector<std::pair<std::uint32_t, std::size_t>> stack{{root, 0}};
    state[root] = 1;
    while (!stack.empty()) {
      auto& [p, next] = stack.back();
      if (next < set.calls[p].size()) {
        const std::uint32_t callee = set.programs.sites[set.calls[p][next++].site].program;
        if (state[callee] == 1) throw std::logic_error("call cycle in the programs");
        if (state[callee] == 0) {
          state[callee] = 1;
          stack.emplace_back(callee, 0);
        }
        continue;
      }
      state[p] = 2;
      set.callees_first.push_back(p);
      stack.pop_back();
    }
  }
}

}  // namespace

ModelSet build_model(const Scenario& scenario) {
  ModelSet set;
  set.programs = build_programs(scenario);
  const std::size_t n = set.programs.program_start.size();
  set.models.resize(n);
  set.calls.resize(n);
  set.work_s.assign(n, 0.0);
  set.acquisitions.assign(n, 0.0);
  Reader reader(scenario, set);
  set.node_programs.resize(scenario.nodes.size());
  for (std::uint32_t p = 0; p < n; ++p) {
    set.models[p].node = set.programs.program_node[p];
    set.node_programs[set.models[p].node].push_back(p);
    double free = 1.0;
    const std::uint32_t last = reader.read(p, set.programs.program_start[p], set.models[p].steps, free);
    if (set.programs.code[last].op != Op::end) throw std::logic_error("program does not end with 'end'");
    tally(set, set.models[p].steps, 1.0, set.calls[p], set.work_s[p], set.acquisitions[p]);
  }
  for (const Link& link : set.programs.links) set.link_mean_s.push_back(link.latency.mean_seconds());
  order_callees_first(set);
  return set;
}

}  // namespace svcsim::detail
