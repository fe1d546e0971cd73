// Visit ratios (see visits.hpp): callers before callees, each program passes
// its own visits times the expected calls per run to every callee. Only the
// programs a workload reaches are visited, in the same order (and so with the
// same sums, bit for bit) as a pass over every program would take.
#include "analysis/visits.hpp"

#include <algorithm>

namespace svcsim::detail {

VisitTable program_visits(const ModelSet& set) {
  const std::size_t programs = set.models.size();
  const std::size_t workloads = set.programs.workload_site.size();
  std::vector<std::uint32_t> rank(programs, 0);  // position in callees_first
  for (std::uint32_t i = 0; i < set.callees_first.size(); ++i) rank[set.callees_first[i]] = i;
  std::vector<double> v(programs, 0.0);              // the current workload's visits, zero between workloads
  std::vector<std::size_t> seen(programs, workloads);  // the last workload that reached each program
  std::vector<std::uint32_t> reached;
  VisitTable visits(workloads);
  for (std::size_t w = 0; w < workloads; ++w) {
    const std::uint32_t entry = set.programs.sites[set.programs.workload_site[w]].program;
    reached.assign(1, entry);
    seen[entry] = w;
    for (std::size_t i = 0; i < reached.size(); ++i)
      for (const SiteCount& c : set.calls[reached[i]]) {
        const std::uint32_t callee = set.programs.sites[c.site].program;
        if (seen[callee] != w) seen[callee] = w, reached.push_back(callee);
      }
    // Callers before callees: the reverse of callees_first.
    std::sort(reached.begin(), reached.end(), [&](std::uint32_t a, std::uint32_t b) { return rank[a] > rank[b]; });
    v[entry] = 1.0;
    for (const std::uint32_t p : reached) {
      if (v[p] == 0) continue;
      for (const SiteCount& c : set.calls[p]) v[set.programs.sites[c.site].program] += v[p] * c.count;
    }
    std::sort(reached.begin(), reached.end());
    std::vector<ProgramVisits>& row = visits[w];
    row.reserve(reached.size());
    for (const std::uint32_t p : reached) {
      row.push_back({p, v[p]});
      v[p] = 0.0;
    }
  }
  return visits;
}

std::vector<double> dense_visits(const ModelSet& set, const VisitTable& visits, std::size_t w) {
  std::vector<double> out(set.models.size(), 0.0);
  for (const ProgramVisits& pv : visits[w]) out[pv.program] = pv.visits;
  return out;
}

// Workloads in order, as the dense sum went; the terms left out were rate x 0.
std::vector<double> program_flows(const ModelSet& set, const VisitTable& visits, const std::vector<double>& rates) {
  std::vector<double> flow(set.models.size(), 0.0);
  for (std::size_t w = 0; w < visits.size(); ++w)
    for (const ProgramVisits& pv : visits[w]) flow[pv.program] += rates[w] * pv.visits;
  return flow;
}

// Each node's sum over its programs in ascending program order, as the dense
// sum went; workloads in ascending order, so each node's entries are sorted.
std::vector<WorkloadFigures> node_visits(const ModelSet& set, const VisitTable& visits, std::size_t nodes) {
  std::vector<WorkloadFigures> out(nodes);
  for (std::size_t w = 0; w < visits.size(); ++w)
    for (const ProgramVisits& pv : visits[w]) {
      std::vector<WorkloadFigures::Entry>& e = out[set.models[pv.program].node].entries;
      if (e.empty() || e.back().workload != w) e.push_back({w, 0.0});
      e.back().value += pv.visits;
    }
  return out;
}

}  // namespace svcsim::detail
