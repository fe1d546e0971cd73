// call_edges (see svcsim/analysis.hpp): the call sites of the build stage's
// programs, as edges between node names, with the probability that each call
// is made per run of the caller's endpoint (choose weights included).
#include <algorithm>
#include <set>
#include <tuple>

#include "analysis/program_model.hpp"
#include "svcsim/analysis.hpp"

namespace svcsim {
namespace {

using namespace detail;

std::string endpoint_of(const ProgramSet& ps, std::uint32_t program) {
  const std::string& full = ps.program_name[program];
  const auto dot = full.find('.');
  return dot == std::string::npos ? full : full.substr(dot + 1);
}

class EdgeCollector {
 public:
  EdgeCollector(const Scenario& s, const ModelSet& set) : s_(s), set_(set) {}

  void program(std::uint32_t p) { steps(set_.models[p].node, set_.models[p].steps, 1.0); }

  std::vector<CallEdge> take() { return std::move(edges_); }

 private:
  void steps(std::uint32_t node, const std::vector<ModelStep>& list, double weight) {
    const ProgramSet& ps = set_.programs;
    for (const ModelStep& st : list) {
      switch (st.kind) {
        case ModelStep::Kind::work:
          break;
        case ModelStep::Kind::call:
          add(node, st.index, weight * ps.sites[st.index].probability, ps.sites[st.index].repeat, false, false);
          break;
        case ModelStep::Kind::parallel:
          for (const std::uint32_t site : st.sites) add(node, site, weight * ps.sites[site].probability, 1, true, false);
          break;
        case ModelStep::Kind::cache_miss:
          add(node, st.index, weight * st.miss, 1, false, true);
          break;
        case ModelStep::Kind::choose:
          for (const ModelBranch& b : st.branches) steps(node, b.steps, weight * b.probability);
          break;
      }
    }
  }

  void add(std::uint32_t from, std::uint32_t site_id, double probability, int repeat, bool parallel, bool miss) {
    const CallSite& site = set_.programs.sites[site_id];
    CallEdge e;
    e.from = s_.nodes[from].name;
    e.to = s_.nodes[site.node].name;
    e.endpoint = endpoint_of(set_.programs, site.program);
    e.probability = probability;
    e.repeat = repeat;
    e.optional = site.optional;
    e.parallel = parallel;
    e.cache_miss = miss;
    edges_.push_back(std::move(e));
  }

  const Scenario& s_;
  const ModelSet& set_;
  std::vector<CallEdge> edges_;
};

auto key(const CallEdge& e) {
  return std::tie(e.from, e.to, e.endpoint, e.workload, e.probability, e.repeat, e.optional, e.parallel, e.cache_miss);
}

}  // namespace

std::vector<CallEdge> call_edges(const Scenario& scenario) {
  const ModelSet set = build_model(scenario);
  std::vector<CallEdge> edges;
  for (std::size_t w = 0; w < scenario.workloads.size(); ++w) {
    const CallSite& site = set.programs.sites[set.programs.workload_site[w]];
    CallEdge e;
    e.from = kClientName;
    e.to = scenario.nodes[site.node].name;
    e.endpoint = endpoint_of(set.programs, site.program);
    e.workload = scenario.workloads[w].name;
    edges.push_back(std::move(e));
  }
  // Callers in the order their programs were compiled (breadth-first from the
  // workloads), so the diagram reads from the entry inwards.
  EdgeCollector collector(scenario, set);
  for (std::uint32_t p = 0; p < set.models.size(); ++p) collector.program(p);
  std::vector<CallEdge> calls = collector.take();
  // One edge per distinct call: two endpoints making the same call draw it
  // once. The first of each is kept, in order; a set of the kept ones by key
  // finds repeats (a search of the list was quadratic: issue 14).
  std::vector<CallEdge> distinct;
  const auto before = [&distinct](std::size_t a, std::size_t b) { return key(distinct[a]) < key(distinct[b]); };
  std::set<std::size_t, decltype(before)> kept(before);
  for (CallEdge& e : calls) {
    distinct.push_back(std::move(e));
    if (!kept.insert(distinct.size() - 1).second) distinct.pop_back();
  }
  edges.insert(edges.end(), std::make_move_iterator(distinct.begin()), std::make_move_iterator(distinct.end()));
  return edges;
}

}  // namespace svcsim
